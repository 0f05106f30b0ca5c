"""HttpClient against a real HTTP server on 127.0.0.1 (the only tests that allow private addresses)."""

from __future__ import annotations

import gzip
import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from pipelines.lib.documents import parse_document
from pipelines.lib.sources.catalog import SourceSpec
from pipelines.lib.sources.fetch import PriorFetch, collect
from pipelines.lib.sources.http import DEFAULT_USER_AGENT, HttpClient


@pytest.fixture(scope="module")
def server():
    srv = HTTPServer(host="127.0.0.1", threaded=True)
    srv.start()
    yield srv
    srv.clear()
    if srv.is_running():
        srv.stop()


@pytest.fixture
def httpserver(server):
    server.clear()
    server.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nAllow: /\n", content_type="text/plain"
    )
    yield server
    server.clear()


def client(**kw) -> HttpClient:
    """A fast client for loopback fixtures: private addresses allowed, no rate-limit waits, short backoff."""
    options = {"allow_private": True, "default_rate_limit": 1000.0, "backoff": 0.05, "deadline": 5.0}
    options.update(kw)
    return HttpClient(**options)


def paths(server: HTTPServer) -> list[str]:
    return [req.path for req, _ in server.log]


def spec(url: str, kind: str = "page", **kw) -> SourceSpec:
    fields = {
        "id": "fixture",
        "name": "fixture",
        "kind": kind,
        "url": url,
        "path": None,
        "language": "en",
        "government": None,
        "agency": None,
        "publisher_type": "news",
        "rate_limit": 1000.0,
        "max_pages": 10,
        "link_pattern": None,
        "schedule": "manual",
        "charset": None,
        "allow_private": True,
    }
    fields.update(kw)
    return SourceSpec(**fields)


def test_page_fetch_sends_user_agent_and_keeps_metadata(httpserver):
    httpserver.expect_request("/news/a.html").respond_with_data(
        "<html><body><p>A page.</p></body></html>",
        content_type="text/html; charset=utf-8",
        headers={"ETag": '"abc"', "Last-Modified": "Fri, 26 Dec 2025 01:00:00 GMT"},
    )
    result = client().get(httpserver.url_for("/news/a.html"))
    assert result.error is None and result.status == 200
    assert result.body == b"<html><body><p>A page.</p></body></html>"
    assert (result.charset, result.etag) == ("utf-8", '"abc"')
    assert result.last_modified == "Fri, 26 Dec 2025 01:00:00 GMT"
    request = httpserver.log[-1][0]
    assert request.headers["User-Agent"] == DEFAULT_USER_AGENT
    assert "budgetwatch@example.org" in DEFAULT_USER_AGENT


def test_feed_and_its_items(httpserver):
    items = [httpserver.url_for(f"/items/{i}.html") for i in (1, 2)]
    feed = (
        "<rss version='2.0'><channel><title>F</title>"
        + "".join(f"<item><title>Item {i}</title><link>{u}</link></item>" for i, u in enumerate(items, 1))
        + "</channel></rss>"
    )
    httpserver.expect_request("/feed.xml").respond_with_data(feed, content_type="application/rss+xml")
    for i in (1, 2):
        httpserver.expect_request(f"/items/{i}.html").respond_with_data(
            f"<p>item {i}</p>", content_type="text/html"
        )
    results = list(collect(spec(httpserver.url_for("/feed.xml"), "feed"), client(), {}))
    assert [r.url for r in results] == [httpserver.url_for("/feed.xml"), *items]
    assert all(r.error is None for r in results)
    assert results[2].body == b"<p>item 2</p>"


def test_drip_feed_stops_at_the_deadline(httpserver):
    def drip(request: Request) -> Response:
        def body():
            for _ in range(40):
                yield b"x"
                time.sleep(0.15)

        return Response(body(), content_type="text/html")

    httpserver.expect_request("/drip").respond_with_handler(drip)
    deadline = 1.0
    started = time.monotonic()
    result = client(deadline=deadline, read_timeout=0.5, retries=0).get(httpserver.url_for("/drip"))
    elapsed = time.monotonic() - started
    assert "deadline" in result.error
    assert result.body is None
    assert elapsed < deadline + 0.5


def test_503_with_retry_after_then_200(httpserver):
    httpserver.expect_oneshot_request("/busy").respond_with_data(
        "busy", status=503, headers={"Retry-After": "1"}
    )
    httpserver.expect_request("/busy").respond_with_data("done", content_type="text/plain")
    c = client()
    started = time.monotonic()
    result = c.get(httpserver.url_for("/busy"))
    assert result.error is None and result.body == b"done"
    assert time.monotonic() - started >= 0.95  # waited as Retry-After asked, not the 0.05 s backoff
    assert paths(httpserver).count("/busy") == 2
    assert c.retry_budget == 19


def test_retry_budget_is_shared_across_urls(httpserver):
    httpserver.expect_request("/down").respond_with_data("no", status=502)
    c = client(retries=3, retry_budget=4)
    first = c.get(httpserver.url_for("/down"))
    second = c.get(httpserver.url_for("/down"))
    assert "after 3 retries" in first.error and first.status == 502
    assert "retry budget" in second.error
    assert paths(httpserver).count("/down") == 4 + 2


def test_retry_after_past_the_deadline_gives_up_at_once(httpserver):
    httpserver.expect_request("/later").respond_with_data("", status=429, headers={"Retry-After": "3600"})
    started = time.monotonic()
    result = client(deadline=3.0).get(httpserver.url_for("/later"))
    assert "would pass the deadline" in result.error and result.status == 429
    assert time.monotonic() - started < 1.0


def test_gzip_bomb_stops_at_the_decoded_cap(httpserver):
    bomb = gzip.compress(b"\0" * (64 * 2**20), compresslevel=9)
    assert len(bomb) < 2**20
    httpserver.expect_request("/bomb").respond_with_data(
        bomb, headers={"Content-Encoding": "gzip"}, content_type="text/html"
    )
    result = client(max_bytes=2**20).get(httpserver.url_for("/bomb"))
    assert "exceeds the cap of 1048576 bytes (decoded)" in result.error
    assert result.body is None


def test_body_under_the_cap_is_decoded(httpserver):
    httpserver.expect_request("/gz").respond_with_data(
        gzip.compress(b"<p>small</p>"), headers={"Content-Encoding": "gzip"}, content_type="text/html"
    )
    assert client(max_bytes=2**20).get(httpserver.url_for("/gz")).body == b"<p>small</p>"


def test_redirect_chain_of_six_is_refused(httpserver):
    for i in range(6):
        httpserver.expect_request(f"/r{i}").respond_with_data(
            "", status=302, headers={"Location": f"/r{i + 1}"}
        )
    httpserver.expect_request("/r6").respond_with_data("end")
    result = client().get(httpserver.url_for("/r0"))
    assert "too many redirects" in result.error
    assert paths(httpserver) == ["/robots.txt", "/r0", "/r1", "/r2", "/r3", "/r4", "/r5"]


def test_redirect_chain_of_five_is_followed(httpserver):
    for i in range(5):
        httpserver.expect_request(f"/s{i}").respond_with_data(
            "", status=301, headers={"Location": f"/s{i + 1}"}
        )
    httpserver.expect_request("/s5").respond_with_data("end")
    result = client().get(httpserver.url_for("/s0"))
    assert result.body == b"end" and result.final_url == httpserver.url_for("/s5")


@pytest.mark.parametrize(
    "target",
    ["http://localhost:{port}/secret", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/admin"],
)
def test_redirect_to_a_private_address_is_refused(httpserver, monkeypatch, target):
    """allow_private covers only the host named in the fetched URL (127.0.0.1 here); a redirect to
    another host that resolves to a private address is refused, even the same server as 'localhost'."""
    location = target.format(port=httpserver.port)
    httpserver.expect_request("/go").respond_with_data("", status=302, headers={"Location": location})
    httpserver.expect_request("/secret").respond_with_data("secret")
    result = client().get(httpserver.url_for("/go"))
    assert "network guard" in result.error
    assert "/secret" not in paths(httpserver)
    # the same URL fetched directly, with the fixture's permission, is served: the refusal above is the guard
    assert client().get(httpserver.url_for("/secret")).body == b"secret"


def test_robots_disallow_means_zero_requests_to_the_path(server):
    server.clear()
    server.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /private/\n", content_type="text/plain"
    )
    server.expect_request("/private/budget.html").respond_with_data("no")
    server.expect_request("/public.html").respond_with_data("yes")
    c = client()
    blocked = c.get(server.url_for("/private/budget.html"))
    allowed = c.get(server.url_for("/public.html"))
    assert "disallowed by robots.txt" in blocked.error
    assert allowed.body == b"yes"
    assert not any(p.startswith("/private") for p in paths(server))
    assert paths(server).count("/robots.txt") == 1  # cached per host
    assert server.log[0][0].headers["User-Agent"] == DEFAULT_USER_AGENT  # robots.txt fetched with our session


def test_robots_crawl_delay_spaces_requests(server):
    server.clear()
    server.expect_request("/robots.txt").respond_with_data("User-agent: *\nCrawl-delay: 1\n")
    server.expect_request("/a").respond_with_data("a")
    c = client()
    started = time.monotonic()
    c.get(server.url_for("/a"))
    c.get(server.url_for("/a"))
    assert time.monotonic() - started >= 1.9  # robots.txt, then /a one second later, then /a again


def test_robots_5xx_blocks_the_host(server):
    server.clear()
    server.expect_request("/robots.txt").respond_with_data("down", status=503)
    server.expect_request("/a").respond_with_data("a")
    result = client(retries=0).get(server.url_for("/a"))
    assert "robots.txt answered HTTP 503" in result.error
    assert "/a" not in paths(server)


def test_per_host_rate_limit(httpserver):
    httpserver.expect_request("/x").respond_with_data("x")
    c = client(obey_robots=False)
    started = time.monotonic()
    for _ in range(3):
        assert c.get(httpserver.url_for("/x"), rate_limit=4.0).error is None
    assert time.monotonic() - started >= 0.45  # 3 requests at 4/s: two waits of 0.25 s


def test_shift_jis_page_with_cp932_characters(httpserver):
    page = (
        '<html><head><meta charset="Shift_JIS"><title>予算</title></head><body><article>'
        "<h1>髙市大臣、半導体に重点</h1><p>①政府は令和8年度予算案で半導体・AI分野に1兆2390億円を計上した。"
        "前年度の約3倍となる。</p></article></body></html>"
    ).encode("cp932")
    httpserver.expect_request("/sjis.html").respond_with_data(
        page, content_type="text/html; charset=Shift_JIS"
    )
    httpserver.expect_request("/sjis-noheader.html").respond_with_data(page, content_type="text/html")
    c = client()
    for path in ("/sjis.html", "/sjis-noheader.html"):
        result = c.get(httpserver.url_for(path))
        doc = parse_document(result.body, content_type=result.content_type, url=result.url)
        assert "1兆2390億円" in doc.text, path
        assert "①" in doc.text and "髙市大臣" in doc.title


def test_304_on_the_second_fetch(httpserver):
    def conditional(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response("<p>v1</p>", content_type="text/html", headers={"ETag": '"v1"'})

    httpserver.expect_request("/page").respond_with_handler(conditional)
    source = spec(httpserver.url_for("/page"))
    c = client()
    (first,) = collect(source, c, {})
    (second,) = collect(source, c, {first.url: PriorFetch(etag=first.etag)})
    assert first.body == b"<p>v1</p>" and not first.not_modified
    assert second.not_modified and second.status == 304 and second.body is None and second.error is None


def test_404_500_and_timeout_are_errors_and_the_run_goes_on(httpserver):
    def slow(request: Request) -> Response:
        time.sleep(1.5)
        return Response("late")

    links = ["/gone", "/broken", "/slow", "/fine"]
    index = "".join(f'<a href="{p}">{p}</a>' for p in links)
    httpserver.expect_request("/").respond_with_data(
        f"<html><body>{index}</body></html>", content_type="text/html"
    )
    httpserver.expect_request("/gone").respond_with_data("missing", status=404)
    httpserver.expect_request("/broken").respond_with_data("oops", status=500)
    httpserver.expect_request("/slow").respond_with_handler(slow)
    httpserver.expect_request("/fine").respond_with_data("<p>fine</p>", content_type="text/html")
    source = spec(httpserver.url_for("/"), "index", link_pattern="/(gone|broken|slow|fine)$")
    results = list(collect(source, client(retries=1, read_timeout=0.5), {}))
    by_path = {r.url.rsplit("/", 1)[-1]: r for r in results}
    assert by_path["gone"].status == 404 and by_path["gone"].error == "HTTP 404"
    assert by_path["broken"].status == 500 and "HTTP 500" in by_path["broken"].error
    assert "timed out" in by_path["slow"].error
    assert by_path["fine"].body == b"<p>fine</p>" and by_path["fine"].error is None

"""collect() over the snapshot client: feeds and their items, index pages, folders, errors, 304s."""

from __future__ import annotations

from pathlib import Path

import yaml

from pipelines.lib.sources import PriorFetch, SnapshotClient, collect, content_hash, load_catalog

ROOT = Path(__file__).resolve().parents[1]

FEED = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Policy</title>
<item><title>One</title><link>https://news.test.example/a/one.html</link></item>
<item><title>Two</title><link>https://news.test.example/a/two.html</link></item>
<item><title>Gone</title><link>https://news.test.example/a/missing.html</link></item>
<item><title>Three</title><link>https://news.test.example/a/three.html</link></item>
</channel></rss>"""

INDEX = """<html><body><h1>Policy</h1>
<a href="/policy/us/award-one/">award</a> <a href="/policy/us/award-two/">award 2</a>
<a href="/about/">about</a> <a href="https://elsewhere.example/policy/us/x/">other host</a>
<a href="/policy/us/award-one/#comments">dup</a></body></html>"""


def _pack(tmp_path: Path, sources: list[dict]) -> Path:
    mirror = tmp_path / "mirror" / "news.test.example"
    (mirror / "a").mkdir(parents=True)
    (mirror / "feed.xml").write_text(FEED, encoding="utf-8")
    for name in ("one", "two", "three"):
        (mirror / "a" / f"{name}.html").write_text(f"<html><body><p>{name} 5 billion yen</p></body></html>")
    (mirror / "policy" / "us" / "award-one").mkdir(parents=True)
    (mirror / "policy" / "us" / "award-two").mkdir(parents=True)
    (mirror / "policy" / "index.html").write_text(INDEX)
    (mirror / "policy" / "us" / "award-one" / "index.html").write_text("<p>award one</p>")
    (mirror / "policy" / "us" / "award-two" / "index.html").write_text("<p>award two</p>")
    drop = tmp_path / "drop"
    (drop / "sub").mkdir(parents=True)
    (drop / "b.txt").write_text("b text")
    (drop / "a.html").write_text("<p>a</p>")
    (drop / "sub" / "c.pdf").write_bytes(b"%PDF-1.4")
    (drop / "ignored.docx").write_bytes(b"PK")
    path = tmp_path / "cat.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "name": "t", "snapshot_dir": "mirror", "sources": sources}))
    return path


SOURCES = [
    {"id": "feed", "name": "F", "kind": "feed", "url": "https://news.test.example/feed.xml", "max_pages": 10},
    {
        "id": "feed-capped",
        "name": "F2",
        "kind": "feed",
        "url": "https://news.test.example/feed.xml",
        "max_pages": 2,
    },
    {
        "id": "index",
        "name": "I",
        "kind": "index",
        "url": "https://news.test.example/policy/",
        "link_pattern": r"^https://news\.test\.example/policy/us/[a-z-]+/$",
    },
    {"id": "drop", "name": "D", "kind": "folder", "path": "drop"},
    {"id": "missing", "name": "M", "kind": "page", "url": "https://news.test.example/nothing-here.html"},
]


def test_feed_then_items_and_errors_do_not_stop_the_walk(tmp_path):
    cat = load_catalog(_pack(tmp_path, SOURCES))
    results = list(collect(cat.source("feed"), SnapshotClient(cat.snapshot_dir), {}))
    assert [r.url.rsplit("/", 1)[-1] for r in results] == [
        "feed.xml",
        "one.html",
        "two.html",
        "missing.html",
        "three.html",
    ]
    assert all(r.source_id == "feed" for r in results)
    missing = results[3]
    assert missing.status == 404 and missing.body is None and "404" in missing.error
    assert results[4].body and b"three" in results[4].body


def test_feed_max_pages_caps_items(tmp_path):
    cat = load_catalog(_pack(tmp_path, SOURCES))
    results = list(collect(cat.source("feed-capped"), SnapshotClient(cat.snapshot_dir), {}))
    assert len(results) == 3


def test_index_follows_only_matching_links_once(tmp_path):
    cat = load_catalog(_pack(tmp_path, SOURCES))
    urls = [r.url for r in collect(cat.source("index"), SnapshotClient(cat.snapshot_dir), {})]
    assert urls == [
        "https://news.test.example/policy/",
        "https://news.test.example/policy/us/award-one/",
        "https://news.test.example/policy/us/award-two/",
    ]


def test_folder_lists_supported_files_sorted(tmp_path):
    cat = load_catalog(_pack(tmp_path, SOURCES))
    results = list(collect(cat.source("drop"), SnapshotClient(cat.snapshot_dir), {}))
    drop = (tmp_path / "drop").resolve()
    assert [r.url for r in results] == [
        (drop / "a.html").as_uri(),
        (drop / "b.txt").as_uri(),
        (drop / "sub" / "c.pdf").as_uri(),
    ]
    assert [r.content_type for r in results] == ["text/html", "text/plain", "application/pdf"]
    assert results[1].body == b"b text" and results[1].status is None


def test_second_run_with_validators_is_not_modified_and_feed_links_come_from_the_store(tmp_path):
    cat = load_catalog(_pack(tmp_path, SOURCES))
    client = SnapshotClient(cat.snapshot_dir)
    first = list(collect(cat.source("feed"), client, {}))
    store = {content_hash(r.body): r.body for r in first if r.body}
    prior = {r.url: PriorFetch(etag=r.etag, content_hash=content_hash(r.body)) for r in first if r.body}
    second = list(collect(cat.source("feed"), client, prior, load_body=store.get))
    assert [r.url for r in second] == [r.url for r in first]
    assert [r.not_modified for r in second] == [True, True, True, False, True]
    assert all(r.body is None for r in second)


def test_client_exception_becomes_an_error_result(tmp_path):
    cat = load_catalog(_pack(tmp_path, SOURCES))

    class Exploding:
        def get(self, url, **kw):
            raise RuntimeError("boom")

    (result,) = list(collect(cat.source("missing"), Exploding(), {}))
    assert result.error == "RuntimeError: boom" and result.source_id == "missing"


def test_snapshot_refuses_paths_outside_the_mirror(tmp_path):
    client = SnapshotClient(tmp_path)
    assert client.path_for("https://a.example/../../etc/passwd") is None
    assert client.get("file:///etc/passwd").error


def test_sample_pack_offline_feed_items_resolve_into_the_mirror():
    cat = load_catalog(ROOT / "sources" / "sample.yaml")
    feeds = [s for s in cat.sources if s.kind == "feed"]
    assert feeds
    client = SnapshotClient(cat.snapshot_dir)
    for feed in feeds:
        results = list(collect(feed, client, {}))
        assert len(results) >= 2, feed.id
        assert all(r.error is None and r.status == 200 for r in results), [r.error for r in results]

"""The bundled sample pack served by a real HTTP server on 127.0.0.1 gives the same facts as the
offline run from the snapshot mirror."""

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import dagster as dg
import pytest
import yaml

from pipelines.definitions import all_assets
from pipelines.defs.resources import SAMPLE_CATALOG, CatalogResource, HttpResource, WarehouseResource
from pipelines.lib import warehouse

MIRROR = SAMPLE_CATALOG.parent / "sample"
TYPES = {".html": "text/html", ".pdf": "application/pdf", ".xml": "application/rss+xml", ".txt": "text/plain"}
FACT_COLUMNS = (
    "as_written, amount, currency, kind, sector, stage, instrument, recipient, government, agency, "
    "fiscal_year, fiscal_year_basis"
)


class _HostMirror(BaseHTTPRequestHandler):
    """Serves one host of sources/sample/<host>/ at its own loopback port; absolute links to the
    sample hosts are rewritten to their loopback servers."""

    root: Path
    bases: dict[str, str] = {}
    requests: list[str] = []

    def do_GET(self):  # noqa: N802
        type(self).requests.append(f"{self.root.name}{self.path}")
        rel = self.path.lstrip("/").split("?", 1)[0]
        path = self.root / rel
        if rel.endswith("/") or path.is_dir():
            path = path / "index.html"
        if not path.resolve().is_relative_to(self.root.resolve()) or not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        if path.suffix in (".html", ".xml"):
            for host, base in self.bases.items():
                body = re.sub(rb"https?://" + re.escape(host.encode()), base.encode(), body)
        self.send_response(200)
        # no charset in the header: the Shift_JIS pages declare theirs in <meta>
        self.send_header("Content-Type", TYPES.get(path.suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def servers():
    running = []
    for host_dir in sorted(p for p in MIRROR.iterdir() if p.is_dir() and "." in p.name):
        handler = type(f"Mirror_{host_dir.name}", (_HostMirror,), {"root": host_dir})
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        _HostMirror.bases[host_dir.name] = f"http://127.0.0.1:{httpd.server_port}"
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        running.append(httpd)
    yield dict(_HostMirror.bases)
    for httpd in running:
        httpd.shutdown()


def http_catalog(tmp_path: Path, bases: dict[str, str]) -> Path:
    catalog = yaml.safe_load(SAMPLE_CATALOG.read_text(encoding="utf-8"))
    catalog.pop("snapshot_dir", None)
    for source in catalog["sources"]:
        if source.get("url"):
            host = re.match(r"https?://([^/]+)", source["url"]).group(1)
            source["url"] = re.sub(r"^https?://[^/]+", bases[host], source["url"])
            source["allow_private"] = True  # only this loopback fixture
            source["rate_limit"] = 100.0
            if source.get("link_pattern"):
                source["link_pattern"] = re.sub(
                    r"^\^https\??://[^/]+", "^" + re.escape(bases[host]), source["link_pattern"]
                )
        elif source.get("path"):
            source["path"] = str((SAMPLE_CATALOG.parent / source["path"]).resolve())
    path = tmp_path / "http.yaml"
    path.write_text(yaml.safe_dump(catalog, allow_unicode=True), encoding="utf-8")
    return path


def run(path: Path, catalog: Path) -> None:
    result = dg.materialize(
        all_assets,
        resources={
            "warehouse": WarehouseResource(path=str(path)),
            "catalog": CatalogResource(path=str(catalog)),
            "http": HttpResource(),
        },
    )
    assert result.success


def facts(path: Path) -> list[tuple]:
    with warehouse.connect(path, read_only=True) as con:
        return con.execute(f"select {FACT_COLUMNS} from core.budget_facts order by all").fetchall()


def test_http_run_gives_the_same_facts_as_the_offline_run(tmp_path, servers):
    offline, online = tmp_path / "offline.duckdb", tmp_path / "online.duckdb"
    run(offline, SAMPLE_CATALOG)
    run(online, http_catalog(tmp_path, servers))
    requested = _HostMirror.requests
    assert any(p.startswith("www.asiatechwire.example/2025/") for p in requested)  # feed items followed
    assert any(p.startswith("news.chipbeat.example/policy/us/") for p in requested)  # index links followed
    with warehouse.connect(online, read_only=True) as con:
        assert con.execute("select count(*) from raw.fetch_log where error is not null").fetchone()[0] == 0
        statuses = {s for (s,) in con.execute("select distinct status from raw.fetch_log").fetchall()}
        assert statuses == {200} or statuses == {200, None}  # None: the local folder source
    assert facts(online) == facts(offline)
    assert len(facts(offline)) > 50

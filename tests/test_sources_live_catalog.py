"""The live catalog loads and validates without touching the network."""

from __future__ import annotations

import re
import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pipelines.lib.sources.catalog import load_catalog

LIVE = Path(__file__).resolve().parents[1] / "sources" / "live.yaml"


@pytest.fixture
def offline(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the live catalog must load without the network")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_live_catalog_loads_and_covers_the_promised_sources(offline):
    cat = load_catalog(LIVE)
    assert cat.name == "live" and cat.snapshot_dir is None
    urls = {s.url for s in cat.sources}
    assert "https://www.meti.go.jp/main/yosangaisan/" in urls
    assert "https://www3.nhk.or.jp/rss/news/cat5.xml" in urls
    assert any("nist.gov/chips" in u or "commerce.gov" in u for u in urls)
    assert any(urlsplit(u).hostname == "ec.europa.eu" for u in urls)
    hosts = {urlsplit(u).hostname for u in urls}
    assert {"www.meti.go.jp", "www3.nhk.or.jp", "asia.nikkei.com"} <= hosts
    assert {s.language for s in cat.sources} >= {"ja", "en"}
    assert {s.kind for s in cat.sources} >= {"feed", "index", "page"}


def test_live_sources_are_public_https_and_polite(offline):
    for s in load_catalog(LIVE).sources:
        assert s.url.startswith("https://"), s.id
        assert not s.allow_private, s.id
        assert s.rate_limit <= 1.0, s.id
        if s.link_pattern:
            host = re.escape(urlsplit(s.url).hostname)
            assert host.replace("\\", "") in s.link_pattern.replace("\\", ""), s.id

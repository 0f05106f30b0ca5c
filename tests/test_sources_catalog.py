"""Catalog loading and validation: errors name the entry (index and id) and the field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipelines.lib.sources.catalog import CatalogError, load_catalog

ROOT = Path(__file__).resolve().parents[1]

GOOD = {
    "id": "meti-x",
    "name": "METI budget page",
    "kind": "page",
    "url": "https://www.meti.go.jp/main/yosangaisan/",
    "path": None,
    "language": "ja",
    "government": "Japan",
    "agency": "METI",
    "publisher_type": "ministry",
    "rate_limit": 0.5,
    "max_pages": 1,
    "link_pattern": None,
    "schedule": "daily",
    "charset": None,
    "allow_private": False,
}


def _write(tmp_path: Path, sources: list, **top) -> Path:
    doc = {"version": 1, "name": "t", "sources": sources, **top}
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def test_valid_entry_loads_with_all_fields(tmp_path):
    cat = load_catalog(_write(tmp_path, [GOOD]))
    (spec,) = cat.sources
    assert (spec.id, spec.kind, spec.rate_limit, spec.agency) == ("meti-x", "page", 0.5, "METI")
    assert cat.snapshot_dir is None
    with pytest.raises(AttributeError):
        spec.id = "other"  # frozen


def test_defaults_for_optional_fields(tmp_path):
    cat = load_catalog(
        _write(tmp_path, [{"id": "a", "name": "A", "kind": "feed", "url": "https://a.example/rss"}])
    )
    spec = cat.sources[0]
    assert (spec.rate_limit, spec.max_pages, spec.schedule, spec.publisher_type) == (
        1.0,
        50,
        "daily",
        "other",
    )
    assert spec.allow_private is False


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"rate_limit": 0}, "rate_limit", "must be > 0"),
        ({"rate_limit": -1.5}, "rate_limit", "must be > 0"),
        ({"rate_limit": "fast"}, "rate_limit", "must be a number"),
        ({"max_pages": 0}, "max_pages", "must be >= 1"),
        ({"max_pages": 2.5}, "max_pages", "must be an integer"),
        ({"kind": "tweet"}, "kind", "must be one of"),
        ({"url": "ftp://www.meti.go.jp/x"}, "url", "http or https"),
        ({"url": "file:///etc/passwd"}, "url", "http or https"),
        ({"url": None}, "url", "is required"),
        ({"language": "Japanese"}, "language", "ISO 639-1"),
        ({"publisher_type": "blog"}, "publisher_type", "must be one of"),
        ({"schedule": "sometimes"}, "schedule", "must be one of"),
        ({"charset": "klingon-8"}, "charset", "unknown charset"),
        ({"allow_private": "yes"}, "allow_private", "true or false"),
        ({"link_pattern": "("}, "link_pattern", "not a valid regular expression"),
        ({"kind": "index"}, "link_pattern", "required for kind index"),
        ({"path": "somewhere"}, "path", "must be null"),
        ({"colour": "red"}, "colour", "unknown field"),
        ({"name": ""}, "name", "is required"),
    ],
)
def test_bad_field_names_entry_and_field(tmp_path, change, field, message):
    other = {**GOOD, "id": "first-ok"}
    path = _write(tmp_path, [other, {**GOOD, **change}])
    with pytest.raises(CatalogError) as err:
        load_catalog(path)
    text = str(err.value)
    assert f"sources[1] (id 'meti-x'): field '{field}':" in text
    assert message in text


def test_rate_limit_message_exact(tmp_path):
    sources = [{**GOOD, "id": f"s{i}"} for i in range(3)] + [{**GOOD, "rate_limit": 0}]
    with pytest.raises(CatalogError, match=r"sources\[3\] \(id 'meti-x'\): field 'rate_limit': must be > 0$"):
        load_catalog(_write(tmp_path, sources))


def test_bad_id_and_duplicate_id(tmp_path):
    with pytest.raises(CatalogError, match=r"sources\[0\] \(id 'METI X'\): field 'id'"):
        load_catalog(_write(tmp_path, [{**GOOD, "id": "METI X"}]))
    with pytest.raises(
        CatalogError, match=r"sources\[1\] \(id 'meti-x'\): field 'id': duplicate of sources\[0\]"
    ):
        load_catalog(_write(tmp_path, [GOOD, GOOD]))


def test_folder_kind_needs_an_existing_folder(tmp_path):
    (tmp_path / "drop").mkdir()
    folder = {"id": "drop", "name": "Drop", "kind": "folder", "path": "drop"}
    cat = load_catalog(_write(tmp_path, [folder]))
    assert cat.sources[0].path == (tmp_path / "drop").resolve()
    with pytest.raises(CatalogError, match=r"sources\[0\] \(id 'drop'\): field 'path': is not a folder"):
        load_catalog(_write(tmp_path, [{**folder, "path": "missing"}]))


@pytest.mark.parametrize(
    ("top", "message"),
    [
        ({"version": 2}, "field 'version'"),
        ({"snapshot_dir": "nope"}, "field 'snapshot_dir'"),
        ({"extra": 1}, "field 'extra'"),
    ],
)
def test_bad_top_level(tmp_path, top, message):
    with pytest.raises(CatalogError, match=message):
        load_catalog(_write(tmp_path, [GOOD], **top))


def test_not_yaml_and_empty(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources: [\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="not valid YAML"):
        load_catalog(bad)
    with pytest.raises(CatalogError, match="field 'sources'"):
        load_catalog(_write(tmp_path, []))


def test_sample_catalog_loads():
    cat = load_catalog(ROOT / "sources" / "sample.yaml")
    assert cat.snapshot_dir == (ROOT / "sources" / "sample").resolve()
    kinds = {s.kind for s in cat.sources}
    assert {"feed", "index", "page", "folder"} <= kinds
    assert not any(s.allow_private for s in cat.sources)

"""The whole pipeline over a folder of broken and hostile files: the run completes, every body is
stored, every file that cannot be parsed is kept with its reason in `staging.documents.error`, and
the good documents beside them still give their facts."""

from __future__ import annotations

import gzip
from pathlib import Path

import dagster as dg
import pytest
import yaml
from bench_modules import load_bench

from pipelines.definitions import all_assets
from pipelines.defs.resources import CatalogResource, HttpResource, WarehouseResource
from pipelines.lib import warehouse

GOOD_EN = (
    "<html><head><title>Tokyo widens chip aid</title></head><body><article><p>Japan's industry ministry "
    "set aside 420 billion yen for advanced semiconductors in the fiscal 2026 budget draft approved by "
    "the cabinet on Friday, officials said.</p><p>The ministry will also put 38 billion yen into "
    "critical minerals stockpiles.</p></article></body></html>"
)
GOOD_JA = "経済産業省は令和8年度予算案で、次世代半導体の研究開発に3,150億円を計上した。\n"
# one misread figure past DECIMAL(38, 0) beside a real one: the real one must survive
ABSURD = (
    "経済産業省は令和8年度予算案で、蓄電池の支援に1,200億円を計上した。"
    "試算では効果は" + "９" * 44 + "兆円に上るという。\n"
)

# files the parser must refuse, with a word its reason must contain
MUST_FAIL = {
    "empty.txt": (b"", "empty"),
    "noise.txt": (bytes(range(256)) * 64, "binary"),
    "bomb.html": (gzip.compress(b"\0" * (32 * 2**20)), "binary"),
    "header-only.pdf": (b"%PDF-1.7\n", ""),
    "not-really.pdf": (b"%PDF-1.4\n" + bytes(range(256)) * 20, ""),
    "zip.html": (b"PK\x03\x04" + b"\0" * 4000, "zip"),
}


def _catalog(tmp_path: Path, files: dict[str, bytes]) -> Path:
    folder = tmp_path / "drop"
    folder.mkdir()
    for name, body in files.items():
        (folder / name).write_bytes(body)
    catalog = {
        "version": 1,
        "name": "fuzz",
        "sources": [
            {
                "id": "fuzz-drop",
                "name": "A folder of broken files",
                "kind": "folder",
                "path": "drop",
                "government": "Japan",
                "publisher_type": "other",
            }
        ],
    }
    path = tmp_path / "fuzz.yaml"
    path.write_text(yaml.safe_dump(catalog), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    bad = load_bench("bad_inputs")
    tmp_path = tmp_path_factory.mktemp("fuzz-pipeline")
    files = {name: body for name, (body, _) in MUST_FAIL.items()}
    files["good-en.html"] = GOOD_EN.encode()
    files["good-ja-cp932.txt"] = GOOD_JA.encode("cp932")
    files["good-absurd.txt"] = ABSURD.encode()
    extension = {"pdf": ".pdf", "charset": ".html", "nested_html": ".html", "truncated_html": ".html"}
    for n, item in enumerate(bad.bad_inputs(seed=99, scale=0.04, depths=(2000,), long_lines=False)):
        files[f"{n:03d}-{item.family}{extension.get(item.family, '.txt')}"] = item.body
    path = tmp_path / "w.duckdb"
    result = dg.materialize(
        all_assets,
        resources={
            "warehouse": WarehouseResource(path=str(path)),
            "catalog": CatalogResource(path=str(_catalog(tmp_path, files))),
            "http": HttpResource(),
        },
        raise_on_error=False,
    )
    return result, path, files


def _rows(path: Path):
    with warehouse.connect(path, read_only=True) as con:
        return con.execute(
            """
            select regexp_extract(u.url, '[^/]+$') as file, d.error, d.n_chars
            from raw.source_urls as u join staging.documents as d on d.document_id = u.content_hash
            """
        ).fetchall()


def test_the_run_over_broken_files_completes(run):
    result, path, files = run
    assert len(files) >= 40
    failed = {e.step_key: e for e in result.all_events if e.is_step_failure}
    assert result.success, sorted(failed)
    assert warehouse.snapshot_path(path).exists()


def test_every_file_is_stored_and_every_failure_has_its_reason(run):
    _, path, files = run
    rows = {file: (error, n_chars) for file, error, n_chars in _rows(path)}
    assert set(rows) == set(files)
    for name, (_, word) in MUST_FAIL.items():
        error, n_chars = rows[name]
        assert error and word in error.lower(), (name, error)
        assert n_chars == 0
    for name, (error, n_chars) in rows.items():
        assert (error is None) == (n_chars > 0), (name, error, n_chars)  # no silent empty document
    with warehouse.connect(path, read_only=True) as con:
        failed = con.execute("select count(*) from staging.documents where error is not null").fetchone()[0]
        logged = con.execute("select error from staging.extraction_log where error is not null").fetchall()
    assert failed >= len(MUST_FAIL)
    # extraction never failed on what the parser let through; absurd figures are skipped with a note
    assert all(e.startswith(("skipped ", "dropped ")) for (e,) in logged), logged


def test_good_documents_beside_broken_ones_keep_their_facts(run):
    _, path, _ = run
    with warehouse.connect(path, read_only=True) as con:
        amounts = {
            int(a)
            for (a,) in con.execute(
                """
                select f.amount from core.budget_facts as f
                join raw.source_urls as u on u.content_hash = f.document
                where u.url like '%good-%'
                """
            ).fetchall()
            if a is not None
        }
    assert {420_000_000_000, 38_000_000_000, 315_000_000_000, 120_000_000_000} <= amounts
    assert max(amounts) < 10**24


def test_a_figure_too_large_to_store_is_skipped_with_a_note_not_a_failed_run(run):
    _, path, _ = run
    with warehouse.connect(path, read_only=True) as con:
        notes = con.execute(
            """
            select x.stage, x.error from staging.extraction_log as x
            join raw.source_urls as u on u.content_hash = x.document_id
            where u.url like '%good-absurd.txt'
            """
        ).fetchall()
    assert dict(notes)["mentions"].startswith("skipped 1 figure")
    assert dict(notes)["facts"].startswith("dropped ")

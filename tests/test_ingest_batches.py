"""Ingest in bounded batches: each batch is one transaction holding its bodies, fetch-log rows and URL
state; a failure between batches leaves every committed batch whole and the re-run completes; a
folder file unchanged since its last read is neither read nor logged, so a re-run with nothing new
writes nothing at all."""

from __future__ import annotations

import pytest
import yaml

from pipelines.lib import warehouse
from pipelines.lib.fingerprint import warehouse_fingerprints
from pipelines.lib.sources.catalog import load_catalog
from pipelines.lib.steps import ingest

N_FILES = 12


class Boom(RuntimeError):
    pass


@pytest.fixture
def setup(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(N_FILES):
        (docs / f"doc-{i:02d}.txt").write_text(
            f"Document {i}: a grant of ¥{i + 1} billion.", encoding="utf-8"
        )
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(
        yaml.safe_dump(
            {
                "version": 1,
                "name": "batches",
                "sources": [{"id": "folder", "name": "F", "kind": "folder", "path": "docs"}],
            }
        ),
        encoding="utf-8",
    )
    path = tmp_path / "w.duckdb"

    def connect():
        return warehouse.connect(path)

    with connect() as con:
        warehouse.ensure_schema(con)
    return load_catalog(catalog), connect, docs


def _counts(con) -> tuple[int, int, int]:
    return tuple(
        con.execute(f"select count(*) from {t}").fetchone()[0]
        for t in ("raw.documents", "raw.fetch_log", "raw.source_urls")
    )


def _every_body_is_whole(con) -> bool:
    """Each stored body has its fetch-log row and its URL row: no batch was torn."""
    return con.execute(
        """
        select count(*) = 0 from raw.documents as d
        where not exists (select 1 from raw.fetch_log as f where f.content_hash = d.content_hash)
           or not exists (select 1 from raw.source_urls as u where u.content_hash = d.content_hash)
        """
    ).fetchone()[0]


def test_batches_are_bounded_by_count_and_by_bytes(setup, monkeypatch):
    catalog, connect, _ = setup
    sizes = []
    real = ingest.store_results

    def recording(con, results, *args, **kwargs):
        sizes.append(len(results))
        return real(con, results, *args, **kwargs)

    monkeypatch.setattr(ingest, "store_results", recording)
    monkeypatch.setattr(ingest, "BATCH", 5)
    summary = ingest.ingest_catalog(connect, catalog, None, "run-1")
    assert sizes == [5, 5, 2] and summary.batches == 3 and summary.new_bodies == N_FILES

    sizes.clear()
    monkeypatch.setattr(ingest, "BATCH", 1000)
    monkeypatch.setattr(ingest, "BATCH_BYTES", 100)  # each body is ~40 bytes: three make a batch
    for f in sorted(setup[2].iterdir()):
        f.write_text(f.read_text(encoding="utf-8") + " Revised.", encoding="utf-8")
    ingest.ingest_catalog(connect, catalog, None, "run-2")
    assert sizes == [3, 3, 3, 3]


def test_a_failure_between_batches_keeps_committed_batches_whole_and_the_rerun_completes(setup, monkeypatch):
    catalog, connect, _ = setup
    monkeypatch.setattr(ingest, "BATCH", 5)
    real = ingest.insert_rows
    calls = {"n": 0}

    def flaky(con, table, *args, **kwargs):
        if table == "raw.fetch_log":
            calls["n"] += 1
            if calls["n"] == 2:  # the second batch's log rows, after its bodies were written
                raise Boom("injected")
        return real(con, table, *args, **kwargs)

    monkeypatch.setattr(ingest, "insert_rows", flaky)
    with pytest.raises(Boom):
        ingest.ingest_catalog(connect, catalog, None, "run-1")
    with connect() as con:
        assert _counts(con) == (5, 5, 5)  # the first batch, whole; nothing of the second
        assert _every_body_is_whole(con)

    monkeypatch.setattr(ingest, "insert_rows", real)
    summary = ingest.ingest_catalog(connect, catalog, None, "run-2")
    assert (summary.unchanged_files, summary.new_bodies) == (5, N_FILES - 5)
    with connect() as con:
        assert _counts(con) == (N_FILES, N_FILES, N_FILES)
        assert _every_body_is_whole(con)
        # every URL read exactly once across the two runs
        assert con.execute("select count(distinct url) from raw.fetch_log").fetchone()[0] == N_FILES


def test_a_rerun_with_nothing_new_writes_nothing_and_a_changed_file_is_read_again(setup):
    catalog, connect, docs = setup
    ingest.ingest_catalog(connect, catalog, None, "run-1")
    with connect() as con:
        before = warehouse_fingerprints(con, exclude=frozenset())
    summary = ingest.ingest_catalog(connect, catalog, None, "run-2")
    assert (summary.unchanged_files, summary.fetched, summary.batches) == (N_FILES, 0, 0)
    with connect() as con:
        assert warehouse_fingerprints(con, exclude=frozenset()) == before  # not even a log row

    (docs / "doc-03.txt").write_text("Document 3, revised: a grant of ¥9 billion.", encoding="utf-8")
    (docs / "doc-12.txt").write_text("Document 12: a loan of $2 billion.", encoding="utf-8")
    summary = ingest.ingest_catalog(connect, catalog, None, "run-3")
    assert (summary.unchanged_files, summary.fetched, summary.new_bodies) == (N_FILES - 1, 2, 2)
    with connect() as con:
        assert _counts(con) == (N_FILES + 2, N_FILES + 2, N_FILES + 1)
        revised = con.execute(
            "select d.body from raw.source_urls as u join raw.documents as d using (content_hash) "
            "where u.url like '%doc-03.txt'"
        ).fetchone()[0]
        assert bytes(revised).decode() == "Document 3, revised: a grant of ¥9 billion."

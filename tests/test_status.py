"""`budgetwatch status`: last runs, recorded failures, stale sources and open conflicts."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from ops_sample import BUDGETWATCH, ROOT, sample_env

from pipelines.lib import warehouse
from pipelines.lib.failures import RunFailure, record_failure
from pipelines.lib.status import RunInfo, status_report

RUNS = [
    RunInfo("0f1e2d3c-aaaa", "ingest_drop", "FAILURE", 1_767_000_000.0, 1_767_000_012.5, "drop-folder"),
    RunInfo("9a8b7c6d-bbbb", "refresh_all", "SUCCESS", 1_766_990_000.0, 1_766_990_030.0, None),
]


@pytest.fixture
def working(tmp_path) -> Path:
    """A private copy of the sample warehouse and its snapshot."""
    source = Path(sample_env()["BUDGETWATCH_WAREHOUSE"])
    target = tmp_path / "budgetwatch.duckdb"
    shutil.copy2(source, target)
    shutil.copy2(warehouse.snapshot_path(source), warehouse.snapshot_path(target))
    return target


def test_status_shows_runs_failures_stale_sources_and_conflicts(working):
    old = datetime.now() - timedelta(days=40)
    with warehouse.connect(working) as con:
        record_failure(
            con,
            RunFailure(
                "0f1e2d3c-aaaa", "ingest_drop", datetime(2026, 1, 2, 3, 4, tzinfo=UTC), "documents", "boom"
            ),
        )
        con.execute(
            "insert into raw.sources (source_id, catalog, kind, schedule, loaded_at) "
            "values ('gone-ministry-page', 'live', 'page', 'daily', ?)",
            [old],
        )
        con.execute(
            "insert into raw.fetch_log (fetch_id, source_id, url, error, fetched_at) "
            "values ('f-old', 'gone-ministry-page', 'https://gone.example/', 'HTTP 404', ?)",
            [old],
        )
        n_conflicts = con.execute("select count(*) from core.fact_conflicts").fetchone()[0]
    text = status_report(RUNS, working)
    assert "0f1e2d3c  ingest_drop  FAILURE  2025-12-29 09:20:00  12.5s  drop-folder" in text
    assert "Recorded run failures (raw.run_failures): 1 shown" in text and "boom" in text
    assert "Stale sources (no successful fetch in 14 days): 1" in text
    assert "gone-ministry-page" in text and "HTTP 404" in text
    assert f"Open conflicts (core.fact_conflicts): {n_conflicts}" in text
    assert f"Warehouse: {working}" in text


def test_status_falls_back_to_the_snapshot_while_a_run_holds_the_warehouse(working):
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(working)!r}); "
         "print(1, flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        holder.stdout.readline()
        started = time.monotonic()
        text = status_report([], working)
        took = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert "showing the published snapshot" in text
    assert "Open conflicts" in text and "no runs yet" in text
    assert took < 10


def test_status_without_a_warehouse_says_what_to_do(tmp_path):
    assert "run `budgetwatch run` first" in status_report([], tmp_path / "none.duckdb")


def test_the_cli_lists_the_run_that_built_the_warehouse():
    env = {**__import__("os").environ, **sample_env()}
    done = subprocess.run(
        [BUDGETWATCH, "status"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "refresh_all  SUCCESS" in done.stdout
    assert "Open conflicts (core.fact_conflicts):" in done.stdout

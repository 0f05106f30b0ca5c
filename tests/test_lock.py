"""Another process holds the warehouse during a run: the run waits for it up to
`WarehouseResource.lock_timeout_s` and then fails with a message naming the file and the wait;
when the holder lets go in time the run completes; the published snapshot never changes under a
failed run."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import pytest

from pipelines.definitions import all_assets
from pipelines.defs.resources import CatalogResource, HttpResource, WarehouseResource
from pipelines.lib import warehouse
from pipelines.lib.fingerprint import warehouse_fingerprints

HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=sys.argv[3] == "ro")
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""
PAGE = (
    "<html><body><article><p>Japan's industry ministry set aside 420 billion yen for chips in fiscal "
    "2026.</p><p>The cabinet approved the draft on Friday after a long debate about the package.</p>"
    "</article></body></html>"
)


def _holder(path: Path, seconds: float, mode: str = "rw") -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), str(seconds), mode], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "holding"
    return proc


def _resources(path: Path, catalog: Path, lock_timeout_s: float) -> dict:
    return {
        "warehouse": WarehouseResource(path=str(path), lock_timeout_s=lock_timeout_s),
        "catalog": CatalogResource(path=str(catalog)),
        "http": HttpResource(),
    }


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A warehouse with a published snapshot, built from a one-page folder source."""
    tmp = tmp_path_factory.mktemp("lock")
    (tmp / "drop").mkdir()
    (tmp / "drop" / "a.html").write_text(PAGE, encoding="utf-8")
    catalog = tmp / "catalog.yaml"
    catalog.write_text(
        "version: 1\nname: lock\nsources:\n"
        "  - {id: drop, name: Drop, kind: folder, path: drop, government: Japan}\n",
        encoding="utf-8",
    )
    path = tmp / "w.duckdb"
    assert dg.materialize(all_assets, resources=_resources(path, catalog, 5)).success
    return path, catalog


def _snapshot(path: Path):
    snap = warehouse.snapshot_path(path)
    with warehouse.connect(snap, read_only=True) as con:
        return snap.stat().st_mtime_ns, warehouse_fingerprints(con, exclude=frozenset())


@pytest.mark.parametrize("mode", ["rw", "ro"], ids=["writer-holds", "reader-holds"])
def test_a_held_warehouse_fails_the_step_within_the_lock_timeout_with_a_clear_message(published, mode):
    path, catalog = published
    before = _snapshot(path)
    holder = _holder(path, 30, mode)
    try:
        started = time.monotonic()
        result = dg.materialize(
            [a for a in all_assets if a.key.path[-1] == "documents"],
            resources=_resources(path, catalog, 1.5),
            raise_on_error=False,
        )
        took = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert not result.success
    failure = next(e for e in result.all_events if e.is_step_failure)
    message = failure.event_specific_data.error.cause.message
    assert "WarehouseLockedError" in message and "is locked by another process; waited" in message
    assert str(path) in message
    # bounded by lock_timeout_s plus Dagster's own overhead (the backoff may give up before the full
    # timeout: the next doubled delay would overshoot it)
    assert took < 1.5 + 10
    assert _snapshot(path) == before


def test_a_run_waits_for_a_short_hold_and_completes(published):
    path, catalog = published
    holder = _holder(path, 2.0)
    started = time.monotonic()
    result = dg.materialize(all_assets, resources=_resources(path, catalog, 30), raise_on_error=False)
    holder.wait()
    assert result.success
    assert time.monotonic() - started >= 1.5


def test_the_whole_run_fails_within_the_documented_bound_and_leaves_the_snapshot(published):
    """raw_documents retries twice (5 s then 10 s apart), so a held file fails a whole run after at
    most 3 x lock_timeout_s + 15 s; the downstream assets never start and nothing is published."""
    path, catalog = published
    before = _snapshot(path)
    holder = _holder(path, 60)
    try:
        started = time.monotonic()
        result = dg.materialize(all_assets, resources=_resources(path, catalog, 1.0), raise_on_error=False)
        took = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert not result.success
    bound = 3 * 1.0 + 5 + 10
    assert took < bound + 15, took
    failed = {e.step_key for e in result.all_events if e.is_step_failure}
    assert "raw_documents" in failed
    assert not any(e.is_step_success and e.step_key == "published_warehouse" for e in result.all_events)
    assert _snapshot(path) == before

"""Write-audit-publish on the bundled sample pack: a failed blocking check stops the run before
`published_warehouse`, so the snapshot users query stays exactly as it was; warnings do not block."""

from __future__ import annotations

import hashlib
from pathlib import Path

import dagster as dg
import pytest

from pipelines.definitions import defs
from pipelines.lib import warehouse

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sources" / "sample.yaml"


def _run(instance, wh: Path) -> dg.ExecuteInProcessResult:
    config = {
        "resources": {
            "warehouse": {"config": {"path": str(wh), "lock_timeout_s": 30.0}},
            "catalog": {"config": {"path": str(SAMPLE)}},
        }
    }
    return defs.resolve_job_def("refresh_all").execute_in_process(
        instance=instance, run_config=config, raise_on_error=False
    )


def _fingerprint(path: Path) -> tuple:
    stat = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_ino, stat.st_mtime_ns


def _checks(result: dg.ExecuteInProcessResult) -> dict[str, dg.AssetCheckEvaluation]:
    return {e.check_name: e for e in result.get_asset_check_evaluations()}


def _materialised(result: dg.ExecuteInProcessResult) -> set[str]:
    return {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    wh = tmp_path_factory.mktemp("wap") / "bw.duckdb"
    with dg.instance_for_test() as instance:
        first = _run(instance, wh)
        yield instance, wh, first


def test_a_clean_run_passes_every_blocking_check_and_publishes(published):
    _instance, wh, first = published
    assert first.success
    checks = _checks(first)
    assert len(checks) == 9
    blocking = {n: c for n, c in checks.items() if n not in ("open_conflicts", "stale_sources")}
    assert all(c.passed for c in blocking.values()), {
        n: c.metadata for n, c in blocking.items() if not c.passed
    }
    assert "published_warehouse" in _materialised(first)
    assert warehouse.snapshot_path(wh).exists()


def test_warnings_are_recorded_without_blocking_the_publish(published):
    _instance, _wh, first = published
    conflicts = _checks(first)["open_conflicts"]
    assert conflicts.severity == dg.AssetCheckSeverity.WARN
    # the sample pack carries sources that disagree on purpose; the run still published
    assert not conflicts.passed and conflicts.metadata["offending_rows"].value >= 1
    assert first.success and "published_warehouse" in _materialised(first)


def test_a_failed_blocking_check_leaves_the_published_snapshot_unchanged(published):
    instance, wh, _ = published
    snapshot = warehouse.snapshot_path(wh)
    before = _fingerprint(snapshot)
    with warehouse.connect(snapshot, read_only=True) as con:
        published_facts = con.execute(
            "select fact_id, as_written from core.budget_facts order by 1"
        ).fetchall()
        published_totals = con.execute("select * from marts.sector_totals order by all").fetchall()
    victim, wording = published_facts[0]
    # corrupt the working warehouse: the fact no longer quotes its document (incremental extraction
    # will not rewrite it, so the next run's audit sees it)
    with warehouse.connect(wh) as con:
        con.execute(
            "update core.budget_facts set as_written = as_written || ' (edited)' where fact_id = ?", [victim]
        )

    result = _run(instance, wh)

    assert not result.success
    evidence = _checks(result)["fact_evidence_spans"]
    assert not evidence.passed and evidence.metadata["offending_rows"].value == 1
    assert victim in evidence.metadata["offending_preview"].value
    done = _materialised(result)
    assert "budget_facts" in done
    assert not done & {"budget_lines", "sector_totals", "investment_tracking", "published_warehouse"}
    assert _fingerprint(snapshot) == before
    with warehouse.connect(snapshot, read_only=True) as con:
        assert con.execute(
            "select as_written from core.budget_facts where fact_id = ?", [victim]
        ).fetchone() == (wording,)
        assert con.execute("select * from marts.sector_totals order by all").fetchall() == published_totals

    # repaired, the next run passes the audit and publishes a new snapshot
    with warehouse.connect(wh) as con:
        con.execute("update core.budget_facts set as_written = ? where fact_id = ?", [wording, victim])
    repaired = _run(instance, wh)
    assert repaired.success
    assert _fingerprint(snapshot)[1:] != before[1:]

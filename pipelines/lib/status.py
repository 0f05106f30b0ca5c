"""`budgetwatch status`: the last runs, recorded failures, stale sources and open conflicts.

The runs come from the Dagster instance (the CLI reads them and passes plain `RunInfo` records, so
this module needs no Dagster). Everything else comes from the working warehouse, opened read-only
for a moment; if a run holds it, from the published snapshot instead, and the output says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pipelines.lib import warehouse
from pipelines.lib.checks import run_check, stale_days
from pipelines.lib.failures import recent_failures
from pipelines.lib.markdown import text_table

STATUS_LOCK_TIMEOUT_S = 3.0


@dataclass(frozen=True)
class RunInfo:
    """One Dagster run as `status` shows it."""

    run_id: str
    job_name: str
    status: str
    started: float | None = None  # unix seconds
    ended: float | None = None
    trigger: str | None = None


def _when(ts: float | None) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M:%S") if ts else ""


def _took(run: RunInfo) -> str:
    return f"{run.ended - run.started:.1f}s" if run.started and run.ended else ""


def runs_table(runs: list[RunInfo]) -> str:
    """The runs, newest first, as a terminal table."""
    if not runs:
        return "no runs yet (start one with `budgetwatch run` or from the UI)"
    rows = [(r.run_id[:8], r.job_name, r.status, _when(r.started), _took(r), r.trigger or "") for r in runs]
    return text_table(["run", "job", "status", "started (UTC)", "took", "trigger"], rows)


def _readable(path: Path) -> tuple[Path | None, str]:
    """The file to read: the working warehouse if free within a moment, else the snapshot."""
    snapshot = warehouse.snapshot_path(path)
    if path.exists():
        try:
            with warehouse.connect(path, read_only=True, lock_timeout_s=STATUS_LOCK_TIMEOUT_S):
                return path, ""
        except warehouse.WarehouseLockedError:
            if snapshot.exists():
                return snapshot, f"(a run holds {path.name}; showing the published snapshot {snapshot.name})"
            return None, f"{path} is busy with a run and nothing is published yet"
    if snapshot.exists():
        return snapshot, ""
    return None, f"no warehouse at {path} yet; run `budgetwatch run` first"


def status_report(runs: list[RunInfo], path: Path | None = None, *, limit: int = 10) -> str:
    """The whole status text: runs, recorded failures, stale sources, open conflicts."""
    path = Path(path or warehouse.warehouse_path())
    out = ["Last runs", runs_table(runs[:limit])]
    source, note = _readable(path)
    if source is None:
        out += ["", note]
        return "\n".join(out)
    try:
        con_cm = warehouse.connect(
            source, read_only=True, lock_timeout_s=STATUS_LOCK_TIMEOUT_S, external_access=False
        )
        with con_cm as con:
            failures = recent_failures(con, limit)
            stale = run_check(con, "stale_sources", preview_rows=limit)
            conflicts = run_check(con, "open_conflicts", preview_rows=limit)
    except warehouse.WarehouseLockedError as exc:
        out += ["", str(exc)]
        return "\n".join(out)
    out += ["", f"Warehouse: {source} {note}".rstrip()]
    out += ["", f"Recorded run failures (raw.run_failures): {len(failures)} shown"]
    if failures:
        rows = [
            (f.run_id[:8], f.job_name, f.failed_at, f.failed_steps or "", (f.error or "")[:90])
            for f in failures
        ]
        out.append(text_table(["run", "job", "failed at (UTC)", "failed steps", "error"], rows))
    out += ["", f"Stale sources (no successful fetch in {stale_days()} days): {stale.n_failing}"]
    if stale.rows:
        keep = ["source_id", "kind", "schedule", "last_success_at", "last_error"]
        idx = [stale.columns.index(c) for c in keep]
        out.append(text_table(keep, [[r[i] for i in idx] for r in stale.rows]))
    out += ["", f"Open conflicts (core.fact_conflicts): {conflicts.n_failing}"]
    if conflicts.rows:
        keep = ["government", "fiscal_year", "stage", "sector", "recipient", "as_written_a", "sources_a"]
        keep += ["as_written_b", "sources_b"]
        idx = [conflicts.columns.index(c) for c in keep]
        out.append(text_table(keep, [[r[i] for i in idx] for r in conflicts.rows]))
    return "\n".join(out)

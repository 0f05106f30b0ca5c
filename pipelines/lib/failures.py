"""Failed runs, kept in the warehouse (`raw.run_failures`) so `budgetwatch status` can show them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipelines.lib import warehouse
from pipelines.lib.sql_files import query

RECORD_LOCK_TIMEOUT_S = 20.0


@dataclass(frozen=True)
class RunFailure:
    """One failed run: its id, job, when it failed, the steps that failed and the first error."""

    run_id: str
    job_name: str
    failed_at: datetime
    failed_steps: str | None = None
    error: str | None = None


def record_failure(con: duckdb.DuckDBPyConnection, failure: RunFailure) -> bool:
    """Insert the failure unless this run is already recorded; True when a row was added."""
    failed_at = failure.failed_at
    if failed_at.tzinfo is not None:
        failed_at = failed_at.astimezone(UTC).replace(tzinfo=None)
    with warehouse.transaction(con):
        added = con.execute(
            query("failures/insert_failure"),
            [
                failure.run_id,
                failure.job_name,
                failed_at,
                failure.failed_steps,
                (failure.error or "")[:4000] or None,
                datetime.now(UTC).replace(tzinfo=None),
            ],
        ).fetchall()
    return bool(added)


def record_failure_at(
    path: Path | str, failure: RunFailure, *, lock_timeout_s: float = RECORD_LOCK_TIMEOUT_S
) -> bool:
    """Open the working warehouse (bounded lock wait), make sure the table exists, record the failure."""
    with warehouse.connect(path, lock_timeout_s=lock_timeout_s) as con:
        warehouse.ensure_schema(con)
        added = record_failure(con, failure)
        warehouse.checkpoint(con)
    return added


def recent_failures(con: duckdb.DuckDBPyConnection, limit: int = 10) -> list[RunFailure]:
    """The latest recorded failures, newest first (none when the table does not exist yet)."""
    if not warehouse.table_exists(con, "raw.run_failures"):
        return []
    rows = con.execute(query("failures/recent_failures"), [limit]).fetchall()
    return [RunFailure(*row) for row in rows]

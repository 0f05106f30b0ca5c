"""Data assertions: SQL files under `sql/checks/` that return the offending rows (none = pass).

Each file holds one `select` about one property. `run_check` counts the offending rows and keeps a
few of them as evidence; the Dagster asset checks and `budgetwatch status` both call it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import duckdb

from pipelines.lib.warehouse import SQL_DIR, split_statements

CHECKS_DIR = SQL_DIR / "checks"
DEFAULT_STALE_DAYS = 14
PREVIEW_ROWS = 20
# Checks whose failure must stop the publish (the Dagster checks are declared blocking to match).
BLOCKING_CHECKS = (
    "fact_evidence_spans",
    "fact_amounts_positive",
    "fact_fiscal_years",
    "line_facts_counted_once",
    "sector_totals_match_lines",
    "investment_tracking_match_lines",
    "investment_tracking_tranches_once",
)


def stale_days() -> int:
    """Days without a successful fetch after which a source counts as stale (`$BUDGETWATCH_STALE_DAYS`)."""
    value = os.environ.get("BUDGETWATCH_STALE_DAYS")
    if not value:
        return DEFAULT_STALE_DAYS
    days = int(value)
    if days < 1:
        raise ValueError(f"BUDGETWATCH_STALE_DAYS must be >= 1, got {value!r}")
    return days


def check_names() -> list[str]:
    """The checks that exist, by file name without `.sql`."""
    return sorted(p.stem for p in CHECKS_DIR.glob("*.sql"))


def check_query(name: str) -> str:
    """The single `select` of `sql/checks/<name>.sql`, without its comments and trailing `;`."""
    if name not in check_names():
        raise ValueError(f"unknown check {name!r}; known: {', '.join(check_names())}")
    statements = split_statements((CHECKS_DIR / f"{name}.sql").read_text(encoding="utf-8"))
    if len(statements) != 1:
        raise ValueError(f"sql/checks/{name}.sql must hold exactly one select, found {len(statements)}")
    return statements[0]


@dataclass
class CheckOutcome:
    """The result of one check: how many rows offend, and the first few of them."""

    name: str
    n_failing: int
    columns: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.n_failing == 0


def run_check(
    con: duckdb.DuckDBPyConnection, name: str, *, preview_rows: int = PREVIEW_ROWS, days: int | None = None
) -> CheckOutcome:
    """Run `sql/checks/<name>.sql` on `con` (read-only is enough)."""
    query = check_query(name)
    con.execute(f"set variable stale_days = {int(days if days is not None else stale_days())}")
    n_failing = con.execute(f"select count(*) from ({query})").fetchone()[0]
    # a passing check has no rows to show: `limit 0` still names the columns without running it again
    cursor = con.execute(f"{query}\nlimit {int(preview_rows) if n_failing else 0}")
    columns = [d[0] for d in cursor.description]
    return CheckOutcome(name=name, n_failing=int(n_failing), columns=columns, rows=cursor.fetchall())


def blocking_failures(con: duckdb.DuckDBPyConnection) -> list[CheckOutcome]:
    """Every blocking check that fails on `con` right now (empty = safe to publish).

    Meant to run inside the publish step, on the connection that copies the warehouse: Dagster's
    blocking checks audit each asset when it is written, but with two runs interleaving through the
    pool another run's write can land between an audit and the publish.
    """
    return [
        outcome for name in BLOCKING_CHECKS if not (outcome := run_check(con, name, preview_rows=5)).passed
    ]

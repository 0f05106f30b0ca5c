"""Marts: each one a `create or replace table` statement in `sql/marts/<name>.sql`."""

from __future__ import annotations

import duckdb

from pipelines.lib.warehouse import run_sql_file, transaction

MARTS = ("sector_totals", "investment_tracking", "budget_changes", "source_coverage")


def build_mart(con: duckdb.DuckDBPyConnection, name: str) -> int:
    """Rebuild one mart in a transaction; returns its row count."""
    if name not in MARTS:
        raise ValueError(f"unknown mart {name!r}; known: {', '.join(MARTS)}")
    with transaction(con):
        run_sql_file(con, f"marts/{name}.sql")
    return con.execute(f"select count(*) from marts.{name}").fetchone()[0]


def build_all_marts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rebuild every mart, in `MARTS` order; returns each one's row count."""
    return {name: build_mart(con, name) for name in MARTS}

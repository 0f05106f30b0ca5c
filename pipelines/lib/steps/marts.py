"""Marts: each one a `create or replace table` statement in `sql/marts/<name>.sql`.

A mart is rebuilt only when what it reads changed: the fingerprint of every table its SQL names
(rows, content and columns, see `pipelines.lib.fingerprint`) and of the SQL itself is stored, in the
same transaction as the mart, as the mart table's comment; an equal fingerprint means the mart
already holds what a rebuild would write.
"""

from __future__ import annotations

import hashlib
import re

import duckdb

from pipelines.lib.fingerprint import table_fingerprint
from pipelines.lib.sql_files import query
from pipelines.lib.warehouse import LAYERS, read_sql, run_sql_file, table_exists, transaction

MARTS = ("sector_totals", "investment_tracking", "budget_changes", "source_coverage")

_TABLE_NAME = re.compile(r"\b(" + "|".join(LAYERS) + r")\.([a-z_][a-z0-9_]*)\b")


def mart_inputs(name: str) -> list[str]:
    """The tables `sql/marts/<name>.sql` reads (every `layer.table` it names but the mart itself)."""
    found = {f"{m.group(1)}.{m.group(2)}" for m in _TABLE_NAME.finditer(read_sql(f"marts/{name}.sql"))}
    return sorted(found - {f"marts.{name}"})


def mart_fingerprint(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """The fingerprint of a mart's inputs and SQL (a hex digest)."""
    parts = [read_sql(f"marts/{name}.sql")]
    for table in mart_inputs(name):
        if table_exists(con, table):
            fp = table_fingerprint(con, table)
            parts.append(f"{table}:{fp.rows}:{fp.content}:{','.join(fp.columns)}")
        else:
            parts.append(f"{table}:missing")
    return "mart:" + hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def _stored_fingerprint(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    rows = con.execute(query("marts/stored_fingerprint"), [name]).fetchall()
    return rows[0][0] if rows else None


def build_mart(con: duckdb.DuckDBPyConnection, name: str, force: bool = False) -> int:
    """Rebuild one mart in a transaction (skipped when its inputs are unchanged, unless `force`);
    returns its row count."""
    if name not in MARTS:
        raise ValueError(f"unknown mart {name!r}; known: {', '.join(MARTS)}")
    fingerprint = mart_fingerprint(con, name)
    if force or _stored_fingerprint(con, name) != fingerprint:
        with transaction(con):
            run_sql_file(con, f"marts/{name}.sql")
            con.execute(f"comment on table marts.{name} is '{fingerprint}'")  # hex: nothing to escape
    return con.execute(f"select count(*) from marts.{name}").fetchall()[0][0]


def build_all_marts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rebuild every mart, in `MARTS` order; returns each one's row count."""
    return {name: build_mart(con, name) for name in MARTS}

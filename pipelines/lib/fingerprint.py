"""Fingerprints of warehouse tables: row count, an order-independent hash of the rows, and the columns.

Re-materialising with the same inputs must give identical tables; comparing fingerprints taken
before and after shows it (or names the tables that changed). The row hash is `row_digest`'s, so
it ignores row order (tables are sets) but not duplicates. Columns that record when or by which run
something happened (`fetched_at`, `run_id`, ...) differ between two honest runs; they are left out
by default when fingerprinting a whole warehouse.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from pipelines.lib.row_digest import row_digest
from pipelines.lib.sql_files import query, quote_identifier
from pipelines.lib.warehouse import LAYERS

# Columns that record the time or the run of an event, not its content.
VOLATILE_COLUMNS = frozenset(
    {
        "run_id",
        "fetch_id",
        "duration_ms",
        "first_seen_at",
        "fetched_at",
        "last_fetched_at",
        "loaded_at",
        "parsed_at",
        "processed_at",
        "failed_at",
        "recorded_at",
        "last_fetch_at",
        "last_success_at",
        "last_error_at",
    }
)


@dataclass(frozen=True)
class Fingerprint:
    """What a table holds, in three numbers that change when it does."""

    rows: int
    content: int  # sum of the hashes of the rows (0 for an empty table)
    columns: tuple[str, ...]  # "name type" in column order, the volatile ones left out


def _columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[tuple[str, str]]:
    return con.execute(query("fingerprint/table_columns"), [schema, table]).fetchall()


def table_fingerprint(
    con: duckdb.DuckDBPyConnection, qualified: str, exclude: frozenset[str] | set[str] = frozenset()
) -> Fingerprint:
    """The fingerprint of one table (`schema.table`), leaving out the columns named in `exclude`."""
    schema, table = qualified.split(".")
    columns = [(name, dtype) for name, dtype in _columns(con, schema, table) if name not in exclude]
    if not columns:
        raise ValueError(f"{qualified}: no such table, or every column excluded")
    select = ", ".join(quote_identifier(name) for name, _ in columns)
    rows, content = row_digest(
        con, f"(select {select} from {quote_identifier(schema)}.{quote_identifier(table)})"
    )
    return Fingerprint(rows=rows, content=content, columns=tuple(f"{n} {t}" for n, t in columns))


def warehouse_fingerprints(
    con: duckdb.DuckDBPyConnection,
    schemas: tuple[str, ...] = LAYERS,
    exclude: frozenset[str] | set[str] = VOLATILE_COLUMNS,
) -> dict[str, Fingerprint]:
    """Fingerprints of every table of the given schemas, keyed by `schema.table`."""
    tables = con.execute(query("fingerprint/tables_of_schemas"), [list(schemas)]).fetchall()
    return {f"{s}.{t}": table_fingerprint(con, f"{s}.{t}", exclude) for s, t in tables}


def differences(before: dict[str, Fingerprint], after: dict[str, Fingerprint]) -> list[str]:
    """Human-readable differences between two sets of fingerprints (empty when identical)."""
    out = []
    for name in sorted(set(before) | set(after)):
        a, b = before.get(name), after.get(name)
        if a is None or b is None:
            out.append(f"{name}: {'added' if a is None else 'dropped'}")
        elif a != b:
            parts = []
            if a.columns != b.columns:
                parts.append("columns changed")
            if a.rows != b.rows:
                parts.append(f"rows {a.rows} -> {b.rows}")
            if a.content != b.content:
                parts.append("content changed")
            out.append(f"{name}: {', '.join(parts)}")
    return out

"""Bulk writes of Python rows into warehouse tables, through a registered DataFrame."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress

import duckdb

_BULK_VIEW = "_bw_rows"


def insert_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence],
    casts: dict[str, str] | None = None,
) -> int:
    """Insert `rows` into `table` (a name from our own code, never user input).

    Every value travels as text or null and is cast in SQL to the column's type, so large integers
    never pass through float64 (pandas turns an int column with None into float64). A cast is a
    type name, or an expression with `{}` standing for the column (`from_json({}, '["VARCHAR"]')`).
    """
    if not rows:
        return 0
    import pandas as pd  # imported here: a slow import that a run with nothing to write skips

    casts = casts or {}
    frame = pd.DataFrame(
        [[None if v is None else str(v) for v in row] for row in rows], columns=list(columns), dtype=object
    )
    if list(columns) == con.table(table).columns:
        # every column in the table's order: through a relation, which holds the frame only while it
        # inserts (a registered frame stays referenced until the transaction ends)
        con.from_df(frame).project(
            ", ".join(f'{_expression(c, casts.get(c))} as "{c}"' for c in columns)
        ).insert_into(table)
        return len(rows)
    exprs = ", ".join(_expression(c, casts.get(c)) for c in columns)
    cols = ", ".join(f'"{c}"' for c in columns)
    con.register(_BULK_VIEW, frame)
    try:
        con.execute(f"insert into {table} ({cols}) select {exprs} from {_BULK_VIEW}")
    except BaseException:
        # A failed statement aborts the transaction, which then refuses even UNREGISTER: let the
        # real error through (the caller's ROLLBACK ends the transaction; the name is re-registered
        # by the next call).
        with suppress(duckdb.Error):
            con.unregister(_BULK_VIEW)
        raise
    con.unregister(_BULK_VIEW)
    return len(rows)


def _expression(column: str, cast: str | None) -> str:
    quoted = f'"{column}"'
    if cast is None:
        return quoted
    if "{}" in cast:
        return cast.replace("{}", quoted)
    return f"cast({quoted} as {cast})"

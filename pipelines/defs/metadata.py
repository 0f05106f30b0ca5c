"""Metadata helpers shared by the assets: row counts and markdown previews from a query."""

from __future__ import annotations

import dagster as dg
import duckdb

from pipelines.lib.markdown import markdown_table


def table_metadata(con: duckdb.DuckDBPyConnection, table: str, preview_sql: str, **extra) -> dict:
    """`row_count` of `table` and a markdown `preview` of `preview_sql` (at most 20 rows)."""
    count = con.execute(f"select count(*) from {table}").fetchone()[0]
    cursor = con.execute(preview_sql)
    columns = [d[0] for d in cursor.description]
    rows = cursor.fetchmany(20)
    return {
        "dagster/row_count": dg.MetadataValue.int(int(count)),
        "preview": dg.MetadataValue.md(markdown_table(columns, rows)),
        **extra,
    }

"""The row count and an order-independent hash of the rows of a table or subquery.

The hash is `sum(hash(row))` over the rows (0 for none), so it ignores row order (tables are sets)
but not duplicates. Both whole-database digests use it: `fingerprint` (tables compared by tests,
benches and the marts' inputs) and `snapshot_patch` (what the published snapshot holds). It imports
nothing of the warehouse, so either may import it.
"""

from __future__ import annotations

import duckdb


def row_digest(con: duckdb.DuckDBPyConnection, relation: str) -> tuple[int, int]:
    """(row count, sum of the row hashes) of `relation`: a quoted table name or a parenthesised
    subquery, whose selected columns make up the hashed row."""
    rows, content = con.execute(
        f"select count(*), coalesce(sum(hash(r)), 0)::hugeint from {relation} as r"
    ).fetchone()
    return int(rows), int(content)

"""What a published snapshot holds, object by object, and how a copy of the old snapshot is patched
into the new one by rewriting only the objects that changed.

`content_parts` digests every schema, table and view a COPY FROM DATABASE carries: a table's part
covers its CREATE statement (columns, types, defaults, constraints), its comment, its row count and
an order-independent hash of all its rows; a view's part is its CREATE statement. Two databases
with equal parts hold the same content. `patch_copy` takes a file copy of a snapshot whose parts
are known and, in one transaction, deletes and inserts the rows that changed in tables whose
definition did not, rewrites the tables and views that are new or redefined, and creates and
drops schemas, so the copy ends up holding what a full COPY FROM DATABASE would have written.
"""

from __future__ import annotations

import hashlib
from contextlib import suppress

import duckdb

from pipelines.lib.row_digest import row_digest
from pipelines.lib.sql_files import query, quote_identifier, quote_literal

# A patched copy keeps the blocks its rewritten row groups and dropped tables freed for later writes,
# and rows it deleted until their row group is rewritten, so it grows a little with every patch
# (bench/README.md section 2). Past this share of free blocks, or past this size relative to the
# blocks the warehouse uses, the snapshot is copied whole instead, which leaves neither; small
# files (under MIN_BLOCKS) are always patched.
MAX_FREE_BLOCK_SHARE = 0.3
MAX_SIZE_TO_WAREHOUSE = 1.5
MIN_BLOCKS = 64


def _qualified(name: str, database: str | None = None) -> str:
    schema, _, table = name.partition(".")
    inside = f"{quote_identifier(schema)}.{quote_identifier(table)}"
    return inside if database is None else f"{quote_identifier(database)}.{inside}"


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()


def _rows_digest(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """The digest of the row count and the order-independent hash of every row of `table` (a quoted
    name), every column included."""
    return _digest(row_digest(con, table))


def content_parts(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """A digest of each schema, table and view of the database open on `con`, keyed by
    `"schema <s>"`, `"table <s>.<t>"` and `"view <s>.<v>"`. A table's digest is two, joined by `:`:
    its definition (CREATE statement, comment, columns), then its rows. Reads every row of every
    table."""
    parts = {f"schema {name}": "" for (name,) in con.execute(query("warehouse/user_schemas")).fetchall()}
    for schema, table, create, comment in con.execute(query("warehouse/table_definitions")).fetchall():
        columns = con.execute(query("warehouse/columns_of_table"), [schema, table]).fetchall()
        definition = _digest((create, comment, columns))
        parts[f"table {schema}.{table}"] = (
            f"{definition}:{_rows_digest(con, _qualified(f'{schema}.{table}'))}"
        )
    for schema, view, create in con.execute(query("warehouse/view_definitions")).fetchall():
        parts[f"view {schema}.{view}"] = _digest(create)
    return parts


def fingerprint_of_parts(parts: dict[str, str]) -> str:
    """One digest of all the parts: equal when the databases hold the same content."""
    return _digest(sorted(parts.items()))


def can_patch(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the database open on `con` holds only schemas, tables and views (the objects a patch
    rewrites); macros, sequences, user types or indexes call for a full copy."""
    return con.execute(query("warehouse/count_other_objects")).fetchone()[0] == 0


def _changed(old: dict[str, str], new: dict[str, str], kind: str) -> tuple[list[str], list[str]]:
    """Names of the objects of one kind to drop from the old snapshot and to write from the new
    content (a changed object is in both lists)."""
    prefix = kind + " "
    drop = [k[len(prefix) :] for k in old if k.startswith(prefix) and old[k] != new.get(k)]
    write = [k[len(prefix) :] for k in new if k.startswith(prefix) and new[k] != old.get(k)]
    return sorted(drop), sorted(write)


def _too_fragmented(con: duckdb.DuckDBPyConnection, copy: str, source: str) -> bool:
    total, free = con.execute(query("warehouse/database_blocks"), [copy]).fetchone()
    source_total, source_free = con.execute(query("warehouse/database_blocks"), [source]).fetchone()
    if total < MIN_BLOCKS:
        return False
    return free > MAX_FREE_BLOCK_SHARE * total or total > MAX_SIZE_TO_WAREHOUSE * (source_total - source_free)


def _rows_to_change(con: duckdb.DuckDBPyConnection, copy: str, source: str) -> tuple[list[int], list[int]]:
    """Row ids of the rows of table `copy` whose hash no row of table `source` has, and of the rows of
    `source` whose hash no row of `copy` has (quoted names). A row present on both sides a different
    number of times is in neither list: the caller checks the result and rewrites such a table."""

    def unmatched(left: str, right: str) -> list[int]:
        rows = con.execute(
            f"select a.rid from (select rowid as rid, hash(x) as h from {left} as x) as a "
            f"anti join (select hash(x) as h from {right} as x) as b using (h)"
        ).fetchall()
        return [rid for (rid,) in rows]

    return unmatched(copy, source), unmatched(source, copy)


def _refill(con: duckdb.DuckDBPyConnection, copy: str, source: str, rows_digest: str) -> bool:
    """Delete from table `copy` the rows `source` no longer holds and insert those it lacks; True
    when `copy` then holds exactly the rows of `source` (its rows digest is `rows_digest`)."""
    gone, added = _rows_to_change(con, copy, source)
    if gone:
        con.execute(f"delete from {copy} where rowid in (select unnest(?::bigint[]))", [gone])
    if added:
        con.execute(
            f"insert into {copy} select * from {source} where rowid in (select unnest(?::bigint[]))", [added]
        )
    return _rows_digest(con, copy) == rows_digest


def _rewrite(con: duckdb.DuckDBPyConnection, copy: str, source: str) -> None:
    """Replace every row of table `copy` with the rows of table `source`."""
    con.execute(f"delete from {copy}")
    con.execute(f"insert into {copy} select * from {source}")


def _definition(part: str | None) -> str | None:
    return part.partition(":")[0] if part is not None else None


def patch_copy(
    con: duckdb.DuckDBPyConnection,
    copy: str,
    old: dict[str, str],
    new: dict[str, str],
) -> bool:
    """Turn the snapshot copy attached on `con` as `copy` (whose parts are `old`) into the content of
    the current database of `con` (whose parts are `new`), in one transaction, and checkpoint it.
    A table whose definition is unchanged gets only its changed rows deleted and inserted (all its
    rows replaced when that does not give the warehouse's rows); a new table or one whose definition
    changed is written whole. Returns False, having changed nothing, when the copy has too many free
    blocks or has grown too large to be worth patching; the caller then copies the database whole."""
    source = con.execute("select current_database()").fetchone()[0]
    if _too_fragmented(con, copy, source):
        return False
    drop_views, write_views = _changed(old, new, "view")
    drop_tables, write_tables = _changed(old, new, "table")
    drop_schemas, write_schemas = _changed(old, new, "schema")
    refill = [
        name
        for name in write_tables
        if name in drop_tables and _definition(old[f"table {name}"]) == _definition(new[f"table {name}"])
    ]
    drop_tables = [name for name in drop_tables if name not in refill]
    write_tables = [name for name in write_tables if name not in refill]
    tables = {
        f"{schema}.{table}": (create, comment)
        for schema, table, create, comment in con.execute(query("warehouse/table_definitions")).fetchall()
    }
    views = [
        (f"{schema}.{view}", create)
        for schema, view, create in con.execute(query("warehouse/view_definitions")).fetchall()
    ]
    con.execute("begin transaction")
    try:
        # the CREATE statements name `schema.object`: run them with the copy as the default database
        con.execute(f"use {quote_identifier(copy)}")
        for name in drop_views:
            con.execute(f"drop view {_qualified(name)}")
        for name in drop_tables:
            con.execute(f"drop table {_qualified(name)}")
        for name in write_schemas:
            con.execute(f"create schema {quote_identifier(name)}")
        for name in refill:
            into, origin = _qualified(name, copy), _qualified(name, source)
            if not _refill(con, into, origin, new[f"table {name}"].partition(":")[2]):
                _rewrite(con, into, origin)  # a duplicated row whose count changed, say
        for name in write_tables:
            create, comment = tables[name]
            con.execute(create)
            if comment:
                con.execute(f"comment on table {_qualified(name)} is {quote_literal(comment)}")
            into, origin = _qualified(name, copy), _qualified(name, source)
            con.execute(f"insert into {into} select * from {origin}")
        for name, create in views:
            if name in write_views:
                con.execute(create)
        for name in drop_schemas:
            con.execute(f"drop schema {quote_identifier(name)}")
        con.execute("commit")
    except BaseException:
        with suppress(duckdb.Error):
            con.execute("rollback")
        raise
    finally:
        con.execute(f"use {quote_identifier(source)}")
    con.execute(f"checkpoint {quote_identifier(copy)}")
    return True

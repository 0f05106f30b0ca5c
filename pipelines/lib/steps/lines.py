"""Budget lines: reconcile the facts of every document into lines, their reports, conflicts and the
changes sources state.

A full rebuild (the input is the whole facts table, the output is deterministic), in one
transaction: a failure leaves the previous tables in place. The derived tables are dropped and
re-created from their `sql/core` files, so a column added to a file reaches an existing warehouse.

A rebuild is skipped when its inputs are those of the last one: the fingerprint of everything it
reads (the facts as `load_fact_rows` returns them, the aliases) and of the code and DDL that make
the tables is stored, in the same transaction as the tables, as the comment of core.budget_lines.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path

import duckdb

from pipelines.lib import reconcile as _reconcile_module
from pipelines.lib.reconcile import (
    COUNTED_KINDS,
    LINE_KINDS,
    Aliases,
    Conflict,
    FactRow,
    Line,
    canonicalise,
    conflicts,
    mark_alternatives,
    reconcile,
)
from pipelines.lib.steps import tables as _tables_module
from pipelines.lib.steps.reference import load_aliases
from pipelines.lib.steps.tables import insert_rows
from pipelines.lib.warehouse import SQL_DIR, run_sql_file, table_exists, transaction

_FACTS = """
select f.fact_id, f.document, f.source_id, f.url, s.publisher_type, f.published, f.as_written, f.sentence,
    f.amount::hugeint, f.currency, f.amount_jpy::hugeint, f.amount_usd::hugeint, f.kind, f.sector, f.stage,
    f.instrument, f.recipient, f.government, f.agency, f.fiscal_year, f.qualifier, f.start, f."end",
    f.confidence, f.percent
from core.budget_facts as f
left join raw.sources as s on f.source_id = s.source_id
where list_contains(?, f.kind)
    -- only the current version of each URL: a page that changed keeps its old facts, uncounted
    and f.document in (select content_hash from raw.source_urls where content_hash is not null)
"""
_ORDER = "order by f.fact_id"
STATE_TABLE = "core.budget_lines"  # its comment holds the fingerprint of the inputs of the last rebuild

DERIVED = {
    "core.budget_lines": "core/04_budget_lines.sql",
    "core.budget_line_sources": "core/05_budget_line_sources.sql",
    "core.fact_conflicts": "core/06_fact_conflicts.sql",
    "core.stated_changes": "core/07_stated_changes.sql",
}

LINE_COLUMNS = [
    "line_id",
    "government",
    "agency",
    "fiscal_year",
    "stage",
    "kind",
    "sector",
    "instrument",
    "recipient",
    "recipient_as_written",
    "currency",
    "amount",
    "amount_jpy",
    "amount_usd",
    "qualifier",
    "best_fact_id",
    "best_source_id",
    "best_publisher_type",
    "best_as_written",
    "min_reported",
    "max_reported",
    "n_facts",
    "n_sources",
    "n_documents",
    "parent_line_id",
    "superseded_by",
    "alternative_to",
    "first_reported",
    "last_reported",
]
MONEY = "decimal(38, 0)"
LINE_CASTS = {
    "fiscal_year": "integer",
    "amount": MONEY,
    "amount_jpy": MONEY,
    "amount_usd": MONEY,
    "min_reported": MONEY,
    "max_reported": MONEY,
    "n_facts": "integer",
    "n_sources": "integer",
    "n_documents": "integer",
    "first_reported": "date",
    "last_reported": "date",
}
SOURCE_COLUMNS = [
    "line_id",
    "fact_id",
    "document",
    "source_id",
    "url",
    "publisher_type",
    "reported_amount",
    "currency",
    "reported_amount_jpy",
    "qualifier",
    "as_written",
    "sentence",
    "published",
    "report_rank",
    "is_best",
]
SOURCE_CASTS = {
    "reported_amount": MONEY,
    "reported_amount_jpy": MONEY,
    "published": "date",
    "report_rank": "integer",
    "is_best": "boolean",
}
CONFLICT_COLUMNS = [
    "line_id_a",
    "line_id_b",
    "relation",
    "government",
    "agency",
    "fiscal_year",
    "stage",
    "kind",
    "sector",
    "instrument",
    "recipient",
    "currency_a",
    "amount_a",
    "currency_b",
    "amount_b",
    "amount_jpy_a",
    "amount_jpy_b",
    "difference_pct",
    "sources_a",
    "sources_b",
    "as_written_a",
    "as_written_b",
    "first_reported_a",
    "last_reported_a",
    "first_reported_b",
    "last_reported_b",
]
CONFLICT_CASTS = {
    "fiscal_year": "integer",
    "amount_a": MONEY,
    "amount_b": MONEY,
    "amount_jpy_a": MONEY,
    "amount_jpy_b": MONEY,
    "difference_pct": "decimal(12, 2)",
    "first_reported_a": "date",
    "last_reported_a": "date",
    "first_reported_b": "date",
    "last_reported_b": "date",
}
CHANGE_COLUMNS = [
    "fact_id",
    "line_id",
    "measure",
    "government",
    "agency",
    "fiscal_year",
    "stage",
    "sector",
    "percent",
    "change_amount",
    "currency",
    "change_amount_jpy",
    "qualifier",
    "as_written",
    "sentence",
    "document",
    "source_id",
    "publisher_type",
    "published",
]
CHANGE_CASTS = {
    "fiscal_year": "integer",
    "percent": "decimal(12, 2)",
    "change_amount": MONEY,
    "change_amount_jpy": MONEY,
    "published": "date",
}


def load_fact_rows(con: duckdb.DuckDBPyConnection, kinds: tuple[str, ...] = LINE_KINDS) -> list[FactRow]:
    """The facts of the given kinds, joined to their source's publisher type."""
    return [FactRow(*row) for row in con.execute(_FACTS + _ORDER, [list(kinds)]).fetchall()]


def _line_row(line: Line) -> tuple:
    b, k = line.best, line.key
    same_currency = [f.amount for f in line.facts if f.currency == b.currency]
    dates = line.dates()
    return (
        line.line_id,
        k.government,
        k.agency,
        k.fiscal_year,
        k.stage,
        k.kind,
        k.sector,
        k.instrument,
        line.recipient,
        line.recipient_as_written,
        b.currency,
        b.amount,
        b.amount_jpy,
        b.amount_usd,
        b.qualifier,
        b.fact_id,
        b.source_id,
        b.publisher_type,
        b.as_written,
        min(same_currency),
        max(same_currency),
        len(line.facts),
        len(line.sources),
        len(line.documents),
        line.parent_line_id,
        line.superseded_by,
        line.alternative_to,
        dates[0] if dates else None,
        dates[-1] if dates else None,
    )


def _source_rows(line: Line) -> list[tuple]:
    return [
        (
            line.line_id,
            f.fact_id,
            f.document,
            f.source_id,
            f.url,
            f.publisher_type,
            f.amount,
            f.currency,
            f.amount_jpy,
            f.qualifier,
            f.as_written,
            f.sentence,
            f.published,
            rank,
            rank == 1,
        )
        for rank, f in enumerate(line.facts, start=1)
    ]


def _conflict_rows(found: list[Conflict]) -> list[tuple]:
    rows = []
    for c in found:
        a, b = c.a, c.b
        da, db = a.dates(), b.dates()
        rows.append(
            (
                a.line_id,
                b.line_id,
                c.relation,
                a.key.government,
                a.key.agency or b.key.agency,
                a.key.fiscal_year,
                a.key.stage,
                a.key.kind,
                a.key.sector,
                a.key.instrument,
                a.recipient or b.recipient,
                a.best.currency,
                a.best.amount,
                b.best.currency,
                b.best.amount,
                a.best.amount_jpy,
                b.best.amount_jpy,
                c.difference_pct,
                ", ".join(sorted(a.sources)),
                ", ".join(sorted(b.sources)),
                a.best.as_written,
                b.best.as_written,
                da[0] if da else None,
                da[-1] if da else None,
                db[0] if db else None,
                db[-1] if db else None,
            )
        )
    return rows


def measure_of(line: Line, by_id: dict[str, Line]) -> str:
    """Which year-on-year measure a line's change belongs to (see sql/marts/budget_changes.sql)."""
    if line.key.kind not in COUNTED_KINDS:
        return line.key.kind
    parent = by_id.get(line.parent_line_id or "")
    return "nested_allocations" if parent is not None and parent.key.kind in COUNTED_KINDS else "allocations"


def _gap(figure: FactRow, change: FactRow) -> int:
    """Characters between a figure and a change phrase of the same sentence (0 when unknown)."""
    if figure.start is None or change.start is None:
        return 0
    if figure.start <= change.start:
        return change.start - (figure.end if figure.end is not None else figure.start)
    return figure.start - (change.end if change.end is not None else change.start)


def _change_rows(changes: list[FactRow], lines: list[Line], aliases: Aliases) -> list[tuple]:
    """Tie each stated change to the line of the nearest line figure in its sentence."""
    by_id = {line.line_id: line for line in lines}
    in_sentence: dict[tuple[str, str], list[tuple[FactRow, Line]]] = defaultdict(list)
    for line in lines:
        for f in line.facts:
            in_sentence[(f.document, f.sentence or "")].append((f, line))
    canonicalise(changes, aliases)
    rows = []
    for c in changes:
        if c.percent is None and not c.amount:
            continue
        near = in_sentence.get((c.document, c.sentence or ""), [])
        target = min(near, key=lambda fl: (_gap(fl[0], c), fl[0].fact_id))[1] if near else None
        if target is not None:
            k = target.key
            key = (k.government, k.agency, k.fiscal_year, k.stage, k.sector)
            measure = measure_of(target, by_id)
        else:
            key = (c.government, c.agency, c.fiscal_year, c.stage or "unknown", c.sector)
            measure = "allocations"
        rows.append(
            (
                c.fact_id,
                target.line_id if target else None,
                measure,
                *key,
                c.percent,
                c.amount,
                c.currency,
                c.amount_jpy,
                c.qualifier,
                c.as_written,
                c.sentence,
                c.document,
                c.source_id,
                c.publisher_type,
                c.published,
            )
        )
    return rows


def _code_version() -> str:
    """A hash of the code and DDL that turn facts into the derived tables."""
    digest = hashlib.sha256()
    files = [Path(_reconcile_module.__file__), Path(__file__), Path(_tables_module.__file__)]
    files += [SQL_DIR / ddl for ddl in DERIVED.values()]
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def inputs_fingerprint(con: duckdb.DuckDBPyConnection, aliases: Aliases) -> str:
    """The fingerprint of everything `rebuild_lines` reads: the facts of each load (count and an
    order-independent hash of the rows, exactly as loaded), the aliases, the code version."""
    parts = [_code_version(), aliases.fingerprint()]
    for kinds in (LINE_KINDS, ("change",)):
        rows, content = con.execute(
            f"select count(*), coalesce(sum(hash(r)), 0)::hugeint from ({_FACTS}) as r", [list(kinds)]
        ).fetchall()[0]
        parts.append(f"{rows}:{content}")
    return "lines:" + hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()


def _stored_fingerprint(con: duckdb.DuckDBPyConnection, qualified: str) -> str | None:
    schema, name = qualified.split(".")
    rows = con.execute(
        "select comment from duckdb_tables() where database_name = current_database() "
        "and schema_name = ? and table_name = ?",
        [schema, name],
    ).fetchall()
    return rows[0][0] if rows else None


def _counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    tables = {
        "lines": "core.budget_lines",
        "line_sources": "core.budget_line_sources",
        "conflicts": "core.fact_conflicts",
        "stated_changes": "core.stated_changes",
    }
    return {k: con.execute(f"select count(*) from {t}").fetchall()[0][0] for k, t in tables.items()}


def rebuild_lines(
    con: duckdb.DuckDBPyConnection, aliases: Aliases | None = None, force: bool = False
) -> dict[str, int]:
    """Rebuild core.budget_lines, core.budget_line_sources, core.fact_conflicts and core.stated_changes.

    Skipped (the tables are already what a rebuild would write) when the inputs' fingerprint is the
    one stored by the last rebuild, unless `force`. Returns each table's row count and `rebuilt`.
    """
    aliases = aliases or load_aliases(con)
    fingerprint = inputs_fingerprint(con, aliases)
    if (
        not force
        and all(table_exists(con, table) for table in DERIVED)
        and _stored_fingerprint(con, STATE_TABLE) == fingerprint
    ):
        return {**_counts(con), "rebuilt": False}
    lines = reconcile(load_fact_rows(con), aliases)
    found = conflicts(lines)
    mark_alternatives(found)
    line_rows = [_line_row(line) for line in lines]
    source_rows = [row for line in lines for row in _source_rows(line)]
    conflict_rows = _conflict_rows(found)
    change_rows = _change_rows(load_fact_rows(con, ("change",)), lines, aliases)
    with transaction(con):
        for table, ddl in DERIVED.items():
            con.execute(f"drop table if exists {table}")
            run_sql_file(con, ddl)
        insert_rows(con, "core.budget_lines", LINE_COLUMNS, line_rows, LINE_CASTS)
        insert_rows(con, "core.budget_line_sources", SOURCE_COLUMNS, source_rows, SOURCE_CASTS)
        insert_rows(con, "core.fact_conflicts", CONFLICT_COLUMNS, conflict_rows, CONFLICT_CASTS)
        insert_rows(con, "core.stated_changes", CHANGE_COLUMNS, change_rows, CHANGE_CASTS)
        con.execute(f"comment on table {STATE_TABLE} is '{fingerprint}'")  # hex: nothing to escape
    return {
        "lines": len(line_rows),
        "line_sources": len(source_rows),
        "conflicts": len(conflict_rows),
        "stated_changes": len(change_rows),
        "rebuilt": True,
    }

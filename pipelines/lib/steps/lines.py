"""Budget lines: reconcile the facts of every document into lines, their sources, and conflicts.

A full rebuild each time (the input is the whole facts table, the output is deterministic), in one
transaction: a failure leaves the previous lines in place.
"""

from __future__ import annotations

import duckdb

from pipelines.lib.reconcile import LINE_KINDS, FactRow, conflicts, reconcile
from pipelines.lib.steps.tables import insert_rows
from pipelines.lib.warehouse import transaction

_FACTS = """
select f.fact_id, f.document, f.source_id, f.url, s.publisher_type, f.published, f.as_written, f.sentence,
    f.amount::hugeint, f.currency, f.amount_jpy::hugeint, f.amount_usd::hugeint, f.kind, f.sector, f.stage,
    f.instrument, f.recipient, f.government, f.agency, f.fiscal_year, f.qualifier
from core.budget_facts as f
left join raw.sources as s on f.source_id = s.source_id
where list_contains(?, f.kind) and f.amount is not null and f.currency is not null
order by f.fact_id
"""

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
    "currency",
    "amount",
    "amount_jpy",
    "amount_usd",
    "best_fact_id",
    "min_reported",
    "max_reported",
    "n_facts",
    "n_sources",
    "n_documents",
    "parent_line_id",
    "first_reported",
    "last_reported",
]
LINE_CASTS = {
    "fiscal_year": "integer",
    "amount": "decimal(38, 0)",
    "amount_jpy": "decimal(38, 0)",
    "amount_usd": "decimal(38, 0)",
    "min_reported": "decimal(38, 0)",
    "max_reported": "decimal(38, 0)",
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
    "as_written",
    "sentence",
    "published",
    "is_best",
]
CONFLICT_COLUMNS = [
    "line_id_a",
    "line_id_b",
    "government",
    "agency",
    "fiscal_year",
    "stage",
    "kind",
    "sector",
    "instrument",
    "recipient",
    "currency",
    "amount_a",
    "amount_b",
    "sources_a",
    "sources_b",
    "as_written_a",
    "as_written_b",
]


def load_fact_rows(con: duckdb.DuckDBPyConnection) -> list[FactRow]:
    return [FactRow(*row) for row in con.execute(_FACTS, [list(LINE_KINDS)]).fetchall()]


def rebuild_lines(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rebuild core.budget_lines, core.budget_line_sources and core.fact_conflicts."""
    lines = reconcile(load_fact_rows(con))
    line_rows, source_rows = [], []
    for line in lines:
        b = line.best
        dates = [f.published for f in line.facts if f.published]
        line_rows.append(
            (
                line.line_id,
                b.government,
                b.agency,
                b.fiscal_year,
                b.stage,
                b.kind,
                b.sector,
                b.instrument,
                b.recipient,
                b.currency,
                b.amount,
                b.amount_jpy,
                b.amount_usd,
                b.fact_id,
                min(line.amounts),
                max(line.amounts),
                len(line.facts),
                len({f.source_id or f.document for f in line.facts}),
                len({f.document for f in line.facts}),
                line.parent_line_id,
                min(dates) if dates else None,
                max(dates) if dates else None,
            )
        )
        for f in line.facts:
            source_rows.append(
                (
                    line.line_id,
                    f.fact_id,
                    f.document,
                    f.source_id,
                    f.url,
                    f.publisher_type,
                    f.amount,
                    f.currency,
                    f.as_written,
                    f.sentence,
                    f.published,
                    f is b,
                )
            )
    conflict_rows = []
    for a, b in conflicts(lines):
        key = a.best
        conflict_rows.append(
            (
                a.line_id,
                b.line_id,
                key.government,
                key.agency,
                key.fiscal_year,
                key.stage,
                key.kind,
                key.sector,
                key.instrument,
                key.recipient,
                key.currency,
                a.best.amount,
                b.best.amount,
                ", ".join(sorted({f.source_id or f.document for f in a.facts})),
                ", ".join(sorted({f.source_id or f.document for f in b.facts})),
                a.best.as_written,
                b.best.as_written,
            )
        )
    with transaction(con):
        con.execute("delete from core.budget_lines")
        con.execute("delete from core.budget_line_sources")
        con.execute("delete from core.fact_conflicts")
        insert_rows(con, "core.budget_lines", LINE_COLUMNS, line_rows, LINE_CASTS)
        insert_rows(
            con,
            "core.budget_line_sources",
            SOURCE_COLUMNS,
            source_rows,
            {"reported_amount": "decimal(38, 0)", "published": "date", "is_best": "boolean"},
        )
        insert_rows(
            con,
            "core.fact_conflicts",
            CONFLICT_COLUMNS,
            conflict_rows,
            {"fiscal_year": "integer", "amount_a": "decimal(38, 0)", "amount_b": "decimal(38, 0)"},
        )
    return {"lines": len(line_rows), "line_sources": len(source_rows), "conflicts": len(conflict_rows)}

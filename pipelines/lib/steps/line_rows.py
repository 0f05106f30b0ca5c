"""The rows of the budget-lines tables, built from reconciled lines (see `steps/lines.py`)."""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from pipelines.lib.reconcile import COUNTED_KINDS, Aliases, Conflict, FactRow, Line, canonicalise

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


def line_row(line: Line) -> tuple:
    """The core.budget_lines row of a line (in LINE_COLUMNS order)."""
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


def source_rows(line: Line) -> list[tuple]:
    """The core.budget_line_sources rows of a line's reports, best first."""
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


def conflict_rows(found: list[Conflict]) -> list[tuple]:
    """The core.fact_conflicts rows of conflicts."""
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


class Figure(NamedTuple):
    """A line's report in a document, as a stated change of its sentence is tied to it."""

    document: str
    sentence: str | None
    fact_id: str
    start: int | None
    end: int | None
    line_id: str
    government: str | None
    agency: str | None
    fiscal_year: int | None
    stage: str
    sector: str
    kind: str
    parent_kind: str | None  # the kind of the line's parent line, if any


def measure_of(kind: str, parent_kind: str | None) -> str:
    """Which year-on-year measure a line's change belongs to (see sql/marts/budget_changes.sql)."""
    if kind not in COUNTED_KINDS:
        return kind
    return "nested_allocations" if parent_kind in COUNTED_KINDS else "allocations"


def _gap(figure: Figure | FactRow, change: FactRow) -> int:
    """Characters between a figure and a change phrase of the same sentence (0 when unknown)."""
    if figure.start is None or change.start is None:
        return 0
    if figure.start <= change.start:
        return change.start - (figure.end if figure.end is not None else figure.start)
    return figure.start - (change.end if change.end is not None else change.start)


def change_rows(changes: list[FactRow], figures: list[Figure], aliases: Aliases) -> list[tuple]:
    """Tie each stated change to the line of the nearest line figure in its sentence.

    `figures` must hold every line report of the changes' documents.
    """
    in_sentence: dict[tuple[str, str], list[Figure]] = defaultdict(list)
    for f in figures:
        in_sentence[(f.document, f.sentence or "")].append(f)
    canonicalise(changes, aliases)
    rows = []
    for c in changes:
        if c.percent is None and not c.amount:
            continue
        near = in_sentence.get((c.document, c.sentence or ""), [])
        target = min(near, key=lambda f: (_gap(f, c), f.fact_id)) if near else None
        if target is not None:
            key = (target.government, target.agency, target.fiscal_year, target.stage, target.sector)
            measure = measure_of(target.kind, target.parent_kind)
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


def figures_of(lines: list[Line]) -> list[Figure]:
    """The figures of in-memory lines (their `parent_line_id` set), for `change_rows`."""
    by_id = {line.line_id: line for line in lines}
    out = []
    for line in lines:
        parent = by_id.get(line.parent_line_id or "")
        k = line.key
        for f in line.facts:
            out.append(
                Figure(
                    f.document,
                    f.sentence,
                    f.fact_id,
                    f.start,
                    f.end,
                    line.line_id,
                    k.government,
                    k.agency,
                    k.fiscal_year,
                    k.stage,
                    k.sector,
                    k.kind,
                    parent.key.kind if parent is not None else None,
                )
            )
    return out

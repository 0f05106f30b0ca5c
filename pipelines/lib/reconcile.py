"""Reconciliation: group the facts that report the same budget figure into budget lines.

Two facts report the same figure when they share government, agency, fiscal year, stage, kind,
sector, instrument and recipient, and their amounts agree within the rounding their wording
implies: a figure written with k significant digits stands for any value less than one unit of
its last digit away ("¥1.23 trillion" covers 1兆2390億円, a truncation, but not ¥1.5 trillion).

The best value of a line comes from a ministry's own document before news, then from the most
precise wording, then the earliest report. Lines whose key matches but whose amounts disagree
beyond rounding are conflicts.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

LINE_KINDS = ("allocation", "total_budget", "cumulative_total", "bond")


@dataclass
class FactRow:
    """The columns of a budget fact that reconciliation needs."""

    fact_id: str
    document: str
    source_id: str | None
    url: str | None
    publisher_type: str | None
    published: date | None
    as_written: str
    sentence: str | None
    amount: int
    currency: str
    amount_jpy: int | None
    amount_usd: int | None
    kind: str
    sector: str
    stage: str
    instrument: str
    recipient: str | None
    government: str | None
    agency: str | None
    fiscal_year: int | None
    qualifier: str | None = None


@dataclass
class Line:
    line_id: str
    key: tuple
    best: FactRow
    facts: list[FactRow] = field(default_factory=list)
    parent_line_id: str | None = None

    @property
    def amounts(self) -> list[int]:
        return [f.amount for f in self.facts]


def rounding_unit(amount: int) -> int:
    """The unit of the last significant digit of `amount`, assuming at least two significant digits.

    Works on the value rather than on the wording, so "1兆2390億円", "¥1,239 billion" and
    "1.239 trillion yen" all give the same unit (10**9).
    """
    if amount <= 0:
        return 1
    unit = 1
    while amount % (unit * 10) == 0:
        unit *= 10
    return max(1, min(unit, _pow10_floor(amount) // 10))


def _pow10_floor(amount: int) -> int:
    return 10 ** (len(str(amount)) - 1)


def agree(a: int, b: int) -> bool:
    """True when two reported amounts can be the same figure given their rounding."""
    return abs(a - b) < max(rounding_unit(a), rounding_unit(b))


def precision_rank(fact: FactRow) -> tuple:
    """Sort key: ministry documents first, then the most precise figure, then the earliest report."""
    ministry = 0 if (fact.publisher_type or "") == "ministry" else 1
    approx = 1 if fact.qualifier == "approx" else 0
    return (ministry, rounding_unit(fact.amount), approx, fact.published or date.max, fact.fact_id)


def line_key(fact: FactRow) -> tuple:
    return (
        fact.government,
        fact.agency,
        fact.fiscal_year,
        fact.stage,
        fact.kind,
        fact.sector,
        fact.instrument,
        (fact.recipient or "").casefold() or None,
        fact.currency,
    )


def _line_id(key: tuple, best: FactRow) -> str:
    raw = "|".join("" if k is None else str(k) for k in key) + f"|{best.amount}"
    return "L" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def reconcile(facts: list[FactRow]) -> list[Line]:
    """Group facts into lines; deterministic for the same input whatever its order."""
    groups: dict[tuple, list[FactRow]] = {}
    for fact in facts:
        if fact.kind in LINE_KINDS and fact.amount and fact.amount > 0:
            groups.setdefault(line_key(fact), []).append(fact)
    lines: list[Line] = []
    for key in sorted(groups, key=lambda k: tuple("" if v is None else str(v) for v in k)):
        clusters: list[list[FactRow]] = []
        for fact in sorted(groups[key], key=precision_rank):
            for cluster in clusters:
                if agree(cluster[0].amount, fact.amount):
                    cluster.append(fact)
                    break
            else:
                clusters.append([fact])
        for cluster in clusters:
            best = cluster[0]
            lines.append(Line(line_id=_line_id(key, best), key=key, best=best, facts=cluster))
    _mark_nested(lines)
    return lines


def _mark_nested(lines: list[Line]) -> None:
    """A line reported inside a larger one of the same document ("of which", うち) gets a parent.

    Within one document, an allocation whose sentence sits inside the scope of a larger total or
    allocation of the same government, year and stage is nested when the larger figure's sector is
    `mixed` or the same sector; the marts then count only the outer figure.
    """
    by_doc: dict[str, list[tuple[FactRow, Line]]] = {}
    for line in lines:
        for fact in line.facts:
            by_doc.setdefault(fact.document, []).append((fact, line))
    for entries in by_doc.values():
        for fact, line in entries:
            if line.parent_line_id or fact.kind != "allocation" or not fact.sentence:
                continue
            if not re.search(r"(of which|うち|including|このうち|そのうち)", fact.sentence, re.IGNORECASE):
                continue
            candidates = [
                (other_fact, other_line)
                for other_fact, other_line in entries
                if other_line is not line
                and other_fact.kind in ("allocation", "bond")
                and other_fact.amount > fact.amount
                and other_fact.currency == fact.currency
                and other_fact.government == fact.government
                and other_fact.fiscal_year == fact.fiscal_year
                and other_fact.stage == fact.stage
                and other_fact.sector in (fact.sector, "mixed")
            ]
            if candidates:
                parent = min(candidates, key=lambda c: c[0].amount)[1]
                line.parent_line_id = parent.line_id


def conflicts(lines: list[Line]) -> list[tuple[Line, Line]]:
    """Pairs of lines with the same key whose amounts disagree beyond rounding, from different sources.

    Only keys that name one thing (a recipient, or a whole budget / cumulative total) can conflict;
    two unnamed allocations of one sector and year are simply two lines.
    """
    by_key: dict[tuple, list[Line]] = {}
    for line in lines:
        by_key.setdefault(line.key, []).append(line)
    out = []
    for key, group in by_key.items():
        kind, recipient = key[4], key[7]
        if len(group) < 2 or not (recipient or kind in ("total_budget", "cumulative_total")):
            continue
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                sources_a = {f.source_id or f.document for f in a.facts}
                sources_b = {f.source_id or f.document for f in b.facts}
                if sources_a != sources_b and not (a.parent_line_id or b.parent_line_id):
                    out.append((a, b))
    return out

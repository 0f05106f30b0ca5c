"""Independent units of reconciliation: sets of facts, and of lines, that can be redone alone.

Line formation and supersession (`reconcile.form_lines`) only ever relate two facts that can be the
same figure (`same_figure`) and whose keys can combine (`combine`; the stage aside for the money
kinds, whose lines supersede each other across stages). The connected components of that relation
(`fact_components`) are reconciled alone into exactly the lines, line ids and supersession that
reconciling every fact at once gives.

Conflicts (`reconcile.conflicts`) only pair lines whose keys are equal but for the agency and whose
values are within MAX_CONFLICT_RATIO of each other (within NEAR_MISS for unnamed lines): a change of
one line can only change its own conflicts and the alternatives of the lines linked to it that way
(`linked_lines`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from pipelines.lib.reconcile import (
    COUNTED_KINDS,
    MAX_CONFLICT_RATIO,
    NEAR_MISS,
    FactRow,
    LineKey,
    _FigureIndex,
    _named,
    line_key,
    same_figure,
)


class LinkFact(NamedTuple):
    """What decides whether a fact can share a line (or a supersession) with another one."""

    fact_id: str
    kind: str
    sector: str
    government: str | None
    fiscal_year: int | None
    agency: str | None
    stage: str
    instrument: str
    recipient: str | None  # `name_key` of the canonical recipient, as in `LineKey`
    currency: str
    amount: int
    amount_jpy: int | None


def link_fact(fact: FactRow) -> LinkFact:
    """The `LinkFact` of a canonical line fact (see `reconcile.line_facts`)."""
    k = line_key(fact)
    return LinkFact(
        fact.fact_id,
        k.kind,
        k.sector,
        k.government,
        k.fiscal_year,
        k.agency,
        k.stage,
        k.instrument,
        k.recipient,
        fact.currency,
        fact.amount,
        fact.amount_jpy,
    )


def keys_link(a: LinkFact, b: LinkFact) -> bool:
    """Can the keys of `a` and `b` combine (for the money kinds, whatever their stages)?"""
    if a.kind != b.kind or a.sector != b.sector:
        return False
    for x, y, unsaid in (
        (a.government, b.government, None),
        (a.fiscal_year, b.fiscal_year, None),
        (a.agency, b.agency, None),
        (a.instrument, b.instrument, "unknown"),
        (a.recipient, b.recipient, None),
    ):
        if x != y and x != unsaid and y != unsaid:
            return False
    return a.kind in COUNTED_KINDS or a.stage == b.stage or "unknown" in (a.stage, b.stage)


def facts_link(a: LinkFact, b: LinkFact) -> bool:
    """Can `a` and `b` end up in one line, or in two lines of which one supersedes the other?"""
    return keys_link(a, b) and same_figure(a, b)


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _compatible(a: tuple, b: tuple) -> bool:
    """Can facts of blocks (government, fiscal year) `a` and `b` combine?"""
    return all(x == y or x is None or y is None for x, y in zip(a, b, strict=True))


def fact_components(facts: Iterable[LinkFact]) -> dict[str, str]:
    """Each fact id mapped to its component: the smallest fact id of the facts linked to it by
    chains of `facts_link`."""
    facts = list(facts)
    # facts saying exactly the same thing are linked (same key, same amount): compare them once
    signatures: dict[tuple, list[int]] = defaultdict(list)
    for n, f in enumerate(facts):
        signatures[f[1:]].append(n)
    reps = [facts[members[0]] for members in signatures.values()]
    sets = _UnionFind(len(reps))
    by_block: dict[tuple, dict[tuple, list[int]]] = defaultdict(lambda: defaultdict(list))
    for n, f in enumerate(reps):
        by_block[(f.sector, f.kind)][(f.government, f.fiscal_year)].append(n)
    for blocks in by_block.values():
        indexes = {block: _FigureIndex(members, reps.__getitem__) for block, members in blocks.items()}
        for block, members in blocks.items():
            near = [indexes[other] for other in blocks if _compatible(block, other)]
            for n in members:
                f = reps[n]
                for index in near:
                    for m in index.near(f):
                        if m != n and sets.find(m) != sets.find(n) and facts_link(f, reps[m]):
                            sets.union(n, m)
    smallest: dict[int, str] = {}
    root_of = []
    for n, members in enumerate(signatures.values()):
        root = sets.find(n)
        root_of.append(root)
        first = min(facts[i].fact_id for i in members)
        if root not in smallest or first < smallest[root]:
            smallest[root] = first
    return {
        facts[i].fact_id: smallest[root]
        for root, members in zip(root_of, signatures.values(), strict=True)
        for i in members
    }


class LineValue(NamedTuple):
    """What decides whether a line can be in conflict with another one: its key and best value."""

    line_id: str
    key: LineKey
    currency: str
    amount: int
    amount_jpy: int | None


def conflict_group(key: LineKey) -> LineKey:
    """Lines can only conflict within one group: equal keys but for the agency."""
    return key._replace(agency=None)


def conflict_link(a: LineValue, b: LineValue) -> bool:
    """Can lines `a` and `b` be a conflict (`reconcile.conflicts`)? One group, and values (in one
    currency, else in yen) within MAX_CONFLICT_RATIO of each other, for unnamed lines within NEAR_MISS."""
    group = conflict_group(a.key)
    if group != conflict_group(b.key):
        return False
    if a.currency == b.currency:
        x, y = a.amount, b.amount
    else:
        x, y = a.amount_jpy, b.amount_jpy
        if x is None or y is None:
            return False
        if x <= 0 or y <= 0:  # no ratio bounds them: only two such values can still be compared
            return x <= 0 and y <= 0
    low, high = min(x, y), max(x, y)
    if high > MAX_CONFLICT_RATIO * low:
        return False
    return _named(group) or Decimal(high - low) <= NEAR_MISS * high


def linked_lines(lines: list[LineValue], probes: list[LineValue]) -> set[str]:
    """The ids of the lines of `lines` that `conflict_link` links to one of `probes`.

    A line's conflicts (and so its alternative) can only change when a line linked to it changes.
    """
    by_group: dict[LineKey, list[LineValue]] = defaultdict(list)
    for line in lines:
        by_group[conflict_group(line.key)].append(line)
    out: set[str] = set()
    for probe in probes:
        out.update(
            line.line_id for line in by_group.get(conflict_group(probe.key), ()) if conflict_link(probe, line)
        )
    return out

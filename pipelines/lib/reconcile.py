"""Reconciliation: group the facts that report the same budget figure into budget lines.

Two facts report the same figure when they describe the same item (government, agency, fiscal
year, stage, kind, sector, instrument and recipient, names made canonical through the alias
table) and their amounts agree within the rounding their wording implies: a figure written with k
significant digits stands for any value less than one unit of its last digit away ("¥1.23
trillion" covers 1兆2390億円, a truncation, but not ¥1.5 trillion). The same figure reported in two
currencies agrees through the normalised yen amounts, within an FX tolerance. Two facts of one
document with the very same amount are two figures (the extractor merges exact repeats itself);
a headline's rounded figure and the body's precise one can still be one line.

Only a recipient found in the alias table identifies an item; a name outside it (a programme, a
phrase) is kept as written but does not split lines. A report that leaves a field unsaid (agency,
government, recipient or fiscal year null, stage or instrument `unknown`) joins the one line that
says it when exactly one such line carries an agreeing amount; with two candidates it stays apart
rather than guess. The kind is part of the item, as the issue asks: an `allocation` and a
`total_budget` of one amount stay two lines (only the allocation is added up in the marts).

Each line keeps every report. Its best value comes from a ministry's own document before news,
then from the most precise wording, then the plainest (no "about"), then the earliest report.

Around the lines:
- nesting: a figure reported inside a larger one ("of which", うち, "including") points to it;
- supersession: the same money seen at an earlier budget stage (a request later drafted, an
  award later finalised) points to the most advanced stage that reports it;
- conflicts: two lines about one item whose values disagree beyond rounding and that no single
  document reports together. A cumulative total that grows over time is not a conflict. A line
  that loses conflicts is an alternative to the most authoritative line it loses to, and that one
  conflict is the one kept for it.
"""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

ENTITIES_FILE = Path(__file__).resolve().parents[1] / "data" / "entities.csv"

LINE_KINDS = ("allocation", "total_budget", "cumulative_total", "bond")
COUNTED_KINDS = ("allocation", "bond")  # the kinds the sector totals add up
PARENT_KINDS = ("allocation", "bond", "total_budget")
STAGE_RANK = {
    "unknown": 0,
    "request": 1,
    "draft": 2,
    "initial": 3,
    "supplementary": 3,
    "announced": 4,
    "executed": 5,
}
FX_TOLERANCE = Decimal("0.05")  # two currencies of one figure: annual-average rates vs the day's rate
NEAR_MISS = Decimal("0.10")  # unnamed lines this close (but beyond rounding) are one item reported twice
MAX_CONFLICT_RATIO = 2  # values further apart are two items (or a unit error), not a disagreement


class LineKey(NamedTuple):
    """What a line is about. `None` / "unknown" values are unsaid and may be filled by another report."""

    government: str | None
    agency: str | None
    fiscal_year: int | None
    stage: str
    kind: str
    sector: str
    instrument: str
    recipient: str | None  # the normalised recipient name (see `name_key`)


WILDCARD_FIELDS = {
    "government": None,
    "agency": None,
    "fiscal_year": None,
    "stage": "unknown",
    "instrument": "unknown",
    "recipient": None,
}


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
    amount: int | None
    currency: str | None
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
    start: int | None = None
    end: int | None = None
    confidence: float | None = None
    percent: float | None = None
    recipient_as_written: str | None = None  # set by `canonicalise`: the name before resolution

    @property
    def source(self) -> str:
        """The source this report counts for: its catalog source, else its document."""
        return self.source_id or self.document


@dataclass
class Line:
    line_id: str
    key: LineKey
    best: FactRow
    facts: list[FactRow] = field(default_factory=list)
    parent_line_id: str | None = None
    superseded_by: str | None = None
    alternative_to: str | None = None  # the preferred line of a conflict this line loses
    recipient: str | None = None  # canonical name from the alias table, else None
    recipient_as_written: str | None = None  # the best report's own name for the recipient

    @property
    def amounts(self) -> list[int]:
        return [f.amount for f in self.facts]

    @property
    def documents(self) -> set[str]:
        return {f.document for f in self.facts}

    @property
    def sources(self) -> set[str]:
        return {f.source for f in self.facts}

    def dates(self) -> list[date]:
        return sorted(f.published for f in self.facts if f.published)


@dataclass
class Conflict:
    """Two lines about one item whose values disagree; `a` is the preferred one, the line `b` is an
    alternative to (see `conflicts`)."""

    a: Line
    b: Line
    relation: str  # "disagreement" (reported over the same period) or "revision" (one after the other)

    @property
    def difference_pct(self) -> Decimal | None:
        x, y = _comparable(self.a.best, self.b.best)
        if x is None or not y:
            return None
        return (Decimal(x - y) * 100 / Decimal(y)).quantize(Decimal("0.01"))


# ------------------------------------------------------------------------------------------------
# Names
# ------------------------------------------------------------------------------------------------

_LEGAL_FORMS = re.compile(
    r"(?:\b(?:inc|incorporated|corp|corporation|co|company|ltd|limited|llc|plc|gmbh|ag|s\.?a|n\.?v|k\.?k)\b\.?"
    r"|株式会社|有限会社|\(株\)|㈱)",
    re.IGNORECASE,
)


def name_key(name: str | None) -> str | None:
    """A name folded for comparison: NFKC, case-folded, legal forms and punctuation dropped."""
    if not name:
        return None
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _LEGAL_FORMS.sub(" ", text)
    text = re.sub(r"[\W_]+", " ", text).strip()
    return text or None


class Aliases:
    """Canonical names of recipients, agencies and governments, looked up by folded alias."""

    def __init__(self, rows: Iterable[tuple[str, str, str]] = ()):
        self._by_type: dict[str, dict[str, str]] = {}
        for canonical, entity_type, alias in rows:
            for written in (alias, canonical):
                folded = name_key(written)
                if folded:
                    self._by_type.setdefault(entity_type, {}).setdefault(folded, canonical)

    @classmethod
    def from_csv(cls, path: Path = ENTITIES_FILE) -> Aliases:
        """The alias table file (`canonical,type,country,sector,aliases`, aliases split on `|`)."""
        if not path.exists():
            return cls()
        with open(path, encoding="utf-8", newline="") as fh:
            return cls(
                (r["canonical"].strip(), r["type"].strip(), alias.strip())
                for r in csv.DictReader(fh)
                for alias in (r.get("aliases") or "").split("|")
                if alias.strip()
            )

    def fingerprint(self) -> str:
        """A hash of every (type, folded alias, canonical) entry: equal when resolution is."""
        entries = sorted((t, k, v) for t, names in self._by_type.items() for k, v in names.items())
        return hashlib.sha256(repr(entries).encode("utf-8")).hexdigest()

    def resolve(self, name: str | None, types: tuple[str, ...]) -> str | None:
        """The canonical name for `name` among entities of `types` (in order), or None if unknown."""
        folded = name_key(name)
        if not folded:
            return None
        for entity_type in types:
            hit = self._by_type.get(entity_type, {}).get(folded)
            if hit:
                return hit
        return None

    def canonical(self, name: str | None, types: tuple[str, ...]) -> str | None:
        """The canonical name for `name`, else `name` with its spacing tidied."""
        if not name:
            return None
        return self.resolve(name, types) or " ".join(unicodedata.normalize("NFKC", name).split())


def canonicalise(facts: list[FactRow], aliases: Aliases) -> None:
    """Resolve recipient, agency and government of each fact to canonical names (in place, idempotent).

    A recipient outside the alias table becomes None, its text kept in `recipient_as_written`.
    """
    for f in facts:
        if f.recipient_as_written is None:
            f.recipient_as_written = f.recipient
        f.recipient = aliases.resolve(f.recipient_as_written, ("recipient", "agency"))
        f.agency = aliases.canonical(f.agency, ("agency", "recipient"))
        f.government = aliases.canonical(f.government, ("government",))


# ------------------------------------------------------------------------------------------------
# Amounts
# ------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)
def rounding_unit(amount: int) -> int:
    """The unit of the last significant digit of `amount`, assuming at least two significant digits.

    Works on the value rather than on the wording, so "1兆2390億円", "¥1,239 billion" and
    "1.239 trillion yen" all give the same unit (10**9).
    """
    amount = abs(int(amount))
    if amount == 0:
        return 1
    unit = 1
    while amount % (unit * 10) == 0:
        unit *= 10
    return max(1, min(unit, _pow10_floor(amount) // 10))


def _pow10_floor(amount: int) -> int:
    return 10 ** (len(str(abs(int(amount)))) - 1)


def agree(a: int, b: int) -> bool:
    """True when two amounts in one currency can be the same figure given their rounding."""
    return abs(a - b) < max(rounding_unit(a), rounding_unit(b))


def relative_precision(amount: int) -> Decimal:
    """The rounding unit as a share of the amount: smaller is more precise."""
    if not amount:
        return Decimal(1)
    return Decimal(rounding_unit(amount)) / Decimal(abs(int(amount)))


def same_figure(a: FactRow, b: FactRow) -> bool:
    """Can two reports be the same figure? Same currency: within rounding; else through yen, within FX."""
    if a.currency == b.currency:
        return agree(a.amount, b.amount)
    if not a.amount_jpy or not b.amount_jpy:
        return False
    tolerance = FX_TOLERANCE + max(relative_precision(a.amount), relative_precision(b.amount))
    return abs(Decimal(a.amount_jpy - b.amount_jpy)) <= tolerance * max(a.amount_jpy, b.amount_jpy)


def _comparable(a: FactRow, b: FactRow) -> tuple[int | None, int | None]:
    if a.currency == b.currency:
        return a.amount, b.amount
    return a.amount_jpy, b.amount_jpy


def _bounded_consistent(a: FactRow, b: FactRow) -> bool:
    """An "up to" / "more than" figure is consistent with a plain value on the right side of it."""
    x, y = _comparable(a, b)
    if x is None or y is None:
        return False
    return _within_bound(a, x, b, y) or _within_bound(b, y, a, x)


def _within_bound(bound: FactRow, bound_value: int, other: FactRow, other_value: int) -> bool:
    if other.qualifier in ("up_to", "at_least"):  # two caps (or two floors) of one item must match
        return False
    slack = rounding_unit(bound_value)
    if bound.qualifier == "up_to":
        return other_value <= bound_value + slack
    if bound.qualifier == "at_least":
        return other_value >= bound_value - slack
    return False


def precision_rank(fact: FactRow) -> tuple:
    """Sort key: ministry documents first, then the most precise figure, the plainest, the earliest."""
    ministry = 0 if (fact.publisher_type or "") == "ministry" else 1
    approx = 1 if fact.qualifier == "approx" else 0
    return (
        ministry,
        relative_precision(fact.amount),
        approx,
        -(fact.confidence or 0),
        fact.published or date.max,
        fact.fact_id,
    )


# ------------------------------------------------------------------------------------------------
# Lines
# ------------------------------------------------------------------------------------------------


def line_key(fact: FactRow) -> LineKey:
    return LineKey(
        fact.government,
        fact.agency,
        fact.fiscal_year,
        fact.stage or "unknown",
        fact.kind,
        fact.sector,
        fact.instrument or "unknown",
        name_key(fact.recipient),
    )


def _key_text(key: LineKey) -> tuple[str, ...]:
    return tuple("" if v is None else str(v) for v in key)


def _wildcards(key: LineKey) -> int:
    return sum(getattr(key, name) == value for name, value in WILDCARD_FIELDS.items())


_UNSAID = tuple(WILDCARD_FIELDS.get(name, object()) for name in LineKey._fields)  # object(): never unsaid


def combine(a: LineKey, b: LineKey) -> LineKey | None:
    """The key saying everything `a` and `b` say, or None when they name different items.

    Unsaid fields take the other side's value; any other difference names a different item.
    """
    if a == b:
        return a
    out = []
    for x, y, unsaid in zip(a, b, _UNSAID, strict=True):
        if x == y or y == unsaid:
            out.append(x)
        elif x == unsaid:
            out.append(y)
        else:
            return None
    return LineKey(*out)


def specialises(specific: LineKey, general: LineKey) -> bool:
    """True when `specific` says everything `general` says and more (fills some unsaid field)."""
    return specific != general and combine(specific, general) == specific


def _all_agree(xs: list[FactRow], ys: list[FactRow]) -> bool:
    return all(same_figure(x, y) for x in xs for y in ys)


def _can_join(xs: list[FactRow], ys: list[FactRow]) -> bool:
    """Every pair agrees, and no document gives the very same amount twice (two figures, then)."""
    for x in xs:
        for y in ys:
            if not same_figure(x, y):
                return False
            if x.document == y.document and x.amount == y.amount and x.currency == y.currency:
                return False
    return True


def _line_id(key: LineKey, best: FactRow, taken: set[str]) -> str:
    raw = "|".join(_key_text(key)) + f"|{best.currency}|{best.amount}"
    line_id = "L" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]
    if line_id in taken:  # two lines of one key with one best amount: tell them apart by their best fact
        line_id = "L" + hashlib.sha256(f"{raw}|{best.fact_id}".encode()).hexdigest()[:16]
    taken.add(line_id)
    return line_id


@dataclass
class _Cluster:
    key: LineKey
    facts: list[FactRow]
    anchor: FactRow | None = None  # the first fact it was made with: it stays in `facts` for good

    def __post_init__(self) -> None:
        if self.anchor is None:
            self.anchor = self.facts[0]

    @property
    def best(self) -> FactRow:
        return self.facts[0]


# ------------------------------------------------------------------------------------------------
# Blocking: which pairs can possibly pass a comparison, found through sorted amounts
# ------------------------------------------------------------------------------------------------

_SAME_FIGURE_LOOSE = Decimal("0.1")  # above this relative precision (amounts < 10) the FX tolerance is wide


class _AmountIndex:
    """Items indexed by one fact each (same-currency amount, and yen amount across currencies).

    `near` returns a superset of the items whose fact can pass a comparison bounded by a ratio;
    the caller still runs the exact comparison. Items whose yen amount cannot be bounded (`loose`)
    are always returned for a cross-currency query, and a loose query returns every item of
    another currency with a yen amount.
    """

    def __init__(self, items: list, fact_of, loose) -> None:
        self._fact_of = fact_of
        self._by_currency: dict[str, tuple[list[int], list]] = {}
        jpy: list[tuple[int, int, object]] = []
        self._loose: list = []
        self._with_jpy: list = []
        per_currency: dict[str, list[tuple[int, int, object]]] = {}
        for n, item in enumerate(items):
            f = fact_of(item)
            per_currency.setdefault(f.currency, []).append((f.amount, n, item))
            if f.amount_jpy is not None:
                self._with_jpy.append(item)
                if loose(f):
                    self._loose.append(item)
                else:
                    jpy.append((f.amount_jpy, n, item))
        for currency, entries in per_currency.items():
            entries.sort(key=lambda e: (e[0], e[1]))
            self._by_currency[currency] = ([e[0] for e in entries], [e[2] for e in entries])
        jpy.sort(key=lambda e: (e[0], e[1]))
        self._jpy = ([e[0] for e in jpy], [e[2] for e in jpy])

    def near(self, fact: FactRow, same: tuple[int, int], cross: tuple[int, int] | None) -> list:
        """Items of `fact`'s currency with amounts in `same`, and of other currencies with yen amounts
        in `cross` (every one with a yen amount when `cross` is None and the fact has one)."""
        out = []
        keys, items = self._by_currency.get(fact.currency, ([], []))
        out.extend(items[bisect_left(keys, same[0]) : bisect_right(keys, same[1])])
        if fact.amount_jpy is None:
            return out
        if cross is None:
            out.extend(i for i in self._with_jpy if self._fact_of(i).currency != fact.currency)
            return out
        keys, items = self._jpy
        out.extend(
            i
            for i in items[bisect_left(keys, cross[0]) : bisect_right(keys, cross[1])]
            if self._fact_of(i).currency != fact.currency
        )
        out.extend(i for i in self._loose if self._fact_of(i).currency != fact.currency)
        return out


def _figure_loose(f: FactRow) -> bool:
    return f.amount_jpy <= 0 or relative_precision(f.amount) > _SAME_FIGURE_LOOSE


class _GrowingFigureIndex:
    """Numbers indexed by one fact each, added one at a time, so that `near(f)` is a small superset of
    the numbers whose fact can be `same_figure` with f: in f's currency, by rounding unit and amount
    (exactly those within the larger rounding unit); in each other currency, those whose yen amounts
    are within the widest FX tolerance, and those whose yen amount or precision cannot bound it."""

    def __init__(self) -> None:
        self._same: dict[str, dict[int, tuple[list[int], list[int]]]] = {}  # currency, unit: amounts
        self._yen: dict[str, tuple[list[int], list[int]]] = {}  # currency: bounded yen amounts
        self._loose: dict[str, list[int]] = defaultdict(list)
        self._with_yen: dict[str, list[int]] = defaultdict(list)

    @staticmethod
    def _insert(keys: list[int], numbers: list[int], key: int, number: int) -> None:
        at = bisect_right(keys, key)
        keys.insert(at, key)
        numbers.insert(at, number)

    def add(self, f: FactRow, number: int) -> None:
        units = self._same.setdefault(f.currency, {})
        self._insert(*units.setdefault(rounding_unit(f.amount), ([], [])), f.amount, number)
        if f.amount_jpy:
            self._with_yen[f.currency].append(number)
            if _figure_loose(f):
                self._loose[f.currency].append(number)
            else:
                self._insert(*self._yen.setdefault(f.currency, ([], [])), f.amount_jpy, number)

    def near(self, f: FactRow) -> list[int]:
        out: list[int] = []
        unit = rounding_unit(f.amount)
        for other_unit, (keys, numbers) in self._same.get(f.currency, {}).items():
            width = max(unit, other_unit)  # same currency: |a - b| < the larger rounding unit
            out.extend(numbers[bisect_right(keys, f.amount - width) : bisect_left(keys, f.amount + width)])
        if f.amount_jpy:
            loose = _figure_loose(f)
            j = f.amount_jpy
            for currency, with_yen in self._with_yen.items():
                if currency == f.currency:
                    continue
                if loose:
                    out.extend(with_yen)
                    continue
                keys, numbers = self._yen.get(currency, ([], []))
                low, high = bisect_left(keys, j * 85 // 100 - 1), bisect_right(keys, j * 100 // 85 + 1)
                out.extend(numbers[low:high])
                out.extend(self._loose.get(currency, ()))
        return out


class _FigureIndex(_GrowingFigureIndex):
    """Items indexed by one fact each, all at once; `near(f)` gives the items (not their numbers) of
    `_GrowingFigureIndex.near`."""

    def __init__(self, items: list, fact_of) -> None:
        super().__init__()
        self.items = items
        same: dict[str, dict[int, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
        in_yen: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for n, item in enumerate(items):
            f = fact_of(item)
            same[f.currency][rounding_unit(f.amount)].append((f.amount, n))
            if f.amount_jpy:
                self._with_yen[f.currency].append(n)
                if _figure_loose(f):
                    self._loose[f.currency].append(n)
                else:
                    in_yen[f.currency].append((f.amount_jpy, n))
        for currency, units in same.items():
            self._same[currency] = {unit: _sorted_pairs(v) for unit, v in units.items()}
        for currency, entries in in_yen.items():
            self._yen[currency] = _sorted_pairs(entries)

    def near(self, f) -> list:
        return [self.items[n] for n in super().near(f)]


def _sorted_pairs(pairs: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """(keys, numbers) of (key, number) pairs, in key order."""
    pairs.sort()
    return [k for k, _ in pairs], [n for _, n in pairs]


def _figure_near(index: _FigureIndex, f: FactRow) -> list:
    """A superset of the indexed items whose fact can be `same_figure` with `f`."""
    return index.near(f)


def reconcile(facts: list[FactRow], aliases: Aliases | None = None) -> list[Line]:
    """Group facts into lines, with nesting and supersession; deterministic whatever the input order."""
    lines = form_lines(line_facts(facts, aliases if aliases is not None else Aliases.from_csv()))
    mark_nested(lines)
    return lines


def line_facts(facts: list[FactRow], aliases: Aliases) -> list[FactRow]:
    """The facts that make lines (a line kind, a positive amount, a currency), names made canonical."""
    facts = [f for f in facts if f.kind in LINE_KINDS and f.amount and f.amount > 0 and f.currency]
    canonicalise(facts, aliases)
    return facts


def form_lines(facts: list[FactRow], alone: bool = False) -> list[Line]:
    """Lines of canonical line facts (see `line_facts`), with supersession but without nesting.

    `alone`: no two of the facts can share a line or supersede one another (each is a component of
    its own, see `line_units.fact_components`), so each makes its own line without comparisons.
    """
    if alone:
        clusters = [_Cluster(line_key(fact), [fact]) for fact in facts]
    else:
        clusters = _merge_compatible(_key_clusters(facts))

    lines: list[Line] = []
    taken: set[str] = set()
    for c in sorted(clusters, key=lambda c: (_key_text(c.key), precision_rank(c.best))):
        c.facts.sort(key=precision_rank)
        named = next((f.recipient_as_written for f in c.facts if f.recipient_as_written), None)
        lines.append(
            Line(
                line_id=_line_id(c.key, c.best, taken),
                key=c.key,
                best=c.best,
                facts=c.facts,
                recipient=next((f.recipient for f in c.facts if f.recipient), None),
                recipient_as_written=named,
            )
        )
    if not alone:
        mark_superseded(lines)
    return lines


def _key_clusters(facts: list[FactRow]) -> list[_Cluster]:
    """The facts of each key grouped into clusters whose facts all agree (most precise first)."""
    groups: dict[LineKey, list[FactRow]] = {}
    for fact in facts:
        groups.setdefault(line_key(fact), []).append(fact)
    clusters: list[_Cluster] = []
    for key in sorted(groups, key=_key_text):
        key_clusters: list[list[FactRow]] = []
        # a fact joins the first cluster it can: only clusters whose first fact can be the same figure
        index = _GrowingFigureIndex() if len(groups[key]) > 16 else None
        for fact in sorted(groups[key], key=precision_rank):
            near = key_clusters if index is None else [key_clusters[n] for n in sorted(set(index.near(fact)))]
            for cluster in near:
                if _can_join([fact], cluster):
                    cluster.append(fact)
                    break
            else:
                if index is not None:
                    index.add(fact, len(key_clusters))
                key_clusters.append([fact])
        clusters.extend(_Cluster(key, c) for c in key_clusters)
    return clusters


def block_node(key: LineKey) -> tuple:
    """The block of a key: its sector and kind (never unsaid) and its government and fiscal year.

    Two keys can combine only when their blocks are compatible (see `compatible_nodes`).
    """
    return (key.sector, key.kind, key.government, key.fiscal_year)


def compatible_nodes(a: tuple, b: tuple) -> bool:
    """Can keys of blocks `a` and `b` combine? Same sector and kind; government and year equal or unsaid."""
    return (
        a[:2] == b[:2]
        and (a[2] == b[2] or a[2] is None or b[2] is None)
        and (a[3] == b[3] or a[3] is None or b[3] is None)
    )


def _anchor(c: _Cluster) -> FactRow:
    return c.anchor


class _BlockIndex:
    """Clusters indexed by block and, inside a block, by amount (see `_AmountIndex`)."""

    def __init__(self, clusters: list[_Cluster]) -> None:
        blocks: dict[tuple, list[_Cluster]] = {}
        for c in clusters:
            blocks.setdefault(block_node(c.key), []).append(c)
        self._index = {node: _FigureIndex(members, _anchor) for node, members in blocks.items()}
        by_group: dict[tuple, list[tuple]] = {}
        for node in blocks:
            by_group.setdefault(node[:2], []).append(node)
        self._compatible = {
            node: [other for other in by_group[node[:2]] if compatible_nodes(node, other)] for node in blocks
        }

    def near(self, c: _Cluster) -> list[_Cluster]:
        """A superset of the clusters that can be the same item as `c` (compatible block, near amount)."""
        node = block_node(c.key)
        others = self._compatible.get(node)
        if others is None:  # a key made more specific during this pass: its block may be new
            others = [other for other in self._index if compatible_nodes(node, other)]
        out: list[_Cluster] = []
        for other in others:
            out.extend(_figure_near(self._index[other], c.anchor))
        return out


class _Combined(dict):
    """`combine` of two keys, remembered (a component's clusters share few keys); at most
    `_COMBINED_MAX` pairs are kept at a time."""

    def __missing__(self, pair: tuple[LineKey, LineKey]) -> LineKey | None:
        if len(self) >= _COMBINED_MAX:
            self.clear()
        out = self[pair] = combine(*pair)
        return out


_COMBINED_MAX = 100_000


def _candidates(
    c: _Cluster, index: _BlockIndex, gone: set[int], combined: _Combined | None = None
) -> list[tuple[_Cluster, LineKey]]:
    """The clusters that can be the same item as `c`, with the key they would share.

    Only clusters of a compatible block whose first fact can be the same figure as `c`'s are
    compared: every pair of facts must agree for the two to join.
    """
    combined = _Combined() if combined is None else combined
    return [
        (d, merged)
        for d in index.near(c)
        if d is not c
        and id(d) not in gone
        and (merged := combined[d.key, c.key]) is not None
        and _can_join(c.facts, d.facts)
    ]


def _merge_compatible(clusters: list[_Cluster]) -> list[_Cluster]:
    """Join each cluster to the one other cluster that can be the same item with agreeing amounts.

    Repeated until nothing changes; a cluster with two candidates stays apart. Clusters are only
    compared within compatible blocks and with amounts that can agree.
    """
    alive = list(clusters)
    combined = _Combined()
    changed = True
    while changed:
        changed = False
        index = _BlockIndex(alive)
        order = sorted(alive, key=lambda c: (-_wildcards(c.key), _key_text(c.key), precision_rank(c.best)))
        gone: set[int] = set()
        for c in order:
            if id(c) in gone:
                continue
            found = _candidates(c, index, gone, combined)
            if len(found) != 1 or len(_candidates(found[0][0], index, gone, combined)) != 1:
                continue  # two ways to read it: keep it apart rather than guess
            target, merged = found[0]
            target.facts.extend(c.facts)
            target.facts.sort(key=precision_rank)
            target.key = merged
            gone.add(id(c))
            changed = True
        alive = [c for c in alive if id(c) not in gone]
    return alive


# ------------------------------------------------------------------------------------------------
# Nesting
# ------------------------------------------------------------------------------------------------

# A marker between a larger figure and a smaller one after it: "¥1.23 trillion ..., of which ¥387.3 billion".
_INSIDE_AFTER = re.compile(
    r"(of which|of that|of this|of these|of it|among (?:them|which)|including|includes|included|"
    r"うち|内訳|このうち|そのうち)",
    re.IGNORECASE,
)
# A marker right after a smaller figure, before the larger one: "¥387.3 billion out of the ¥1.23 trillion".
_INSIDE_BEFORE = re.compile(
    r"(out of|of the|from the|within the|inside the|part of|を含む|を含め|含まれ|の内数|内数)", re.IGNORECASE
)
# A sentence that opens inside the previous figure: "Of that, ...", "このうち、...".
_OPENS_INSIDE = re.compile(
    r"^\W*(of (?:which|that|this|these|the total|this amount|that amount|it)|this includes|that includes|"
    r"included (?:in|are|is)|within (?:that|this|it)|うち|このうち|そのうち|内訳)",
    re.IGNORECASE,
)


def _position(fact: FactRow) -> int | None:
    if fact.sentence and fact.as_written:
        at = fact.sentence.find(fact.as_written)
        if at >= 0:
            return at
    return None


def _can_hold(parent: FactRow, child: FactRow) -> bool:
    if parent.kind not in PARENT_KINDS or child.kind not in COUNTED_KINDS:
        return False
    p, c = _comparable(parent, child)
    if p is None or c is None or p <= c or agree(p, c):
        return False
    for name in ("government", "fiscal_year"):
        a, b = getattr(parent, name), getattr(child, name)
        if a is not None and b is not None and a != b:
            return False
    return not (parent.stage != child.stage and "unknown" not in (parent.stage, child.stage))


_CLAUSE_BREAK = re.compile(r"[;；。]|, and |, while |、また|、および|\band also\b")
_MAX_GAP_AFTER = 60  # characters from the marker to the figure inside it
_MAX_GAP_BEFORE = 30  # characters from the figure inside to the larger figure


def _inside_after(gap: str) -> bool:
    """Does `gap` (larger figure ... smaller figure) put the smaller figure inside the larger one?"""
    markers = list(_INSIDE_AFTER.finditer(gap))
    if not markers:
        return False
    tail = gap[markers[-1].end() :]
    return len(tail) <= _MAX_GAP_AFTER and not _CLAUSE_BREAK.search(tail)


def nesting_parent(child: FactRow, others: list[FactRow]) -> FactRow | None:
    """The figure of the same document that the text says `child` is part of, or None."""
    if child.kind not in COUNTED_KINDS or not child.sentence:
        return None
    candidates = [o for o in others if o is not child and _can_hold(o, child)]
    at = _position(child)
    found: list[tuple[int, FactRow]] = []
    for parent in candidates:
        if parent.sentence != child.sentence or at is None:
            continue
        p_at = _position(parent)
        if p_at is None:
            continue
        if p_at < at and _inside_after(child.sentence[p_at + len(parent.as_written) : at]):
            found.append((at - p_at, parent))
        elif p_at > at:
            gap = child.sentence[at + len(child.as_written) : p_at]
            # the marker must follow the smaller figure itself: in "50億円、次世代革新炉を含む脱炭素関連に
            # 1,220億円" the を含む belongs to the larger figure's own description
            if len(gap) <= _MAX_GAP_BEFORE and _INSIDE_BEFORE.match(gap.lstrip(" \u3000)）")):
                found.append((p_at - at, parent))
    if found:
        return min(found, key=lambda df: (df[0], df[1].fact_id))[1]
    if _OPENS_INSIDE.search(child.sentence):
        before = [
            o
            for o in candidates
            if o.sentence != child.sentence
            and (child.start is None or o.start is None or o.start < child.start)
        ]
        if before:
            return max(before, key=lambda o: (o.start or 0, -(o.amount_jpy or o.amount), o.fact_id))
    return None


def mark_nested(lines: list[Line]) -> None:
    """Point each line reported inside a larger figure to that figure's line (the tightest one)."""
    by_doc: dict[str, list[FactRow]] = {}
    for line in lines:
        for fact in line.facts:
            by_doc.setdefault(fact.document, []).append(fact)
    nested_in = {}
    for line in lines:
        for fact in line.facts:
            parent = nesting_parent(fact, by_doc[fact.document])
            if parent is not None:
                nested_in[fact.fact_id] = parent.fact_id
    set_parents(lines, nested_in)


def set_parents(lines: list[Line], nested_in: dict[str, str]) -> None:
    """Set `parent_line_id` from the fact each fact is nested in (`nesting_parent`'s fact ids)."""
    line_of = {f.fact_id: line for line in lines for f in line.facts}
    for line in lines:
        parents = [line_of[nested_in[f.fact_id]] for f in line.facts if f.fact_id in nested_in]
        parents = [p for p in parents if p is not line]
        if parents:
            line.parent_line_id = min(
                parents, key=lambda p: (p.best.amount_jpy or p.best.amount, p.line_id)
            ).line_id
    cut = cycle_cuts({line.line_id: line.parent_line_id for line in lines if line.parent_line_id})
    for line in lines:
        if line.line_id in cut:
            line.parent_line_id = None


def cycle_cuts(parent_of: dict[str, str]) -> set[str]:
    """The lines whose parent link is dropped so that no chain of parents loops: in each loop, the
    line with the smallest id (whatever order the lines come in; lines leading into a loop keep theirs)."""
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done
    cut: set[str] = set()
    for start in parent_of:
        path = []
        node = start
        while node is not None and node not in state:
            state[node] = 1
            path.append(node)
            node = parent_of.get(node)
        if node is not None and state[node] == 1:  # the walk closed a loop: node .. path[-1]
            loop = path[path.index(node) :]
            cut.add(min(loop))
        for n in path:
            state[n] = 2
    return cut


# ------------------------------------------------------------------------------------------------
# Supersession
# ------------------------------------------------------------------------------------------------


def _best(line: Line) -> FactRow:
    return line.best


def mark_superseded(lines: list[Line]) -> None:
    """The same money reported at a less advanced stage points to the most advanced line reporting it.

    Only for money lines (allocation, bond) of one item (all fields but the stage equal); two
    stages of one rank (initial and supplementary) are two budgets, never the same money.
    """
    by_item: dict[tuple, list[Line]] = {}
    for line in lines:
        if line.key.kind in COUNTED_KINDS:
            by_item.setdefault(line.key._replace(stage=""), []).append(line)
    for group in by_item.values():
        # the lines whose best report can be the same figure as a line's (a superset, checked below)
        index = _FigureIndex(group, _best) if len(group) > 8 else None
        for line in group:
            rank = STAGE_RANK.get(line.key.stage, 0)
            later = [
                other
                for other in (group if index is None else index.near(line.best))
                if STAGE_RANK.get(other.key.stage, 0) > rank and same_figure(other.best, line.best)
            ]
            if later:
                top = max(later, key=lambda o: (STAGE_RANK.get(o.key.stage, 0), o.line_id))
                line.superseded_by = top.line_id


# ------------------------------------------------------------------------------------------------
# Conflicts
# ------------------------------------------------------------------------------------------------


def _named(key: LineKey) -> bool:
    return bool(key.recipient) or key.kind in ("total_budget", "cumulative_total")


def _same_item(a: LineKey, b: LineKey) -> bool:
    if a == b:
        return True
    # a named recipient is one thing whichever agency a report credits (or leaves out)
    unsaid_agency = None in (a.agency, b.agency)
    return bool(a.recipient) and unsaid_agency and a._replace(agency=None) == b._replace(agency=None)


def _ancestors(line_id: str, parent_of: dict[str, str]) -> set[str]:
    out: set[str] = set()
    parent = parent_of.get(line_id)
    while parent is not None and parent not in out:
        out.add(parent)
        parent = parent_of.get(parent)
    return out


def authority(line: Line) -> tuple:
    """Sort key of the more authoritative line: ministry first, more sources, more precise."""
    return (precision_rank(line.best)[0], -len(line.sources), precision_rank(line.best)[1:], line.line_id)


def conflicts(
    lines: list[Line], parent_of: dict[str, str] | None = None, losers: set[str] | None = None
) -> list[Conflict]:
    """The conflict each losing line loses: one per line, against the line it is an alternative to.

    Two lines conflict when they are about one item and their values disagree beyond rounding. They
    are about one item when their keys match (a named recipient also across an unsaid agency) and
    no document reports both (a document giving two values is listing two figures, such as a
    preliminary and a final award). Unnamed lines (a sector's allocation) must also be near each
    other (within NEAR_MISS): a mistyped or misread figure. Values more than MAX_CONFLICT_RATIO
    apart are two items, not one disagreed on. Values consistent through an "up to" / "more than"
    bound do not conflict; a cumulative total reported later and larger is growth, not a conflict.
    Two lines whose reports do not overlap in time are a `revision`.

    The preferred side of a revision is the later value; of a disagreement, the more authoritative
    line (`authority`: ministry first, then more sources, then the more precise figure). A line that
    loses to several lines is the alternative of the most authoritative of them, and only that
    conflict is returned (`a` that line, `b` the loser): k lines of one item that all disagree give
    k - 1 conflicts, not k (k - 1) / 2, and a line that loses nothing is in no conflict as `b`.

    `losers` limits the result to those lines (every line of `lines` can still be the preferred
    side). `parent_of` maps line ids to parent line ids (default: the lines' own `parent_line_id`);
    it may hold lines outside `lines`, whose chains decide which line is inside which.
    """
    if parent_of is None:
        parent_of = {line.line_id: line.parent_line_id for line in lines if line.parent_line_id}
    groups: dict[LineKey, list[Line]] = {}
    for line in lines:
        groups.setdefault(line.key._replace(agency=None), []).append(line)
    out: list[Conflict] = []
    for members in groups.values():
        if len(members) > 1 and (losers is None or any(m.line_id in losers for m in members)):
            out.extend(_group_conflicts(members, parent_of, losers))
    out.sort(key=lambda c: c.b.line_id)
    return out


def new_losers(
    lines: list[Line], parent_of: dict[str, str], seeds: set[str], winner_of: dict[str, str]
) -> set[str]:
    """The lines of `lines` (not in `seeds`) whose conflict can change because the lines of `seeds`
    are new or changed: a seed of their group beats them and comes before their stored winner
    (`winner_of`: the line each is an alternative to; absent: none) in authority order.

    `conflicts` gives a line the first line in authority order that beats it. For a line that is not
    a seed, and whose winner is neither a seed nor gone, the lines before that winner that are not
    seeds are unchanged and still do not beat it, so its conflict changes only when a seed before the
    winner beats it. A line whose winner is a seed or not in `lines` is returned too (the caller
    redoes those anyway: a removed winner leaves the next line to find). `lines` holds whole groups
    (keys equal but for the agency); `parent_of` as for `conflicts`.
    """
    by_id = {line.line_id: line for line in lines}
    groups: dict[LineKey, list[Line]] = {}
    for line in lines:
        groups.setdefault(line.key._replace(agency=None), []).append(line)
    out: set[str] = set()
    for members in groups.values():
        new = sorted((m for m in members if m.line_id in seeds), key=authority)
        if not new:
            continue
        ranked = [(authority(line), _facets(line, parent_of)) for line in new]
        for line in members:
            if line.line_id in seeds:
                continue
            winner = winner_of.get(line.line_id)
            if winner is not None and (winner in seeds or winner not in by_id):
                out.add(line.line_id)
                continue
            bound = authority(by_id[winner]) if winner is not None else None
            facets = None
            for rank, seed in ranked:
                if bound is not None and rank >= bound:
                    break
                facets = facets or _facets(line, parent_of)
                found = _conflict(seed, facets)
                if found is not None and found.a is seed.line:
                    out.add(line.line_id)
                    break
    return out


class _Facets(NamedTuple):
    """What the conflict test reads of a line, computed once per line."""

    line: Line
    documents: set[str]
    dates: list[date]
    ancestors: set[str]


def _facets(line: Line, parent_of: dict[str, str]) -> _Facets:
    return _Facets(line, line.documents, line.dates(), _ancestors(line.line_id, parent_of))


def _group_conflicts(
    members: list[Line], parent_of: dict[str, str], losers: set[str] | None
) -> list[Conflict]:
    """`conflicts` within one group (lines whose keys are equal but for the agency).

    The candidates of a line are the lines whose values are within MAX_CONFLICT_RATIO of its own
    (`_AmountIndex`); they are tried in authority order, and the first that beats the line is the one
    it loses to, so no line compares with more than its candidates and no pair is kept.
    """
    ranked = sorted(members, key=authority)
    facets = [_facets(line, parent_of) for line in ranked]
    index = _AmountIndex(list(range(len(ranked))), lambda n: ranked[n].best, _conflict_loose)
    out: list[Conflict] = []
    for n, line in enumerate(ranked):
        if losers is not None and line.line_id not in losers:
            continue
        f = line.best
        for m in sorted(set(_conflict_candidates(index, f))):  # authority order
            if m == n:
                continue
            found = _conflict(facets[m], facets[n])
            if found is not None and found.a is ranked[m]:
                out.append(found)
                break
    return out


def _conflict(x: _Facets, y: _Facets) -> Conflict | None:
    """The conflict between two lines of one group (`a` the preferred one), or None (see `conflicts`)."""
    lx, ly = x.line, y.line
    if not _same_item(lx.key, ly.key) or x.documents & y.documents:
        return None
    if lx.line_id in y.ancestors or ly.line_id in x.ancestors:
        return None
    if same_figure(lx.best, ly.best) or _bounded_consistent(lx.best, ly.best):
        return None
    vx, vy = _comparable(lx.best, ly.best)
    if vx is None or vy is None:
        return None
    if not _named(lx.key) and abs(Decimal(vx - vy)) > NEAR_MISS * max(vx, vy):
        return None
    if max(vx, vy) > MAX_CONFLICT_RATIO * min(vx, vy):
        return None
    dx, dy = x.dates, y.dates
    revision = bool(dx and dy and (dx[-1] < dy[0] or dy[-1] < dx[0]))
    if revision:
        later, earlier = (lx, ly) if dy[-1] < dx[0] else (ly, lx)
        if lx.key.kind == "cumulative_total":
            e, la = _comparable(earlier.best, later.best)
            if la > e:
                return None
        return Conflict(a=later, b=earlier, relation="revision")
    a, b = sorted((lx, ly), key=authority)
    return Conflict(a=a, b=b, relation="disagreement")


def _conflict_loose(f: FactRow) -> bool:
    return f.amount_jpy <= 0


def _conflict_candidates(index: _AmountIndex, f: FactRow) -> list[int]:
    """A superset of the indexed lines whose value can be within MAX_CONFLICT_RATIO of `f`'s (amounts
    in one currency, else yen amounts)."""
    a, j = f.amount, f.amount_jpy
    same = (a // MAX_CONFLICT_RATIO - 1, a * MAX_CONFLICT_RATIO + 1)
    cross = None if j is None or j <= 0 else (j // MAX_CONFLICT_RATIO - 1, j * MAX_CONFLICT_RATIO + 1)
    return index.near(f, same, cross)


def mark_alternatives(found: list[Conflict]) -> None:
    """Point the losing side of each conflict to the preferred line, so totals count the item once.

    A line losing several conflicts points to the most authoritative winner (`conflicts` returns only
    that one); a line that wins one conflict and loses another is still an alternative (it is not the
    value to add up).
    """
    winners: dict[str, list[Line]] = {}
    losers: dict[str, Line] = {}
    for c in found:
        winners.setdefault(c.b.line_id, []).append(c.a)
        losers[c.b.line_id] = c.b
    for line_id, line in losers.items():
        line.alternative_to = min(winners[line_id], key=authority).line_id

"""Repeated figures (same amount, currency and range) are one fact unless their recipients, fiscal
years or sectors show two different figures."""

from __future__ import annotations

import re

from pipelines.lib.extract.document import _Doc, _list_item, _Typed
from pipelines.lib.reconcile import agree, rounding_unit

_ANOTHER = re.compile(
    r"(?:\banother|\ba further|\ban additional|\balso|(?<!と)も)\s*"
    r"(?:about\s+|around\s+|roughly\s+|nearly\s+|up to\s+|some\s+|約|最大|およそ)?$"
)
_MONEY_NOUN = re.compile(
    r"補助金|予算|交付金|支援金|助成金|出資金|\b(?:subsid\w*|grants?|funding|budget|money|package|award|allocation)\b",
    re.I,
)


def _same_figure(a: _Typed, b: _Typed, doc: _Doc) -> bool:
    """Whether `b` (later in the text) repeats the figure `a`: same amount, or a rounded restatement
    whose rounding covers the other amount, with no role that tells the two apart."""
    if a.m.unit != b.m.unit:
        return False
    if a.m.unit == "money":
        if a.m.currency != b.m.currency or a.m.amount_max != b.m.amount_max:
            return False
        x, y = a.m.amount, b.m.amount
        if x != y and (x is None or y is None or _far_apart(x, y) or not _restates(a, b)):
            return False
        rounded = a.m.amount != b.m.amount and not (a.headline or b.headline)
        if rounded and a.government and b.government and a.government != b.government:
            return False  # Germany's "nearly €10 billion" does not round Spain's €9.35 billion
    elif a.m.percent != b.m.percent or a.m.negative != b.m.negative:
        return False
    if (a.kind == "conversion") != (b.kind == "conversion"):
        return False
    if a.table_cell and b.table_cell and a.table_cell != b.table_cell:
        return False  # two cells of a table are two figures
    if a.headline or b.headline:
        return True  # a headline repeats a figure of the body
    item_a = _list_item(doc, a)
    if item_a is not None and _list_item(doc, b) not in (None, item_a):
        return False  # two items of a list: "- $1.5 billion for …" / "- $1.5 billion through …"
    if _ANOTHER.search(doc.scan, max(0, b.m.start - 24), b.m.start):
        return False  # "another $50 million", "こちらも8000億円": the same amount again, another figure
    if a.m.unit == "money" and _spelled_out(a) != _spelled_out(b) and a.m.amount == b.m.amount:
        return True  # "nearly half a billion dollars" … "close to $500 million": one figure told twice
    # a row label and a prose recipient name one figure in two ways: only cells compare labels
    one_cell = (a.table_cell is None) != (b.table_cell is None)
    if not one_cell and _other_recipient(a, b):
        return False
    if a.fiscal_year and b.fiscal_year and a.fiscal_year != b.fiscal_year:
        return False
    loose = ("other", "mixed")
    return not (
        a.sector != b.sector and a.sector not in loose and b.sector not in loose and a.kind != "other"
    )


def _spelled_out(t: _Typed) -> bool:
    """A figure in words ("half a billion dollars"), not in digits or kanji numerals."""
    return not any(c.isnumeric() for c in t.m.as_written)


def _far_apart(x: float, y: float) -> bool:
    """Two amounts too far apart for `agree`: a rounding unit is at most a tenth of the amount, or 1."""
    gap = abs(x - y)
    return gap >= 1 and gap * 10 >= max(abs(x), abs(y))


def _restates(a: _Typed, b: _Typed) -> bool:
    """A headline or "almost/about" figure rounding the other one ("1.2兆円" for 1兆2080億円)."""
    x, y = a.m.amount, b.m.amount
    if x is None or y is None or not agree(x, y):
        return False
    rounded = a if rounding_unit(x) > rounding_unit(y) else b
    return rounded.headline or rounded.m.qualifier == "approx"


def _other_recipient(a: _Typed, b: _Typed) -> bool:
    """Two different recipients, at least one named as the one the money is for."""
    ka, kb = _recipient_key(a), _recipient_key(b)
    if ka and kb:
        return ka != kb
    if not (ka or kb):
        return False
    weak = b if ka else a
    if weak.recipient and _MONEY_NOUN.search(weak.recipient):
        return False  # "今回の追加補助金", "the new funding": the money itself, not who gets it
    la, lb = _loose_recipient(a), _loose_recipient(b)
    return bool(la and lb) and la not in lb and lb not in la


def _loose_recipient(t: _Typed) -> str | None:
    if t.recipient_entity is not None:
        return None if t.recipient_entity.type == "programme" else t.recipient_entity.canonical.lower()
    return re.sub(r"\W+", " ", t.recipient.lower()).strip() if t.recipient else None


def _recipient_key(t: _Typed) -> str | None:
    """What tells two repeats apart: a named recipient or purpose (programmes do not)."""
    if not t.recipient_strong:
        return None
    if t.purpose_key:
        return re.sub(r"\W+", " ", t.purpose_key.lower()).strip()
    if t.recipient_entity is not None:
        return None if t.recipient_entity.type == "programme" else t.recipient_entity.canonical
    return re.sub(r"\W+", " ", t.recipient.lower()).strip() if t.recipient else None


def _dedupe(items: list[_Typed], doc: _Doc) -> tuple[list[_Typed], dict[int, _Typed]]:
    groups: list[list[_Typed]] = []
    # a body figure, not a headline that restates it, decides whether `t` repeats a group: the
    # group's first body figure, else its first figure
    heads: list[_Typed] = []
    # groups by what `_same_figure` needs equal (unit, then currency and range or percent and sign),
    # in the order they were made, so `t` is compared only with groups it can repeat
    by_key: dict[tuple, list[int]] = {}
    for t in items:
        m = t.m
        key = (m.unit, m.currency, m.amount_max) if m.unit == "money" else (m.unit, m.percent, m.negative)
        same_key = by_key.setdefault(key, [])
        for j in same_key:
            if _same_figure(heads[j], t, doc):
                groups[j].append(t)
                if heads[j].headline and not t.headline:
                    heads[j] = t
                break
        else:
            same_key.append(len(groups))
            groups.append([t])
            heads.append(t)
    out = []
    rep_of: dict[int, _Typed] = {}
    for g in groups:
        if len(g) == 1:  # a figure told once represents itself
            rep_of[g[0].index] = g[0]
            out.append(g[0])
            continue
        body = [x for x in g if not x.headline] or g
        pool = [x for x in body if x.kind != "other"] or body
        if len(pool) > 1:
            finest = min(rounding_unit(x.m.amount) if x.m.amount else 0 for x in pool)
            pool = [x for x in pool if (rounding_unit(x.m.amount) if x.m.amount else 0) == finest]
        rep = max(pool, key=lambda x: (x.evidence, -x.m.start))
        named = [x for x in g if x.recipient_entity is not None and x.recipient_entity.type == "recipient"]
        if named and (rep.recipient_entity is None or rep.recipient_entity.type != "recipient"):
            rep.recipient, rep.recipient_entity = named[0].recipient, named[0].recipient_entity
        for x in g:
            rep_of[x.index] = rep
            if x is rep:
                continue
            for name in (
                "recipient",
                "recipient_entity",
                "fiscal_year",
                "fiscal_year_basis",
                "agency",
                "qualifier",
            ):
                if name.startswith("fiscal_year") and rep.no_year:
                    continue
                if getattr(rep, name) is None and getattr(x, name) is not None:
                    setattr(rep, name, getattr(x, name))
            if rep.instrument == "unknown" and x.instrument != "unknown":
                rep.instrument = x.instrument
            if rep.stage == "unknown" and x.stage != "unknown":
                rep.stage = x.stage
        out.append(rep)
    out.sort(key=lambda x: x.m.start)
    return out, rep_of

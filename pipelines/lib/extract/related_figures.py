"""How a figure relates to the figures next to it.

1. A figure in parentheses right after another figure ("¥1.23 trillion ($7.9 billion)", "S$1
   billion (US$744.8 million or RM3.31 billion)") is a `conversion` of it and inherits its roles.
2. A figure followed by 増/減 or preceded by "up"/"an increase of" is an absolute `change`.

Also here: the figure a part, a base or a list item belongs to, the figures before a position, and
whether a figure stands between two offsets.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from pipelines.lib.extract.document import _Doc, _Typed
from pipelines.lib.model import Mention

_CONV_GAP = re.compile(
    r"^\s*[（(]\s*(?:about|approx\.?|approximately|around|roughly|some|nearly|約|およそ)?\s*$"
)
_CONV_OR = re.compile(r"^\s*(?:or|and|/|,|、|or about|or around)\s*(?:about|around|roughly|約)?\s*$")
_CHANGE_AFTER = re.compile(
    r"^\s*(?:の)?(?:増額|減額|増加|減少|増|減|up\b|down\b|more than (?:last|a|the previous))"
)
# (the look-aheads on first characters here let `re` skip the other positions of a window quickly)
_CHANGE_BEFORE = re.compile(
    r"(?=[abcdfhilru])"
    r"(?:(?<!set )(?<!sets )(?<!setting )(?<!top )(?<!tops )(?<!topping )(?<!topped )\b(?:up|down)\s*$|"
    r"\b(?:an increase of|a rise of|a decrease of|a cut of|a reduction of|increased by|rose by|"
    r"fell by|cut by|reduced by|higher by|lower by|increase by|raise[ds]? (?:it )?by|boost(?:ed)? by)"
    r"(?:\s+(?:about|around|roughly|nearly|some|almost))?\s*)$"
)
_CHANGE_WORDS = re.compile(r"up|down|increase|rise|decrease|cut|reduc|rose|fell|higher|lower|raise|boost")
_CHANGE_BASE = re.compile(r"\b(?:from|than|on the year|year-on-year|compared)\b")
_BASE_OF_CHANGE = re.compile(
    r"\b(?:up|down|rising|falling|increased|reduced|cut|raised|lowered)\s+from\s+(?:the\s+|an?\s+)?"
    r"(?:(?:revised\s+|original\s+|initial\s+)?(?:estimate|allocation|outlay)\s+of\s+)?"
    r"(?:about\s+|around\s+|roughly\s+|nearly\s+|some\s+)?$|"
    # "an 18.6% increase over its FY2023 enacted level of $9.5 billion"
    r"\b(?:increase|rise|jump|cut|decrease|decline|drop)\s+(?:over|from|on)\s+(?:its|their|the)\s+"
    r"(?:(?:FY)?\d{4}(?:-\d{2,4})?\s+|previous\s+|prior\s+|current\s+|last\s+year's\s+)?"
    r"(?:enacted\s+|appropriated\s+|approved\s+)?(?:level|budget|funding|allocation)\s+of\s+"
    r"(?:about\s+|around\s+|roughly\s+|nearly\s+|some\s+)?$"
)
# "…の１０１０億円から５割増える": the figure a change starts from
_JA_BASE_AFTER = re.compile(r"\s?から、?\s?[^。、]{0,12}?(?:増|減|伸び|上積み|積み増)")
# "３８５億円（前年度４２５億円、…）": last year's amount of the line just named
_PRIOR_IN_PARENS = re.compile(
    r"[（(]\s?(?:前年度|前年|昨年度)(?:当初)?(?:予算)?(?:額)?\s?[:：]?\s?(?:約|およそ)?$"
)


def _figure_between(doc: _Doc, lo: int, hi: int) -> bool:
    """Whether a money figure starts in [lo, hi)."""
    return bisect_left(doc.money_starts, hi) > bisect_left(doc.money_starts, lo)


def _mark_conversions(doc: _Doc, money: list[_Typed]) -> None:
    text = doc.scan
    for k in range(1, len(money)):
        t, prev = money[k], money[k - 1]
        gap = text[prev.m.end : t.m.start]
        if t.m.currency == prev.m.currency:
            continue
        if _CONV_GAP.match(gap):
            t.converts = prev.index
        elif prev.converts is not None and _CONV_OR.match(gap):
            t.converts = prev.converts


def _inherit(t: _Typed, src: _Typed) -> None:
    t.kind = "other" if src.kind == "other" else "conversion"
    for name in ("sector", "stage", "instrument", "recipient", "recipient_entity", "government", "agency"):
        setattr(t, name, getattr(src, name))
    t.fiscal_year, t.fiscal_year_basis = src.fiscal_year, src.fiscal_year_basis
    t.confidence = src.confidence
    if t.qualifier is None:
        t.qualifier = t.m.qualifier or src.qualifier


def _is_abs_change(doc: _Doc, m: Mention) -> bool:
    text = doc.scan
    sent = doc.seg.sentence_at(m.start)
    after = text[m.end : min(sent.end, m.end + 14)]
    if _CHANGE_AFTER.match(after):
        return True
    if m.negative and m.unit == "money":
        return True  # "（前年度４２５億円、▲４０億円）": a marked fall
    window = text[max(sent.start, m.start - 40) : m.start]
    if not _CHANGE_WORDS.search(window):
        return False
    before = _CHANGE_BEFORE.search(window)
    if before is None:
        return False
    if before.group().strip() in ("up", "down"):
        far_after = text[m.end : min(sent.end, m.end + 40)]
        return bool(_CHANGE_BASE.search(far_after))
    return True


def _describe_from(doc: _Doc, t: _Typed, money: list[_Typed]) -> None:
    """An absolute change takes recipient and year of the figure it changes: the next one
    ("▲40億円減の385億円"), else the one whose bracket it is in ("385億円（前年度425億円、▲40億円）")."""
    sent = doc.seg.sentence_at(t.m.start)
    changed = None
    for k in range(bisect_right(money, t.m.end, key=_start_of), len(money)):
        x = money[k]
        if x.m.start >= sent.end:
            break
        if x.kind != "change" and x.converts is None:
            if x.m.start - t.m.end <= 12:
                changed = x
            break
    if changed is None:
        opened = _open_bracket_before(doc.scan, t.m.start, sent.start)
        if opened is not None:
            changed = _last_before(
                money,
                opened,
                opened - 200,
                lambda x: 0 <= opened - x.m.end <= 1 and x.kind != "change" and x.converts is None,
            )
    if changed is None:
        return
    for name in ("sector", "recipient", "recipient_entity", "fiscal_year", "fiscal_year_basis", "agency"):
        if getattr(changed, name) is not None:
            setattr(t, name, getattr(changed, name))


def _open_bracket_before(text: str, pos: int, floor: int) -> int | None:
    """Where the bracket that `pos` is inside opens (within the sentence), if it is inside one."""
    depth = 0
    for i in range(pos - 1, max(floor, pos - 80) - 1, -1):
        c = text[i]
        if c in ")）":
            depth += 1
        elif c in "(（":
            if depth == 0:
                return i
            depth -= 1
    return None


def _changed_figure(doc: _Doc, t: _Typed, money: list[_Typed], sent) -> _Typed | None:
    """The figure that changed, when `t` is the amount it changed from: "€9.9 billion, up from the
    €6.8 billion offered", "…を計上した。前年度の１０１０億円から５割増える",
    "３８５億円（前年度４２５億円）".
    The base is the same line in another year, so it has that figure's kind."""
    m = t.m
    text = doc.scan
    base_lo = max(sent.start, m.start - 50)
    literal = text.find("from", base_lo, m.start) >= 0 or text.find(" of", base_lo, m.start) >= 0
    if literal and _BASE_OF_CHANGE.search(text, base_lo, m.start):
        return _previous_in_sentence(t, money, sent)
    if doc.language != "ja":
        return None
    if _PRIOR_IN_PARENS.search(text, max(sent.start, m.start - 12), m.start):
        return _previous_in_sentence(t, money, sent)
    if _JA_BASE_AFTER.match(text, m.end, sent.end):
        return _previous_in_sentence(t, money, sent) or _last_figure_before(doc, money, sent)
    return None


def _previous_in_sentence(t: _Typed, money: list[_Typed], sent) -> _Typed | None:
    """The last figure before `t` in its sentence that is not a conversion."""
    return _last_before(money, t.m.start, sent.start, lambda x: x.converts is None)


def _last_before(money: list[_Typed], pos: int, floor: int, wanted) -> _Typed | None:
    """The last figure starting in [floor, pos) that is `wanted` (walked back from `pos`)."""
    i = bisect_left(money, pos, key=_start_of) - 1
    while i >= 0 and money[i].m.start >= floor:
        if wanted(money[i]):
            return money[i]
        i -= 1
    return None


_AND_NEXT = re.compile(r"(?:,|;)?\s+and\s+(?:also\s+|another\s+|a\s+further\s+)?$")


def _next_listed_part(doc: _Doc, t: _Typed, money: list[_Typed], sent) -> _Typed | None:
    """The part ("of which", "includes") figure of `t`'s sentence that `t` follows in a list joined
    by "and", if there is one."""
    prev = _last_before(money, t.m.start, sent.start, lambda x: x.converts is None and not x.abs_change)
    if prev is None or not prev.partof or not _AND_NEXT.search(doc.scan, prev.m.end, t.m.start):
        return None
    return prev


def _antecedent(t: _Typed, money: list[_Typed]) -> _Typed | None:
    """The figure a "of which / このうち" figure is part of: the previous non-conversion figure."""
    i = bisect_left(money, t.m.start, key=_start_of) - 1
    while i >= 0 and (money[i].converts is not None or money[i].abs_change or money[i].prior_year):
        i -= 1
    return money[i] if i >= 0 else None


def _start_of(t: _Typed) -> int:
    return t.m.start


def _other_figure_between(doc: _Doc, lo: int, hi: int) -> bool:
    """A money figure other than a conversion starts between `lo` and `hi`."""
    i, j = bisect_right(doc.money_starts, lo), bisect_left(doc.money_starts, hi)
    return any(doc.money[k].converts is None for k in range(i, j))


def _last_figure_before(doc: _Doc, money: list[_Typed], sent) -> _Typed | None:
    """The last budget figure of the sentence just before `sent` in the same paragraph."""
    if sent.start == 0 or "\n\n" in doc.scan[max(0, sent.start - 2) : sent.start + 1]:
        return None
    prev_sent = doc.seg.sentence_at(sent.start - 1)
    if "\n\n" in doc.scan[prev_sent.end : sent.start]:
        return None
    return _last_before(
        money,
        sent.start,
        prev_sent.start,
        lambda x: x.converts is None and not x.abs_change and x.kind != "other",
    )


def _previous_sentence_figure(doc: _Doc, money: list[_Typed], sent) -> _Typed | None:
    """The last budget figure of the sentence before `sent`, when it ends close before it."""
    # (a figure that ends within 60 characters of `sent` starts less than 200 before it)
    prev = _last_before(
        money, sent.start, sent.start - 200, lambda x: x.converts is None and not x.abs_change
    )
    if prev is None or prev.kind == "other" or sent.start - prev.m.end > 60:
        return None
    if doc.seg.sentence_at(prev.m.start).end < doc.seg.sentence_at(max(0, sent.start - 1)).start:
        return None
    return prev

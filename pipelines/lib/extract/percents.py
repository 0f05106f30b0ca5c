"""Percents and ratios are `change` facts only next to rise/fall words in a budget sentence; they
take the roles of the figure they describe."""

from __future__ import annotations

import re
from bisect import bisect_left

from pipelines.lib.extract.document import _between, _distance, _Doc, _sentence_hits, _Typed
from pipelines.lib.extract.figure_year_stage import _fiscal_year, _stage
from pipelines.lib.extract.phrases import PhraseHit
from pipelines.lib.extract.related_figures import (
    _last_figure_before,
    _previous_in_sentence,
    _previous_sentence_figure,
)
from pipelines.lib.model import Mention

_BY_BEFORE = re.compile(r"\b(?:by|of)\s+(?:about\s+|around\s+|roughly\s+|nearly\s+|some\s+|almost\s+)?$")
_PERCENT_EXCLUDE = re.compile(r"point|ポイント|pt", re.I)
_PERCENT_AFTER_EXCLUDE = re.compile(
    r"^\s*(?:stake|of\b|share|tax|interest|owned|ownership|of its|の株式|出資比率)", re.I
)
_RATIO_METRIC = re.compile(
    r"(?:倍率|比率|\bratio|\bmultiples?|\bcoverage)\s*(?:は|が|で|of|was|is|stood at|at|were)?\s*"
    r"(?:約|about|around|roughly|nearly)?\s*$",
    re.I,
)
# "３，２５４億円（前年度比▲１．８％）", "１，６２０億円（同＋３．０％）", "$5 billion (+3% year on year)": a
# percent opening the brackets right after a figure, signed or after 同/比, is that figure's change
_BRACKET_CHANGE = re.compile(r"\s?[（(]\s?(?:同|(?:対)?前年(?:度|同期)?比|前年比|比)?\s?(?:約|およそ)?")
_BASE_BEFORE_CHANGE = re.compile(r"\s?(?:に比べ(?:て|ると)?|と比べ(?:て|ると)?|より)、?\s?(?:約|およそ)?")
_BASE_LINK = re.compile(
    r"\s?[）)]?\s?(?:から|に比べ(?:て|ると)?|と比べ(?:て|ると)?|の)、?\s?(?:約|およそ)?\s?"
)
_RATIO_OF_BASE = re.compile(r"\s?の\s?(?:約|およそ)?\s?")
_POINTS_BACK = re.compile(r"\s*(?:これ|それ|この額|同額)は")


def _weight(doc: _Doc, h: PhraseHit, m: Mention, blockers: list[int]) -> float:
    if h.end <= m.start:
        d, lo, hi = m.start - h.end, h.end, m.start
    elif h.start >= m.end:
        d, lo, hi = h.start - m.end, m.end, h.start
    else:
        d, lo, hi = 0, m.start, m.start
    w = 1.0 / (1.0 + d / 18.0)
    if hi > lo:
        if _between(blockers, lo - 1, hi):
            w *= 0.3
        if _between(doc.seg.clause_cuts, lo, hi):
            w *= 0.55
    return w


_JA_RISE_OF = re.compile(r"\s?(?:増|減|増加|減少|アップ|ダウン)(?:の|し|で|と)?\s?(?:約|最大)?")


def _type_percent(doc: _Doc, t: _Typed, money: list[_Typed], blockers: list[int]) -> bool:
    m = t.m
    if m.percent is None or _PERCENT_EXCLUDE.search(m.as_written):
        return False
    text = doc.scan
    if _PERCENT_AFTER_EXCLUDE.match(text[m.end : m.end + 16]):
        return False
    sent = doc.seg.sentence_at(m.start)
    sent_hits = _sentence_hits(doc, sent.start, sent.end)
    change = budget = other = 0.0
    budget_any = other_any = 0.0
    for h in sent_hits:
        w = _weight(doc, h, m, blockers)
        for tag in h.tags:
            if tag[0] == "change":
                change += tag[1] * w
            elif tag[0] in ("budget", "specific", "total", "bond"):
                budget += tag[1] * w
                budget_any += tag[1]
            elif tag[0] == "other":
                other += tag[2] * w
                other_any += tag[2]
            elif tag[0] == "invest":
                budget += 0.5 * tag[1] * w
    if m.unit == "ratio":
        if _RATIO_METRIC.search(text, max(sent.start, m.start - 24), m.start):
            return False  # "応札倍率は３．１９倍", "a bid-to-cover ratio of 3.2 times": a measure
        change += 3.0
    if change > 0 and _BY_BEFORE.search(text, max(0, m.start - 20), m.start):
        change += 2.0  # "raise the budget by 8 percent"
    bracketed = _bracketed_figure(doc, money, m, sent)
    if bracketed is not None:
        change += 3.0
    if change < 1.0:
        return False
    # the money figure it describes: the nearest figure in the sentence
    best = None
    best_d = 1 << 30
    in_sentence = money[bisect_left(doc.money_starts, sent.start) : bisect_left(doc.money_starts, sent.end)]
    for x in in_sentence:
        if x.converts is not None or x.abs_change:
            continue
        d = _distance(x.m, m)
        if x.m.start >= m.end and _JA_RISE_OF.fullmatch(text, m.end, x.m.start):
            d = -1  # "同16%増の26.3億円": the rise of the figure it introduces
        elif x.m.end <= m.start and _BASE_BEFORE_CHANGE.fullmatch(text, x.m.end, m.start):
            d += 45  # "…の５兆円に比べて１２％増えた": the base, not the figure that rose
        if d < best_d:
            best, best_d = x, d
    if bracketed is not None:
        best, best_d = bracketed, 0
    if best is not None and best.m.end <= m.start and _RATIO_OF_BASE.fullmatch(text, best.m.end, m.start):
        # "これは…7,740億円の約1.7倍": the base of the ratio; it describes what これ points back to
        earlier = _previous_in_sentence(best, money, sent)
        if earlier is None and _POINTS_BACK.match(text, sent.start, m.start):
            earlier = _previous_sentence_figure(doc, money, sent)
        if earlier is not None:
            best, best_d = earlier, 0
    if best is not None and best.m.end <= m.start and _BASE_LINK.fullmatch(text, best.m.end, m.start):
        # "今年度当初予算の１７３億円から約３割増やす": the base; the change is the other figure's
        earlier = _previous_in_sentence(best, money, sent) or _last_figure_before(doc, money, sent)
        if earlier is not None:
            best, best_d = earlier, 0
    if best is None and change >= 3.0 and len(text[sent.start : m.start].strip()) <= 15:
        best = _previous_sentence_figure(doc, money, sent)  # "…に百四十億円を充てる。前年度比で二割の増額"
        best_d = 0 if best is not None else best_d
    if best is not None and best_d <= 40:
        if best.kind == "other" or other > budget:
            return False
    elif other > budget or budget_any <= other_any or budget_any == 0:
        return False
    if best is None and doc.prior_budget <= 0:
        return False
    t.kind = "change"
    t.qualifier = m.qualifier
    t.confidence = 0.6
    t.evidence = change + budget + (5.0 if best is not None and best.kind != "other" else 0.0)
    if best is not None and best.kind != "other":
        t.describes = best.index
        for name in ("sector", "stage", "recipient", "recipient_entity", "government", "agency"):
            setattr(t, name, getattr(best, name))
        t.fiscal_year, t.fiscal_year_basis = best.fiscal_year, best.fiscal_year_basis
    else:
        t.sector = doc.sector or "other"
        t.government = doc.government
        t.agency = doc.agency
        clause = doc.seg.clause_at(m.start, m.end)
        t.fiscal_year, t.fiscal_year_basis = _fiscal_year(doc, t, sent, clause)
        t.stage = _stage(doc, {})
    return True


def _bracketed_figure(doc: _Doc, money: list[_Typed], m: Mention, sent) -> _Typed | None:
    """The figure whose brackets a signed or compared percent opens ("１，６２０億円（同＋３．０％）")."""
    text = doc.scan
    k = bisect_left(doc.money_starts, m.start) - 1
    if k < 0 or money[k].m.start < sent.start:
        return None
    x = money[k]
    gap = _BRACKET_CHANGE.fullmatch(text, x.m.end, m.start)
    if gap is None or x.converts is not None or x.abs_change:
        return None
    signed = m.as_written[:1] in "+＋▲△▼-−"
    return x if signed or gap.group().strip(" （(約およそ") else None

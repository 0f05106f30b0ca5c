"""The sector of a money figure: the nearest sector word or entity of its clause, else of its
sentence, else its recipient's or the document's; `mixed` for one figure over several sectors."""

from __future__ import annotations

import re

from pipelines.lib.extract import sectors
from pipelines.lib.extract.document import _distance, _Doc, _Typed
from pipelines.lib.extract.document_context import _has_coordination
from pipelines.lib.extract.phrases import PhraseHit
from pipelines.lib.extract.related_figures import _AND_NEXT, _figure_between

# "an outlay of Rs 1.97 lakh crore across 14 sectors": one figure over many sectors
_MANY_SECTORS = re.compile(
    r"[^.;。]{0,40}?\b(?:across|in|for|covering|spanning)\s+(?:\d+|two|three|four|five|six|seven|eight|nine|"
    r"ten|several|many|multiple|various)\s+(?:sectors|industries)\b"
)
# "環境省所管の予算総額は３，２５４億円", "the ministry's total budget of": a whole ministry's budget funds
# every sector the ministry serves, whatever the sector of the ministry's own name
_MINISTRY_TOTAL = re.compile(
    r"(?:省|庁)(?:所管|関係)?の?(?:予算|概算要求)(?:の)?(?:総額|全体|規模)(?:は|が)?\s?(?:約|およそ)?$|"
    r"\b(?:ministry|department)'s\s+(?:total|overall|entire)\s+budget\s+(?:of|at|is|was|stands at)\s+"
    r"(?:about|around|some|nearly)?\s?$",
    re.I,
)
# "a 12.2 trillion won extra budget", "財投計画の総額は": a whole supplementary budget or lending plan
_WHOLE_BUDGET_AFTER = re.compile(r"\s?(?:extra|supplementary|additional)\s+budget\b", re.I)
_WHOLE_PLAN_BEFORE = re.compile(
    r"(?:財政投融資計画|財投計画|補正予算案?)(?:の)?(?:総額|規模)(?:は|が)\s?(?:約|およそ)?$"
)
# "（次世代革新炉を含む）", "(including offshore wind)": an aside naming a part, not the line's own sector
_INCLUDING_ASIDE = re.compile(r"[（(](?:[^（）()]{0,30}を含む|including\s[^()]{0,40})[）)]")


def _many_sectors(text: str, start: int, end: int) -> bool:
    """`_MANY_SECTORS` at `start`, tried only when its noun is in [start, end)."""
    if text.find("sectors", start, end) < 0 and text.find("industries", start, end) < 0:
        return False
    return _MANY_SECTORS.match(text, start, end) is not None


def _sector(doc: _Doc, t: _Typed, clause, found: list[tuple[PhraseHit, str, int]]) -> str:
    m = t.m
    near = [(f[0], f[1]) for f in found if f[2] == 0 and _distance(f[0], m) <= 150]
    sent = doc.seg.sentence_at(m.start)
    if doc.language != "ja" and _AND_NEXT.search(doc.scan, max(sent.start, m.start - 12), m.start):
        # "X won to nurture chips and AI, and Y won for GPUs": a list item names its purpose after its
        # figure, so the sector words after an earlier item's figure are that item's
        near = [f for f in near if f[0].start > m.start or not _figure_between(doc, sent.start, f[0].start)]
    if _has_coordination(doc.scan, near) or _many_sectors(doc.scan, m.end, clause.end):
        return "mixed"
    in_clause = [f for f in found if clause.start <= f[0].start < clause.end]
    if not any(f[2] == 0 for f in in_clause):
        if _MINISTRY_TOTAL.search(doc.scan, max(clause.start, m.start - 40), m.start):
            return "mixed"
        if _WHOLE_BUDGET_AFTER.match(doc.scan, m.end) or _WHOLE_PLAN_BEFORE.search(
            doc.scan, max(clause.start, m.start - 20), m.start
        ):
            return "other"
    asides = [a.span() for a in _INCLUDING_ASIDE.finditer(doc.scan, clause.start, clause.end)]
    if asides:
        outside = [f for f in found if not any(lo <= f[0].start < hi for lo, hi in asides)]
        if any(clause.start <= f[0].start < clause.end for f in outside):
            found = outside  # the label's own sector word outranks the part its aside names
            in_clause = [f for f in found if clause.start <= f[0].start < clause.end]
    center = (m.start + m.end) / 2
    pools = (
        [f for f in in_clause if f[2] == 0],
        [f for f in in_clause if f[2] == 1],
        [f for f in found if f[2] == 0],
        in_clause,
        found,
    )
    for pool in pools:
        if pool:
            best = min(pool, key=lambda f: abs((f[0].start + f[0].end) / 2 - center))
            return best[1]
    own_recipient = t.recipient_entity is not None and t.recipient_strong
    if not own_recipient and sectors.names_non_sector_line(doc.scan[sent.start : sent.end]):
        return "other"  # the general account or social security, not the document's sector
    if t.recipient_entity is not None and t.recipient_entity.sector:
        return t.recipient_entity.sector
    if doc.sector == "mixed" and t.kind not in ("total_budget", "cumulative_total"):
        return doc.top_sector or "mixed"  # a line of a chips-and-AI story names the story's main sector
    return doc.sector or "other"

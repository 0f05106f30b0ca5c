"""The fiscal year and budget stage of a figure.

The year: last year's for an amount in the brackets of this year's, one its sentence states, a near
deadline, a dated list label, the next sentence, a list's lead, else the document's topic or
budget-cycle year (none for a multi-year amount or a running total). The stage: the one its cues
vote for, else the one the document names most for that year."""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date

from pipelines.lib.extract.document import (
    _BULLET,
    _DOC_STAGES,
    _between,
    _context,
    _distance,
    _Doc,
    _list_item,
    _Typed,
)
from pipelines.lib.extract.fiscal import (
    MONTHS,
    YearMention,
    fiscal_year_of,
    kanji_number,
    upcoming_fiscal_year,
)
from pipelines.lib.extract.phrases import PhraseHit
from pipelines.lib.extract.related_figures import _other_figure_between

_STAGE_YEAR_GAP = re.compile(r"[\s'’の]*(?:s\s*)?")  # "FY2023 supplementary", "2023年度の補正", "2023's"
_RANGE_GAP = re.compile(r"\s*(?:to|through|until|and|-|–|~|～|から|まで)\s*")
_BASE_FIGURE_GAP = re.compile(r"\s?(?:の)?(?:当初予算|当初|補正予算|予算)(?:の|は|額は)\s?(?:約|およそ)?")
_DEAL_WORDS = re.compile(r"\b(?:agreed|agreement|deal|signed|awarded|finali[sz]ed)\b")
_BUDGET_KINDS = ("allocation", "cumulative_total", "total_budget", "change", "bond", "conversion")


def _stage(doc: _Doc, votes: dict[str, float]) -> str:
    if votes:
        stage = max(votes, key=votes.__getitem__)
        if stage == "announced" or stage == "executed":
            for s in ("supplementary", "draft", "request", "initial"):
                if votes.get(s, 0) >= 0.5 * votes[stage]:
                    return s
        return stage
    return _doc_stage(doc) or "unknown"


def _doc_stage(doc: _Doc, year: int | None = None) -> str | None:
    """The budget stage the document names most for a figure of `year`: stages written with another
    year are left out ("令和5年度補正予算を財源に" says nothing of a FY2025 figure's stage), and with
    `year` None every stage written with a year is."""
    if year in doc.stage_cache:
        return doc.stage_cache[year]
    stages = _DOC_STAGES
    votes: dict[str, int] = {}
    for h in doc.hits:
        found = stages[id(h.tags)]
        if not found or _stage_year(doc, h) not in (None, year):
            continue
        for stage in found:
            votes[stage] = votes.get(stage, 0) + 1
    # the first named of the most voted, as Counter.most_common
    doc.stage_cache[year] = max(votes, key=votes.__getitem__) if votes else None
    return doc.stage_cache[year]


def _stage_year(doc: _Doc, h: PhraseHit) -> int | None:
    """The stated year written right before a stage word ("FY2023 supplementary", "令和5年度補正")."""
    k = bisect_left(doc.year_starts, h.start) - 1
    if k < 0:
        return None
    y = doc.years[k]
    if not y.stated or h.start - y.end > 4 or not _STAGE_YEAR_GAP.fullmatch(doc.scan, y.end, h.start):
        return None
    return y.year


def _year_candidates(doc: _Doc, sent) -> list[YearMention]:
    key = ("years", sent.start)
    found = doc.entity_cache.get(key)
    if found is None:
        i = bisect_left(doc.year_starts, sent.start)
        j = bisect_left(doc.year_starts, sent.end)
        found = doc.entity_cache[key] = [
            y for k, y in enumerate(doc.years[i:j], start=i) if not _range_end(doc.scan, doc.years, k)
        ]
    return found


def _range_end(scan: str, years: list[YearMention], k: int) -> bool:
    """The end of a span ("FY2024-25 to FY2030-31", "2024年度から2030年度") is not the figure's year."""
    return k > 0 and bool(_RANGE_GAP.fullmatch(scan, years[k - 1].end, years[k].start))


def _has_own_year(doc: _Doc, t: _Typed, sent) -> bool:
    return any(not y.comparison for y in _year_candidates(doc, sent))


def _fiscal_year(doc: _Doc, t: _Typed, sent, clause, deadline: bool = False) -> tuple[int | None, str | None]:
    m = t.m
    previous = _previous_year_in_brackets(doc, t, sent)
    if previous is not None:
        t.prior_year = True
        return previous
    best = None
    best_d = 1 << 30
    whole = False
    for y in _year_candidates(doc, sent):
        # a base year names the figure only when that figure follows it ("than in FY2022 (¥1.3T)")
        if y.comparison and _BASE_FIGURE_GAP.fullmatch(doc.scan, y.end, m.start):
            pass  # "今年度当初予算の５兆円に比べ": the base figure of its own (relative) year
        elif y.comparison and (not y.stated or y.start > m.start or m.start - y.end > 40):
            continue
        if y.start >= m.end and _OPEN_BRACKET_GAP.fullmatch(doc.scan, m.end, y.start):
            continue  # "3,250億円（前年度当初予算額3,180億円）": the bracket's own figure's year
        if y.end <= m.start and _in_closed_bracket(doc.scan, y.start, m.start, sent.start):
            continue  # "…（前年度当初予算額3,180億円）、特別会計は7,010億円": another figure's bracket
        # "¥3 trillion, of which ¥1.78 trillion in FY2026" / "3兆円…令和8年度にはそのうち": the year
        # that introduces a part names the part, not the whole before it
        if y.start >= m.end and _PARTOF_AFTER_YEAR.match(doc.scan, y.end, sent.end):
            whole = True  # the figure is the whole of a multi-year amount: no year of its own
            continue
        if y.calendar and _DEAL_WORDS.search(doc.scan, sent.start, sent.end):
            continue  # "agreed with Berlin last year on subsidies of €9.9 billion": a deal's date
        if t.kind != "cumulative_total" and _DEADLINE_BEFORE.search(doc.scan, max(0, y.start - 20), y.start):
            continue  # "¥10 trillion through fiscal 2030": a deadline, read below
        if doc.scan.startswith("まで", y.end) and t.kind != "cumulative_total":
            continue  # "三〇年度までの七年間で": a deadline, read below ("令和７年度までに計…" dates a total)
        if y.local and _other_figure_between(doc, min(y.end, m.end), max(y.start, m.start)):
            continue  # "£1bn …, with £200m of that spent between 2023 and 2025": the other figure's span
        d = _distance(y, m)
        if not (clause.start <= y.start < clause.end):
            d += 60
        if d < best_d:
            best, best_d = y, d
    if best is not None:
        year = best.resolve(doc.published, t.government)
        if year is not None:
            return year, "stated" if best.stated else "inferred"
    if deadline:
        year, basis = _near_deadline_year(doc, t, clause)
        t.no_year = year is None
        return year, basis
    if t.multi or whole:
        t.no_year = True  # a multi-year amount: its repeats do not lend it a year either
        return None, None
    if t.kind == "cumulative_total":
        return None, None  # a running total has a year only when its own sentence names one
    dated = _dated_label_year(doc, t)
    if dated is not None:
        return dated, "inferred"
    later = _later_sentence_year(doc, t, sent)
    if later is not None:
        return later, "stated"
    if _company_award(t):
        return None, None  # an award's date is not a budget year, nor is the budget it is paid from
    listed = _list_lead_year(doc, t)
    if listed is not None:
        return listed, "inferred"
    if t.earlier_decision:
        return None, None  # "これまでに…の補助を決めている": not a figure of the budget the text is about
    if doc.topic_year is not None and not (
        doc.topic_year.calendar and _DEAL_WORDS.search(doc.scan, sent.start, sent.end)
    ):
        year = doc.topic_year.resolve(doc.published, t.government)
        if year is not None:
            return year, "stated" if doc.topic_year.stated else "inferred"
    if doc.cycle_year is not None:
        return doc.cycle_year, doc.cycle_basis
    return None, None


# a list item labelled with the month it happened ("①2022年11月　…700億円", "- November 2022: ¥70 billion")
_DATED_LABEL = re.compile(
    r"[ \t\u3000]*(?P<mark>[-–•・*●■◆○◇]|[\u2460-\u2473]|\(?\d{1,2}[.)）])?[ \t\u3000]*"
    r"(?:(?P<y1>(?:19|20)\d\d)\s?年\s?(?P<m1>\d{1,2})\s?月|"
    r"(?P<m2>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?P<y2>(?:19|20)\d\d)|"
    r"(?P<y3>(?:19|20)\d\d)-(?P<m3>0[1-9]|1[0-2])\b)"
    r"[ \t\u3000]*(?P<sep>[:：–—-])?",
    re.I,
)


def _dated_label_year(doc: _Doc, t: _Typed) -> int | None:
    """The fiscal year of the month that labels the figure's list item, if one does (a dateline
    like "December 20, 2024 --" is the article's date, not a label)."""
    line_start = doc.seg.line_at(t.m.start).start
    label = _DATED_LABEL.match(doc.scan, line_start, t.m.start)
    if label is None or not (label["mark"] or label["sep"]):
        return None
    year = int(label["y1"] or label["y2"] or label["y3"])
    month = int(label["m1"] or label["m3"]) if label["m2"] is None else MONTHS[label["m2"].lower()[:3]]
    if not 1 <= month <= 12:
        return None
    return fiscal_year_of(date(year, month, 1), t.government)


_AWARDEES = frozenset(["company", "recipient"])
# "３８５億円（前年度４２５億円、▲４０億円）": last year's amount in the brackets after this year's
_PREVIOUS_YEAR_BEFORE = re.compile(
    r"[（(]\s?(?:前年度|前年|昨年度)(?:当初)?(?:予算)?(?:額)?[はが:：]?\s?(?:約|およそ)?$"
)


def _in_closed_bracket(text: str, pos: int, end: int, floor: int) -> bool:
    """Whether `pos` is inside a bracket that closes before `end` (within the sentence from `floor`)."""
    opened = max(text.rfind("（", floor, pos), text.rfind("(", floor, pos))
    if opened < 0 or max(text.rfind("）", opened, pos), text.rfind(")", opened, pos)) >= 0:
        return False
    closed = min((i for i in (text.find("）", pos, end), text.find(")", pos, end)) if i >= 0), default=-1)
    return closed >= 0


# from a figure into the bracket right after it ("3,250億円（前年度当初予算額"): what follows is the bracket's
_OPEN_BRACKET_GAP = re.compile(r"\s?[（(][^）)]{0,30}")


def _previous_year_in_brackets(doc: _Doc, t: _Typed, sent) -> tuple[int, str] | None:
    """The year before the head figure's, for last year's amount in the head figure's brackets."""
    lo = max(sent.start, t.m.start - 14)
    if doc.scan.find("前年", lo, t.m.start) < 0 and doc.scan.find("昨年度", lo, t.m.start) < 0:
        return None
    found = _PREVIOUS_YEAR_BEFORE.search(doc.scan, lo, t.m.start)
    if found is None:
        return None
    k = bisect_left(doc.money_starts, t.m.start) - 1
    head = doc.money[k] if k >= 0 else None
    if head is None or head.m.end > found.start() or head.m.start < sent.start or head.fiscal_year is None:
        return None
    if doc.scan[head.m.end : found.start()].strip():
        return None  # the brackets open right after the head figure
    return head.fiscal_year - 1, head.fiscal_year_basis or "stated"


_LEAD_END = re.compile(r"[:：][ \t\u3000]*$")


def _list_lead_year(doc: _Doc, t: _Typed) -> int | None:
    """The budget year of the lead that introduces the bullet list the figure is an item of
    ("… allocated in Budget 2022. Key measures include:" then "- $1.5 billion for …")."""
    text = doc.scan
    line_start = _list_item(doc, t)
    if line_start is None:
        return None
    pos = line_start
    while pos > 0:  # up over the list's other items and blank lines to the lead line
        prev_start = text.rfind("\n", 0, pos - 1) + 1
        line = text[prev_start : pos - 1]
        pos = prev_start
        if line.strip() and not _BULLET.match(line):
            break
    else:
        return None
    lead_end = text.find("\n", pos)
    lead_end = len(text) if lead_end < 0 else lead_end
    lead = text[pos:lead_end]
    if not (_LEAD_END.search(lead) or len(lead.strip()) <= 40):
        return None  # a lead sentence ending in a colon, or a heading
    for x in doc.money:
        if pos <= x.m.start < lead_end and x.fiscal_year is not None and x.kind in _BUDGET_KINDS:
            return x.fiscal_year
    i, j = bisect_left(doc.year_starts, pos), bisect_left(doc.year_starts, lead_end)
    for y in doc.years[i:j]:
        if y.stated and not y.comparison:
            return y.resolve(doc.published, t.government)
    return None


def _company_award(t: _Typed) -> bool:
    """A line awarded to a named company: its sentence names no budget year of its own."""
    e = t.recipient_entity
    if e is not None and e.type not in _AWARDEES:
        return False
    # a company named, though not as the one paid ("補助額が最も大きいのはA社で、最大501億円です")
    if t.kind != "allocation" or not (t.recipient_strong or e is not None):
        return False
    if t.stage in ("request", "draft", "initial"):
        return False  # a line of a budget being made is that budget's
    return t.instrument in ("subsidy", "loan", "equity")


_PARTOF_AFTER_YEAR = re.compile(
    r"\s?(?:に|には|では|で|,|、)?\s?(?:そのうち|このうち|うち|of\s+which|of\s+this|of\s+that)", re.I
)
_DEADLINE_BEFORE = re.compile(r"\b(?:by|through|until)\s+(?:the\s+end\s+of\s+)?$", re.I)
_DEADLINE_YEAR = re.compile(
    r"(?:by|through|until)\s+(?:the\s+end\s+of\s+)?(?:fiscal\s+(?:year\s+)?|FY\s?)?(20\d\d)\b|"
    r"(\d{4}|\d{2}|[〇一二三四五六七八九]{2})年(?:度)?まで"
)
# a sentence that says where the money comes from ("…で確保した4850億円から支出する", "paid out of")
_FUNDS_SOURCE = re.compile(
    r"から(?:支出|拠出|充当|捻出|充て|賄)|(?:paid|funded|financed|drawn|come|comes|coming)\s+(?:out\s+)?(?:of|from)\b",
    re.I,
)
_BUDGET_TAGS = frozenset(["budget", "specific", "total", "bond", "stage"])


def _near_deadline_year(doc: _Doc, t: _Typed, clause) -> tuple[int | None, str | None]:
    """ "by 2025" said when 2025 is the coming budget year names that year; a later deadline
    ("by 2030") is a multi-year horizon with no budget year."""
    if doc.published is None or t.multi:
        return None, None
    if doc.language == "ja":  # "政府は三〇年度までの七年間で、…十兆円": the sentence's deadline
        clause = doc.seg.sentence_at(t.m.start)
    for k in doc.deadline_starts[bisect_left(doc.deadline_starts, clause.start - 1) :]:
        if k >= clause.end:
            break
        found = _DEADLINE_YEAR.match(doc.scan, k)
        if found is None:
            continue
        written = found.group(1) or found.group(2)
        year = kanji_number(written) if not written.isdigit() else int(written)
        year = year + 2000 if year is not None and year < 100 else year
        if year is None:
            continue
        if year <= upcoming_fiscal_year(doc.published, t.government):
            return year, "stated"
        return None, None
    return None, None


def _later_sentence_year(doc: _Doc, t: _Typed, sent) -> int | None:
    """A budget year stated in the sentence after the figure's, when that sentence carries no figure
    of its own ("…will allocate the funds in the FY2023 supplementary budget.") or says that the
    money is paid out of a budget of that year (same paragraph)."""
    if not doc.years:
        return None
    key = ("later_year", sent.start)
    found = doc.entity_cache.get(key, False)
    if found is False:
        found = doc.entity_cache[key] = _next_sentence_year(doc, sent)
    return found


def _next_sentence_year(doc: _Doc, sent) -> int | None:
    k = doc.seg.sentence_index(sent.start)
    if k + 1 >= len(doc.seg.sentences):
        return None
    nxt = doc.seg.sentences[k + 1]
    if nxt.start - sent.end > 400:
        return None
    years = [y for y in _year_candidates(doc, nxt) if y.stated and not y.comparison]
    if not years:
        return None
    has_money = _between(doc.money_starts, nxt.start - 1, nxt.end) > 0
    if has_money:
        same_paragraph = "\n\n" not in doc.scan[sent.end : nxt.start]
        if not (same_paragraph and _FUNDS_SOURCE.search(doc.scan, nxt.start, nxt.end)):
            return None
    if _between(doc.deadline_starts, nxt.start - 1, nxt.end) or _between(
        doc.multi_starts, nxt.start - 1, nxt.end
    ):
        return None
    hits = _context(doc, nxt).cues
    if not any(tag[0] in _BUDGET_TAGS for h in hits for tag in h.tags):
        return None
    return years[0].year

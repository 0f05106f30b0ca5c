"""What a whole document says, the default for its figures: its main government and agency, what a
bare `$` means, its headline block, whether it is about a budget, its sector, and the year and
stage its lead names."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from urllib.parse import urlparse

from pipelines.lib.extract import sectors
from pipelines.lib.extract.document import _BUDGET_STAGE, _COUNTRY_VOTE, _DOC_VOTES, _ENTITY_OF, _Doc, _narrow
from pipelines.lib.extract.figure_year_stage import _range_end, _stage_year
from pipelines.lib.extract.fiscal import find_year_mentions, upcoming_fiscal_year
from pipelines.lib.extract.phrases import PhraseHit
from pipelines.lib.extract.sentences import Segmenter
from pipelines.lib.model import Mention

_US_DOLLAR = re.compile(r"US\$|U\.S\. dollars?|USD|US dollars?")
_SENTENCE_END = ("。", ".", "!", "?")
_CLOSING_QUOTES = ("」", "』", '"', "”", "’", ")")

_DOLLAR_HOSTS = (
    (".gc.ca", "CAD"),
    ("canada.ca", "CAD"),
    (".gov.au", "AUD"),
    (".gov.sg", "SGD"),
    (".govt.nz", "NZD"),
    (".gov.hk", "HKD"),
    (".gov.tw", "TWD"),
)
_DOLLAR_GOVERNMENTS = {
    "Canada": "CAD",
    "Australia": "AUD",
    "Singapore": "SGD",
    "New Zealand": "NZD",
    "Hong Kong": "HKD",
    "Taiwan": "TWD",
}
# a dollar's prefix and the country-code domain of its publishers
_OWN_DOLLAR = {
    "CAD": ("C$", ".ca"),
    "AUD": ("A$", ".au"),
    "SGD": ("S$", ".sg"),
    "NZD": ("NZ$", ".nz"),
    "HKD": ("HK$", ".hk"),
    "TWD": ("NT$", ".tw"),
}


def _outside(hits: list[PhraseHit], mentions: list[Mention]) -> list[PhraseHit]:
    """The hits that do not start inside a mention (both lists in text order)."""
    out = []
    j = -1
    last = len(mentions) - 1
    for h in hits:
        start = h.start
        while j < last and mentions[j + 1].start <= start:
            j += 1
        if j < 0 or start >= mentions[j].end:
            out.append(h)
    return out


def _main_government(hits: list[PhraseHit], title_hits: list[PhraseHit], seg: Segmenter) -> str | None:
    votes: Counter = Counter()
    first_end = seg.sentences[1].end if len(seg.sentences) > 1 else len(seg.text)
    country_vote = _COUNTRY_VOTE
    for weight, found in ((1.0, hits), (2.0, title_hits)):  # a title's names count twice
        for h in found:
            vote = country_vote[id(h.tags)]
            if vote is None:
                continue
            w = weight * (1.5 if h.start < first_end else 1.0)
            if vote[1]:
                votes[vote[0]] += 1.5 * w
            else:
                votes[vote[0]] += w
    if not votes:
        return None
    return votes.most_common(1)[0][0]


def _main_agency(hits: list[PhraseHit]) -> str | None:
    found = None
    entity_of = _ENTITY_OF
    for h in hits:
        e = entity_of[id(h.tags)]
        if e is not None and e.type == "agency":
            if found is None:
                found = e.canonical
            elif e.canonical != found:
                return None
    return found


def _dollar_for(url: str | None, government: str | None, scan: str) -> str:
    """What a bare `$` means in this document: USD, unless the text is a dollar government's own.

    A government's own site (canada.ca, .gov.au) means its dollar. So does a text about a dollar
    government that never marks US dollars or its own dollar (a release of that government), and a
    text of a publisher of that country (abc.net.au) that writes US$ for US dollars: it writes its
    own dollar bare, even where it also writes A$ or C$.
    """
    host = (urlparse(url).hostname or "") if url else ""
    for suffix, code in _DOLLAR_HOSTS:
        if host == suffix.lstrip(".") or host.endswith(suffix):
            return code
    if government in _DOLLAR_GOVERNMENTS:
        own = _DOLLAR_GOVERNMENTS[government]
        prefix, tld = _OWN_DOLLAR[own]
        marks_usd = bool(_US_DOLLAR.search(scan))
        if not marks_usd and prefix not in scan:
            return own
        if marks_usd and host.endswith(tld):
            return own
    return "USD"


def _headline_end(scan: str, title: str | None) -> int:
    """End of the headline block: leading short lines without sentence punctuation (and the title)."""
    pos = 0
    end = 0
    for _ in range(6):
        nl = scan.find("\n", pos)
        line = scan[pos : nl if nl >= 0 else len(scan)]
        stripped = line.strip()
        if stripped:
            is_title = bool(title) and stripped == title.strip()
            if not is_title and (len(stripped) > 160 or stripped.endswith(_SENTENCE_END) or "。" in stripped):
                break
            end = pos + len(line)
        if nl < 0:
            break
        pos = nl + 1
    return end


def _starts_near(text: str, keys: dict[str, bool], regex: re.Pattern) -> list[int]:
    """Start offsets of `regex` matches, looked for only at (or just before) its keywords."""
    found: set[int] = set()
    for key, leading in keys.items():
        i = text.find(key)
        while i >= 0:
            if leading:
                m = regex.match(text, i)
                if m:
                    found.add(i)
            else:
                for m in regex.finditer(text, max(0, i - 12), i + len(key)):
                    found.add(m.start())
            i = text.find(key, i + 1)
    return sorted(found)


def _in_headline_line(doc: _Doc, m: Mention) -> bool:
    """A figure in the headline block or in a short stand-alone line without sentence punctuation."""
    if m.start < doc.headline_end:
        return True
    line_span = doc.seg.line_at(m.start, m.end)
    lo, hi = line_span.start, line_span.end
    if hi - lo > 1000:
        return False  # (not copied: a copy of a long line for each of its figures is quadratic)
    line = doc.scan[lo:hi].strip()
    if len(line) > 150 or "。" in line or line.endswith((";", "；")):
        return False  # a semicolon ends an item of a list, not a headline
    if line.endswith(_CLOSING_QUOTES):  # a sentence mark, blanks and one closing quote end the line
        return not line[:-1].rstrip().endswith(_SENTENCE_END)
    return not line.endswith(_SENTENCE_END)


def _document_context(doc: _Doc, title: str | None, title_hits: list[PhraseHit]) -> None:
    budget = other = 0.0
    sector_votes: Counter = Counter()
    doc_votes = _DOC_VOTES
    lead = []
    for h in doc.hits:
        v = doc_votes[id(h.tags)]
        if v is not None:
            budget += v[0]
            other += v[1]
            for sector, w in v[2]:
                sector_votes[sector] += w
            if v[3] and h.start < 1500:
                lead.extend((h, sector) for sector in v[3])
    in_title = []
    for h in title_hits:
        v = doc_votes[id(h.tags)]
        if v is not None:
            budget += v[0]
            other += v[1]
            for sector, w in v[2]:
                sector_votes[sector] += w
            in_title.extend((h, sector) for sector in v[3])
    doc.prior_budget = budget - other
    if sector_votes:
        doc.sector = doc.top_sector = sector_votes.most_common(1)[0][0]
    if _has_coordination(doc.scan, lead) or (title and _has_coordination(_narrow(title), in_title)):
        doc.sector = "mixed"
    # A year named in the headline or the first two sentences sets the year of the figures that
    # name none ("2021年度の政府概算要求が出そろう", "二〇二三年度当初予算案では").
    sentences = doc.seg.sentences
    first = bisect_left([x.start for x in sentences[:8]], doc.headline_end)
    if first == 8:  # a long headline block: find its end in the whole list
        first = next((k for k, x in enumerate(sentences) if x.start >= doc.headline_end), len(sentences))
    after_head = sentences[first : first + 2]
    lead_end = after_head[min(1, len(after_head) - 1)].end if after_head else doc.headline_end
    for k, y in enumerate(doc.years):
        if y.start > lead_end:
            break
        if y.calendar and not y.stated and not _BUDGET_ANCHOR.match(doc.scan, y.end):
            continue  # "due to start production later this year": a date, not the budget's year
        if not y.comparison and not y.local and not _range_end(doc.scan, doc.years, k):
            doc.topic_year = y
            break
    budget_stage = _BUDGET_STAGE
    doc.topic_stage = next((st for h in title_hits if (st := budget_stage[id(h.tags)]) is not None), None)
    if doc.topic_stage is None:
        topic = doc.topic_year.resolve(doc.published, doc.government) if doc.topic_year else None
        for h in doc.hits:
            if h.start >= lead_end:
                break
            stage = budget_stage[id(h.tags)]
            if stage is not None and _stage_year(doc, h) in (None, topic):
                doc.topic_stage = stage
                break
    if doc.topic_year is None and title:
        for y in find_year_mentions(_narrow(title)):
            if y.stated and not y.comparison:
                doc.topic_year = y
                break
    # A budget event without a stated year (a budget speech, 来年度予算案) dates the figures.
    if doc.published is not None and doc.topic_year is None:
        lowered = doc.low
        has_event = (
            "budget speech" in lowered
            or "budget statement" in lowered
            or "予算案" in doc.scan
            or ("概算要求" in doc.scan)
        )
        if (
            has_event
            and any(_BUDGET_STAGE[id(h.tags)] in ("request", "draft") for h in doc.hits)
            and not any(y.stated for y in doc.years)
        ):
            doc.cycle_year = upcoming_fiscal_year(doc.published, doc.government)
            doc.cycle_basis = "inferred"


_BUDGET_ANCHOR = re.compile(
    r"\s?(?:の)?(?:政府)?(?:当初|補正|第\d次補正|本)?(?:予算|概算要求|税制改正)|\s+(?:budget|supplementary|draft|"
    r"initial|extra|budget request)",
    re.I,
)


def _has_coordination(text: str, found: list[tuple[PhraseHit, str]]) -> bool:
    if len({f[1] for f in found}) < 2:
        return False
    found = sorted(found, key=lambda x: x[0].start)
    for a, b in zip(found, found[1:], strict=False):
        if a[1] != b[1] and b[0].start - a[0].end <= 40 and sectors.coordinated(text, a[0].end, b[0].start):
            return True
    return False

"""What extraction keeps per document and per sentence: the typed figure (`_Typed`), the document
(`_Doc`), the cue lexicon with its per-phrase tag tables, what one sentence offers its figures
(`_SentenceContext`: its cues, entities, actors and sector words), and the offset helpers the other
modules share (hits of a span, distances, list items)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from pipelines.lib.extract import cues, sectors
from pipelines.lib.extract.entities import Entity, default_table
from pipelines.lib.extract.fiscal import YearMention
from pipelines.lib.extract.phrases import PhraseHit, PhraseScanner
from pipelines.lib.extract.sentences import Segmenter
from pipelines.lib.model import Mention

# Full-width ASCII to ASCII, one character for one, so offsets are unchanged.
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")


def _narrow(text: str) -> str:
    if text.isascii():
        return text
    return _FULL_WIDTH.sub(lambda m: " " if m.group() == "\u3000" else chr(ord(m.group()) - 0xFEE0), text)


@lru_cache(maxsize=1)
def _lexicon() -> PhraseScanner:
    table = default_table()
    entries = list(cues.vocabulary()) + list(sectors.vocabulary()) + table.entries()
    scanner = PhraseScanner(entries)
    for tags in scanner.all_tags():
        _ENTITY_OF[id(tags)] = next((table.entities[tag[1]] for tag in tags if tag[0] == "entity"), None)
        _DOC_VOTES[id(tags)] = _doc_votes(tags, table)
        e = _ENTITY_OF[id(tags)]
        ambiguous = sum(1 for tag in tags if tag[0] == "entity") > 1
        _COUNTRY_VOTE[id(tags)] = (
            (e.country, e.type == "agency")
            if e is not None and e.country and not ambiguous and e.type in ("government", "agency")
            else None
        )
        _SENTENCE_TAGS[id(tags)] = (
            tuple((t[1], 2 if t[2] else 0) for t in tags if t[0] == "sector"),
            any(t[0] in _CUE_KINDS for t in tags),
            tuple(t[1] for t in tags if t[0] == "actor"),
        )
        _DOC_STAGES[id(tags)] = tuple(
            t[1] for t in tags if t[0] == "stage" and t[1] not in ("announced", "executed")
        )
        _BUDGET_STAGE[id(tags)] = next(
            (
                t[1]
                for t in tags
                if t[0] == "stage" and t[1] in ("draft", "request", "supplementary", "initial")
            ),
            None,
        )
    return scanner


@dataclass(slots=True)
class _Doc:
    text: str
    scan: str
    language: str
    published: date | None
    seg: Segmenter
    hits: list[PhraseHit]
    hit_starts: list[int]
    mentions: list[Mention]
    low: str  # scan.lower()
    money_starts: list[int] = field(default_factory=list)
    years: list[YearMention] = field(default_factory=list)
    year_starts: list[int] = field(default_factory=list)
    government: str | None = None
    agency: str | None = None
    prior_budget: float = 0.0
    sector: str | None = None
    top_sector: str | None = None  # the most named sector, even when the lead coordinates several
    topic_year: YearMention | None = None
    cycle_year: int | None = None
    cycle_basis: str | None = None
    headline_end: int = 0
    stage_cache: dict = field(default_factory=dict)  # fiscal year (or None) -> the document's stage
    topic_stage: str | None = None
    multi_starts: list[int] = field(default_factory=list)
    entity_cache: dict = field(default_factory=dict)
    recipient_hits: list | None = None
    recipient_starts: list[int] = field(default_factory=list)
    deadline_starts: list[int] = field(default_factory=list)
    money: list = field(default_factory=list)  # the money _Typed of the document, in text order


@dataclass(slots=True)
class _Typed:
    m: Mention
    index: int
    kind: str = "allocation"
    sector: str = "other"
    stage: str = "unknown"
    instrument: str = "unknown"
    qualifier: str | None = None
    recipient: str | None = None
    recipient_entity: Entity | None = None
    government: str | None = None
    agency: str | None = None
    fiscal_year: int | None = None
    fiscal_year_basis: str | None = None
    converts: int | None = None  # index of the converted mention
    describes: int | None = None  # index of the money mention a percent change describes
    changed_from: int | None = None  # index of the figure this one is the earlier amount of ("up from the X")
    confidence: float = 0.5
    partof: bool = False
    multi: bool = False
    abs_change: bool = False
    recipient_strong: bool = False
    row_total: bool = False
    headline: bool = False
    evidence: float = 0.0
    no_year: bool = False  # a multi-year or far-deadline amount, known to have no budget year
    purpose_key: str | None = None  # "for budgetary support": tells repeats apart, not a recipient
    table_cell: tuple | None = None  # (table, row label, column) of a plain-text table cell
    prior_year: bool = False  # last year's amount, in the brackets after this year's
    earlier_decision: bool = False  # its sentence says the money was decided before (これまでに, already)


# The entity of each tag tuple of the lexicon, keyed by the tuple's id (the tuples are owned by the
# cached scanner and live as long as it does); filled when the lexicon is built.
_ENTITY_OF: dict[int, Entity | None] = {}


# (country, is an agency) of each tag tuple whose entity is one country's government or agency (an
# alias of several entities, "the Treasury", does not say which country), else None; by id as above.
_COUNTRY_VOTE: dict[int, tuple[str, bool] | None] = {}


def _entity(hit: PhraseHit) -> Entity | None:
    return _ENTITY_OF[id(hit.tags)]


# What a phrase adds to the document's votes, per tag tuple of the lexicon (by id, as _ENTITY_OF):
# (budget weight, other weight, ((sector, vote), ...), (strong sector, ...)), or None for nothing.
_DOC_VOTES: dict[int, tuple | None] = {}
# What a phrase offers a sentence, per tag tuple: ((sector, tier), ...), whether it is a typing
# cue, and its actor tags.
_SENTENCE_TAGS: dict[int, tuple] = {}
# The stages a phrase votes for in the document's stage (not announced / executed), per tag tuple.
_DOC_STAGES: dict[int, tuple[str, ...]] = {}
# The budget stage a phrase names (draft, request, supplementary, initial), per tag tuple.
_BUDGET_STAGE: dict[int, str | None] = {}


def _doc_votes(tags: tuple, table) -> tuple | None:
    budget = other = 0.0
    votes = []
    strong = []
    for tag in tags:
        if tag[0] in ("budget", "specific", "total", "bond"):
            budget += tag[1]
        elif tag[0] == "other":
            other += tag[2]
        elif tag[0] == "sector":
            votes.append((tag[1], 0.5 if tag[2] else 1.0))
            if not tag[2]:
                strong.append(tag[1])
        elif tag[0] == "entity":
            e = table.entities[tag[1]]
            if e.sector and e.type != "government":
                votes.append((e.sector, 0.5))
    if not (budget or other or votes):
        return None
    return budget, other, tuple(votes), tuple(strong)


def _sentence_hits(doc: _Doc, lo: int, hi: int) -> list[PhraseHit]:
    i = bisect_left(doc.hit_starts, lo)
    j = bisect_left(doc.hit_starts, hi)
    return doc.hits[i:j]


_CUE_KINDS = frozenset(
    [
        "other",
        "budget",
        "specific",
        "invest",
        "total",
        "cum",
        "cumafter",
        "bond",
        "stage",
        "instr",
        "partof",
        "multi",
        "qual",
        "actor",
        "change",
    ]
)


@dataclass(slots=True)
class _SentenceContext:
    """What one sentence offers its figures, worked out once per sentence."""

    hits: list[PhraseHit]
    cues: list[PhraseHit]  # hits with a typing cue
    entities: list[tuple[PhraseHit, Entity]]
    actors: list[tuple[PhraseHit, str]]  # "gov" / "company", in text order
    sectors: list[tuple[PhraseHit, str, int]]  # tier 0 sector word, 1 entity sector, 2 weak word
    entity_hits: list[PhraseHit] | None = None  # the hits of `entities`, made when first asked for
    earlier_decision: bool | None = None  # it says the money was decided before; found when first asked


def _context(doc: _Doc, sent) -> _SentenceContext:
    ctx = doc.entity_cache.get(sent.start)
    if ctx is None:
        hits = _sentence_hits(doc, sent.start, sent.end)
        cues, entities, actors, found = [], [], [], []
        entity_of = _ENTITY_OF
        tag_info = _SENTENCE_TAGS
        for h in hits:
            e = entity_of[id(h.tags)]
            if e is not None:
                entities.append((h, e))
                if e.type != "programme":
                    actors.append((h, "gov" if e.type in ("government", "agency") else "company"))
                if e.sector and e.type != "government":
                    found.append((h, e.sector, 1))
            sector_tiers, cue, actor_tags = tag_info[id(h.tags)]
            for sector, tier in sector_tiers:
                found.append((h, sector, tier))
            if e is None:
                for who in actor_tags:
                    actors.append((h, who))
            if cue:
                cues.append(h)
        ctx = _SentenceContext(hits, cues, entities, actors, found)
        doc.entity_cache[sent.start] = ctx
    return ctx


def _sentence_entities(doc: _Doc, sent, sent_hits: list[PhraseHit]) -> list[tuple[PhraseHit, Entity]]:
    return _context(doc, sent).entities


def _between(starts: list[int], lo: int, hi: int) -> int:
    return bisect_left(starts, hi) - bisect_right(starts, lo)


def _distance(h, m: Mention) -> int:
    if h.end <= m.start:
        return m.start - h.end
    if h.start >= m.end:
        return h.start - m.end
    return 0


_BULLET = re.compile(r"[ \t\u3000]*(?:[-*•・●○◆■▪–]|\d{1,2}[.)])[ \t\u3000]")


def _list_item(doc: _Doc, t: _Typed) -> int | None:
    """The start of the bullet-list item line the figure stands in, if it does."""
    line_start = doc.seg.line_at(t.m.start).start
    return line_start if _BULLET.match(doc.scan, line_start) else None

"""Who pays for a figure: its government and agency.

Rules (each general, none tied to a source):

1. The payer is named by an agency or a government in the figure's sentence. A government word
   that only describes the recipient ("the Taiwanese foundry", "Korea's Samsung", "台湾のTSMC") is
   not a payer while something else in the text can pay.
2. An agency's country is its government. When the sentence names a paying government that is not
   the agency's country (the European Commission approving "a German measure"), the government
   wins where it stands nearer the figure, and the agency, which does not belong to it, is dropped.
3. An alias shared by several entities ("the Treasury") is resolved by the document's and the
   sentence's governments; when nothing decides, it names no payer.
4. With no payer in the sentence, the document's government (the catalog default or the one the
   text is mostly about) applies, unless the figure's currency belongs to another government whose
   agency the paragraph or the document names (a USD award of the US Commerce Department reported
   by a Japanese news site): then that agency and its government pay.
5. A default agency applies only to figures of its own government.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from pipelines.lib.extract.entities import Entity, default_table
from pipelines.lib.extract.phrases import PhraseHit

EU_MEMBERS = frozenset(
    [
        "Austria",
        "Belgium",
        "Bulgaria",
        "Croatia",
        "Cyprus",
        "Czechia",
        "Denmark",
        "Estonia",
        "Finland",
        "France",
        "Germany",
        "Greece",
        "Hungary",
        "Ireland",
        "Italy",
        "Latvia",
        "Lithuania",
        "Luxembourg",
        "Malta",
        "Netherlands",
        "Poland",
        "Portugal",
        "Romania",
        "Slovakia",
        "Slovenia",
        "Spain",
        "Sweden",
    ]
)
# the government whose own currency a figure is in
CURRENCY_GOVERNMENT = {
    "JPY": "Japan",
    "USD": "United States",
    "KRW": "South Korea",
    "INR": "India",
    "TWD": "Taiwan",
    "SGD": "Singapore",
    "CAD": "Canada",
    "AUD": "Australia",
    "GBP": "United Kingdom",
    "CNY": "China",
    "MYR": "Malaysia",
    "NZD": "New Zealand",
    "HKD": "Hong Kong",
}

# "the Taiwanese foundry", "Korea's Samsung", "a Japanese chipmaker", "台湾の半導体大手"
_DESCRIBED_NOUN = re.compile(
    r"(?:'s|’s)?\s+(?:[A-Za-z][\w.-]*\s+){0,2}?(?:foundry|foundries|company|companies|firm|firms|chipmakers?|"
    r"chip\s?makers?|makers?|manufacturers?|group|giant|rivals?|subsidiary|subsidiaries|suppliers?|"
    r"start-?ups?|corporation|conglomerate|unit|affiliate|peers?|operator|champion|partners?)\b",
    re.I,
)
_DESCRIBED_JA = re.compile(r"^(?:の)?(?:半導体)?(?:大手|企業|メーカー|社|受託製造|ファウンドリー|系)")
_POSSESSIVE_GAP = re.compile(r"^\s*(?:'s|’s|の)?\s*$")
# "the Department has offered ...", 同省: the agency the document is about, named again
# (the look-ahead on the first characters lets `re` skip the other positions of a window quickly)
_AGENCY_ANAPHOR = re.compile(
    r"(?=[Tt同])(?:\b[Tt]he\s+(?:[Dd]epartment|[Mm]inistry|[Aa]gency|[Cc]ommission|[Oo]ffice|[Bb]ureau|"
    r"[Mm]inister|[Ss]ecretary)\b(?!\s+of\b)|同省|同庁|同機構|同相)"
)


def currency_matches(currency: str | None, government: str | None) -> bool:
    """Whether a figure in `currency` can be a budget figure of `government` (unknown: yes)."""
    if not currency or not government:
        return True
    if currency == "EUR":
        return government == "European Union" or government in EU_MEMBERS
    home = CURRENCY_GOVERNMENT.get(currency)
    return home is None or home == government


# id(tags) -> (tags, entities): keeping the tags tuple alive keeps its id from being reused
_ENTITIES_OF: dict[int, tuple[tuple, list[Entity]]] = {}


def entities_of(hit: PhraseHit) -> list[Entity]:
    """Every entity an alias hit may refer to (more than one for an ambiguous alias)."""
    tags = hit.tags
    cached = _ENTITIES_OF.get(id(tags))
    if cached is not None and cached[0] is tags:
        return cached[1]
    table = default_table()
    found = [table.entities[tag[1]] for tag in tags if tag[0] == "entity"]
    if len(_ENTITIES_OF) > 20_000:
        _ENTITIES_OF.clear()
    _ENTITIES_OF[id(tags)] = (tags, found)
    return found


def is_ambiguous(hit: PhraseHit) -> bool:
    """Whether an alias hit names more than one entity."""
    n = 0
    for tag in hit.tags:
        if tag[0] == "entity":
            n += 1
    return n > 1


def resolve(hit: PhraseHit, context: tuple[str | None, ...]) -> Entity | None:
    """The entity of a hit; an ambiguous alias is resolved by the governments in `context`."""
    found = entities_of(hit)
    if len(found) <= 1:
        return found[0] if found else None
    for gov in context:
        if gov is None:
            continue
        for e in found:
            if e.country == gov or (e.type == "government" and e.canonical == gov):
                return e
    return None


def is_descriptor(scan: str, hit: PhraseHit, entities: list[tuple[PhraseHit, Entity]]) -> bool:
    """A government word that describes a company rather than paying ("the Taiwanese foundry")."""
    after = scan[hit.end : hit.end + 60]
    if _DESCRIBED_NOUN.match(after) or _DESCRIBED_JA.match(after):
        return True
    for h, e in entities:
        near = e.type == "recipient" and 0 <= h.start - hit.end <= 4
        if near and _POSSESSIVE_GAP.match(scan[hit.end : h.start]):
            return True  # "Korea's Samsung", "台湾のTSMC", "Taiwanese TSMC"
    return False


def _payers(
    scan: str, hits: list[PhraseHit], context: tuple[str | None, ...]
) -> list[tuple[PhraseHit, Entity]]:
    """(hit, entity) for the governments and agencies among `hits` that can pay."""
    key = (id(hits), context)
    cached = _PAYERS.get(key)
    if cached is not None and cached[0] is hits and cached[1] is scan and len(hits) == cached[2]:
        return cached[3]  # the same list of a sentence or document, asked again for another figure
    ents = [(h, e) for h in hits if (e := resolve(h, context)) is not None]
    out = []
    for h, e in ents:
        if e.type == "agency" or (e.type == "government" and not is_descriptor(scan, h, ents)):
            out.append((h, e))
    if len(_PAYERS) > 256:
        _PAYERS.clear()
    _PAYERS[key] = (hits, scan, len(hits), out)
    return out


_PAYERS: dict[tuple, tuple] = {}


def _sentence_payers(
    scan: str, hits: list[PhraseHit], context: tuple[str | None, ...]
) -> list[tuple[PhraseHit, Entity]]:
    """The payers of a sentence; its own governments resolve its ambiguous aliases first."""
    key = (id(hits), context)
    cached = _SENTENCE_PAYERS.get(key)
    if cached is not None and cached[0] is hits and cached[1] is scan and len(hits) == cached[2]:
        return cached[3]  # asked again for another figure of the sentence
    found = _payers(scan, hits, context)
    if any(is_ambiguous(h) for h in hits):
        govs = tuple(e.canonical for _, e in found if e.type == "government")
        found = _payers(scan, hits, govs + context)
    if len(_SENTENCE_PAYERS) > 256:
        _SENTENCE_PAYERS.clear()
    _SENTENCE_PAYERS[key] = (hits, scan, len(hits), found)
    return found


_SENTENCE_PAYERS: dict[tuple, tuple] = {}


def _distance(h: PhraseHit, start: int, end: int) -> int:
    if h.end <= start:
        return start - h.end
    if h.start >= end:
        return h.start - end
    return 0


def _from_payers(
    payers: list[tuple[PhraseHit, Entity]], start: int, end: int
) -> tuple[str | None, Entity | None, bool]:
    """(government, agency entity, found) from the payers nearest a figure."""
    gov = agency = None
    gov_d = agency_d = 1 << 30
    for h, e in payers:
        d = _distance(h, start, end)
        if e.type == "government" and d < gov_d:
            gov, gov_d = e.canonical, d
        elif e.type == "agency" and d < agency_d:
            agency, agency_d = e, d
    if agency is not None and agency.country and (gov is None or agency_d <= gov_d):
        gov = agency.country
    if gov is None and agency is None:
        return None, None, False
    return gov, agency, True


def _line_bounds(scan: str, start: int, end: int) -> tuple[int, int]:
    lo = scan.rfind("\n\n", 0, start)
    lo = 0 if lo < 0 else lo + 2
    hi = scan.find("\n\n", end)
    hi = len(scan) if hi < 0 else hi
    if hi - lo > 1500:  # one line per paragraph (rendered HTML)
        lo = scan.rfind("\n", 0, start) + 1
        hi = scan.find("\n", end)
        hi = len(scan) if hi < 0 else hi
    return lo, hi


_MAIN_AGENCY: dict[int, tuple[list, Entity | None]] = {}


def _main_agency(hits: list[PhraseHit]) -> Entity | None:
    """The agency a document names most (the first named on a tie): who "the Department" is."""
    cached = _MAIN_AGENCY.get(id(hits))
    if cached is not None and cached[0] is hits:
        return cached[1]
    counts: dict[int, int] = {}
    first: dict[int, Entity] = {}
    for h in hits:
        for tag in h.tags:
            if tag[0] == "entity":
                e = default_table().entities[tag[1]]
                if e.type == "agency" and not is_ambiguous(h):
                    counts[e.index] = counts.get(e.index, 0) + 1
                    first.setdefault(e.index, e)
                break
    best = max(first, key=lambda i: counts[i], default=None)  # dicts keep first-seen order on ties
    found = first[best] if best is not None else None
    if len(_MAIN_AGENCY) > 64:
        _MAIN_AGENCY.clear()
    _MAIN_AGENCY[id(hits)] = (hits, found)
    return found


def payer(
    *,
    scan: str,
    start: int,
    end: int,
    currency: str | None,
    sentence_hits: list[PhraseHit],
    paragraph_hits,
    document_hits: list[PhraseHit],
    doc_government: str | None,
    doc_agency: str | None,
    currency_government: str | None = None,
    clause: tuple[int, int] | None = None,
) -> tuple[str | None, str | None]:
    """(government, agency) of the figure at [start, end) (see the module docstring).

    `paragraph_hits(lo, hi)` gives the hits between two offsets (the caller's index);
    `currency_government` is the fallback when neither text nor document names a government.
    """
    context = (doc_government,)
    sent_payers = _sentence_payers(scan, sentence_hits, context)
    if clause is not None and _AGENCY_ANAPHOR.search(scan, clause[0], start):
        lo, hi = clause
        in_clause = [(h, e) for h, e in sent_payers if lo <= h.start < hi]
        own = default_table().by_name.get(doc_agency) if doc_agency else _main_agency(document_hits)
        if (
            own is not None
            and not any(e.type == "agency" for _, e in in_clause)
            and _AGENCY_ANAPHOR.search(scan, lo, start)
        ):
            sent_payers = [(h, e) for h, e in in_clause if e.type == "government"]
            if not any(e.canonical == own.country for _, e in sent_payers):
                return own.country or doc_government, own.canonical
    gov, agency, found = _from_payers(sent_payers, start, end)
    if not found:
        gov = doc_government
        if not currency_matches(currency, gov):
            lo, hi = _line_bounds(scan, start, end)
            for pool in (paragraph_hits(lo, hi), document_hits):
                near = [
                    (h, e)
                    for h, e in _payers(scan, pool, context)
                    if e.type == "agency" and e.country and currency_matches(currency, e.country)
                ]
                g, a, ok = _from_payers(near, start, end)
                if ok:
                    gov, agency = g, a
                    break
        if gov is None:
            gov = currency_government
    elif gov is None:
        gov = doc_government or currency_government  # an agency of no country ("the finance ministry")
    if agency is not None:
        if agency.country and gov and agency.country != gov:
            agency = None  # an agency belongs to its own government
        return gov, agency.canonical if agency is not None else None
    default = default_table().by_name.get(doc_agency) if doc_agency else None
    if doc_agency and (default is None or not default.country or default.country == gov):
        return gov, doc_agency
    return gov, None


# --------------------------------------------------------------------------------------------
# Programme envelopes and award stages
# --------------------------------------------------------------------------------------------

# "The CHIPS and Science Act provided $39 billion for ...": what a law or fund holds in all
_ENVELOPE_VERB = re.compile(
    r"\b(?:provid(?:es|ed|ing)|provide|appropriat(?:es|ed|ing)|authori[sz](?:es|ed|ing)|set(?:s|ting)? aside|"
    r"allocat(?:es|ed|ing)|earmark(?:s|ed|ing)|includ(?:es|ed|ing)|contain(?:s|ed|ing)|"
    r"establish(?:es|ed|ing)|creat(?:es|ed|ing)|is worth|was worth|totals?|totall?ed|"
    r"(?:has|had|with) (?:a budget|an envelope|funding) of|made available|makes available)\b",
    re.I,
)
_WEAK_DRAFT = frozenset(["proposed", "proposes", "proposal", "propose", "proposing"])
_BUDGET_AFTER = re.compile(r"^\s*(?:\w+\s+){0,2}?(?:budget|spending plan|appropriations?)\b", re.I)


def _stage_hits(hits: list[PhraseHit], value: str) -> list[PhraseHit]:
    stages = _STAGES
    out = []
    for h in hits:
        found = stages.get(id(h.tags))
        if found is None or found[0] is not h.tags:
            if len(stages) > 20_000:
                stages.clear()
            found = stages[id(h.tags)] = (h.tags, frozenset(tag[1] for tag in h.tags if tag[0] == "stage"))
        if value in found[1]:
            out.append(h)
    return out


# id(tags) -> (tags, the stages they name); the tuples are the phrase scanner's, one per phrase
_STAGES: dict[int, tuple[tuple, frozenset]] = {}


def _strong_draft(scan: str, hits: list[PhraseHit]) -> bool:
    """A cabinet budget plan is named ("draft budget", 予算案), not only a "proposed" loan."""
    for h in _stage_hits(hits, "draft"):
        if h.text.lower() not in _WEAK_DRAFT or _BUDGET_AFTER.match(scan[h.end : h.end + 40]):
            return True
    return False


def refine_kind(doc, t, sent, clause, ctx) -> None:
    """Programme envelopes are `total_budget`; an award's "proposed" terms are not a draft budget.

    `doc`, `t`, `ctx` are document._Doc, document._Typed and document._SentenceContext.
    """
    m = t.m
    scan = doc.scan
    if t.kind == "allocation":
        clause_ents = [(h, e) for h, e in ctx.entities if clause.start <= h.start < m.start]
        programmes = [h for h, e in clause_ents if e.type == "programme"]
        companies = [h for h, e in clause_ents if e.type == "recipient"]
        if programmes and not companies:
            h = programmes[0]
            verb = _ENVELOPE_VERB.search(scan, h.end, m.start)
            if verb is not None and m.start - h.end <= 80 and not _between_money(doc, h.end, m.start):
                t.kind = "total_budget"
                if t.recipient_entity is None or t.recipient_entity.type != "recipient":
                    e = next(e for x, e in clause_ents if x is h)
                    t.recipient, t.recipient_entity = e.canonical, e
                own_stage = any(
                    tag[0] == "stage"
                    for x in ctx.cues
                    if clause.start <= x.start < clause.end
                    for tag in x.tags
                )
                if not own_stage:
                    t.stage = "unknown"
    if t.stage == "draft" and not _strong_draft(scan, ctx.hits):
        award_doc = doc.entity_cache.get("award_doc")  # the document's own, worked out once
        if award_doc is None:
            award_doc = bool(_stage_hits(doc.hits, "announced")) and not _strong_draft(scan, doc.hits)
            doc.entity_cache["award_doc"] = award_doc
        if award_doc or _stage_hits(ctx.hits, "announced"):
            t.stage = "announced"


def _between_money(doc, lo: int, hi: int) -> bool:
    starts = doc.money_starts
    return bisect_left(starts, hi) > bisect_left(starts, lo)

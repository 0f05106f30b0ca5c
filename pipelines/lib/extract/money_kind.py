"""The kind of a money figure, from the cues of its own sentence.

Each mention looks only at the cues of its own sentence (found by bisection), weighted by
distance, discounted when another figure stands between cue and mention (the cue is that
figure's) or when a clause boundary does. Then:

- Money that earnings, market, valuation, funding-round, M&A, cost, tax-credit, guarantee or
  private-investment words describe, or that a company invests or spends, is `other`.
- Public money is a `bond` (国債, bonds), a `cumulative_total` (to date, 累計, 計), a
  `total_budget` ("a budget of", 特別会計, a multi-year envelope, or budget words with no
  recipient) or otherwise an `allocation`.

`_type_money` also gives the figure its recipient, sector, payer, fiscal year and stage.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from pipelines.lib.extract import attribution, cues, tablerows
from pipelines.lib.extract.document import (
    _SENTENCE_TAGS,
    _between,
    _context,
    _distance,
    _Doc,
    _sentence_hits,
    _SentenceContext,
    _Typed,
)
from pipelines.lib.extract.figure_payer import _government
from pipelines.lib.extract.figure_recipient import (
    _AGENCY_ANAPHOR,
    _LABEL_TOTAL,
    _last_programme,
    _programme_fallback,
    _recipient,
)
from pipelines.lib.extract.figure_sector import _sector
from pipelines.lib.extract.figure_year_stage import (
    _OPEN_BRACKET_GAP,
    _doc_stage,
    _fiscal_year,
    _has_own_year,
    _stage,
)
from pipelines.lib.extract.phrases import PhraseHit
from pipelines.lib.extract.related_figures import _antecedent, _changed_figure, _next_listed_part
from pipelines.lib.model import Mention

_KEI = re.compile(r"(?:計|総額|累計|合計)\s*(?:約|およそ)?\s*$")
_ROW_STAGE = re.compile(
    r"(initial|draft|request|supplementary|当初|補正|予算案|概算要求)\s*[:：]\s*"
    r"(?:about\s+|約|最大|up to\s+)?$",
    re.I,
)
_ROW_STAGES = {
    "initial": "initial",
    "draft": "draft",
    "request": "request",
    "supplementary": "supplementary",
    "当初": "initial",
    "補正": "supplementary",
    "予算案": "draft",
    "概算要求": "request",
}
_FOR_PARTY = re.compile(r"\s+(?:for|to)(?:\s+(?:a|an|the))?\s+", re.I)
_BRING_TO = re.compile(
    r"\b(?:bring|brings|bringing|brought|take|takes|taking|took)\s+(?:[\w'’-]+\s+){0,10}?to\s+"
    r"(?:about\s+|around\s+|roughly\s+|nearly\s+|some\s+|almost\s+|more\s+than\s+|over\s+)?$"
)
_FROM_ACTOR = re.compile(r"^\s*(?:from|by)\s+$")
_POSSESSIVE_BEFORE = re.compile(r"\b(?:its|their)\s+(?:[a-z-]+\s+)?$")
_TOTAL_END = re.compile(r"総額\s*$")
_PROGRAMME_AFTER = re.compile(
    r"^[-\s]*(?:crore\s+|for\s+|under\s+)?(?:the\s+|its\s+|a\s+)?(?:[A-Z][\w-]*\s+){1,5}"
    r"(?:Mission|Programme|Program|Initiative|Fund|Facility|Resource|Scheme)\b"
)
_ARTICLE_BEFORE = re.compile(r"\b(?:the|a|an|its)\s+$", re.I)
# the nouns one of which every `_PROGRAMME_AFTER` match ends with ("Program" also covers "Programme")
_PROGRAMME_NOUN = re.compile(r"Mission|Program|Initiative|Fund|Facility|Resource|Scheme")
_PROGRAMME_ADJ = re.compile(
    r"[-\s]*(?:crore\s+)?(?:[A-Z][\w-]*\s+){1,5}(?:Mission|Programme|Program|Initiative|Fund|Facility|Scheme)\b"
)
_LAW_PROVIDES = re.compile(
    r"\s*(?:[Tt]he\s+)?(?:[\w-]+\s+){0,5}(?:law|Act|legislation)\b(?:,[^,]{0,60},)?\s+"
    r"(?:set aside|sets aside|provided|provides|earmarked|earmarks|allocated|allocates)\s+"
    r"(?:about\s+|around\s+|roughly\s+|nearly\s+|some\s+|more than\s+)?$"
)
# "$39 billion in grants Congress approved in 2022", "$39 billion in incentives created by the CHIPS
# Act": a legislature or a law provides the figure, so it is a programme's envelope
_LAW_PROVIDES_AFTER = re.compile(
    r"\s+(?:in\s+(?:[\w-]+\s+){0,2}?(?:grants|funding|incentives|subsidies|loans|aid|money)\s+)?"
    r"(?:(?:that|which)\s+)?(?:(?:Congress|lawmakers|legislators|[Pp]arliament)\s+"
    r"(?:approved|provided|appropriated|authori[sz]ed|passed|set\s+aside)|(?:was\s+|were\s+)?"
    r"(?:created|provided|authori[sz]ed|appropriated|set\s+aside)\s+(?:by|under|in)\s+(?:the\s+)?"
    r"(?:[\w-]+\s+){0,5}?(?:law|Act|legislation))\b"
)
# "10兆円以上の公的支援を行う枠組み": the figure sizes a policy framework, an envelope
_JA_FRAMEWORK_AFTER = re.compile(
    r"\s?(?:以上|超|規模|程度|余り)?の[^、。]{0,16}?(?:を行う|を投じる|を投入する|を講じる)?(?:枠組み|方針|構想|パッケージ)"
)
_SUM_BEFORE = re.compile(r"(合わせて|合わせた計|合わせた|合計で?|計)\s*(?:は|、)?\s*(?:最大|約|およそ)?\s*$")
# "今回の分と合わせると国の支援は最大で５６９億円にのぼる": earlier and new money added up
_ADDED_UP = re.compile(r"と合わせ(?:ると|れば)[^。、]{0,16}$")
_REACHES = re.compile(r"\s?(?:に(?:のぼ|上|達|膨ら)|となる|になる)")
# "関連経費に計４５２億円を盛り込み": the sum a budget puts in, not a running total
_SUM_PUT_IN = re.compile(r"\s?を(?:盛り込|計上)")
_PART_OF_SUM = re.compile(r"[^。]{0,40}?を?合わせ")
_BUDGET_SUBJECT = re.compile(r"\b(?:budget|account|package|request)s?\b", re.I)
_BUDGET_SUM_WORDS = re.compile(r"予算|会計|計上")
_ACCOUNT_PART = re.compile(
    r"うち\s?(?:[^\s、。]{0,14})(?:特別会計|一般会計|勘定)\s?(?:は|が|で)?\s?(?:約|およそ)?$"
)
# between a figure and the company pointer it is paid to: "$X [in incentives to the] project"
_TO_THE = re.compile(r"\s*(?:in\s+(?:[\w-]+\s+){1,2})?(?:to|for)\s+(?:the\s+)?")
_SINCE_YEAR = re.compile(r"\b[Ss]ince\s+(?:19|20)\d\d\b,?\s+(?:[\w'’-]+\s+){0,5}(?:has|have)\s+")
_SUPERLATIVE = re.compile(r"\b(?:largest|biggest|single largest|highest|smallest)\b")
_POINTS_BACK_EN = re.compile(
    r"\s*(?:That|This|The|Each|Both)\s+(?:agreement|award|deal|grant|package|loan|commitment|support)s?\b"
)
# "Each institute will receive about $20 million", "lent Tesla $465m": money handed to someone
_HANDED_OVER = re.compile(
    r"\b(?:receive[sd]?|receiving|gets?|got|award(?:s|ed|ing)?|lent|lends?|lending|offer(?:s|ed|ing)?)\s+"
    r"(?:[A-Z][\w&.-]*\s+){0,3}(?:about\s+|around\s+|roughly\s+|nearly\s+|up to\s+|some\s+|more than\s+|"
    r"an? (?:extra|additional|further)\s+)?$"
)
_WORTH_BEFORE = re.compile(r",?\s*worth\s+(?:about\s+|around\s+|roughly\s+|nearly\s+|up to\s+|some\s+)?$")
_JA_HANDED_OVER = re.compile(r"\s?を(?:交付|補助|助成|出資|融資|貸し付|支給|配分)")
# "・建築物の省エネ改修支援事業　１０５億円（▲２０億円）": a programme's line in a budget list
_PROGRAMME_LINE = re.compile(
    r"[ \t\u3000]*(?:・|•|-|–|\*)\s?(?P<label>[^\s:：。、][^\n:：。]{1,50}?)\s*[:：]?\s*(?:約|最大)?$"
)
_LINE_REST = re.compile(r"\s*(?:[（(][^）)\n]*[）)]\s*)*$")


def _actor(doc: _Doc, h: PhraseHit, ctx: _SentenceContext) -> str | None:
    """'gov' or 'company': who invests / spends / pledges at cue `h`.

    "investment from Samsung" names it after the cue; "the government's total investment" right
    before it, or the actor "its"/"their" points back to; otherwise the first actor of the sentence is
    the subject.
    """
    for x, e in ctx.entities:
        if h.end <= x.start <= h.end + 8 and _FROM_ACTOR.match(doc.scan[h.end : x.start]):
            return "gov" if e.type in ("government", "agency") else "company"
    possessive = _POSSESSIVE_BEFORE.search(doc.scan, max(0, h.start - 24), h.start) is not None
    for x, who in reversed(ctx.actors):
        if x.end <= h.start:
            if h.start - x.end <= 12 and who == "gov" or possessive:
                return who  # "Samsung scaled back its planned spending": "its" is the actor before
            break
    for x, who in ctx.actors:
        if x.start >= h.start:
            break
        return who
    return None


def _type_money(doc: _Doc, t: _Typed, blockers: list[int], money: list[_Typed]) -> None:
    m = t.m
    text = doc.scan
    sent = doc.seg.sentence_at(m.start)
    clause = doc.seg.clause_at(m.start, m.end)
    ctx = _context(doc, sent)
    sent_hits = ctx.hits
    t.qualifier = m.qualifier

    other_score = budget = specific = invest_gov = invest_priv = 0.0
    total = cum = bond = cum_near = weak_private = 0.0
    stage_votes: dict[str, float] = {}
    instr_votes: dict[str, float] = {}
    company_anaphor: str | None = None  # where a pointer to a company ("the company", "its") is
    cuts = doc.seg.clause_cuts
    for h in ctx.cues:
        if h.end <= m.start:
            lo, hi = h.end, m.start
        elif h.start >= m.end:
            lo, hi = m.end, h.start
        else:
            lo = hi = m.start
        w = 18.0 / (18.0 + hi - lo)
        if hi > lo:
            if bisect_left(blockers, hi) > bisect_right(blockers, lo - 1):
                w *= 0.3
            if bisect_left(cuts, hi) > bisect_right(cuts, lo):
                w *= 0.55
        for tag in h.tags:
            kind = tag[0]
            if kind == "other":
                if tag[1] == "private" and h.start >= m.end and _FOR_PARTY.fullmatch(text, m.end, h.start):
                    continue  # "€800 million for a public-private venture": whom the money goes to
                other_score += tag[2] * w
                if h.text.lower() in cues.WEAK_PRIVATE:
                    weak_private += tag[2] * w
            elif kind == "budget":
                budget += tag[1] * w
            elif kind == "specific":
                specific += tag[1] * w
            elif kind == "invest":
                if _actor(doc, h, ctx) == "gov":
                    invest_gov += tag[1] * w
                else:
                    invest_priv += tag[1] * w
            elif kind == "total":
                total += tag[1] * w
            elif (
                kind == "cumafter"
                and h.text == "in total"
                and _BUDGET_SUBJECT.search(text, clause.start, m.start)
            ):
                total += tag[1] * w  # "the extra budget carries ¥13.9 trillion in total": its size
            elif kind == "cum" or kind == "cumafter":
                if kind == "cum" and h.start >= m.end:
                    continue  # 累計 / "cumulative" name the total that follows them
                if kind == "cumafter" and _SUPERLATIVE.search(text, sent.start, min(h.start, m.start)):
                    continue  # "the largest deal to date": one figure ranked, not a running total
                cum += tag[1] * w
                lo, hi = (h.end, m.start) if h.end <= m.start else (m.end, h.start)
                if clause.start <= h.start < clause.end and not _between(blockers, lo, hi) and hi - lo <= 60:
                    cum_near = max(cum_near, tag[1])
            elif kind == "bond":
                same_clause = clause.start <= h.start < clause.end
                bond += tag[1] * w * (1.0 if same_clause else 0.5)
            elif kind == "stage":
                # the base of a comparison ("前年度当初予算比18％増") and the figure's bracket
                # ("3,250億円（前年度当初予算額…）") name other figures' stages
                compared = _COMPARED_BASE.match(text, h.end)
                if not compared and not (
                    h.start >= m.end and _OPEN_BRACKET_GAP.fullmatch(text, m.end, h.start)
                ):
                    stage_votes[tag[1]] = stage_votes.get(tag[1], 0) + w
            elif kind == "instr":
                instr_votes[tag[1]] = instr_votes.get(tag[1], 0) + w
            elif kind == "partof":
                # "ＧＸ推進対策費のうち…分は": a part of the item just named, not of the last figure
                noun_part = h.text == "うち" and text[h.start - 1 : h.start] == "の"
                before_it = h.end <= m.start and m.start - h.end <= 25 and not noun_part
                after_it = (
                    h.start >= m.end and h.start - m.end <= 2 and h.text in ("of this", "of that", "of it")
                )
                if before_it or after_it:
                    t.partof = True
            elif kind == "multi" and clause.start <= h.start < clause.end:
                t.multi = True
            elif (
                kind == "qual"
                and t.qualifier is None
                and (0 <= m.start - h.end <= 2 or 0 <= h.start - m.end <= 2 and not h.text.isascii())
            ):
                t.qualifier = tag[1]
            elif (
                kind == "actor"
                and tag[1] == "company"
                and company_anaphor != "before"
                and (
                    h.end <= m.start
                    or (0 <= h.start - m.end <= 40 and _TO_THE.fullmatch(text, m.end, h.start))
                )
                and not (h.text.lower() == "its" and _gov_before(ctx, h))
            ):
                # "The government published its strategy": "its" is the government's; "$X in
                # incentives to the project": the money goes to what the text is about
                company_anaphor = "before" if h.end <= m.start else "after"
    lead_in = text[max(clause.start, m.start - 90) : m.start]
    if (
        "bring" in lead_in or "brought" in lead_in or "tak" in lead_in or "took" in lead_in
    ) and _BRING_TO.search(lead_in):
        cum_near = max(cum_near, 6.0)  # "bringing the government's total investment in it to ¥250 billion"
    if _between(doc.multi_starts, clause.start - 1, clause.end):
        t.multi = True
    since_lo = max(sent.start, m.start - 90)
    if text.find("ince", since_lo, m.start) >= 0 and _SINCE_YEAR.search(text, since_lo, m.start):
        cum_near = max(cum_near, 6.0)  # "Since 2016, the government has invested more than $2 billion"
    span = sent if doc.language == "ja" else clause
    deadline = bool(_between(doc.deadline_starts, span.start - 1, span.end))

    near_colon = (
        text.find(":", max(sent.start, m.start - 12), m.start) >= 0
        or "：" in text[max(0, m.start - 12) : m.start]
    )
    column = (
        _ROW_STAGE.search(text, max(sent.start, m.start - 30), m.start) if near_colon else None
    )  # "draft: 50億円"
    public = budget + specific + invest_gov + bond + (3.0 if column else 0.0)
    programme = _programme_named(doc, ctx, clause, m)
    if programme:
        public += 2.0
    private = other_score + invest_priv
    if weak_private and (
        programme
        or specific
        or budget >= 1.5
        or _government_subject(ctx, clause, m)
        or _refers_to_public(doc, sent)
    ):
        private -= weak_private  # "agreements worth", "will cost": weak words when the state pays
    if m.amount is not None and abs(m.amount) < 1_000_000:
        private += 3.0
    before = text[max(sent.start, m.start - 40) : m.start]
    t.recipient, t.recipient_entity, strong = _recipient(doc, t, sent, clause, sent_hits, company_anaphor)
    t.recipient_strong = strong
    antecedent = _antecedent(t, money) if t.partof else None
    listed = None if t.partof else _next_listed_part(doc, t, money, sent)
    if listed is not None:  # "It includes X to help exporters, and Y for GPUs": Y is a part too
        t.partof, antecedent = True, _antecedent(listed, money)
    if antecedent is not None and antecedent.kind not in ("other", None) and other_score == 0 < invest_priv:
        # "the Rs 76,000 crore Mission … Of this, Rs 65,000 crore has been committed": a part of a public
        # budget is public, whoever the verb leaves unsaid
        public, private = public + private, 0.0

    if t.abs_change and public >= private:
        t.kind, t.confidence = "change", 0.7
    elif private > public and private > 0 or t.abs_change:
        t.kind = "other"
        t.confidence = 0.3
    elif public == 0 and private == 0 and doc.prior_budget <= 0:
        t.kind, t.confidence = "other", 0.2
    else:
        t.confidence = min(0.95, 0.5 + 0.05 * (public - private))
        summed = _SUM_BEFORE.search(before)
        if bond >= 3.0 and bond >= specific or (antecedent is not None and antecedent.kind == "bond"):
            t.kind = "bond"
        elif bond > 0 and (summed or _PART_OF_SUM.match(text, m.end, sent.end)):
            t.kind = "bond"  # "当初予算分の０．５兆円と補正予算分の１．１兆円を合わせた計１．６兆円" of bonds
        elif (
            summed
            and summed.group(1).startswith("合計")
            and _BUDGET_SUM_WORDS.search(text, sent.start, sent.end)
        ):
            t.kind = "total_budget"  # "合計1兆3,036億円を計上": the sum of a budget's lines
        elif (
            _ADDED_UP.search(before) and _REACHES.match(text, m.end) and not _BUDGET_SUM_WORDS.search(before)
        ):
            t.kind = "cumulative_total"
        elif summed and summed.group(1).startswith("合わせ"):
            # "2社への補助は合わせて2429億円": awards added up over time; budget lines make a total
            t.kind = (
                "total_budget" if _BUDGET_SUM_WORDS.search(text, sent.start, sent.end) else "cumulative_total"
            )
        elif _KEI.search(before[-6:]) and _SUM_PUT_IN.match(text, m.end):
            t.kind = "total_budget"  # "関連経費に計４５２億円を盛り込み": lines summed into a budget
        elif (
            _KEI.search(before[-6:])
            and not _TOTAL_END.search(before[-6:])
            and not _clause_requests(ctx, clause)  # "計２５０億円を要求した": a request, not a running total
            or cum >= 3.0
            or cum_near >= 4.0
        ):
            t.kind = "cumulative_total"
        elif t.row_total or t.partof and _ACCOUNT_PART.search(text, max(sent.start, m.start - 25), m.start):
            t.kind = "total_budget"  # "うちエネルギー対策特別会計は": an account's whole budget
        elif _AGENCY_ANAPHOR.search(text, max(sent.start, m.start - 60), m.start):
            t.kind = "total_budget"  # "the agency's FY2024 request of $11.3 billion": its whole budget
        elif t.partof:
            t.kind = "allocation"
        elif (
            total >= 3.0
            and total >= specific
            or (t.multi and specific < 3.0 and not _handed_over(doc, sent, m))
            or _envelope(doc, sent, m)
        ):
            t.kind = "total_budget"
        elif (
            specific >= 2.0
            or strong
            or t.recipient is None
            and _handed_over(doc, sent, m)
            or _SHARE_BEFORE.search(text, max(sent.start, m.start - 60), m.start)
        ):
            t.kind = "allocation"
        elif total > 0.5 or t.recipient is None:
            t.kind = "total_budget"
        else:
            t.kind = "allocation"
    if t.kind in ("other", "allocation", "total_budget", "cumulative_total"):
        base_of = _changed_figure(doc, t, money, sent)
        if base_of is not None and base_of.kind in ("allocation", "total_budget", "cumulative_total", "bond"):
            t.kind = base_of.kind  # "€9.9 billion, up from the €6.8 billion offered": the same line before
        if base_of is not None and not t.recipient_strong:
            # the amount a line changed from is the same line's: it goes to the same recipient
            t.recipient, t.recipient_entity = base_of.recipient, base_of.recipient_entity
            t.changed_from = base_of.index
    if t.kind == "bond":
        t.instrument = "bond"
        if t.recipient_entity is None:  # "当初予算分の０．５兆円と…を合わせた": the bond the text is about
            bond_programme = _last_programme(doc, m.start)
            issuer = attribution.CURRENCY_GOVERNMENT.get(m.currency or "")
            if bond_programme is not None and issuer == bond_programme.country:
                t.recipient, t.recipient_entity = bond_programme.canonical, bond_programme
    elif instr_votes:
        t.instrument = max(instr_votes, key=instr_votes.__getitem__)  # the first of the best, as most_common
    if ctx.earlier_decision is None:
        ctx.earlier_decision = _EARLIER_DECISION.search(text, sent.start, sent.end) is not None
    t.earlier_decision = ctx.earlier_decision
    t.stage = "unknown" if t.earlier_decision and not stage_votes else _stage(doc, stage_votes)
    if column:
        t.stage = _ROW_STAGES[column.group(1).lower()]
    t.sector = _sector(doc, t, clause, ctx.sectors)
    t.government, t.agency = _government(doc, t)
    _programme_fallback(doc, t)
    if antecedent is not None and t.recipient is None and antecedent.recipient_entity is not None:
        # "Of this, Rs 65,000 crore has been committed": a part that names no one is the whole's
        t.recipient, t.recipient_entity = antecedent.recipient, antecedent.recipient_entity
    if antecedent is not None and not _has_own_year(doc, t, sent):
        t.fiscal_year, t.fiscal_year_basis = antecedent.fiscal_year, antecedent.fiscal_year_basis
    else:
        t.fiscal_year, t.fiscal_year_basis = _fiscal_year(doc, t, sent, clause, deadline)
    if not stage_votes and column is None and t.fiscal_year is not None:
        t.stage = _doc_stage(doc, t.fiscal_year) or "unknown"
    # a draft-budget document's figures for its own year are draft figures, even where the
    # sentence also mentions the supplementary budgets the money used to come from
    if (
        doc.topic_stage
        and doc.topic_year is not None
        and t.stage != doc.topic_stage
        and t.fiscal_year is not None
        and column is None
        and not any(
            tag[0] == "stage" for h in ctx.cues if clause.start <= h.start < clause.end for tag in h.tags
        )
        and t.fiscal_year == doc.topic_year.resolve(doc.published, t.government)
    ):
        t.stage = doc.topic_stage
    if near_colon:  # a table cell: year, stage, instrument of its own row and column
        tablerows.apply(
            t, text, lambda lo, hi: any(_SENTENCE_TAGS[id(h.tags)][0] for h in _sentence_hits(doc, lo, hi))
        )
    attribution.refine_kind(doc, t, sent, clause, ctx)
    if t.kind == "other" and t.fiscal_year_basis == "inferred":
        t.fiscal_year, t.fiscal_year_basis = None, None  # a company's or market's year is not a budget year
    t.evidence = public + private


def _handed_over(doc: _Doc, sent, m: Mention) -> bool:
    """Money for someone even where no recipient is recognised: a receive / award / lend verb
    ("Each institute will receive $20 million"), an award pointed back to ("That agreement, worth
    $162 million"), 交付 / 補助 after the figure, or a programme's line in a bulleted budget list."""
    text = doc.scan
    lo = max(sent.start, m.start - 60)
    if doc.language != "ja":
        if _HANDED_OVER.search(text, lo, m.start):
            return True
        return bool(
            _POINTS_BACK_EN.match(text, sent.start, m.start) and _WORTH_BEFORE.search(text, lo, m.start)
        )
    if _JA_HANDED_OVER.match(text, m.end, sent.end):
        return True
    line = doc.seg.line_at(m.start, m.end)
    line_start, line_end = line.start, line.end
    row = _PROGRAMME_LINE.match(text, line_start, m.start)
    return bool(
        row and _LINE_REST.match(text, m.end, line_end) and not _LABEL_TOTAL.search(row.group("label"))
    )


def _refers_to_public(doc: _Doc, sent) -> bool:
    """The sentence opens on "That agreement" / "The award" and the sentence before is about public
    money with no private cue: the deal it points back to is the state's."""
    if not _POINTS_BACK_EN.match(doc.scan, sent.start, sent.end) or sent.start == 0:
        return False
    prev = _context(doc, doc.seg.sentence_at(sent.start - 1))
    public = private = 0.0
    for h in prev.cues:
        for tag in h.tags:
            if tag[0] in ("budget", "specific"):
                public += tag[1]
            elif tag[0] == "other":
                private += tag[2]
    return public > 0 and private == 0


def _clause_requests(ctx: _SentenceContext, clause) -> bool:
    """The clause names a budget request or draft (要求, 予算案)."""
    return any(
        tag[0] == "stage" and tag[1] in ("request", "draft")
        for h in ctx.cues
        if clause.start <= h.start < clause.end
        for tag in h.tags
    )


def _gov_before(ctx: _SentenceContext, h: PhraseHit) -> bool:
    """The last actor named before `h` in its sentence is a government or agency."""
    last = None
    for x, who in ctx.actors:
        if x.start >= h.start:
            break
        last = who
    return last == "gov"


def _programme_named(doc: _Doc, ctx: _SentenceContext, clause, m: Mention) -> bool:
    """A government programme named next to the figure ("the ₹76,000-crore India Semiconductor
    Mission", "£300m for the AI Research Resource"): the money is the programme's."""
    for h, e in ctx.entities:
        if e.type == "programme" and clause.start <= h.start < clause.end and _distance(h, m) <= 12:
            return True
    after = doc.scan[m.end : min(clause.end, m.end + 70)]
    if _PROGRAMME_NOUN.search(after) is None:
        return False
    return bool(_PROGRAMME_AFTER.match(after))


# "will bear 50 per cent of the project cost, about Rs X": a payer's share of a cost is money it gives
_SHARE_BEFORE = re.compile(
    r"\d\s?(?:per\s?cent|percent|%)(?:\s+of\s+the\s+(?:project|total|capital|plant)(?:['’]s)?\s+costs?)?"
    r"\s*[,(]\s*(?:about|around|roughly|some|nearly|or)?\s*$"
)


def _envelope(doc: _Doc, sent, m: Mention) -> bool:
    """A programme's whole envelope: "the ₹76,000-crore India Semiconductor Mission" (the figure as
    the programme's adjective) or "the 2022 law set aside $39 billion" / "$39 billion in grants
    Congress approved" (a law provides it)."""
    text = doc.scan
    if _ARTICLE_BEFORE.search(text, max(sent.start, m.start - 6), m.start) and _PROGRAMME_ADJ.match(
        text, m.end, min(sent.end, m.end + 70)
    ):
        return True
    if _LAW_PROVIDES_AFTER.match(text, m.end, sent.end) or _JA_FRAMEWORK_AFTER.match(text, m.end, sent.end):
        return True
    lo, hi = sent.start, m.start
    if text.find("law", lo, hi) < 0 and text.find("Act", lo, hi) < 0 and text.find("legislation", lo, hi) < 0:
        return False
    return bool(_LAW_PROVIDES.match(text, sent.start, m.start))


def _government_subject(ctx: _SentenceContext, clause, m: Mention) -> bool:
    """The subject before the figure (the clause's first actor, else the sentence's) is a
    government or agency: who pays."""
    before = [(h, who) for h, who in ctx.actors if h.start < m.start]
    own = [who for h, who in before if h.start >= clause.start]
    if own:
        return own[0] == "gov"
    return bool(before) and before[0][1] == "gov"


# a stage named as the base of a comparison ("当初予算比", "当初予算に比べ", "当初予算と比べて")
_COMPARED_BASE = re.compile(r"(?:額)?(?:比|対比|に比べ|と比べ|と比較)")
# money decided before the budget a text is about ("これまでに…を決めている", "has already awarded")
_EARLIER_DECISION = re.compile(r"これまでに|既に|すでに|\balready\b|\bpreviously\b", re.I)

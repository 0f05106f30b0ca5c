"""Typed budget facts from the grammar's mentions: kind, sector, stage, instrument, recipient, year.

One pass over the document finds every cue phrase, alias and fiscal-year expression; each
mention then looks only at the cues of its own sentence (found by bisection), weighted by
distance, discounted when another figure stands between cue and mention (the cue is that
figure's) or when a clause boundary does. The rules, in order:

1. A figure in parentheses right after another figure ("¥1.23 trillion ($7.9 billion)", "S$1
   billion (US$744.8 million or RM3.31 billion)") is a `conversion` of it and inherits its roles.
2. A figure followed by 増/減 or preceded by "up"/"an increase of" is an absolute `change`.
3. Money that earnings, market, valuation, funding-round, M&A, cost, tax-credit, guarantee or
   private-investment words describe, or that a company invests or spends, is `other`.
4. Public money is a `bond` (国債, bonds), a `cumulative_total` (to date, 累計, 計), a
   `total_budget` ("a budget of", 特別会計, a multi-year envelope, or budget words with no
   recipient) or otherwise an `allocation`.
5. Percents and ratios are `change` facts only next to rise/fall words in a budget sentence; they
   take the roles of the figure they describe.

Repeated figures (same amount, currency and range) are one fact unless their recipients, fiscal
years or sectors show two different figures.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from urllib.parse import urlparse

from pipelines.lib.extract import attribution, cues, sectors, tablerows, texttables
from pipelines.lib.extract.entities import Entity, default_table
from pipelines.lib.extract.fiscal import (
    MONTHS,
    YearMention,
    find_year_mentions,
    fiscal_year_of,
    kanji_number,
    upcoming_fiscal_year,
)
from pipelines.lib.extract.grammar import find_mentions
from pipelines.lib.extract.phrases import PhraseHit, PhraseScanner
from pipelines.lib.extract.recipients import (
    class_after_example,
    english_after,
    english_before,
    in_aside,
    is_funding_phrase,
    japanese_after,
    japanese_before,
    japanese_frame,
    japanese_purpose,
    japanese_subject,
    japanese_topic,
    names_a_budget,
    names_a_part,
    names_an_account,
    names_an_example,
    programme_name,
    recipient_name,
    section_programme,
    section_start,
)
from pipelines.lib.extract.sentences import Segmenter
from pipelines.lib.model import Fact, Mention
from pipelines.lib.reconcile import agree, rounding_unit

# Full-width ASCII to ASCII, one character for one, so offsets are unchanged.
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")


def _narrow(text: str) -> str:
    if text.isascii():
        return text
    return _FULL_WIDTH.sub(lambda m: " " if m.group() == "\u3000" else chr(ord(m.group()) - 0xFEE0), text)


_KANA = re.compile(r"[\u3040-\u30ff]")


def _kana_over(text: str, count: int, limit: int) -> bool:
    """More than `count` kana among the first `limit` characters (counting stops there)."""
    return any(k >= count for k, _ in enumerate(_KANA.finditer(text, 0, limit)))


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
_KEI = re.compile(r"(?:計|総額|累計|合計)\s*(?:約|およそ)?\s*$")
_MULTI_RE = re.compile(
    r"\bover\s+(?:the\s+)?(?:next\s+|coming\s+|past\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|"
    r"a)[\s-]*(?:plus\s+)?(?:years?|decades?)\b|今後\s?\d+\s?年|(?:\d+|[二三四五六七八九十]{1,2})\s?年間|"
    r"\bbetween\s+20\d\d\s+and\s+20\d\d\b|-year\s+(?:plan|programme|program|strategy|framework)\b"
)
_LABEL_NOISE = re.compile(
    r"年度|^FY|^\d|^(?:initial|draft|request|supplementary|total|当初|補正|予算案|概算要求|合計|金額)$|当初$|補正$|予算案$|概算要求$|"
    # a dated list ("- November 2022: ¥70 billion") is not labelled by its month
    r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)\.?$|"
    r"^(?:january|february|march|april|june|july|august|september|october|november|december),?$",
    re.I,
)
_STAGE_YEAR_GAP = re.compile(r"[\s'’の]*(?:s\s*)?")  # "FY2023 supplementary", "2023年度の補正", "2023's"
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
# "the technology budget ... to NT$180 billion": the budget a total measures
_NAMED_BUDGET = re.compile(
    r"(?=[tia])\b(?:the|its|their|a|an)\s+((?:[a-z][\w-]*\s+){1,3}budget)\b(?!.*\bbudget\b)"
)
_NOT_BUDGET_NAME = re.compile(
    r"(?:record|new|overall|total|entire|whole|draft|annual|initial|supplementary|extra)\b"
)
_UNIT_NOTE = re.compile(r"(?:unit|units|単位)\s*[:：]?\s*$", re.I)
_LABEL_TOTAL = re.compile(r"合計|総額|一般会計|特別会計|\btotal\b|general account|special account", re.I)
_FOR_PARTY = re.compile(r"\s+(?:for|to)(?:\s+(?:a|an|the))?\s+", re.I)
_BY_BEFORE = re.compile(r"\b(?:by|of)\s+(?:about\s+|around\s+|roughly\s+|nearly\s+|some\s+|almost\s+)?$")
_BRING_TO = re.compile(
    r"\b(?:bring|brings|bringing|brought|take|takes|taking|took)\s+(?:[\w'’-]+\s+){0,10}?to\s+"
    r"(?:about\s+|around\s+|roughly\s+|nearly\s+|some\s+|almost\s+|more\s+than\s+|over\s+)?$"
)
# keyword -> whether a match of the regex starts at the keyword (else it ends there: "5年間")
_MULTI_KEYS = {"over": True, "今後": True, "年間": False, "between": True, "-year": True}
_DEADLINE_KEYS = {"by": True, "through": True, "until": True, "まで": False}
_RANGE_GAP = re.compile(r"\s*(?:to|through|until|and|-|–|~|～|から|まで)\s*")
_DEADLINE_RE = re.compile(
    r"\b(?:by|through|until)\s+(?:the\s+end\s+of\s+)?(?:fiscal\s+(?:year\s+)?|FY\s?)?20\d\d\b|"
    r"(?<![\d〇一二三四五六七八九])"
    r"(?:\d{4}|\d{2}|[〇一二三四五六七八九]{2})年(?:度)?まで"
)
_PERCENT_EXCLUDE = re.compile(r"point|ポイント|pt", re.I)
_PERCENT_AFTER_EXCLUDE = re.compile(
    r"^\s*(?:stake|of\b|share|tax|interest|owned|ownership|of its|の株式|出資比率)", re.I
)
_JA_JUNK = re.compile(  # (a digit glued to Latin letters is part of a name: CO2, ポスト5G)
    r"(?<![A-Za-z\d])\d+(?![A-Za-z\d])|[〇一二三四五六七八九十百千万億兆]+(?:円|年)|年度|より|比|(?:した|する|される|された|れる|いる|ある|なる|った|ている)$|"
    r"^(?:当初|補正|本)?予算(?:案)?$|^概算要求$|^(?:一般|特別)会計$|^金額$|^財源$|[:：]"
)
_FROM_ACTOR = re.compile(r"^\s*(?:from|by)\s+$")
_POSSESSIVE_BEFORE = re.compile(r"\b(?:its|their)\s+(?:[a-z-]+\s+)?$")
_US_DOLLAR = re.compile(r"US\$|U\.S\. dollars?|USD|US dollars?")
_SENTENCE_END = ("。", ".", "!", "?")
_CLOSING_QUOTES = ("」", "』", '"', "”", "’", ")")
_CHANGE_BASE = re.compile(r"\b(?:from|than|on the year|year-on-year|compared)\b")
_TOTAL_END = re.compile(r"総額\s*$")
_LABEL_LEAD = re.compile(r"^(?:of which|うち|\(ref\.\)|（参考）)\s*:?\s*")
_ANOTHER = re.compile(
    r"(?:\banother|\ba further|\ban additional|\balso|(?<!と)も)\s*"
    r"(?:about\s+|around\s+|roughly\s+|nearly\s+|up to\s+|some\s+|約|最大|およそ)?$"
)
_MONEY_NOUN = re.compile(
    r"補助金|予算|交付金|支援金|助成金|出資金|\b(?:subsid\w*|grants?|funding|budget|money|package|award|allocation)\b",
    re.I,
)
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
_RATIO_METRIC = re.compile(
    r"(?:倍率|比率|\bratio|\bmultiples?|\bcoverage)\s*(?:は|が|で|of|was|is|stood at|at|were)?\s*"
    r"(?:約|about|around|roughly|nearly)?\s*$",
    re.I,
)
_BASE_FIGURE_GAP = re.compile(r"\s?(?:の)?(?:当初予算|当初|補正予算|予算)(?:の|は|額は)\s?(?:約|およそ)?")
# "３，２５４億円（前年度比▲１．８％）", "１，６２０億円（同＋３．０％）", "$5 billion (+3% year on year)": a
# percent opening the brackets right after a figure, signed or after 同/比, is that figure's change
_BRACKET_CHANGE = re.compile(r"\s?[（(]\s?(?:同|(?:対)?前年(?:度|同期)?比|前年比|比)?\s?(?:約|およそ)?")
_BASE_BEFORE_CHANGE = re.compile(r"\s?(?:に比べ(?:て|ると)?|と比べ(?:て|ると)?|より)、?\s?(?:約|およそ)?")
_BASE_LINK = re.compile(
    r"\s?[）)]?\s?(?:から|に比べ(?:て|ると)?|と比べ(?:て|ると)?|の)、?\s?(?:約|およそ)?\s?"
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
_BASELINE_BEFORE = re.compile(
    r"\b(?:(?:up|down)\s+from|compared\s+(?:with|to))\s+(?:the\s+|an?\s+)?(?:about\s+|around\s+|roughly\s+)?$"
)
# between a figure and the company pointer it is paid to: "$X [in incentives to the] project"
_TO_THE = re.compile(r"\s*(?:in\s+(?:[\w-]+\s+){1,2})?(?:to|for)\s+(?:the\s+)?")
_FRAGMENT = re.compile(
    r"^(?:for|to|of|on)\s+(?:the|a|an|its|their)\s+[\w-]+$|^(?:plan|programme|program|scheme|project|access)$|"
    r"^(?:spent|used|paid|given)\s",
    re.I,
)
_SINCE_YEAR = re.compile(r"\b[Ss]ince\s+(?:19|20)\d\d\b,?\s+(?:[\w'’-]+\s+){0,5}(?:has|have)\s+")
_DEAL_WORDS = re.compile(r"\b(?:agreed|agreement|deal|signed|awarded|finali[sz]ed)\b")
_RATIO_OF_BASE = re.compile(r"\s?の\s?(?:約|およそ)?\s?")
_POINTS_BACK = re.compile(r"\s*(?:これ|それ|この額|同額)は")
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
_AGENCY_ANAPHOR = re.compile(r"\b[Tt]he\s+agency's\s+(?:[\w-]+\s+){0,3}?(?:budget|request|funding)\b")
_COMPANY_SUFFIX = re.compile(r"\b(?:Inc|Corp|Co|Ltd|LLC|Group|Holdings|plc)\b\.?")

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
# a figure's own-currency government, as a last resort for its payer; not for USD, which news in
# every country uses for foreign figures and conversions
_CURRENCY_GOVERNMENT = {c: g for c, g in attribution.CURRENCY_GOVERNMENT.items() if c != "USD"}
_BUDGET_KINDS = ("allocation", "cumulative_total", "total_budget", "change", "bond", "conversion")


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


def extract_facts(
    text: str,
    *,
    document: str,
    published: date | None = None,
    url: str | None = None,
    title: str | None = None,
    language: str | None = None,
    default_government: str | None = None,
    default_agency: str | None = None,
) -> list[Fact]:
    """One `Fact` per distinct figure and role in `text` (see the module docstring for the rules)."""
    if not text:
        return []
    scan = _narrow(text)
    ascii_text = scan.isascii()
    lang = language or ("en" if ascii_text else "ja" if _kana_over(scan, 15, 3000) else "en")
    lexicon = _lexicon()
    hits_all = list(lexicon.scan(scan))
    # a title repeated as the first line of the text is already scanned there
    title_hits = list(lexicon.scan(_narrow(title))) if title and title.strip() not in scan[:600] else []
    seg = Segmenter(scan)

    government = default_government or _main_government(hits_all, title_hits, seg)
    dollar = _dollar_for(url, government, scan)
    yen = "CNY" if government == "China" else "JPY"
    low = scan.lower()  # read by the grammar, the unit-note check, the fiscal years and the lead
    mentions = find_mentions(text, dollar=dollar, yen=yen, lower=low if scan == text else None)
    if mentions and ("単位" in scan or "unit" in low):
        mentions = [m for m in mentions if not _UNIT_NOTE.search(scan, max(0, m.start - 12), m.start)]
    cells: dict[int, texttables.TextCell] = {}
    found_cells = texttables.find_cells(scan, dollar=dollar, yen=yen)
    if found_cells:
        mentions, cells = _with_cells(text, mentions, found_cells)
    if not mentions:
        return []
    hits = _outside(hits_all, mentions)
    doc = _Doc(
        text=text,
        scan=scan,
        language=lang,
        published=published,
        seg=seg,
        hits=hits,
        hit_starts=[h.start for h in hits],
        mentions=mentions,
        low=low,
    )
    doc.government = government
    doc.agency = default_agency or _main_agency(hits)
    doc.years = find_year_mentions(scan, low)
    doc.year_starts = [y.start for y in doc.years]
    doc.headline_end = _headline_end(scan, title)
    doc.multi_starts = _starts_near(scan, _MULTI_KEYS, _MULTI_RE)
    doc.deadline_starts = _starts_near(scan, _DEADLINE_KEYS, _DEADLINE_RE)
    _document_context(doc, title, title_hits)

    typed = [_Typed(m=m, index=i, headline=_in_headline_line(doc, m)) for i, m in enumerate(mentions)]
    money = [t for t in typed if t.m.unit == "money" and t.m.amount is not None]
    doc.money_starts = [t.m.start for t in money]
    doc.money = money
    _mark_conversions(doc, money)
    for t in money:
        t.abs_change = _is_abs_change(doc, t.m) or (t.m.start in cells and cells[t.m.start].column.change)
    blockers = [t.m.start for t in money if t.converts is None and not t.abs_change]
    for t in money:
        if t.converts is None:
            _type_money(doc, t, blockers, money)
            if scan.startswith("台", t.m.end):  # "５兆円台後半を要求": a band of sizes, not a figure
                t.kind, t.confidence = "other", 0.2
    for t in money:
        if t.converts is not None:
            _inherit(t, typed[t.converts])
    for t in money:
        if t.abs_change and t.kind == "change" and t.m.start not in cells:
            _describe_from(doc, t, money)
    for t in money:
        if t.m.start in cells:
            texttables.apply(t, cells[t.m.start])
    changes = set()  # ids of the percents and ratios kept as changes
    for t in typed:
        if t.m.unit in ("percent", "ratio") and _type_percent(doc, t, money, blockers):
            changes.add(id(t))
    kept = [t for t in typed if (t.m.unit == "money" and t.m.amount is not None) or id(t) in changes]
    kept, rep_of = _dedupe(kept, doc)
    _complete_from_related(doc, kept, typed, rep_of)
    return [_to_fact(doc, t, typed, rep_of, document) for t in kept]


def _complete_from_related(
    doc: _Doc, kept: list[_Typed], typed: list[_Typed], rep_of: dict[int, _Typed]
) -> None:
    """After repeats have completed each other: a conversion says what its figure says, and a
    baseline ("€9.9 billion for the site, up from the €6.8 billion originally offered") is for what
    the figure it is compared with is for."""
    money = [t for t in kept if t.m.unit == "money"]
    for k, t in enumerate(money):
        if t.converts is not None:
            _inherit(t, rep_of.get(t.converts, typed[t.converts]))
            continue
        if t.recipient is not None or t.kind in ("change", "other") or k == 0:
            continue
        sent = doc.seg.sentence_at(t.m.start)
        if not _BASELINE_BEFORE.search(doc.scan, max(sent.start, t.m.start - 30), t.m.start):
            continue
        j = k - 1
        while (
            j >= 0
            and money[j].m.start >= sent.start
            and (money[j].converts is not None or money[j].kind == "other")
        ):
            j -= 1
        if j >= 0 and money[j].m.start >= sent.start and money[j].kind != "change":
            t.recipient, t.recipient_entity = money[j].recipient, money[j].recipient_entity


def _with_cells(
    text: str, mentions: list[Mention], cells: list[texttables.TextCell]
) -> tuple[list[Mention], dict[int, texttables.TextCell]]:
    """The grammar's mentions plus the text-table cells none of them covers, and the cells by start."""
    spans = [(m.start, m.end) for m in mentions]
    used: dict[int, texttables.TextCell] = {}
    added = []
    for c in cells:
        if any(s < c.end and c.start < e for s, e in spans):
            continue
        used[c.start] = c
        added.append(
            Mention(
                start=c.start,
                end=c.end,
                as_written=text[c.start : c.end],
                amount=c.amount,
                currency=c.currency,
                negative=c.negative,
                currency_basis="context",
            )
        )
    if not added:
        return mentions, used
    return sorted(mentions + added, key=lambda m: (m.start, m.end)), used


# --------------------------------------------------------------------------------------------
# Document context
# --------------------------------------------------------------------------------------------


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


# The entity of each tag tuple of the lexicon, keyed by the tuple's id (the tuples are owned by the
# cached scanner and live as long as it does); filled when the lexicon is built.
_ENTITY_OF: dict[int, Entity | None] = {}


# (country, is an agency) of each tag tuple whose entity is one country's government or agency (an
# alias of several entities, "the Treasury", does not say which country), else None; by id as above.
_COUNTRY_VOTE: dict[int, tuple[str, bool] | None] = {}


def _entity(hit: PhraseHit) -> Entity | None:
    return _ENTITY_OF[id(hit.tags)]


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


def _figure_between(doc: _Doc, lo: int, hi: int) -> bool:
    """Whether a money figure starts in [lo, hi)."""
    return bisect_left(doc.money_starts, hi) > bisect_left(doc.money_starts, lo)


def _has_coordination(text: str, found: list[tuple[PhraseHit, str]]) -> bool:
    if len({f[1] for f in found}) < 2:
        return False
    found = sorted(found, key=lambda x: x[0].start)
    for a, b in zip(found, found[1:], strict=False):
        if a[1] != b[1] and b[0].start - a[0].end <= 40 and sectors.coordinated(text, a[0].end, b[0].start):
            return True
    return False


# --------------------------------------------------------------------------------------------
# Conversions and structural changes
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# Money typing
# --------------------------------------------------------------------------------------------


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


def _actor_of(x: PhraseHit) -> str | None:
    e = _entity(x)
    if e is not None:
        if e.type == "programme":
            return None
        return "gov" if e.type in ("government", "agency") else "company"
    for tag in x.tags:
        if tag[0] == "actor":
            return tag[1]
    return None


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
                and (0 <= m.start - h.end <= 2 or 0 <= h.start - m.end <= 2)
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
        elif specific >= 2.0 or strong or t.recipient is None and _handed_over(doc, sent, m):
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


def _envelope(doc: _Doc, sent, m: Mention) -> bool:
    """A programme's whole envelope: "the ₹76,000-crore India Semiconductor Mission" (the figure as
    the programme's adjective) or "the 2022 law set aside $39 billion" (a law provides it)."""
    text = doc.scan
    if _ARTICLE_BEFORE.search(text, max(sent.start, m.start - 6), m.start) and _PROGRAMME_ADJ.match(
        text, m.end, min(sent.end, m.end + 70)
    ):
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


def _recipient(
    doc: _Doc, t: _Typed, sent, clause, sent_hits, company_anaphor: str | None
) -> tuple[str | None, Entity | None, bool]:
    """(recipient, its entity, strong?): a strong recipient is named as the one the money is for."""
    m = t.m
    ja = doc.language == "ja"
    best: dict[str, tuple[float, Entity, int]] = {}
    for h, e in _sentence_entities(doc, sent, sent_hits):
        if e.type not in ("recipient", "programme"):
            continue
        if ja and h.end <= m.start and in_aside(doc.scan, h.start, sent.start):
            continue  # "(高エネルギー加速器研究機構と共同運営)": an aside about something else
        if ja and names_an_example(doc.scan, h.end) and h.end <= m.start:
            continue  # "次世代革新炉などの脱炭素関連には": an example of the class the figure is for
        if names_a_part(doc.scan, h.start, sent.start):
            continue  # "脱炭素電源の導入拡大（次世代革新炉を含む）": a part of the item the figure is for
        if not ja and _ONE_OF_MANY.match(doc.scan, h.end):
            continue  # "With the Intel deal and other recent awards, … $33 billion": one of many, no owner
        if h.start >= m.end and _other_figure_between(doc, m.end, h.start):
            continue  # "provided $39 billion, including a $6.6 billion award to TSMC": the later figure's
        d = float(_distance(h, m))
        if ja and h.start >= m.end:
            d = d * 3 + 20
        in_clause = clause.start <= h.start < clause.end
        key = ("clause_" if in_clause else "sent_") + e.type
        if key not in best or d < best[key][0]:
            best[key] = (d, e, h.start)
    respective = _respective(doc, t, sent)
    if respective is not None:
        return respective
    if "clause_recipient" in best:
        e = best["clause_recipient"][1]
        return e.canonical, e, True
    table = default_table()
    label = _row_label(doc, m, sent)
    if label and _LABEL_TOTAL.search(doc.scan, sent.start, m.start):
        t.row_total = True
    if label:
        return _as_recipient(table, label, True)
    np, np_strong, budget_line = None, False, None
    if ja:
        found_ja = japanese_before(doc.scan, m.start, sent.start)
        if found_ja is not None and found_ja[2]:
            # "今月成立した二四年度補正予算に約一兆五千億円": the figure is put into a budget
            budget = _JA_BUDGET_NAME.search(found_ja[0])
            budget_line = budget.group() if budget else None
        if not found_ja or _JA_JUNK.search(found_ja[0]):
            purpose = japanese_purpose(doc.scan, m.start, clause.start) or japanese_frame(
                doc.scan, m.start, sent.start
            )
            found_ja = purpose if purpose and not _JA_JUNK.search(purpose[0]) else None
        subject = japanese_subject(doc.scan, m.start, m.end, clause.start) if found_ja else None
        if subject is not None and subject[1] > found_ja[1]:
            # "利払いと償還に充てる国債費も約二十八兆円に達する": the phrase before describes the
            # subject the figure measures
            measured = _measured_noun(doc, m, clause, table)
            if measured is not None:
                return measured
        if found_ja:
            np, np_start, np_strong = found_ja
            # "ラピダスが計画する新工場の建設に対し": the company named in the phrase's clause
            np_clause = doc.seg.clause_at(np_start, np_start + 1)
            owner = [
                v for k, v in best.items() if k == "sent_recipient" and np_clause.start <= v[2] < m.start
            ]
            if owner:
                return owner[0][1].canonical, owner[0][1], True
            # "東海再処理施設では、…廃止措置に約百七億円": the body or facility the sentence is about
            # receives the money; the phrase names what for
            topic = _topic_recipient(doc, sent, np_start)
            if topic is not None and not table.find(np):
                return topic.canonical, topic, True
        else:
            measured = _measured_noun(doc, m, clause, table)
            if measured is not None:
                return measured
            put_into = japanese_after(doc.scan, m.end, clause.end)
            if put_into is not None:
                return _as_recipient(table, put_into[0], True)
    else:
        found_en = english_after(doc.scan, m.end, sent.end)
        if found_en:
            np, np_strong = found_en
        else:
            np, np_strong = english_before(doc.scan, m.start, sent.start) or (None, False)
    if np:
        found = [(end, e) for _, end, e in table.find(np) if e.type in ("recipient", "programme")]
        ents = [e for end, e in found if not (ja and names_an_example(np, end))]
        examples = [end for end, _ in found if ja and names_an_example(np, end)]
        if examples and not ents:  # "次世代革新炉などの脱炭素関連": the class, not the example
            np = class_after_example(np, examples[-1])
        if ents:
            return ents[0].canonical, ents[0], np_strong
        if np_strong:
            return np, None, True
    if not ja:
        named_budget = _NAMED_BUDGET.search(doc.scan, max(clause.start, m.start - 100), m.start)
        if named_budget and not _NOT_BUDGET_NAME.match(named_budget.group(1)):
            return named_budget.group(1), None, False
    if not ja and doc.agency and _AGENCY_ANAPHOR.search(doc.scan, max(clause.start, m.start - 60), m.start):
        # "The agency's FY2024 request of $11.3 billion": the one agency the text is about
        agency = [e for _, _, e in table.find(doc.agency) if e.type == "agency"]
        if agency:
            return agency[0].canonical, agency[0], True
    carried = _carried_recipient(doc, m, company_anaphor) if (ja or company_anaphor) else None
    if carried is not None and not ja:
        own = best.get("sent_recipient")
        if own is not None and (own[2] < m.start or company_anaphor == "after") and own[1] is not carried:
            # "Intel shelved its plant, for which Germany promised €10 billion": "its" is the company
            # the sentence names, not the one the text named most
            return own[1].canonical, own[1], False
        return carried.canonical, carried, False
    if "clause_programme" in best and not ja:
        e = best["clause_programme"][1]
        return e.canonical, e, True
    if "sent_recipient" in best:
        e = best["sent_recipient"][1]
        return e.canonical, e, False
    for key in ("clause_programme", "sent_programme"):
        if key in best:
            e = best[key][1]
            return e.canonical, e, key == "clause_programme"
    if np:
        return np, None, False
    if carried is not None and ja:
        section = _section_programme(doc, m, carried)
        if section is not None:
            return section
        opened = section_start(doc.scan, m.start)
        if opened is not None and not any(
            opened <= start < m.start and e is carried for start, e in doc.recipient_hits or ()
        ):
            carried = None  # "２．重要鉱物": a company of another section is not this one's subject
        if budget_line is not None and not _JA_COMPANY_POINTER.search(doc.scan, sent.start, sent.end):
            return budget_line, None, False  # a budget's line, not the money of the company named before
    if carried is not None:
        return carried.canonical, carried, False
    return None, None, False


_JA_BUDGET_NAME = re.compile(r"[^\u3041-\u309f、。\s]{2,}?(?:予算案?|会計|概算要求)$")
_JA_COMPANY_POINTER = re.compile(r"(?:同|当|両)(?:社|グループ|法人|機構)")
# "Intel and others", "the Intel deal and other awards": a name listed as one of many
_ONE_OF_MANY = re.compile(r"(?:['’]s)?(?:\s+[a-z][\w-]*){0,2}\s+(?:and|or)\s+(?:other|others|several|many)\b")


def _as_recipient(table, name: str, strong: bool) -> tuple[str, Entity | None, bool]:
    """`name` as a figure's recipient: the first recipient or programme of the alias table it names
    (by its canonical name), else the name as written."""
    named = [e for _, _, e in table.find(name) if e.type in ("recipient", "programme")]
    return (named[0].canonical, named[0], strong) if named else (name, None, strong)


def _measured_noun(doc: _Doc, m: Mention, clause, table) -> tuple[str, Entity | None, bool] | None:
    """The noun a Japanese figure measures as its clause's subject ("一般会計の総額は…億円で"): the
    figure is that noun's, never a company carried from other sentences. A government or agency as
    the subject ("経産省は…億円で") is left to the other rules."""
    found = japanese_subject(doc.scan, m.start, m.end, clause.start)
    if found is None or _JA_JUNK.search(found[0]) and not names_an_account(found[0]):
        return None
    ents = table.find(found[0])
    if any(e.type in ("government", "agency") for _, _, e in ents):
        return None
    return _as_recipient(table, found[0], False)


def _section_programme(doc: _Doc, m: Mention, carried: Entity) -> tuple[str, Entity | None, bool] | None:
    """The fund or programme whose marked heading ("■ポスト5G基金") opens the section of a figure that
    names nothing of its own, when the company the text was about is not named in that section."""
    found = section_programme(doc.scan, m.start)
    if found is None:
        return None
    name, heading_end = found
    if any(heading_end <= start < m.start and e is carried for start, e in doc.recipient_hits or ()):
        return None
    return _as_recipient(default_table(), name, False)


def _programme_fallback(doc: _Doc, t: _Typed) -> None:
    """English money that names no recipient, only a form of money ("Rs X will be allocated for
    budgetary support"), or, for a programme envelope, only a purpose ("incentives of up to Rs X to
    boost manufacturing"), belongs to the programme (alias table) the text named last before it."""
    if doc.language == "ja" or t.kind in ("other", "change") or t.recipient_entity is not None:
        return
    if t.recipient is None or not t.recipient_strong or _FRAGMENT.match(t.recipient):
        sent = doc.seg.sentence_at(t.m.start)
        name = programme_name(doc.scan, sent.start, sent.end, t.m.start, t.m.end)
        if name is None and t.recipient is not None and _FRAGMENT.match(t.recipient):
            # "Rs X for the programme": the programme its sentence names, else the one named last before
            name = programme_name(doc.scan, sent.start, sent.end, t.m.start, t.m.end, 400) or programme_name(
                doc.scan, max(0, sent.start - 800), sent.start, t.m.start, t.m.end, 800
            )
        if name is None:
            # "The government published its national semiconductor strategy, promising up to £1bn"
            policy = _LEAD_POLICY.search(doc.scan, sent.start, t.m.start)
            ctx = _context(doc, sent)
            if policy and any(w == "gov" and x.start < policy.start() for x, w in ctx.actors):
                name = policy.group("np").strip()
        if name is not None:  # "approved the IndiaAI Mission with a total outlay of Rs X"
            t.recipient = name
            return
    funding = t.recipient is not None and is_funding_phrase(t.recipient)
    named = t.recipient is not None and names_a_budget(t.recipient)  # "FY2022 supplementary budget"
    if t.recipient is not None and not funding and (t.recipient_strong or t.kind != "total_budget" or named):
        return
    programme = _last_programme(doc, t.m.start)
    if t.recipient is None and programme is None:
        # "The UK government's semiconductor strategy will ... The government will invest up to
        # £1bn": the policy the lead announces is what its government's unnamed figures fund
        policy = _lead_policy(doc)
        if policy is not None and t.government is not None and t.government == doc.government:
            t.recipient = policy
        return
    if t.recipient is None and programme is not None:
        # a figure that names nothing belongs to the programme only when its sentence points back
        # to it ("of the total expenditure on the mission")
        sent = doc.seg.sentence_at(t.m.start)
        heads = {w.lower() for w in _ANAPHOR_HEAD.findall(doc.scan, sent.start, sent.end)}
        name = " ".join((programme.canonical,) + programme.aliases).lower()
        if not any(h in name or h in ("programme", "program") for h in heads):
            return
    if funding:
        t.purpose_key, t.recipient = t.recipient, None
    if programme is not None:
        t.recipient, t.recipient_entity = programme.canonical, programme


def _last_programme(doc: _Doc, pos: int) -> Entity | None:
    entity_of = _ENTITY_OF
    i = bisect_left(doc.hit_starts, pos) - 1
    while i >= 0 and pos - doc.hits[i].start <= _PROGRAMME_REACH:
        e = entity_of[id(doc.hits[i].tags)]
        if e is not None and e.type == "programme":
            return e
        i -= 1
    return None


_LEAD_POLICY = re.compile(
    r"(?:['’]s|\bnational|\bnew)\s+(?:(?:long-awaited|much-anticipated|new|first|updated|revised|latest|national)\s+)*"
    r"(?P<np>(?:[A-Za-z][\w-]*\s+){0,3}?(?:strategy|roadmap|action\s+plan|programme|mission))\b",
    re.I,
)


def _lead_policy(doc: _Doc) -> str | None:
    """The policy (strategy, roadmap, mission) a government's announcement in the lead is about."""
    cached = doc.entity_cache.get("lead_policy", False)
    if cached is not False:
        return cached
    after_head = [x for x in doc.seg.sentences if x.start >= doc.headline_end][:1]
    end = after_head[0].end if after_head else doc.headline_end
    found = _LEAD_POLICY.search(doc.scan, 0, end)
    policy = found.group("np").strip() if found else None
    if policy is not None and not _gov_named_before(doc, found.start(), end):
        policy = None
    doc.entity_cache["lead_policy"] = policy
    return policy


def _gov_named_before(doc: _Doc, pos: int, end: int) -> bool:
    """A government or agency is named within 60 characters before `pos` ("the UK government's")."""
    entity_of = _ENTITY_OF
    for h in doc.hits:
        if h.start >= pos:
            break
        e = entity_of[id(h.tags)]
        if pos - h.end <= 60 and e is not None and e.type in ("government", "agency"):
            return True
    return False


_ANAPHOR_HEAD = re.compile(
    r"\b(?:the|this|that|its)\s+(mission|scheme|programme|program|fund|initiative|plan|strategy|package|act)\b",
    re.I,
)
_PROGRAMME_REACH = 1500  # characters back to the programme a figure falls back to


_JA_RISE_OF = re.compile(r"\s?(?:増|減|増加|減少|アップ|ダウン)(?:の|し|で|と)?\s?(?:約|最大)?")
_RESPECTIVELY = re.compile(r"それぞれ|各々|respectively", re.I)
_JA_ITEM = re.compile(r"「([^「」]{2,40})」")


def _respective(doc: _Doc, t: _Typed, sent) -> tuple[str | None, Entity | None, bool] | None:
    """A list of names and a list of figures matched in order: "A and B ... $X and $Y,
    respectively", "「A」、「B」についても、それぞれ、X、Y". The names are the quoted items (Japanese) or
    the alias-table recipients (both languages) named before the first figure of the list."""
    scan = doc.scan
    any_list = doc.entity_cache.get("respectively")
    if any_list is None:
        any_list = doc.entity_cache["respectively"] = (
            "espectively" in scan or "それぞれ" in scan or "各々" in scan
        )
    if not any_list:
        return None
    key = ("respectively", sent.start)
    word = doc.entity_cache.get(key, False)
    if word is False:
        word = doc.entity_cache[key] = _RESPECTIVELY.search(scan, sent.start, sent.end)
    if word is None:
        return None
    figures = [
        x for x in doc.money if sent.start <= x.m.start < sent.end and x.converts is None and not x.abs_change
    ]
    if len(figures) < 2 or t not in figures:
        return None
    first = figures[0].m.start
    ja = word.group() != "respectively" and word.group().lower() != "respectively"
    if ja and word.start() > first:
        return None
    names: list[tuple[str, Entity | None]] = []
    if ja:
        names = [(q.group(1), None) for q in _JA_ITEM.finditer(scan, sent.start, min(first, word.start()))]
    if len(names) != len(figures):
        names = [
            (e.canonical, e)
            for h, e in _context(doc, sent).entities
            if h.end <= first and e.type in ("recipient", "programme")
        ]
    if len(names) != len(figures):
        return None
    name, entity = names[figures.index(t)]
    if entity is None:
        found = [e for _, _, e in default_table().find(name) if e.type in ("recipient", "programme")]
        entity = found[0] if len(found) == 1 else None
        name = entity.canonical if entity is not None and len(name) <= len(entity.canonical) + 2 else name
    return name, entity, True


def _topic_recipient(doc: _Doc, sent, before: int) -> Entity | None:
    """The recipient (company, body, facility) that a Japanese sentence takes as its topic
    ("Xでは、", "Xには、") before offset `before`; the nearest one."""
    found = None
    for h, e in _context(doc, sent).entities:
        if h.start >= before:
            break
        if e.type == "recipient" and japanese_topic(doc.scan, h.end):
            found = e
    return found


def _row_label(doc: _Doc, m: Mention, sent) -> str | None:
    """The row label of a table line "Semiconductors and AI FY2026 draft: 12,390億円"."""
    colon = max(doc.scan.rfind(":", sent.start, m.start), doc.scan.rfind("：", sent.start, m.start))
    if colon < 0 or doc.scan[colon + 1 : m.start].strip() not in ("", "約", "about", "up to", "最大"):
        return None
    words = [w for w in doc.scan[sent.start : colon].split() if not _LABEL_NOISE.search(w)]
    label = " ".join(words).strip(" -–—:：")
    label = _LABEL_LEAD.sub("", label)
    return label if len(label) >= 2 and not _JA_JUNK.search(label) else None


def _carried_recipient(doc: _Doc, m: Mention, company_anaphor: str | None) -> Entity | None:
    """Japanese drops a known subject, English says "the company": the entity the text is about."""
    if doc.language != "ja" and not company_anaphor:
        return None
    if doc.recipient_hits is None:
        doc.recipient_hits = [
            (h.start, e) for h in doc.hits if (e := _entity(h)) is not None and e.type == "recipient"
        ]
        doc.recipient_starts = [start for start, _ in doc.recipient_hits]
    # the answer depends only on which recipient hits come before the figure (and, in Japanese,
    # which are within 600 characters of it): figures of one sentence share it
    before = bisect_left(doc.recipient_starts, m.start)
    near_from = bisect_left(doc.recipient_starts, m.start - 600) if doc.language == "ja" else 0
    key = ("carried", before, near_from)
    found = doc.entity_cache.get(key, False)
    if found is False:
        found = doc.entity_cache[key] = _carried_entity(doc, m)
    return found


def _carried_entity(doc: _Doc, m: Mention) -> Entity | None:
    counts: Counter = Counter()
    last: dict[int, int] = {}
    for start, e in doc.recipient_hits:
        if start >= m.start:
            break
        counts[e.index] += 1
        last[e.index] = start
    if not counts:
        return None
    if doc.language == "ja":
        near: Counter = Counter()
        for start, e in doc.recipient_hits:
            if m.start - 600 <= start < m.start:
                near[e.index] += 1
        if not near:
            return None
        best = max(near, key=lambda idx: (near[idx], last[idx]))
        return default_table().entities[best]
    return default_table().entities[counts.most_common(1)[0][0]]


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


def _government(doc: _Doc, t: _Typed) -> tuple[str | None, str | None]:
    m = t.m
    sent = doc.seg.sentence_at(m.start)
    ctx = _context(doc, sent)
    if ctx.entity_hits is None:
        ctx.entity_hits = [h for h, _ in ctx.entities]  # payer reads only the hits that name an entity
    return attribution.payer(
        scan=doc.scan,
        start=m.start,
        end=m.end,
        currency=m.currency,
        sentence_hits=ctx.entity_hits,
        paragraph_hits=lambda lo, hi: _paragraph_hits(doc, lo, hi),
        document_hits=doc.hits,
        doc_government=doc.government,
        doc_agency=doc.agency,
        currency_government=_CURRENCY_GOVERNMENT.get(m.currency or ""),
        clause=(lambda c: (c.start, c.end))(doc.seg.clause_at(m.start, m.end)),
    )


def _paragraph_hits(doc: _Doc, lo: int, hi: int) -> list[PhraseHit]:
    """The hits of a paragraph, one list per paragraph (attribution caches its payers by list)."""
    key = ("paragraph", lo, hi)
    found = doc.entity_cache.get(key)
    if found is None:
        found = doc.entity_cache[key] = _sentence_hits(doc, lo, hi)
    return found


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


# money decided before the budget a text is about ("これまでに…を決めている", "has already awarded")
_EARLIER_DECISION = re.compile(r"これまでに|既に|すでに|\balready\b|\bpreviously\b", re.I)
_AWARDEES = frozenset(["company", "recipient"])
# "３８５億円（前年度４２５億円、▲４０億円）": last year's amount in the brackets after this year's
_PREVIOUS_YEAR_BEFORE = re.compile(
    r"[（(]\s?(?:前年度|前年|昨年度)(?:予算)?(?:額)?[はが:：]?\s?(?:約|およそ)?$"
)


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


_BULLET = re.compile(r"[ \t\u3000]*(?:[-*•・●○◆■▪–]|\d{1,2}[.)])[ \t\u3000]")
_LEAD_END = re.compile(r"[:：][ \t\u3000]*$")


def _list_item(doc: _Doc, t: _Typed) -> int | None:
    """The start of the bullet-list item line the figure stands in, if it does."""
    line_start = doc.seg.line_at(t.m.start).start
    return line_start if _BULLET.match(doc.scan, line_start) else None


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


def _other_figure_between(doc: _Doc, lo: int, hi: int) -> bool:
    """A money figure other than a conversion starts between `lo` and `hi`."""
    i, j = bisect_right(doc.money_starts, lo), bisect_left(doc.money_starts, hi)
    return any(doc.money[k].converts is None for k in range(i, j))


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


# --------------------------------------------------------------------------------------------
# Percents and ratios
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# Repeats, ids, output
# --------------------------------------------------------------------------------------------


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


def fact_id(document: str, start: int, end: int, kind: str) -> str:
    """Deterministic id of a fact: a hash of document, span and kind."""
    return hashlib.sha1(f"{document}\x1f{start}\x1f{end}\x1f{kind}".encode()).hexdigest()[:16]


def _to_fact(doc: _Doc, t: _Typed, typed: list[_Typed], rep_of: dict[int, _Typed], document: str) -> Fact:
    m = t.m
    sent = doc.seg.sentence_at(m.start)
    converts = None
    amount_jpy = amount_usd = None
    if t.kind == "conversion" and t.converts is not None:
        src_t = rep_of.get(t.converts, typed[t.converts])
        src = src_t.m
        converts = fact_id(document, src.start, src.end, src_t.kind)
        pair = {src.currency: src.amount, m.currency: m.amount}
        amount_jpy = pair.get("JPY")
        amount_usd = pair.get("USD")
    percent = None
    if m.unit in ("percent", "ratio") and m.percent is not None:
        percent = -abs(m.percent) if m.negative else m.percent
    amount = m.amount if m.unit == "money" else None
    if amount is not None and t.kind == "change" and m.negative:
        amount = -abs(amount)
    return Fact(
        document=document,
        fact_id=fact_id(document, m.start, m.end, t.kind),
        as_written=m.as_written,
        start=m.start,
        end=m.end,
        sentence=doc.text[sent.start : sent.end],
        amount=amount,
        currency=m.currency if m.unit == "money" else None,
        percent=percent,
        kind=t.kind,
        sector=t.sector,
        stage=t.stage,
        instrument=t.instrument,
        qualifier=t.qualifier,
        recipient=recipient_name(t.recipient, t.recipient_entity, doc.language),
        government=t.government,
        agency=t.agency,
        fiscal_year=t.fiscal_year,
        fiscal_year_basis=t.fiscal_year_basis,
        converts=converts,
        amount_jpy=amount_jpy,
        amount_usd=amount_usd,
        confidence=round(t.confidence, 2),
        amount_max=m.amount_max if m.unit == "money" else None,
    )

"""Typed budget facts from the grammar's mentions: kind, sector, stage, instrument, recipient, year.

`extract_facts` finds every cue phrase, alias and fiscal-year expression in one pass over the
document (document.py) and reads what the whole document says (document_context.py). Then:

1. Figures that convert the figure before them or are an absolute change are marked
   (related_figures.py).
2. Every other money figure is typed from the cues of its sentence (money_kind.py), with its
   recipient, sector, payer, fiscal year and stage (figure_recipient.py, figure_sector.py,
   figure_payer.py, figure_year_stage.py); a conversion then takes the roles of its figure, an
   absolute change those of the figure it changes, a text-table cell those of its row and column.
3. Percents and ratios are typed (percents.py).
4. Repeated figures are made one fact (repeats.py), and each fact kept becomes a `Fact` here.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date

from pipelines.lib.extract import texttables
from pipelines.lib.extract.document import _Doc, _lexicon, _narrow, _Typed
from pipelines.lib.extract.document_context import (
    _document_context,
    _dollar_for,
    _headline_end,
    _in_headline_line,
    _main_agency,
    _main_government,
    _outside,
    _starts_near,
)
from pipelines.lib.extract.fiscal import find_year_mentions
from pipelines.lib.extract.grammar import find_mentions
from pipelines.lib.extract.money_kind import _type_money
from pipelines.lib.extract.percents import _type_percent
from pipelines.lib.extract.recipients import recipient_name
from pipelines.lib.extract.related_figures import _describe_from, _inherit, _is_abs_change, _mark_conversions
from pipelines.lib.extract.repeats import _dedupe
from pipelines.lib.extract.sentences import Segmenter
from pipelines.lib.model import Fact, Mention

_KANA = re.compile(r"[\u3040-\u30ff]")


def _kana_over(text: str, count: int, limit: int) -> bool:
    """More than `count` kana among the first `limit` characters (counting stops there)."""
    return any(k >= count for k, _ in enumerate(_KANA.finditer(text, 0, limit)))


_MULTI_RE = re.compile(
    r"\bover\s+(?:the\s+)?(?:next\s+|coming\s+|past\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|"
    r"a)[\s-]*(?:plus\s+)?(?:years?|decades?)\b|今後\s?\d+\s?年|(?:\d+|[二三四五六七八九十]{1,2})\s?年間|"
    r"\bbetween\s+20\d\d\s+and\s+20\d\d\b|-year\s+(?:plan|programme|program|strategy|framework)\b"
)
_UNIT_NOTE = re.compile(r"(?:unit|units|単位)\s*[:：]?\s*$", re.I)
# keyword -> whether a match of the regex starts at the keyword (else it ends there: "5年間")
_MULTI_KEYS = {"over": True, "今後": True, "年間": False, "between": True, "-year": True}
_DEADLINE_KEYS = {"by": True, "through": True, "until": True, "まで": False}
_DEADLINE_RE = re.compile(
    r"\b(?:by|through|until)\s+(?:the\s+end\s+of\s+)?(?:fiscal\s+(?:year\s+)?|FY\s?)?20\d\d\b|"
    r"(?<![\d〇一二三四五六七八九])"
    r"(?:\d{4}|\d{2}|[〇一二三四五六七八九]{2})年(?:度)?まで"
)


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
    """After repeats have completed each other: a conversion says what its figure says, and the
    amount a line changed from ("€9.9 billion …, up from the €6.8 billion originally offered") goes
    to the recipient its repeats gave that line."""
    for t in kept:
        if t.converts is not None:
            _inherit(t, rep_of.get(t.converts, typed[t.converts]))
        elif t.changed_from is not None and t.recipient is None:
            line = rep_of.get(t.changed_from, typed[t.changed_from])
            t.recipient, t.recipient_entity = line.recipient, line.recipient_entity


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

"""Roles of a figure in a rendered table line, read from that line's own row label and column header.

Tables reach the text as lines `"{row label} {column header}: {cell}{unit}"` (documents/tables.py).
A cell's fiscal year, stage, instrument and whether it is a running total are properties of its
row and column, not of the document around the table:

- `半導体・AI関連 令和6年度補正: 15,230億円` is FY2024 supplementary; `Rapidus subsidy FY2023
  supplementary: 5,900億円` is a FY2023 supplementary subsidy.
- In a record table (one row per event, columns such as 対象年度 / 支援の形態 / 金額) the amount's
  line `2024年4月 金額: 590,000百万円` takes year, stage and instrument from the sibling cells of
  the same row (`2024年4月 対象年度: 令和6年度`, `2024年4月 支援の形態: 委託費（令和5年度補正予算）`);
  a year written with its budget (令和5年度補正予算) names the budget the money came from and wins.
- A `累計` / `cumulative` / `to date` row or column (or a `total` one that names no year) is a
  cumulative total; it has no fiscal year of its own.
- The caption line above the table may name the recipient the whole table is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.lib.extract.fiscal import find_year_mentions

_KEY_LINE = re.compile(r"^(?P<key>[^\n:：]{1,160}?)\s*[:：]\s*(?P<cell>[^\n]*)$")
_CELL_LEAD = re.compile(r"^(?:約|最大|about|approx\.?|up to|over|more than)?\s*$", re.I)
_MONEYISH = re.compile(r"\d")
_STAGES: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"補正|supplementary|extra budget", re.I), "supplementary"),
    (re.compile(r"概算要求|budget request|\brequest(?:ed)?\b", re.I), "request"),
    (re.compile(r"予算案|政府案|\bdraft\b", re.I), "draft"),
    (re.compile(r"当初|\binitial\b|\benacted\b", re.I), "initial"),
    (re.compile(r"執行|決算|\bexecuted\b|\bactual\b", re.I), "executed"),
)
_INSTRUMENTS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"出資|\bequity\b|\bcapital injection\b", re.I), "equity"),
    (re.compile(r"補助|助成|委託費|交付金|\bsubsid|\bgrants?\b", re.I), "subsidy"),
    (re.compile(r"融資|貸付|\bloans?\b", re.I), "loan"),
    (re.compile(r"債務保証|\bguarantee", re.I), "guarantee"),
    (re.compile(r"交付国債|国債|\bbonds?\b", re.I), "bond"),
    (re.compile(r"基金|\bfund\b", re.I), "fund"),
)
_CUMULATIVE = re.compile(r"累計|累積|通算|cumulative|to date|so far", re.I)
_TOTAL = re.compile(r"(?<![A-Za-z])total(?![A-Za-z])|合計|総計", re.I)
_BUDGET_TOTAL = re.compile(r"一般会計|特別会計|general account|special account|budget|予算総額", re.I)
_UP_TO = re.compile(r"最大|up to", re.I)
_YEAR_WITH_STAGE = re.compile(
    r"^\s*(?:の)?\s*(?:第\d次)?(?:補正|当初|予算|概算|supplementary|initial|draft|budget)", re.I
)


@dataclass
class RowRoles:
    """What a table line says about its cell; None where it says nothing."""

    fiscal_year: int | None = None
    stage: str | None = None
    instrument: str | None = None
    cumulative: bool = False
    up_to: bool = False
    caption: str | None = None
    key: str = ""


def _line(scan: str, pos: int) -> tuple[int, int]:
    lo = scan.rfind("\n", 0, pos) + 1
    hi = scan.find("\n", pos)
    return lo, len(scan) if hi < 0 else hi


def _split(line: str) -> tuple[str, str] | None:
    m = _KEY_LINE.match(line)
    if m is None:
        return None
    key = m.group("key").strip()
    if key.count("（") + key.count("(") > key.count("）") + key.count(")"):
        return None  # "支援額（単位：百万円）": a caption with its unit, not a cell
    return key, m.group("cell").strip()


def _years(text: str) -> list[tuple[int, bool]]:
    """(year, written with its budget stage) for the stated fiscal years in a label or cell."""
    out = []
    for y in find_year_mentions(text):
        if y.year is not None:
            out.append((y.year, bool(_YEAR_WITH_STAGE.match(text[y.end : y.end + 8]))))
    return out


def _first(patterns, text: str) -> str | None:
    for rx, value in patterns:
        if rx.search(text):
            return value
    return None


def stage_in(text: str) -> str | None:
    """The budget stage a label or column header names (補正 -> supplementary, 当初 -> initial), if any."""
    return _first(_STAGES, text)


def instrument_in(text: str) -> str | None:
    """The instrument a label names (出資 -> equity, 基金 -> fund), if any."""
    return _first(_INSTRUMENTS, text)


def cumulative_label(text: str) -> bool:
    """True when a label or header names a running total (累計, cumulative, to date)."""
    return bool(_CUMULATIVE.search(text))


def _siblings(scan: str, lo: int, hi: int, key: str) -> tuple[list[str], str | None]:
    """Attribute cells of the same record (lines sharing the row label) and the table's caption."""
    lines: list[tuple[str, str]] = []
    # the table block: contiguous "key: cell" lines around this one
    start = lo
    while start > 0:
        plo, _ = _line(scan, start - 1)
        parsed = _split(scan[plo : start - 1])
        if parsed is None:
            break
        lines.insert(0, parsed)
        start = plo
        if len(lines) > 400:
            break
    caption = None
    if start > 0:
        clo, chi = _line(scan, start - 1)
        caption = scan[clo:chi].strip() or None
    end = hi
    after: list[tuple[str, str]] = []
    while end < len(scan) and len(after) < 40:
        nlo, nhi = _line(scan, end + 1)
        parsed = _split(scan[nlo:nhi])
        if parsed is None:
            break
        after.append(parsed)
        end = nhi
    words = key.split()
    attributes: list[str] = []
    # the longest row label shared with a neighbouring line whose column header is an attribute name
    for n in range(len(words) - 1, 0, -1):
        label = " ".join(words[:n]) + " "
        if not any(ch.isalnum() for ch in label):
            break  # list items share a bullet ("- "), not a row label
        same = [(k, c) for k, c in lines[-12:] + after[:12] if k.startswith(label) and k != key]
        if not same:
            continue
        for k, c in same:
            header = k[len(label) :]
            if _years(header) or _first(_STAGES, header) or not c:
                continue  # a column of years or stages: a cross table, not a record
            if _MONEYISH.search(c) and not find_year_mentions(c):
                continue  # another figure, not an attribute
            attributes.append(c)
        break
    return attributes, caption


def row_roles(scan: str, start: int, end: int) -> RowRoles | None:
    """The roles a table line gives the figure at [start, end), or None when it is not a table cell."""
    lo, hi = _line(scan, start)
    line = scan[lo:hi]
    parsed = _split(line)
    if parsed is None:
        return None
    key, _ = parsed
    colon = max(line.rfind(":", 0, start - lo), line.rfind("：", 0, start - lo))
    if colon < 0 or not _CELL_LEAD.match(line[colon + 1 : start - lo].strip()):
        return None
    if len(line[end - lo :].strip()) > 12:
        return None  # prose after the figure: a sentence with a colon, not a table cell
    attributes, caption = _siblings(scan, lo, hi, key)
    roles = RowRoles(key=key, caption=caption)
    own_years = _years(key)
    attr_years = [y for a in attributes for y in _years(a)]
    with_stage = [y for y, staged in own_years + attr_years if staged]
    if with_stage:
        roles.fiscal_year = with_stage[0]
    elif own_years:
        roles.fiscal_year = own_years[0][0]
    elif attr_years:
        roles.fiscal_year = attr_years[0][0]
    roles.stage = _first(_STAGES, key) or next((s for a in attributes if (s := _first(_STAGES, a))), None)
    roles.instrument = _first(_INSTRUMENTS, key) or next(
        (i for a in attributes if (i := _first(_INSTRUMENTS, a))), None
    )
    roles.cumulative = bool(_CUMULATIVE.search(key)) or (
        bool(_TOTAL.search(key)) and not own_years and not _BUDGET_TOTAL.search(key)
    )
    roles.up_to = any(_UP_TO.search(a) for a in attributes) or bool(
        _UP_TO.search(line[colon + 1 : start - lo])
    )
    if roles.cumulative and not own_years:
        roles.fiscal_year = None
    return roles


def apply(t, scan: str, sector_named) -> RowRoles | None:
    """Give the typed figure `t` (document._Typed) the roles of its table line; returns them.

    `sector_named(lo, hi)` tells whether a sector word stands between two offsets.
    """
    m = t.m
    roles = row_roles(scan, m.start, m.end)
    if roles is None:
        return None
    if t.kind in ("conversion", "change", "other", "bond"):
        return roles
    if roles.cumulative and t.kind in ("allocation", "total_budget"):
        t.kind = "cumulative_total"
    year_before = t.fiscal_year
    if roles.fiscal_year is not None:
        t.fiscal_year, t.fiscal_year_basis = roles.fiscal_year, "stated"
    elif roles.cumulative:
        t.fiscal_year, t.fiscal_year_basis = None, None
    if roles.stage is not None:
        t.stage = roles.stage
    elif roles.cumulative or (year_before is not None and t.fiscal_year != year_before):
        t.stage = "unknown"  # the document's stage was for the document's year, not this row's
    if roles.instrument is not None and roles.instrument != "bond":
        t.instrument = roles.instrument
    if roles.up_to and t.qualifier is None:
        t.qualifier = "up_to"
    if roles.caption:
        from pipelines.lib.extract.entities import default_table

        named = {e.canonical: e for _, _, e in default_table().find(roles.caption) if e.type == "recipient"}
        in_key = [e for _, _, e in default_table().find(roles.key) if e.type in ("recipient", "programme")]
        if len(named) == 1 and not in_key:
            e = next(iter(named.values()))
            t.recipient, t.recipient_entity, t.recipient_strong = e.canonical, e, True
            lo = scan.rfind("\n", 0, m.start) + 1
            if e.sector and not sector_named(lo, m.start):
                t.sector = e.sector
    return roles

"""Bare numbers of plain-text tables, read with the unit their header declares.

PDF text, pasted tables and pre-formatted pages write a table as lines of a row label followed by
number cells, under a unit line such as `（単位：億円）`, `(in billions of yen)` or `($ millions)`:

    ２．主要事項（単位：億円）
    事項　／　令和８年度予算案　／　令和７年度当初　／　対前年度増減
    （１）半導体・AI関連　１２，３９０　／　４，２１０　／　８，１８０
    （２）省エネ支援　３４０　／　５１０　／　▲１７０

The cells carry no currency, so the ordinary grammar does not read them. `find_cells` finds each
unit line, the optional column-header line after it and the data rows that follow (until a blank
line, a line that is not a row, or the next unit line), and returns one `TextCell` per number cell
with the unit applied. A column header gives its cells a fiscal year and stage (`令和7年度当初`),
says they are a previous year (`前年度`), an absolute change (`増減`, `change`) or a ratio (`前年度比`,
`%`: not money). Years, item numbers `(1)`, footnote marks, dates and percentages are not cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.lib.documents.units import Unit, find_unit
from pipelines.lib.extract import tablerows
from pipelines.lib.extract.fiscal import find_year_mentions
from pipelines.lib.extract.recipients import names_a_part

# lines worth a `find_unit` call: a 単位 note or a parenthesis naming a money scale without digits.
# The leading class of possible first characters (each branch then checks its own with a look-behind)
# lets `re` skip every other position of the text in C; a pattern-wide re.I would disable that.
_UNIT_GATE = re.compile(
    r"[単uU(（\[](?:(?<=単)位|(?<=[uU])(?i:nits?)\s*[:：]|(?<=[(（\[])(?i:[^()（）\[\]\n\d]{0,30}"
    r"(?:円|yen|jpy|illion|bn|mn|dollar|euro|won|usd|eur|gbp|krw|[$¥€£])[^()（）\[\]\n\d]{0,12})[)）\]])"
)
# a column separator: a slash or bar with spaces, a tab, or a run of two spaces
_COL_SEP = re.compile(r"\s*[/|｜]\s+|\s+[/|｜]\s*|\t+|\s{2,}")
_TOKEN = re.compile(r"[^\s/|｜]+")
_NUMBER = re.compile(r"(?P<sign>[▲△▼\-−+]?)(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)")
_PAREN_NEG = re.compile(r"\((?P<num>\d{1,3}(?:,\d{3})*(?:\.\d+)?)\)")
_EMPTY = re.compile(r"^[\-−－―—‐–…・]+$")
_PERCENT = re.compile(r"^[▲△▼\-−+]?\d+(?:\.\d+)?[%％]$")
_YEARLIKE = re.compile(r"^(?:19|20)\d\d$")
_LABEL_LEAD = re.compile(
    r"^\s*(?:[(（]\s*\d{1,2}\s*[)）]|\d{1,2}[.)．]\s|[①-⑳]|[・•\-–*]\s*)?\s*(?:うち|of which)?\s*"
)
_SENTENCE_END = re.compile(r"[。.!?！？]$")
_JA_NOTE = re.compile(r"[(（\[]?\s*単位\s*[:：]?[^)）\]\n]{0,12}[)）\]]?")
_CHANGE_HEADER = re.compile(r"増減|増額|減額|差額|差引|\bchange\b|\bdifference\b|\bincrease\b|[±]", re.I)
_RATIO_HEADER = re.compile(r"比|率|倍|[%％]|\bratio\b|\brate\b|\bpercent", re.I)
_PREVIOUS_HEADER = re.compile(r"前年度|前年|\bprevious\b|\bprior\b|\blast year\b", re.I)
# a word that numbers what follows it: "Table 1", "Phase 2", "第 3", "page 12"
_NUMBERING_WORD = re.compile(
    r"(?:^|\s)(?:table|tab\.|figure|fig\.|chart|exhibit|annex|appendix|page|p\.|no\.|item|step|phase|"
    r"tranche|round|part|section|article|表|図|別表|別紙|資料|参考|第|No\.?)$",
    re.I,
)
# a bare year or year span heading a column ("2025", "2024-25"): the column's fiscal year
_HEADER_YEAR = re.compile(r"(?<![\d.,])((?:19|20)\d\d)(?:\s?[-–/]\s?(?:\d\d){1,2})?(?![\d.,%])")
_MAX_LABEL = 60
_MAX_ROWS = 80


@dataclass
class Column:
    """What a column header says about its cells."""

    header: str = ""
    fiscal_year: int | None = None
    stage: str | None = None
    previous: bool = False  # a previous-year column with no year written
    change: bool = False  # an absolute change column (増減, change)
    ratio: bool = False  # a ratio or percent column (前年度比, %): not money


@dataclass
class TextCell:
    """One number cell of a plain-text table, with the table's unit applied."""

    start: int
    end: int
    amount: int
    currency: str
    negative: bool
    label: str  # the row label, without its item number
    column: Column
    index: int  # the cell's column among the row's number cells
    table: int  # which table of the document (tells rows of two tables apart)


def _column(header: str) -> Column:
    col = Column(header=header.strip())
    years = [y for y in find_year_mentions(header) if y.year is not None]
    bare = _HEADER_YEAR.search(header) if not years else None
    col.fiscal_year = years[0].year if years else int(bare.group(1)) if bare else None
    col.stage = tablerows.stage_in(header)
    col.ratio = bool(_RATIO_HEADER.search(header)) and not find_unit(header)
    col.change = bool(_CHANGE_HEADER.search(header)) and not col.ratio
    col.previous = col.fiscal_year is None and bool(_PREVIOUS_HEADER.search(header)) and not col.change
    return col


def _cell_tokens(line: str) -> tuple[list[re.Match], int] | None:
    """The number cells at the end of a line and where its label ends; None when it is no data row."""
    tokens = list(_TOKEN.finditer(line))
    cells: list[re.Match] = []
    k = len(tokens)
    while k > 0:
        tok = tokens[k - 1].group()
        if _NUMBER.fullmatch(tok) or _PAREN_NEG.fullmatch(tok) or _EMPTY.match(tok) or _PERCENT.match(tok):
            cells.insert(0, tokens[k - 1])
            k -= 1
            continue
        break
    if k > 0 and cells and _NUMBERING_WORD.search(tokens[k - 1].group()) and cells[0].group().isdigit():
        cells.pop(0)  # "Table 1", "Phase 2": the number belongs to the label
        k += 1
    if k == 0 or not cells:
        return None  # no label (a page number, a line of numbers) or no cells
    label_end = tokens[k - 1].end()
    label = line[:label_end].strip()
    if len(label) > _MAX_LABEL or _SENTENCE_END.search(label) or not re.search(r"[^\W\d_]", label):
        return None
    if all(_YEARLIKE.match(c.group()) or _EMPTY.match(c.group()) for c in cells):
        return None  # a header of years
    if not any(_NUMBER.fullmatch(c.group()) or _PAREN_NEG.fullmatch(c.group()) for c in cells):
        return None
    return cells, label_end


def _header_parts(line: str) -> list[str]:
    return [p for p in _COL_SEP.split(line.strip()) if p.strip()]


def _columns_for(parts: list[str], n: int) -> list[Column]:
    """Columns for a row of `n` cells: the header parts after the label's, aligned on the right."""
    if len(parts) < n or n == 0:
        return [Column() for _ in range(n)]
    cols = [_column(p) for p in parts[len(parts) - n :]]
    current = next((c.fiscal_year for c in cols if c.fiscal_year and not c.previous), None)
    for c in cols:
        if c.change and c.fiscal_year is None:
            c.fiscal_year = current  # a change is the change of the current year's figure
    return cols


def _unit_dollar(unit: Unit, dollar: str, yen: str) -> Unit:
    """A bare `$` or `¥` in the unit line means what it means in the rest of the document."""
    if unit.currency == "USD" and re.search(r"(?<![A-Za-z])\$", unit.as_written):
        return Unit(unit.as_written, unit.multiplier, dollar)
    if unit.currency == "JPY" and "¥" in unit.as_written and yen != "JPY":
        return Unit(unit.as_written, unit.multiplier, yen)
    return unit


def _value(tok: str) -> tuple[float, bool] | None:
    m = _PAREN_NEG.fullmatch(tok)
    if m:
        return float(m.group("num").replace(",", "")), True
    m = _NUMBER.fullmatch(tok)
    if m is None:
        return None
    return float(m.group("num").replace(",", "")), m.group("sign") in ("▲", "△", "▼", "-", "−")


def find_cells(scan: str, *, dollar: str = "USD", yen: str = "JPY") -> list[TextCell]:
    """Every bare number cell of the plain-text tables of `scan` (full-width ASCII already narrowed)."""
    out: list[TextCell] = []
    pos = 0
    table = 0
    for gate in _UNIT_GATE.finditer(scan):
        if gate.start() < pos:
            continue
        lo = scan.rfind("\n", 0, gate.start()) + 1
        hi = scan.find("\n", gate.start())
        hi = len(scan) if hi < 0 else hi
        unit = find_unit(scan[lo:hi])
        if unit is None:
            continue
        unit = _unit_dollar(unit, dollar, yen)
        table += 1
        pos = _read_table(scan, lo, hi, gate, unit, table, out)
    return out


def _read_table(
    scan: str, lo: int, hi: int, gate: re.Match, unit: Unit, table: int, out: list[TextCell]
) -> int:
    """Read the rows from the unit line on; append their cells to `out`; return where the table ends."""
    first = scan[lo:hi]
    # the unit note is blanked out (same length) so that it is neither a label nor a header part
    note = _JA_NOTE.search(first, max(0, gate.start() - lo - 1)) if gate.group() == "単位" else gate
    if note is not None:
        a, b = note.start() - (0 if note is not gate else lo), note.end() - (0 if note is not gate else lo)
        first = first[:a] + " " * (b - a) + first[b:]
    parts: list[str] | None = None
    rows = 0
    line_lo, line, end = lo, first, hi
    while True:
        found = _cell_tokens(line)
        if found is not None:
            cells, label_end = found
            label = _LABEL_LEAD.sub("", line[:label_end]).strip(" :：")
            cols = _columns_for(parts or [], len(cells))
            for i, (tok, col) in enumerate(zip(cells, cols, strict=True)):
                value = _value(tok.group())
                if value is None or col.ratio:
                    continue
                number, negative = value
                amount = round(number * unit.multiplier)
                out.append(
                    TextCell(
                        start=line_lo + tok.start(),
                        end=line_lo + tok.end(),
                        amount=-amount if negative else amount,
                        currency=unit.currency,
                        negative=negative,
                        label=label,
                        column=col,
                        index=i,
                        table=table,
                    )
                )
            rows += 1
        elif rows == 0 and parts is None and len(_header_parts(line)) >= 2:
            parts = _header_parts(line)
        elif line_lo > lo and (rows or line.strip()):
            return line_lo  # a blank line, prose or a second header after the rows: the table ends
        if end >= len(scan) or rows > _MAX_ROWS:
            return end
        line_lo = end + 1
        end = scan.find("\n", line_lo)
        end = len(scan) if end < 0 else end
        line = scan[line_lo:end]
        if _UNIT_GATE.search(line) and find_unit(line):
            return line_lo


_TOTAL_LABEL = re.compile(
    r"合計|総計|総額|^計$|\btotal\b|一般会計|特別会計|general account|special account", re.I
)


_TOTAL_ONLY = re.compile(r"合計|総計|小計|総額|計|(?:grand\s+|sub)?total", re.I)


def apply(t, cell: TextCell) -> None:
    """Give the typed figure `t` (document._Typed) the roles of its table cell.

    The row label is the recipient (an entity when the alias table knows it); the column gives the
    fiscal year and stage; a change column makes it a change, a total row a total budget. A figure
    the row's own words make private (`other`) stays so.
    """
    from pipelines.lib.extract.entities import default_table

    col = cell.column
    if t.kind not in ("other", "conversion", "bond"):
        if col.change:
            t.kind = "change"
        elif tablerows.cumulative_label(cell.label + " " + col.header):
            t.kind = "cumulative_total"
        elif _TOTAL_LABEL.search(cell.label):
            t.kind = "total_budget"
        else:
            t.kind = "allocation"
    ents = [
        e
        for start, _, e in default_table().find(cell.label)
        if e.type in ("recipient", "programme") and not names_a_part(cell.label, start, 0)
    ]  # "脱炭素電源の導入拡大（次世代革新炉を含む）": the row is the whole item, not the part in brackets
    if ents:
        t.recipient, t.recipient_entity = ents[0].canonical, ents[0]
        t.recipient_strong = True
    elif not _TOTAL_ONLY.fullmatch(cell.label.strip()):  # a "合計" row names no one: keep what the text says
        t.recipient, t.recipient_entity = cell.label, None
        t.recipient_strong = True
    if col.fiscal_year is not None:
        t.fiscal_year, t.fiscal_year_basis = col.fiscal_year, "stated"
    elif col.previous and t.fiscal_year is not None:
        t.fiscal_year -= 1
    if col.stage is not None:
        t.stage = col.stage
    elif col.previous or col.change:
        t.stage = "unknown"
    instrument = tablerows.instrument_in(cell.label)
    if instrument is not None and instrument != "bond" and t.kind != "bond":
        t.instrument = instrument
    t.qualifier = None
    t.table_cell = (cell.table, cell.label, cell.index)

"""Tables as `Table` records, with the declared unit applied, and their rendering into document text.

A table is rendered as lines `"{row label} {column header}: {cell}{unit}"` (for example
`半導体・AI関連 令和8年度概算要求: 1,234億円`) so that the ordinary figure extractor reads each cell with
its unit, and facts found in a table point into the document text like any other fact.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pipelines.lib.model import Table

from .units import Unit, find_unit, is_numeric_cell, make_unit

if TYPE_CHECKING:  # bs4 is imported by the HTML parser that calls in here
    from bs4 import BeautifulSoup, Tag

_WS = re.compile(r"\s+")
_PERCENT_HEADER = re.compile(r"[%％]|率|倍|percent|ratio", re.I)
_EMPTY_MARK = re.compile(r"^[\-−－―—‐–…・.／/]+$")
_MAX_CELLS = 5000  # a table bigger than this is data, not a budget summary: keep the first cells
_LOOK_BACK = 2000  # elements before a table searched for the text that may state its unit


def clean_cell(value: object) -> str:
    """A cell's text on one line with collapsed whitespace ('' for None)."""
    if value is None:
        return ""
    return _WS.sub(" ", str(value)).strip()


def _split_header(rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """Take the first row as header when it has no bare numbers and a later row has some."""
    if len(rows) < 2:
        return [], rows
    first = rows[0]
    if any(is_numeric_cell(c) for c in first[1:]):
        return [], rows
    if not any(is_numeric_cell(c) for r in rows[1:] for c in r):
        return first, rows[1:]
    return first, rows[1:]


def _column_unit(header_cell: str, table_unit: Unit | None) -> tuple[Unit | None, bool]:
    """(unit, is_percent) for one column: its own unit, a percent column, or the table's unit."""
    own = find_unit(header_cell)
    if own:
        return own, False
    if _PERCENT_HEADER.search(header_cell or ""):
        return None, True
    return table_unit, False


def make_table(
    index: int,
    rows: list[list[str]],
    *,
    context: str = "",
    caption: str | None = None,
    page: int | None = None,
    header: list[str] | None = None,
) -> Table | None:
    """A `Table` from cell rows, or None when it holds no numbers (a layout table).

    The unit is looked up in the caption, then the header cells, then the first column, then
    `context` (the text just before the table on the page).
    """
    rows = [[clean_cell(c) for c in r] for r in rows if r and any(clean_cell(c) for c in r)]
    if not rows:
        return None
    if header is None:
        header, body = _split_header(rows)
    else:
        body = rows
    if not any(is_numeric_cell(c) for r in body for c in r):
        return None
    unit = (
        find_unit(caption)
        or find_unit(" ".join(header))
        or find_unit(" ".join(r[0] for r in body[:3] if r))
        or find_unit(context[-300:] if context else None)
    )
    return Table(
        index=index,
        header=header,
        rows=body,
        unit=unit.as_written if unit else None,
        multiplier=unit.multiplier if unit else None,
        currency=unit.currency if unit else None,
        page=page,
        caption=caption or None,
    )


def render_table(table: Table) -> str:
    """The table as text lines "{row label} {column header}: {cell}{unit}" (caption first, if any)."""
    unit = None
    if table.unit and table.multiplier and table.currency:
        unit = make_unit(table.unit, table.multiplier, table.currency)
    lines: list[str] = []
    if table.caption:
        lines.append(table.caption)
    header = table.header
    col_units = [_column_unit(h, unit) for h in header]
    for row in table.rows:
        if not row:
            continue
        label = row[0]
        for j, cell in enumerate(row[1:], start=1):
            if not cell or _EMPTY_MARK.match(cell) or cell == label:
                continue  # blank, a dash meaning "none", or a label cell spanning the row
            col_header = header[j] if j < len(header) else ""
            col_unit, is_percent = col_units[j] if j < len(col_units) else (unit, False)
            if is_numeric_cell(cell):
                if is_percent:
                    shown = cell if cell.endswith(("%", "％")) else f"{cell}%"
                elif col_unit:
                    shown = col_unit.render(cell)
                else:
                    shown = cell
            else:
                shown = cell
            key = " ".join(p for p in (label, col_header) if p)
            lines.append(f"{key}: {shown}" if key else shown)
        if len(row) == 1 and label:
            lines.append(label)
    return "\n".join(lines)


def _cell_text(cell: Tag) -> str:
    return clean_cell(cell.get_text(" ", strip=True))


def _preceding_text(table: Tag, limit: int = 300) -> str:
    """Up to `limit` characters of the text just before `table` (from its last 40 strings), looking
    back at most `_LOOK_BACK` elements so that a page of empty tags costs no more than a short one."""
    parts: list[str] = []
    size = 0
    strings = 0
    for n, s in enumerate(table.previous_elements):
        if n >= _LOOK_BACK or strings >= 40:
            break
        if not isinstance(s, str):  # a tag; strings (NavigableString) are str
            continue
        strings += 1
        t = clean_cell(s)
        if not t or s.parent is None or s.parent.name in ("script", "style"):
            continue
        parts.append(t)
        size += len(t)
        if size >= limit:
            break
    return " ".join(reversed(parts))


def _innermost_tables(soup: BeautifulSoup) -> list[Tag]:
    """The `<table>`s that hold no other table, in document order, in one pass over the tree.

    Asking each table whether it contains another (`find("table")`) walks its whole subtree: a
    table nested 20,000 deep cost 20,000 walks of up to 60,000 tags. Here every tag learns the
    nearest table at or above it from its parent (parents come first in document order), and a
    table that is some other table's nearest enclosing table is a layout table.
    """
    enclosing: dict[int, Tag | None] = {}  # id(tag) -> the nearest table at or above it
    tables: list[Tag] = []
    outer: set[int] = set()
    for el in soup.find_all(True):
        above = enclosing.get(id(el.parent))
        if el.name == "table":
            if above is not None:
                outer.add(id(above))
            tables.append(el)
            enclosing[id(el)] = el
        else:
            enclosing[id(el)] = above
    return [t for t in tables if id(t) not in outer]


def html_tables(soup: BeautifulSoup) -> list[Table]:
    """The data tables of an HTML page (innermost `<table>`s holding numbers)."""
    tables: list[Table] = []
    for el in _innermost_tables(soup):  # a table around other tables is layout
        rows: list[list[str]] = []
        header_rows = 0
        ncells = 0
        for tr in el.find_all("tr"):
            cells = tr.find_all(["th", "td"])
            row: list[str] = []
            for c in cells:
                text = _cell_text(c)
                try:
                    span = max(1, min(int(c.get("colspan", 1)), 50))
                except (TypeError, ValueError):
                    span = 1
                row.extend([text] * span if c.name == "th" else [text] + [""] * (span - 1))
            if not row:
                continue
            if len(rows) == header_rows and cells and all(c.name == "th" for c in cells):
                header_rows += 1
            rows.append(row)
            ncells += len(row)
            if ncells > _MAX_CELLS:
                break
        header: list[str] | None = None
        if header_rows and len(rows) > header_rows:
            width = max(len(r) for r in rows[:header_rows])
            header = [
                " ".join(dict.fromkeys(r[j] for r in rows[:header_rows] if j < len(r) and r[j]))
                for j in range(width)
            ]
            rows = rows[header_rows:]
        cap = el.find("caption")
        caption = _cell_text(cap) if cap else None
        table = make_table(len(tables), rows, context=_preceding_text(el), caption=caption, header=header)
        if table:
            tables.append(table)
    return tables

"""Small markdown tables for Dagster metadata previews and the CLI."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{int(value):,}" if value == value.to_integral_value() else f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    text = str(value).replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= 80 else text[:77] + "..."


def markdown_table(columns: Sequence[str], rows: Sequence[Sequence]) -> str:
    """A GitHub-flavoured markdown table."""
    head = "| " + " | ".join(columns) + " |"
    rule = "|" + "|".join("---" for _ in columns) + "|"
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join([head, rule, *body])


def text_table(columns: Sequence[str], rows: Sequence[Sequence]) -> str:
    """A plain aligned table for the terminal."""
    cells = [[cell(v) for v in row] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    line = lambda vals: "  ".join(v.ljust(w) for v, w in zip(vals, widths, strict=True)).rstrip()  # noqa: E731
    return "\n".join([line(list(columns)), line(["-" * w for w in widths]), *(line(r) for r in cells)])

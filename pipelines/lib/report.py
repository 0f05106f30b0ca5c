"""`budgetwatch report`: a static HTML page of the marts, with inline SVG charts and tables.

It reads the published snapshot read-only with external access off, and the page it writes needs no
network: no scripts, no web fonts, no images outside the file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from html import escape
from pathlib import Path
from string import Template

import duckdb

from pipelines.lib import warehouse
from pipelines.lib.charts import chart_svg, format_money, sector_totals_chart, tranche_chart
from pipelines.lib.sql_files import query

TEMPLATE = Path(__file__).resolve().parents[1] / "data" / "report_template.html"
RECIPIENT = "Rapidus"


@dataclass
class Section:
    """One part of the report: a heading, an optional chart and an HTML table or note."""

    title: str
    body: str
    intro: str = ""

    def html(self) -> str:
        intro = f"<p>{escape(self.intro)}</p>" if self.intro else ""
        return f"<section><h2>{escape(self.title)}</h2>{intro}{self.body}</section>"


def _cell(value, column: str) -> str:
    if value is None:
        return "<td></td>"
    if isinstance(value, bool):
        return f"<td>{'yes' if value else 'no'}</td>"
    if isinstance(value, int | Decimal | float):
        if column.endswith("year"):
            text = str(int(value))
        elif column.endswith("_jpy"):
            text = format_money(value, "JPY")
        elif column.endswith("_usd"):
            text = format_money(value, "USD")
        elif isinstance(value, float) or (isinstance(value, Decimal) and value != value.to_integral_value()):
            text = f"{value:,.2f}"
        else:
            text = f"{int(value):,}"
        return f'<td class="num">{escape(text)}</td>'
    text = str(value)
    if len(text) > 160:
        text = text[:157] + "…"
    return f"<td>{escape(text)}</td>"


def html_table(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> str:
    """The result of `sql` as an HTML table (money columns `*_jpy` / `*_usd` formatted)."""
    cursor = con.execute(sql, params or [])
    columns = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    if not rows:
        return '<p class="empty">No rows.</p>'
    head = "".join(f"<th>{escape(c.replace('_', ' '))}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(_cell(v, c) for v, c in zip(row, columns, strict=True)) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _section(con, title: str, intro: str, build) -> Section:
    try:
        return Section(title, build(con), intro)
    except duckdb.Error as exc:  # an older snapshot without this table: say so rather than fail
        return Section(title, f'<p class="empty warn">Not available in this snapshot: {escape(str(exc))}</p>')


def _sector_totals(con) -> str:
    chart = sector_totals_chart(con)
    table = html_table(con, query("report/top_sector_totals"))
    return chart_svg(chart) + f'<p class="caption">{escape(chart.caption)}</p>' + table


def _tranches(con) -> str:
    chart = tranche_chart(con, RECIPIENT)
    table = html_table(con, query("report/tranches_of_recipient"), [RECIPIENT])
    return chart_svg(chart) + f'<p class="caption">{escape(chart.caption)}</p>' + table


def _top_lines(con) -> str:
    return html_table(con, query("report/top_lines"))


def _conflicts(con) -> str:
    return html_table(con, query("report/open_conflicts"))


def _coverage(con) -> str:
    return html_table(con, query("report/source_coverage"))


def _cards(con) -> str:
    counts = [
        ("documents", query("report/count_documents")),
        ("budget facts", query("report/count_budget_facts")),
        ("budget lines", query("report/count_budget_lines")),
        ("sources", query("report/count_sources")),
        ("open conflicts", query("report/count_open_conflicts")),
    ]
    cards = []
    for label, sql in counts:
        try:
            value = f"{con.execute(sql).fetchone()[0]:,}"
        except duckdb.Error:
            value = "–"
        cards.append(f'<div class="card"><b>{value}</b><span>{escape(label)}</span></div>')
    return "".join(cards)


def build_report(snapshot: Path) -> str:
    """The report of one snapshot file, as a complete HTML document."""
    with warehouse.connect(snapshot, read_only=True, external_access=False) as con:
        sections = [
            _section(
                con,
                "Sector totals by fiscal year",
                "Public money per government, fiscal year, budget stage and sector (marts.sector_totals).",
                _sector_totals,
            ),
            _section(
                con,
                f"{RECIPIENT}: cumulative funding by tranche",
                "Each tranche of public money with the running total per instrument "
                "(marts.investment_tracking), beside the cumulative totals that sources state.",
                _tranches,
            ),
            _section(
                con,
                "Largest budget lines",
                "Figures reconciled across sources (core.budget_lines), nested and disputed lines left out.",
                _top_lines,
            ),
            _section(
                con,
                "Open conflicts",
                "Sources that disagree about the same item beyond rounding (core.fact_conflicts): one row "
                "per value left out, against the value preferred to it.",
                _conflicts,
            ),
            _section(
                con,
                "Source coverage",
                "What each catalog source contributed, and its last fetch (marts.source_coverage).",
                _coverage,
            ),
        ]
        cards = _cards(con)
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        title="budgetwatch: public money for strategic technology",
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        snapshot=escape(str(snapshot)),
        cards=cards,
        sections="\n".join(s.html() for s in sections),
    )


def write_report(out: Path, snapshot: Path | None = None) -> Path:
    """Write the report of the published snapshot (default: the warehouse's) to `out`, atomically."""
    snapshot = Path(snapshot or warehouse.snapshot_path())
    if not snapshot.exists():
        raise FileNotFoundError(f"{snapshot} does not exist yet; run `budgetwatch run` first")
    html = build_report(snapshot)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + f".tmp{os.getpid()}")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, out)
    return out

"""Charts of the marts, for people who would rather look than read.

Two renderings of the same data: a markdown code block of unicode bars (Dagster metadata has no chart
type, but renders markdown) and inline SVG for the static HTML report. Two charts: sector totals by
fiscal year (`marts.sector_totals`) and a recipient's cumulative funding by tranche
(`marts.investment_tracking`, Rapidus by default).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

import duckdb

BLOCKS = " ▏▎▍▌▋▊▉█"
SHADE = "░"
STAGE_ORDER = ("request", "draft", "initial", "supplementary", "executed", "announced", "unknown")
PALETTE = (
    "#2f6db5",
    "#d9822b",
    "#3a9b5c",
    "#c2413b",
    "#7d5bb5",
    "#8c6d3f",
    "#d36fa8",
    "#6f7a86",
    "#b4a22c",
    "#2aa3b3",
)


def format_money(amount: int | Decimal | None, currency: str | None) -> str:
    """`¥1.23tn`, `$7.9bn`, `€5m`: three significant digits at most, the currency's sign or code."""
    if amount is None:
        return "n/a"
    value = Decimal(amount)
    sign = "-" if value < 0 else ""
    value = abs(value)
    symbol = {"JPY": "¥", "USD": "$", "EUR": "€", "GBP": "£"}.get(currency or "", (currency or "") + " ")
    for scale, suffix in ((Decimal(10) ** 12, "tn"), (Decimal(10) ** 9, "bn"), (Decimal(10) ** 6, "m")):
        if value >= scale:
            scaled = value / scale
            digits = 2 if scaled < 10 else 1 if scaled < 100 else 0
            text = f"{scaled:.{digits}f}"
            if "." in text:
                text = text.rstrip("0").rstrip(".")
            return f"{sign}{symbol}{text}{suffix}"
    return f"{sign}{symbol}{value:,.0f}"


@dataclass
class Bar:
    """One bar: a label, stacked segments (value, series name) and the text printed after it."""

    label: str
    segments: list[tuple[float, str]]
    note: str = ""
    group: str = ""

    @property
    def total(self) -> float:
        return sum(v for v, _ in self.segments)


@dataclass
class Chart:
    """Bars sharing one scale; `series` names the segment kinds in legend order."""

    title: str
    bars: list[Bar]
    series: list[str] = field(default_factory=list)
    caption: str = ""


def _stage_rank(stage: str | None) -> int:
    return STAGE_ORDER.index(stage) if stage in STAGE_ORDER else len(STAGE_ORDER)


def sector_totals_chart(con: duckdb.DuckDBPyConnection, *, max_bars: int = 40) -> Chart:
    """Public money per government, fiscal year, stage and sector (summed over agencies), in USD.

    Stages are kept apart: a request, the cabinet draft and the enacted budget are the same money
    at different moments, so adding them would count it two or three times.
    """
    rows = con.execute(
        """
        select government, fiscal_year, stage, sector, sum(total_usd) as usd, sum(total_jpy) as jpy
        from marts.sector_totals
        where total_usd is not null and total_usd > 0
        group by government, fiscal_year, stage, sector
        """
    ).fetchall()
    by_government: dict[str, Decimal] = {}
    for government, _fy, _stage, _sector, usd, _jpy in rows:
        by_government[government or "unknown"] = by_government.get(government or "unknown", 0) + usd
    ranked = sorted(by_government, key=lambda g: (-by_government[g], g))
    rows.sort(
        key=lambda r: (
            ranked.index(r[0] or "unknown"),
            r[1] if r[1] is not None else 9999,
            _stage_rank(r[2]),
            -r[4],
            r[3],
        )
    )
    sectors = sorted({r[3] for r in rows}, key=lambda s: (-sum(r[4] for r in rows if r[3] == s), s))
    bars = []
    for government, fy, stage, sector, usd, jpy in rows[:max_bars]:
        year = f"FY{fy}" if fy is not None else "FY?"
        note = format_money(usd, "USD")
        if government == "Japan" and jpy is not None:
            note = f"{format_money(jpy, 'JPY')} ({note})"
        bars.append(
            Bar(
                label=f"{year} {stage} · {sector}",
                segments=[(float(usd), sector)],
                note=note,
                group=government or "unknown",
            )
        )
    caption = "Allocations and bonds, nested figures counted once; stages shown apart, never added."
    if len(rows) > max_bars:
        caption += f" Largest governments first; {len(rows) - max_bars} more rows in the mart."
    return Chart("Sector totals by fiscal year (USD)", bars, sectors, caption)


def tranche_chart(con: duckdb.DuckDBPyConnection, recipient: str = "Rapidus") -> Chart:
    """A recipient's cumulative public funding, one bar per counted tranche, per instrument, in JPY.

    Each bar is the running total the mart computes: the shaded part is what came before, the solid
    part this tranche. Tranches the mart does not count (a request later enacted, a superseded or
    nested line) are left out, as in the mart. Cumulative totals the sources state themselves follow.
    """
    rows = con.execute(
        """
        select instrument, fiscal_year, stage, amount_jpy, computed_cumulative_jpy, counted_in_cumulative,
            reported_cumulative_jpy, reported_cumulative_as_of, reported_cumulative_scope
        from marts.investment_tracking
        where lower(recipient) = lower(?)
        order by instrument, computed_cumulative_jpy, fiscal_year nulls first, line_id
        """,
        [recipient],
    ).fetchall()
    bars: list[Bar] = []
    reported: dict[str, tuple] = {}
    skipped = 0
    for instrument, fy, stage, amount, cumulative, counted, rep, rep_as_of, scope in rows:
        if rep is not None:
            reported["all instruments" if scope == "all_instruments" else instrument] = (rep, rep_as_of)
        if amount is None or cumulative is None:
            continue
        if not counted:
            skipped += 1
            continue
        year = f"FY{fy}" if fy is not None else "FY?"
        bars.append(
            Bar(
                label=f"{year} {stage} · {instrument}",
                segments=[(float(cumulative - amount), "before"), (float(amount), "tranche")],
                note=f"+{format_money(amount, 'JPY')} → {format_money(cumulative, 'JPY')}",
                group=instrument,
            )
        )
    for scope, (rep, as_of) in sorted(reported.items()):
        when = f" as of {as_of}" if as_of else ""
        bars.append(
            Bar(
                label=f"stated by sources · {scope}",
                segments=[(float(rep), "reported")],
                note=f"{format_money(rep, 'JPY')}{when}",
                group="cumulative totals the sources state",
            )
        )
    if not bars:
        caption = f"No tranches for {recipient} in marts.investment_tracking yet."
    else:
        caption = "Running total per instrument (marts.investment_tracking)."
        if skipped:
            caption += f" {skipped} tranche(s) not counted: the same money at an earlier stage, or nested."
    series = ["before", "tranche", "reported"]
    return Chart(f"{recipient}: cumulative public funding by tranche (JPY)", bars, series, caption)


def _unicode_bar(bar: Bar, scale: float, width: int) -> str:
    out = []
    for value, series in bar.segments:
        cells = value / scale * width if scale else 0.0
        if series == "before":
            out.append(SHADE * int(round(cells)))
            continue
        full, eighths = int(cells), int(round((cells - int(cells)) * 8))
        if eighths == 8:
            full, eighths = full + 1, 0
        out.append("█" * full + (BLOCKS[eighths] if eighths else ""))
    text = "".join(out)
    return text if text.strip() else "▏"


def chart_markdown(chart: Chart, *, width: int = 32) -> str:
    """The chart as markdown: a title, a code block of unicode bars, and the caption."""
    if not chart.bars:
        return f"**{chart.title}**\n\n_{chart.caption or 'no data yet'}_"
    scale = max(b.total for b in chart.bars) or 1.0
    label_width = max(len(b.label) for b in chart.bars)
    lines, group = [], None
    for bar in chart.bars:
        if bar.group != group:
            group = bar.group
            lines.append(group)
        lines.append(
            f"  {bar.label.ljust(label_width)}  {_unicode_bar(bar, scale, width).ljust(width)}  {bar.note}"
        )
    legend = "\n\n░ before this tranche, █ this tranche" if "before" in chart.series else ""
    return f"**{chart.title}**\n\n```\n" + "\n".join(lines) + f"\n```\n\n_{chart.caption}_{legend}"


def chart_svg(chart: Chart, *, width: int = 900) -> str:
    """The chart as an inline `<svg>` of horizontal bars, grouped, with a legend (no scripts, no fonts)."""
    if not chart.bars:
        return f'<p class="empty">{escape(chart.caption or "No data yet.")}</p>'
    row_h, group_h, label_w, note_w, top = 22, 26, 300, 190, 34
    plot_w = width - label_w - note_w
    scale = max(b.total for b in chart.bars) or 1.0
    colours = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(chart.series)}
    colours.update({"before": "#c9d3df", "tranche": "#2f6db5", "reported": "#d9822b"})
    parts, y, group = [], top, None
    for bar in chart.bars:
        if bar.group != group:
            group = bar.group
            y += 6
            parts.append(f'<text x="4" y="{y + 14}" class="group">{escape(group)}</text>')
            y += group_h - 6
        parts.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{escape(bar.label)}</text>')
        x = float(label_w)
        for value, series in bar.segments:
            w = value / scale * plot_w
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 3}" width="{max(w, 0.5):.1f}" height="{row_h - 6}" '
                f'fill="{colours.get(series, PALETTE[0])}"><title>{escape(series)}</title></rect>'
            )
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 15}" class="note">{escape(bar.note)}</text>')
        y += row_h
    legend_x, legend = 4, []
    for name in chart.series:
        if not any(s == name for b in chart.bars for _, s in b.segments):
            continue
        legend.append(f'<rect x="{legend_x}" y="8" width="12" height="12" fill="{colours[name]}"/>')
        legend.append(f'<text x="{legend_x + 16}" y="18">{escape(name)}</text>')
        legend_x += 24 + 7 * len(name)
    height = y + 10
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(chart.title)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" class="chart">'
        f"<title>{escape(chart.title)}</title>" + "".join(legend) + "".join(parts) + "</svg>"
    )


def sector_totals_chart_md(con: duckdb.DuckDBPyConnection) -> str:
    """Markdown chart of `marts.sector_totals` for the `sector_totals` asset's metadata."""
    return chart_markdown(sector_totals_chart(con))


def tranche_chart_md(con: duckdb.DuckDBPyConnection, recipient: str = "Rapidus") -> str:
    """Markdown chart of a recipient's tranches for the `investment_tracking` asset's metadata."""
    return chart_markdown(tranche_chart(con, recipient))

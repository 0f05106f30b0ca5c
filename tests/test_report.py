"""`budgetwatch report` and the charts behind it, on the shared sample warehouse."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from ops_sample import sample_env

from pipelines.lib import warehouse
from pipelines.lib.charts import (
    Bar,
    Chart,
    chart_markdown,
    format_money,
    sector_totals_chart_md,
    tranche_chart_md,
)
from pipelines.lib.report import write_report


def _snapshot() -> Path:
    return warehouse.snapshot_path(Path(sample_env()["BUDGETWATCH_WAREHOUSE"]))


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        (1_230_000_000_000, "JPY", "¥1.23tn"),
        (150_000_000_000, "JPY", "¥150bn"),
        (100_000_000_000, "JPY", "¥100bn"),
        (7_900_000_000, "USD", "$7.9bn"),
        (5_000_000, "EUR", "€5m"),
        (-3_000_000_000, "JPY", "-¥3bn"),
        (12_345, "KRW", "KRW 12,345"),
        (None, "JPY", "n/a"),
    ],
)
def test_money_is_written_the_way_people_read_it(amount, currency, text):
    assert format_money(amount, currency) == text


def test_a_markdown_chart_scales_its_bars_and_shades_what_came_before():
    chart = Chart(
        "t",
        [
            Bar("FY2025 · equity", [(0.0, "before"), (100.0, "tranche")], "+¥100bn", "equity"),
            Bar("FY2026 · equity", [(100.0, "before"), (150.0, "tranche")], "+¥150bn", "equity"),
        ],
        ["before", "tranche"],
        "caption",
    )
    lines = chart_markdown(chart, width=10).splitlines()
    body = [line for line in lines if "FY20" in line]
    assert "████" in body[0] and "░" not in body[0]  # 100 of 250 over 10 cells: 4 cells
    assert "░░░░" in body[1] and body[1].count("█") == 6  # 4 shaded, then 150/250 = 6 cells
    assert lines[2] == "```" and "equity" in lines


def test_the_mart_charts_carry_the_sample_figures():
    with warehouse.connect(_snapshot(), read_only=True) as con:
        top = con.execute(
            "select government, total_jpy from marts.sector_totals order by total_usd desc nulls last limit 1"
        ).fetchone()
        sector_md = sector_totals_chart_md(con)
        rapidus_md = tranche_chart_md(con)
        counted = con.execute(
            "select count(*) from marts.investment_tracking "
            "where recipient = 'Rapidus' and counted_in_cumulative"
        ).fetchone()[0]
    assert sector_md.count("```") == 2 and top[0] in sector_md
    if top[0] == "Japan":
        assert format_money(top[1], "JPY") in sector_md
    assert rapidus_md.count("→ ¥") == counted > 0


def test_the_report_is_a_self_contained_page_of_every_section(tmp_path):
    snapshot = _snapshot()
    before = hashlib.sha256(snapshot.read_bytes()).hexdigest()
    out = write_report(tmp_path / "r" / "report.html", snapshot)
    html = out.read_text(encoding="utf-8")
    for title in (
        "Sector totals by fiscal year",
        "Rapidus: cumulative funding by tranche",
        "Largest budget lines",
        "Open conflicts",
        "Source coverage",
    ):
        assert f"<h2>{title}</h2>" in html
    assert "Not available in this snapshot" not in html
    assert html.count("<svg") == 2 and "<script" not in html
    assert not re.search(
        r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html
    )  # nothing fetched from a network
    assert "@import" not in html and "url(" not in html
    assert hashlib.sha256(snapshot.read_bytes()).hexdigest() == before  # read-only
    assert list(out.parent.iterdir()) == [out]  # written atomically, no temp file left


def test_the_report_reads_the_snapshot_while_a_writer_holds_the_working_file(tmp_path):
    working = Path(sample_env()["BUDGETWATCH_WAREHOUSE"])
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(working)!r}); "
         "print(1, flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        holder.stdout.readline()
        assert write_report(tmp_path / "report.html", _snapshot()).stat().st_size > 5000
    finally:
        holder.kill()
        holder.wait()


def test_the_cli_writes_the_report_and_explains_a_missing_snapshot(tmp_path, monkeypatch, capsys):
    from pipelines.cli import main

    for key, value in sample_env().items():
        monkeypatch.setenv(key, value)
    assert main(["report", "--out", str(tmp_path / "x.html")]) == 0
    assert (tmp_path / "x.html").exists() and "report written to" in capsys.readouterr().out
    assert (
        main(["report", "--out", str(tmp_path / "y.html"), "--database", str(tmp_path / "none.duckdb")]) == 2
    )
    assert "run `budgetwatch run` first" in capsys.readouterr().err

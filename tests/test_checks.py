"""The data assertions of sql/checks/ on a small hand-built warehouse: each passes on consistent data
and catches the one property it is about."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from pipelines.lib import warehouse
from pipelines.lib.checks import check_names, check_query, run_check
from pipelines.lib.steps.marts import build_mart

ROOT = Path(__file__).resolve().parents[1]

DOC_EN = "METI plans ¥1.23 trillion for chips and AI in FY2026, of which ¥150 billion goes to Rapidus."
DOC_JA = "経済産業省は令和８年度に半導体・ＡＩ向けに１兆２３９０億円を計上。前年度比▲３０億円の項目もある。"


def _span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def _fact(fact_id, document, text, as_written, **extra):
    start, end = _span(text, as_written)
    row = {
        "fact_id": fact_id,
        "document": document,
        "source_id": "src-a",
        "as_written": as_written,
        "start": start,
        "end": end,
        "amount": None,
        "currency": "JPY",
        "kind": "allocation",
        "sector": "semiconductors",
        "stage": "draft",
        "instrument": "subsidy",
        "government": "Japan",
        "agency": "METI",
        "fiscal_year": 2026,
        "amount_jpy": None,
        "amount_usd": None,
        "confidence": 0.9,
        "extractor_version": "test",
    }
    row.update(extra)
    return row


_FILLERS = {"VARCHAR": "x", "INTEGER": 0, "BIGINT": 0, "BOOLEAN": False, "DATE": "2026-01-01"}


def _insert(con, table: str, row: dict) -> None:
    """Insert `row`, giving any other NOT NULL column (the schema grows) a neutral value of its type."""
    schema, name = table.split(".")
    required = con.execute(
        "select column_name, data_type from duckdb_columns() where schema_name = ? and table_name = ? "
        "and not is_nullable and column_default is null",
        [schema, name],
    ).fetchall()
    row = dict(row)
    for column, data_type in required:
        if column not in row:
            row[column] = 0 if data_type.startswith("DECIMAL") else _FILLERS.get(data_type, datetime.now())
    cols = ", ".join(f'"{c}"' for c in row)
    con.execute(f"insert into {table} ({cols}) values ({', '.join('?' for _ in row)})", list(row.values()))


def _line(line_id, amount_jpy, **extra):
    row = {
        "line_id": line_id,
        "government": "Japan",
        "agency": "METI",
        "fiscal_year": 2026,
        "stage": "draft",
        "kind": "allocation",
        "sector": "semiconductors",
        "instrument": "subsidy",
        "recipient": None,
        "currency": "JPY",
        "amount": amount_jpy,
        "amount_jpy": amount_jpy,
        "amount_usd": amount_jpy // 150,
        "best_fact_id": "f-" + line_id,
        "n_facts": 1,
        "n_sources": 1,
        "n_documents": 1,
    }
    row.update(extra)
    return row


@pytest.fixture
def con(tmp_path):
    """A warehouse with two documents, consistent facts, lines (one nested) and both marts built."""
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        warehouse.ensure_schema(con)
        now = datetime.now()
        for doc_id, text in (("d-en", DOC_EN), ("d-ja", DOC_JA)):
            _insert(
                con,
                "staging.documents",
                {
                    "document_id": doc_id,
                    "text": text,
                    "n_chars": len(text),
                    "n_tables": 0,
                    "parser_version": "t",
                    "parsed_at": now,
                },
            )
        facts = [
            _fact("f1", "d-en", DOC_EN, "¥1.23 trillion", amount=1_230_000_000_000, sector="mixed"),
            _fact(
                "f2",
                "d-en",
                DOC_EN,
                "¥150 billion",
                amount=150_000_000_000,
                recipient="Rapidus",
                instrument="equity",
            ),
            _fact("f3", "d-ja", DOC_JA, "１兆２３９０億円", amount=1_239_000_000_000, sector="mixed"),
            _fact("f4", "d-ja", DOC_JA, "▲３０億円", amount=-3_000_000_000, kind="change", fiscal_year=None),
        ]
        for f in facts:
            _insert(con, "core.budget_facts", f)
        lines = [
            _line("L-total", 1_239_000_000_000, sector="mixed", n_facts=2, best_fact_id="f3"),
            _line("L-rapidus", 150_000_000_000, recipient="Rapidus", instrument="equity", best_fact_id="f2"),
            _line("L-nested", 100_000_000_000, parent_line_id="L-total", best_fact_id="f9"),
        ]
        for line in lines:
            _insert(con, "core.budget_lines", line)
        for line_id, fact_id, doc in (
            ("L-total", "f1", "d-en"),
            ("L-total", "f3", "d-ja"),
            ("L-rapidus", "f2", "d-en"),
        ):
            _insert(
                con,
                "core.budget_line_sources",
                {"line_id": line_id, "fact_id": fact_id, "document": doc, "is_best": fact_id != "f1"},
            )
        _insert(
            con,
            "raw.sources",
            {"source_id": "src-a", "catalog": "t", "kind": "page", "schedule": "daily", "loaded_at": now},
        )
        _insert(
            con,
            "raw.fetch_log",
            {"fetch_id": "x1", "source_id": "src-a", "url": "https://a.example/", "fetched_at": now},
        )
        build_mart(con, "sector_totals")
        build_mart(con, "investment_tracking")
        yield con


def test_every_check_file_is_a_single_select_and_lints_clean():
    import subprocess
    import sys

    names = check_names()
    assert len(names) >= 9
    for name in names:
        assert check_query(name).lstrip().lower().startswith("with")
    lint = subprocess.run(
        [str(Path(sys.executable).with_name("sqlfluff")), "lint", "sql/checks/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_all_checks_pass_on_consistent_data(con):
    outcomes = {name: run_check(con, name) for name in check_names()}
    failing = {n: (o.columns, o.rows) for n, o in outcomes.items() if not o.passed}
    assert failing == {}


def test_evidence_span_off_by_one_is_caught(con):
    con.execute("""update core.budget_facts set "start" = "start" + 1 where fact_id = 'f3'""")
    outcome = run_check(con, "fact_evidence_spans")
    assert outcome.n_failing == 1
    row = dict(zip(outcome.columns, outcome.rows[0], strict=True))
    start = DOC_JA.index("１兆２３９０億円") + 1
    assert row["fact_id"] == "f3" and row["text_at_span"] == DOC_JA[start : start + 7]


def test_evidence_span_of_a_missing_document_is_caught(con):
    con.execute("delete from staging.documents where document_id = 'd-en'")
    assert run_check(con, "fact_evidence_spans").n_failing == 2


def test_negative_or_zero_amounts_are_caught_but_a_marked_fall_is_not(con):
    assert run_check(con, "fact_amounts_positive").passed  # f4 is ▲30億円, a change, negative
    con.execute("update core.budget_facts set amount = -amount where fact_id = 'f2'")
    con.execute("update core.budget_facts set amount_usd = -5 where fact_id = 'f1'")
    outcome = run_check(con, "fact_amounts_positive")
    assert sorted(r[0] for r in outcome.rows) == ["f1", "f2"]


def test_a_tiny_amount_whose_normalised_value_rounds_to_zero_passes(con):
    con.execute("update core.budget_facts set amount = 7, amount_usd = 0 where fact_id = 'f1'")
    assert run_check(con, "fact_amounts_positive").passed


def test_a_negative_change_without_a_fall_mark_is_caught(con):
    con.execute(
        "update core.budget_facts set as_written = '30億円', \"start\" = \"start\" + 1 where fact_id = 'f4'"
    )
    assert [r[0] for r in run_check(con, "fact_amounts_positive").rows] == ["f4"]


def test_a_range_whose_upper_bound_is_below_its_amount_is_caught(con):
    con.execute("update core.budget_facts set amount_max = 1000 where fact_id = 'f1'")
    assert [r[0] for r in run_check(con, "fact_amounts_positive").rows] == ["f1"]


@pytest.mark.parametrize(
    ("year", "ok"), [(1990, True), (2040, True), (1989, False), (2041, False), (202, False)]
)
def test_fiscal_years_outside_1990_2040_are_caught(con, year, ok):
    con.execute("update core.budget_facts set fiscal_year = ? where fact_id = 'f1'", [year])
    assert run_check(con, "fact_fiscal_years").passed is ok


def test_a_fact_in_two_lines_is_caught(con):
    _insert(
        con,
        "core.budget_line_sources",
        {"line_id": "L-rapidus", "fact_id": "f1", "document": "d-en", "is_best": False},
    )
    outcome = run_check(con, "line_facts_counted_once")
    assert outcome.rows == [("f1", 2, "L-rapidus, L-total")]


def test_a_sector_total_that_differs_from_its_lines_is_caught(con):
    con.execute("update marts.sector_totals set total_jpy = total_jpy + 1 where sector = 'mixed'")
    outcome = run_check(con, "sector_totals_match_lines")
    assert outcome.n_failing == 1
    assert dict(zip(outcome.columns, outcome.rows[0], strict=True))["sector"] == "mixed"


def test_a_sector_total_that_adds_a_nested_line_is_caught(con):
    # the nested line (100bn inside the 1.239tn total) counted again, as a naive mart would
    con.execute(
        "update marts.sector_totals set total_jpy = total_jpy + 100000000000, n_lines = n_lines + 1 "
        "where sector = 'mixed'"
    )
    con.execute(
        "insert into marts.sector_totals (government, agency, fiscal_year, stage, sector, total_jpy) "
        "values ('Japan', 'METI', 2026, 'draft', 'semiconductors', 100000000000)"
    )
    assert run_check(con, "sector_totals_match_lines").n_failing == 2


def test_a_line_missing_from_the_sector_totals_is_caught(con):
    con.execute("delete from marts.sector_totals where sector = 'mixed'")
    outcome = run_check(con, "sector_totals_match_lines")
    row = dict(zip(outcome.columns, outcome.rows[0], strict=True))
    assert row["mart_total_jpy"] is None and row["lines_total_jpy"] == 1_239_000_000_000


def test_a_running_total_that_differs_from_its_tranches_is_caught(con):
    con.execute(
        "update marts.investment_tracking set computed_cumulative_jpy = 1 where recipient = 'Rapidus'"
    )
    assert run_check(con, "investment_tracking_match_lines").rows[0][:2] == ("Rapidus", "equity")


def test_a_tranche_amount_that_differs_from_its_line_is_caught(con):
    con.execute("update core.budget_lines set amount_jpy = amount_jpy + 1 where line_id = 'L-rapidus'")
    assert run_check(con, "investment_tracking_match_lines").n_failing == 1


def test_a_tranche_listed_twice_is_caught(con):
    con.execute("insert into marts.investment_tracking select * from marts.investment_tracking")
    assert run_check(con, "investment_tracking_tranches_once").n_failing == 2


def test_a_superseded_or_nested_tranche_counted_in_the_cumulative_is_caught(con):
    assert run_check(con, "investment_tracking_tranches_once").passed
    con.execute("update core.budget_lines set superseded_by = 'L-total' where line_id = 'L-rapidus'")
    con.execute("update core.budget_lines set recipient = 'Rapidus' where line_id in ('L-total', 'L-nested')")
    con.execute(
        "insert into marts.investment_tracking (recipient, instrument, line_id, counted_in_cumulative) "
        "values ('Rapidus', 'subsidy', 'L-nested', true)"
    )
    outcome = run_check(con, "investment_tracking_tranches_once")
    assert sorted(r[4] for r in outcome.rows) == ["L-nested", "L-rapidus"]


def test_conflicts_are_reported_by_the_warning_check(con):
    assert run_check(con, "open_conflicts").passed
    _insert(
        con,
        "core.fact_conflicts",
        {
            "line_id_a": "L-rapidus",
            "line_id_b": "L-other",
            "government": "Japan",
            "recipient": "Rapidus",
            "amount_a": 150_000_000_000,
            "amount_b": 100_000_000_000,
        },
    )
    assert run_check(con, "open_conflicts").n_failing == 1


def test_stale_sources_are_those_without_a_recent_successful_fetch(con):
    old = datetime.now() - timedelta(days=30)
    for source_id, kind, schedule in (
        ("src-old", "page", "daily"),
        ("src-broken", "feed", "hourly"),
        ("src-manual", "page", "manual"),
        ("src-folder", "folder", "daily"),
        ("src-never", "pdf", "weekly"),
    ):
        _insert(
            con,
            "raw.sources",
            {"source_id": source_id, "catalog": "t", "kind": kind, "schedule": schedule, "loaded_at": old},
        )
    for n, (source_id, when, error) in enumerate(
        (
            ("src-old", old, None),
            ("src-broken", old, None),
            ("src-broken", datetime.now(), "HTTP 503"),
            ("src-manual", old, None),
            ("src-folder", old, None),
        )
    ):
        _insert(
            con,
            "raw.fetch_log",
            {"fetch_id": f"y{n}", "source_id": source_id, "url": "u", "fetched_at": when, "error": error},
        )
    outcome = run_check(con, "stale_sources")
    rows = {r[0]: dict(zip(outcome.columns, r, strict=True)) for r in outcome.rows}
    assert sorted(rows) == ["src-broken", "src-never", "src-old"]
    assert rows["src-broken"]["last_error"] == "HTTP 503"
    assert [r[0] for r in run_check(con, "stale_sources", days=60).rows] == ["src-never"]


def test_the_blocking_list_matches_the_dagster_checks_and_audits_a_connection(con):
    from pipelines.definitions import defs
    from pipelines.lib.checks import BLOCKING_CHECKS, blocking_failures

    graph = defs.resolve_asset_graph()
    declared = {key.name: graph.get_check_spec(key).blocking for key in graph.asset_check_keys}
    assert {name for name, blocking in declared.items() if blocking} == set(BLOCKING_CHECKS)
    assert set(declared) == set(check_names())
    assert blocking_failures(con) == []
    con.execute("update core.budget_facts set fiscal_year = 3026 where fact_id = 'f2'")
    assert [o.name for o in blocking_failures(con)] == ["fact_fiscal_years"]

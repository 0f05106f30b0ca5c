"""Concrete values of budget lines, conflicts and every mart on a hand-built warehouse (marts_fixture)."""

from datetime import date
from decimal import Decimal

import pytest
from marts_fixture import B, Doc, F, build

from pipelines.lib import warehouse


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = tmp_path_factory.mktemp("marts") / "w.duckdb"
    build(path)
    with warehouse.connect(path, read_only=True) as connection:
        yield connection


def rows(con, sql, params=None):
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def one(con, sql, params=None):
    found = rows(con, sql, params)
    assert len(found) == 1, found
    return found[0]


# ---------------------------------------------------------------------------------------------- lines


def test_a_rounded_and_an_exact_report_are_one_line_with_the_ministry_value(con):
    line = one(con, "select * from core.budget_lines where sector = 'mixed' and fiscal_year = 2026")
    assert line["amount"] == 1_239_000_000_000
    assert line["best_as_written"] == "1兆2390億円"
    assert line["best_publisher_type"] == "ministry"
    assert (line["min_reported"], line["max_reported"]) == (1_230_000_000_000, 1_239_000_000_000)
    assert (line["n_facts"], line["n_sources"], line["n_documents"]) == (2, 2, 2)
    # the wire left the agency unsaid; it joined the ministry's line
    assert line["agency"] == "METI"
    reports = rows(
        con,
        "select as_written, reported_amount, is_best, report_rank from core.budget_line_sources "
        "where line_id = ? order by report_rank",
        [line["line_id"]],
    )
    assert [(r["as_written"], r["reported_amount"], r["is_best"]) for r in reports] == [
        ("1兆2390億円", 1_239_000_000_000, True),
        ("¥1.23 trillion", 1_230_000_000_000, False),
    ]


def test_a_recipient_written_three_ways_and_an_agency_alias_make_one_line(con):
    line = one(
        con,
        "select * from core.budget_lines where recipient = 'Rapidus' and instrument = 'equity' "
        "and kind = 'allocation' and stage = 'draft'",
    )
    assert (line["amount"], line["agency"], line["n_sources"]) == (150 * B, "METI", 2)
    total = one(con, "select * from core.budget_lines where kind = 'total_budget' and fiscal_year = 2026")
    assert (total["amount"], total["agency"], total["n_sources"]) == (3_069_300_000_000, "METI", 2)


def test_the_same_money_at_an_earlier_stage_points_to_the_later_line(con):
    request = one(con, "select * from core.budget_lines where stage = 'request'")
    draft = one(
        con,
        "select line_id from core.budget_lines "
        "where recipient = 'Rapidus' and stage = 'draft' and kind = 'allocation'",
    )
    assert request["superseded_by"] == draft["line_id"]


def test_of_which_figures_point_to_their_parent(con):
    parent = one(con, "select line_id from core.budget_lines where sector = 'mixed' and fiscal_year = 2026")
    children = rows(
        con, "select amount, parent_line_id from core.budget_lines where sector = 'ai' order by amount"
    )
    assert [(c["amount"], c["parent_line_id"]) for c in children] == [
        (378_300_000_000, parent["line_id"]),
        (387_300_000_000, parent["line_id"]),
    ]
    # "ラピダスへの出資に1000億円" follows "4330億円" with no "of which": not nested
    assert (
        one(con, "select parent_line_id from core.budget_lines where amount = ?", [100 * B])["parent_line_id"]
        is None
    )


def test_a_real_disagreement_lands_in_fact_conflicts_with_both_values_and_sources(con):
    conflict = one(con, "select * from core.fact_conflicts")
    assert conflict["relation"] == "disagreement"
    assert (conflict["sector"], conflict["fiscal_year"], conflict["stage"]) == ("ai", 2026, "draft")
    assert (conflict["amount_a"], conflict["sources_a"], conflict["as_written_a"]) == (
        387_300_000_000,
        "meti-budget",
        "3873億円",
    )
    assert (conflict["amount_b"], conflict["sources_b"], conflict["as_written_b"]) == (
        378_300_000_000,
        "wire",
        "¥378.3 billion",
    )
    assert conflict["difference_pct"] == Decimal("2.38")
    loser = one(
        con, "select alternative_to from core.budget_lines where line_id = ?", [conflict["line_id_b"]]
    )
    assert loser["alternative_to"] == conflict["line_id_a"]


def test_a_cumulative_total_that_grew_is_not_a_conflict(con):
    totals = rows(
        con,
        "select amount, last_reported from core.budget_lines "
        "where kind = 'cumulative_total' and instrument = 'subsidy' order by last_reported",
    )
    assert [t["amount"] for t in totals] == [920 * B, 1_722_500_000_000]
    assert one(con, "select count(*) as n from core.fact_conflicts where kind = 'cumulative_total'")["n"] == 0


def test_stated_changes_are_tied_to_the_figure_they_describe(con):
    found = rows(
        con,
        "select c.as_written, c.percent, c.measure, l.amount from core.stated_changes as c "
        "join core.budget_lines as l using (line_id) order by c.as_written",
    )
    assert [(f["as_written"], f["percent"], f["measure"], f["amount"]) for f in found] == [
        ("nearly triple", 200, "allocations", 1_239_000_000_000),
        ("約2.9倍", 190, "allocations", 1_239_000_000_000),
        ("約5割増", 50, "total_budget", 3_069_300_000_000),
    ]


# --------------------------------------------------------------------------------------------- marts


def test_sector_totals_count_each_figure_once(con):
    got = {
        (r["stage"], r["sector"]): r
        for r in rows(con, "select * from marts.sector_totals where fiscal_year = 2026 and agency = 'METI'")
    }
    assert set(got) == {
        ("draft", "mixed"),
        ("draft", "ai"),
        ("draft", "semiconductors"),
        ("draft", "critical_minerals"),
        ("request", "semiconductors"),
    }
    mixed = got[("draft", "mixed")]
    assert (mixed["total_jpy"], mixed["n_lines"], mixed["n_sources"], mixed["nested_jpy"]) == (
        1_239_000_000_000,
        1,
        2,
        0,
    )
    # AI sits inside the chips-and-AI figure: shown as nested, never added; the wire's other value
    # for the same item is a disputed line, not a second AI figure
    ai = got[("draft", "ai")]
    assert (
        ai["total_jpy"],
        ai["n_lines"],
        ai["nested_jpy"],
        ai["n_nested_lines"],
        ai["n_disputed_lines"],
    ) == (
        0,
        0,
        387_300_000_000,
        1,
        1,
    )
    assert got[("draft", "semiconductors")]["total_jpy"] == 150 * B
    assert got[("draft", "critical_minerals")]["total_jpy"] == 5 * B
    assert mixed["currency"] == "JPY" and mixed["total_local"] == 1_239_000_000_000
    assert mixed["total_usd"] == 8_151_315_789  # ¥1,239.0 billion at the 2026 reference rate of 152.0


def test_grand_total_adds_no_figure_twice(con):
    draft_total = one(
        con,
        "select sum(total_jpy) as s from marts.sector_totals where fiscal_year = 2026 and stage = 'draft'",
    )["s"]
    assert draft_total == 1_239_000_000_000 + 150 * B + 5 * B


def test_investment_tracking_rapidus(con):
    tranches = rows(
        con,
        "select * from marts.investment_tracking where recipient = 'Rapidus' "
        "order by instrument, fiscal_year, stage, amount",
    )
    equity = [t for t in tranches if t["instrument"] == "equity"]
    assert [(t["fiscal_year"], t["stage"], t["amount_jpy"], t["counted_in_cumulative"]) for t in equity] == [
        (2025, "initial", 100 * B, True),
        (2026, "draft", 150 * B, True),
        (2026, "request", 150 * B, False),
    ]
    assert {t["computed_total_jpy"] for t in equity} == {250 * B}
    assert {
        (t["reported_cumulative_jpy"], t["reported_cumulative_scope"], t["cumulative_gap_jpy"])
        for t in equity
    } == {(250 * B, "instrument", 0)}
    subsidy = [t for t in tranches if t["instrument"] == "subsidy"]
    assert [(t["fiscal_year"], t["stage"], t["amount_jpy"]) for t in subsidy] == [
        (2022, "announced", 70 * B),
        (2023, "announced", 260 * B),
        (2023, "supplementary", 590 * B),
        (2025, "announced", 802_500_000_000),
    ]
    assert all(t["counted_in_cumulative"] for t in subsidy)
    assert [t["computed_cumulative_jpy"] for t in subsidy][0] == 70 * B
    assert max(t["computed_cumulative_jpy"] for t in subsidy) == 1_722_500_000_000
    # the latest reported cumulative (April 2025), not the older ¥920 billion
    last = subsidy[-1]
    assert (
        last["reported_cumulative_jpy"],
        str(last["reported_cumulative_as_of"]),
        last["cumulative_gap_jpy"],
    ) == (
        1_722_500_000_000,
        "2025-04-01",
        0,
    )
    assert {t["recipient_total_jpy"] for t in tranches} == {1_972_500_000_000}
    assert {str(t["recipient_first_reported"]) for t in tranches} == {"2024-04-02"}
    assert {str(t["recipient_last_reported"]) for t in tranches} == {"2025-12-26"}
    assert (
        one(
            con,
            "select sources from marts.investment_tracking where recipient = 'Rapidus' and stage = 'draft'",
        )["sources"]
        == "meti-budget, wire"
    )


def test_budget_changes_computed_beside_stated(con):
    mixed = one(
        con,
        "select * from marts.budget_changes "
        "where sector = 'mixed' and fiscal_year = 2026 and measure = 'allocations'",
    )
    assert (mixed["total_jpy"], mixed["prior_stage"], mixed["prior_total_jpy"]) == (
        1_239_000_000_000,
        "initial",
        433 * B,
    )
    assert mixed["change_jpy"] == 806 * B
    assert mixed["computed_change_pct"] == Decimal("186.14")
    assert mixed["stated_change_pct"] == Decimal("190.00")  # the ministry's 約2.9倍 before the wire's
    assert (mixed["stated_change_pct_min"], mixed["stated_change_pct_max"], mixed["n_stated"]) == (
        190,
        200,
        2,
    )
    assert mixed["difference_pct_points"] == Decimal("-3.86")
    assert mixed["stated_sources"] == "meti-budget, wire"
    total = one(
        con, "select * from marts.budget_changes where measure = 'total_budget' and fiscal_year = 2026"
    )
    assert (total["computed_change_pct"], total["stated_change_pct"], total["difference_pct_points"]) == (
        50,
        50,
        0,
    )
    # a year with no prior year has no computed change
    first = one(
        con,
        "select * from marts.budget_changes "
        "where sector = 'mixed' and fiscal_year = 2025 and measure = 'allocations'",
    )
    assert first["prior_total_jpy"] is None and first["computed_change_pct"] is None


def test_source_coverage_counts_each_document_once(con):
    got = {r["source_id"]: r for r in rows(con, "select * from marts.source_coverage")}
    assert set(got) == {"meti-budget", "wire", "kabuto"}
    wire = got["wire"]
    # wire-2026 reached from two URLs and fetched twice from each: still one document
    assert (wire["n_urls"], wire["n_documents"], wire["n_fetches"], wire["n_not_modified"]) == (3, 2, 7, 3)
    assert (wire["n_fetch_errors"], wire["last_error"]) == (1, "ReadTimeout: feed took too long")
    assert (wire["n_facts"], wire["n_budget_facts"]) == (7, 6)  # one of the seven is a change
    meti = got["meti-budget"]
    assert (meti["n_documents"], meti["n_facts"], meti["n_fetch_errors"], meti["last_error"]) == (
        2,
        11,
        0,
        None,
    )
    assert meti["n_conflicting_lines"] == 1 and wire["n_conflicting_lines"] == 1
    assert meti["publisher_type"] == "ministry"
    assert str(meti["last_published"]) == "2025-12-26"
    # every line whose best value is the ministry's counts for it
    assert (
        meti["n_best_lines"]
        == one(con, "select count(*) as n from core.budget_lines where best_source_id = 'meti-budget'")["n"]
    )


def test_a_cumulative_total_without_instrument_is_compared_with_all_instruments(tmp_path):
    def rapidus(amount, instrument, kind="allocation", fiscal_year=2025):
        return F(
            str(amount),
            amount * B,
            kind=kind,
            sector="semiconductors",
            instrument=instrument,
            recipient="Rapidus",
            stage="initial",
            fiscal_year=fiscal_year,
        )

    doc = Doc(
        "one",
        "wire",
        ["https://asiatechwire.example/a"],
        date(2025, 5, 1),
        [
            ("Rapidus gets 100 in equity.", [rapidus(100, "equity")]),
            ("It also gets 200 in subsidies.", [rapidus(200, "subsidy")]),
            ("A further 50 comes in some form.", [rapidus(50, "unknown")]),
            (
                "Support totals 350 so far.",
                [rapidus(350, "unknown", kind="cumulative_total", fiscal_year=None)],
            ),
        ],
    )
    path = tmp_path / "w.duckdb"
    build(path, docs=[doc])
    with warehouse.connect(path, read_only=True) as con:
        got = rows(
            con,
            "select instrument, recipient_total_jpy, reported_cumulative_jpy, "
            "reported_cumulative_scope, cumulative_gap_jpy from marts.investment_tracking "
            "order by instrument",
        )
    assert [(r["instrument"], r["reported_cumulative_scope"], r["cumulative_gap_jpy"]) for r in got] == [
        ("equity", "all_instruments", 0),
        ("subsidy", "all_instruments", 0),
        ("unknown", "all_instruments", 0),
    ]
    assert {r["recipient_total_jpy"] for r in got} == {350 * B}

from datetime import date

import pytest

from pipelines.lib.reconcile import FactRow, agree, conflicts, reconcile, rounding_unit


def fact(fact_id, amount, *, document="d1", source="s1", publisher="news", as_written="", **over):
    base = dict(
        fact_id=fact_id, document=document, source_id=source, url=None, publisher_type=publisher,
        published=date(2025, 12, 26), as_written=as_written or str(amount), sentence="", amount=amount,
        currency="JPY", amount_jpy=amount, amount_usd=None, kind="allocation", sector="semiconductors",
        stage="draft", instrument="subsidy", recipient=None, government="Japan", agency="METI", fiscal_year=2026,
    )
    base.update(over)
    return FactRow(**base)


@pytest.mark.parametrize(
    ("amount", "unit"),
    [
        (1_230_000_000_000, 10_000_000_000),  # ¥1.23 trillion
        (1_239_000_000_000, 1_000_000_000),  # 1兆2390億円
        (150_000_000_000, 10_000_000_000),  # ¥150 billion
        (5_000_000_000, 100_000_000),  # ¥5 billion: two significant digits assumed at least
        (46_470_000_000, 10_000_000),  # 464億7,000万円
        (7, 1),
    ],
)
def test_rounding_unit(amount, unit):
    assert rounding_unit(amount) == unit


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (1_230_000_000_000, 1_239_000_000_000, True),  # rounded down from the exact figure
        (1_230_000_000_000, 1_500_000_000_000, False),
        (6_600_000_000, 6_600_000_000, True),
        (6_400_000_000, 4_745_000_000, False),
        (150_000_000_000, 250_000_000_000, False),
    ],
)
def test_agree(a, b, same):
    assert agree(a, b) is same
    assert agree(b, a) is same


def test_rounded_and_exact_reports_become_one_line_with_the_ministry_value_best():
    news = fact("f1", 1_230_000_000_000, document="news", source="wire", as_written="¥1.23 trillion")
    ministry = fact("f2", 1_239_000_000_000, document="meti", source="meti", publisher="ministry",
                    as_written="1兆2390億円")
    lines = reconcile([news, ministry])
    assert len(lines) == 1
    assert lines[0].best.fact_id == "f2"
    assert sorted(lines[0].amounts) == [1_230_000_000_000, 1_239_000_000_000]
    assert conflicts(lines) == []


def test_disagreeing_sources_make_two_lines_and_a_conflict():
    a = fact("f1", 150_000_000_000, document="a", source="wire-a", recipient="Rapidus", instrument="equity")
    b = fact("f2", 100_000_000_000, document="b", source="wire-b", recipient="Rapidus", instrument="equity")
    lines = reconcile([a, b])
    assert len(lines) == 2
    pairs = conflicts(lines)
    assert len(pairs) == 1
    assert {pairs[0][0].best.amount, pairs[0][1].best.amount} == {150_000_000_000, 100_000_000_000}


def test_unnamed_lines_of_one_sector_do_not_conflict():
    lines = reconcile([fact("f1", 5_000_000_000, source="a"), fact("f2", 12_200_000_000, source="b")])
    assert len(lines) == 2
    assert conflicts(lines) == []


def test_different_years_or_stages_are_different_lines():
    lines = reconcile([fact("f1", 10**11), fact("f2", 10**11, fiscal_year=2025), fact("f3", 10**11, stage="request")])
    assert len(lines) == 3


def test_reconcile_is_deterministic_whatever_the_order():
    facts = [
        fact("f1", 1_230_000_000_000, source="a"),
        fact("f2", 1_239_000_000_000, source="b", publisher="ministry"),
        fact("f3", 387_300_000_000, source="a", sector="ai"),
        fact("f4", 150_000_000_000, source="c", recipient="Rapidus", instrument="equity"),
    ]
    first = [(l.line_id, l.best.fact_id, sorted(f.fact_id for f in l.facts)) for l in reconcile(facts)]
    second = [(l.line_id, l.best.fact_id, sorted(f.fact_id for f in l.facts)) for l in reconcile(facts[::-1])]
    assert first == second


def test_of_which_figure_is_nested_in_the_larger_one_of_the_same_document():
    total = fact("f1", 1_230_000_000_000, sector="mixed", sentence="METI sets aside ¥1.23 trillion for chips and AI.")
    part = fact(
        "f2", 387_300_000_000, sector="ai",
        sentence="Of which ¥387.3 billion goes to domestic AI models.",
    )
    lines = {l.best.fact_id: l for l in reconcile([total, part])}
    assert lines["f2"].parent_line_id == lines["f1"].line_id
    assert lines["f1"].parent_line_id is None

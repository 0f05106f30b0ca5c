"""Fiscal years: each government's calendar, written forms and relative phrases."""

from datetime import date

import pytest

from pipelines.lib.extract.fiscal import (
    find_year_mentions,
    fiscal_year_of,
    kanji_number,
    parse_fiscal_label,
    upcoming_fiscal_year,
)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("令和8年度予算案", 2026),
        ("令和元年度の決算", 2019),
        ("平成30年度補正予算", 2018),
        ("令和五年度", 2023),
        ("22年度第2次補正予算", 2022),
        ("2021年度の概算要求", 2021),
        ("二〇二三年度当初予算案", 2023),
        ("FY2024 budget", 2024),
        ("FY24 request", 2024),
        ("FY 2024-25", 2024),
        ("in fiscal 2026", 2026),
        ("fiscal year 2027", 2027),
        ("the 2023 fiscal year supplementary budget", 2023),
        ("in Budget 2025", 2025),
        ("the 2025 budget", 2025),
        ("２０２４年度", 2024),
    ],
)
def test_stated_years(text, year):
    found = find_year_mentions(text.translate({i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}))
    assert [y.year for y in found] == [year]
    assert found[0].stated


@pytest.mark.parametrize(
    ("text", "published", "government", "year"),
    [
        ("来年度予算", date(2025, 8, 29), "Japan", 2026),
        ("今年度の補正予算", date(2025, 12, 1), "Japan", 2025),
        ("今年度の補正予算", date(2026, 2, 1), "Japan", 2025),
        ("next fiscal year", date(2024, 12, 20), "Japan", 2025),
        ("the fiscal year starting in April", date(2025, 12, 26), "Japan", 2026),
        ("the fiscal year starting in April", date(2026, 2, 10), "Japan", 2026),
        ("next year", date(2025, 1, 15), "Taiwan", 2026),
        ("this year", date(2025, 1, 15), "Taiwan", 2025),
        ("a year ago", date(2025, 2, 18), "Singapore", 2024),
        ("next fiscal year", date(2024, 11, 5), "United States", 2026),
    ],
)
def test_relative_years_resolve_from_publication_date(text, published, government, year):
    (found,) = find_year_mentions(text)
    assert not found.stated
    assert found.resolve(published, government) == year


def test_relative_year_needs_a_date():
    (found,) = find_year_mentions("来年度")
    assert found.resolve(None, "Japan") is None


def test_calendars():
    assert fiscal_year_of(date(2026, 3, 31), "Japan") == 2025
    assert fiscal_year_of(date(2026, 4, 1), "Japan") == 2026
    assert fiscal_year_of(date(2024, 10, 1), "United States") == 2025
    assert fiscal_year_of(date(2024, 9, 30), "United States") == 2024
    assert fiscal_year_of(date(2024, 9, 30), "South Korea") == 2024
    assert fiscal_year_of(date(2024, 5, 1), "India") == 2024
    assert upcoming_fiscal_year(date(2022, 12, 23), "Japan") == 2023
    assert upcoming_fiscal_year(date(2025, 2, 18), "Singapore") == 2025


def test_comparison_base_is_marked():
    years = find_year_mentions(
        "前年度より560億円増 than that in the 2022 fiscal year, up 35% from a year earlier"
    )
    assert [y.comparison for y in years] == [True, True, True]
    assert not find_year_mentions("2023年度に1.6兆円")[0].comparison


def test_kanji_numbers():
    assert kanji_number("二〇二三") == 2023
    assert kanji_number("十八") == 18
    assert kanji_number("二十三") == 23
    assert kanji_number("十") == 10
    assert kanji_number("abc") is None


def test_parse_fiscal_label():
    assert parse_fiscal_label("FY2026") == 2026
    assert parse_fiscal_label("FY2024-25 to FY2030-31") == 2024
    assert parse_fiscal_label(None) is None
    assert parse_fiscal_label("") is None


def test_bare_spans_budget_for_and_start_years():
    def years(text):
        return [(y.year, y.year_end, y.local) for y in find_year_mentions(text)]

    assert years("will be spent in 2023-24 and 2024-25") == [(2023, 2024, True), (2024, 2025, True)]
    assert years("the interim Budget for 2023-24") == [(2023, None, False)]
    assert years("an extra budget for 2026 to parliament") == [(2026, None, False)]
    assert years("over the 2021-2027 period") == [(2021, 2027, True)]
    assert years("between 2022 and 2024") == [(2022, None, True)]
    assert years("over ten years from 2025.") == [(2025, None, True)]
    assert years(" date 2024-08-16 and 2030-25, up from 2023 levels") == []


def test_an_award_to_a_named_company_takes_no_year_from_the_source_budget():
    from datetime import date

    from pipelines.lib.extract import extract_facts

    text = (
        "経済産業省は10日、令和6年度補正予算で積み増した基金から、電池メーカー3社に合わせて最大300億円を"
        "補助すると発表しました。\n\nこのほか、KDDIに最大180億円が補助されます。"
    )
    found = extract_facts(text, document="t", published=date(2025, 4, 10))
    years = {f.as_written: f.fiscal_year for f in found}
    assert years["300億円"] == 2024
    assert years["180億円"] is None


def test_a_change_from_a_base_figure_takes_the_year_of_the_figure_that_changed():
    from datetime import date

    from pipelines.lib.extract import extract_facts

    text = (
        "文部科学省は来年度予算の概算要求に量子研究の経費として３００億円を盛り込み、"
        "今年度当初予算の２００億円から約５割増やす。"
        "経済産業省は２６年度の計画で蓄電池の支援に９００億円を計上した。２５年度当初計画の６００億円から５割増える。"
    )
    found = extract_facts(text, document="t", published=date(2025, 8, 28))
    changes = [f for f in found if f.kind == "change"]
    assert [f.fiscal_year for f in changes] == [2026, 2026]
    assert {f.as_written: f.fiscal_year for f in found}["２００億円"] == 2025


def test_from_a_year_is_a_budget_year_only_for_money_or_a_period():
    def years(text):
        return [y.year for y in find_year_mentions(text)]

    assert years("The venture aims to mass-produce 2-nanometre chips in Hokkaido from 2027.") == []
    assert years("The state will spend ¥2 trillion over ten years from 2024.") == [2024]
    assert years("It committed S$25 billion to research from 2021 to 2025.") == [2021]

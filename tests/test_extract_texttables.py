"""Plain-text tables: bare number cells read with the unit of their header line."""

from datetime import date

from pipelines.lib.extract import extract_facts
from pipelines.lib.extract.facts import _narrow
from pipelines.lib.extract.texttables import find_cells

JA_TABLE = """水産庁関係予算の概要
令和６年１２月２７日

１．重点事項（単位：億円）
項目　／　令和７年度予算案　／　令和６年度当初　／　増減
（１）漁港の防災対策　２，４００　／　２，１５０　／　２５０
　　うち養殖業の高度化　６０　／　―　／　―
（２）資源調査の強化　９０　／　１２０　／　▲３０
※端数は四捨五入している。
３．その他
漁業者への支援として、２０２５年度に１５億円を充てる。
"""


def _cells(text: str, **kw):
    scan = _narrow(text)
    return [(scan[c.start : c.end], c) for c in find_cells(scan, **kw)]


def test_japanese_table_cells_take_the_header_unit_and_column_roles():
    cells = _cells(JA_TABLE)
    assert [w for w, _ in cells] == ["2,400", "2,150", "250", "60", "90", "120", "▲30"]
    by = dict(cells)
    assert by["2,400"].amount == 240_000_000_000 and by["2,400"].currency == "JPY"
    assert (by["2,400"].column.fiscal_year, by["2,400"].column.stage) == (2025, "draft")
    assert (by["2,150"].column.fiscal_year, by["2,150"].column.stage) == (2024, "initial")
    assert by["250"].column.change and by["250"].column.fiscal_year == 2025
    assert by["▲30"].amount == -3_000_000_000 and by["▲30"].negative
    assert by["60"].label == "養殖業の高度化"  # item marks and うち are not part of the label
    assert by["2,400"].label == "漁港の防災対策"


def test_the_table_ends_at_a_note_and_prose_numbers_are_not_cells():
    words = [w for w, _ in _cells(JA_TABLE)]
    assert "15" not in words and "2025" not in words and "3" not in words


def test_english_table_with_years_header_accounting_negatives_and_percent_column():
    text = """Budget summary
(in billions of yen)
Programme    FY2025    FY2024    Change    Change (%)
Chips and AI    1,239.0    421.0    818.0    194.3%
Fisheries    50    62    (12)    -19.4%
Source: ministry documents, page 12.
"""
    cells = _cells(text)
    assert [w for w, _ in cells] == ["1,239.0", "421.0", "818.0", "50", "62", "(12)"]
    by = dict(cells)
    assert by["1,239.0"].amount == 1_239_000_000_000
    assert by["421.0"].column.fiscal_year == 2024
    assert by["(12)"].amount == -12_000_000_000 and by["(12)"].column.change


def test_bare_dollar_unit_follows_the_document_dollar():
    text = "Table 1 ($ millions)\nItem  2024-25  2025-26\nAI compute  300  500\n"
    cells = _cells(text, dollar="CAD")
    assert [(w, c.currency, c.amount) for w, c in cells] == [
        ("300", "CAD", 300_000_000),
        ("500", "CAD", 500_000_000),
    ]
    assert [c.column.fiscal_year for _, c in cells] == [2024, 2025]


def test_unit_note_inside_a_data_line():
    cells = _cells("港湾整備費（単位：億円）　１，２００　／　１，０００\n")
    assert [(w, c.amount, c.label) for w, c in cells] == [
        ("1,200", 120_000_000_000, "港湾整備費"),
        ("1,000", 100_000_000_000, "港湾整備費"),
    ]


def test_years_item_numbers_and_dates_are_not_cells():
    text = """(単位:百万円)
区分  2024  2025
1. 2024/12/26
第3表
道路整備  5,000  5,500
"""
    # the date line is not a row and ends the (still empty) table before the data line
    assert _cells(text) == []
    assert _cells("(単位:百万円)\n区分  2024  2025\n道路整備  5,000  5,500\n") != []


def test_no_unit_line_no_cells():
    assert _cells("漁港の防災対策　２，４００　／　２，１５０\n") == []


def test_table_cells_become_facts_with_column_years_and_signed_changes():
    facts = extract_facts(JA_TABLE, document="t", published=date(2024, 12, 27))
    by = {f.as_written: f for f in facts}
    assert by["２，４００"].kind == "allocation" and by["２，４００"].fiscal_year == 2025
    assert by["２，４００"].stage == "draft"
    assert by["２，１５０"].fiscal_year == 2024 and by["２，１５０"].stage == "initial"
    assert (by["▲３０"].kind, by["▲３０"].amount) == ("change", -3_000_000_000)
    assert by["２５０"].kind == "change" and by["２５０"].fiscal_year == 2025
    assert by["６０"].recipient is not None and by["６０"].kind == "allocation"


def test_equal_cells_of_two_rows_are_two_facts_and_a_prose_repeat_is_one():
    text = """港湾関係予算（単位：億円）
事項　／　令和７年度予算案
岸壁の改良　３００
防波堤の整備　３００
合計　６００

令和７年度予算案では、岸壁の改良に３００億円を計上した。
"""
    facts = extract_facts(text, document="t", published=date(2024, 12, 27))
    three_hundred = [f for f in facts if f.amount == 30_000_000_000]
    assert len(three_hundred) == 2
    total = [f for f in facts if f.amount == 60_000_000_000]
    assert [f.kind for f in total] == ["total_budget"]


def test_a_total_row_names_no_recipient():
    text = (
        "農林水産省関係の補正予算案の概要\n\n（単位：億円）\n事業名　　補正予算額\n"
        "スマート農業の推進　　　1,200\n食料安全保障の強化　　　800\n合計　　2,000\n"
    )
    facts = {f.as_written: f for f in extract_facts(text, document="t", published=date(2024, 12, 1))}
    assert facts["1,200"].recipient is not None
    assert facts["2,000"].kind == "total_budget"
    assert facts["2,000"].recipient != "合計"  # "Total" is the row's role, not whom the money is for

"""Who pays (government, agency), table-row roles, programme envelopes and award stages."""

from __future__ import annotations

from datetime import date

from pipelines.lib.extract.facts import extract_facts


def _facts(text: str, **kw):
    kw.setdefault("published", date(2024, 6, 3))
    return extract_facts(text, document="t", **kw)


def _one(facts, as_written: str):
    found = [f for f in facts if f.as_written == as_written]
    assert found, [f.as_written for f in facts]
    return found[0]


# --- 1. a recipient's home country is not the payer -------------------------------------------


def test_recipient_home_country_does_not_pay():
    text = (
        "The US Commerce Department on Tuesday agreed to give up to $2.1 billion in grants to the "
        "Korean memory maker's Texas plant.\n"
        "The Commerce Department awarded Taiwan Semiconductor Manufacturing Company a further "
        "$900 million grant for its packaging line.\n"
    )
    facts = _facts(text)
    for aw in ("$2.1 billion", "$900 million"):
        f = _one(facts, aw)
        assert (f.government, f.agency) == ("United States", "Department of Commerce"), aw


def test_payer_named_as_government_still_wins_over_agency_of_other_country():
    text = "The European Commission cleared a €900 million Italian scheme to support a new wafer plant.\n"
    f = _one(_facts(text), "€900 million")
    assert f.government == "Italy"
    assert f.agency is None  # the Commission is not an Italian agency


# --- 2. ambiguous aliases -------------------------------------------------------------------------


def test_ambiguous_treasury_resolved_by_document_government():
    us = (
        "The Department of Commerce signed a $450 million grant with a chip packager in Arizona.\n"
        "The Treasury will also issue guidance on the investment credit, officials in Washington said.\n"
        "The Treasury set aside $300 million in grants for chip packaging research.\n"
    )
    f = _one(_facts(us), "$300 million")
    assert f.government == "United States"
    assert f.agency in ("Department of the Treasury", None)
    uk = (
        "Britain's government plans to spend £250 million on compound semiconductors.\n"
        "The Treasury has set aside £120 million in grants for chip design start-ups in London.\n"
    )
    f = _one(_facts(uk), "£120 million")
    assert (f.government, f.agency) == ("United Kingdom", "HM Treasury")


def test_agency_always_belongs_to_the_government():
    text = (
        "The U.S. Department of the Treasury said the credit will be available next year.\n"
        "Officials added that $700 million in grants will go to a gallium refinery in Utah.\n"
    )
    for f in _facts(text, default_government="United States", default_agency="METI"):
        assert f.agency != "METI"


# --- 3. catalog defaults do not leak onto another government's money ----------------------------


def test_default_government_does_not_leak_onto_a_foreign_currency_award():
    text = (
        "Japan's industry ministry will spend ¥90 billion on chip research next year.\n"
        "Separately, the US Department of Commerce finalised its CHIPS awards this week.\n"
        "A memory maker in Idaho will receive up to $1.3 billion in grants.\n"
    )
    facts = _facts(text, default_government="Japan", default_agency="METI", language="en")
    usd = _one(facts, "$1.3 billion")
    assert (usd.government, usd.agency) == ("United States", "Department of Commerce")
    yen = _one(facts, "¥90 billion")
    assert (yen.government, yen.agency) == ("Japan", "METI")


# --- 4. table rows ----------------------------------------------------------------------------


def test_cross_table_cells_take_year_stage_instrument_of_their_row_and_column():
    text = (
        "令和9年度 経済産業省予算案の概要\n"
        "令和9年度予算案では、半導体分野に3,000億円を計上した。\n"
        "\n"
        "主な事業（単位：億円）\n"
        "ラピダス支援（出資） 令和7年度当初: 1,000億円\n"
        "先端半導体（補助金） 令和5年度補正: 4,400億円\n"
        "先端半導体（補助金） 令和9年度概算要求: 3,300億円\n"
        "先端半導体（補助金） 累計: 9,900億円\n"
    )
    facts = _facts(text, published=date(2026, 12, 20), default_government="Japan")
    f = _one(facts, "1,000億円")
    assert (f.fiscal_year, f.stage, f.instrument) == (2025, "initial", "equity")
    f = _one(facts, "4,400億円")
    assert (f.fiscal_year, f.stage, f.instrument) == (2023, "supplementary", "subsidy")
    f = _one(facts, "3,300億円")
    assert (f.fiscal_year, f.stage) == (2027, "request")
    f = _one(facts, "9,900億円")
    assert f.kind == "cumulative_total"
    assert f.fiscal_year is None and f.stage != "draft"


def test_english_table_line():
    text = (
        "FY2027 draft budget summary\n"
        "The draft budget for FY2027 includes JPY 300.0 billion for chips.\n"
        "\n"
        "Key items (unit: 100 million yen)\n"
        "Foundry subsidy FY2024 supplementary: 4,100億円\n"
        "Foundry equity FY2025 initial: 800億円\n"
    )
    facts = _facts(text, published=date(2026, 12, 20), default_government="Japan")
    f = _one(facts, "4,100億円")
    assert (f.fiscal_year, f.stage, f.instrument) == (2024, "supplementary", "subsidy")
    f = _one(facts, "800億円")
    assert (f.fiscal_year, f.stage, f.instrument) == (2025, "initial", "equity")


def test_record_table_reads_sibling_cells_of_the_same_row():
    text = (
        "令和9年度予算案の概要\n"
        "令和9年度予算案では、半導体分野に3,000億円を計上した。\n"
        "\n"
        "キオクシアに対する支援額（単位：百万円）\n"
        "2023年6月 対象年度: 令和5年度\n"
        "2023年6月 支援の形態: 補助金\n"
        "2023年6月 金額: 24,300百万円\n"
        "2024年2月 対象年度: 令和6年度\n"
        "2024年2月 支援の形態: 補助金（令和5年度補正予算）\n"
        "2024年2月 金額: 15,000百万円\n"
        "補助金 累計 金額: 39,300百万円\n"
    )
    facts = _facts(text, published=date(2026, 12, 20), default_government="Japan")
    f = _one(facts, "24,300百万円")
    assert (f.fiscal_year, f.instrument) == (2023, "subsidy")
    assert f.stage != "draft"
    assert f.recipient == "Kioxia"
    f = _one(facts, "15,000百万円")
    assert (f.fiscal_year, f.stage, f.instrument) == (2023, "supplementary", "subsidy")
    f = _one(facts, "39,300百万円")
    assert f.kind == "cumulative_total" and f.fiscal_year is None
    assert f.sector != "mixed" and f.stage != "draft"


# --- 5. programme envelopes and awards -----------------------------------------------------------


def test_programme_envelope_is_a_total_budget_and_a_final_award_is_announced():
    text = (
        "The Commerce Department finalized an award of up to $1.2 billion in direct funding to "
        "GlobalFoundries for its New York fab, alongside up to $400 million in proposed loans.\n"
        "The CHIPS and Science Act provided $39 billion for manufacturing incentives.\n"
    )
    facts = _facts(text)
    envelope = _one(facts, "$39 billion")
    assert envelope.kind == "total_budget"
    assert envelope.stage != "draft"
    for aw in ("$1.2 billion", "$400 million"):
        f = _one(facts, aw)
        assert f.kind == "allocation" and f.stage == "announced", aw


def test_draft_budget_stage_is_kept():
    text = "The cabinet approved a draft budget that includes ¥320 billion in subsidies for chip plants.\n"
    f = _one(_facts(text, default_government="Japan"), "¥320 billion")
    assert f.stage == "draft"

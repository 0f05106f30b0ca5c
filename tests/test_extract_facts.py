"""extract_facts on short articles written for these tests (English and Japanese)."""

from datetime import date

import pytest

from pipelines.lib.extract import extract_facts, fact_id

BUDGET_KINDS = {"allocation", "cumulative_total", "total_budget", "change", "bond", "conversion"}

JAPAN_EN = """Japan to lift chip and AI spending

TOKYO, Dec 20 - Japan's industry ministry plans to set aside about ¥1.23 trillion ($7.9 billion) for \
advanced chips and AI in the fiscal year starting in April. The ministry's overall budget will rise about \
50% to ¥3.07 trillion. Of the chip money, ¥150 billion will go to Rapidus as state investment, bringing \
the government's total investment in the foundry to ¥250 billion. A further ¥5 billion is earmarked for \
critical minerals stockpiling."""

JAPAN_JA = """経産省、半導体・AIに1兆2000億円要求

経済産業省は2026年度予算の概算要求で、半導体・AI分野に1兆2000億円を計上した。前年度より3000億円増える。\
ラピダスには新たに1500億円を出資し、国の出資は累計2500億円となる。日本貿易保険(NEXI)には交付国債1兆7800億円を措置する。\
脱炭素分野では、GX経済移行債を財源に水素関連の補助金として約800億円を盛り込んだ。"""


def by_text(facts, as_written, kind=None):
    found = [f for f in facts if f.as_written == as_written and (kind is None or f.kind == kind)]
    assert len(found) == 1, (as_written, [(f.as_written, f.kind) for f in facts])
    return found[0]


@pytest.fixture(scope="module")
def japan_en():
    return extract_facts(JAPAN_EN, document="japan-en", published=date(2025, 12, 20))


def test_english_japan_budget_kinds_and_roles(japan_en):
    alloc = by_text(japan_en, "¥1.23 trillion")
    assert (alloc.amount, alloc.currency, alloc.kind, alloc.sector) == (
        1_230_000_000_000,
        "JPY",
        "allocation",
        "mixed",
    )
    assert alloc.qualifier == "approx"
    assert (alloc.government, alloc.agency) == ("Japan", "METI")
    assert (alloc.fiscal_year, alloc.fiscal_year_basis) == (2026, "inferred")

    total = by_text(japan_en, "¥3.07 trillion")
    assert total.kind == "total_budget"
    change = by_text(japan_en, "50%")
    assert (change.kind, change.percent, change.amount, change.currency) == ("change", 50.0, None, None)

    equity = by_text(japan_en, "¥150 billion")
    assert (equity.kind, equity.recipient, equity.instrument, equity.sector) == (
        "allocation",
        "Rapidus",
        "equity",
        "semiconductors",
    )
    cumulative = by_text(japan_en, "¥250 billion")
    assert (cumulative.kind, cumulative.recipient) == ("cumulative_total", "Rapidus")

    minerals = by_text(japan_en, "¥5 billion")
    assert (minerals.kind, minerals.sector) == ("allocation", "critical_minerals")


def test_conversion_links_to_the_converted_figure(japan_en):
    yen = by_text(japan_en, "¥1.23 trillion")
    usd = by_text(japan_en, "$7.9 billion")
    assert usd.kind == "conversion"
    assert usd.converts == yen.fact_id
    assert (usd.sector, usd.recipient, usd.fiscal_year) == (yen.sector, yen.recipient, yen.fiscal_year)
    assert (usd.amount_jpy, usd.amount_usd) == (1_230_000_000_000, 7_900_000_000)
    assert yen.amount_jpy is None and yen.amount_usd is None


def test_offsets_sentences_and_ids(japan_en):
    for f in japan_en:
        assert JAPAN_EN[f.start : f.end] == f.as_written
        assert f.as_written in f.sentence
        assert f.fact_id == fact_id("japan-en", f.start, f.end, f.kind)
        assert 0.0 <= f.confidence <= 1.0
    again = extract_facts(JAPAN_EN, document="japan-en", published=date(2025, 12, 20))
    assert [f.fact_id for f in again] == [f.fact_id for f in japan_en]
    assert len({f.fact_id for f in japan_en}) == len(japan_en)


def test_japanese_request_document():
    facts = extract_facts(JAPAN_JA, document="ja", published=date(2025, 8, 29))
    # a running total (累計2500億円) has a year only when its own sentence names one
    dated = [f for f in facts if f.kind != "cumulative_total"]
    assert {f.fiscal_year for f in dated} == {2026}
    assert {f.fiscal_year_basis for f in dated} == {"stated"}
    assert by_text(facts, "2500億円").fiscal_year is None
    assert {f.stage for f in facts} == {"request"}

    envelope = by_text(facts, "1兆2000億円")
    assert envelope.sector == "mixed" and envelope.kind in ("allocation", "total_budget")
    assert envelope.agency == "METI"
    rise = by_text(facts, "3000億円")
    assert (rise.kind, rise.amount, rise.percent) == ("change", 300_000_000_000, None)
    equity = by_text(facts, "1500億円")
    assert (equity.kind, equity.instrument, equity.recipient) == ("allocation", "equity", "Rapidus")
    cumulative = by_text(facts, "2500億円")
    assert (cumulative.kind, cumulative.recipient) == ("cumulative_total", "Rapidus")
    bond = by_text(facts, "1兆7800億円")
    assert (bond.kind, bond.instrument, bond.recipient, bond.sector) == (
        "bond",
        "bond",
        "NEXI",
        "export_insurance",
    )
    hydrogen = by_text(facts, "800億円")
    assert (hydrogen.kind, hydrogen.sector, hydrogen.instrument, hydrogen.qualifier) == (
        "allocation",
        "decarbonization",
        "subsidy",
        "approx",
    )


def test_japanese_percent_change_and_part_of():
    text = (
        "文部科学省は2025年度予算案で、次世代の人工知能研究に前年度比12%増の350億円を計上した。"
        "このうち100億円は理化学研究所の計算資源の整備に充てる。"
    )
    facts = extract_facts(text, document="mext", published=date(2024, 12, 27))
    pct = by_text(facts, "12%")
    main = by_text(facts, "350億円")
    part = by_text(facts, "100億円")
    assert (pct.kind, pct.percent, pct.recipient) == ("change", 12.0, main.recipient)
    assert (main.kind, main.sector, main.stage, main.fiscal_year) == ("allocation", "ai", "draft", 2025)
    assert (part.kind, part.recipient, part.fiscal_year) == ("allocation", "RIKEN", 2025)


def test_us_award_loan_and_private_spending():
    text = (
        "The Commerce Department said on Monday it will award up to $3 billion in CHIPS Act grants to Micron "
        "for a new memory fab in New York, plus up to $1.2 billion in loans. Micron plans to spend "
        "$100 billion over 20 years. ($1 = 0.92 euros)"
    )
    facts = extract_facts(text, document="us", published=date(2024, 4, 25))
    grant = by_text(facts, "$3 billion")
    assert (grant.kind, grant.instrument, grant.qualifier, grant.recipient, grant.agency) == (
        "allocation",
        "subsidy",
        "up_to",
        "Micron",
        "Department of Commerce",
    )
    assert grant.stage == "announced" and grant.fiscal_year is None
    loan = by_text(facts, "$1.2 billion")
    assert (loan.kind, loan.instrument) == ("allocation", "loan")
    assert by_text(facts, "$100 billion").kind == "other"
    assert not [f for f in facts if f.as_written in ("$1", "0.92 euros")]


def test_bare_dollar_on_a_canadian_government_release():
    text = (
        "News release\n\nMarch 3, 2025 - Ottawa, Ontario\n\nThe Government of Canada today announced "
        "$120 million for the National Research Council's new semiconductor packaging line, and a further "
        "$45 million through the Strategic Innovation Fund to help small firms scale up chip design."
    )
    facts = extract_facts(text, document="ca", url="https://www.canada.ca/en/news/2025/03/chips.html")
    assert {f.currency for f in facts} == {"CAD"}
    assert by_text(facts, "$120 million").recipient == "National Research Council of Canada"
    assert by_text(facts, "$45 million").recipient == "Strategic Innovation Fund"
    assert {f.government for f in facts} == {"Canada"}


def test_same_surface_different_figures_and_double_conversion():
    text = (
        "Singapore will top up the National Productivity Fund by S$2 billion, the finance minister said in "
        "his budget speech on Tuesday. He also announced a new S$2 billion fund for grid upgrades, and "
        "S$300 million (US$224 million or RM1 billion) for a quantum computing centre."
    )
    facts = extract_facts(text, document="sg", published=date(2025, 2, 18))
    twos = [f for f in facts if f.as_written == "S$2 billion"]
    assert len(twos) == 2
    assert {f.recipient for f in twos} == {"National Productivity Fund", "fund for grid upgrades"}
    base = by_text(facts, "S$300 million")
    usd, myr = by_text(facts, "US$224 million"), by_text(facts, "RM1 billion")
    assert usd.kind == myr.kind == "conversion"
    assert usd.converts == myr.converts == base.fact_id
    assert (usd.currency, myr.currency) == ("USD", "MYR")
    assert {f.fiscal_year for f in facts} == {2025}
    assert {f.fiscal_year_basis for f in facts} == {"inferred"}


def test_headline_repeat_is_one_fact():
    text = (
        "Germany backs Intel plant with 10bn euros\n\n"
        "Berlin agreed on 10bn euros in subsidies for Intel's plant."
    )
    facts = extract_facts(text, document="de")
    assert len(facts) == 1
    assert (facts[0].kind, facts[0].recipient, facts[0].government) == ("allocation", "Intel", "Germany")


def test_ranges_carry_amount_max():
    text = "Texas will receive between $2 billion and $3 billion in federal chip subsidies, officials said."
    (fact,) = extract_facts(text, document="range")
    assert (fact.amount, fact.amount_max, fact.kind, fact.instrument) == (
        2_000_000_000,
        3_000_000_000,
        "allocation",
        "subsidy",
    )


def test_indian_outlay_and_breakdown():
    text = (
        "New Delhi: The Union Cabinet approved a Rs 10,000 crore outlay for the national AI compute mission, "
        "with Rs 4,500 crore for GPU clusters and Rs 2,000 crore for startups. Private firms are expected to "
        "invest Rs 25,000 crore in data centres."
    )
    facts = extract_facts(text, document="in")
    assert by_text(facts, "Rs 10,000 crore").kind == "total_budget"
    gpu = by_text(facts, "Rs 4,500 crore")
    assert (gpu.kind, gpu.recipient, gpu.sector) == ("allocation", "GPU clusters", "ai")
    assert by_text(facts, "Rs 2,000 crore").recipient == "startups"
    assert by_text(facts, "Rs 25,000 crore").kind == "other"


def test_taiwan_percent_rise_next_year():
    text = (
        "Taipei, Aug 22 - The Executive Yuan proposed raising the science and technology budget by 8 percent "
        "next year to NT$160 billion, including NT$20 billion for AI and chip research."
    )
    facts = extract_facts(text, document="tw", published=date(2024, 8, 22))
    pct = by_text(facts, "8 percent")
    total = by_text(facts, "NT$160 billion")
    part = by_text(facts, "NT$20 billion")
    assert (pct.kind, pct.percent, pct.fiscal_year, pct.fiscal_year_basis) == (
        "change",
        8.0,
        2025,
        "inferred",
    )
    assert (total.kind, total.currency, total.government, total.stage) == (
        "total_budget",
        "TWD",
        "Taiwan",
        "draft",
    )
    assert (part.kind, part.sector, part.recipient) == ("allocation", "mixed", "AI and chip research")


DISTRACTORS = [
    (
        "Acme Semiconductor reported quarterly net profit of $2.1 billion, up 35% from a year earlier, on "
        "revenue of $9.8 billion. The global chip market is forecast to reach $700 billion next year."
    ),
    (
        "The AI start-up Foo raised $600 million in a late-stage funding round that valued it at "
        "$12 billion, nearly tripling its valuation. SoftBank agreed to acquire a rival chip designer "
        "for $1.5 billion."
    ),
    "同社の昨年度の決算は、売上高が前の年度より20%増えて2兆1000億円、営業利益は4500億円でした。時価総額は15兆円を超えました。",
    (
        "Shares of the memory maker closed at 726,000 won, up 4% (30,000 won), lifting its market "
        "capitalisation to 528 trillion won, an increase of about 22 trillion won."
    ),
]


@pytest.mark.parametrize("text", DISTRACTORS)
def test_distractors_give_no_budget_facts(text):
    facts = extract_facts(text, document="d", published=date(2025, 5, 1))
    assert facts, "the money is still reported, as kind other"
    assert {f.kind for f in facts} == {"other"}
    assert all(f.confidence <= 0.3 for f in facts)
    assert all(f.percent is None for f in facts)


def test_bonds_and_guarantee_capacity():
    text = (
        "政府は日本貿易保険(NEXI)に最大3兆円の交付国債を付与し、令和8年度にはそのうち1兆7,800億円を措置する。"
        "これによりNEXIは最大50兆円規模の保証を提供できる。"
    )
    facts = extract_facts(text, document="nexi", published=date(2025, 12, 23))
    assert by_text(facts, "3兆円").kind == "bond"
    part = by_text(facts, "1兆7,800億円")
    assert (part.kind, part.fiscal_year, part.recipient) == ("bond", 2026, "NEXI")
    assert by_text(facts, "50兆円").kind == "other"


def test_empty_and_figure_free_text():
    assert extract_facts("", document="x") == []
    assert extract_facts("No figures here.", document="x") == []


def _kind_of(text, as_written, published=date(2025, 3, 1)):
    return by_text(extract_facts(text, document="t", published=published), as_written).kind


def test_weak_cost_words_yield_to_a_government_payer():
    text = (
        "The ministry of trade has now signed binding grant agreements worth more than $12 billion "
        "with chipmakers, officials said. Separately, the state runs a 12-year plan with an estimated "
        "NT$150 billion in public money for factory automation."
    )
    facts = extract_facts(text, document="t", published=date(2025, 3, 1))
    assert by_text(facts, "$12 billion").kind == "cumulative_total"
    assert by_text(facts, "NT$150 billion").kind == "total_budget"


def test_company_cost_stays_other():
    text = "The company said the new fab will cost $20 billion and open in 2027."
    assert _kind_of(text, "$20 billion") == "other"


def test_programme_envelope_and_law_provisions():
    text = (
        "Plants are backed by the ₹50,000-crore National Battery Mission, officials said. "
        "The 2021 law set aside $25 billion for factory grants."
    )
    facts = extract_facts(text, document="t", published=date(2025, 3, 1))
    assert by_text(facts, "₹50,000-crore").kind == "total_budget"
    assert by_text(facts, "$25 billion").kind == "total_budget"


def test_base_of_a_rise_keeps_the_kind_of_the_line():
    text = (
        "Berlin agreed on subsidies of €4.2 billion for the plant, up from the €3.1 billion originally "
        "offered, for a project whose total cost rose to €15 billion."
    )
    facts = extract_facts(text, document="t", published=date(2025, 3, 1))
    assert by_text(facts, "€3.1 billion").kind == by_text(facts, "€4.2 billion").kind == "allocation"
    assert by_text(facts, "€15 billion").kind == "other"


def _changes(text, published=date(2025, 3, 1)):
    facts = extract_facts(text, document="t", published=published)
    return {f.as_written: f.percent for f in facts if f.kind == "change"}


def test_comparative_percent_changes():
    text = (
        "The agency finalized a $2.5 billion grant to Acme Chips, about 18% less than the $3.05 billion "
        "agreed in a preliminary deal. The new support package, about 35 percent bigger than last year's, "
        "provides 12 trillion won in loans. Officials said the cut, of roughly 9%, followed talks."
    )
    changes = _changes(text)
    assert changes.get("18%") == -18.0
    assert changes.get("35 percent") == 35.0


def test_change_in_the_next_sentence_and_ratio_measures():
    text = (
        "政府は来年度予算案で、次世代炉の研究開発に約百二十億円を充てる。前年度比で約三割の増額となる。"
        "国債の入札では応札倍率は２．８倍だった。"
    )
    changes = _changes(text, published=date(2024, 12, 27))
    assert changes == {"三割": 30.0}


def _sectors(text, published=date(2024, 12, 28)):
    return {f.as_written: f.sector for f in extract_facts(text, document="t", published=published)}


def test_whole_government_lines_do_not_take_the_document_sector():
    text = (
        "政府、半導体とAIに重点 来年度予算案\n\n"
        "政府は二十七日、来年度予算案を閣議決定した。半導体の量産支援に三千億円を計上した。"
        "一般会計の総額は百十兆円で、過去最大となった。社会保障費は三十七兆円に膨らんだ。"
    )
    sectors_of = _sectors(text)
    assert sectors_of["三千億円"] == "semiconductors"
    assert sectors_of["百十兆円"] == sectors_of["三十七兆円"] == "other"


def test_batteries_are_energy_and_quantum_is_science():
    text = (
        "経済産業省は蓄電池の製造基盤強化に2,000億円を充てる。"
        "The government also commits £1.5bn to a national quantum programme and £700m for an exascale "
        "supercomputer."
    )
    sectors_of = _sectors(text + "電動車用リチウムイオン電池の増産に助成上限額400億円。")
    assert sectors_of["2,000億円"] == sectors_of["400億円"] == "energy"
    assert sectors_of["£1.5bn"] == sectors_of["£700m"] == "science"


def _kinds(text, published=date(2024, 2, 14)):
    return {f.as_written: f.kind for f in extract_facts(text, document="t", published=published)}


def test_japanese_sums_bonds_totals_and_running_totals():
    kinds = _kinds(
        "財務省は１４日、移行債の入札を実施し、５年債を６０００億円発行した。"
        "２４年度の発行額は当初予算分の０．７兆円と補正予算分の０．９兆円を合わせた計１兆６０００億円となる。"
        "経済産業省は、蓄電池の製造基盤の確保に向けて、合計4,210億円を計上しています。"
        "政府は第1工場にも最大3000億円を補助しており、2つの工場への支援は合わせて6500億円に上ります。"
    )
    assert kinds["６０００億円"] == kinds["０．７兆円"] == kinds["０．９兆円"] == "bond"
    found = extract_facts(
        "ＧＸ経済移行債の入札を実施した。２４年度の発行額は当初予算分の０．７兆円と補正予算分の０．９兆円を"
        "合わせた計１兆６０００億円となる。欧州連合は最大２５００億ユーロのグリーンボンドを発行する。",
        document="t",
        published=date(2024, 2, 14),
    )
    recipients = {f.as_written: f.recipient for f in found}
    assert recipients["０．７兆円"] == recipients["１兆６０００億円"] == "GX Economy Transition Bonds"
    assert recipients["２５００億ユーロ"] != "GX Economy Transition Bonds"
    assert kinds["１兆６０００億円"] == "bond"
    assert kinds["4,210億円"] == "total_budget"
    assert kinds["6500億円"] == "cumulative_total"


def test_programme_names_next_to_a_figure_are_its_recipient():
    text = (
        "The Union Cabinet on Thursday approved the National Quantum Mission with a total outlay of "
        "Rs 6,003.65 crore. The interim budget had already set aside Rs 480 crore for the programme. "
        "There will also be up to $40 million in CHIPS funding used to train workers."
    )
    facts = {f.as_written: f.recipient for f in extract_facts(text, document="t", published=date(2024, 3, 8))}
    assert facts["Rs 6,003.65 crore"] == "National Quantum Mission"
    assert facts["Rs 480 crore"] == "National Quantum Mission"
    assert facts.get("$40 million") != "CHIPS fund"


def test_ratio_to_a_base_figure_describes_what_kore_points_back_to():
    text = (
        "令和4年度第2次補正予算が成立しました。経済産業省は、半導体の技術開発に向けて、合計9,000億円を計上しています。"
        "これは令和3年度補正予算で措置した6,000億円の約1.5倍にあたります。"
    )
    found = extract_facts(text, document="t", published=date(2022, 12, 5))
    ratio = next(f for f in found if f.kind == "change")
    assert (ratio.percent, ratio.fiscal_year, by_text(found, "6,000億円").fiscal_year) == (50.0, 2022, 2021)


def test_a_governments_its_is_not_a_company_anaphor():
    text = (
        "Intel said it would delay its Irish fab. The government published its national battery "
        "strategy in May, promising up to £800m over the next decade, with up to £150m of that to be "
        "spent between 2024 and 2026."
    )
    found = {
        f.as_written: f.recipient for f in extract_facts(text, document="t", published=date(2024, 5, 20))
    }
    assert found["£800m"] == found["£150m"] == "battery strategy"


def test_a_deal_pointed_back_to_keeps_its_public_parts():
    kinds = _kinds(
        "The ministry has signed its third subsidy award this year with a battery maker. "
        "That agreement, worth up to $240 million, includes about $140 million for a cathode plant in Ohio "
        "and about $100 million for a line in Georgia."
    )
    assert kinds["$140 million"] == kinds["$100 million"] == "allocation"
    assert kinds["$240 million"] != "other"
    private = _kinds("The miner agreed to buy a rival. That deal, worth $3 billion, closes soon.")
    assert private["$3 billion"] == "other"


def test_the_largest_deal_to_date_is_not_a_running_total():
    kinds = _kinds(
        "The agency's biggest hydrogen deal to date is the $1.2 billion loan it closed in March for a "
        "Texas electrolyser plant. The agency has lent $4 billion to clean-energy projects so far."
    )
    assert kinds["$1.2 billion"] == "allocation"
    assert kinds["$4 billion"] == "cumulative_total"


def test_energy_transition_and_compute_vocabulary():
    sectors_of = _sectors(
        "経済産業省は、ペロブスカイト太陽電池の量産工場に最大900億円を補助する。"
        "アンモニアの受け入れ港湾の整備に80億円を要求する。"
        "地方のスタートアップ、サンプル計算に最大30億円を補助し、GPUサーバーを整備する。"
    )
    assert sectors_of["900億円"] == sectors_of["80億円"] == "decarbonization"
    assert sectors_of["30億円"] == "ai"
    english = _sectors(
        "The department offered a $200 million loan for a battery recycling plant. "
        "A further $90 million goes to floating offshore wind demonstrations."
    )
    assert english["$200 million"] == "critical_minerals"
    assert english["$90 million"] == "decarbonization"


def test_a_marked_fall_in_prose_is_a_negative_change():
    found = extract_facts(
        "令和７年度予算案の主な事業は次のとおり。\n"
        "・地域の省エネ診断事業　６０億円（前年度９０億円、▲３０億円）",
        document="t",
        published=date(2024, 12, 27),
    )
    fall = [f for f in found if f.kind == "change"]
    assert [(f.amount, f.currency) for f in fall] == [(-3_000_000_000, "JPY")]
    assert {f.amount for f in found if f.kind != "change"} >= {6_000_000_000}


def test_a_base_figure_has_the_kind_of_the_figure_that_changed():
    ja = _kinds(
        "政府は１９日、来年度の財政投融資計画で、石油天然ガス機構の鉱山出資に８００億円を計上した。"
        "今年度当初計画の５３０億円から５割増える。\n\n"
        "・港湾の水素受け入れ拠点整備事業　９０億円（前年度７０億円、＋２０億円）"
    )
    assert ja["５３０億円"] == ja["８００億円"]
    assert ja["７０億円"] == ja["９０億円"]
    en = _kinds(
        "The Union Budget set aside Rs 2,000 crore for the battery storage scheme, "
        "up from a revised estimate of Rs 300 crore a year earlier."
    )
    assert en["Rs 300 crore"] == en["Rs 2,000 crore"] != "other"


def test_an_account_a_sum_put_in_and_money_added_up():
    kinds = _kinds(
        "来年度予算案で、国土交通省所管の予算総額は７，０００億円となった。"
        "うち自動車安全特別会計は９００億円で、前年度並みとした。"
        "来年度予算案では、港湾の脱炭素化など関連経費に計３１０億円を盛り込んだ。"
        "同社は昨年も４０億円の補助を受けており、今回の分と合わせると国の支援は最大で２１０億円にのぼる。"
    )
    assert kinds["９００億円"] == kinds["３１０億円"] == "total_budget"
    assert kinds["２１０億円"] == "cumulative_total"


def test_of_that_names_a_part_of_the_figure_before():
    kinds = _kinds(
        "The state published its hydrogen plan in June, promising up to €3bn over the next decade, "
        "with up to €400m of that to be spent by 2026."
    )
    assert kinds["€400m"] == "allocation"


def test_money_handed_to_someone_unnamed_is_an_allocation():
    kinds = _kinds(
        "The foundation named eight new ocean-science hubs on Monday. "
        "Each new hub will receive about $15 million over four years. "
        "Texas has offered roughly $700 million in state incentives for the site. "
        "The loan office signed its second battery award in March. "
        "That award, worth up to $310 million, covers two cell lines."
    )
    assert kinds["$15 million"] == kinds["$700 million"] == kinds["$310 million"] == "allocation"


def test_a_programme_line_in_a_bulleted_japanese_budget_list_is_an_allocation():
    kinds = _kinds(
        "本日閣議決定された令和７年度予算案において、国土交通省所管の予算総額は５，１００億円となった。\n\n"
        "２．主要事項\n"
        "・工場等の省ＣＯ２化加速事業　２１０億円（▲１５億円）\n"
        "・合計　９８０億円\n",
        published=date(2024, 12, 27),
    )
    assert kinds["２１０億円"] == "allocation"
    assert kinds["９８０億円"] != "allocation"


def test_an_outlay_across_many_sectors_is_mixed():
    sectors_of = _sectors(
        "The government's output-linked grants carry a combined outlay of Rs 90,000 crore across 11 "
        "sectors, including textiles, drones and solar modules."
    )
    assert sectors_of["Rs 90,000 crore"] == "mixed"


def test_percent_opening_brackets_after_a_figure_is_its_change():
    text = (
        "文部科学省は令和７年度予算案で、科学技術関係の予算総額を８，１００億円（前年度比▲０．６％）とした。"
        "うち宇宙開発の特別枠は６２０億円（同＋４．５％）で、人材育成には９０億円（前年度比１２％増）を充てる。"
    )
    facts = extract_facts(text, document="t", published=date(2024, 12, 27))
    for pct, value, base in (("▲０．６％", -0.6, "８，１００億円"), ("＋４．５％", 4.5, "６２０億円")):
        f = by_text(facts, pct, "change")
        assert f.percent == value
        assert f.fiscal_year == by_text(facts, base).fiscal_year == 2025
    assert by_text(facts, "１２％", "change").percent == 12.0
    english = "The ministry's science budget is $6.2 billion (+3.4% year on year), its space line $900m."
    assert _changes(english).get("+3.4%") == 3.4


def test_expected_spending_of_a_fund_is_a_budget_figure():
    text = (
        "研究基金からの支出は事業の本格化に伴って増えている。経済産業省によると、今年度の支出見込み額は"
        "１８００億円で、前年度比３５％増える見通しだ。"
    )
    facts = extract_facts(text, document="t", published=date(2024, 2, 10))
    assert by_text(facts, "１８００億円").kind != "other"
    assert by_text(facts, "３５％").kind == "change"


def test_distribution_and_budget_request_words_make_budget_figures():
    text = "米国エネルギー省は民間企業を支援する制度を設け、初年度に６社へ計３２００万ドルを配分した。"
    facts = extract_facts(text, document="t", published=date(2024, 6, 1))
    assert by_text(facts, "３２００万ドル").kind != "other"
    text = (
        "NASA's budget is growing. The agency's FY2025 request of $27.2 billion would be a 2% increase over "
        "its FY2024 enacted level of $24.9 billion."
    )
    facts = extract_facts(text, document="t", published=date(2024, 3, 12))
    assert by_text(facts, "$27.2 billion").kind != "other"
    assert by_text(facts, "$24.9 billion").kind != "other"
    assert by_text(facts, "2%").kind == "change"


def test_private_party_receiving_the_money_and_the_centre_bearing_a_share():
    text = (
        "Rome has moved part of its chip budget to design centres, including €600 million for a "
        "public-private venture to design processors in Italy."
    )
    facts = extract_facts(text, document="t", published=date(2024, 9, 3))
    assert by_text(facts, "€600 million").kind != "other"
    text = (
        "Under the chip packaging scheme, the Centre will bear 50 per cent of the project cost, about "
        "Rs 9,000 crore, while the state government will provide incentives of 20 per cent."
    )
    facts = extract_facts(text, document="t", published=date(2024, 9, 3))
    assert by_text(facts, "Rs 9,000 crore").kind != "other"


def test_a_whole_ministry_budget_is_mixed_whatever_its_name_says():
    sectors_of = _sectors(
        "脱炭素予算、前年並み\n\n"
        "令和７年度予算案で、環境省所管の予算総額は４，１１０億円となった。"
        "うち水素の関連事業に３２０億円を計上した。"
    )
    assert sectors_of["４，１１０億円"] == "mixed"
    assert sectors_of["３２０億円"] == "decarbonization"


def test_a_whole_extra_budget_or_lending_plan_has_no_sector():
    sectors_of = _sectors(
        "Seoul adds chip money\n\n"
        "The government will spend 3 trillion won on chip plants. It will also submit a 9.1 trillion "
        "won extra budget to parliament next week."
    )
    assert sectors_of["3 trillion won"] == "semiconductors"
    assert sectors_of["9.1 trillion won"] == "other"
    sectors_of = _sectors(
        "重要鉱物の確保に出資\n\nレアアースの権益確保に４００億円を出資する。財投計画の総額は１１兆５０００億円となる。"
    )
    assert sectors_of["１１兆５０００億円"] == "other"


def test_an_including_aside_does_not_set_the_row_sector():
    sectors_of = _sectors(
        "エネルギー関連予算\n\n令和７年度予算案の主要事項（単位：億円）\n"
        "事項　／　令和７年度予算案　／　令和６年度当初\n"
        "（１）洋上風力の導入促進（原子力の研究開発を含む）　４３０　／　３９０\n",
        published=date(2024, 12, 27),
    )
    assert sectors_of["４３０"] == "decarbonization"


def test_the_agency_and_the_base_of_its_rise_name_the_agency_of_the_text():
    text = (
        "Science agency seeks more for labs\n\n"
        "The National Science Foundation will open two new quantum centres with $60 million, the "
        "company Acme said on Monday. The agency's FY2025 request of $10.2 billion would be a 7.4% "
        "increase over its FY2024 enacted level of $9.5 billion."
    )
    facts = extract_facts(text, document="t", published=date(2024, 3, 12))
    request = by_text(facts, "$10.2 billion")
    assert (request.kind, request.sector, request.recipient) == (
        "total_budget",
        "science",
        "National Science Foundation",
    )
    assert by_text(facts, "$9.5 billion").recipient == "National Science Foundation"


def test_its_spending_belongs_to_the_company_named_before_it_not_to_the_sentence_subject():
    text = (
        "The department confirmed a $4.2 billion grant in May, after Hanwell Semiconductor trimmed its "
        "planned spending at the site to $21 billion."
    )
    facts = extract_facts(text, document="t", published=date(2025, 6, 1))
    assert by_text(facts, "$4.2 billion").kind == "allocation"
    assert by_text(facts, "$21 billion").kind == "other"

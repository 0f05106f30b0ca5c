"""General typing rules of the extractor: fiscal years from deadlines, later sentences and part-of
phrases; recipients from programme anaphora, Japanese purpose/topic phrases and "respectively" lists.

The sentences are written for these tests (not taken from any corpus).
"""

from __future__ import annotations

from datetime import date

from pipelines.lib.extract import extract_facts


def _facts(text: str, published: date | None = None, **kw):
    return {f.as_written: f for f in extract_facts(text, document="t", published=published, **kw)}


# --- fiscal years -------------------------------------------------------------------------------


def test_deadline_in_the_coming_budget_year_names_that_year():
    text = (
        "Seoul announced on Monday that it will provide 9.1 trillion won in low-interest loans "
        "to battery makers by 2026, the trade ministry said."
    )
    f = _facts(text, published=date(2025, 11, 3))["9.1 trillion won"]
    assert f.fiscal_year == 2026
    assert f.fiscal_year_basis == "stated"


def test_far_deadline_is_a_horizon_without_a_budget_year():
    text = "The government plans to invest 7 trillion won by 2032 in a national quantum computing centre."
    f = _facts(text, published=date(2025, 11, 3))["7 trillion won"]
    assert f.fiscal_year is None


def test_deadline_without_publication_date_gives_no_year():
    text = "Seoul will provide 9.1 trillion won in low-interest loans to battery makers by 2026."
    assert _facts(text)["9.1 trillion won"].fiscal_year is None


def test_year_stated_in_the_following_sentence_without_a_figure():
    text = (
        "The ministry wants to grant 400 billion yen in subsidies for a new memory plant in Mie.\n\n"
        "The government will set aside the funds in the fiscal 2024 supplementary budget, officials said."
    )
    f = _facts(text)["400 billion yen"]
    assert f.fiscal_year == 2024
    assert f.fiscal_year_basis == "stated"


def test_following_sentence_with_its_own_figure_does_not_lend_its_year():
    text = (
        "Chipmakers are lining up for state help. Talks with the ministry began in spring.\n\n"
        "The ministry wants to grant 400 billion yen in subsidies for a new memory plant in Mie. "
        "Separately, the fiscal 2019 budget gave 20 billion yen to a research consortium."
    )
    assert _facts(text)["400 billion yen"].fiscal_year is None


def test_japanese_source_of_funds_sentence_dates_the_figure():
    text = (
        "経済産業省は、量子コンピューター開発のため新会社に追加で900億円を支給すると発表した。"
        "先端技術基盤の整備事業として24年度補正予算で確保した5000億円から支出する。"
    )
    f = _facts(text)["900億円"]
    assert f.fiscal_year == 2024


def test_year_that_introduces_a_part_names_the_part_only():
    text = "政府は蓄電池基金に総額最大2兆円を措置し、令和7年度にはそのうち6,000億円を計上する。"
    facts = _facts(text)
    assert facts["6,000億円"].fiscal_year == 2025
    assert facts["2兆円"].fiscal_year is None


# --- recipients ---------------------------------------------------------------------------------


def test_funding_phrase_is_not_a_recipient_and_anaphor_names_the_programme():
    text = (
        "The cabinet approved the National Critical Mineral Mission with an outlay of Rs 20,000 crore "
        "on Tuesday.\n\n"
        "Of the total spending on the mission, Rs 9,000 crore will be allocated for budgetary support, "
        "the minister said."
    )
    f = _facts(text)["Rs 9,000 crore"]
    assert f.recipient == "National Critical Mineral Mission"


def test_figure_without_pointer_does_not_borrow_a_programme():
    text = (
        "The cabinet approved the National Critical Mineral Mission on Tuesday.\n\n"
        "Separately, the overall science budget was raised to Rs 9,000 crore."
    )
    assert _facts(text)["Rs 9,000 crore"].recipient != "National Critical Mineral Mission"


def test_japanese_purpose_phrase_with_nota_me():
    text = (
        "文部科学省は、量子計算機の研究開発事業のため今年度補正予算で確保した300億円を充てる。"
        "同省によると、大学や企業などと協力して開発を進めるという。"
    )
    assert _facts(text)["300億円"].recipient == "quantum computer R&D"  # 量子計算機の研究開発事業


def test_japanese_topic_body_receives_the_money():
    text = "理化学研究所では、次世代スーパーコンピューターの開発に約50億円を盛り込んだ。"
    assert _facts(text)["50億円"].recipient == "RIKEN"


def test_japanese_name_inside_an_aside_is_not_the_recipient():
    text = (
        "研究用の加速器施設(理化学研究所などと共同で運営する大型の施設)を活用した人材育成事業には、"
        "約十二億円を充てる。"
    )
    assert _facts(text)["十二億円"].recipient != "RIKEN"


def test_japanese_respectively_list_matches_names_and_figures_in_order():
    text = "「量子技術の実証事業」、「全固体電池の開発事業」についても、それぞれ、30億円、20億円を要求した。"
    facts = _facts(text)
    assert facts["30億円"].recipient == "quantum technology demonstration"
    assert facts["20億円"].recipient == "all-solid-state battery development"


def test_english_respectively_list_of_named_recipients():
    text = (
        "The ministry awarded Rapidus and Kioxia grants of 90 billion yen and 45 billion yen, respectively."
    )
    facts = _facts(text)
    assert facts["90 billion yen"].recipient == "Rapidus"
    assert facts["45 billion yen"].recipient == "Kioxia"


def test_japanese_percent_rise_describes_the_figure_it_introduces():
    text = (
        "「量子技術の実証事業」、「全固体電池の開発事業」についても、それぞれ、"
        "同10%増の30億円、同25%増の20億円を要求した。"
    )
    facts = _facts(text)
    assert facts["25%"].recipient == facts["20億円"].recipient == "all-solid-state battery development"


def test_policy_announced_in_the_lead_is_what_unnamed_government_figures_fund():
    text = (
        "The Dutch government's new quantum technology strategy puts research first, officials said.\n\n"
        "The government will invest up to €600mn over the next decade in the effort.\n\n"
        "Germany, by contrast, has pledged €3bn."
    )
    facts = _facts(text)
    assert facts["€600mn"].recipient == "quantum technology strategy"
    assert facts["€3bn"].recipient != "quantum technology strategy"


def test_japanese_field_frames_a_ministry_total():
    text = (
        "文部科学省では、宇宙分野で前年度より80億円増の1,200億円を要求。"
        "同省は、ロケットの開発や人材の育成などを進めるとしている。"
    )
    assert _facts(text)["1,200億円"].recipient == "space field"  # 宇宙分野


def test_japanese_phrase_outside_the_glossary_stays_japanese():
    text = (
        "文部科学省では、観光分野で前年度より10億円増の90億円を要求。"
        "同省は、地域の魅力の発信などを進めるとしている。"
    )
    assert _facts(text)["90億円"].recipient == "観光分野"


def test_english_phrase_is_not_cut_after_a_connector():
    text = (
        "The ministry will request 2.4 trillion yen to set up two funds supporting battery production "
        "and research and development of new cells."
    )
    recipient = _facts(text)["2.4 trillion yen"].recipient
    assert recipient == "two funds supporting battery production and research and development"


def test_figure_in_brackets_gives_the_size_of_the_budget_named_before_it():
    text = (
        "The science budget this year will be larger than that in the 2024 fiscal year supplementary "
        "budget (1.1 trillion yen), officials said."
    )
    f = _facts(text)["1.1 trillion yen"]
    assert (f.kind, f.recipient) == ("total_budget", "FY2024 supplementary budget")


def test_bracketed_conversion_or_pointer_back_is_not_a_budget_name():
    facts = _facts("Berlin has pledged €10bn (£8.6bn) to the chip plant built by Intel.")
    assert facts["£8.6bn"].recipient == facts["€10bn"].recipient == "Intel"
    assert (
        _facts("The government will add money to the fund (S$2 billion) next year.")["S$2 billion"].recipient
        is None
    )


# --- repeats: one figure or two -----------------------------------------------------------------


def _all(text: str, published: date | None = None, **kw):
    return extract_facts(text, document="t", published=published, **kw)


def test_same_amount_for_two_named_recipients_is_two_figures():
    text = (
        "The ministry announced its research package on Tuesday.\n"
        "- $30 million for the National Fusion Laboratory, to expand its test facility.\n"
        "- $30 million to establish a new Ocean Robotics Centre in Halifax.\n"
    )
    facts = [f for f in _all(text, date(2025, 3, 4)) if f.amount == 30_000_000]
    assert len(facts) == 2


def test_repeat_of_a_figure_with_a_money_phrase_is_one_figure():
    text = (
        "政府は、蓄電池メーカーの新工場に1200億円を補助すると発表した。"
        "今回の追加補助金1200億円は、製造装置の導入などに充てられる。"
    )
    facts = [f for f in _all(text, date(2025, 5, 1)) if f.amount == 120_000_000_000]
    assert len(facts) == 1


def test_also_before_the_same_amount_marks_another_figure():
    text = (
        "財務省は１２日、１０年物の国債を３０００億円発行した。"
        "２０日には５年物の入札も予定しており、こちらも３０００億円を発行する。"
    )
    facts = [f for f in _all(text, date(2024, 2, 12)) if f.amount == 300_000_000_000]
    assert len(facts) == 2


def test_rounded_headline_restates_the_precise_body_figure():
    text = "県の補助は計2.3兆円に\n\n県は工場への補助を2兆2960億円に増やすと発表した。"
    facts = [f for f in _all(text, date(2024, 2, 24)) if f.kind != "other"]
    assert [f.as_written for f in facts] == ["2兆2960億円"]


def test_almost_restates_the_precise_figure_and_the_precise_one_is_kept():
    text = (
        "The plant's future leaves almost €2.5 billion in promised aid in doubt. "
        "The government had agreed subsidies of €2.46 billion for the site with the chipmaker."
    )
    facts = [f for f in _all(text, date(2024, 9, 17)) if f.currency == "EUR" and f.kind != "other"]
    assert [f.as_written for f in facts] == ["€2.46 billion"]


def test_rounded_figure_beyond_its_rounding_is_another_figure():
    text = "The state set aside about €2.5 billion for chips. It pledged €2.3 billion to batteries."
    eur = [f for f in _all(text, date(2024, 9, 17)) if f.currency == "EUR"]
    assert len(eur) == 2


# --- what a bare $ means ------------------------------------------------------------------------

_AU_STORY = (
    "Canberra will spend A$3.1 billion (US$2 billion) on its clean energy plan, the Australian "
    "government said in its budget. The budget also sets aside $420 million for battery research."
)


def test_bare_dollar_of_a_local_publisher_that_marks_us_dollars_is_its_own():
    facts = _all(_AU_STORY, date(2024, 5, 14), url="https://news.example.com.au/budget")
    assert {f.currency for f in facts if f.amount == 420_000_000} == {"AUD"}


def test_bare_dollar_of_a_foreign_publisher_stays_us_dollars():
    facts = _all(_AU_STORY, date(2024, 5, 14), url="https://news.example.com/budget")
    assert {f.currency for f in facts if f.amount == 420_000_000} == {"USD"}


def test_bare_dollar_after_a_prefixed_local_figure_without_us_marker_is_a_conversion_in_usd():
    text = (
        "Taiwan's cabinet approved NT$300 billion ($9.4 billion) for chip research, "
        "the Taiwan government said."
    )
    facts = _all(text, date(2024, 8, 1), url="https://news.example.com.tw/a")
    assert {f.currency for f in facts if f.amount == 9_400_000_000} == {"USD"}


def test_a_span_dates_its_own_figure_not_the_whole_before_it():
    text = (
        "The government promised up to £2bn over the next decade, with up to £300m of that to be spent "
        "between 2024 and 2026."
    )
    found = extract_facts(text, document="t", published=date(2024, 5, 2))
    facts = {f.as_written: f.fiscal_year for f in found}
    assert facts["£300m"] == 2024
    assert facts["£2bn"] is None


def test_base_year_figure_and_the_change_of_the_new_figure():
    text = (
        "文部科学省は来年度予算の概算要求を発表した。"
        "一般会計の要求総額は４兆８０００億円で、今年度当初予算の４兆３０００億円に比べて１１．６％増えた。"
    )
    found = extract_facts(text, document="t", published=date(2025, 8, 29))
    years = {f.as_written: f.fiscal_year for f in found}
    assert years["４兆３０００億円"] == 2025
    assert years["４兆８０００億円"] == years["１１．６％"] == 2026


def test_previous_year_initial_budget_is_a_comparison_base():
    text = (
        "令和８年度予算案において、同省の予算は約２．５兆円となり、"
        "前年度当初予算に比べ約２０％の増額となった。"
    )
    found = extract_facts(text, document="t", published=date(2025, 12, 26))
    years = {f.as_written: f.fiscal_year for f in found}
    assert years["２．５兆円"] == years["２０％"] == 2026


def test_japanese_deadline_is_not_the_budget_year():
    text = (
        "政府は二〇二四年度予算案を閣議決定した。"
        "政府は三二年度までの八年間で、蓄電池の分野に六兆円以上の公的支援を行う枠組みをまとめた。"
        "欧州連合は２７年までに最大３０００億ユーロのグリーンボンドを発行する。"
    )
    years = {
        f.as_written: f.fiscal_year for f in extract_facts(text, document="t", published=date(2023, 12, 22))
    }
    assert years["六兆円"] is None
    assert years["３０００億ユーロ"] is None


def test_a_part_of_a_named_item_does_not_take_the_last_figures_year():
    text = (
        "令和８年度予算案の概要。令和７年度までに計１兆２０００億円を支援してきた。"
        "ＧＸ推進対策費のうち経済産業省計上分は６，１００億円。"
    )
    years = {
        f.as_written: f.fiscal_year for f in extract_facts(text, document="t", published=date(2025, 12, 26))
    }
    assert years["１兆２０００億円"] == 2025
    assert years["６，１００億円"] == 2026


def test_running_totals_since_a_year_and_without_a_year_of_their_own():
    text = (
        "Since 2019, the federal government has invested more than $3 billion in quantum research. "
        "Since 2022 it has closed more than $40 billion in loans and guarantees."
    )
    kinds = {f.as_written: f.kind for f in extract_facts(text, document="t", published=date(2024, 4, 16))}
    assert kinds["$3 billion"] == kinds["$40 billion"] == "cumulative_total"
    ja = (
        "政府は来年度予算案で同社に１５００億円を出資する。これまでの支援額は計８０００億円で、"
        "文部科学省は先端分野の研究開発費として計３００億円を要求した。"
    )
    found = {f.as_written: f for f in extract_facts(ja, document="t", published=date(2025, 8, 29))}
    assert found["８０００億円"].kind == "cumulative_total" and found["８０００億円"].fiscal_year is None
    assert found["３００億円"].kind != "cumulative_total"


def test_a_deal_dated_last_year_has_no_budget_year_and_parts_take_the_whole_year():
    text = "It had agreed with Rome last year on subsidies of €4.1 billion for the plant."
    found = extract_facts(text, document="t", published=date(2024, 9, 17))
    assert by_text_year(found, "€4.1 billion") is None
    text = (
        "The government will submit a 9.5 trillion won extra budget for 2025 this week. "
        "It includes 3.1 trillion won to help exporters hit by tariffs."
    )
    found = extract_facts(text, document="t", published=date(2025, 4, 15))
    assert by_text_year(found, "3.1 trillion won") == 2025


def by_text_year(facts, as_written):
    return next(f.fiscal_year for f in facts if f.as_written == as_written)


# --- recipients: who gets the money, and no fragments -------------------------------------------


def test_commitment_to_a_company_names_it():
    text = "The loan office offered a $1.2 billion conditional commitment to Orbit Cells last month."
    assert _facts(text)["$1.2 billion"].recipient == "Orbit Cells"


def test_indirect_object_of_lent_is_the_recipient():
    text = "The programme, which Congress created in 2009, lent Helios Batteries $300 million in 2012."
    assert _facts(text)["$300 million"].recipient == "Helios Batteries"


def test_subject_of_receive_is_the_recipient():
    text = "The agency picked five hubs. Each regional hub will receive about $15 million over four years."
    assert _facts(text)["$15 million"].recipient == "Each regional hub"


def test_to_fund_is_a_verb_and_a_quoted_term_stays_in_the_object():
    text = 'In March the ministry added €250 million to fund six "quantum centres" at universities.'
    assert _facts(text)["€250 million"].recipient == "six quantum centres"


def test_a_time_phrase_ends_the_recipient():
    text = "A state bank is offering 4 trillion won in loans to battery makers this year under the plan."
    recipient = _facts(text)["4 trillion won"].recipient
    assert recipient is not None and "year" not in recipient


def test_japanese_pronoun_and_adverb_are_no_recipients():
    text = "政府は基金を設けた。これにより基金の総額は１兆円となった。研究費として既に３００億円を支援した。"
    facts = _facts(text, language="ja")
    assert facts["１兆円"].recipient != "これ"
    assert not (facts["３００億円"].recipient or "").endswith("既")


def test_japanese_list_mark_is_dropped_from_the_recipient():
    text = "環境省の来年度予算の主な事業は次の通り。\n・地熱発電の掘削調査事業　４０億円（新規）\n"
    facts = _facts(text, language="ja")
    assert not facts["４０億円"].recipient.startswith("・")


def test_japanese_same_programme_points_back_to_the_quoted_name():
    text = "政府は「北海道送電網増強事業」を始める。同事業には来年度予算で５００億円を計上した。"
    recipient = _facts(text, language="ja")["５００億円"].recipient
    assert recipient is not None and "同事業" not in recipient


def test_company_named_in_the_sentence_beats_the_one_the_text_named_most():
    text = (
        "Samsung has built two fabs in Texas. Samsung also runs a packaging line there. "
        "The shift came after Micron shelved its €20 billion plant, for which the state had promised "
        "nearly €5 billion."
    )
    assert _facts(text)["€5 billion"].recipient == "Micron"


def test_japanese_description_with_toshite_starts_after_its_case_particle():
    text = "文部科学省は来年度予算の概算要求に量子関連経費として３００億円を盛り込んだ。"
    recipient = _facts(text, language="ja")["３００億円"].recipient
    assert recipient is not None and "要求" not in recipient and "年度" not in recipient


def test_japanese_same_company_is_the_company_named_before():
    text = "ラピダスは北海道で新工場を建設している。政府による同社への出資は累計で１，０００億円となった。"
    assert _facts(text, language="ja")["１，０００億円"].recipient == "Rapidus"


def test_and_another_ends_an_english_recipient():
    text = "The law set aside $20 billion for battery plants and another $5 billion for research."
    assert _facts(text)["$20 billion"].recipient == "battery plants"


def test_bullet_list_takes_the_year_of_its_lead_and_keeps_equal_items_apart():
    text = (
        "Ottawa unveiled its hydrogen plan on Friday.\n\n"
        "The plan is backed by $2.1 billion in federal funding allocated in Budget 2023. It includes:\n\n"
        "- $900 million through the Clean Growth Programme for electrolyser projects;\n"
        "- $900 million for the Hydrogen Hubs Fund, which will build pipelines and storage;\n"
        "- $60.5 million for hydrogen safety research.\n\n"
        "More details\n\n"
        "- The sector employed 4,000 people and raised $300 million in 2021.\n"
    )
    facts = _all(text, published=date(2023, 6, 2))
    items = [f for f in facts if f.as_written == "$900 million"]
    assert len(items) == 2
    assert all(f.fiscal_year == 2023 and f.fiscal_year_basis == "inferred" for f in items)
    assert next(f for f in facts if f.as_written == "$60.5 million").fiscal_year == 2023


def test_spelled_out_restatement_is_the_same_figure():
    text = (
        "The Department of Energy will provide $90 million in federal funding to new climate institutes, "
        "bringing the government's commitment to nearly half a billion dollars.\n\nSince 2019 the "
        "department has invested close to $500 million in the institutes, with co-funding from universities."
    )
    written = [f.as_written for f in _all(text, published=date(2024, 5, 2)) if f.kind != "other"]
    assert "$90 million" in written
    assert written.count("$500 million") + written.count("half a billion dollars") == 1


def test_last_years_amount_in_brackets_takes_the_year_before():
    text = (
        "経済産業省は令和７年度予算案を発表した。\n"
        "・蓄電池導入支援補助金　２６０億円（前年度３１０億円、▲５０億円）\n"
        "　うち家庭用蓄電池事業　９０億円\n"
    )
    facts = _facts(text, published=date(2024, 12, 27))
    assert facts["３１０億円"].fiscal_year == 2024
    assert facts["２６０億円"].fiscal_year == 2025
    assert facts["９０億円"].fiscal_year == 2025


def test_a_production_date_in_the_lead_is_no_budget_year():
    text = (
        "BRUSSELS, March 4 - The European Commission on Tuesday approved €700 million of French state "
        "aid for a new wafer plant in Grenoble. The plant is due to start production later this year.\n\n"
        "In November the Commission cleared €1.1 billion of Austrian support for a sensor factory in Villach."
    )
    facts = _facts(text, published=date(2025, 3, 4))
    assert facts["€700 million"].fiscal_year is None
    assert facts["€1.1 billion"].fiscal_year is None


def test_a_rounded_figure_of_another_government_is_another_figure():
    text = (
        "Spain's chip programme, approved in May 2022, earmarked €12.25 billion for semiconductors, with "
        "€9.35 billion of it aimed at building manufacturing capacity.\n\n"
        "The change comes after Intel shelved its €30 billion plant in Magdeburg, for which Germany had "
        "promised nearly €10 billion."
    )
    facts = _all(text, published=date(2025, 2, 21))
    assert {f.as_written for f in facts if f.kind != "other"} >= {"€9.35 billion", "€10 billion"}


def test_an_award_to_a_named_company_takes_no_year_from_the_fund_it_is_paid_from():
    text = (
        "経済産業省は10日、令和5年度補正予算で積み増した基金から、通信事業者など3社に合わせて最大420億円を"
        "補助すると発表しました。\n\n"
        "補助額が最も大きいのはソフトバンクで、最大240億円です。"
    )
    facts = _facts(text, published=date(2024, 5, 10))
    assert facts["240億円"].fiscal_year is None


def test_a_dated_list_item_is_not_named_by_its_date_and_a_recipient_drops_its_preposition():
    text = (
        "The ministry's grants to the foundry now add up to ¥900 billion.\n"
        "How the grants added up\n"
        "- October 2023: ¥300 billion for the pilot line (FY2023).\n"
        "- May 2024: ¥600 billion for the packaging plant (FY2024).\n"
    )
    facts = {f.as_written: f for f in extract_facts(text, document="t", published=date(2024, 6, 1))}
    assert facts["¥300 billion"].recipient == "pilot line"
    assert facts["¥600 billion"].recipient == "packaging plant"


def test_a_time_zone_in_a_dateline_is_not_an_entity():
    text = (
        "Cabinet draft lifts METI chips and AI money to 1.5 trillion yen\nJanuary 9, 2026 08:15 JST\n"
        "Staff writer Ken Ito\n\n"
        "TOKYO -- The Ministry of Economy, Trade and Industry will spend 1.5 trillion yen"
    )
    facts = extract_facts(text, document="t", published=date(2026, 1, 9))
    assert facts and all(f.recipient != "JST" for f in facts)


def test_recipient_name_drops_a_leading_preposition_and_trailing_punctuation():
    from pipelines.lib.extract.recipients import recipient_name

    assert recipient_name("for the pilot line,", None, "en") == "pilot line"
    assert recipient_name("to a new fund;", None, "en") == "new fund"
    assert recipient_name("Rapidus", None, "en") == "Rapidus"


# --- stages and years of list items ----------------------------------------------------------


def test_a_stage_named_with_another_year_does_not_date_a_figure_of_this_year():
    text = (
        "経済産業省は、令和5年度補正予算を財源に半導体の研究開発を支援してきた。\n"
        "同省は令和7年度には量子技術の研究機関に300億円を出資する計画だ。"
    )
    f = _facts(text, published=date(2025, 4, 1))["300億円"]
    assert f.fiscal_year == 2025
    assert f.stage == "unknown"  # not the FY2023 supplementary budget's stage


def test_a_stage_named_with_the_same_year_still_dates_the_figure():
    text = (
        "政府は令和6年度補正予算で蓄電池の生産を支援する。\n"
        "経済産業省は令和6年度に蓄電池工場へ450億円を補助する。"
    )
    f = _facts(text, published=date(2024, 12, 1))["450億円"]
    assert (f.fiscal_year, f.stage) == (2024, "supplementary")


def test_an_initial_plan_is_the_initial_stage():
    text = (
        "政府の財政投融資計画で、鉱物資源機構への出資は25年度に1600億円となり、"
        "24年度当初計画の1100億円から増える。"
    )
    f = _facts(text, published=date(2024, 12, 20))["1100億円"]
    assert (f.fiscal_year, f.stage) == (2024, "initial")


def test_a_list_item_labelled_with_a_month_takes_that_months_fiscal_year():
    text = (
        "経済産業省は27日、蓄電池メーカーへの支援を発表した。令和8年度も支援を続ける。\n"
        "これまでの支援は次の通り。\n"
        "①2023年2月　研究開発費として120億円\n"
        "②2024年6月　量産ライン向けに340億円\n"
    )
    facts = _facts(text, published=date(2026, 1, 27))
    assert facts["120億円"].fiscal_year == 2022  # February 2023 is in Japan's FY2022
    assert facts["340億円"].fiscal_year == 2024
    assert facts["340億円"].fiscal_year_basis == "inferred"


def test_a_dateline_is_not_a_list_label():
    text = (
        "March 3, 2025 -- The Commerce Department awarded $120 million to a packaging plant "
        "from its fiscal 2024 funds, officials said."
    )
    assert _facts(text, published=date(2025, 3, 3))["$120 million"].fiscal_year == 2024


# --- a figure whose own clause names what it is for takes no company from elsewhere --------------


def test_a_budget_account_measured_by_its_clause_is_not_the_company_of_the_text():
    text = (
        "政府は二十日、ラピダスに千億円を出資すると発表した。\n"
        "　来年度予算案の一般会計の総額は百二十兆円で、前年度を上回った。厚生労働費が四十兆円に膨らんだ。"
    )
    facts = _facts(text)
    assert facts["千億円"].recipient == "Rapidus"
    assert "一般会計" in facts["百二十兆円"].recipient
    assert facts["四十兆円"].recipient == "厚生労働費"


def test_a_company_measure_as_subject_keeps_the_company():
    text = "ラピダスは五月に百億円を調達し、企業価値は三千億円に達した。"
    assert _facts(text)["三千億円"].recipient == "Rapidus"


def test_a_figure_under_a_fund_heading_takes_the_fund_not_a_company_of_another_section():
    text = (
        "経済産業省は、ラピダスの工場に対する最大5,000億円の助成を決定しました。\n\n"
        "■先端計算基金\n量子計算機の開発を支援する基金です。前年度補正予算での積み増しは800億円でした。"
    )
    facts = _facts(text)
    assert facts["5,000億円"].recipient == "Rapidus"
    assert facts["800億円"].recipient == "先端計算基金"


def test_a_company_named_in_the_headed_section_is_still_carried():
    text = (
        "■先端計算基金\n経済産業省は、ラピダスの工場に対する最大5,000億円の助成を決定しました。"
        "来年度も800億円を追加で支援します。"
    )
    assert _facts(text)["800億円"].recipient == "Rapidus"


def test_a_name_in_brackets_listing_a_part_does_not_own_the_table_row():
    text = (
        "主要事項（単位：億円）\n事項　／　来年度予算案　／　今年度当初\n"
        "（１）核融合研究の推進（ＩＴＥＲを含む）　３００　／　２８０\n"
        "（２）量子技術の研究開発　１５０　／　１２０\n"
    )
    facts = _facts(text)
    assert facts["３００"].recipient != "ITER"
    assert facts["３００"].recipient.startswith("核融合研究の推進")
    assert facts["２８０"].recipient == facts["３００"].recipient


def test_a_recipient_after_a_later_figure_is_that_figures():
    text = (
        "The Clean Chips Act, which the opposition has criticised, provided $20 billion in factory grants, "
        "including a $2 billion award to TSMC for its Arizona plants."
    )
    facts = _facts(text)
    assert facts["$2 billion"].recipient == "TSMC"
    assert facts["$20 billion"].recipient != "TSMC"


def test_a_purpose_framing_the_sentence_outranks_a_company_carried_from_before():
    text = (
        "経済産業省は、ラピダスの工場に対する最大5,000億円の助成を決定しました。"
        "水素の安定供給の確保に向けては、前年度補正予算において900億円が措置されています。"
    )
    facts = _facts(text)
    assert facts["900億円"].recipient != "Rapidus"
    assert "水素" in facts["900億円"].recipient or "hydrogen" in facts["900億円"].recipient


def test_an_expense_line_as_topic_owns_the_figure_it_requests():
    text = (
        "文部科学省は、理化学研究所の新しい計算機に百億円を要求した。"
        "宇宙や海洋など先端分野の研究開発費は計三百億円を要求した。"
    )
    facts = _facts(text)
    assert facts["百億円"].recipient == "RIKEN"
    assert facts["三百億円"].recipient not in (None, "RIKEN")


def test_a_company_listed_as_one_of_many_does_not_own_a_running_total():
    text = (
        "Commerce finalized a $7 billion award to Intel on Monday. "
        "With the Intel award and other recent deals, the department has now signed agreements worth "
        "more than $30 billion, the secretary said."
    )
    facts = _facts(text)
    assert facts["$7 billion"].recipient == "Intel"
    assert facts["$30 billion"].recipient != "Intel"


def test_the_field_a_japanese_figure_is_put_into_outranks_a_company_of_a_later_clause():
    text = (
        "ラピダスは北海道で工場を建設している。"
        "政府は今後5年間で3兆円以上の公的資金を量子技術分野に投じる計画を掲げており、"
        "ラピダスへの支援もその一つとなる。"
    )
    recipient = _facts(text)["3兆円"].recipient
    assert recipient != "Rapidus"
    assert "量子" in recipient or "quantum" in recipient


def test_a_company_named_as_an_example_of_a_class_does_not_own_the_figure():
    text = (
        "政府は来年度の予算案を閣議で決めた。"
        "量子技術の研究には30億円、ラピダスなどの半導体関連には900億円を計上している。"
    )
    recipient = _facts(text)["900億円"].recipient
    assert "Rapidus" not in recipient and "ラピダス" not in recipient
    assert "半導体" in recipient or "semiconductor" in recipient


def test_a_figure_put_into_a_budget_is_not_the_company_named_before():
    text = (
        "政府は二十日、ラピダスに千億円を出資すると発表した。\n"
        "　その財源として、今月成立した二五年度補正予算に約二兆円が盛り込まれている。"
    )
    facts = _facts(text)
    assert facts["千億円"].recipient == "Rapidus"
    assert "補正予算" in facts["二兆円"].recipient or "supplementary" in facts["二兆円"].recipient


def test_a_figure_put_into_a_budget_for_the_company_pointed_back_to_keeps_it():
    text = (
        "政府は二十日、ラピダスに千億円を出資すると発表した。\n"
        "　同社への支援として、今月成立した二五年度補正予算に約二兆円が盛り込まれている。"
    )
    assert _facts(text)["二兆円"].recipient == "Rapidus"


def test_a_company_is_not_carried_into_another_headed_section():
    text = (
        "１．半導体\n経済産業省は、ラピダスの工場に対する最大5,000億円の助成を決定しました。\n\n"
        "２．蓄電池\n電池の部素材を国内で生産する3件の計画を支援します。助成額は合計で約60億円です。"
    )
    facts = _facts(text)
    assert facts["5,000億円"].recipient == "Rapidus"
    assert facts["60億円"].recipient != "Rapidus"


def test_a_company_named_in_the_same_headed_section_is_carried():
    text = (
        "１．半導体\n経済産業省は、ラピダスの工場に対する最大5,000億円の助成を決定しました。"
        "助成額は合計で約6,000億円となります。"
    )
    assert _facts(text)["6,000億円"].recipient == "Rapidus"


def test_a_purpose_clause_framing_the_sentence_names_the_object_it_serves():
    text = (
        "文部科学省は、ＩＴＥＲの分担金に百六十億円を要求した。"
        "内閣府も、大学による量子計算機の開発を後押しするため、来年度に三十億円を要求する。"
    )
    facts = _facts(text)
    assert facts["百六十億円"].recipient == "ITER"
    recipient = facts["三十億円"].recipient
    assert recipient != "ITER"
    assert "量子計算機" in recipient or "quantum" in recipient


def test_money_decided_earlier_is_not_a_figure_of_the_budget_the_text_is_about():
    text = (
        "政府は26日、令和8年度予算案を閣議決定し、蓄電池分野には900億円を計上した。\n"
        "同分野ではこれまでに、電池メーカーの新工場に最大1500億円の補助を決めている。"
    )
    facts = _facts(text, published=date(2025, 12, 26))
    assert (facts["900億円"].fiscal_year, facts["900億円"].stage) == (2026, "draft")
    assert (facts["1500億円"].fiscal_year, facts["1500億円"].stage) == (None, "unknown")


def test_an_award_already_made_keeps_no_year_of_the_draft_budget():
    text = (
        "Tokyo's draft budget for fiscal 2026 sets aside ¥120 billion for quantum computing. "
        "The ministry has already committed ¥476 billion to a chip plant in Kumamoto."
    )
    facts = _facts(text, published=date(2025, 12, 26))
    assert facts["¥120 billion"].fiscal_year == 2026
    assert facts["¥476 billion"].fiscal_year is None


def test_list_items_sharing_a_bullet_are_not_cells_of_one_table_row():
    text = (
        "Battery maker Northvolt Japan wins another ¥45 billion in state aid.\n"
        "How the aid has added up:\n"
        "- May 2023: ¥20 billion for a pilot plant (FY2023 supplementary budget).\n"
        "- June 2025: up to ¥45 billion for FY2025.\n"
    )
    facts = extract_facts(text, document="t", published=date(2025, 6, 2), default_government="Japan")
    assert [f.as_written for f in facts].count("¥45 billion") == 1  # the headline figure, listed again
    listed = next(f for f in facts if f.as_written == "¥45 billion")
    assert listed.fiscal_year == 2025
    assert listed.stage != "supplementary"


def test_a_clause_after_the_figure_that_starts_with_since_names_no_recipient():
    text = (
        "Rapidus wins more state aid for its pilot line. The decision brings the state's cumulative "
        "subsidies to the company to about ¥1.72 trillion since the project began in 2022."
    )
    assert _facts(text, published=date(2025, 4, 1))["¥1.72 trillion"].recipient == "Rapidus"


def test_the_fiscal_year_ending_in_a_month_is_that_governments_fiscal_year():
    text = (
        "The cabinet approved an extra budget for the fiscal year ending in March 2025 that sets aside "
        "¥900 billion for power grids."
    )
    f = _facts(text, published=date(2024, 11, 29), default_government="Japan")["¥900 billion"]
    assert (f.fiscal_year, f.fiscal_year_basis) == (2024, "stated")  # Japan's FY2024 ends in March 2025
    text = "Congress funded the office for the fiscal year that ended on September 30, 2024 with $400 million"
    f = _facts(text, published=date(2024, 12, 1), default_government="United States")["$400 million"]
    assert f.fiscal_year == 2024  # the US labels a fiscal year by the year it ends


def test_a_fiscal_year_given_as_a_deadline_is_a_horizon_not_the_budget_year():
    text = "The government intends to provide ¥8 trillion for batteries through fiscal 2031."
    f = _facts(text, published=date(2024, 11, 29), default_government="Japan")["¥8 trillion"]
    assert f.fiscal_year is None


def test_a_budget_carrying_money_in_total_is_its_size_not_a_running_total():
    text = "The extra budget carries about ¥13.9 trillion of general-account spending in total."
    assert _facts(text, published=date(2024, 11, 29))["¥13.9 trillion"].kind == "total_budget"
    text = "Subsidies to the foundry have reached ¥920 billion in total."
    assert _facts(text, published=date(2024, 11, 29))["¥920 billion"].kind == "cumulative_total"


def test_a_recipient_phrase_stops_before_the_year_it_is_for():
    text = "The draft budget gives the ministry ¥640bn (US$4.2bn) for batteries and hydrogen in FY2027."
    assert _facts(text, published=date(2026, 12, 26))["¥640bn"].recipient == "batteries and hydrogen"


def test_a_recipient_phrase_stops_at_a_date_or_a_time_clause():
    text = (
        "Parliament added $2 billion in loan guarantees to the hydrogen hub fund last March "
        "and lifted its cap."
    )
    assert _facts(text, published=date(2025, 4, 1))["$2 billion"].recipient == "hydrogen hub fund"
    text = "The budget earmarks €3 billion for battery recycling plants until 2029, the ministry said."
    assert _facts(text, published=date(2025, 4, 1))["€3 billion"].recipient == "battery recycling plants"


def test_a_recipient_phrase_stops_before_its_examples():
    text = "Ottawa will spend $150 million on grid storage projects such as pumped hydro and flywheels."
    assert _facts(text, published=date(2025, 4, 1))["$150 million"].recipient == "grid storage projects"


def test_money_paid_to_the_project_goes_to_the_company_the_text_is_about():
    text = (
        "Texas Instruments will build a wafer plant near Sherman. Texas Instruments expects the "
        "plant to open in 2027. The state has pledged up to $310 million in incentives to the project."
    )
    assert _facts(text, published=date(2025, 4, 1))["$310 million"].recipient == "Texas Instruments"


def test_a_conversion_says_what_its_figure_says_once_repeats_complete_it():
    text = (
        "Berlin promised subsidies of €3.1 billion ($3.4 billion) last week. "
        "Infineon will receive the €3.1 billion in three tranches."
    )
    facts = _facts(text, published=date(2025, 4, 1))
    assert facts["€3.1 billion"].recipient == "Infineon"
    assert facts["$3.4 billion"].kind == "conversion"
    assert facts["$3.4 billion"].recipient == "Infineon"


def test_a_change_in_a_figures_bracket_is_for_that_figures_row():
    text = (
        "・次世代蓄電池開発事業　３８０億円（前年度４１０億円、▲３０億円）\n"
        "・水素供給網整備事業　９０億円（新規）"
    )
    facts = _facts(text, published=date(2024, 12, 27), language="ja")
    assert facts["▲３０億円"].kind == "change"
    assert facts["▲３０億円"].recipient == facts["３８０億円"].recipient
    assert facts["３８０億円"].recipient is not None


def test_a_digit_inside_a_latin_name_does_not_spoil_a_japanese_label():
    text = "・省ＣＯ２型冷凍機導入支援事業　６５億円\n・ポスト５Ｇ情報通信基盤強化研究開発事業　１２０億円"
    facts = _facts(text, published=date(2024, 12, 27), language="ja")
    assert facts["６５億円"].recipient == "省CO2型冷凍機導入支援事業"
    assert facts["１２０億円"].recipient is not None


def test_a_loan_guarantee_to_a_company_names_the_company():
    text = "The office closed a $2.2 billion loan guarantee to Holtec International for the restart."
    assert _facts(text, published=date(2025, 4, 1))["$2.2 billion"].recipient == "Holtec International"


def test_a_part_listed_after_another_part_is_a_part_of_the_same_budget():
    text = (
        "The cabinet will send lawmakers an 8.1 trillion won extra budget for 2026 next week. It includes "
        "2.3 trillion won to shore up exporters and to back strategic industries such as chips and "
        "batteries, and 0.9 trillion won to buy GPUs for a public AI data centre."
    )
    facts = _facts(text, published=date(2026, 4, 14))
    assert facts["2.3 trillion won"].fiscal_year == 2026
    assert facts["0.9 trillion won"].fiscal_year == 2026  # a part too, though "includes" is far
    assert facts["0.9 trillion won"].kind == "allocation"
    assert facts["0.9 trillion won"].sector == "ai"  # chips and batteries were the first item's


def test_a_year_written_before_a_qualified_budget_names_its_fiscal_year():
    text = (
        "Lawmakers approved NT$8 billion for the chip design programme in the 2025 central government budget."
    )
    f = _facts(text, published=date(2025, 1, 20))["NT$8 billion"]
    assert (f.fiscal_year, f.fiscal_year_basis) == (2025, "stated")
    text = "Ottawa set aside $2 billion for AI compute in the 2024 federal budget."
    assert _facts(text, published=date(2024, 4, 17))["$2 billion"].fiscal_year == 2024


def test_a_band_of_sizes_is_not_a_budget_figure():
    text = "文部科学省は昨年度も５兆円台後半を要求したが、最終的な予算額は５兆３０００億円にとどまった。"
    facts = _facts(text, published=date(2025, 8, 29), language="ja")
    assert facts["５兆円"].kind == "other"  # "the upper five-trillion-yen range"
    assert facts["５兆３０００億円"].kind != "other"


def test_the_cost_of_the_debt_is_spending_not_an_issue_of_bonds():
    text = "来年度予算案では、国債の利払いや償還に充てる国債費も約２９兆円に膨らむ。"
    f = _facts(text, published=date(2025, 12, 26), language="ja")["２９兆円"]
    assert f.kind != "bond"
    assert f.instrument != "bond"
    assert f.recipient == "debt service"  # the subject the figure measures, not the purpose before it


def test_money_a_government_issues_is_a_bond():
    text = "財務省は来週、５年債の入札も予定しており、こちらも６０００億円を発行する。"
    f = _facts(text, published=date(2024, 2, 14), language="ja")["６０００億円"]
    assert (f.kind, f.instrument) == ("bond", "bond")


def test_what_a_company_values_its_project_at_is_not_public_money():
    text = "Commerce will also lend up to $300 million to the plant, which Amkor values at $2.1 billion."
    facts = _facts(text, published=date(2024, 12, 20))
    assert facts["$2.1 billion"].kind == "other"
    assert facts["$300 million"].kind != "other"


def test_money_a_government_lends_is_a_loan_allocation():
    f = _facts("The energy ministry will lend $1.2 billion to the battery plant.", published=date(2025, 3, 3))
    assert (f["$1.2 billion"].kind, f["$1.2 billion"].instrument) == ("allocation", "loan")


def test_a_definite_award_points_back_to_the_company_the_sentence_before_names():
    text = (
        "Amkor gets its award for a packaging campus in Arizona. Micron will use its grant for a memory "
        "plant in Idaho. The preliminary terms set the grant at up to $275 million."
    )
    assert _facts(text, published=date(2024, 12, 20))["$275 million"].recipient == "Micron"


def test_a_payers_share_of_a_project_cost_is_an_allocation():
    text = (
        "Pune, May 2, 2024: The Union Cabinet has cleared Micron Technology's plan for a chip packaging "
        "unit at Sanand in Gujarat under the government's chip incentive scheme.\n\n"
        "The US memory maker will invest up to $825 million in two stages. With backing from the Centre "
        "and the state, the total project cost comes to $2.75 billion, or Rs 22,516 crore. Under the "
        "packaging scheme, the Centre will bear 50 per cent of the project cost, about Rs 11,000 crore, "
        "while the Gujarat government will provide incentives of 20 per cent, around Rs 4,500 crore."
    )
    facts = _facts(text, published=date(2024, 5, 2))
    assert facts["Rs 11,000 crore"].kind == "allocation"
    assert facts["Rs 4,500 crore"].kind == "allocation"  # "incentives of" alone would make it a total


def test_a_recipient_phrase_stops_before_the_next_qualified_figure_and_drops_discourse_words():
    text = "The deal included about $60 million for a plant in Boise and about $40 million for a fab in Lehi."
    assert _facts(text, published=date(2024, 5, 1))["$60 million"].recipient == "plant in Boise"
    text = "Congress has also directed $4 billion to a separate loan program for grid batteries."
    assert (
        _facts(text, published=date(2024, 5, 1))["$4 billion"].recipient == "loan program for grid batteries"
    )


def test_a_field_the_money_is_for_gives_way_to_the_programme_that_earmarks_it():
    text = "The Chips for Europe Initiative, launched in 2023, earmarked €3.3 billion for semiconductors."
    f = _facts(text, published=date(2024, 5, 1))["€3.3 billion"]
    assert f.recipient == "Chips for Europe Initiative"


def test_a_programme_that_holds_the_figure_as_its_subject_owns_it():
    text = "A separate hydrogen strategy commits £1.8bn over eight years from 2025."
    assert _facts(text, published=date(2024, 11, 1))["£1.8bn"].recipient == "hydrogen strategy"


def test_a_column_naming_the_money_leaves_the_figure_to_the_items_label():
    text = "・電解液メーカー（原料の国内生産）　助成上限額　5億2,000万円\n"
    f = _facts(text, published=date(2024, 6, 1), language="ja")["5億2,000万円"]
    assert f.recipient == "電解液メーカー"


def test_a_stage_named_as_the_base_of_a_comparison_is_not_the_figures_stage():
    text = (
        "文部科学省は２７日、２０２６年度予算の概算要求を発表した。"
        "要求総額は前年度当初予算比９％増の５兆８０００億円。"
    )
    f = _facts(text, published=date(2025, 8, 27), language="ja")["５兆８０００億円"]
    assert f.stage == "request"


def test_money_a_legislature_or_a_law_provides_is_a_programme_envelope():
    text = (
        "The department has now signed deals for $21 billion of the $50 billion in grants Congress approved."
    )
    assert _facts(text, published=date(2024, 12, 20))["$50 billion"].kind == "total_budget"
    text = "Both awards come from the $7 billion in clean-steel incentives created by the Renewal Act."
    assert _facts(text, published=date(2024, 12, 20))["$7 billion"].kind == "total_budget"


def test_a_part_of_a_public_budget_that_names_no_one_is_the_wholes():
    text = (
        "The government approved the Rs 76,000 crore India Semiconductor Mission in 2021. "
        "Of this, about Rs 52,000 crore has already been committed, the minister said."
    )
    f = _facts(text, published=date(2024, 2, 29))["Rs 52,000 crore"]
    assert f.kind != "other"  # "committed" with its actor unsaid: public, as the whole is
    assert f.recipient == "India Semiconductor Mission"


def test_a_time_adverbial_after_the_figure_does_not_hide_its_purpose():
    text = "The government will also spend 2.1 trillion won this year to build water pipes for chip clusters."
    f = _facts(text, published=date(2025, 4, 15))["2.1 trillion won"]
    assert f.recipient == "water pipes for chip clusters"
    assert f.fiscal_year == 2025


def test_a_figure_sizing_a_policy_framework_is_an_envelope():
    text = (
        "政府は29日、2024年度補正予算案を閣議決定した。半導体やAIの支援に1兆3000億円程度を盛り込んだ。\n"
        "このうちラピダスには、量産に向けた研究開発費として約1200億円を充てる。経済産業省は来年度以降も"
        "支援を続ける方針で、2030年度までに9兆円以上の公的支援を行う枠組みを示している。"
    )
    f = _facts(text, published=date(2024, 11, 29), language="ja")["9兆円"]
    assert f.kind == "total_budget"


def test_the_federal_government_is_the_government_the_text_is_about():
    text = (
        "Canada's budget bets on AI compute\n\nOTTAWA - The federal government will invest $2.4 billion in "
        "artificial intelligence, the finance minister said on Tuesday."
    )
    assert _facts(text, published=date(2024, 4, 16))["$2.4 billion"].government == "Canada"


def test_english_qualifiers_qualify_the_figure_after_them_only():
    facts = _facts(
        "Britain will spend £2 billion over four years on AI compute.", published=date(2025, 6, 11)
    )
    assert facts["£2 billion"].qualifier is None  # "over four years" is a span, not "more than"
    text = "The cabinet approved a total outlay of Rs 8,000 crore (about $960 million) for the mission."
    facts = _facts(text, published=date(2024, 3, 7))
    assert facts["Rs 8,000 crore"].qualifier is None  # the "about" is the conversion's
    assert facts["$960 million"].qualifier == "approx"


def test_money_a_minister_confirms_for_a_purpose_is_public():
    text = "The chancellor also confirmed £600 million for a new supercomputer at the University of Bristol."
    assert _facts(text, published=date(2025, 6, 11))["£600 million"].kind == "allocation"


def test_the_previous_years_figure_in_a_bracket_dates_only_itself():
    text = (
        "令和9年度予算案の文部科学省関係の一般会計は5兆3,000億円（前年度当初予算額5兆2,500億円）、"
        "特別会計は1,200億円となった。"
    )
    facts = _facts(text, published=date(2026, 12, 25), language="ja")
    head = facts["5兆3,000億円"]
    assert (head.fiscal_year, head.stage) == (2027, "draft")
    base = facts["5兆2,500億円"]
    assert (base.fiscal_year, base.stage) == (2026, "initial")
    assert facts["1,200億円"].fiscal_year == 2027  # not the year of the bracket before it

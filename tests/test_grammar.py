"""The money grammar, case by case: text in, every mention out.

Each row is a text and the full list of mentions expected in it, as
(as_written, amount, currency, qualifier, amount_max, percent). The phrases are written in the
style of news wires, ministry releases and Japanese budget documents; none is taken from the
evaluation corpora.
"""

from __future__ import annotations

import pytest

from pipelines.lib.extract.grammar import find_mentions
from pipelines.lib.model import Mention

B = 10**9
M = 10**6
OKU = 10**8
CHO = 10**12


def _row(m: Mention) -> tuple:
    return (m.as_written, m.amount, m.currency, m.qualifier, m.amount_max, m.percent)


CASES: list[tuple[str, list[tuple]]] = [
    # ---- English: scale words and abbreviations ------------------------------------------------
    (
        "The department will award $2.1 billion to the project.",
        [("$2.1 billion", 2_100_000_000, "USD", None, None, None)],
    ),
    ("A grant of $350 million was confirmed.", [("$350 million", 350 * M, "USD", None, None, None)]),
    (
        "Officials set aside $4.25 trillion over ten years.",
        [("$4.25 trillion", 4_250_000_000_000, "USD", None, None, None)],
    ),
    ("The fund holds $75 thousand in reserve.", [("$75 thousand", 75_000, "USD", None, None, None)]),
    ("Seoul earmarked $3bn for packaging.", [("$3bn", 3 * B, "USD", None, None, None)]),
    ("Brussels approved €920m in state aid.", [("€920m", 920 * M, "EUR", None, None, None)]),
    ("London pledged £450mn for compound chips.", [("£450mn", 450 * M, "GBP", None, None, None)]),
    ("The lender approved $1.2 mln in credit.", [("$1.2 mln", 1_200_000, "USD", None, None, None)]),
    ("Budget documents show $7.5 bln for the lab.", [("$7.5 bln", 7_500_000_000, "USD", None, None, None)]),
    ("The state offered a $2.4B incentive.", [("$2.4B", 2_400_000_000, "USD", None, None, None)]),
    ("A $600M tax break was floated.", [("$600M", 600 * M, "USD", None, None, None)]),
    ("A startup grant of $45k was paid.", [("$45k", 45_000, "USD", None, None, None)]),
    ("Japan's package is worth $1.1tn in total.", [("$1.1tn", 1_100_000_000_000, "USD", None, None, None)]),
    ("Estimates reach €2.3trn by 2030.", [("€2.3trn", 2_300_000_000_000, "EUR", None, None, None)]),
    ("It raised $8b from the bond sale.", [("$8b", 8 * B, "USD", None, None, None)]),
    ("The program costs $900 Million a year.", [("$900 Million", 900 * M, "USD", None, None, None)]),
    ("A ¥150bn subsidy for the fab.", [("¥150bn", 150 * B, "JPY", None, None, None)]),
    # ---- English: symbols and prefixes ----------------------------------------------------------
    ("Tokyo approved ¥920 billion for the second fab.", [("¥920 billion", 920 * B, "JPY", None, None, None)]),
    (
        "Washington offered US$3.2 billion in grants.",
        [("US$3.2 billion", 3_200_000_000, "USD", None, None, None)],
    ),
    ("Singapore will add S$2 billion to the fund.", [("S$2 billion", 2 * B, "SGD", None, None, None)]),
    (
        "Taipei set aside NT$45.6 billion for research.",
        [("NT$45.6 billion", 45_600_000_000, "TWD", None, None, None)],
    ),
    (
        "Canberra committed A$1.5 billion to quantum.",
        [("A$1.5 billion", 1_500_000_000, "AUD", None, None, None)],
    ),
    ("Ottawa pledged C$240 million for photonics.", [("C$240 million", 240 * M, "CAD", None, None, None)]),
    ("Hong Kong's HK$10 billion fund.", [("HK$10 billion", 10 * B, "HKD", None, None, None)]),
    ("Berlin offered €9.9 billion in subsidies.", [("€9.9 billion", 9_900_000_000, "EUR", None, None, None)]),
    ("The UK will spend £1 billion on chips.", [("£1 billion", B, "GBP", None, None, None)]),
    ("Seoul's ₩26 trillion support package.", [("₩26 trillion", 26 * CHO, "KRW", None, None, None)]),
    (
        "New Delhi cleared ₹1.2 lakh crore for fabs.",
        [("₹1.2 lakh crore", 1_200_000_000_000, "INR", None, None, None)],
    ),
    (
        "The scheme has an outlay of Rs 2,500 crore.",
        [("Rs 2,500 crore", 25_000_000_000, "INR", None, None, None)],
    ),
    (
        "Putrajaya allotted RM2.5 billion for the park.",
        [("RM2.5 billion", 2_500_000_000, "MYR", None, None, None)],
    ),
    ("Brasilia earmarked R$5 billion for chips.", [("R$5 billion", 5 * B, "BRL", None, None, None)]),
    ("Funding rose to US $2 billion last year.", [("US $2 billion", 2 * B, "USD", None, None, None)]),
    ("Costs reached $ 4.5 billion.", [("$ 4.5 billion", 4_500_000_000, "USD", None, None, None)]),
    # ---- English: currency words ----------------------------------------------------------------
    ("METI secured 476 billion yen for the plant.", [("476 billion yen", 476 * B, "JPY", None, None, None)]),
    (
        "A budget of 3.4 trillion Japanese yen was requested.",
        [("3.4 trillion Japanese yen", 3_400_000_000_000, "JPY", None, None, None)],
    ),
    ("Support of 2 billion dollars was promised.", [("2 billion dollars", 2 * B, "USD", None, None, None)]),
    ("It paid 5 million US dollars in fees.", [("5 million US dollars", 5 * M, "USD", None, None, None)]),
    ("Aid of 7 billion euros for the Dresden fab.", [("7 billion euros", 7 * B, "EUR", None, None, None)]),
    ("A 500 million pounds programme.", [("500 million pounds", 500 * M, "GBP", None, None, None)]),
    (
        "The Treasury's 2 billion sterling guarantee.",
        [("2 billion sterling", 2 * B, "GBP", None, None, None)],
    ),
    ("Loans of 17 trillion won for chipmakers.", [("17 trillion won", 17 * CHO, "KRW", None, None, None)]),
    ("Beijing's 344 billion yuan chip fund.", [("344 billion yuan", 344 * B, "CNY", None, None, None)]),
    ("A 50 billion renminbi facility.", [("50 billion renminbi", 50 * B, "CNY", None, None, None)]),
    ("An incentive of 10,000 crore rupees.", [("10,000 crore rupees", 100 * B, "INR", None, None, None)]),
    ("Grants of 3 billion ringgit were approved.", [("3 billion ringgit", 3 * B, "MYR", None, None, None)]),
    (
        "A 1.2 billion Singapore dollars top-up.",
        [("1.2 billion Singapore dollars", 1_200_000_000, "SGD", None, None, None)],
    ),
    (
        "About 4 billion Canadian dollars in total.",
        [("4 billion Canadian dollars", 4 * B, "CAD", "approx", None, None)],
    ),
    (
        "NT$ aside, 30 billion New Taiwan dollars went to research.",
        [("30 billion New Taiwan dollars", 30 * B, "TWD", None, None, None)],
    ),
    # ---- English: ISO codes before or after, glued or spaced ------------------------------------
    ("The contract is worth USD34.6 million.", [("USD34.6 million", 34_600_000, "USD", None, None, None)]),
    ("The ministry requested JPY 900 billion.", [("JPY 900 billion", 900 * B, "JPY", None, None, None)]),
    ("A subsidy of 900 billion JPY is planned.", [("900 billion JPY", 900 * B, "JPY", None, None, None)]),
    ("The Commission cleared EUR 5bn.", [("EUR 5bn", 5 * B, "EUR", None, None, None)]),
    (
        "Seoul's KRW3.5 trillion loan programme.",
        [("KRW3.5 trillion", 3_500_000_000_000, "KRW", None, None, None)],
    ),
    ("A 40 million GBP grant.", [("40 million GBP", 40 * M, "GBP", None, None, None)]),
    ("Backing of INR 76,000 crore.", [("INR 76,000 crore", 760 * B, "INR", None, None, None)]),
    ("The RMB 150 billion Big Fund III.", [("RMB 150 billion", 150 * B, "CNY", None, None, None)]),
    ("Financing of SGD 500 million.", [("SGD 500 million", 500 * M, "SGD", None, None, None)]),
    # ---- English: hyphenated ---------------------------------------------------------------------
    (
        "A 1.6-trillion-yen stimulus was drafted.",
        [("1.6-trillion-yen", 1_600_000_000_000, "JPY", None, None, None)],
    ),
    ("It won a $1.5-billion award.", [("$1.5-billion", 1_500_000_000, "USD", None, None, None)]),
    ("The 5-billion-euro deal was signed.", [("5-billion-euro", 5 * B, "EUR", None, None, None)]),
    ("A ₹76,000-crore scheme.", [("₹76,000-crore", 760 * B, "INR", None, None, None)]),
    # ---- English: lakh and crore
    (
        "Investment of Rs1.25 lakh crore was approved.",
        [("Rs1.25 lakh crore", 1_250_000_000_000, "INR", None, None, None)],
    ),
    (
        "An outlay of Rs 76,000 crore for the mission.",
        [("Rs 76,000 crore", 760_000_000_000, "INR", None, None, None)],
    ),
    (
        "The Rs 34k crore critical minerals plan.",
        [("Rs 34k crore", 340_000_000_000, "INR", None, None, None)],
    ),
    ("Each student gets ₹10 lakh.", [("₹10 lakh", 1_000_000, "INR", None, None, None)]),
    ("A corpus of Rs. 500 crore.", [("Rs. 500 crore", 5_000_000_000, "INR", None, None, None)]),
    (
        "Projects worth Rs 1,26,000 crore.",
        [("Rs 1,26,000 crore", 1_260_000_000_000, "INR", None, None, None)],
    ),
    ("A typo R4,500 crore in the release.", [("R4,500 crore", 45_000_000_000, "INR", None, None, None)]),
    ("Rs 15 lakh per startup.", [("Rs 15 lakh", 1_500_000, "INR", None, None, None)]),
    ("Rs 2 lakh-crore push.", [("Rs 2 lakh-crore", 2_000_000_000_000, "INR", None, None, None)]),
    # ---- English: ranges
    ("Credits of $6-$8 billion are expected.", [("$6-$8 billion", 6 * B, "USD", None, 8 * B, None)]),
    (
        "Credits of $6 billion-$8 billion are expected.",
        [("$6 billion-$8 billion", 6 * B, "USD", None, 8 * B, None)],
    ),
    (
        "It is worth between $6 billion and $8 billion.",
        [("$6 billion and $8 billion", 6 * B, "USD", None, 8 * B, None)],
    ),
    ("Analysts see 6 to 8 billion dollars.", [("6 to 8 billion dollars", 6 * B, "USD", None, 8 * B, None)]),
    ("A package of €5-6bn.", [("€5-6bn", 5 * B, "EUR", None, 6 * B, None)]),
    ("Grants of $500,000 to $1 million each.", [("$500,000 to $1 million", 500_000, "USD", None, M, None)]),
    (
        "A subsidy of $1.2 billion–$1.5 billion.",
        [("$1.2 billion–$1.5 billion", 1_200_000_000, "USD", None, 1_500_000_000, None)],
    ),
    (
        "Costs ranging from $10 billion to $12 billion.",
        [("$10 billion to $12 billion", 10 * B, "USD", None, 12 * B, None)],
    ),
    ("It could be up to $2bn-$3bn.", [("$2bn-$3bn", 2 * B, "USD", "up_to", 3 * B, None)]),
    (
        "Spending rose from $6 billion to $8 billion.",
        [("$6 billion", 6 * B, "USD", None, None, None), ("$8 billion", 8 * B, "USD", None, None, None)],
    ),
    (
        "Aid fell from $9 billion to $7 billion.",
        [("$9 billion", 9 * B, "USD", None, None, None), ("$7 billion", 7 * B, "USD", None, None, None)],
    ),
    (
        "It got $5 billion and $3 billion in loans.",
        [("$5 billion", 5 * B, "USD", None, None, None), ("$3 billion", 3 * B, "USD", None, None, None)],
    ),
    # ---- English: qualifiers
    ("It will receive about $6.6 billion.", [("$6.6 billion", 6_600_000_000, "USD", "approx", None, None)]),
    ("Nearly $3 billion has been spent.", [("$3 billion", 3 * B, "USD", "approx", None, None)]),
    ("Grants of up to $1.6 billion.", [("$1.6 billion", 1_600_000_000, "USD", "up_to", None, None)]),
    ("An investment of more than $20 billion.", [("$20 billion", 20 * B, "USD", "at_least", None, None)]),
    ("Roughly €2bn will flow to Saxony.", [("€2bn", 2 * B, "EUR", "approx", None, None)]),
    ("Around 500 billion yen is planned.", [("500 billion yen", 500 * B, "JPY", "approx", None, None)]),
    ("Almost £300m was returned.", [("£300m", 300 * M, "GBP", "approx", None, None)]),
    ("Over $40 billion in private money.", [("$40 billion", 40 * B, "USD", "at_least", None, None)]),
    ("At least $1 billion in loans.", [("$1 billion", B, "USD", "at_least", None, None)]),
    ("As much as $11 billion in loans.", [("$11 billion", 11 * B, "USD", "up_to", None, None)]),
    ("Some $4 billion remains unspent.", [("$4 billion", 4 * B, "USD", "approx", None, None)]),
    ("Spending of $2 billion or more.", [("$2 billion", 2 * B, "USD", "at_least", None, None)]),
    ("A $10bn-plus programme.", [("$10bn", 10 * B, "USD", "at_least", None, None)]),
    ("Approximately $750 million is left.", [("$750 million", 750 * M, "USD", "approx", None, None)]),
    # ---- English: plain numbers with a currency
    ("Each worker receives $250,000 in training funds.", [("$250,000", 250_000, "USD", None, None, None)]),
    ("The fee is €40,000 per year.", [("€40,000", 40_000, "EUR", None, None, None)]),
    ("Vouchers of £1,500.50 each.", [("£1,500.50", 1_501, "GBP", None, None, None)]),
    ("A ticket costs 5,000 yen.", [("5,000 yen", 5_000, "JPY", None, None, None)]),
    ("The share closed at $344.55.", [("$344.55", 345, "USD", None, None, None)]),
    # ---- English: not money
    ("The plant opens in 2026 and hires 2,000 people.", []),
    ("($1 = 0.9025 euros)", []),
    ("($1 = 151.20 yen)", []),
    ("(1 USD = 7.10 CNY)", []),
    ("The yen traded at 150 yen to the dollar.", []),
    ("Call +1 (408) 555-0142 for details.", []),
    ("The first fab will make 2nm chips from 2027.", []),
    ("Losses are measured in 2020 dollars.", []),
    ("COVID-19 delayed the A320 programme.", []),
    ("Tens of billions of dollars are at stake.", []),
    ("The R2 route reopened.", []),
    ("The truck hauls 500 pounds of steel.", []),
    ("Dealers quoted ¥151/$ at noon.", []),
    ("Serial " + "7" * 70 + " yen", []),
    # ---- Japanese: 兆/億/万/千 compounds
    (
        "政府は補正予算で1兆2390億円を計上した。",
        [("1兆2390億円", 1_239_000_000_000, "JPY", None, None, None)],
    ),
    ("助成額は464億7,000万円となる。", [("464億7,000万円", 46_470_000_000, "JPY", None, None, None)]),
    ("総額7億9千万円の事業。", [("7億9千万円", 790_000_000, "JPY", None, None, None)]),
    ("来年度予算に1.2兆円を盛り込む。", [("1.2兆円", 1_200_000_000_000, "JPY", None, None, None)]),
    ("核融合に45.0億円を要求。", [("45.0億円", 4_500_000_000, "JPY", None, None, None)]),
    ("移行債を1・6兆円発行する。", [("1・6兆円", 1_600_000_000_000, "JPY", None, None, None)]),
    ("出資金１，０００億円を措置。", [("１，０００億円", 100_000_000_000, "JPY", None, None, None)]),
    ("基金に１．５兆円を積み増す。", [("１．５兆円", 1_500_000_000_000, "JPY", None, None, None)]),
    ("総額3千億円の支援策。", [("3千億円", 300_000_000_000, "JPY", None, None, None)]),
    ("補助上限は5,000万円。", [("5,000万円", 50_000_000, "JPY", "up_to", None, None)]),
    ("一件あたり300万円を助成する。", [("300万円", 3_000_000, "JPY", None, None, None)]),
    ("令和7年度に1兆7,800億円を措置。", [("1兆7,800億円", 1_780_000_000_000, "JPY", None, None, None)]),
    ("手数料は2,500円。", [("2,500円", 2_500, "JPY", None, None, None)]),
    (
        "予算は２兆３，４５６億円に達した。",
        [("２兆３，４５６億円", 2_345_600_000_000, "JPY", None, None, None)],
    ),
    # ---- Japanese: kanji numerals
    ("新規事業に百二十三億円を充てる。", [("百二十三億円", 12_300_000_000, "JPY", None, None, None)]),
    ("研究開発に百九億二千三百万円。", [("百九億二千三百万円", 10_923_000_000, "JPY", None, None, None)]),
    ("安全対策に十八億円を計上。", [("十八億円", 1_800_000_000, "JPY", None, None, None)]),
    ("安全対策に八十八億円を計上。", [("八十八億円", 8_800_000_000, "JPY", None, None, None)]),
    ("予算は三千五百億円。", [("三千五百億円", 350_000_000_000, "JPY", None, None, None)]),
    ("基金に一兆円を拠出する。", [("一兆円", CHO, "JPY", None, None, None)]),
    ("二〇二三年度予算で五〇〇億円。", [("五〇〇億円", 50_000_000_000, "JPY", None, None, None)]),
    ("前年度比約二億円増となった。", [("二億円", 200_000_000, "JPY", "approx", None, None)]),
    ("同約十一億円増の要求。", [("十一億円", 1_100_000_000, "JPY", "approx", None, None)]),
    # ---- Japanese: qualifiers and negatives
    ("約3,000億円を投じる。", [("3,000億円", 300_000_000_000, "JPY", "approx", None, None)]),
    ("最大4,760億円を助成する。", [("4,760億円", 476_000_000_000, "JPY", "up_to", None, None)]),
    ("最大で920億円の補助。", [("920億円", 92_000_000_000, "JPY", "up_to", None, None)]),
    ("投資額は1兆円超となる。", [("1兆円", CHO, "JPY", "at_least", None, None)]),
    ("総額10兆円以上の支援。", [("10兆円", 10 * CHO, "JPY", "at_least", None, None)]),
    ("事業費は100億円程度。", [("100億円", 10_000_000_000, "JPY", "approx", None, None)]),
    ("営業利益は3200億円余りだった。", [("3200億円", 320_000_000_000, "JPY", "approx", None, None)]),
    ("新規に百二十三億円あまりを計上。", [("百二十三億円", 12_300_000_000, "JPY", "approx", None, None)]),
    ("50兆円規模の保証枠。", [("50兆円", 50 * CHO, "JPY", "approx", None, None)]),
    ("国費は1兆円を超える見通し。", [("1兆円", CHO, "JPY", "at_least", None, None)]),
    ("純損失は▲120億円。", [("▲120億円", 12_000_000_000, "JPY", None, None, None)]),
    ("差額は△5億円だった。", [("△5億円", 500_000_000, "JPY", None, None, None)]),
    # ---- Japanese: other currencies
    ("対米投資5,500億ドルで合意した。", [("5,500億ドル", 550_000_000_000, "USD", None, None, None)]),
    ("10億米ドルの融資枠。", [("10億米ドル", B, "USD", None, None, None)]),
    ("欧州委は50億ユーロを承認した。", [("50億ユーロ", 5 * B, "EUR", None, None, None)]),
    ("韓国政府は26兆ウォンの支援策を発表。", [("26兆ウォン", 26 * CHO, "KRW", None, None, None)]),
    ("中国の基金は3440億元規模。", [("3440億元", 344_000_000_000, "CNY", "approx", None, None)]),
    ("50億人民元を出資。", [("50億人民元", 5 * B, "CNY", None, None, None)]),
    ("英政府は10億ポンドを投じる。", [("10億ポンド", B, "GBP", None, None, None)]),
    ("インド政府は7600億ルピーを用意。", [("7600億ルピー", 760_000_000_000, "INR", None, None, None)]),
    # ---- Japanese: ranges and not money
    (
        "必要額は100億～200億円とみられる。",
        [("100億～200億円", 10_000_000_000, "JPY", None, 20_000_000_000, None)],
    ),
    ("追加で3～4兆円が必要。", [("3～4兆円", 3 * CHO, "JPY", None, 4 * CHO, None)]),
    ("数千億円規模の投資。", []),
    ("関東一円で停電が起きた。", []),
    ("三元系電池の量産。", []),
    ("令和元年度の決算。", []),
    ("1ドル=150円で換算。", []),
    ("円相場は1ドル150円台で推移した。", []),
    ("円相場は150円台で推移した。", []),
    ("（単位：百万円）", []),
    # ---- Percent
    ("The tech budget rises 13% next year.", [("13%", None, None, None, None, 13.0)]),
    ("予算を13％増やす。", [("13％", None, None, None, None, 13.0)]),
    ("Spending will grow 13 percent.", [("13 percent", None, None, None, None, 13.0)]),
    ("A rise of 4.5 per cent on last year.", [("4.5 per cent", None, None, None, None, 4.5)]),
    ("原子力関連は前年度比32%増。", [("32%", None, None, None, None, 32.0)]),
    ("前年比6%減となった。", [("6%", None, None, None, None, -6.0)]),
    ("Shares fell 2.5% on Tuesday.", [("2.5%", None, None, None, None, -2.5)]),
    ("The ministry plans a 10% cut.", [("10%", None, None, None, None, -10.0)]),
    ("Outlays were down about 3 percent.", [("3 percent", None, None, "approx", None, -3.0)]),
    ("Revenue rose about 12% from a year earlier.", [("12%", None, None, "approx", None, 12.0)]),
    ("差は▲3.2%に縮小した。", [("▲3.2%", None, None, None, None, -3.2)]),
    ("A margin of 8.5 percentage points.", [("8.5 percentage points", None, None, None, None, 8.5)]),
    ("Growth of 10-15% is forecast.", [("10-15%", None, None, None, None, 10.0)]),
    # ---- Ratios
    ("Spending is 2.6 times last year's level.", [("2.6 times", None, None, None, None, 160.0)]),
    ("要求額は前年度の1.5倍に膨らんだ。", [("1.5倍", None, None, None, None, 50.0)]),
    ("The budget will nearly triple by 2030.", [("triple", None, None, "approx", None, 200.0)]),
    ("Aid tripled after the law passed.", [("tripled", None, None, None, None, 200.0)]),
    ("The grant doubled in size.", [("doubled", None, None, None, None, 100.0)]),
    ("It aims to double the budget.", [("double", None, None, None, None, 100.0)]),
    ("A two-fold increase in grants.", [("two-fold", None, None, None, None, 100.0)]),
    ("A 10-fold rise in requests.", [("10-fold", None, None, None, None, 900.0)]),
    ("Officials want to quadruple output.", [("quadruple", None, None, None, None, 300.0)]),
    ("Lawmakers voted to halve the subsidy.", [("halve", None, None, None, None, -50.0)]),
    ("The subsidy was cut in half.", [("half", None, None, None, None, -50.0)]),
    ("It rose more than double.", [("double", None, None, "at_least", None, 100.0)]),
    ("予算が倍増した。", [("倍増", None, None, None, None, 100.0)]),
    ("補助が半減した。", [("半減", None, None, None, None, -50.0)]),
    ("Growth hit double-digit rates.", []),
    ("The first half of 2025.", []),
    # ---- Mixed
    (
        "Germany will pay 5 billion euros ($5.5 billion) toward the fab.",
        [
            ("5 billion euros", 5 * B, "EUR", None, None, None),
            ("$5.5 billion", 5_500_000_000, "USD", None, None, None),
        ],
    ),
    (
        "Singapore set aside S$1 billion (US$744 million or RM3.3 billion).",
        [
            ("S$1 billion", B, "SGD", None, None, None),
            ("US$744 million", 744 * M, "USD", None, None, None),
            ("RM3.3 billion", 3_300_000_000, "MYR", None, None, None),
        ],
    ),
    (
        "Taiwan proposes NT$180 billion（US$5.5 billion）, up 13％.",
        [
            ("NT$180 billion", 180 * B, "TWD", None, None, None),
            ("US$5.5 billion", 5_500_000_000, "USD", None, None, None),
            ("13％", None, None, None, None, 13.0),
        ],
    ),
    (
        "半導体支援に3,900億円（約26億ドル）。",
        [
            ("3,900億円", 390_000_000_000, "JPY", None, None, None),
            ("26億ドル", 2_600_000_000, "USD", "approx", None, None),
        ],
    ),
    (
        "It costs half a billion dollars, or twenty million pounds a year.",
        [
            ("half a billion dollars", 500 * M, "USD", None, None, None),
            ("twenty million pounds", 20 * M, "GBP", None, None, None),
        ],
    ),
    (
        "Seoul will offer a billion dollars and one trillion won.",
        [
            ("a billion dollars", B, "USD", None, None, None),
            ("one trillion won", CHO, "KRW", None, None, None),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_mentions(text: str, expected: list[tuple]) -> None:
    got = find_mentions(text)
    assert [_row(m) for m in got] == expected
    for m in got:
        assert text[m.start : m.end] == m.as_written


def test_bare_dollar_follows_the_caller() -> None:
    (m,) = find_mentions("Ottawa announces $150 million for photonics.", dollar="CAD")
    assert (m.currency, m.currency_basis) == ("CAD", "context")
    (m,) = find_mentions("Ottawa announces C$150 million for photonics.", dollar="CAD")
    assert (m.currency, m.currency_basis) == ("CAD", "explicit")
    (m,) = find_mentions("Washington announces $150 million.")
    assert (m.currency, m.currency_basis) == ("USD", "context")
    (m,) = find_mentions("A 150 million dollars grant.", dollar="CAD")
    assert (m.currency, m.currency_basis) == ("USD", "explicit")


def test_bare_yen_sign_follows_the_caller() -> None:
    (m,) = find_mentions("Beijing's ¥344 billion fund.", yen="CNY")
    assert (m.currency, m.currency_basis) == ("CNY", "context")
    (m,) = find_mentions("Tokyo's ¥344 billion fund.")
    assert (m.currency, m.currency_basis) == ("JPY", "context")
    (m,) = find_mentions("基金に￥1,000億を拠出。")
    assert (m.as_written, m.amount, m.currency) == ("￥1,000億", 100_000_000_000, "JPY")
    (m,) = find_mentions("Tokyo's 344 billion yen fund.", yen="CNY")
    assert (m.currency, m.currency_basis) == ("JPY", "explicit")


def test_negative_marks() -> None:
    (m,) = find_mentions("収支は▲120億円となった。")
    assert (m.negative, m.amount) == (True, 12_000_000_000)
    (m,) = find_mentions("収支は▲約120億円となった。")
    assert (m.negative, m.amount, m.qualifier) == (True, 12_000_000_000, "approx")
    (m,) = find_mentions("収支は120億円となった。")
    assert m.negative is False
    (m,) = find_mentions("Exports fell 4%.")
    assert (m.negative, m.percent, m.unit) == (True, -4.0, "percent")
    (m,) = find_mentions("The budget was halved.")
    assert (m.negative, m.percent, m.unit) == (True, -50.0, "ratio")


def test_units() -> None:
    money, pct, ratio = find_mentions("It costs $5 billion, up 13%, or 1.5倍.")
    assert (money.unit, pct.unit, ratio.unit) == ("money", "percent", "ratio")
    assert pct.amount is None and pct.currency is None
    assert ratio.amount is None and ratio.currency is None


def test_offsets_map_back_to_the_original_text() -> None:
    text = "ｏｎｅ：　１，２３４億円、二つ目：５億㌦、三つ目：$5bn"
    got = find_mentions(text)
    assert [m.as_written for m in got] == ["１，２３４億円", "５億㌦", "$5bn"]
    assert [m.amount for m in got] == [123_400_000_000, 500_000_000, 5 * B]
    assert got[1].currency == "USD"
    for m in got:
        assert text[m.start : m.end] == m.as_written


def test_a_mention_inside_a_longer_one_is_not_emitted() -> None:
    got = find_mentions("安全研究に約八十八億円、うち十八億円は新規。")
    assert [m.as_written for m in got] == ["八十八億円", "十八億円"]
    assert [m.start for m in got] == [6, 14]


def test_amounts_are_ints_rounded_half_up() -> None:
    (m,) = find_mentions("A grant of $1.0000005 million.")
    assert m.amount == 1_000_001 and isinstance(m.amount, int)
    (m,) = find_mentions("A grant of $0.0000004 million.")
    assert m.amount == 0


def test_mentions_are_sorted_and_disjoint() -> None:
    text = "約3,000億円（$20 billion）と、最大4760億円、13%増、$6-$8 billion、1.5倍。"
    got = find_mentions(text)
    assert [m.start for m in got] == sorted(m.start for m in got)
    for a, b in zip(got, got[1:], strict=False):
        assert a.end <= b.start


def test_empty_and_textless_inputs() -> None:
    assert find_mentions("") == []
    assert find_mentions("no figures here at all") == []
    assert find_mentions("１２３４５") == []


def test_kanji_tenths_ratio():
    found = [(m.as_written, m.percent) for m in find_mentions("前年度比で約三割の増額。役割を担う。")]
    assert found == [("三割", 30.0)]


def test_sign_mark_written_against_a_figure_is_part_of_it():
    text = (
        "特別会計は２４０億円（同＋５．５％）、"
        "交付金は９０億円（前年度１１０億円、▲２０億円）。前年比＋２％。"
    )
    got = [(m.as_written, m.percent, m.negative) for m in find_mentions(text)]
    assert ("＋５．５％", 5.5, False) in got
    assert ("▲２０億円", None, True) in got
    assert ("＋２％", 2.0, False) in got
    english = [m.as_written for m in find_mentions("The fund got $4 billion (+7.5% on the year); 2+3% no.")]
    assert "+7.5%" in english and "3%" in english

from datetime import date

import pytest

from pipelines.lib.reconcile import (
    Aliases,
    FactRow,
    agree,
    conflicts,
    mark_alternatives,
    name_key,
    reconcile,
    rounding_unit,
    same_figure,
)


def fact(fact_id, amount, *, document="d1", source="s1", publisher="news", as_written="", **over):
    base = dict(
        fact_id=fact_id,
        document=document,
        source_id=source,
        url=None,
        publisher_type=publisher,
        published=date(2025, 12, 26),
        as_written=as_written or str(amount),
        sentence="",
        amount=amount,
        currency="JPY",
        amount_jpy=amount,
        amount_usd=None,
        kind="allocation",
        sector="semiconductors",
        stage="draft",
        instrument="subsidy",
        recipient=None,
        government="Japan",
        agency="METI",
        fiscal_year=2026,
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
    ministry = fact(
        "f2",
        1_239_000_000_000,
        document="meti",
        source="meti",
        publisher="ministry",
        as_written="1兆2390億円",
    )
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
    assert {pairs[0].a.best.amount, pairs[0].b.best.amount} == {150_000_000_000, 100_000_000_000}
    assert pairs[0].relation == "disagreement"


def test_unnamed_lines_of_one_sector_do_not_conflict():
    lines = reconcile([fact("f1", 5_000_000_000, source="a"), fact("f2", 12_200_000_000, source="b")])
    assert len(lines) == 2
    assert conflicts(lines) == []


def test_different_years_or_stages_are_different_lines():
    lines = reconcile(
        [fact("f1", 10**11), fact("f2", 10**11, fiscal_year=2025), fact("f3", 10**11, stage="request")]
    )
    assert len(lines) == 3


def test_reconcile_is_deterministic_whatever_the_order():
    facts = [
        fact("f1", 1_230_000_000_000, source="a"),
        fact("f2", 1_239_000_000_000, source="b", publisher="ministry"),
        fact("f3", 387_300_000_000, source="a", sector="ai"),
        fact("f4", 150_000_000_000, source="c", recipient="Rapidus", instrument="equity"),
    ]
    first = [
        (line.line_id, line.best.fact_id, sorted(f.fact_id for f in line.facts)) for line in reconcile(facts)
    ]
    second = [
        (line.line_id, line.best.fact_id, sorted(f.fact_id for f in line.facts))
        for line in reconcile(facts[::-1])
    ]
    assert first == second


def test_of_which_figure_is_nested_in_the_larger_one_of_the_same_document():
    total = fact(
        "f1",
        1_230_000_000_000,
        sector="mixed",
        sentence="METI sets aside ¥1.23 trillion for chips and AI.",
        as_written="¥1.23 trillion",
        start=16,
    )
    part = fact(
        "f2",
        387_300_000_000,
        sector="ai",
        as_written="¥387.3 billion",
        start=70,
        sentence="Of which ¥387.3 billion goes to domestic AI models.",
    )
    lines = {line.best.fact_id: line for line in reconcile([total, part])}
    assert lines["f2"].parent_line_id == lines["f1"].line_id
    assert lines["f1"].parent_line_id is None


def test_same_figure_in_two_currencies_agrees_through_yen_within_fx_tolerance():
    yen = fact("f1", 1_239_000_000_000, as_written="1兆2390億円")
    dollars = fact(
        "f2",
        8_000_000_000,
        currency="USD",
        amount_jpy=1_216_000_000_000,
        as_written="$8 billion",
        document="d2",
    )
    far = fact("f3", 10_000_000_000, currency="USD", amount_jpy=1_520_000_000_000, as_written="$10 billion")
    assert same_figure(yen, dollars)
    assert not same_figure(yen, far)
    lines = reconcile([yen, dollars])
    assert len(lines) == 1 and lines[0].best.fact_id == "f1" and lines[0].best.currency == "JPY"


def test_an_unsaid_agency_joins_the_one_line_that_says_it_but_not_two():
    meti = fact("f1", 1_239_000_000_000, source="meti", publisher="ministry")
    unsaid = fact("f2", 1_230_000_000_000, source="wire", agency=None, document="d2")
    lines = reconcile([meti, unsaid])
    assert len(lines) == 1 and lines[0].key.agency == "METI" and len(lines[0].facts) == 2
    mext = fact("f3", 1_235_000_000_000, source="mext", agency="MEXT", document="d3")
    lines = reconcile([meti, unsaid, mext])
    assert sorted((line.key.agency or "", len(line.facts)) for line in lines) == [
        ("", 1),
        ("METI", 1),
        ("MEXT", 1),
    ]


def test_unknown_stage_and_year_are_filled_from_the_specific_line():
    precise = fact("f1", 150_000_000_000, recipient="Rapidus", instrument="equity")
    vague = fact(
        "f2",
        150_000_000_000,
        recipient="Rapidus",
        instrument="unknown",
        stage="unknown",
        fiscal_year=None,
        document="d2",
        source="s2",
    )
    lines = reconcile([precise, vague])
    assert len(lines) == 1
    assert (lines[0].key.stage, lines[0].key.fiscal_year, lines[0].key.instrument) == (
        "draft",
        2026,
        "equity",
    )


def test_recipients_are_canonical_through_the_alias_table_and_name_folding():
    aliases = Aliases([("Rapidus", "recipient", "ラピダス"), ("METI", "agency", "経済産業省")])
    a = fact("f1", 150_000_000_000, recipient="ラピダス", agency="経済産業省", document="a", source="a")
    b = fact("f2", 150_000_000_000, recipient="Rapidus Corp.", document="b", source="b")
    c = fact("f3", 150_000_000_000, recipient="RAPIDUS CORPORATION", document="c", source="c")
    lines = reconcile([a, b, c], aliases)
    assert len(lines) == 1 and lines[0].recipient == "Rapidus" and lines[0].key.agency == "METI"
    assert name_key("Ｒａｐｉｄｕｓ株式会社") == name_key("rapidus") == "rapidus"


def test_nesting_needs_a_marker_between_the_figures():
    sentence = "AI・半導体に1兆2390億円、うちAIに3873億円を計上する。"
    parent = fact("f1", 1_239_000_000_000, sector="mixed", sentence=sentence, as_written="1兆2390億円")
    child = fact("f2", 387_300_000_000, sector="ai", sentence=sentence, as_written="3873億円")
    lines = {line.best.fact_id: line for line in reconcile([parent, child])}
    assert lines["f2"].parent_line_id == lines["f1"].line_id
    plain = (
        "It sets ¥1.23 trillion for chips and AI, including support for Rapidus, and ¥5 billion for minerals."
    )
    big = fact("f3", 1_230_000_000_000, sector="mixed", sentence=plain, as_written="¥1.23 trillion")
    small = fact("f4", 5_000_000_000, sector="critical_minerals", sentence=plain, as_written="¥5 billion")
    lines = reconcile([big, small])
    assert all(line.parent_line_id is None for line in lines)


def test_a_figure_inside_a_whole_budget_points_to_it_across_sectors():
    sentence = "The energy special account of ¥1.5 trillion includes ¥300 billion for chip plants."
    account = fact(
        "f1",
        1_500_000_000_000,
        kind="total_budget",
        sector="energy",
        sentence=sentence,
        as_written="¥1.5 trillion",
    )
    chips = fact("f2", 300_000_000_000, sector="semiconductors", sentence=sentence, as_written="¥300 billion")
    lines = {line.best.fact_id: line for line in reconcile([account, chips])}
    assert lines["f2"].parent_line_id == lines["f1"].line_id


def test_an_earlier_stage_of_the_same_money_is_superseded_but_a_different_amount_is_not():
    request = fact(
        "f1", 150_000_000_000, stage="request", recipient="Rapidus", instrument="equity", document="a"
    )
    draft = fact("f2", 150_000_000_000, stage="draft", recipient="Rapidus", instrument="equity", document="b")
    supplementary = fact(
        "f3", 150_000_000_000, stage="supplementary", recipient="Rapidus", instrument="equity", document="c"
    )
    other = fact(
        "f4",
        90_000_000_000,
        stage="request",
        recipient="Rapidus",
        instrument="equity",
        document="d",
        fiscal_year=2025,
    )
    lines = {line.best.fact_id: line for line in reconcile([request, draft, supplementary, other])}
    assert lines["f1"].superseded_by == lines["f3"].line_id  # the most advanced stage reporting it
    assert lines["f2"].superseded_by == lines["f3"].line_id
    assert lines["f3"].superseded_by is None and lines["f4"].superseded_by is None


def test_two_values_in_one_document_are_two_figures_not_a_conflict():
    preliminary = fact(
        "f1",
        6_400_000_000,
        currency="USD",
        recipient="Samsung",
        stage="announced",
        document="a",
        qualifier="up_to",
    )
    final = fact(
        "f2",
        4_745_000_000,
        currency="USD",
        recipient="Samsung",
        stage="announced",
        document="a",
        qualifier="up_to",
    )
    assert conflicts(reconcile([preliminary, final])) == []


def test_a_later_different_value_is_a_revision_and_wins():
    early = fact(
        "f1",
        8_500_000_000,
        currency="USD",
        recipient="Intel",
        stage="announced",
        document="a",
        published=date(2024, 3, 20),
        source="a",
    )
    late = fact(
        "f2",
        7_865_000_000,
        currency="USD",
        recipient="Intel",
        stage="announced",
        document="b",
        published=date(2024, 11, 26),
        source="b",
    )
    found = conflicts(reconcile([early, late]))
    assert len(found) == 1 and found[0].relation == "revision"
    assert found[0].a.best.fact_id == "f2"
    mark_alternatives(found)
    assert found[0].b.alternative_to == found[0].a.line_id and found[0].a.alternative_to is None


def test_a_cap_and_a_value_under_it_do_not_conflict():
    cap = fact("f1", 1_500_000_000_000, qualifier="at_least", recipient="X", document="a", source="a")
    value = fact("f2", 1_523_000_000_000, recipient="X", document="b", source="b")
    lines = reconcile([cap, value])
    assert conflicts(lines) == []


def test_cumulative_totals_growing_over_time_do_not_conflict_but_shrinking_ones_do():
    def total(fid, amount, day):
        return fact(
            fid,
            amount,
            kind="cumulative_total",
            recipient="Rapidus",
            fiscal_year=None,
            document=fid,
            source=fid,
            published=day,
        )

    grew = reconcile(
        [total("a", 920_000_000_000, date(2024, 4, 2)), total("b", 1_722_500_000_000, date(2025, 4, 1))]
    )
    assert conflicts(grew) == []
    shrank = reconcile(
        [total("a", 1_722_500_000_000, date(2024, 4, 2)), total("b", 920_000_000_000, date(2025, 4, 1))]
    )
    assert [c.relation for c in conflicts(shrank)] == ["revision"]
    same_day = reconcile(
        [total("a", 1_722_500_000_000, date(2025, 4, 1)), total("b", 1_500_000_000_000, date(2025, 4, 1))]
    )
    assert [c.relation for c in conflicts(same_day)] == ["disagreement"]


def test_unnamed_lines_conflict_only_when_near_each_other():
    near = reconcile(
        [
            fact("f1", 387_300_000_000, document="a", source="a", publisher="ministry"),
            fact("f2", 378_300_000_000, document="b", source="b"),
        ]
    )
    found = conflicts(near)
    assert len(found) == 1 and found[0].a.best.fact_id == "f1" and str(found[0].difference_pct) == "2.38"
    far = reconcile(
        [
            fact("f1", 387_300_000_000, document="a", source="a"),
            fact("f2", 122_000_000_000, document="b", source="b"),
        ]
    )
    assert conflicts(far) == []


def test_line_ids_do_not_collide():
    lines = reconcile([fact(f"f{i}", (i + 1) * 10**11, document=f"d{i}") for i in range(30)])
    assert len({line.line_id for line in lines}) == len(lines) == 30


def test_two_facts_of_one_document_are_two_figures_even_when_equal():
    a = fact("f1", 5_000_000_000, recipient_as_written=None, document="d", source="s")
    b = fact("f2", 5_000_000_000, document="d", source="s")
    lines = reconcile([a, b])
    assert len(lines) == 2 and len({line.line_id for line in lines}) == 2


def test_a_name_outside_the_alias_table_does_not_split_a_line_but_is_kept():
    aliases = Aliases([("Rapidus", "recipient", "Rapidus")])
    a = fact(
        "f1", 1_239_000_000_000, sector="mixed", recipient="chips and AI in FY2026", document="a", source="a"
    )
    b = fact(
        "f2", 1_230_000_000_000, sector="mixed", recipient="advanced semiconductors", document="b", source="b"
    )
    c = fact("f3", 1_200_000_000_000, sector="mixed", document="c", source="c")
    lines = reconcile([a, b, c], aliases)
    assert len(lines) == 1 and lines[0].recipient is None and len(lines[0].facts) == 3
    assert lines[0].recipient_as_written in ("chips and AI in FY2026", "advanced semiconductors")


def test_the_kind_is_part_of_the_item():
    allocation = fact("f1", 5_000_000_000, sector="critical_minerals", document="a", source="a")
    budget = fact(
        "f2", 5_000_000_000, sector="critical_minerals", kind="total_budget", document="b", source="b"
    )
    assert sorted(line.key.kind for line in reconcile([allocation, budget])) == ["allocation", "total_budget"]


def test_a_headline_rounding_and_the_body_figure_of_one_document_are_one_line():
    headline = fact(
        "f1", 7_860_000_000, currency="USD", recipient="Intel", document="d", as_written="$7.86 billion"
    )
    body = fact(
        "f2", 7_865_000_000, currency="USD", recipient="Intel", document="d", as_written="$7.865 billion"
    )
    lines = reconcile([headline, body])
    assert len(lines) == 1 and lines[0].best.fact_id == "f2"


def test_values_far_apart_are_two_items_not_a_conflict():
    total = fact("f1", 3_069_300_000_000, kind="total_budget", document="a", source="a")
    all_ministries = fact("f2", 122_445_400_000_000, kind="total_budget", document="b", source="b")
    assert conflicts(reconcile([total, all_ministries])) == []


def test_a_marker_describing_the_larger_figure_does_not_nest_the_figure_before_it():
    sentence = "重要鉱物の安定供給確保に50億円、次世代革新炉を含む脱炭素関連に1,220億円を計上しています。"
    minerals = fact("f1", 5_000_000_000, sector="critical_minerals", sentence=sentence, as_written="50億円")
    carbon = fact("f2", 122_000_000_000, sector="decarbonization", sentence=sentence, as_written="1,220億円")
    assert all(line.parent_line_id is None for line in reconcile([minerals, carbon]))
    inside = "AIに3873億円を含む1兆2390億円を計上する。"
    ai = fact("f3", 387_300_000_000, sector="ai", sentence=inside, as_written="3873億円")
    total = fact("f4", 1_239_000_000_000, sector="mixed", sentence=inside, as_written="1兆2390億円")
    lines = {line.best.fact_id: line for line in reconcile([ai, total])}
    assert lines["f3"].parent_line_id == lines["f4"].line_id


# ------------------------------------------------------------------------------------------------
# Scale: blocking must give exactly what comparing every pair gives, in any input order
# ------------------------------------------------------------------------------------------------


# ------------------------------------------------------------------------------------------------
# One conflict per losing line
# ------------------------------------------------------------------------------------------------


def _rapidus(fact_id, amount, source, publisher="news"):
    return fact(fact_id, amount, document=source, source=source, publisher=publisher, recipient="Rapidus")


def test_k_lines_that_all_disagree_give_k_minus_1_conflicts_against_the_preferred_line():
    ministry = _rapidus("m", 100_000_000_000, "meti", publisher="ministry")
    others = [_rapidus(f"n{i}", (110 + 10 * i) * 10**9, f"wire-{i}") for i in range(4)]
    lines = reconcile([ministry, *others])
    found = conflicts(lines)
    assert len(lines) == 5 and len(found) == 4
    top = next(line for line in lines if line.best.fact_id == "m")
    assert {c.a.line_id for c in found} == {top.line_id}
    assert sorted(c.b.line_id for c in found) == sorted(line.line_id for line in lines if line is not top)
    mark_alternatives(found)
    assert top.alternative_to is None
    assert all(line.alternative_to == top.line_id for line in lines if line is not top)


def test_a_line_loses_to_the_most_authoritative_line_that_beats_it_even_one_that_loses_too():
    # 100 and 300 are too far apart to be one item disagreed on; 180 disagrees with both
    a = _rapidus("a", 100_000_000_000, "meti", publisher="ministry")
    b1 = _rapidus("b1", 180_000_000_000, "wire-1")
    b2 = _rapidus("b2", 180_000_000_000, "wire-2")
    c = _rapidus("c", 300_000_000_000, "wire-3")
    lines = reconcile([a, b1, b2, c])
    by_fact = {line.best.fact_id: line for line in lines}
    found = conflicts(lines)
    assert {(x.a.best.fact_id, x.b.best.fact_id) for x in found} == {("a", "b1"), ("b1", "c")}
    assert len(by_fact["b1"].sources) == 2  # more sources than c: b1 is preferred to it
    mark_alternatives(found)
    assert by_fact["b1"].alternative_to == by_fact["a"].line_id
    assert by_fact["c"].alternative_to == by_fact["b1"].line_id


def test_a_later_value_beats_an_earlier_ministry_one_and_a_line_losing_to_both_points_to_the_ministry():
    usd = dict(currency="USD", recipient="Intel", stage="announced")
    march, november = date(2024, 3, 20), date(2024, 11, 26)
    ministry = fact(
        "m", 8_500_000_000, document="m", source="m", publisher="ministry", published=march, **usd
    )
    same_time = fact("n", 8_000_000_000, document="wire", source="wire", published=march, **usd)
    later = fact("l", 7_865_000_000, document="final", source="final", published=november, **usd)
    lines = reconcile([ministry, same_time, later])
    found = {(c.a.best.fact_id, c.b.best.fact_id): c.relation for c in conflicts(lines)}
    # n loses to m (a disagreement) and to l (a revision): it is m's alternative, listed once
    assert found == {("l", "m"): "revision", ("m", "n"): "disagreement"}


def _disputed_facts(n, seed):
    """Reports of a few items with amounts drawn at random (most pairs of an item disagree), over a
    few months, some in dollars, some nested ("of which") in a larger figure of their document."""
    import random

    rng = random.Random(seed)
    out = []
    for i in range(n):
        amount = rng.randint(60, 240) * 10 ** rng.choice([9, 9, 8])
        usd = rng.random() < 0.15
        document = f"d{rng.randrange(n // 2)}"
        out.append(
            fact(
                f"f{i:04d}",
                amount // 150 if usd else amount,
                document=document,
                source=f"s{rng.randrange(12)}",
                publisher=rng.choice(["news", "news", "ministry"]),
                published=date(2025, rng.choice([3, 3, 4, 9]), rng.randint(1, 3)),
                currency="USD" if usd else "JPY",
                amount_jpy=amount,
                recipient=rng.choice(["Rapidus", "TSMC", None]),
                agency=rng.choice(["METI", None]),
                stage=rng.choice(["draft", "initial"]),
                kind=rng.choice(["allocation", "allocation", "cumulative_total"]),
                qualifier=rng.choice([None, None, None, "up_to"]),
            )
        )
    return out


@pytest.mark.parametrize("seed", [3, 9])
def test_conflicts_keep_of_every_disagreeing_pair_the_preferred_winner_of_each_loser(seed):
    """Against every pair compared: each line losing a conflict is listed once, against the most
    authoritative line it loses to; no other line is listed as a loser."""
    from pipelines.lib import reconcile as module

    aliases = Aliases([("Rapidus", "recipient", "Rapidus"), ("TSMC", "recipient", "TSMC")])
    lines = reconcile(_disputed_facts(400, seed), aliases)
    parent_of = {line.line_id: line.parent_line_id for line in lines if line.parent_line_id}
    facets = {
        ln.line_id: module._Facets(ln, ln.documents, ln.dates(), module._ancestors(ln.line_id, parent_of))
        for ln in lines
    }
    winners: dict[str, list] = {}
    for x in lines:
        for y in lines:
            # one item (`_same_item`) needs equal keys but for the agency
            if x.line_id < y.line_id and x.key._replace(agency=None) == y.key._replace(agency=None):
                pair = module._conflict(facets[x.line_id], facets[y.line_id])
                if pair is not None:
                    winners.setdefault(pair.b.line_id, []).append(pair.a)
    assert len(winners) > 100, "the set should hold many conflicts"
    assert sum(len(ws) > 1 for ws in winners.values()) > 50, "and lines losing several"
    expected = {loser: min(ws, key=module.authority).line_id for loser, ws in winners.items()}
    found = conflicts(lines)
    assert {c.b.line_id: c.a.line_id for c in found} == expected
    assert len(found) == len(expected)
    subset = set(sorted(expected)[::3])
    assert {c.b.line_id: c.a.line_id for c in conflicts(lines, losers=subset)} == {
        k: v for k, v in expected.items() if k in subset
    }


def _synthetic_facts(n, seed, dense=False):
    """`n` facts spread over few keys, with wildcards, near-equal amounts, two currencies, tiny figures
    (`dense`: a handful of amounts, so that nearly every pair of a key is compared)."""
    import random

    rng = random.Random(seed)
    facts = []
    for i in range(n):
        if dense:
            base = rng.choice([5, 12, 38, 150, 387, 1230, 1239, 4647]) * 10 ** rng.choice([6, 8, 9])
        elif facts and rng.random() < 0.15:
            base = rng.choice(facts).amount  # another report of a figure already seen
        else:
            base = rng.randint(10, 9_999) * 10 ** rng.randint(6, 10)
        amount = base + rng.choice([0, 0, 0, 1, -1]) * base // rng.choice([10, 50, 200, 1000])
        if rng.random() < 0.01:
            amount = rng.randint(1, 12)  # figures too small for their rounding to bound an FX match
        currency = "USD" if rng.random() < 0.2 else "JPY"
        jpy = amount * 150 if currency == "USD" else amount
        if currency == "USD" and rng.random() < 0.05:
            jpy = None
        facts.append(
            fact(
                f"f{i:06d}",
                amount,
                document=f"d{rng.randrange(n // 3 + 1)}",
                source=f"s{rng.randrange(40)}",
                publisher=rng.choice(["news", "news", "ministry"]),
                published=date(2025, rng.randint(1, 12), rng.randint(1, 28)),
                currency=currency,
                amount_jpy=jpy,
                kind=rng.choice(["allocation", "allocation", "total_budget", "bond", "cumulative_total"]),
                sector=rng.choice(["semiconductors", "defense", "energy"]),
                stage=rng.choice(["draft", "initial", "unknown", "request"]),
                instrument=rng.choice(["subsidy", "unknown"]),
                recipient=rng.choice([None, None, "Rapidus", "TSMC"]),
                government=rng.choice(["Japan", "Japan", None]),
                agency=rng.choice(["METI", "MOD", None]),
                fiscal_year=rng.choice([2025, 2026, None]),
                qualifier=rng.choice([None, None, "approx", "up_to"]),
            )
        )
    return facts


def _outcome(facts):
    lines = reconcile(facts, Aliases([("Rapidus", "recipient", "Rapidus Corp")]))
    found = conflicts(lines)
    mark_alternatives(found)
    return (
        [
            (ln.line_id, ln.key, [f.fact_id for f in ln.facts], ln.parent_line_id, ln.superseded_by)
            + (ln.alternative_to,)
            for ln in lines
        ],
        [(c.a.line_id, c.b.line_id, c.relation) for c in found],
    )


def test_blocking_gives_what_comparing_every_pair_gives(monkeypatch):
    import copy

    from pipelines.lib import reconcile as module

    facts = _synthetic_facts(1_500, seed=7, dense=True)
    blocked = _outcome(copy.deepcopy(facts))
    assert blocked[1], "the synthetic set should hold conflicts"

    monkeypatch.setattr(module, "_figure_near", lambda index, f: list(index.items))
    monkeypatch.setattr(
        module, "_conflict_candidates", lambda index, f: index.near(f, (-(10**40), 10**40), None)
    )
    assert _outcome(copy.deepcopy(facts)) == blocked


def test_reconciling_20000_facts_finishes_and_ignores_input_order():
    import copy
    import random
    import time

    facts = _synthetic_facts(20_000, seed=11)
    started = time.perf_counter()
    first = _outcome(copy.deepcopy(facts))
    elapsed = time.perf_counter() - started
    shuffled = copy.deepcopy(facts)
    random.Random(5).shuffle(shuffled)
    assert _outcome(shuffled) == first
    assert len(first[0]) > 1_000
    assert elapsed < 120, f"reconciling 20,000 facts took {elapsed:.0f}s"


# ------------------------------------------------------------------------------------------------
# Independent units (pipelines/lib/line_units.py): reconciling each alone is reconciling everything
# ------------------------------------------------------------------------------------------------


def _random_facts(seed: int, n: int) -> list[FactRow]:
    """Facts with amounts at and around rounding boundaries, in two currencies, with unsaid fields."""
    import random

    rng = random.Random(seed)
    out = []
    for i in range(n):
        base = rng.choice([1_239, 1_240, 1_238, 1_230, 1_200, 1_250, 1_100, 2_400, 600]) * 10**9
        amount = base + rng.choice([0, 0, 0, 1, -1, 5]) * 10 ** rng.choice([6, 8, 9])
        usd = rng.random() < 0.2
        out.append(
            fact(
                f"f{i:03d}",
                amount // 150 if usd else amount,
                document=f"d{rng.randint(0, n // 3)}",
                source=rng.choice(["s1", "s2", "s3"]),
                publisher=rng.choice(["news", "ministry"]),
                published=date(2025, rng.randint(1, 12), rng.randint(1, 28)),
                currency="USD" if usd else "JPY",
                amount_jpy=amount + rng.choice([0, 0, 3 * 10**9]),
                kind=rng.choice(["allocation", "allocation", "total_budget"]),
                stage=rng.choice(["draft", "initial", "unknown", "request"]),
                instrument=rng.choice(["subsidy", "unknown"]),
                recipient=rng.choice([None, None, "Rapidus"]),
                government=rng.choice(["Japan", "Japan", None, "South Korea"]),
                agency=rng.choice(["METI", None, "MOF"]),
                fiscal_year=rng.choice([2026, 2026, None, 2025]),
            )
        )
    return out


def _lines_by_id(lines):
    return {
        line.line_id: (
            line.key,
            sorted(f.fact_id for f in line.facts),
            line.best.fact_id,
            line.superseded_by,
            line.alternative_to,
        )
        for line in lines
    }


@pytest.mark.parametrize("seed", range(8))
def test_components_reconciled_alone_give_the_lines_of_reconciling_everything(seed):
    from pipelines.lib.line_units import fact_components, facts_link, link_fact
    from pipelines.lib.reconcile import form_lines, line_facts

    aliases = Aliases([("Rapidus", "recipient", "Rapidus Corp")])
    facts = line_facts(_random_facts(seed, 90), aliases)
    whole = form_lines(facts)
    component = fact_components(link_fact(f) for f in facts)
    # the components are exactly the chains of `facts_link` (checked pair by pair)
    links = [link_fact(f) for f in facts]
    for a in links:
        for b in links:
            if facts_link(a, b):
                assert component[a.fact_id] == component[b.fact_id]
    by_component: dict[str, list] = {}
    for f in facts:
        by_component.setdefault(component[f.fact_id], []).append(f)
    assert len(by_component) > 3  # the amounts split the facts
    alone = [line for members in by_component.values() for line in form_lines(members, len(members) == 1)]
    assert _lines_by_id(alone) == _lines_by_id(whole)


@pytest.mark.parametrize("seed", range(8))
def test_every_conflict_is_between_linked_lines(seed):
    from pipelines.lib.line_units import LineValue, conflict_link, linked_lines
    from pipelines.lib.reconcile import form_lines, line_facts

    lines = form_lines(line_facts(_random_facts(100 + seed, 120), Aliases()))
    found = conflicts(lines)
    value = {
        ln.line_id: LineValue(ln.line_id, ln.key, ln.best.currency, ln.best.amount, ln.best.amount_jpy)
        for ln in lines
    }
    assert found
    assert all(conflict_link(value[c.a.line_id], value[c.b.line_id]) for c in found)
    for c in found:
        assert c.b.line_id in linked_lines(list(value.values()), [value[c.a.line_id]])
    # links are the exception, not the rule: changing one line redoes only a few others
    pairs = [(x, y) for x in value.values() for y in value.values() if x.line_id < y.line_id]
    assert sum(conflict_link(x, y) for x, y in pairs) < len(pairs) / 4


@pytest.mark.parametrize("seed", range(8))
def test_new_losers_are_the_lines_whose_conflict_the_new_lines_change(seed):
    """An update redoes the conflict of a line that is not new only when its winner went, or when
    `new_losers` says a new line now beats it first: exactly the lines whose conflict changes."""
    import random

    from pipelines.lib.reconcile import new_losers

    rng = random.Random(seed)
    aliases = Aliases([("Rapidus", "recipient", "Rapidus"), ("TSMC", "recipient", "TSMC")])
    lines = reconcile(_disputed_facts(300, seed), aliases)
    # some lines inside others (a line never conflicts with its ancestors)
    parent_of = {
        ln.line_id: rng.choice(lines[:i]).line_id for i, ln in enumerate(lines) if i and rng.random() < 0.2
    }
    new = {ln.line_id for ln in rng.sample(lines, len(lines) // 10)}
    old_lines = [ln for ln in lines if ln.line_id not in new]
    before = {c.b.line_id: c.a.line_id for c in conflicts(old_lines, parent_of)}
    after = {c.b.line_id: c.a.line_id for c in conflicts(lines, parent_of)}
    changed = {ln.line_id for ln in old_lines if before.get(ln.line_id) != after.get(ln.line_id)}
    assert changed and len(changed) < len(old_lines) / 2
    assert new_losers(lines, parent_of, new, before) == changed
    # redoing those (and the new lines) against every line gives the conflicts of all lines
    redone = {c.b.line_id: c.a.line_id for c in conflicts(lines, parent_of, changed | new)}
    kept = {loser: winner for loser, winner in before.items() if loser not in changed}
    assert {**kept, **redone} == after


@pytest.mark.parametrize("seed", range(6))
def test_key_clusters_found_through_the_figure_index_are_those_of_trying_every_cluster(seed):
    """A fact joins the first cluster of its key it can join; the index only skips clusters whose
    first fact cannot be the same figure (amounts at rounding boundaries, two currencies)."""
    import random

    from pipelines.lib import reconcile as module

    rng = random.Random(seed)
    facts = []
    for i in range(400):
        base = rng.choice([1_239, 1_240, 1_238, 1_230, 1_200, 1_250, 1_100, 2_400, 600]) * 10**9
        amount = base + rng.choice([0, 0, 0, 1, -1, 5]) * 10 ** rng.choice([6, 8, 9])
        usd = rng.random() < 0.2
        facts.append(
            fact(
                f"f{i:03d}",
                amount // 150 if usd else amount,
                document=f"d{rng.randint(0, 150)}",
                currency="USD" if usd else "JPY",
                amount_jpy=amount + rng.choice([0, 0, 3 * 10**9]),
                agency=rng.choice(["METI", None]),
                published=date(2025, rng.randint(1, 12), rng.randint(1, 28)),
            )
        )
    facts = module.line_facts(facts, Aliases())
    groups: dict = {}
    for f in facts:
        groups.setdefault(module.line_key(f), []).append(f)
    assert max(len(members) for members in groups.values()) > 16  # the index is used
    expected = []
    for key in sorted(groups, key=module._key_text):
        clusters: list[list] = []
        for item in sorted(groups[key], key=module.precision_rank):
            for cluster in clusters:
                if module._can_join([item], cluster):
                    cluster.append(item)
                    break
            else:
                clusters.append([item])
        expected.extend((key, [f.fact_id for f in cluster]) for cluster in clusters)
    assert [(c.key, [f.fact_id for f in c.facts]) for c in module._key_clusters(facts)] == expected

"""The scorer: matching, counting (TP / FP / FN, neutral `other`), attribute rules, the summary line."""

import io
import json
from pathlib import Path

import pytest

from pipelines.lib.evaluate import (
    amounts_agree,
    gold_fiscal_year,
    load_document,
    match_document,
    recipient_agrees,
    run_eval,
)
from pipelines.lib.model import Fact

GOLD = Path(__file__).parent / "fixtures" / "gold"


def fact(as_written, amount, currency="USD", kind="allocation", percent=None, **kw):
    base = dict(
        document="d",
        fact_id=f"{as_written}-{kind}",
        as_written=as_written,
        start=0,
        end=len(as_written),
        sentence="",
        amount=amount,
        currency=currency if amount is not None else None,
        percent=percent,
        kind=kind,
        sector="semiconductors",
        stage="unknown",
        instrument="unknown",
        qualifier=None,
        recipient=None,
        government=None,
        agency=None,
        fiscal_year=None,
        fiscal_year_basis=None,
    )
    base.update(kw)
    return Fact(**base)


def gold(as_written, amount, currency="USD", kind="allocation", **kw):
    entry = {"as_written": as_written, "amount": amount, "currency": currency, "kind": kind}
    entry.update(kw)
    return entry


def test_amounts_agree_within_half_a_percent_and_same_currency():
    g = gold("$1,000", 1000)
    assert amounts_agree(fact("$1,004", 1004), g)
    assert not amounts_agree(fact("$1,006", 1006), g)
    assert not amounts_agree(fact("€1,000", 1000, "EUR"), g)
    pct = gold("13%", None, None, "change", percent=13)
    assert amounts_agree(fact("13.4%", None, kind="change", percent=13.4), pct)
    assert not amounts_agree(fact("14%", None, kind="change", percent=14.0), pct)
    assert not amounts_agree(fact("$13", 13), pct)


def test_counting_true_false_missed_and_neutral():
    preds = [
        fact("$3 billion", 3_000_000_000),
        fact("$500 million", 500_000_000),  # gold says other: neutral
        fact("$7 million", 7_000_000),  # no gold: false positive
        fact("$100 billion", 100_000_000_000, kind="other"),  # a prediction of kind other is no claim
        fact("$2 billion", 2_000_000_000, kind="other"),  # gold budget figure predicted as other: a miss
    ]
    golds = [
        gold("$3 billion", 3_000_000_000),
        gold("$500 million", 500_000_000, kind="other"),
        gold("$100 billion", 100_000_000_000, kind="other"),
        gold("$2 billion", 2_000_000_000),
    ]
    matched, false_pos, unmatched = match_document(preds, golds)
    assert sorted((f.as_written, g["kind"]) for f, g in matched) == [
        ("$3 billion", "allocation"),
        ("$500 million", "other"),
    ]
    assert [f.as_written for f in false_pos] == ["$7 million"]
    assert sorted(g["as_written"] for g in unmatched) == ["$100 billion", "$2 billion"]


def test_matching_prefers_as_written_then_takes_the_most_pairs():
    preds = [fact("5 billion euros", 5_000_000_000, "EUR"), fact("€5bn", 5_000_000_000, "EUR")]
    golds = [gold("€5bn", 5_000_000_000, "EUR")]
    matched, false_pos, _ = match_document(preds, golds)
    assert [f.as_written for f, _ in matched] == ["€5bn"]
    assert [f.as_written for f in false_pos] == ["5 billion euros"]
    # A fits both gold figures, B only the first: the pairing keeps both
    a = fact("$1.001 billion", 1_001_000_000)
    b = fact("$1 billion", 1_000_000_000)
    golds = [gold("$1.003 billion", 1_003_000_000), gold("$0.998 billion", 998_000_000)]
    matched, false_pos, unmatched = match_document([a, b], golds)
    assert len(matched) == 2 and not false_pos and not unmatched


def test_equal_amounts_pair_by_their_roles():
    preds = [
        fact("S$5 billion", 5_000_000_000, "SGD", recipient="Future Energy Fund", sector="energy"),
        fact("S$5 billion", 5_000_000_000, "SGD", recipient="Changi Airport", sector="infrastructure"),
    ]
    golds = [
        gold(
            "S$5 billion",
            5_000_000_000,
            "SGD",
            recipient="Changi Airport development fund",
            sector="infrastructure",
        ),
        gold("S$5 billion", 5_000_000_000, "SGD", recipient="Future Energy Fund", sector="energy"),
    ]
    matched, _, _ = match_document(preds, golds)
    assert all(f.recipient in g["recipient"] and f.sector == g["sector"] for f, g in matched)


@pytest.mark.parametrize(
    ("predicted", "gold_text", "ok"),
    [
        (None, None, True),
        ("Samsung", None, False),
        (None, "Samsung Electronics", False),
        ("Samsung", "Samsung Electronics (Taylor & Austin, Texas)", True),
        ("ラピダス", "Rapidus (Chitose, Hokkaido fab)", True),
        ("JASM", "TSMC Kumamoto plant", True),
        ("Intel", "Samsung Electronics", False),
        ("Geological Survey of India", "Geological Survey of India (GSI)", True),
        (
            "new research and development semiconductor facility",
            "new national semiconductor R&D facility",
            True,
        ),
        ("national artificial intelligence computing center", "national AI computing center", True),
        ("semiconductor packaging line", "new memory fab", False),
        ("次世代革新炉", "次世代革新炉 (next-generation innovative reactors) R&D support", True),
        ("研究基盤整備", "J-PARC research infrastructure", False),
        ("the", "the fund", False),
    ],
)
def test_recipient_rule(predicted, gold_text, ok):
    assert recipient_agrees(predicted, gold_text) is ok


def test_gold_fiscal_year():
    assert gold_fiscal_year({"fiscal_year": "FY2026"}) == 2026
    assert gold_fiscal_year({"fiscal_year": None, "fiscal_year_inferred": "FY2025"}) == 2025
    assert gold_fiscal_year({"fiscal_year": "FY2024-25 to FY2030-31"}) == 2024
    assert gold_fiscal_year({"fiscal_year": None}) is None


def test_load_document_drops_inferred_titles():
    url, title, text = load_document(GOLD / "001.txt")
    assert url == "https://example.org/news/micron-award" and title is None
    assert text.startswith("The Commerce Department")
    _, title, _ = load_document(GOLD / "002.txt")
    assert title == "Industry ministry seeks more for Rapidus"


def test_run_eval_on_the_fixture_corpus():
    out = io.StringIO()
    summary = run_eval(GOLD, verbose=True, out=out)
    lines = out.getvalue().strip().splitlines()
    assert json.loads(lines[-1]) == summary
    # 001: $3bn TP (sector deliberately wrong in gold), $500m neutral, $100bn gold other unmatched.
    # 002: 120bn yen and 15% TP; 5bn yen FP (not in gold); 450bn yen predicted other and 9bn yen
    #      absent from the text: two misses.
    assert (summary["matched"], summary["false_positives"], summary["missed"], summary["neutral"]) == (
        3,
        1,
        2,
        1,
    )
    assert (summary["gold"], summary["gold_other"], summary["documents"]) == (5, 2, 2)
    assert summary["precision"] == 0.75 and summary["recall"] == 0.6 and summary["f1"] == 0.6667
    assert summary["kind_accuracy"] == 1.0 and summary["sector_accuracy"] == 0.6667
    assert summary["fiscal_year_accuracy"] == 1.0 and summary["recipient_accuracy"] == 1.0
    text = out.getvalue()
    assert "MISS '450 billion yen'" in text and "MISS '9 billion yen'" in text
    assert "FALSE '5 billion yen'" in text
    assert "WRONG '$3 billion' sector: gold='ai' predicted='semiconductors'" in text
    for key in (
        "precision",
        "recall",
        "f1",
        "kind_accuracy",
        "sector_accuracy",
        "recipient_accuracy",
        "fiscal_year_accuracy",
        "documents",
        "gold",
        "predicted",
        "matched",
        "seconds",
    ):
        assert key in summary

"""Regression guard: extraction quality on our own held-back corpus (tests/corpus_own, see its INDEX.md).

The floors follow the scores measured on 2026-11-25 (f1 0.9971, kind 0.948, sector 0.9249, recipient
0.6185, fiscal year 0.9191), rounded down to the nearest 0.05 and then one step lower, to leave room for
merges of parallel work. Raise them when extraction improves; a drop below a floor means a change helped
dev at the cost of pages it was not tuned on.
"""

import io
from pathlib import Path

import pytest

from pipelines.lib.evaluate import run_eval

CORPUS = Path(__file__).parent / "corpus_own"

FLOORS = {
    "f1": 0.90,
    "kind_accuracy": 0.85,
    "sector_accuracy": 0.85,
    "recipient_accuracy": 0.55,
    "fiscal_year_accuracy": 0.85,
}


@pytest.fixture(scope="module")
def summary() -> dict:
    return run_eval(CORPUS, out=io.StringIO())


def test_corpus_is_complete(summary):
    assert summary["documents"] == 24
    assert summary["gold"] == 174


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_metric_stays_above_floor(summary, metric):
    assert summary[metric] >= FLOORS[metric], f"{metric} fell to {summary[metric]} (floor {FLOORS[metric]})"

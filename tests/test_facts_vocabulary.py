"""Every fact speaks the facts contract's vocabulary (../shared/DESIGN.md, `pipelines.lib.model`).

Run over our two annotated corpora (tests/corpus_own and tests/corpus_holdout): a value outside the
vocabulary (a sector taken from a mistyped alias-table row, say) would reach users' SQL and marts
silently, so the texts are read for the values of every attribute, not scored.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.lib.evaluate import load_document
from pipelines.lib.extract import extract_facts
from pipelines.lib.model import FISCAL_YEAR_BASES, INSTRUMENTS, KINDS, QUALIFIERS, SECTORS, STAGES

CORPORA = [Path(__file__).parent / "corpus_own", Path(__file__).parent / "corpus_holdout"]
TEXTS = sorted(p for corpus in CORPORA for p in corpus.glob("*.txt"))

ALLOWED = {
    "kind": set(KINDS),
    "sector": set(SECTORS),
    "stage": set(STAGES),
    "instrument": set(INSTRUMENTS),
    "qualifier": set(QUALIFIERS) | {None},
    "fiscal_year_basis": set(FISCAL_YEAR_BASES) | {None},
}


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_attribute_is_in_the_vocabulary(path):
    url, title, text = load_document(path)
    facts = extract_facts(text, document=path.stem, url=url, title=title)
    assert facts, "each annotated page has figures"
    for fact in facts:
        for attribute, allowed in ALLOWED.items():
            value = getattr(fact, attribute)
            assert value in allowed, f"{fact.as_written!r}: {attribute}={value!r}"

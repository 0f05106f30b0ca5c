"""Fuzz: `<table>`s nested 20,000 deep parse within the per-document limit and keep their figures.

Finding the innermost tables used to ask every table whether it held another one, walking its whole
subtree each time: 20,000 nested tables took about 40 s, past the limit. Each document runs in a
child process through the isolating runner of `bench/bad_inputs.py`, which names a hang instead of
waiting it out.
"""

from __future__ import annotations

import pytest
from bench_modules import load_bench

from pipelines.lib.documents import parse_document

# the limit tests/test_fuzz_documents.py applies to every hostile input
PER_DOCUMENT_LIMIT_S = 30.0
DEPTH = 20_000

bad = load_bench("bad_inputs")

DATA_TABLE = (
    "<table><caption>単位：億円</caption>"
    "<tr><th>事業</th><th>令和8年度予算</th></tr>"
    "<tr><td>半導体支援</td><td>1,234</td></tr></table>"
)


def _page(inner: str) -> bytes:
    nested = "<table><tr><td>" * DEPTH + inner + "</td></tr></table>" * DEPTH
    return f"<!doctype html><html><body><p>Budget tables</p>{nested}</body></html>".encode()


@pytest.fixture(scope="module")
def outcomes():
    items = [
        bad.BadInput("nested_html", "tables-depth20000-data-inside", _page(DATA_TABLE), "text/html"),
        # the shape of the fuzz family: layout tables opened 20,000 deep, only half of them closed
        bad.BadInput(
            "nested_html",
            "tables-depth20000-unclosed",
            (
                "<!doctype html><html><body>"
                + "<table><tr><td>" * DEPTH
                + "1,234億円"
                + "</td></tr></table>" * (DEPTH // 2)
                + "</body></html>"
            ).encode(),
            "text/html",
        ),
    ]
    return {o.name: o for o in bad.run_isolated(items, limit_s=PER_DOCUMENT_LIMIT_S, workers=2)}


def test_deeply_nested_tables_finish_within_the_limit_without_crashing(outcomes):
    assert [(o.name, o.hang, o.crash) for o in outcomes.values() if o.hang or o.crash] == []
    assert all(o.n_chars > 0 or o.error for o in outcomes.values())


def test_the_data_table_at_the_bottom_of_the_nesting_keeps_its_unit_and_figure(outcomes):
    assert outcomes["tables-depth20000-data-inside"].n_facts >= 1
    doc = parse_document(_page(DATA_TABLE), content_type="text/html")
    assert doc.error is None
    assert len(doc.tables) == 1  # the 20,000 tables around it are layout
    table = doc.tables[0]
    assert (table.unit, table.multiplier, table.currency) == ("億円", 10**8, "JPY")
    assert "半導体支援 令和8年度予算: 1,234億円" in doc.text

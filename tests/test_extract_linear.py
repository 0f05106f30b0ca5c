"""Typing stays linear in the text: a long line dense with related figures (parts of a whole,
conversions, baselines, bracketed changes) costs about twice as much at twice the length.

Every look-back from a figure to an earlier one (the whole a part belongs to, the figure a change or
baseline describes) walks back from the figure's own place, never from the start of the document;
one that scanned from the start made a 1 MB line of such figures take 25 to 50 s instead of ~2 s.
A complexity check (a ratio of CPU times in one process), not a speed target.
"""

from __future__ import annotations

import time

import pytest

from pipelines.lib.extract import extract_facts

UNITS = {
    "parts": "It includes $3 billion for A, and ",
    "baselines_and_conversions": "up from the $4 billion (€3 billion) ",
    "bracketed_changes": "うち１０億円（前年度８億円、▲２億円）",
}


def _cpu_seconds(text: str) -> float:
    started = time.process_time()
    extract_facts(text, document="long-line")
    return time.process_time() - started


@pytest.mark.parametrize("name", list(UNITS))
def test_a_line_dense_with_related_figures_is_typed_in_linear_time(name):
    unit = UNITS[name]
    half = unit * (100_000 // len(unit))
    assert "\n" not in half
    _cpu_seconds(unit * 50)  # warm-up: lexicons and regexes are built once per process
    small = _cpu_seconds(half)
    large = _cpu_seconds(half + half)
    # linear: about 2x; a scan from the start of the text for each figure: 2.8x to 4x here, more later
    assert large < 2.6 * small + 0.2, f"{name}: {large:.2f}s for 200 KB vs {small:.2f}s for 100 KB"

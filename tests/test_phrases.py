"""The phrase scanner against a plain reference: at each position, leftmost first, the longest
registered phrase (Latin ones only between ASCII letters/digits on neither side), then on after it.

The texts are built from the real lexicon's phrases, re-cased, cut short and glued with separators
that test the boundary rules (hyphens, dots, curly quotes, Japanese particles, letters whose
lower/upper case is not one ASCII character for one: İ, the Kelvin sign, ß).
"""

from __future__ import annotations

import random
import time

import pytest

from pipelines.lib.extract import cues, sectors
from pipelines.lib.extract.entities import default_table
from pipelines.lib.extract.phrases import PhraseScanner

_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_WORD = _LETTERS | frozenset("0123456789")


def _reference(scanner: PhraseScanner, text: str) -> list[tuple[int, int, str]]:
    phrases = set(scanner._tags)
    longest = max(map(len, phrases))
    out = []
    i = 0
    while i < len(text):
        best = None
        for end in range(min(len(text), i + longest), i, -1):
            phrase = text[i:end]
            if phrase not in phrases:
                continue
            latin = phrase[0] in _LETTERS or phrase[0].isdigit()  # what the scanner calls Latin
            if latin and ((i > 0 and text[i - 1] in _WORD) or (end < len(text) and text[end] in _WORD)):
                continue
            best = end
            break
        if best is None:
            i += 1
        else:
            out.append((i, best, text[i:best]))
            i = best
    return out


@pytest.fixture(scope="module")
def lexicon() -> PhraseScanner:
    entries = list(cues.vocabulary()) + list(sectors.vocabulary()) + default_table().entries()
    return PhraseScanner(entries)


def test_hits_carry_their_registered_tags():
    scanner = PhraseScanner([("chips act", "law"), ("chips", "sector"), ("半導体", "sector"), ("U.S.", "us")])
    hits = scanner.scan("The Chips Act, chips-act and CHIPS: U.S. 半導体支援; chipset")
    assert [(h.text, h.tags) for h in hits] == [
        ("Chips Act", ("law",)),
        ("chips", ("sector",)),
        ("CHIPS", ("sector",)),
        ("U.S.", ("us",)),
        ("半導体", ("sector",)),
    ]


def test_longest_phrase_wins_and_falls_back_on_boundaries():
    scanner = PhraseScanner([("chips", 1), ("chips act", 2), ("act", 3)])
    text = "chips actx chips act"
    # "chips actx": the long phrase fails its end boundary, the shorter one at the same start is kept
    assert [(h.start, h.end) for h in scanner.scan(text)] == [(0, 5), (11, 20)]
    assert [(h.start, h.end, h.text) for h in scanner.scan(text)] == _reference(scanner, text)


@pytest.mark.parametrize("seed", range(4))
def test_scan_matches_the_reference_on_lexicon_texts(lexicon, seed):
    rng = random.Random(seed)
    keys = sorted(lexicon._tags)
    seps = list("  -.,\n('’“はのİ\u212aéßx1") + [""]

    def piece() -> str:
        k = rng.choice(keys)
        r = rng.random()
        if r < 0.2:
            k = k.lower()
        elif r < 0.3:
            k = k.upper()
        elif r < 0.4:
            k = k.swapcase()
        if rng.random() < 0.2 and len(k) > 2:
            i = rng.randrange(len(k))
            k = k[:i] + rng.choice(seps) + k[i + 1 :]
        if rng.random() < 0.2:
            k = k[: rng.randrange(1, len(k) + 1)]
        return k

    for _ in range(400):
        text = "".join(piece() + rng.choice(seps) for _ in range(rng.randint(1, 8)))
        hits = lexicon.scan(text)
        assert [(h.start, h.end, h.text) for h in hits] == _reference(lexicon, text), text
        assert all(h.tags == lexicon.tags_of(h.text) for h in hits)


def test_one_megabyte_line_is_linear(lexicon):
    unit = "The Ministry of Economy said chips-act subsidies for semiconductors rose; 半導体の予算は増えた。"
    small = unit * 200
    big = unit * 12_000  # ~1 MB on one line
    started = time.perf_counter()
    lexicon.scan(small)
    small_s = time.perf_counter() - started
    started = time.perf_counter()
    hits = lexicon.scan(big)
    big_s = time.perf_counter() - started
    assert len(hits) == 60 * len(lexicon.scan(small))
    assert big_s < max(2.0, 60 * 10 * small_s)

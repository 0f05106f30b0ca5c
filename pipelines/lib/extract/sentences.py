"""Sentence and clause spans for English and Japanese text, as character offsets into the text.

Sentences end at 。！？!?, at a full stop followed by space (unless it closes a known abbreviation
such as "U.S." or "Corp."), and at line breaks (headlines and list items stand alone). Clauses
split a sentence further at 、，;: and at ", " so that context words can be scoped to the figure
they describe.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_BOUNDARY = re.compile(r"[。！？!?]+[」』）)\"”’]*|\.(?=[\s\"”’]|$)|\n+")
_ABBREV = frozenset(
    "u.s u.k e.u mr mrs ms dr st co corp inc ltd no nos vs etc e.g i.e jan feb mar apr jun jul aug sep sept "
    "oct nov dec gov govt dept fig approx est min max a.m p.m jr sr bros plc".split()
)
_CLAUSE = re.compile(r"[、，；;:：]|,(?=\s)|\s[-–—]\s")


@dataclass(frozen=True, slots=True)
class Span:
    """A [start, end) slice of the text."""

    start: int
    end: int


class Segmenter:
    """Sentence and clause spans of one text, with O(log n) lookup by offset."""

    def __init__(self, text: str):
        self.text = text
        self.sentences = split_sentences(text)
        self._sentence_starts = [s.start for s in self.sentences]
        self.clause_cuts = [m.end() for m in _CLAUSE.finditer(text)]

    def sentence_index(self, offset: int) -> int:
        """Index of the sentence holding `offset` (the nearest preceding one for gaps)."""
        return max(0, bisect_right(self._sentence_starts, offset) - 1)

    def sentence_at(self, offset: int) -> Span:
        """The sentence span holding `offset`."""
        if not self.sentences:
            return Span(0, len(self.text))
        return self.sentences[self.sentence_index(offset)]

    def clause_at(self, start: int, end: int) -> Span:
        """The clause span holding [start, end): cut at clause marks inside the sentence."""
        sent = self.sentence_at(start)
        cuts = self.clause_cuts
        i = bisect_right(cuts, start)
        left = cuts[i - 1] if i > 0 else sent.start
        j = bisect_right(cuts, end - 1)
        right = cuts[j] - 1 if j < len(cuts) else sent.end
        return Span(max(left, sent.start), min(max(right, end), sent.end))


def split_sentences(text: str) -> list[Span]:
    """Split text into sentence spans (whitespace-trimmed, empty ones dropped)."""
    spans: list[Span] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group() == ".":
            i = m.start()
            if i > 0 and text[i - 1].isalpha():
                word = text[max(0, i - 12) : i].rsplit(None, 1)[-1].lstrip("(（\"“").lower()
                if word in _ABBREV:
                    continue
        if m.group() == "\n" and _wrapped(text, m.start()):
            continue
        _push(text, start, m.end(), spans)
        start = m.end()
    _push(text, start, len(text), spans)
    return spans


def _wrapped(text: str, nl: int) -> bool:
    """A single line break inside a sentence: the line ends on a particle, comma or lower-case word."""
    if nl == 0 or nl + 1 >= len(text) or text[nl + 1].isspace():
        return False
    prev = text[nl - 1]
    if prev in "、がをにはでともへの,":
        return True
    return prev.islower() and text[nl + 1].islower()


def _push(text: str, start: int, end: int, spans: list[Span]) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        start += len(piece) - len(piece.lstrip())
        spans.append(Span(start, start + len(stripped)))

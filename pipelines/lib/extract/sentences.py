"""Sentence and clause spans for English and Japanese text, as character offsets into the text.

Sentences end at 。！？!?, at a full stop followed by space (unless it closes a known abbreviation
such as "U.S." or "Corp."), and at line breaks (headlines and list items stand alone). A run of
text with no sentence end is cut into pieces of at most MAX_SENTENCE characters. Clauses
split a sentence further at 、，;: and at ", " so that context words can be scoped to the figure
they describe.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# a full stop counts only before a blank, a closing quote or the end (not in 1.5 or U.S.A)
_MARKS = re.compile(r"[。！？!?\n.](?:(?<=\.)(?![^\s\"”’])|(?<!\.))")  # one class first: `re` skips fast
_CLOSERS = frozenset('。！？!?」』）)"”’')
_ABBREV = frozenset(
    [
        "u.s",
        "u.k",
        "e.u",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "co",
        "corp",
        "inc",
        "ltd",
        "no",
        "nos",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "gov",
        "govt",
        "dept",
        "fig",
        "approx",
        "est",
        "min",
        "max",
        "a.m",
        "p.m",
        "jr",
        "sr",
        "bros",
        "plc",
    ]
)
# a comma before a blank or the end (not in 1,000); a dash between spaces
_CLAUSE_MARKS = re.compile(r"[、，；;:：,–—-](?:(?<=[、，；;:：])|(?<=,)(?!\S)|(?<= [-–—])(?= ))")


@dataclass(slots=True)  # not frozen: a frozen dataclass costs 2.5x as much to create
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
        self.clause_cuts = _clause_cuts(text)
        self._clauses: dict[tuple[int, int], Span] = {}  # a figure's clause is asked for by several rules
        self._newlines: list[int] | None = None

    def line_at(self, start: int, end: int | None = None) -> Span:
        """The line holding [start, end) (without its line breaks), found in O(log n): a scan for
        the nearest line break from every figure would be quadratic on a long line."""
        if self._newlines is None:
            text, found, i = self.text, [], self.text.find("\n")
            while i >= 0:
                found.append(i)
                i = text.find("\n", i + 1)
            self._newlines = found
        newlines = self._newlines
        i = bisect_right(newlines, start - 1)
        lo = newlines[i - 1] + 1 if i > 0 else 0
        j = bisect_right(newlines, (start if end is None else end) - 1)
        hi = newlines[j] if j < len(newlines) else len(self.text)
        return Span(lo, hi)

    def sentence_index(self, offset: int) -> int:
        """Index of the sentence holding `offset` (the nearest preceding one for gaps)."""
        i = bisect_right(self._sentence_starts, offset) - 1
        return i if i > 0 else 0

    def sentence_at(self, offset: int) -> Span:
        """The sentence span holding `offset`."""
        if not self.sentences:
            return Span(0, len(self.text))
        return self.sentences[self.sentence_index(offset)]

    def clause_at(self, start: int, end: int) -> Span:
        """The clause span holding [start, end): cut at clause marks inside the sentence."""
        found = self._clauses.get((start, end))
        if found is None:
            found = self._clauses[(start, end)] = self._clause_at(start, end)
        return found

    def _clause_at(self, start: int, end: int) -> Span:
        sent = self.sentence_at(start)
        cuts = self.clause_cuts
        i = bisect_right(cuts, start)
        left = cuts[i - 1] if i > 0 else sent.start
        j = bisect_right(cuts, end - 1)
        right = cuts[j] - 1 if j < len(cuts) else sent.end
        return Span(max(left, sent.start), min(max(right, end), sent.end))


def _clause_cuts(text: str) -> list[int]:
    """Offsets just after 、，；;:： and after ", " and " - " (a comma inside 1,000 is no cut)."""
    return [m.end() for m in _CLAUSE_MARKS.finditer(text)]


def split_sentences(text: str) -> list[Span]:
    """Split text into sentence spans (whitespace-trimmed, empty ones dropped)."""
    spans: list[Span] = []
    start = 0
    n = len(text)
    skip_to = -1
    for m in _MARKS.finditer(text):
        i = m.start()
        if i < skip_to:
            continue
        ch = text[i]
        end = i + 1
        if ch == ".":
            if i > 0 and text[i - 1].isalpha():
                word = text[max(0, i - 12) : i].rsplit(None, 1)[-1].lstrip('(（"“').lower()
                if word in _ABBREV:
                    continue
        elif ch == "\n":
            while end < n and text[end] == "\n":
                end += 1
            if end == i + 1 and _wrapped(text, i):
                continue
        else:
            while end < n and text[end] in _CLOSERS:
                end += 1
        skip_to = end
        _push(text, start, end, spans)
        start = end
    _push(text, start, n, spans)
    return spans


def _wrapped(text: str, nl: int) -> bool:
    """A single line break inside a sentence: the line ends on a particle, comma or lower-case word."""
    if nl == 0 or nl + 1 >= len(text) or text[nl + 1].isspace():
        return False
    prev = text[nl - 1]
    if prev in "、がをにはでともへの,":
        return True
    if prev.islower() and text[nl + 1].islower():
        return True
    # a hard-wrapped long line (PDF or plain text) that did not end its sentence
    line_start = text.rfind("\n", 0, nl) + 1
    if nl - line_start < 60 or prev in ".。!?:：」":
        return False
    if ":" in text[line_start + 8 : nl] or "：" in text[line_start + 8 : nl]:
        return False  # a "label: value" row, not a wrapped sentence
    nxt = text[nl + 1]
    return prev.islower() or prev in ",)-" or nxt.islower() or nxt.isdigit()


MAX_SENTENCE = 1200  # no real sentence is longer; bounding it keeps typing linear in the text


def _push(text: str, start: int, end: int, spans: list[Span]) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    start += len(piece) - len(piece.lstrip())
    end = start + len(stripped)
    while end - start > MAX_SENTENCE:
        cut = _soft_cut(text, start, start + MAX_SENTENCE)
        spans.append(Span(start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        spans.append(Span(start, end))


def _soft_cut(text: str, start: int, limit: int) -> int:
    """Where to cut an over-long run: after the last clause mark or space in its second half."""
    half = start + (limit - start) // 2
    for marks in ("、，；;,", " 　"):
        best = max(text.rfind(ch, half, limit) for ch in marks)
        if best > half:
            return best + 1
    return limit

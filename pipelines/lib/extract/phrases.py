"""A one-pass phrase scanner: many literal phrases found by an Aho-Corasick automaton (pyahocorasick,
in C) for the Latin ones and a trie-shaped regex for the others.

Latin phrases are matched on word boundaries (with lower-case, Capitalised and Title Case variants
generated for lower-case entries; entries with capitals are matched exactly), CJK phrases anywhere.
At each position, leftmost first, the longest phrase wins and the scan goes on after it; this is what
a regex alternation of the phrases (longest first) with `(?<![A-Za-z0-9])` / `(?![A-Za-z0-9])` around
the Latin ones finds.

The Latin automaton does the boundaries in C: it reads a copy of the text in which every character
but A-Z, a-z and 0-9 is NUL and capitals are lower-cased (one character for one, framed by NULs), and
its keys are the phrases written the same way between two NULs. So it only fires at whole words; a
key stands for every phrase that differs only in case or separators ("Chips Act", "chips-act"), and
each hit is checked against the text's own spelling (the longest registered one at a start wins).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

_LATIN = re.compile(r"[A-Za-z]")
_WORD_CHARS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
# bytes -> bytes: capitals lower-cased, other letters and digits kept, anything else (non-ASCII
# characters arrive as "?") NUL. Half the letters make the automaton's word-start node half as wide.
_SEPARATORS = bytes((b | 0x20 if 65 <= b <= 90 else b) if b in _WORD_CHARS else 0 for b in range(256))


@dataclass(slots=True)
class PhraseHit:
    """One phrase found in a text, with every tag registered for it."""

    start: int
    end: int
    text: str
    tags: tuple


def _words_only(text: str) -> str:
    """`text` lower-cased, every character but ASCII letters and digits NUL (the same length)."""
    return text.encode("ascii", "replace").translate(_SEPARATORS).decode("ascii")


def _trie_pattern(words: Iterable[str]) -> str:
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True
    return _node_pattern(trie)


def _node_pattern(node: dict) -> str:
    terminal = "" in node
    branches = [re.escape(ch) + _node_pattern(child) for ch, child in sorted(node.items()) if ch != ""]
    if not branches:
        return ""
    # Longer continuations are listed before the empty one, so the longest phrase wins.
    body = branches[0] if len(branches) == 1 and not terminal else "(?:" + "|".join(branches) + ")"
    if terminal:
        body = "(?:" + "|".join(branches) + ")?"
    return body


def _variants(phrase: str) -> set[str]:
    if not _LATIN.search(phrase) or phrase != phrase.lower():
        return {phrase}
    title = " ".join(w[:1].upper() + w[1:] for w in phrase.split(" "))
    return {phrase, phrase[:1].upper() + phrase[1:], title, phrase.upper()}


def _automaton(keys: Iterable[str]) -> ahocorasick.Automaton | None:
    """An automaton whose value for each key is its length (None when there are no keys)."""
    automaton = ahocorasick.Automaton()
    for key in keys:
        automaton.add_word(key, len(key))
    if not len(automaton):
        return None
    automaton.make_automaton()
    return automaton


class PhraseScanner:
    """Finds registered phrases in a text in one pass; each phrase carries a tuple of tags."""

    def __init__(self, entries: Iterable[tuple[str, object]]):
        tags: dict[str, list] = {}
        for phrase, tag in entries:
            phrase = phrase.strip()
            if not phrase:
                continue
            for variant in _variants(phrase):
                bucket = tags.setdefault(variant, [])
                if tag not in bucket:
                    bucket.append(tag)
        self._tags = {k: tuple(v) for k, v in tags.items()}
        latin = {p for p in self._tags if _LATIN.match(p[0]) or p[0].isdigit()}
        other = [p for p in self._tags if p not in latin]
        self._latin = _automaton("\0" + _words_only(p) + "\0" for p in latin)
        # CJK text has no word boundaries to skip to, and there `re` runs a trie-shaped regex faster
        # than the automaton (`ab(?:c|d)`: most positions are rejected after one character)
        self._other = re.compile(_trie_pattern(other)) if other else None
        # no such phrase can start in a text with no character from their first letters up (English
        # with curly quotes and dashes): one quick search skips the second pass there
        lowest = min((p[0] for p in other), default="\U0010ffff")
        self._other_possible = re.compile(f"[{re.escape(lowest)}-\U0010ffff]")

    def scan(self, text: str) -> list[PhraseHit]:
        """Non-overlapping hits, leftmost first, longest phrase at each position."""
        hits = self._latin_hits(text)
        if self._other is not None and not text.isascii() and self._other_possible.search(text):
            more = self._other_hits(text)
            if more:
                hits = _merge(hits, more)
        return hits

    def _latin_hits(self, text: str) -> list[PhraseHit]:
        """Latin phrases on word boundaries: ASCII letters and digits on neither side."""
        if self._latin is None:
            return []
        # framed by NULs: offset i of the text is offset i + 1 here; a key of length n ending at j
        # is the phrase text[j - n + 1 : j - 1]
        found = [(j - n + 1, 1 - j) for j, n in self._latin.iter("\0" + _words_only(text) + "\0")]
        return _longest_first(found, text, self._tags)

    def _other_hits(self, text: str) -> list[PhraseHit]:
        """CJK (and other non-Latin) phrases anywhere."""
        tags = self._tags
        out = []
        for m in self._other.finditer(text):
            phrase = m.group()
            start = m.start()
            out.append(PhraseHit(start, start + len(phrase), phrase, tags[phrase]))
        return out

    def all_tags(self) -> list[tuple]:
        """Every tag tuple a hit can carry (one shared tuple per registered phrase)."""
        return list(self._tags.values())

    def tags_of(self, phrase: str) -> tuple:
        """The tags registered for an exact phrase (empty when unknown)."""
        return self._tags.get(phrase, ())


def _longest_first(found: list[tuple[int, int]], text: str, tags: dict[str, tuple]) -> list[PhraseHit]:
    """From candidate (start, -end) pairs, the non-overlapping hits a left-to-right scan keeps: the
    leftmost start, there the longest candidate spelled as a registered phrase, then on from its end."""
    found.sort()
    out = []
    taken = 0
    for start, neg_end in found:
        if start < taken:
            continue
        phrase = text[start:-neg_end]
        registered = tags.get(phrase)
        if registered is not None:
            out.append(PhraseHit(start, -neg_end, phrase, registered))
            taken = -neg_end
    return out


def _merge(a: list[PhraseHit], b: list[PhraseHit]) -> list[PhraseHit]:
    merged = sorted(a + b, key=lambda h: (h.start, -h.end))
    out: list[PhraseHit] = []
    end = -1
    for h in merged:
        if h.start >= end:
            out.append(h)
            end = h.end
    return out

"""A one-pass phrase scanner: many literal phrases compiled into a single trie-shaped regex.

Python's `re` tries the alternatives of `a|b|c` one after another at every position, so a plain
alternation of a thousand phrases is slow. Folding the phrases into a trie first (`ab(?:c|d)`)
lets the engine reject most positions after one character. Latin phrases are matched on word
boundaries (with lower-case, Capitalised and Title Case variants generated for lower-case
entries; entries with capitals are matched exactly), CJK phrases anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_LATIN = re.compile(r"[A-Za-z]")


@dataclass(slots=True)
class PhraseHit:
    """One phrase found in a text, with every tag registered for it."""

    start: int
    end: int
    text: str
    tags: tuple


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


class PhraseScanner:
    """Finds registered phrases in a text in one regex pass; each phrase carries a tuple of tags."""

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
        # Two regexes rather than one alternation: `re` scans each much faster on its own.
        never = r"(?!x)x"
        # the look-behind rejects mid-word positions (most of them) in one step, the look-ahead on
        # the first letters then most word starts before the trie is entered
        firsts = "".join(sorted({re.escape(p[0]) for p in latin}))
        self._latin = re.compile(
            rf"(?<![A-Za-z0-9])(?=[{firsts}])" + _trie_pattern(sorted(latin)) + r"(?![A-Za-z0-9])"
            if latin
            else never
        )
        # The same phrases lower-cased, tried on the lower-cased text: half the branches at each word
        # start. The pattern consumes the character before the word (so `re` skips letters quickly);
        # a hit whose original spelling is not a registered variant is re-read with `_latin`.
        lowered = {p.lower() for p in latin}
        lower_firsts = "".join(sorted({re.escape(p[0]) for p in lowered}))
        lower_trie = (
            rf"(?=[{lower_firsts}])({_trie_pattern(sorted(lowered))})(?![A-Za-z0-9])" if latin else never
        )
        self._lower_head = re.compile(lower_trie)
        self._lower_body = re.compile(r"[^A-Za-z0-9]" + lower_trie)
        self._other = re.compile(_trie_pattern(other) if other else never)
        # no such phrase can start in a text with no character from their first letters up (English
        # with curly quotes and dashes): one quick search skips the second pass there
        lowest = min((p[0] for p in other), default="\U0010ffff")
        self._other_possible = re.compile(f"[{re.escape(lowest)}-\U0010ffff]")

    def scan(self, text: str) -> list[PhraseHit]:
        """Non-overlapping hits, leftmost first, longest phrase at each position."""
        hits = self._latin_hits(text)
        if not text.isascii() and self._other_possible.search(text):
            more = _hits(self._other, self._tags, text)
            if more:
                hits = _merge(hits, more)
        return hits

    def _latin_hits(self, text: str) -> list[PhraseHit]:
        """What `_hits(self._latin, ...)` finds, read from the lower-cased text."""
        low = text.lower()
        if not text.isascii() and (len(low) != len(text) or "\u03a3" in text or "\u212a" in text):
            # lower() is not one character for one (İ), depends on context (Σ) or turns a
            # non-ASCII letter into an ASCII one (the Kelvin sign)
            return _hits(self._latin, self._tags, text)
        tags = self._tags
        out = []
        search = self._lower_body.search
        m = self._lower_head.match(low) or search(low)
        while m is not None:
            start, end = m.span(1)
            phrase = text[start:end]
            found = tags.get(phrase)
            if found is not None:
                out.append(PhraseHit(start, end, phrase, found))
            else:  # another spelling of a phrase: what, if anything, the exact patterns read here
                exact = self._latin.match(text, start)
                end = start if exact is None else exact.end()
                if exact is not None:
                    out.append(PhraseHit(start, end, exact.group(), tags[exact.group()]))
            m = search(low, end)
        return out

    def all_tags(self) -> list[tuple]:
        """Every tag tuple a hit can carry (one shared tuple per registered phrase)."""
        return list(self._tags.values())

    def tags_of(self, phrase: str) -> tuple:
        """The tags registered for an exact phrase (empty when unknown)."""
        return self._tags.get(phrase, ())


def _hits(regex: re.Pattern, tags: dict[str, tuple], text: str) -> list[PhraseHit]:
    out = []
    for m in regex.finditer(text):
        phrase = m.group()
        start = m.start()
        out.append(PhraseHit(start, start + len(phrase), phrase, tags[phrase]))
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

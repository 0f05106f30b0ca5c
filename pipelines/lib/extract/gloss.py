"""English renderings of Japanese recipient phrases ("原子力の安全性向上に資する技術開発事業").

The vocabulary is pipelines/data/glossary_ja_en.csv (`ja,en,kind,note`; kind `term`, `wrapper`
or `drop`), plus the Japanese aliases of the alias table, which render as their canonical names.
The grammar of the phrase is here:

1. Normalise (NFKC, so full-width Latin and brackets become ASCII), drop 「」『』 quotes and
   spaces. A bracketed part "(…)" is glossed on its own and kept as "(…)".
2. Segment by longest match over the vocabulary and the connectors below; Latin runs ("GX",
   "SMR") stay as written and "N年度" / "令和N年度" become "FYnnnn". A kanji stem followed by a
   verb or adjective ending (応える, 優れた, 活用した, 高い) is one predicate token.
3. Purpose and means: "XのためのY", "Xに向けたY", "Xに資するY", "X向けY" render "Y for X";
   "Xを活用したY" renders "Y using X" (the last such link splits the phrase; X is glossed the
   same way). When X ends in a predicate ("Xを高めるための研究") it is a clause: only Y is kept.
4. Other relative clauses, "Xに/を/が/で + predicate + Y" ("社会的要請に応える革新的な…"), are
   dropped and the head Y kept: the clause narrows the head, the head alone is still true. The
   clause reaches back to the start of the phrase, a "、", or a "や/と/及び/並びに" that follows
   a clause of its own (parallel clauses: "Xに優れたAやYが可能なB" -> "A and B"); "・" and other
   coordinators join nouns inside the clause. A predicate with no head after it fails the gloss.
5. "XのY", "Xに関するY", "Xに係るY", "XにおけるY", "XへのY", "X的なY" make the noun compound
   "X Y"; "や/と/・/及び/並びに/、" join "X and Y" ("A, B and C"); "又は/または" join "or";
   など/等/ほか are dropped.
6. A `wrapper` (事業, 経費, の推進, …) at the end of a conjunct is dropped when something else
   remains; a wrapper whose English starts with "-" (関連 "-related") is a suffix and stays.
   A bracket that only spells out the word before it ("AI(人工知能)") is dropped.

The English is returned only when every character outside a dropped clause was glossed;
otherwise `None`, and the caller keeps the Japanese (a half-translation would mislead).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

GLOSSARY_CSV = Path(__file__).resolve().parents[2] / "data" / "glossary_ja_en.csv"
GLOSSARY_KINDS = ("term", "wrapper", "drop")

# token kinds besides the glossary's own
_OF, _AND, _OR, _FOR, _USING = "of", "and", "or", "for", "using"  # connectors
_CASE, _PRED, _UNKNOWN, _PAREN = "case", "pred", "unknown", "paren"  # particles, predicates, the rest
_CONNECTORS: dict[str, str] = {
    **dict.fromkeys(
        ["の", "な", "に係る", "に係わる", "に関する", "に関わる", "に関連する", "における", "に於ける"]
        + ["についての", "に対する", "への", "での", "による", "からの", "との"],
        _OF,
    ),
    **dict.fromkeys(["や", "と", "・", "、", ",", "及び", "および", "並びに", "ならびに", "/"], _AND),
    **dict.fromkeys(["又は", "または", "もしくは"], _OR),
    **dict.fromkeys(
        ["のための", "のため", "ための", "ため", "に向けた", "に向けての", "に向けて", "向け", "向けの"]
        + ["に資する", "を目指す", "を目指した", "に貢献する", "に寄与する"],
        _FOR,
    ),
    **dict.fromkeys(
        ["を活用した", "を活用する", "を用いた", "を利用した", "を活かした", "を生かした"], _USING
    ),
    **dict.fromkeys(["に", "を", "が", "で", "へ", "から", "より"], _CASE),
}
# "と" before a predicate is a case particle ("Xと連携した"), elsewhere it joins nouns
_CLAUSE_BREAK = frozenset(["や", "と", "、", ",", "及び", "および", "並びに", "ならびに"])
# endings of a verb or adjective in the form that modifies a following noun
_INFLECTION = re.compile(
    r"している|していく|される|された|させる|できる|できた|する|した|しい|かった|"
    r"[えけげせてねべめれ][るた]|[いきぎしじちにびみり][るた]|っ?た|ん?だ|[うくぐすつぬぶむるい]"
)
# "2025年度", "25年度", "令和7年度"; a lone digit without an era is left unread
_FISCAL_YEAR = re.compile(r"(令和|平成)?(\d{4}|\d{2}|(?<=[和成])\d)年度")
_LATIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9&+.\-]*")
_KANJI = re.compile(r"[\u3400-\u9fff々]")
_HIRAGANA = re.compile(r"[\u3041-\u309f]")
_JAPANESE = re.compile(r"[\u3041-\u30ff\u3400-\u9fff々]")
_QUOTES = str.maketrans("", "", "「」『』\"“”'’ \u3000")


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # a glossary kind, a connector kind, or _PRED / _UNKNOWN / _PAREN
    text: str
    en: str = ""


class Glossary:
    """Japanese-to-English vocabulary for recipient phrases, with the grammar of the module docstring."""

    def __init__(self, entries: dict[str, tuple[str, str]]):
        """`entries` maps a Japanese term to (English, kind)."""
        self.entries = entries
        self.longest = max((len(k) for k in list(entries) + list(_CONNECTORS)), default=1)

    @classmethod
    def from_csv(cls, path: Path = GLOSSARY_CSV, extra: dict[str, str] | None = None) -> Glossary:
        """Read the glossary; `extra` (Japanese name -> English name) fills terms it lacks."""
        entries: dict[str, tuple[str, str]] = {}
        for ja, en in (extra or {}).items():
            entries[unicodedata.normalize("NFKC", ja).translate(_QUOTES)] = (en, "term")
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                kind = (row.get("kind") or "term").strip()
                if kind not in GLOSSARY_KINDS:
                    raise ValueError(f"{path}: unknown kind {kind!r} for {row['ja']!r}")
                ja = unicodedata.normalize("NFKC", row["ja"].strip()).translate(_QUOTES)
                entries[ja] = (row["en"].strip(), kind)
        return cls(entries)

    def english(self, phrase: str) -> str | None:
        """The English rendering of a Japanese phrase, or None when any part of it is unknown."""
        text = unicodedata.normalize("NFKC", phrase).translate(_QUOTES)
        tokens = self._tokens(text)
        if tokens is None:
            return None
        out = _render(tokens)
        return " ".join(out.split()) if out else None

    # -- segmentation ------------------------------------------------------------------------

    def _tokens(self, text: str) -> list[_Token] | None:
        tokens: list[_Token] = []
        i = 0
        while i < len(text):
            if text[i] == "(":
                close = text.find(")", i)
                inner = self.english(text[i + 1 : close]) if close > i + 1 else None
                if inner is None:
                    return None
                tokens.append(_Token(_PAREN, text[i : close + 1], f"({inner})"))
                i = close + 1
                continue
            fy = _FISCAL_YEAR.match(text, i)
            if fy:
                tokens.append(_Token("term", fy.group(), _fiscal_label(fy.group(1), int(fy.group(2)))))
                i = fy.end()
                continue
            hit = self._longest(text, i)
            latin = _LATIN.match(text, i)
            if latin and (hit is None or len(hit) < latin.end() - i):
                tokens.append(_Token("term", latin.group(), latin.group()))
                i = latin.end()
                continue
            if hit is not None and not self._is_predicate_end(tokens, text, i, hit):
                tokens.append(self._token(hit))
                i += len(hit)
                continue
            ending = _INFLECTION.match(text, i) if _HIRAGANA.match(text, i) else None
            if ending and tokens and tokens[-1].kind in ("term", "wrapper", _UNKNOWN):
                stem = tokens.pop()
                tokens.append(_Token(_PRED, stem.text + ending.group()))
                i = ending.end()
                continue
            if hit is not None:
                tokens.append(self._token(hit))
                i += len(hit)
                continue
            if tokens and tokens[-1].kind == _UNKNOWN and _KANJI.match(text, i):
                tokens[-1] = _Token(_UNKNOWN, tokens[-1].text + text[i])
            else:
                tokens.append(_Token(_UNKNOWN, text[i]))
            i += 1
        return tokens

    def _longest(self, text: str, i: int) -> str | None:
        for n in range(min(self.longest, len(text) - i), 0, -1):
            piece = text[i : i + n]
            if piece in self.entries or piece in _CONNECTORS:
                return piece
        return None

    def _is_predicate_end(self, tokens: list[_Token], text: str, i: int, hit: str) -> bool:
        """Whether a one-kana connector at `i` is really a verb ending ("応える" after 応)."""
        if len(hit) > 1 or not tokens or tokens[-1].kind != _UNKNOWN:
            return False
        return _INFLECTION.match(text, i) is not None

    def _token(self, piece: str) -> _Token:
        if piece in self.entries:
            en, kind = self.entries[piece]
            return _Token(kind, piece, en)
        return _Token(_CONNECTORS[piece], piece)


def _fiscal_label(era: str | None, year: int) -> str:
    if era == "令和":
        year += 2018
    elif era == "平成":
        year += 1988
    elif year < 100:
        year += 2000
    return f"FY{year}"


# -- structure and rendering -------------------------------------------------------------------


def _render(tokens: list[_Token]) -> str | None:
    """English for a token list: purpose links, then relative clauses, then the noun phrase."""
    link = max((k for k, t in enumerate(tokens) if t.kind in (_FOR, _USING)), default=None)
    if link is not None:
        modifier, head = tokens[:link], tokens[link + 1 :]
        head_en = _render(head) if head else None
        if head and head_en is None:
            return None
        if modifier and modifier[-1].kind == _PRED:  # "Xを高めるための研究": a clause, keep the head
            return head_en
        mod_en = _render(modifier) if modifier else None
        if modifier and mod_en is None:
            return None
        if not head_en or _only_wrappers(head):
            return mod_en or head_en
        if not mod_en:
            return head_en
        return f"{head_en} {'for' if tokens[link].kind == _FOR else 'using'} {mod_en}"
    tokens = _drop_clauses(tokens)
    if tokens is None:
        return None
    return _noun_phrase(tokens)


def _drop_clauses(tokens: list[_Token]) -> list[_Token] | None:
    """Remove relative clauses ("Xに応える", "Xが可能な") before their head noun."""
    tokens = list(tokens)
    k = len(tokens) - 1
    while k >= 0:
        t = tokens[k]
        end = None
        if t.kind == _PRED:
            end = k
        elif t.kind == _OF and t.text == "な" and k >= 2 and tokens[k - 2].kind == _CASE:
            end = k  # "Xが可能な": an adjective with its own subject
        if end is None:
            k -= 1
            continue
        if end == len(tokens) - 1:
            return None  # a predicate with nothing after it to modify
        first = k if t.kind == _PRED else k - 1
        before = tokens[first - 1] if first > 0 else None
        start = first
        if before is not None and (before.kind == _CASE or before.text == "と"):
            start = first - 1
            while start > 0 and not _clause_starts_after(tokens, start - 1):
                start -= 1
        del tokens[start : end + 1]
        k = start - 1
    return tokens


def _clause_starts_after(tokens: list[_Token], k: int) -> bool:
    """Whether a relative clause that reaches back to token k starts after it: a comma, or a
    coordinator after another clause of its own ("Xに優れたAや、Yが可能なB"); otherwise the
    coordinator joins nouns inside the clause ("AとBに優しいC")."""
    if tokens[k].text in ("、", ","):
        return True
    return tokens[k].text in _CLAUSE_BREAK and any(t.kind in (_PRED, _CASE) for t in tokens[:k])


def _only_wrappers(tokens: list[_Token]) -> bool:
    return all(t.kind in ("wrapper", "drop", _OF) for t in tokens)


def _noun_phrase(tokens: list[_Token]) -> str | None:
    """Compound nouns joined by "and"/"or"; unknown, case or predicate tokens fail the gloss."""
    conjuncts: list[list[_Token]] = [[]]
    joiner = "and"
    for t in tokens:
        if t.kind in (_UNKNOWN, _CASE, _PRED):
            return None
        if t.kind in (_AND, _OR):
            joiner = "or" if t.kind == _OR else joiner
            conjuncts.append([])
        else:
            conjuncts[-1].append(t)
    content = [c for c in conjuncts if any(t.kind in ("term", "wrapper", _PAREN) for t in c)]
    if not content:
        return None
    phrases = [_compound(c) for c in content]
    if len(phrases) == 1:
        return phrases[0]
    return f"{', '.join(phrases[:-1])} {joiner} {phrases[-1]}"


def _compound(tokens: list[_Token]) -> str:
    words = [t for t in tokens if t.kind in ("term", "wrapper", _PAREN)]
    # a suffix ("-related") stays: "semiconductor-related" says more than "semiconductor"
    while len(words) > 1 and words[-1].kind == "wrapper" and not words[-1].en.startswith("-"):
        words.pop()
    out: list[str] = []
    for t in words:
        en = t.en
        if en.startswith("-"):
            if out:
                out[-1] += en
                continue
            en = en[1:]
        if t.kind == _PAREN and out and en[1:-1].lower() == out[-1].lower():
            continue  # "AI(人工知能)": the bracket only spells out the word before it
        if en and (not out or out[-1].lower() != en.lower()):
            out.append(en)
    return " ".join(out)


@lru_cache(maxsize=1)
def default_glossary() -> Glossary:
    """The glossary that ships with the product, with the alias table's Japanese names."""
    from pipelines.lib.extract.entities import default_table

    names = {
        alias: e.canonical
        for e in default_table().entities
        for alias in e.aliases
        if _JAPANESE.search(alias) and e.type != "government"
    }
    return Glossary.from_csv(extra=names)


@lru_cache(maxsize=4096)
def english_gloss(phrase: str) -> str | None:
    """The English of a Japanese recipient phrase by the shipped glossary, or None (see module doc)."""
    if not _JAPANESE.search(phrase):
        return None
    return default_glossary().english(phrase)

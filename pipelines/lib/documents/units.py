"""Table units: find the unit a table declares (単位：億円, (JPY billion), ($ millions), ...).

`find_unit(text)` returns a `Unit` with the multiplier and currency to apply to the table's cells and
the suffix used when a cell is rendered into the document text, so that a cell "1,234" under
単位：億円 reads "1,234億円" to the ordinary figure extractor.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    """A table unit as written, with its multiplier, currency and the way to render a cell with it."""

    as_written: str
    multiplier: int
    currency: str
    prefix: str = ""  # rendered before the number ("$")
    suffix: str = ""  # rendered after the number ("億円", " million yen")

    def render(self, cell: str) -> str:
        """The cell with the unit attached ("1,234" -> "1,234億円"); a sign mark stays in front."""
        cell = cell.strip()
        sign = ""
        if cell[:1] in "▲△-−":
            sign, cell = cell[0], cell[1:].strip()
        return f"{sign}{self.prefix}{cell}{self.suffix}"


_JA_UNITS = {
    "兆円": 10**12,
    "億円": 10**8,
    "千万円": 10**7,
    "百万円": 10**6,
    "万円": 10**4,
    "千円": 10**3,
    "円": 1,
}

_EN_SCALES = {
    "thousand": 10**3,
    "thousands": 10**3,
    "million": 10**6,
    "millions": 10**6,
    "mn": 10**6,
    "mil": 10**6,
    "billion": 10**9,
    "billions": 10**9,
    "bn": 10**9,
    "trillion": 10**12,
    "trillions": 10**12,
    "100 million": 10**8,
    "hundred million": 10**8,
}

_CURRENCY_WORDS = {
    "yen": "JPY",
    "jpy": "JPY",
    "¥": "JPY",
    "円": "JPY",
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "us dollars": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "won": "KRW",
    "krw": "KRW",
}

_RENDER = {  # (currency, multiplier) -> (prefix, suffix) that the text extractor reads naturally
    ("JPY", 10**12): ("", "兆円"),
    ("JPY", 10**8): ("", "億円"),
    ("JPY", 10**7): ("", "千万円"),
    ("JPY", 10**6): ("", "百万円"),
    ("JPY", 10**4): ("", "万円"),
    ("JPY", 10**3): ("", "千円"),
    ("JPY", 1): ("", "円"),
}
_SCALE_WORD = {10**3: "thousand", 10**6: "million", 10**9: "billion", 10**12: "trillion"}
_SYMBOL = {"USD": "$", "EUR": "€", "GBP": "£"}

_JA_UNIT_RE = "|".join(sorted(_JA_UNITS, key=len, reverse=True))
# 単位：億円 / 単位:百万円 / （単位　千円） / [単位：億円]
_JA_DECLARED = re.compile(rf"単位\s*[:：]?\s*[（(]?\s*({_JA_UNIT_RE})")
# a header written "(億円)" / "（百万円）" / "予算額（億円）"
_JA_PAREN = re.compile(rf"[（(]\s*({_JA_UNIT_RE})\s*[)）]")
_SCALE_RE = r"(100 million|hundred million|thousands?|millions?|billions?|trillions?|bn|mn|mil)"
_CUR_RE = r"(us\$|\$|¥|€|£|yen|jpy|usd|eur|gbp|krw|won|us dollars|dollars?|euros?)"
# (unit: 100 million yen) / (JPY billion) / ($ millions) / (in millions of dollars) / (million yen)
_EN_PATTERNS = (
    re.compile(rf"units?\s*[:：]\s*(?:in\s+)?{_SCALE_RE}\s+(?:of\s+)?{_CUR_RE}", re.I),
    re.compile(rf"units?\s*[:：]\s*{_CUR_RE}\s*{_SCALE_RE}", re.I),
    re.compile(rf"[(\[]\s*(?:in\s+)?{_CUR_RE}\s*{_SCALE_RE}\s*[)\]]", re.I),
    re.compile(rf"[(\[]\s*(?:in\s+)?{_SCALE_RE}\s+(?:of\s+)?{_CUR_RE}\s*[)\]]", re.I),
)


def make_unit(as_written: str, multiplier: int, currency: str) -> Unit:
    """A `Unit` with the rendering that suits its currency and multiplier."""
    if (currency, multiplier) in _RENDER:
        prefix, suffix = _RENDER[(currency, multiplier)]
    elif currency in _SYMBOL and multiplier in _SCALE_WORD:
        prefix, suffix = _SYMBOL[currency], f" {_SCALE_WORD[multiplier]}"
    elif currency == "JPY" and multiplier in _SCALE_WORD:
        prefix, suffix = "", f" {_SCALE_WORD[multiplier]} yen"
    elif multiplier in _SCALE_WORD:
        prefix, suffix = "", f" {_SCALE_WORD[multiplier]} {currency}"
    else:
        prefix, suffix = "", f" x{multiplier} {currency}"
    return Unit(as_written=as_written, multiplier=multiplier, currency=currency, prefix=prefix, suffix=suffix)


def find_unit(text: str | None) -> Unit | None:
    """The first table unit declared in `text` (a caption, header cells or the lines around a table)."""
    if not text:
        return None
    norm = unicodedata.normalize("NFKC", text)
    m = _JA_DECLARED.search(norm) or _JA_PAREN.search(norm)
    if m:
        unit = m.group(1)
        return make_unit(unit, _JA_UNITS[unit], "JPY")
    for pattern in _EN_PATTERNS:
        m = pattern.search(norm)
        if not m:
            continue
        a, b = m.group(1).lower(), m.group(2).lower()
        scale, cur = (a, b) if a in _EN_SCALES else (b, a)
        if scale in _EN_SCALES and cur in _CURRENCY_WORDS:
            return make_unit(m.group(0).strip("()[] "), _EN_SCALES[scale], _CURRENCY_WORDS[cur])
    return None


_NUMERIC_CELL = re.compile(r"^[▲△\-−+]?\s*[\d,，.．]+\s*$")


def is_numeric_cell(cell: str) -> bool:
    """True for a bare number as tables write them: "1,234", "▲12.5", "３，０７０"."""
    return bool(_NUMERIC_CELL.match(unicodedata.normalize("NFKC", cell or "").strip()))

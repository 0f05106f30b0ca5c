"""Numbers as newspapers and ministries write them: width normalisation, decimals, kanji numerals.

- `normalise(text)` gives an NFKC-normalised copy of a text plus a map from its offsets back to the
  original (full-width `１，０００億円` becomes `1,000億円`; offsets of mentions found in the copy
  are mapped back so that `as_written` is always a slice of the original). Characters whose
  compatibility form is a digit but which are not digits themselves (①, ², ½) are left alone, so a
  circled list number never glues onto the figure after it.
- `scaled(number, multiplier)` turns a written number ("1.25", "76,000", "1・6") times an integer
  scale into an int, exactly, rounding half up.
- `parse_japanese(run)` reads a 兆/億/万/千/百/十 compound written in Arabic digits, kanji numerals
  or a mix of both (`1兆2390億`, `464億7,000万`, `7億9千万`, `百九億二千三百万`, `二〇二三`).

Pure Python, no regex backtracking hazards: every function is linear in its input.
"""

from __future__ import annotations

import unicodedata

# --------------------------------------------------------------------------------------------
# Width / compatibility normalisation with an offset map
# --------------------------------------------------------------------------------------------

_NFKC_CACHE: dict[str, str] = {}


def _nfkc_char(ch: str) -> str:
    got = _NFKC_CACHE.get(ch)
    if got is None:
        if unicodedata.category(ch) == "No":  # ①, ², ½, ⑽: not digits of the figure
            got = ch
        else:
            got = unicodedata.normalize("NFKC", ch)
            if not got:
                got = ch
        _NFKC_CACHE[ch] = got
    return got


def normalise(text: str) -> tuple[str, list[int] | None]:
    """(normalised text, offset map or None).

    The map is None when the normalised text has the same length as the original (offsets are then
    identical, which is the common case: full-width digits and punctuation map one to one). When
    some character expands (e.g. `㌦` -> `ドル`), `offsets[i]` is the index in the original of the
    character that produced normalised character i, with one extra entry `len(text)` at the end.
    """
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text, None
    table: dict[int, str] = {}
    same_length = True
    for ch in set(text):
        if ch < "\x80":
            continue
        rep = _nfkc_char(ch)
        if rep != ch:
            table[ord(ch)] = rep
            if len(rep) != 1:
                same_length = False
    if not table:
        return text, None
    if same_length:
        return text.translate(table), None
    parts: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        rep = table.get(ord(ch), ch)
        parts.append(rep)
        offsets.extend([i] * len(rep))
    offsets.append(len(text))
    return "".join(parts), offsets


def to_original(offsets: list[int] | None, start: int, end: int) -> tuple[int, int]:
    """Map a [start, end) span of the normalised text back onto the original text."""
    if offsets is None:
        return start, end
    if end <= start:
        o = offsets[start]
        return o, o
    return offsets[start], offsets[end - 1] + 1


# --------------------------------------------------------------------------------------------
# Exact arithmetic on written numbers
# --------------------------------------------------------------------------------------------


def split_number(number: str) -> tuple[str, str]:
    """'1,234.50' -> ('1234', '50'); '1・6' -> ('1', '6'). Commas are grouping separators."""
    if number.isdigit():
        return number, ""
    number = number.replace(",", "")
    for point in (".", "・"):
        if point in number:
            whole, _, frac = number.partition(point)
            return whole or "0", frac
    return number or "0", ""


def round_div(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up (both non-negative)."""
    q, r = divmod(numerator, denominator)
    if 2 * r >= denominator:
        q += 1
    return q


def scaled(number: str, multiplier: int = 1) -> int:
    """The written number times an integer multiplier, as an int rounded half up."""
    whole, frac = split_number(number)
    if frac:
        return round_div(int(whole + frac) * multiplier, 10 ** len(frac))
    return int(whole) * multiplier


def number_value(number: str) -> tuple[int, int]:
    """The written number as an exact fraction (numerator, power-of-ten denominator)."""
    whole, frac = split_number(number)
    return int(whole + frac), 10 ** len(frac)


# --------------------------------------------------------------------------------------------
# Japanese compounds
# --------------------------------------------------------------------------------------------

KANJI_DIGITS = {
    "〇": 0, "零": 0, "一": 1, "壱": 1, "二": 2, "弐": 2, "三": 3, "参": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10**4, "萬": 10**4, "億": 10**8, "亿": 10**8, "兆": 10**12, "京": 10**16}
_ASCII_NUM = frozenset("0123456789,.・")


def _tokens(run: str) -> list[tuple[str, str]] | None:
    """Split a run into ('num', '1,000') / ('kd', '二〇二三') / ('small', '千') / ('big', '億')."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(run)
    while i < n:
        ch = run[i]
        if ch.isdigit() and ch in _ASCII_NUM:
            j = i + 1
            while j < n and run[j] in _ASCII_NUM:
                j += 1
            num = run[i:j]
            if not _valid_arabic(num):
                return None
            out.append(("num", num))
            i = j
        elif ch in KANJI_DIGITS:
            j = i + 1
            while j < n and run[j] in KANJI_DIGITS:
                j += 1
            out.append(("kd", run[i:j]))
            i = j
        elif ch in SMALL_UNITS:
            out.append(("small", ch))
            i += 1
        elif ch in BIG_UNITS:
            if ch in "万萬" and i + 1 < n and run[i + 1] in "亿億":
                out.append(("big", "兆"))  # Chinese 万亿 = 10**12
                i += 2
                continue
            out.append(("big", ch))
            i += 1
        else:
            return None
    return out


def _valid_arabic(num: str) -> bool:
    """1234, 1,234, 1.5, 1・6, 1,234.5 (commas in groups of three, one decimal point at most)."""
    points = num.count(".") + num.count("・")
    if points > 1 or num[-1] in ",.・":
        return False
    whole = num
    for point in (".", "・"):
        if point in num:
            whole, _, frac = num.partition(point)
            if not frac.isdigit() or not whole:
                return False
    if "," in whole:
        groups = whole.split(",")
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            return False
    return whole.replace(",", "").isdigit()


def parse_japanese(run: str) -> tuple[int, int, int] | None:
    """Read a compound; returns (numerator, denominator, smallest big unit used) or None.

    The value is numerator / denominator (the denominator is a power of ten from a decimal such as
    `1.2兆`); the third item is the last 万/億/兆 unit of the run (1 when there is none), which a
    range's bare lower bound inherits (`100～200億円`).
    """
    toks = _tokens(run)
    if not toks:
        return None
    den = 1
    for kind, tok in toks:
        if kind == "num":
            _, frac = split_number(tok)
            den = max(den, 10 ** len(frac))
    total = 0  # in units of 1/den
    section = 0
    cur: int | None = None
    last_big = None
    last_small = None
    have_digit = False
    for kind, tok in toks:
        if kind in ("num", "kd"):
            if cur is not None:
                return None
            if kind == "num":
                num, d = number_value(tok)
                cur = num * (den // d)
            else:
                cur = int("".join(str(KANJI_DIGITS[c]) for c in tok)) * den
            have_digit = True
        elif kind == "small":
            mult = SMALL_UNITS[tok]
            if last_small is not None and mult >= last_small:
                return None
            last_small = mult
            section += (cur if cur is not None else den) * mult
            cur = None
            have_digit = True
        else:
            unit = BIG_UNITS[tok]
            if last_big is not None and unit >= last_big:
                return None
            seg = section + (cur or 0)
            if seg == 0 and cur is None:
                return None  # 億 with no number before it
            total += seg * unit
            last_big = unit
            section, cur, last_small = 0, None, None
    if not have_digit:
        return None
    total += section + (cur or 0)
    return total, den, last_big or 1


def japanese_value(run: str) -> int | None:
    """parse_japanese rounded to an int (half up), or None when the run is not a number."""
    got = parse_japanese(run)
    if got is None:
        return None
    return round_div(got[0], got[1])


def to_kanji(n: int) -> str:
    """Render a non-negative int in positional kanji numerals (百九億二千三百万), for tests."""
    if n == 0:
        return "〇"
    digits = "〇一二三四五六七八九"
    out = []
    for unit, name in ((10**12, "兆"), (10**8, "億"), (10**4, "万"), (1, "")):
        part, n = divmod(n, unit)
        if not part:
            continue
        s = ""
        for sub, sname in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d, part = divmod(part, sub)
            if not d:
                continue
            if sname and d == 1:
                s += sname
            else:
                s += digits[d] + sname
        out.append(s + name)
    return "".join(out)

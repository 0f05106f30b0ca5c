"""The money grammar: every money, percent and ratio phrase of an English or Japanese text.

`find_mentions(text, dollar="USD", yen="JPY")` returns `Mention` records in order of `start`, with
offsets into the original text and `as_written == text[start:end]`, the shortest slice that carries
number + scale + currency. Qualifiers ("about", "up to", 約, 最大, 超, 余 ...) are read from the
words around the figure into `qualifier`; they are never part of `as_written`.

How it reads a text (linear time, no regex that can backtrack over unbounded input):

1. The text is NFKC-normalised (full-width digits and punctuation) with an offset map back.
2. One character-class scan finds every run of digits or kanji numerals (a "trigger").
3. At each trigger, anchored regexes read what can surround a number: a currency prefix just
   before it (US$, Rs, €, JPY ...), a scale (billion, bn, lakh crore, 兆/億/万), a currency after it
   (yen, euros, 円, ドル, JPY), a range ("$6-$8 billion", "100～200億円"), or a percent / ratio
   tail (%, percent, 倍, times, -fold). Every quantifier is bounded, so the work per trigger is
   bounded.
4. Word forms without digits (a billion dollars, doubled, tripled, halve) are found from a
   handful of keyword positions.
5. Mentions inside a longer one are dropped (十八億円 inside 八十八億円), and so are both sides of
   an exchange-rate line (`$1 = 0.9025 euros`, `1ドル=150円`).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from pipelines.lib.extract import currencies as cur
from pipelines.lib.extract.numerals import (
    BIG_UNITS,
    normalise,
    number_value,
    parse_japanese,
    round_div,
    scaled,
    to_original,
)
from pipelines.lib.model import Mention

__all__ = ["find_mentions", "Mention"]

_SP = r"[ \t\u00a0]"


def _rx(pattern: str, **parts: str) -> str:
    """A regex written with placeholders: {S} is one blank (space, tab, no-break space), {NAME} a part."""
    out = pattern.replace("{S}", _SP)
    for name, value in parts.items():
        out = out.replace("{" + name + "}", value)
    return out


def _first_of(forms, *, ignore_case: bool = False) -> str:
    """A look-ahead for the first characters of `forms`: one cheap test before a long alternation
    (an alternation `re` must otherwise try branch by branch, slowest when case-insensitive)."""
    chars = "".join(sorted({re.escape(f[0]) for f in forms}))
    return f"(?=(?i:[{chars}]))" if ignore_case else f"(?=[{chars}])"


# --------------------------------------------------------------------------------------------
# Regex building blocks
# --------------------------------------------------------------------------------------------

# A number as English-language texts write it: 1,234,567.89 / 1,26,000 (Indian) / 2500 / 1.6
_NUM = r"(?:\d{1,3}(?:,\d{3}){1,6}|\d{1,2}(?:,\d\d){1,5},\d{3}|\d{1,16})(?:\.\d{1,8})?(?!\d|[.,]\d)"

_SCALE_WORDS = {
    "thousand": 10**3, "k": 10**3,
    "million": 10**6, "mil": 10**6, "mln": 10**6, "mn": 10**6, "m": 10**6,
    "billion": 10**9, "bil": 10**9, "bln": 10**9, "bn": 10**9, "b": 10**9,
    "trillion": 10**12, "tril": 10**12, "trn": 10**12, "tn": 10**12, "t": 10**12,
    "lakh": 10**5, "lakhs": 10**5, "lac": 10**5, "lacs": 10**5,
    "crore": 10**7, "crores": 10**7, "cr": 10**7,
}  # fmt: skip
_CRORE_LAKH = frozenset({"lakh", "lakhs", "lac", "lacs", "crore", "crores", "cr"})
_RSEP_FIRST = frozenset(" \t\u00a0-\u2010\u2011\u2012\u2013\u2014\u2015\u2212~\u301c")

# Scale words spelled out (or a multi-letter abbreviation): glued, spaced or hyphenated.
_SCALE_WORD = _first_of(_SCALE_WORDS, ignore_case=True) + _rx(
    r"(?i:(?:lakhs?|lacs?|k|thousand){S}?-?{S}?(?:crores?|cr)"
    r"|crores?|lakhs?|lacs?|cr|thousand|million|billion|trillion|mln|mn|bln|bn|trn|tn|mil|bil|tril)"
    r"(?![A-Za-z])"
)
# Single-letter abbreviations: $5M, $1.5B, $34k, £5 m, €2T (never followed by a letter or digit).
_SCALE_LETTER = _rx(r"(?:[kKmMbBT]|(?<={S})[mMB])(?![A-Za-z0-9])")

_PREFIX_FORMS = sorted(set(cur.PREFIXES) | cur.ISO_CODES | set(cur.ISO_ALIASES))
_PRE = _first_of(_PREFIX_FORMS) + _rx(
    r"(?:(?<![A-Za-z0-9])(?:{LETTERS})|(?:{SYMBOLS}))",
    LETTERS=cur.alternation([p for p in _PREFIX_FORMS if p[0].isalpha()]),
    SYMBOLS=cur.alternation([p for p in _PREFIX_FORMS if not p[0].isalpha()]),
)
_SUF = _rx(
    r"(?:{FIRST}(?i:{WORDS})|(?:{CODES}))(?![A-Za-z])",
    FIRST=_first_of(cur.WORDS, ignore_case=True),
    WORDS="|".join(cur.word_pattern(w) for w in sorted(cur.WORDS, key=lambda s: -len(s))),
    CODES=cur.alternation(cur.ISO_CODES | set(cur.ISO_ALIASES)),
)

# One side of an English money phrase. The prefix is optional here; the caller decides.
_EN_PART = re.compile(
    _rx(
        r"(?:(?P<pre>{PRE}){S}?)?(?P<num>{NUM})"
        r"(?:{S}?-?{S}?(?P<scale>{SCALE})|{S}?(?P<scale1>{LETTER}))?"
        r"(?:(?:{S}{1,2}|{S}?-{S}?)(?P<suf>{SUF}))?",
        PRE=_PRE,
        NUM=_NUM,
        SCALE=_SCALE_WORD,
        LETTER=_SCALE_LETTER,
        SUF=_SUF,
    )
)
# A currency prefix ending right where a number starts (searched in a short window before it).
_PRE_BEFORE = re.compile(_rx(r"(?P<pre>{PRE}){S}?\Z", PRE=_PRE))
_WEIGHT_AFTER = re.compile(_rx(r"{S}+of(?![A-Za-z])|-weight|{S}+(?:heavier|lighter)"))
_PREFIX_LOOKUP = {p: cur.lookup_prefix(p) for p in _PREFIX_FORMS}
_PRE_LAST = frozenset(p[-1] for p in _PREFIX_FORMS)  # a prefix search is worth it only after these
# Between the two sides of a range.
_EN_RSEP = re.compile(_rx(r"{S}?[-\u2010-\u2015\u2212~\u301c]{S}?|{S}{1,2}(?P<w>to|and|through){S}{1,2}"))

# Japanese: a run of digits / kanji numerals / units, then a currency.
_JA_RUN = re.compile(r"[0-9〇一二三四五六七八九零壱弐参十拾百千万萬億亿兆京,.・]{1,48}")
_JA_CUR = re.compile(_rx(r"(?P<infix>余|超|強|弱)?{S}?(?P<cur>{CUR})", CUR=cur.alternation(cur.JA_WORDS)))
_JA_RSEP = re.compile(_rx(r"{S}?(?:[-~\u301c\u2010-\u2015\u2212]|から|ないし){S}?"))
_KANJI_ONLY = frozenset("〇一二三四五六七八九零壱弐参十拾百千万萬億亿兆京")
_UNIT_HEADERS = frozenset({"千", "百", "十", "百万", "千万", "十万", "十億", "百億"})

# Percent and ratio tails after a number.
_PCT_TAIL = re.compile(
    _rx(
        r"{S}?(?:(?P<pct>%|パーセント"
        r"|(?i:per[ -]?cent(?:age[ -]points?)?|pct|percentage[ -]points?)(?![A-Za-z]))"
        r"|(?P<bai>倍)|(?P<wari>割)(?!合|引き?[0-9])|(?P<times>(?i:times)(?![A-Za-z]))"
        r"|-?(?P<fold>(?i:fold)(?![A-Za-z])))"
    )
)
_PCT_FIRST = frozenset("%倍割パ")
_KANJI_TENTHS = {k: i for i, k in enumerate("一二三四五六七八九十", start=1)}
_PCT_NUM = re.compile(r"\d{1,6}(?:[.・]\d{1,6})?(?!\d)")
_PCT_RANGE = re.compile(_rx(r"{S}?[-~\u301c\u2013\u2014]{S}?(?P<num>\d{1,6}(?:\.\d{1,6})?)(?!\d)"))

# Triggers: runs of digits or kanji numerals (one character-class scan over the text).
_TRIGGER = re.compile(
    r"[0-9〇一二三四五六七八九零壱弐参十拾百千][0-9〇一二三四五六七八九零壱弐参十拾百千,.・]{0,64}"
)
_DIGITS = tuple("0123456789")
_RUN_CHARS = frozenset("0123456789〇一二三四五六七八九零壱弐参十拾百千")
_JA_FOLLOW = frozenset(
    "兆億万萬亿京千百十拾円ドル米豪加香台新シニユーウォン元人英ポインリバルスパ日美欧歐韓韩港余超強弱"
    "〇一二三四五六七八九零壱弐参・~〜から"
)

# Qualifiers before / after a figure. Words before a figure are looked up as phrases of the last
# one to four words (a dict lookup, not a regex search over the window).
_QUAL_EN: dict[str, str] = {}
for _q, _forms in (
    (
        "approx",
        "about|around|roughly|nearly|almost|approximately|approx|approx.|some|close to|an estimated|"
        "estimated|circa|just under|just below|just shy of|more or less|in the region of|"
        "on the order of|an approximate|approximate|an approximately",
    ),
    (
        "up_to",
        "up to|as much as|as high as|a maximum of|maximum of|max|max.|no more than|capped at|"
        "not exceeding|not to exceed|at most|a ceiling of|a cap of",
    ),
    (
        "at_least",
        "more than|over|well over|just over|at least|in excess of|upwards of|upward of|above|"
        "exceeding|no less than|not less than|north of|greater than|a minimum of|minimum of|"
        "well above|well in excess of",
    ),
):
    for _f in _forms.split("|"):
        _QUAL_EN[_f] = _q
_QUAL_EN_LAST = frozenset(form.split(" ")[-1] for form in _QUAL_EN)  # the last word of every phrase
_QUAL_JA: dict[str, str] = {}
for _q, _forms in (
    ("up_to", "最大|最大で|最大約|最大で約|上限|上限で|上限は|上限約|最高|最高で"),
    ("approx", "約|およそ|凡そ|概ね|おおむね|ほぼ|大体|だいたい|ざっと"),
    ("at_least", "最低|最低でも|少なくとも"),
):
    for _f in _forms.split("|"):
        _QUAL_JA[_f] = _q
_QUAL_JA_MAXLEN = max(len(k) for k in _QUAL_JA)
_QUAL_JA_LAST = frozenset(k[-1] for k in _QUAL_JA)
_QUAL_AFTER_FIRST = frozenset(" \t\u00a0+-程前規余あ強弱近ほくぐ超を以ま未")
_DOWN_WORDS = frozenset(
    "down fell fall falls falling fallen drop drops dropped dropping decline declined declines "  # noqa: SIM905
    "declining cut cuts cutting slash slashed slashes slashing reduce reduced reduces reducing "
    "reduction decrease decreased decreases decreasing lower lowered lowering shrank shrink shrinks "
    "shrinking shrunk plunge plunged plunges plunging slump slumped slumps slumping tumble tumbled "
    "tumbles tumbling sank sink sinks sinking slid slide slides sliding contract contracted "
    "contracts contracting lose loses losing lost trim trimmed trims trimming minus negative".split()
)
_UP_WORDS = frozenset(
    "increase increased increases increasing raise raised raises raising rise rises rising rose "  # noqa: SIM905
    "grow grows growing grew boost boosted boosts boosting expand expanded expands expanding hike "
    "hiked hikes lift lifted up".split()
)
_LEAD_PUNCT = "([{\"'“‘「『（"
_TRAIL_PUNCT = ")]}\"'”’」』）,;:"


def _words_before(t: str, s: int, span: int = 48) -> list[str]:
    """The last few lower-cased words before position s (only when a blank separates them)."""
    if s == 0 or t[s - 1] not in " \t\u00a0":
        return []
    lo = max(0, s - span)
    words = t[lo:s].lower().split()
    if lo > 0 and words and not t[lo - 1].isspace():
        words = words[1:]  # the window cut a word in two
    if words:  # "(about $1.25 billion)": a bracket opening before the qualifier is not part of it
        words = [w.lstrip(_LEAD_PUNCT) for w in words]
        if len(words) > 1:
            words = [w for w in words if w]
    return words[-5:]


def _qualifier_phrase(words: list[str]) -> tuple[str | None, int]:
    """(qualifier, number of words it spans) for the trailing words, longest phrase first."""
    if words and words[-1] not in _QUAL_EN_LAST:
        return None, 0  # no phrase ends in this word
    for k in (4, 3, 2, 1):
        if len(words) >= k:
            q = _QUAL_EN.get(" ".join(words[-k:]))
            if q is not None:
                return q, k
    return None, 0


_QUAL_EN_AFTER = re.compile(
    _rx(
        r"(?i:{S}+or{S}+(?P<at_least>more|above|over|higher)(?![A-Za-z])"
        r"|(?P<plus>\+|-plus(?![A-Za-z]))"
        r"|{S}+or{S}+(?P<approx>so)(?![A-Za-z]))"
    )
)
_QUAL_JA_AFTER = re.compile(
    r"(?:(?P<approx>程度|前後|規模|余り|余|あまり|強|弱|近く|ほど|くらい|ぐらい)"
    r"|(?P<at_least>超え|超|を超える|を上回る|以上)"
    r"|(?P<up_to>以下|以内|まで|を上限|未満))"
)
_INFIX_QUAL = {"余": "approx", "強": "approx", "弱": "approx", "超": "at_least"}
_BETWEEN_BEFORE = re.compile(_rx(r"(?i)(?<![A-Za-z])between{S}{1,3}\Z"))
_FROM_BEFORE = re.compile(
    _rx(
        r"(?i)(?<![A-Za-z])(?P<range>(?:rang(?:e|es|ed|ing)|anywhere|estimates?|vary|varies|varying){S}+)?"
        r"from{S}{1,3}(?:(?:about|around|roughly){S}+)?\Z"
    )
)
# "$1 = 0.9025 euros", "150 yen to the dollar", "151 yen per US dollar": exchange rates, not money.
_PER_AFTER = re.compile(
    _rx(
        r"(?i){S}{0,2}(?:=|{S}(?:to|per|a|against){S}+(?:(?:the|one|each){S}+)?(?:(?:us|u\.s\.){S}+)?"
        r"(?:dollar|euro|yen|pound|greenback|yuan|won|rupee|ドル|円)s?(?![A-Za-z])"
        r"|{S}?/{S}?(?:US\$|\$|€|£|¥|dollar|euro|ドル|ユーロ)(?![A-Za-z0-9]))"
    )
)
# Direction of a percent change read after it: "a 10% cut", "13%減".
_DOWN_AFTER = re.compile(
    _rx(
        r"(?i)(?:{S}*-?{S}*(?:(?:year-on-year|year-over-year|y/y|yoy|on-year|annual){S}+)?"
        r"(?:declines?|decreases?|drops?|falls?|cuts?|reductions?|lower|less|down|slump|contraction"
        r"|shrinkage|smaller|loss)(?![A-Za-z])"
        r"|の?(?:減|低下|削減|縮小|ダウン|マイナス|下落|落ち込|引))"
    )
)

_WORD_RATIO = {"doubl": 100.0, "tripl": 200.0, "quadrupl": 300.0}
_WORD_RATIO_RE = re.compile(
    _rx(
        r"(?i)(?<![A-Za-z])(?:(?P<stem>doubl|tripl|quadrupl)(?:e|ed|es|ing)"
        r"|(?P<halv>halv)(?:e|ed|es|ing)"
        r"|(?<=by )(?P<half>half)|(?<=in )(?P<half2>half))"
        r"(?![A-Za-z]|-[A-Za-z]|{S}+(?:digits?|dips?|down|edged|checks?|counts?|counting|standards?"
        r"|taxation|whammy|room|click|agents?|play|decker|space)(?![A-Za-z]))"
    )
)
_WORD_FOLD = re.compile(
    _rx(r"(?i)(?<![A-Za-z])(?P<w>two|three|four|five|six|seven|eight|nine|ten){S}?-?{S}?fold(?![A-Za-z])")
)
_JA_WORD_RATIO = re.compile(r"(?P<w>倍増|半減)")
_NUM_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "one hundred": 100,
}  # fmt: skip
_WORD_MONEY = re.compile(
    _rx(
        r"(?i){FIRST}(?<![A-Za-z0-9$])(?P<w>half{S}+an?|a{S}+hundred|one{S}+hundred|{WORDS})"
        r"{S}{1,2}(?P<scale>million|billion|trillion)(?:{S}{1,2}|-)(?P<suf>{SUF})",
        WORDS="|".join(sorted((w for w in _NUM_WORDS if " " not in w), key=len, reverse=True)),
        FIRST=_first_of(list(_NUM_WORDS) + ["half"]),
        SUF=_SUF,
    )
)


# --------------------------------------------------------------------------------------------
# The reader
# --------------------------------------------------------------------------------------------


class _Found:
    """A mention in normalised-text offsets, before it becomes a `Mention`."""

    __slots__ = (
        "start", "end", "amount", "currency", "amount_max", "percent", "qualifier", "negative", "unit",
        "basis", "infix",
    )  # fmt: skip

    def __init__(self, start, end, amount=None, currency=None, amount_max=None, percent=None,
                 unit="money", basis="explicit", infix=None):  # fmt: skip
        self.start = start
        self.end = end
        self.amount = amount
        self.currency = currency
        self.amount_max = amount_max
        self.percent = percent
        self.qualifier = None
        self.negative = False
        self.unit = unit
        self.basis = basis
        self.infix = infix


def _resolve(marker: str | None, dollar: str, yen: str) -> tuple[str | None, str]:
    if marker == cur.DOLLAR:
        return dollar, "context"
    if marker == cur.YEN:
        return yen, "context"
    return marker, "explicit"


def _scale_of(word: str | None, letter: str | None) -> tuple[int, str | None]:
    """(multiplier, normalised scale word) of the scale groups of an _EN_PART match."""
    if word is not None:
        key = " ".join(word.lower().replace("-", " ").split())
        got = _SCALE_WORDS.get(key)
        if got is not None:
            return got, key
        # "lakh crore", "k crore", "thousand crore" (spaced, hyphenated or glued)
        for lead, mult in (("lakhs", 10**5), ("lakh", 10**5), ("lacs", 10**5), ("lac", 10**5),
                           ("thousand", 10**3), ("k", 10**3)):  # fmt: skip
            if key.startswith(lead):
                return mult * 10**7, "crore"
        return 1, None
    if letter is not None:
        return _SCALE_WORDS[letter.lower()], letter.lower()
    return 1, None


class _Part:
    """One side of an English money phrase."""

    __slots__ = ("num", "mult", "scale", "marker", "where", "start", "end")

    def __init__(self, num, mult, scale, marker, where, start, end):
        self.num = num
        self.mult = mult
        self.scale = scale  # normalised scale word or None
        self.marker = marker  # ISO code, "$" / "¥" marker, or None
        self.where = where  # "pre", "suf" or None
        self.start = start
        self.end = end


def _is_yearlike(num: str) -> bool:
    return len(num) == 4 and num.isdigit() and 1800 <= int(num) <= 2199


def _word_scales(t: str, low: str) -> list[int] | None:
    """Offsets of "illion" in scale words (million, billion, trillion) that follow a blank after a
    letter, as in "five billion": every _WORD_MONEY match holds one. None when `low` is not
    offset-aligned with `t` or when dotted / dotless i (which match "i" case-insensitively) occur."""
    if len(low) != len(t) or "\u0130" in t or "\u0131" in t:
        return None
    out = []
    i = low.find("illion")
    while i >= 0:
        q = i - 1 if low[i - 1 : i] in ("m", "b") else i - 2 if low[i - 2 : i] == "tr" else -1
        if q >= 2 and t[q - 1] in _BLANKS:
            c = t[q - 2]
            if c.isalpha() or (c in _BLANKS and q >= 3 and t[q - 3].isalpha()):
                out.append(i)
        i = low.find("illion", i + 1)
    return out


_BLANKS = frozenset(" \t\u00a0")


class _Reader:
    def __init__(self, text: str, dollar: str, yen: str, lower: str | None = None):
        self.t = text
        self.lower = lower  # text.lower(), when the caller has it
        self.n = len(text)
        self.dollar = dollar
        self.yen = yen
        self.found: list[_Found] = []
        self._memo: tuple[int, _Part | None] = (-1, None)  # the last second side of a failed range

    # -- English ---------------------------------------------------------------------------

    def en_part(self, pos: int) -> _Part | None:
        """Read one side of an English money phrase starting at `pos` (at a prefix or a digit)."""
        if self._memo[0] == pos:
            return self._memo[1]
        m = _EN_PART.match(self.t, pos)
        if m is None:
            return None
        pre, num, scale, scale1, suf = m.group("pre", "num", "scale", "scale1", "suf")
        if scale is None and scale1 is None:
            mult, scale_word = 1, None
        else:
            mult, scale_word = _scale_of(scale, scale1)
        if pre is not None:
            marker, where = _PREFIX_LOOKUP.get(pre), "pre"
            if marker == "ZAR" and pre.strip() == "R":
                if scale_word is None:
                    return None
                if scale_word in _CRORE_LAKH:
                    marker = "INR"  # "R4,000 crore": a dropped s
            end = (
                m.end("scale")
                if scale is not None
                else m.end("scale1")
                if scale1 is not None
                else m.end("num")
            )
        elif suf is not None:
            if scale_word is None and _is_yearlike(num):
                return _Part(num, 1, None, None, None, pos, m.end("num"))  # "in 2020 dollars"
            marker = cur.lookup_suffix_code(suf) or cur.lookup_word(suf)
            where = "suf"
            end = m.end("suf")
            if scale_word is None and marker == "GBP" and _WEIGHT_AFTER.match(self.t, end):
                return _Part(num, 1, None, None, None, pos, m.end("num"))  # "500 pounds of steel"
        else:
            marker = where = None
            end = (
                m.end("scale")
                if scale is not None
                else m.end("scale1")
                if scale1 is not None
                else m.end("num")
            )
        return _Part(num, mult, scale_word, marker, where, pos, end)

    def read_en(self, s: int, floor: int) -> int:
        """Read English money whose number starts at s; returns the end consumed (or -1)."""
        t = self.t
        start = s
        if s > floor:
            c = t[s - 1]
            if c in " \t\u00a0" and s - 1 > floor:
                c = t[s - 2]
            if c in _PRE_LAST:
                pm = _PRE_BEFORE.search(t, max(floor, s - 8), s)
                if pm is not None:
                    start = pm.start()
        p1 = self.en_part(start)
        if p1 is None and start != s:
            p1 = self.en_part(s)
        if p1 is None:
            return -1
        # a range? the second side may carry its own prefix ($6-$8 billion)
        if p1.end < self.n and t[p1.end] in _RSEP_FIRST:
            rs = _EN_RSEP.match(t, p1.end)
            if rs is not None:
                p2 = self.en_part(rs.end())
                if p2 is not None:
                    done = self._range(p1, p2, rs)
                    if done >= 0:
                        return done
                self._memo = (rs.end(), p2)
        if p1.marker is None:
            return -1
        currency, basis = _resolve(p1.marker, self.dollar, self.yen)
        self.found.append(_Found(p1.start, p1.end, scaled(p1.num, p1.mult), currency, basis=basis))
        return p1.end

    def _range(self, p1: _Part, p2: _Part, rs: re.Match) -> int:
        if p2.marker is None and p2.scale is None:
            return -1
        if p1.marker is not None and p2.marker is not None and p1.marker != p2.marker:
            return -1
        marker = p1.marker or p2.marker
        if marker is None:
            return -1
        if p1.marker is None and p2.where != "suf":
            return -1  # "6 to $8 billion" reads as two things
        if p1.scale is not None and p2.scale is None:
            return -1
        word = rs.group("w")
        t = self.t
        if word == "and" and _BETWEEN_BEFORE.search(t, max(0, p1.start - 12), p1.start) is None:
            return -1
        if word in ("to", "through"):
            fm = _FROM_BEFORE.search(t, max(0, p1.start - 40), p1.start)
            if fm is not None and fm.group("range") is None:
                return -1  # "rose from $6 billion to $8 billion": two figures
        n1, d1 = number_value(p1.num)
        n2, d2 = number_value(p2.num)
        mult1 = p1.mult
        if p1.scale is None and p2.scale is not None and n1 * d2 < n2 * d1:
            mult1 = p2.mult
        low = round_div(n1 * mult1, d1)
        high = round_div(n2 * p2.mult, d2)
        if not low < high:
            return -1
        currency, basis = _resolve(marker, self.dollar, self.yen)
        self.found.append(_Found(p1.start, p2.end, low, currency, amount_max=high, basis=basis))
        return p2.end

    # -- Japanese --------------------------------------------------------------------------

    def ja_run(self, s: int) -> tuple[str, int] | None:
        m = _JA_RUN.match(self.t, s)
        if m is None:
            return None
        run = m.group().rstrip(",.・")
        if not run:
            return None
        return run, s + len(run)

    def read_ja(self, s: int) -> int:
        t = self.t
        got = self.ja_run(s)
        if got is None:
            return -1
        run, e = got
        if s > 0 and t[s - 1] in "数何幾":
            return -1
        cm = _JA_CUR.match(t, e)
        if cm is not None:
            value = self._ja_money(run, s, cm)
            if value is not None:
                # a range written with the currency on both sides: 100億円～200億円
                rs = _JA_RSEP.match(t, cm.end())
                if rs is not None:
                    done = self._ja_range(run, s, cm.group("cur"), rs)
                    if done >= 0:
                        return done
                currency = cur.JA_WORDS[cm.group("cur")]
                self.found.append(_Found(s, cm.end(), value, currency, infix=cm.group("infix")))
                return cm.end()
            return -1
        rs = _JA_RSEP.match(t, e)
        if rs is not None:
            done = self._ja_range(run, s, None, rs)
            if done >= 0:
                return done
        if s > 0 and any(c in BIG_UNITS for c in run):
            # a 億/万 figure after a currency prefix: US$5億, ￥1兆
            c = t[s - 1]
            if c in " \t\u00a0" and s > 1:
                c = t[s - 2]
            if c in _PRE_LAST:
                pm = _PRE_BEFORE.search(t, max(0, s - 8), s)
                got = parse_japanese(run) if pm is not None else None
                marker = cur.lookup_prefix(pm.group("pre")) if pm is not None else None
                if got is not None and marker not in (None, "ZAR"):
                    currency, basis = _resolve(marker, self.dollar, self.yen)
                    self.found.append(_Found(pm.start(), e, round_div(got[0], got[1]), currency, basis=basis))
                    return e
        return -1

    def _ja_money(self, run: str, s: int, cm: re.Match) -> int | None:
        word = cm.group("cur")
        t = self.t
        if run in _UNIT_HEADERS:
            # a unit header such as (単位：百万円) or 千円 in a table caption
            j = s - 1
            while j >= 0 and t[j] in " \t\u3000":
                j -= 1
            if j >= 0 and t[j] in "(（:：位\n[［【/／":
                return None
        if word in ("元", "円") and all(c in _KANJI_ONLY for c in run):
            if word == "元" and not any(c in BIG_UNITS for c in run):
                return None  # 三元系, 二元論, 一元化
            if run == "一" and s > 0 and "\u4e00" <= t[s - 1] <= "\u9fff":
                return None  # 関東一円 (throughout)
        after = t[cm.end()] if cm.end() < self.n else ""
        if word == "元" and after and after in "系素号年化論的":
            return None
        if word == "円" and after == "台" and not any(c in BIG_UNITS for c in run):
            return None  # 1ドル150円台: an exchange-rate level
        got = parse_japanese(run)
        if got is None:
            return None
        return round_div(got[0], got[1])

    def _ja_range(self, run1: str, s: int, cur1: str | None, rs: re.Match) -> int:
        t = self.t
        got2 = self.ja_run(rs.end())
        if got2 is None:
            return -1
        run2, e2 = got2
        cm2 = _JA_CUR.match(t, e2)
        if cm2 is None:
            return -1
        if cur1 is not None and cur1 != cm2.group("cur"):
            return -1
        v1 = parse_japanese(run1)
        v2 = parse_japanese(run2)
        if v1 is None or v2 is None:
            return -1
        n1, d1, big1 = v1
        n2, d2, big2 = v2
        if big1 == 1 and cur1 is None:
            n1 *= big2
        low, high = round_div(n1, d1), round_div(n2, d2)
        if not low < high:
            return -1
        currency = cur.JA_WORDS[cm2.group("cur")]
        self.found.append(_Found(s, cm2.end(), low, currency, amount_max=high, infix=cm2.group("infix")))
        return cm2.end()

    # -- Percent and ratio -----------------------------------------------------------------

    def read_pct(self, s: int) -> int:
        t = self.t
        nm = _PCT_NUM.match(t, s)
        if nm is None:
            return -1
        num = nm.group().replace("・", ".")
        end = nm.end()
        rm = _PCT_RANGE.match(t, end) if end < self.n and t[end] in _RSEP_FIRST else None
        if rm is not None and _PCT_TAIL.match(t, rm.end()) is not None:
            tm = _PCT_TAIL.match(t, rm.end())
            if tm.group("pct") is None and tm.group("wari") is None:
                rm = None
        else:
            rm = None
        tm = _PCT_TAIL.match(t, rm.end() if rm is not None else end)
        if tm is None:
            return -1
        n, d = number_value(num)
        if tm.group("pct") is not None or tm.group("wari") is not None:
            value = n / d * (10 if tm.group("wari") is not None else 1)
            f = _Found(s, tm.end(), percent=round(value, 6), unit="percent")
            self._direction(f, s, tm.end())
        else:
            if tm.group("times") is not None and s > 0 and t[s - 1] in "-/":
                return -1
            pct = (n - d) * 100 / d
            f = _Found(s, tm.end(), percent=round(pct, 6), unit="ratio")
            f.negative = pct < 0
        self.found.append(f)
        return tm.end()

    def read_kanji_wari(self, s: int, e: int) -> int:
        """A tenths ratio in kanji numerals (二割 = 20%, 十割 = 100%)."""
        tens = _KANJI_TENTHS.get(self.t[s:e])
        tm = _PCT_TAIL.match(self.t, e) if tens is not None else None
        if tm is None or tm.group("wari") is None:
            return -1
        f = _Found(s, tm.end(), percent=float(tens * 10), unit="percent")
        self._direction(f, s, tm.end())
        self.found.append(f)
        return tm.end()

    def _direction(self, f: _Found, s: int, e: int) -> None:
        t = self.t
        j = s - 1
        while j >= 0 and t[j] in " \t":
            j -= 1
        sign = t[j] if j >= 0 else ""
        negative = (
            sign in ("▲", "△", "▼")
            or (sign in ("-", "\u2212") and (j == 0 or not t[j - 1].isalnum()))
            or self._down_before(s)
            or _DOWN_AFTER.match(t, e) is not None
        )
        if negative:
            f.negative = True
            f.percent = -abs(f.percent)

    def _down_before(self, s: int) -> bool:
        """A fall verb just before the figure: "fell 5%", "cut by about 10%", "down over 2%"."""
        t = self.t
        if t[max(0, s - 6) : s].rstrip().endswith(("マイナス", "減少率", "削減率")):
            return True
        words = _words_before(t, s)
        if not words:
            return False
        q, k = _qualifier_phrase(words)
        if k:
            words = words[:-k]
        if words and words[-1] in ("a", "an"):
            words = words[:-1]
        if words and words[-1] in ("by", "of"):
            words = words[:-1]
        return bool(words) and words[-1].strip(_TRAIL_PUNCT) in _DOWN_WORDS

    # -- Words without digits -----------------------------------------------------------------

    def read_words(self) -> None:
        t = self.t
        low = t.lower() if self.lower is None else self.lower
        if "illion" in low:
            # offsets of the scale words a number word can precede; a window without one holds no match
            words = _word_scales(t, low)
            seen = -1
            i = low.find("illion")
            while i >= 0:
                lo, hi = max(seen, i - 24), min(self.n, i + 48)
                if words is not None and bisect_left(words, hi) == bisect_left(words, lo):
                    i = low.find("illion", max(i + 6, seen))
                    continue
                m = _WORD_MONEY.search(t, lo, hi)
                if m is not None and m.start() >= seen:
                    suf = m.group("suf")
                    code = cur.lookup_suffix_code(suf) or cur.lookup_word(suf)
                    if code is not None:
                        mult = _SCALE_WORDS[m.group("scale").lower()]
                        word = " ".join(m.group("w").lower().split())
                        amount = mult // 2 if word.startswith("half") else _NUM_WORDS[word] * mult
                        self.found.append(_Found(m.start(), m.end(), amount, code))
                    seen = m.end()
                i = low.find("illion", max(i + 6, seen))
        for key in ("doubl", "tripl", "quadrupl", "halv", "half"):
            i = low.find(key)
            while i >= 0:
                m = _WORD_RATIO_RE.match(t, i)
                if m is not None:
                    if m.group("stem") is not None:
                        pct = _WORD_RATIO[m.group("stem").lower()]
                    else:
                        pct = -50.0
                        if m.group("halv") is None:
                            words = _words_before(t, i)
                            if len(words) >= 2 and any(words[-2].startswith(u) for u in _UP_WORDS):
                                pct = 50.0
                    f = _Found(m.start(), m.end(), percent=pct, unit="ratio")
                    f.negative = pct < 0
                    self.found.append(f)
                i = low.find(key, i + len(key))
        i = low.find("fold")
        while i >= 0:
            m = _WORD_FOLD.search(t, max(0, i - 8), i + 4)
            if m is not None:
                k = _NUM_WORDS[m.group("w").lower()]
                self.found.append(_Found(m.start(), m.end(), percent=float((k - 1) * 100), unit="ratio"))
            i = low.find("fold", i + 4)
        if "倍増" in t or "半減" in t:
            for m in _JA_WORD_RATIO.finditer(t):
                pct = 100.0 if m.group("w") == "倍増" else -50.0
                f = _Found(m.start(), m.end(), percent=pct, unit="ratio")
                f.negative = pct < 0
                self.found.append(f)

    # -- Driver ----------------------------------------------------------------------------------

    def run(self) -> list[_Found]:
        t = self.t
        pos = 0
        for m in _TRIGGER.finditer(t):
            s = m.start()
            if s < pos:
                continue
            if s > 0:  # the tail of a run longer than one trigger is no figure start
                prev = t[s - 1]
                if prev in _RUN_CHARS or (prev in ",.・" and s > 1 and t[s - 2] in _RUN_CHARS):
                    continue
            c = t[s]
            e = m.end()
            done = -1
            nxt = t[e] if e < self.n else ""
            if not ("0" <= c <= "9"):
                done = self.read_ja(s)
                if done < 0 and nxt == "割":
                    done = self.read_kanji_wari(s, e)
            else:
                if nxt in _JA_FOLLOW or (e - s > 2 and "・" in t[s:e]):
                    done = self.read_ja(s)
                if done < 0 and nxt not in _PCT_FIRST:
                    done = self.read_en(s, pos)
                    if done < 0 and nxt == "-":
                        done = self.read_ja(s)  # 100-200億円
                if done < 0:
                    done = self.read_pct(s)
            if done >= 0:
                pos = done
        self.read_words()
        return self.found


# --------------------------------------------------------------------------------------------
# Post-processing: qualifiers, negatives, exchange-rate lines, nesting
# --------------------------------------------------------------------------------------------


def _qualify(t: str, f: _Found) -> None:
    s, e = f.start, f.end
    qual = None
    if s > 0:
        c = t[s - 1]
        if c in " \t\u00a0":
            words = _words_before(t, s)
            if words:
                qual, _ = _qualifier_phrase(words)
        j = s
        while j > 0 and t[j - 1] in "▲△▼ \t\u3000":
            j -= 1
        if qual is None and j > 0 and t[j - 1] in _QUAL_JA_LAST:
            for k in range(min(_QUAL_JA_MAXLEN, j), 0, -1):
                q = _QUAL_JA.get(t[j - k : j])
                if q is not None:
                    qual = q
                    break
    if qual is None and f.infix:
        qual = _INFIX_QUAL.get(f.infix)
    if qual is None and e < len(t) and t[e] in _QUAL_AFTER_FIRST:
        m = _QUAL_EN_AFTER.match(t, e)
        if m is None:
            m = _QUAL_JA_AFTER.match(t, e)
        if m is not None:
            qual = m.lastgroup
            if qual == "plus":
                qual = "at_least"
    f.qualifier = qual
    if f.unit == "money" and s > 0:
        w = t[max(0, s - 6) : s]
        if "▲" in w or "△" in w or "▼" in w:
            w = w.rstrip(" \t\u3000")
            for q in ("約", "およそ", "最大"):
                if w.endswith(q):
                    w = w[: -len(q)].rstrip(" \t\u3000")
                    break
            if w.endswith(("▲", "△", "▼")):
                f.negative = True


def _take_sign(t: str, f: _Found) -> None:
    """Start the figure at the sign mark written against it: "▲４０億円", "（同＋３．０％）"."""
    s = f.start
    if s == 0 or f.unit == "ratio":
        return
    c = t[s - 1]
    marked_fall = c in "▲△▼" and f.negative
    glued = s > 1 and t[s - 2].isascii() and t[s - 2].isalnum()  # "2+3%" is a sum, not a sign
    if marked_fall or c == "+" and f.unit == "percent" and not f.negative and not glued:
        f.start = s - 1


def _drop_rates(t: str, found: list[_Found]) -> list[_Found]:
    """Drop both sides of `$1 = 0.9025 euros`, `1ドル=150円`, `150 yen to the dollar`."""
    money = [f for f in found if f.unit == "money"]
    drop = set()
    n = len(t)
    for i, f in enumerate(money):
        if f.end < n and t[f.end] in " \t\u00a0=/" and _PER_AFTER.match(t, f.end) is not None:
            drop.add(id(f))
            if "=" in t[f.end : f.end + 3]:
                for g in money[i + 1 : i + 2]:
                    drop.add(id(g))
        before = t[max(0, f.start - 3) : f.start]
        if "=" in before and before.rstrip(" \t\u00a0").endswith("="):
            drop.add(id(f))
        if (
            f.amount == 1
            and f.amount_max is None
            and t[f.end : f.end + 3].lstrip(" \t=:").startswith(_DIGITS)
        ):
            drop.add(id(f))  # 1ドル150円台, $1: 0.92 euro
        if f.amount == 1 and i + 1 < len(money):
            g = money[i + 1]
            gap = t[f.end : g.start]
            if len(gap) <= 3 and all(c in " \t=:(" for c in gap) and g.currency != f.currency:
                drop.add(id(f))
                drop.add(id(g))
    return [f for f in found if id(f) not in drop]


def _drop_nested(found: list[_Found], size: int) -> list[_Found]:
    """Keep the longest of overlapping mentions (money wins over a ratio word at equal length).

    Linear in the total length of the mentions: a byte per character marks what is taken.
    """
    if len(found) < 2:
        return found
    overlap = any(found[i].end > found[i + 1].start for i in range(len(found) - 1))
    if not overlap:
        return found
    order = sorted(found, key=lambda f: (-(f.end - f.start), f.start, f.unit != "money"))
    taken = bytearray(size + 1)
    kept: list[_Found] = []
    for f in order:
        if 1 in taken[f.start : f.end]:
            continue
        kept.append(f)
        taken[f.start : f.end] = b"\x01" * (f.end - f.start)
    kept.sort(key=lambda f: (f.start, f.end))
    return kept


def find_mentions(
    text: str, *, dollar: str = "USD", yen: str = "JPY", lower: str | None = None
) -> list[Mention]:
    """Every money, percent and ratio phrase of `text`, in order of start.

    `dollar` is what a bare `$` means (CAD on a Government of Canada page, ...), `yen` what a bare
    `¥` means (JPY or CNY). Mentions resolved from them carry `currency_basis="context"`. `lower` is
    `text.lower()` when the caller has it already.
    """
    if not text:
        return []
    norm, offsets = normalise(text)
    reader = _Reader(norm, dollar, yen, lower if norm is text else None)
    found = reader.run()
    if not found:
        return []
    found.sort(key=lambda f: (f.start, f.end))
    found = _drop_nested(found, len(norm))
    found = _drop_rates(norm, found)
    out: list[Mention] = []
    for f in found:
        _qualify(norm, f)
        _take_sign(norm, f)
        start, end = (f.start, f.end) if offsets is None else to_original(offsets, f.start, f.end)
        out.append(
            Mention(
                start=start,
                end=end,
                as_written=text[start:end],
                amount=f.amount,
                currency=f.currency,
                amount_max=f.amount_max,
                percent=f.percent,
                qualifier=f.qualifier,
                negative=f.negative,
                unit=f.unit,
                currency_basis=f.basis,
            )
        )
    return out

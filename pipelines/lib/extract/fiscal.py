"""Fiscal years: each government's calendar, the ways texts write a year, and relative phrases.

Japan, India, the UK, Canada and Singapore label a fiscal year by the calendar year it starts in
(April); the US by the year it ends in (October start); Australia starts in July (labelled by the
start year here, as "2024-25" budgets are); Korea, China, Taiwan, the EU and most others use the
calendar year. Written forms: 令和N年度 (2018+N), 平成N年度 (1988+N), 2023年度, 23年度, 二〇二三年度,
FY2024, FY24, FY 2024-25, fiscal 2026, fiscal year 2026, 2023 fiscal year, Budget 2025. Relative
forms (来年度, 今年度, 前年度, next/this/last fiscal year, next/this/last year, a year ago, the fiscal
year starting in April) are resolved from the publication date and are `inferred`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# government -> (first month of the fiscal year, label by "start" or "end" year)
_CALENDARS: dict[str, tuple[int, str]] = {
    "Japan": (4, "start"),
    "India": (4, "start"),
    "United Kingdom": (4, "start"),
    "Canada": (4, "start"),
    "Singapore": (4, "start"),
    "Hong Kong": (4, "start"),
    "New Zealand": (7, "start"),
    "Australia": (7, "start"),
    "United States": (10, "end"),
}

_KANJI_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_KANJI = "〇零一二三四五六七八九十"


def calendar_of(government: str | None) -> tuple[int, str]:
    """(start month, label rule) of a government's fiscal year; calendar year when unknown."""
    return _CALENDARS.get(government or "", (1, "start"))


def fiscal_year_of(day: date, government: str | None) -> int:
    """The fiscal year (as that government labels it) that contains `day`."""
    month, label = calendar_of(government)
    if month == 1:
        return day.year
    start_year = day.year if day.month >= month else day.year - 1
    return start_year + 1 if label == "end" else start_year


def upcoming_fiscal_year(day: date, government: str | None) -> int:
    """The fiscal year a budget drafted on `day` is for: the next one to start (or the one starting
    this very month, "the fiscal year starting in April" said on April 1)."""
    month, label = calendar_of(government)
    if month == 1:
        return day.year + 1
    start_year = day.year if day.month <= month else day.year + 1
    return start_year + 1 if label == "end" else start_year


def kanji_number(s: str) -> int | None:
    """Small kanji numerals: digit strings (二〇二三) and tens notation (二十三, 十八)."""
    if not s:
        return None
    if "十" not in s:
        if all(c in _KANJI_DIGITS for c in s):
            return int("".join(str(_KANJI_DIGITS[c]) for c in s))
        return None
    tens, _, ones = s.partition("十")
    t = _KANJI_DIGITS.get(tens) if tens else 1
    o = _KANJI_DIGITS.get(ones) if ones else 0
    if t is None or o is None:
        return None
    return t * 10 + o


def _number(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    if s == "元":
        return 1
    return kanji_number(s)


def _full_year(n: int) -> int:
    return n if n >= 1000 else 2000 + n


@dataclass(frozen=True, slots=True)
class YearMention:
    """A fiscal-year expression in a text.

    `year` is set for stated years; `relative` (-1, 0, +1, ...) for relative phrases, with
    `calendar` True when the phrase counts calendar years ("next year") rather than fiscal years.
    `comparison` marks a year named as the base of a comparison (前年度より, "than in FY2022").
    `upcoming` marks "the fiscal year starting in April" style phrases.
    """

    start: int
    end: int
    year: int | None = None
    relative: int | None = None
    calendar: bool = False
    comparison: bool = False
    upcoming: bool = False
    year_end: int | None = None
    local: bool = False  # a span that dates one amount ("spent in 2024-25", "from 2024"), not the text
    on: date | None = None  # a month that the fiscal year contains ("the fiscal year ending in March 2025")

    @property
    def stated(self) -> bool:
        return self.year is not None or self.on is not None

    def resolve(self, published: date | None, government: str | None) -> int | None:
        """The fiscal year this expression names, for a government and publication date."""
        if self.year is not None:
            return self.year
        if self.on is not None:
            return fiscal_year_of(self.on, government)
        if published is None:
            return None
        if self.upcoming:
            return upcoming_fiscal_year(published, government)
        if self.relative is None:
            return None
        base = published.year if self.calendar else fiscal_year_of(published, government)
        return base + self.relative


_K = f"[{_KANJI}]"
# month numbers by the first three letters of their English names
MONTHS = {m: n for n, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun"], 1)} | {
    m: n for n, m in enumerate(["jul", "aug", "sep", "oct", "nov", "dec"], 7)
}
# One small regex per written form. Each is tried only in a window around the occurrences of its
# keyword (found with str.find), which is far faster than letting `re` scan the whole text.
_FORMS: list[tuple[str, re.Pattern]] = [
    ("年度", re.compile(rf"(?P<era>令和|平成|R|H)\s?(?P<en>\d{{1,2}}|元|{_K}{{1,3}})\s?年度")),
    ("年度", re.compile(rf"(?<![\d{_KANJI}])(?P<jy>(?:19|20)\d{{2}}|\d{{2}}|{_K}{{4}}|{_K}{{2}})\s?年度")),
    ("年度", re.compile(r"(?P<jrel>再来年度|来年度|次年度|今年度|本年度|当年度|前年度|昨年度)")),
    (
        "FY",
        re.compile(r"(?<![A-Za-z])FY\s?'?(?P<fy>(?:19|20)\d{2}|\d{2})(?:\s?[-–/]\s?(?P<fy2>\d{2,4}))?(?!\d)"),
    ),
    (
        "fiscal",
        re.compile(
            r"fiscal(?:\s+year)?\s+(?P<fiy>(?:19|20)\d{2})(?:\s?[-–/]\s?(?P<fiy2>\d{2,4}))?(?!\d)", re.I
        ),
    ),
    (
        "year",
        re.compile(
            r"(?P<yfi>(?:19|20)\d{2})(?:\s?[-–/]\s?(?P<yfi2>\d{2,4}))?\s+(?:fiscal|financial|budget)\s+year",
            re.I,
        ),
    ),
    (
        "financial",
        re.compile(r"financial\s+year\s+(?P<finy>(?:19|20)\d{2})(?:\s?[-–/]\s?(?P<finy2>\d{2,4}))?", re.I),
    ),
    ("budget", re.compile(r"Budget\s+(?P<by>(?:19|20)\d{2})(?!\d)")),
    ("budget", re.compile(r"budget\s+for\s+(?P<bfor>20\d{2})(?!\d)", re.I)),
    # a bare fiscal span: "2024-25", "2021-2027" (checked to be a span of consecutive or later years)
    (
        "20",
        re.compile(r"(?<![\d/.-])(?P<sp>20\d{2})[-–](?P<sp2>\d{2}|20\d{2})(?![\d/.-]|\s?(?:億|兆|万|円))"),
    ),
    ("between", re.compile(r"between\s+(?P<btw>20\d{2})\s+and\s+20\d{2}(?!\d)", re.I)),
    # money "from 2024" (years, a budget, a fund…) or a period "from 2021 to 2025"; not a plant
    # producing "from 2027"
    (
        "from",
        re.compile(
            r"(?:\b(?:[Yy]ears?|[Bb]udgets?|[Ff]unds?|[Ff]unding|[Ss]pending|[Oo]utlays?|[Pp]ackage|"
            r"[Pp]rogram(?:me)?|[Aa]nnually|a\s+year|per\s+year|each\s+year)\s+(?:[\w-]+\s+){0,2}?from|"
            r"\bfrom(?=\s+20\d{2}\s+(?:to|through|until)\s+20\d{2}))\s+(?P<frm>20\d{2})(?![\d/-])"
        ),
    ),
    (
        "budget",
        re.compile(
            r"(?P<yb>(?:19|20)\d{2})\s+(?:(?:central|federal|national|union|state|general|government|annual|"
            r"draft|proposed|interim|revised|supplementary|extra|additional)\s+){0,2}budget(?!\s+(?:deficit|surplus))",
            re.I,
        ),
    ),
    (
        "year",
        re.compile(
            r"(?P<erel>(?:next|this|the\s+current|current|last|previous|the\s+previous|the\s+coming|coming)"
            r"\s+(?:fiscal|financial|budget)\s+year)",
            re.I,
        ),
    ),
    (
        "year",
        re.compile(
            r"(?:the\s+)?(?:fiscal|financial|budget)\s+year\s+(?:ending|ended|that\s+ends|that\s+ended|to|"
            r"starting|beginning|that\s+starts|that\s+began|that\s+begins|from)(?:\s+in|\s+on)?\s+"
            r"(?P<onm>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?"
            r"(?P<ony>(?:19|20)\d{2})(?!\d)",
            re.I,
        ),
    ),
    (
        "year",
        re.compile(
            r"(?P<start>(?:the\s+)?(?:fiscal|financial|budget)\s+year\s+(?:starting|beginning|that\s+starts|"
            r"that\s+begins|from)(?:\s+in)?\s+(?:April|October|July|January))",
            re.I,
        ),
    ),
    (
        "year",
        re.compile(r"(?P<crel>(?:next|this|last)\s+year|(?:a|one)\s+year\s+(?:ago|earlier|before))", re.I),
    ),
]
# The characters the forms of each keyword can start with: a look-ahead on them lets `re` reject
# most positions of a window in one step rather than trying every form there.
_FIRST_CHARS = {
    "年度": rf"令平RH\d{_KANJI}再来次今本当前昨",
    "FY": "F",
    "fiscal": "f",
    "year": "12ntclpfbao",  # "2024 fiscal year", next/this/the/current/last/previous/coming, a/one
    "financial": "f",
    "budget": "b12",
    "20": "2",  # a bare span "2024-25"
    "between": "b",
    "from": "YyBbFfSsOoPpAaep",  # the nouns before "from", or "from" itself
}
# the forms that share a keyword, as one alternation (tried only in small windows)
_GROUPED: list[tuple[str, re.Pattern]] = []
for _key in dict.fromkeys(k for k, _ in _FORMS):
    _parts = [rx for k, rx in _FORMS if k == _key]
    _flags = re.I if any(rx.flags & re.I for rx in _parts) else 0
    _alternation = "|".join(f"(?:{rx.pattern})" for rx in _parts)
    _GROUPED.append((_key, re.compile(f"(?=[{_FIRST_CHARS[_key]}])(?:{_alternation})", _flags)))

_COMPARISON_AFTER = re.compile(
    r"\s?(?:当初予算|当初|補正予算|予算)?(?:より|比|と比べ|に比べ|から|対比|の同|実績|以来|以降|の約|の\d)"
)
_COMPARISON_BEFORE = re.compile(  # the look-ahead on first characters skips other positions fast
    r"(?=[対tTvVcC])"
    r"(?:対|(?i:than|versus|vs\.?|compared\s+(?:with|to)|than\s+(?:that|those|it)\s+in)\s+(?:the\s+)?)$"
)
_BUDGET_NOUN = re.compile(r"\s?(?:の)?(?:第\d次)?(?:補正|当初|予算|概算|決算)")
_REL_WORDS = {
    "再来年度": 2,
    "来年度": 1,
    "次年度": 1,
    "今年度": 0,
    "本年度": 0,
    "当年度": 0,
    "前年度": -1,
    "昨年度": -1,
}


def _span_year(first: str, second: str | None) -> tuple[int, int | None]:
    y = _full_year(int(first))
    if not second:
        return y, None
    y2 = int(second)
    if y2 < 100:
        y2 = (y // 100) * 100 + y2
    return y, y2


_YEAR_BEFORE = re.compile(r"(?:fiscal|financial|budget|next|this|last)\s+$")
_YEAR_AGO = re.compile(r"year\s+(?:ago|earlier|before)")
# the head of every bare fiscal span ("2024-", the "20" keyword's only form)
_SPAN_HEAD = re.compile(r"20\d\d[-–]")
# keywords whose forms all contain a year written "19xx" or "20xx"
_NEED_DIGITS = frozenset({"fiscal", "financial", "budget"})
# keywords whose one form needs a text-wide string that is rare: when the text (or its lower-case
# copy, for "between" whose form ignores case) has none, the keyword's windows cannot match
_KEY_GATES = {
    "20": (_SPAN_HEAD, False),
    "from": (re.compile(r"from\s+20\d\d"), False),
    "between": (re.compile(r"between\s+20\d\d"), True),
}
# (lower-case keyword, its regex, whether its forms all need a 19xx/20xx year), computed once
_KEYED = [(k.lower(), rx, k.lower() in _NEED_DIGITS) for k, rx in _GROUPED]


def _matches(text: str, lower: str | None) -> list[re.Match]:
    if lower is None:
        lower = text.lower()
    found: list[re.Match] = []
    positions: dict[str, list[int]] = {}
    for key, regex, needs_year in _KEYED:
        gate = _KEY_GATES.get(key)
        if gate is not None and gate[0].search(lower if gate[1] else text) is None:
            continue
        where = positions.get(key)
        if where is None:
            where = []
            i = lower.find(key)
            while i >= 0:
                where.append(i)
                i = lower.find(key, i + 1)
            positions[key] = where
        for i in where:
            lo, hi = max(0, i - 45), i + len(key) + 45
            if needs_year and text.find("20", lo, hi) < 0 and text.find("19", lo, hi) < 0:
                continue  # these forms all carry a 19xx/20xx year (or FY24): none in the window
            if key == "20" and not _SPAN_HEAD.search(text, max(0, i - 8), i + 5):
                continue  # no "20xx-" starts at or up to 8 characters before this "20": no span holds it
            if key == "year" and not (
                _YEAR_BEFORE.search(lower, max(0, i - 24), i) or _YEAR_AGO.match(lower, i)
            ):
                continue  # every "year" form has "fiscal/next/this/last year" or "a year ago" in it
            for m in regex.finditer(text, lo, hi):
                if m.start() <= i < m.end():
                    found.append(m)
    found.sort(key=lambda m: (m.start(), -m.end()))
    out: list[re.Match] = []
    end = -1
    for m in found:
        if m.start() >= end:
            out.append(m)
            end = m.end()
    return out


def find_year_mentions(text: str, lower: str | None = None) -> list[YearMention]:
    """Every fiscal-year expression in `text` (offsets into `text`); `lower` is `text.lower()` when
    the caller has it already."""
    out: list[YearMention] = []
    for m in _matches(text, lower):
        g = m.lastgroup
        groups = m.groupdict()
        s, e = m.start(), m.end()
        before = text[max(0, s - 30) : s]
        after = text[e : e + 10]
        comparison = bool(_COMPARISON_AFTER.match(after) or _COMPARISON_BEFORE.search(before))
        year = None
        year_end = None
        on = None
        relative = None
        calendar = False
        upcoming = False
        if groups.get("era") is not None:
            n = _number(m.group("en"))
            if n is None:
                continue
            year = (2018 if m.group("era") in ("令和", "R") else 1988) + n
        elif groups.get("jy") is not None:
            n = _number(m.group("jy"))
            if n is None:
                continue
            year = _full_year(n)
        elif groups.get("fy") is not None:
            year, year_end = _span_year(m.group("fy"), m.group("fy2"))
        elif groups.get("fiy") is not None:
            year, year_end = _span_year(m.group("fiy"), m.group("fiy2"))
        elif groups.get("yfi") is not None:
            year, year_end = _span_year(m.group("yfi"), m.group("yfi2"))
        elif groups.get("finy") is not None:
            year, year_end = _span_year(m.group("finy"), m.group("finy2"))
        elif groups.get("by") is not None:
            year = int(m.group("by"))
        elif groups.get("yb") is not None:
            year = int(m.group("yb"))
        elif groups.get("bfor") is not None:
            year = int(m.group("bfor"))
        elif groups.get("sp") is not None:
            year, year_end = _span_year(m.group("sp"), m.group("sp2"))
            if year_end is None or not (year < year_end <= year + 10):
                continue  # "2024-08" (a date), "2030-25": not a span of fiscal years
            if len(m.group("sp2")) == 2 and year_end != year + 1:
                continue
        elif groups.get("btw") is not None:
            year = int(m.group("btw"))
        elif groups.get("frm") is not None:
            year = int(m.group("frm"))
        elif groups.get("jrel") is not None:
            relative = _REL_WORDS[m.group("jrel")]
        elif groups.get("erel") is not None:
            w = m.group("erel").lower()
            relative = (
                1 if ("next" in w or "coming" in w) else (-1 if ("last" in w or "previous" in w) else 0)
            )
        elif groups.get("ony") is not None:
            on = date(int(m.group("ony")), MONTHS[m.group("onm").lower()[:3]], 1)
        elif groups.get("start") is not None:
            upcoming = True
        elif groups.get("crel") is not None:
            w = m.group("crel").lower()
            relative = 1 if w.startswith("next") else (0 if w.startswith("this") else -1)
            calendar = True
        if g == "jrel" and relative is not None and relative < 0 and not _BUDGET_NOUN.match(after):
            comparison = True  # 前年度 is nearly always the base of a comparison
        if g == "crel" and re.search(r"(?i:from|than|since|over)\s+(?:the\s+)?$", before):
            comparison = True
        if year is not None and not (1980 <= year <= 2100):
            continue
        local = groups.get("sp") is not None or groups.get("btw") is not None or groups.get("frm") is not None
        out.append(YearMention(s, e, year, relative, calendar, comparison, upcoming, year_end, local, on))
    return out


_FY_LABEL = re.compile(r"(?:FY\s?)?((?:19|20)\d{2})")


def parse_fiscal_label(label: str | None) -> int | None:
    """The first year of a label such as "FY2026" or "FY2024-25 to FY2030-31"; None when absent."""
    if not label:
        return None
    m = _FY_LABEL.search(str(label))
    return int(m.group(1)) if m else None

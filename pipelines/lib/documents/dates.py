"""Publication dates as pages write them: ISO stamps, English and Japanese dates, 令和 era dates."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925, "R": 2018, "H": 1988}

_MON = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])")),
    ("era", re.compile(r"(令和|平成|昭和)\s*(\d{1,2}|元)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")),
    ("ja", re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")),
    ("mdy", re.compile(rf"\b{_MON}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)),
    ("dmy", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MON},?\s+(\d{{4}})\b", re.I)),
    ("slash", re.compile(r"\b(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b")),
    ("compact", re.compile(r"\b(20\d{2})(0[1-9]|1[0-2])([0-2]\d|3[01])\b")),
)


def _safe_date(y: int, m: int, d: int) -> date | None:
    if not 1900 <= y <= 2100:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _from_match(kind: str, m: re.Match[str]) -> date | None:
    g = m.groups()
    if kind in ("iso", "ja", "slash", "compact"):
        return _safe_date(int(g[0]), int(g[1]), int(g[2]))
    if kind == "era":
        year = 1 if g[1] == "元" else int(g[1])
        return _safe_date(_ERAS[g[0]] + year, int(g[2]), int(g[3]))
    if kind == "mdy":
        return _safe_date(int(g[2]), _MONTHS[g[0].lower().rstrip(".")], int(g[1]))
    if kind == "dmy":
        return _safe_date(int(g[2]), _MONTHS[g[1].lower().rstrip(".")], int(g[0]))
    return None


def parse_date(value: str | None) -> date | None:
    """A date from a metadata value ("2025-12-26T10:00:00+09:00", "Dec. 26, 2025", "令和7年12月26日")."""
    if not value:
        return None
    found = find_dates(value, limit=1)
    return found[0] if found else None


def find_dates(text: str, *, limit: int = 5) -> list[date]:
    """Dates written in `text`, in order of appearance (at most `limit`)."""
    norm = unicodedata.normalize("NFKC", text)
    hits: list[tuple[int, date]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(norm):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            d = _from_match(kind, m)
            if d:
                hits.append((m.start(), d))
                taken.append((m.start(), m.end()))
    hits.sort(key=lambda h: h[0])
    return [d for _, d in hits[:limit]]

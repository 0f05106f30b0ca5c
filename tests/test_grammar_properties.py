"""Property tests for the money grammar: render amounts the ways texts write them, parse them back.

Amounts are generated, rendered in one of the styles newspapers and ministries use (scale words and
abbreviations, symbols and ISO codes before or after, hyphens, lakh/crore, 兆億万 compounds with
commas, full-width digits, kanji numerals, ・ decimals, ranges), embedded in filler text, and must
come back exactly: same slice, same amount, same currency. Arbitrary text must never raise, and a
1 MB single line must be read in linear time.
"""

from __future__ import annotations

import functools
import math
import os
import random
import re
import time

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pipelines.lib.extract.grammar import find_mentions
from pipelines.lib.extract.numerals import round_div, to_kanji

# GRAMMAR_EXAMPLES=5000 for a deeper search than the default run
EXAMPLES = int(os.environ.get("GRAMMAR_EXAMPLES", "300"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

EN_FILLER = st.lists(
    st.sampled_from(
        [
            "the",
            "budget",
            "plan",
            "includes",
            "for",
            "chips",
            "research",
            "officials",
            "said",
            "new",
            "fund",
            "grant",
            "ministry",
            "with",
            "support",
            "Tokyo",
            "Seoul",
            "Berlin",
            "by",
            "it",
        ]
    ),  # fmt: skip
    max_size=6,
).map(" ".join)
JA_FILLER = st.lists(
    st.sampled_from(
        ["政府は", "予算案で", "補助金として", "半導体", "支援策の", "経済産業省が", "計上した", "ことし"]
    ),
    max_size=4,
).map("".join)

PREFIXES = [
    ("$", "USD"), ("US$", "USD"), ("S$", "SGD"), ("NT$", "TWD"), ("A$", "AUD"), ("C$", "CAD"),
    ("HK$", "HKD"), ("€", "EUR"), ("£", "GBP"), ("¥", "JPY"), ("₩", "KRW"), ("₹", "INR"),
    ("Rs ", "INR"), ("Rs", "INR"), ("Rs. ", "INR"), ("RM", "MYR"), ("R$", "BRL"),
    ("USD", "USD"), ("USD ", "USD"), ("JPY ", "JPY"), ("EUR ", "EUR"), ("GBP", "GBP"), ("KRW ", "KRW"),
]  # fmt: skip
SUFFIXES = [
    ("yen", "JPY"), ("Japanese yen", "JPY"), ("dollars", "USD"), ("US dollars", "USD"), ("euros", "EUR"),
    ("pounds", "GBP"), ("sterling", "GBP"), ("won", "KRW"), ("yuan", "CNY"), ("renminbi", "CNY"),
    ("rupees", "INR"), ("ringgit", "MYR"), ("JPY", "JPY"), ("USD", "USD"), ("EUR", "EUR"), ("CNY", "CNY"),
]  # fmt: skip
SCALE_WORDS = [
    ("thousand", 10**3), ("million", 10**6), ("billion", 10**9), ("trillion", 10**12),
    ("Million", 10**6), ("Billion", 10**9), ("mn", 10**6), ("mln", 10**6), ("bn", 10**9),
    ("bln", 10**9), ("tn", 10**12), ("trn", 10**12),
]  # fmt: skip
SCALE_LETTERS = [("k", 10**3), ("m", 10**6), ("M", 10**6), ("b", 10**9), ("B", 10**9)]
JA_CURRENCIES = [("円", "JPY"), ("ドル", "USD"), ("米ドル", "USD"), ("ユーロ", "EUR"), ("ウォン", "KRW"),
                 ("元", "CNY"), ("人民元", "CNY"), ("ポンド", "GBP"), ("ルピー", "INR")]  # fmt: skip
JA_UNITS = [("兆", 10**12), ("億", 10**8), ("万", 10**4)]
FULLWIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


@st.composite
def decimal_number(draw, max_int=999):
    """(written, numerator, denominator): e.g. ('12.75', 1275, 100)."""
    whole = draw(st.integers(1, max_int))
    places = draw(st.integers(0, 3))
    frac = draw(st.integers(0, 10**places - 1)) if places else 0
    written = str(whole) + (f".{frac:0{places}d}" if places else "")
    return written, whole * 10**places + frac, 10**places


def commas(n: int) -> str:
    return f"{n:,}"


def _one(text: str, phrase: str, offset: int):
    got = find_mentions(text)
    assert len(got) == 1, (text, [(m.as_written, m.amount) for m in got])
    m = got[0]
    assert (m.start, m.end, m.as_written) == (offset, offset + len(phrase), phrase), text
    return m


def _embed(before: str, phrase: str, after: str, sep: str = " ", end: str = " ") -> tuple[str, int]:
    head = before + sep if before else ""
    return head + phrase + end + after, len(head)


# ---- English


@SETTINGS
@given(decimal_number(), st.sampled_from(PREFIXES), st.sampled_from(SCALE_WORDS),
       st.sampled_from(["", " ", "-"]), EN_FILLER, EN_FILLER)  # fmt: skip
def test_prefix_number_scale_word(num, prefix, scale, gap, before, after):
    written, n, d = num
    phrase = f"{prefix[0]}{written}{gap}{scale[0]}"
    text, at = _embed(before, phrase, after)
    m = _one(text, phrase, at)
    assert m.amount == round_div(n * scale[1], d)
    assert m.currency == prefix[1]
    assert m.unit == "money" and m.amount_max is None


@SETTINGS
@given(decimal_number(), st.sampled_from(PREFIXES[:12]), st.sampled_from(SCALE_LETTERS), EN_FILLER, EN_FILLER)
def test_prefix_number_scale_letter(num, prefix, scale, before, after):
    written, n, d = num
    phrase = f"{prefix[0]}{written}{scale[0]}"
    text, at = _embed(before, phrase, after, end=". ")
    m = _one(text, phrase, at)
    assert m.amount == round_div(n * scale[1], d)
    assert m.currency == prefix[1]


@SETTINGS
@given(decimal_number(), st.sampled_from(SCALE_WORDS), st.sampled_from(SUFFIXES),
       st.sampled_from([(" ", " "), ("-", "-"), ("", " ")]), EN_FILLER, EN_FILLER)  # fmt: skip
def test_number_scale_currency_after(num, scale, suffix, gaps, before, after):
    written, n, d = num
    phrase = f"{written}{gaps[0]}{scale[0]}{gaps[1]}{suffix[0]}"
    text, at = _embed(before, phrase, after)
    m = _one(text, phrase, at)
    assert m.amount == round_div(n * scale[1], d)
    assert m.currency == suffix[1]


@SETTINGS
@given(st.integers(1, 10**12), st.sampled_from(PREFIXES + [(None, None)]), st.sampled_from(SUFFIXES),
       EN_FILLER, EN_FILLER)  # fmt: skip
def test_plain_numbers_with_commas(n, prefix, suffix, before, after):
    if prefix[0] is not None:
        phrase, currency = f"{prefix[0]}{commas(n)}", prefix[1]
    else:
        phrase, currency = f"{commas(n)} {suffix[0]}", suffix[1]
    text, at = _embed(before, phrase, after, end=", ")
    m = _one(text, phrase, at)
    assert (m.amount, m.currency) == (n, currency)


@SETTINGS
@given(decimal_number(max_int=99_999), st.sampled_from(["Rs ", "Rs", "₹", "INR ", "Rs. "]),
       st.sampled_from([("crore", 10**7), ("lakh", 10**5), ("lakh crore", 10**12), ("k crore", 10**10),
                        ("-crore", 10**7)]),
       EN_FILLER, EN_FILLER)  # fmt: skip
def test_lakh_and_crore(num, prefix, scale, before, after):
    written, n, d = num
    whole, _, frac = written.partition(".")
    written = commas(int(whole)) + (f".{frac}" if frac else "")
    sep = "" if scale[0].startswith("-") or scale[0].startswith("k") else " "
    phrase = f"{prefix}{written}{sep}{scale[0]}"
    text, at = _embed(before, phrase, after)
    m = _one(text, phrase, at)
    assert m.amount == round_div(n * scale[1], d)
    assert m.currency == "INR"


@SETTINGS
@given(st.integers(1, 500), st.integers(1, 500), st.sampled_from(SCALE_WORDS[:4] + [("bn", 10**9)]),
       st.sampled_from(PREFIXES[:11]), st.sampled_from(range(5)), EN_FILLER, EN_FILLER)  # fmt: skip
def test_english_ranges(a, b, scale, prefix, style, before, after):
    assume(a < b)
    p, code = prefix
    word, mult = scale
    before = before.replace("from", "")
    if style == 0:
        phrase = f"{p}{a}-{p}{b} {word}"
    elif style == 1:
        phrase = f"{p}{a} {word}-{p}{b} {word}"
    elif style == 2:
        phrase = f"{p}{a} {word} to {p}{b} {word}"
    elif style == 3:
        phrase = f"{p}{a}-{b} {word}"
    else:
        phrase, code = f"{a} to {b} {word} dollars", "USD"
    text, at = _embed(before, phrase, after)
    m = _one(text, phrase, at)
    assert (m.amount, m.amount_max, m.currency) == (a * mult, b * mult, code)


@SETTINGS
@given(st.integers(1, 500), st.integers(1, 500), EN_FILLER)
def test_between_and(a, b, before):
    assume(a < b)
    text = f"{before} between €{a} billion and €{b} billion in aid".strip()
    (m,) = find_mentions(text)
    assert m.as_written == f"€{a} billion and €{b} billion"
    assert (m.amount, m.amount_max, m.currency) == (a * 10**9, b * 10**9, "EUR")


@SETTINGS
@given(decimal_number(), st.sampled_from(SCALE_WORDS[:4]), st.sampled_from(["yen", "euro", "dollar", "won"]))
def test_hyphenated(num, scale, word):
    written, n, d = num
    phrase = f"{written}-{scale[0]}-{word}"
    (m,) = find_mentions(f"a {phrase} package")
    assert m.as_written == phrase
    assert m.amount == round_div(n * scale[1], d)


# ---- Japanese


def render_japanese(amount: int, style: str, rnd: random.Random) -> str:
    """Render an int as a 兆/億/万 compound: arabic groups (with or without commas), kanji, mixed."""
    if style == "kanji":
        return to_kanji(amount)
    parts = []
    for unit, name in ((10**12, "兆"), (10**8, "億"), (10**4, "万"), (1, "")):
        group, amount = divmod(amount, unit)
        if not group:
            continue
        if style == "mixed" and group >= 1000 and group % 1000 == 0 and rnd.random() < 0.5:
            digits = f"{group // 1000}千"
        elif style == "mixed" and rnd.random() < 0.3:
            digits = to_kanji(group)
        else:
            digits = f"{group:,}" if rnd.random() < 0.5 else str(group)
        parts.append(digits + name)
    return "".join(parts)


@SETTINGS
@given(st.integers(1, 9999), st.integers(0, 9999), st.integers(0, 9999), st.integers(0, 3),
       st.sampled_from(["arabic", "kanji", "mixed", "fullwidth"]), st.sampled_from(JA_CURRENCIES),
       JA_FILLER, JA_FILLER, st.randoms(use_true_random=False))  # fmt: skip
def test_japanese_compounds(top, mid, low, shift, style, currency, before, after, rnd):
    # top is the leading group; shift chooses whether it sits at 兆, 億 or 万 (or plain yen)
    units = [10**12, 10**8, 10**4, 1][shift:]
    amount = (
        top * units[0] + (mid * units[1] if len(units) > 1 else 0) + (low * units[2] if len(units) > 2 else 0)
    )
    written = render_japanese(amount, "arabic" if style == "fullwidth" else style, rnd)
    if style == "fullwidth":
        written = written.translate(FULLWIDTH)
    word, code = currency
    assume(not (word in ("元",) and amount < 10**4))
    phrase = written + word
    text = (before + "、" if before else "") + phrase + "を" + after
    at = len(before) + 1 if before else 0
    m = _one(text, phrase, at)
    assert (m.amount, m.currency) == (amount, code)


@SETTINGS
@given(st.integers(1, 999), st.integers(1, 9), st.sampled_from(JA_UNITS),
       st.sampled_from([".", "・", "．"]), JA_FILLER)  # fmt: skip
def test_japanese_decimals(whole, tenth, unit, point, before):
    phrase = f"{whole}{point}{tenth}{unit[0]}円"
    text = before + "、" + phrase + "を計上"
    m = _one(text, phrase, len(before) + 1)
    assert m.amount == (whole * 10 + tenth) * unit[1] // 10


@SETTINGS
@given(st.integers(1, 9999), st.integers(1, 9999), st.sampled_from([("兆", 10**12), ("億", 10**8)]),
       st.sampled_from(range(3)), st.sampled_from(["～", "〜", "~"]))  # fmt: skip
def test_japanese_ranges(a, b, unit, style, tilde):
    assume(a < b)
    name, mult = unit
    phrase = [f"{a}{tilde}{b}{name}円", f"{a}{name}{tilde}{b}{name}円", f"{a}{name}円{tilde}{b}{name}円"][
        style
    ]
    text = "必要額は" + phrase + "とみられる"
    m = _one(text, phrase, 4)
    assert (m.amount, m.amount_max, m.currency) == (a * mult, b * mult, "JPY")


@SETTINGS
@given(st.integers(1, 99_999_999))
def test_kanji_numerals_round_trip(n):
    phrase = to_kanji(n) + "円"
    m = _one("予算に" + phrase + "を計上", phrase, 3)
    assert m.amount == n


# ---- Percent and ratios


@SETTINGS
@given(
    decimal_number(max_int=99), st.sampled_from(["%", "％", " percent", " per cent", "パーセント"]), EN_FILLER
)
def test_percent(num, unit, before):
    written, n, d = num
    phrase = written + unit
    text, at = _embed(before.replace("by", "").replace("cut", ""), phrase, "overall")
    m = _one(text, phrase, at)
    assert m.unit == "percent"
    assert math.isclose(m.percent, n / d)


@SETTINGS
@given(decimal_number(max_int=20), st.sampled_from(["倍", " times"]))
def test_ratio(num, unit):
    written, n, d = num
    phrase = written + unit
    m = _one("spending grew " + phrase + " over", phrase, 14)
    assert m.unit == "ratio"
    assert math.isclose(m.percent, (n - d) * 100 / d, abs_tol=1e-6)


# ---- Robustness


def _check_invariants(text: str) -> None:
    got = find_mentions(text)
    last_end = -1
    for m in got:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.as_written
        assert m.start >= last_end
        last_end = m.end
        if m.unit == "money":
            assert isinstance(m.amount, int) and m.amount >= 0
            assert m.currency and re.fullmatch(r"[A-Z]{3}", m.currency)
            assert m.amount_max is None or (isinstance(m.amount_max, int) and m.amount_max > m.amount)
        else:
            assert m.amount is None and m.currency is None
            assert m.percent is not None and math.isfinite(m.percent)
        assert m.qualifier in (None, "approx", "up_to", "at_least")


@settings(max_examples=EXAMPLES * 2, deadline=None)
@given(st.text())
def test_arbitrary_unicode_never_raises(text):
    _check_invariants(text)


NOISY = st.lists(
    st.sampled_from(
        list("0123456789０１２３４５６７８９,.・，．$€£¥￥₩₹ -–~～%％=()（）▲△")
        + list("約最大超余兆億万千百十円ドル元一二三四五六七八九〇")
        + ["billion", " bn", "m", "B", "crore", "lakh", "yen", "US$", "Rs", "USD", "percent", "倍", "times",
           "between ", " and ", " to ", "from ", "about ", "up to ", "doubled", "half", "㌦", "ﾄﾞﾙ", "①"]
    ),
    max_size=40,
).map("".join)  # fmt: skip


@settings(max_examples=EXAMPLES * 5, deadline=None)
@given(NOISY)
def test_figure_soup_never_raises(text):
    _check_invariants(text)


# ---- Linear time

_MB = 1_000_000


@functools.cache
def _adversarial_lines() -> dict[str, str]:
    rnd = random.Random(7)
    soup = "0123456789,.・$€¥ 億兆万円-~to%bnBM約"
    return {
        "digits": "9" * _MB,
        "digit_groups": "1,000," * (_MB // 6),
        "kanji_numerals": "一二三四五六七八九十百千万億兆" * (_MB // 15),
        "random_soup": "".join(rnd.choice(soup) for _ in range(_MB)),
        "random_unicode": "".join(chr(rnd.randrange(0x20, 0x30000)) for _ in range(_MB)),
        "figures": ("The plan adds about $6-$8 billion, 1兆2390億円 and 13% more, 2.6 times. " * (_MB // 70)),
        "range_chain": "$1-" * (_MB // 3),
        "unclosed_ranges": "1 to " * (_MB // 5),
    }


@pytest.mark.parametrize("name", list(_adversarial_lines()))
def test_one_megabyte_line_is_linear(name):
    text = _adversarial_lines()[name]
    assert len(text) >= 0.9 * _MB and "\n" not in text
    t0 = time.process_time()
    find_mentions(text)
    first = time.process_time() - t0
    # well under a few seconds for a megabyte, and the cost of half the text is about half of it
    assert first < 6.0, f"{name}: {first:.2f}s CPU for 1 MB"
    half = text[: len(text) // 2]
    t0 = time.process_time()
    find_mentions(half)
    second = time.process_time() - t0
    assert second < 0.5 * first + 0.5, f"{name}: not linear ({second:.2f}s for half vs {first:.2f}s)"

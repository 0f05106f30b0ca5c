"""The currency vocabulary of the money grammar: symbols, prefixes, ISO codes and words.

Each table maps a written form to an ISO 4217 code, or to one of the two markers `$` / `¥`, which
the grammar resolves from the caller's context (`dollar=` / `yen=`) and marks
`currency_basis="context"`. Everything else is explicit.
"""

from __future__ import annotations

import re

DOLLAR = "$"  # a bare dollar sign: the caller's `dollar`
YEN = "¥"  # a bare yen sign: the caller's `yen` (JPY or CNY)

# Written before the number: "US$5 billion", "Rs 76,000 crore", "€40,000", "RM3.31 billion".
PREFIXES: dict[str, str] = {
    "US$": "USD", "U.S.$": "USD", "U.S. $": "USD", "US $": "USD", "$US": "USD", "USD$": "USD",
    "S$": "SGD", "SG$": "SGD", "NT$": "TWD", "A$": "AUD", "AU$": "AUD", "$A": "AUD",
    "C$": "CAD", "CA$": "CAD", "Can$": "CAD", "CDN$": "CAD", "HK$": "HKD", "NZ$": "NZD",
    "R$": "BRL", "MX$": "MXN", "Mex$": "MXN",
    "$": DOLLAR, "€": "EUR", "£": "GBP", "¥": YEN, "₩": "KRW", "₹": "INR", "₽": "RUB",
    "฿": "THB", "₫": "VND", "₱": "PHP", "₺": "TRY", "₪": "ILS", "₦": "NGN",
    "Rs.": "INR", "Rs": "INR", "RS": "INR", "INR": "INR", "RM": "MYR", "Rp": "IDR",
    "Rmb": "CNY", "RMB": "CNY",
    "R": "ZAR",  # only with a scale word; with lakh/crore it is a rupee typo (INR)
}  # fmt: skip

# ISO 4217 codes accepted before or after a number ("USD34.6 million", "900 billion JPY").
ISO_CODES = frozenset(
    "USD EUR GBP JPY CNY KRW INR SGD TWD HKD AUD CAD NZD MYR CHF THB IDR PHP VND BRL "  # noqa: SIM905
    "MXN ZAR SEK NOK DKK PLN RUB TRY SAR AED ILS CZK HUF NGN EGP PKR BDT LKR".split()
)
ISO_ALIASES = {"RMB": "CNY", "NTD": "TWD"}

# Words after the number ("5 billion euros", "1.6-trillion-yen", "10 lakh rupees"). Matched
# case-insensitively; multi-word forms first so that "US dollars" beats "dollars".
WORDS: dict[str, str] = {
    "japanese yen": "JPY", "yen": "JPY",
    "us dollars": "USD", "us dollar": "USD", "u.s. dollars": "USD", "u.s. dollar": "USD",
    "american dollars": "USD", "united states dollars": "USD",
    "singapore dollars": "SGD", "singapore dollar": "SGD", "singaporean dollars": "SGD",
    "canadian dollars": "CAD", "canadian dollar": "CAD",
    "australian dollars": "AUD", "australian dollar": "AUD",
    "hong kong dollars": "HKD", "hong kong dollar": "HKD",
    "new taiwan dollars": "TWD", "new taiwan dollar": "TWD", "taiwan dollars": "TWD",
    "taiwanese dollars": "TWD", "nt dollars": "TWD",
    "new zealand dollars": "NZD", "new zealand dollar": "NZD",
    "dollars": "USD", "dollar": "USD",
    "euros": "EUR", "euro": "EUR",
    "pounds sterling": "GBP", "pound sterling": "GBP", "british pounds": "GBP", "pounds": "GBP",
    "pound": "GBP", "sterling": "GBP",
    "south korean won": "KRW", "korean won": "KRW", "won": "KRW",
    "chinese yuan": "CNY", "yuan": "CNY", "renminbi": "CNY",
    "indian rupees": "INR", "rupees": "INR", "rupee": "INR",
    "malaysian ringgit": "MYR", "ringgit": "MYR",
    "swiss francs": "CHF", "baht": "THB", "rupiah": "IDR",
}  # fmt: skip

# Japanese (and the Chinese forms that share the script) after a 兆/億/万 compound.
JA_WORDS: dict[str, str] = {
    "円": "JPY", "日元": "JPY", "日圓": "JPY",
    "米ドル": "USD", "USドル": "USD", "ドル": "USD", "美元": "USD",
    "豪ドル": "AUD", "オーストラリアドル": "AUD", "加ドル": "CAD", "カナダドル": "CAD",
    "香港ドル": "HKD", "港元": "HKD", "港币": "HKD", "港幣": "HKD",
    "台湾ドル": "TWD", "新台湾ドル": "TWD", "NTドル": "TWD", "新台币": "TWD", "新台幣": "TWD",
    "台币": "TWD", "台幣": "TWD",
    "シンガポールドル": "SGD", "ニュージーランドドル": "NZD",
    "ユーロ": "EUR", "欧元": "EUR", "歐元": "EUR",
    "ウォン": "KRW", "韓国ウォン": "KRW", "韩元": "KRW", "韓元": "KRW",
    "人民元": "CNY", "人民币": "CNY", "人民幣": "CNY", "元": "CNY",
    "英ポンド": "GBP", "ポンド": "GBP", "英镑": "GBP", "英鎊": "GBP",
    "インドルピー": "INR", "ルピー": "INR", "リンギット": "MYR", "バーツ": "THB", "ルピア": "IDR",
    "スイスフラン": "CHF",
}  # fmt: skip


def alternation(forms, *, escape=True) -> str:
    """A regex alternation of literal forms, longest first (so the longest form wins)."""
    ordered = sorted(set(forms), key=lambda s: (-len(s), s))
    return "|".join(re.escape(f) if escape else f for f in ordered)


def word_pattern(word: str) -> str:
    """A WORDS entry as a regex: spaces match any run of up to 3 blanks; dots are optional in U.S."""
    parts = [re.escape(w) for w in word.split(" ")]
    return r"[ \t\u00a0]{1,3}".join(parts)


def lookup_word(written: str) -> str | None:
    """The currency of a matched English word form (case and spacing insensitive)."""
    key = " ".join(written.lower().split())
    return WORDS.get(key)


def lookup_prefix(written: str) -> str | None:
    written = written.strip()
    got = PREFIXES.get(written)
    if got is not None:
        return got
    if written in ISO_CODES:
        return written
    return ISO_ALIASES.get(written)


def lookup_suffix_code(written: str) -> str | None:
    if written in ISO_CODES:
        return written
    return ISO_ALIASES.get(written)

"""Normalised amounts: every money fact gets `amount_jpy` and `amount_usd`.

Rule order: a figure's own conversion in the same document wins ("¥1.23 trillion ($7.9 billion)"
gives that document's rate to both figures), unless the rate it implies is more than
`MAX_RATE_DRIFT` away from the reference rate (a conversion linked to the wrong figure); otherwise
the bundled reference table of annual average rates (`pipelines/data/fx_rates.csv`, units of
currency per US dollar, source named per row) for the fact's fiscal year, else its publication
year, else the nearest year in the table.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

from pipelines.lib.model import Fact

FX_FILE = Path(__file__).resolve().parents[1] / "data" / "fx_rates.csv"
MAX_RATE_DRIFT = Decimal("1.3")  # a document's own rate within a factor 1.3 of the annual average


@dataclass(frozen=True)
class FxRate:
    currency: str
    year: int
    per_usd: Decimal
    source: str


@lru_cache(maxsize=1)
def load_fx_rates(path: Path = FX_FILE) -> dict[tuple[str, int], FxRate]:
    """The reference table keyed by (currency, year)."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [
            FxRate(r["currency"], int(r["year"]), Decimal(r["per_usd"]), r["source"])
            for r in csv.DictReader(fh)
        ]
    return {(r.currency, r.year): r for r in rows}


def reference_rate(currency: str, year: int | None) -> tuple[Decimal, int] | None:
    """Units of `currency` per USD for `year` (nearest year in the table when outside it)."""
    rates = load_fx_rates()
    years = sorted(y for (c, y) in rates if c == currency)
    if not years:
        return None
    if year is None or year not in years:
        year = min(years, key=lambda y: (abs(y - (year or years[-1])), -y))
    return rates[(currency, year)].per_usd, year


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def to_jpy_usd(amount: int, currency: str, year: int | None) -> tuple[int | None, int | None, str | None]:
    """(amount_jpy, amount_usd, basis) through the reference table, or Nones when the currency is unknown."""
    cur = reference_rate(currency, year)
    jpy = reference_rate("JPY", year)
    if cur is None or jpy is None:
        return None, None, None
    usd = Decimal(amount) / cur[0]
    return _round(usd * jpy[0]), _round(usd), f"reference:{cur[1]}"


def plausible_conversion(sides: dict[str, int], year: int | None) -> bool:
    """Does a document's pair of amounts imply a rate near the reference rate for `year`?"""
    (cur_a, amount_a), (cur_b, amount_b) = list(sides.items())[:2]
    rate_a, rate_b = reference_rate(cur_a, year), reference_rate(cur_b, year)
    if rate_a is None or rate_b is None or not amount_a or not amount_b:
        return True  # nothing to compare with: trust the document
    implied = Decimal(amount_a) / Decimal(amount_b)
    expected = rate_a[0] / rate_b[0]
    return expected / MAX_RATE_DRIFT <= implied <= expected * MAX_RATE_DRIFT


def normalise_facts(facts: list[Fact], published_year: int | None = None) -> list[Fact]:
    """Fill amount_jpy / amount_usd / fx_basis on the money facts of ONE document (in place)."""
    by_id = {f.fact_id: f for f in facts}
    pairs: dict[str, dict[str, int]] = {}
    for f in facts:
        if f.kind == "conversion" and f.converts in by_id and f.amount and f.currency:
            original = by_id[f.converts]
            if original.amount and original.currency:
                sides = pairs.setdefault(original.fact_id, {original.currency: original.amount})
                sides.setdefault(f.currency, f.amount)
    for f in facts:
        if f.amount is None or not f.currency:
            continue
        year = f.fiscal_year or published_year
        sides = pairs.get(f.fact_id) or pairs.get(f.converts or "")
        jpy_rate = reference_rate("JPY", year)
        if sides and len(sides) > 1 and not plausible_conversion(sides, year):
            sides = None
        if sides and ("USD" in sides or "JPY" in sides) and jpy_rate:
            if "USD" in sides:
                usd = sides["USD"]
                jpy = sides.get("JPY") or _round(Decimal(usd) * jpy_rate[0])
            else:
                jpy = sides["JPY"]
                usd = _round(Decimal(jpy) / jpy_rate[0])
            complete = "USD" in sides and "JPY" in sides
            f.amount_jpy, f.amount_usd = jpy, usd
            f.fx_basis = "document" if complete else f"document+reference:{jpy_rate[1]}"
            continue
        f.amount_jpy, f.amount_usd, f.fx_basis = to_jpy_usd(f.amount, f.currency, year)
    return facts

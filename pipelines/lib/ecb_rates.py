"""Official reference rates from the European Central Bank, as an optional live FX source.

The ECB publishes its euro foreign exchange reference rates as XML: the daily file
(`https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml`), the last 90 days
(`eurofxref-hist-90d.xml`) and the full history (`eurofxref-hist.xml`), all in one format:

    <gesmes:Envelope ...><Cube><Cube time="2025-01-10"><Cube currency="USD" rate="1.0304"/>...

Rates are units of currency per 1 euro. The warehouse keeps units per 1 US dollar (core.fx_rates),
so each day's rates are crossed through that day's USD rate, then averaged per calendar year. Fetch
the file like any other source (the polite HTTP client), pass the bytes to `parse_ecb_xml`, and
`merge_rates` the yearly averages over the bundled table before `load_reference`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from defusedxml import ElementTree

from pipelines.lib.normalise import FxRate

ECB_NAMESPACE = "http://www.ecb.int/vocabulary/2002-08-01/eurofxref"
ECB_SOURCE = "ECB euro foreign exchange reference rates (eurofxref), crossed through USD"
PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class DailyRate:
    """One reference rate of one day: units of `currency` per 1 euro."""

    day: date
    currency: str
    per_eur: Decimal


def parse_ecb_xml(data: bytes) -> list[DailyRate]:
    """Every (day, currency, rate) of an ECB eurofxref file; entity tricks are refused by defusedxml."""
    root = ElementTree.fromstring(data)
    out: list[DailyRate] = []
    for day_cube in root.iter(f"{{{ECB_NAMESPACE}}}Cube"):
        when = day_cube.get("time")
        if not when:
            continue
        day = date.fromisoformat(when)
        for cube in day_cube:
            currency, rate = cube.get("currency"), cube.get("rate")
            if not currency or not rate:
                continue
            try:
                value = Decimal(rate)
            except InvalidOperation:
                continue
            if value > 0:
                out.append(DailyRate(day, currency.strip().upper(), value))
    return sorted(out, key=lambda r: (r.day, r.currency))


def per_usd(daily: list[DailyRate]) -> dict[tuple[date, str], Decimal]:
    """Units of each currency per 1 US dollar, day by day (EUR included; days without USD dropped)."""
    by_day: dict[date, dict[str, Decimal]] = defaultdict(dict)
    for r in daily:
        by_day[r.day][r.currency] = r.per_eur
    out: dict[tuple[date, str], Decimal] = {}
    for day, rates in by_day.items():
        usd = rates.get("USD")
        if not usd:
            continue
        out[(day, "EUR")] = 1 / usd
        out[(day, "USD")] = Decimal(1)
        for currency, per_eur in rates.items():
            if currency != "USD":
                out[(day, currency)] = per_eur / usd
    return out


def annual_averages(daily: list[DailyRate], min_days: int = 1) -> dict[tuple[str, int], FxRate]:
    """Calendar-year means of the daily per-USD rates, keyed like `normalise.load_fx_rates`."""
    sums: dict[tuple[str, int], list[Decimal]] = defaultdict(list)
    for (day, currency), value in per_usd(daily).items():
        sums[(currency, day.year)].append(value)
    out = {}
    for (currency, year), values in sorted(sums.items()):
        if len(values) < min_days:
            continue
        mean = (sum(values) / len(values)).quantize(PLACES)
        source = f"{ECB_SOURCE}; mean of {len(values)} daily fixings in {year}"
        out[(currency, year)] = FxRate(currency, year, mean, source)
    return out


def merge_rates(
    bundled: dict[tuple[str, int], FxRate], live: dict[tuple[str, int], FxRate]
) -> dict[tuple[str, int], FxRate]:
    """The bundled table with every (currency, year) the live source covers replaced by the live rate."""
    return {**bundled, **live}

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from defusedxml import EntitiesForbidden

from pipelines.lib.ecb_rates import annual_averages, merge_rates, parse_ecb_xml, per_usd
from pipelines.lib.normalise import FxRate, load_fx_rates

SAMPLE = Path(__file__).parent / "fixtures" / "fx" / "eurofxref-sample.xml"


def test_every_daily_rate_is_read_and_bad_values_skipped():
    daily = parse_ecb_xml(SAMPLE.read_bytes())
    assert len(daily) == 10
    assert (
        daily[0].day == date(2024, 12, 30)
        and daily[0].currency == "JPY"
        and daily[0].per_eur == Decimal("164.00")
    )
    assert {r.currency for r in daily} == {"USD", "JPY", "GBP", "KRW"}


def test_rates_are_crossed_through_the_dollar_of_the_same_day():
    rates = per_usd(parse_ecb_xml(SAMPLE.read_bytes()))
    assert rates[(date(2025, 1, 2), "JPY")] == Decimal("163.80") / Decimal("1.0400")  # 157.5 yen per dollar
    assert rates[(date(2025, 1, 3), "EUR")] == 1 / Decimal("1.0250")
    assert rates[(date(2025, 1, 3), "USD")] == 1
    assert (date(2024, 12, 30), "JPY") not in rates  # no USD rate that day: no cross rate


def test_annual_averages_name_their_source_and_count():
    yearly = annual_averages(parse_ecb_xml(SAMPLE.read_bytes()))
    jpy = yearly[("JPY", 2025)]
    assert jpy.per_usd == Decimal("157.701220")  # mean of 163.80 / 1.04 and 161.85 / 1.025
    assert "ECB" in jpy.source and "2 daily fixings" in jpy.source
    assert yearly[("JPY", 2024)].per_usd == Decimal("156.788462")
    assert yearly[("KRW", 2025)].per_usd == Decimal("1473.170732")
    assert ("KRW", 2025) not in annual_averages(parse_ecb_xml(SAMPLE.read_bytes()), min_days=2)


def test_live_rates_replace_the_bundled_ones_they_cover():
    bundled = load_fx_rates()
    live = {("JPY", 2025): FxRate("JPY", 2025, Decimal("157.7"), "ECB")}
    merged = merge_rates(bundled, live)
    assert merged[("JPY", 2025)].source == "ECB"
    assert merged[("JPY", 2024)] == bundled[("JPY", 2024)]
    assert len(merged) == len(bundled)


def test_an_entity_expansion_is_refused():
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    with pytest.raises(EntitiesForbidden):
        parse_ecb_xml(bomb)

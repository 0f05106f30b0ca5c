from pipelines.lib.model import Fact
from pipelines.lib.normalise import load_fx_rates, normalise_facts, reference_rate, to_jpy_usd


def make(fact_id, amount, currency, kind="allocation", converts=None, fiscal_year=2026):
    return Fact(
        document="d",
        fact_id=fact_id,
        as_written="",
        start=0,
        end=0,
        sentence="",
        amount=amount,
        currency=currency,
        percent=None,
        kind=kind,
        sector="semiconductors",
        stage="draft",
        instrument="subsidy",
        qualifier=None,
        recipient=None,
        government="Japan",
        agency="METI",
        fiscal_year=fiscal_year,
        fiscal_year_basis="stated",
        converts=converts,
    )


def test_reference_table_covers_the_currencies_of_the_field_with_a_named_source():
    rates = load_fx_rates()
    for currency in ("JPY", "USD", "EUR", "GBP", "KRW", "CNY", "INR", "TWD", "SGD", "CAD", "MYR"):
        assert (currency, 2024) in rates
        assert rates[(currency, 2024)].source


def test_reference_rate_uses_the_nearest_year_outside_the_table():
    assert reference_rate("JPY", 1990)[1] == 2019
    assert reference_rate("XXX", 2024) is None


def test_usd_to_jpy_through_the_reference_table():
    jpy, usd, basis = to_jpy_usd(1_000_000_000, "USD", 2024)
    assert usd == 1_000_000_000
    assert jpy == 151_400_000_000
    assert basis == "reference:2024"


def test_the_documents_own_conversion_wins():
    yen = make("a", 1_230_000_000_000, "JPY")
    dollars = make("b", 7_900_000_000, "USD", kind="conversion", converts="a")
    normalise_facts([yen, dollars])
    assert (yen.amount_jpy, yen.amount_usd, yen.fx_basis) == (1_230_000_000_000, 7_900_000_000, "document")
    assert (dollars.amount_jpy, dollars.amount_usd) == (1_230_000_000_000, 7_900_000_000)


def test_a_euro_figure_with_its_own_dollar_conversion_uses_that_dollar_amount():
    euros = make("a", 5_000_000_000, "EUR", fiscal_year=2024)
    dollars = make("b", 5_500_000_000, "USD", kind="conversion", converts="a", fiscal_year=2024)
    normalise_facts([euros, dollars])
    assert euros.amount_usd == 5_500_000_000
    assert euros.amount_jpy == 5_500_000_000 * 151.4
    assert euros.fx_basis == "document+reference:2024"


def test_changes_without_amount_are_left_alone():
    change = make("c", None, None, kind="change")
    normalise_facts([change])
    assert change.amount_jpy is None and change.amount_usd is None


def test_a_conversion_implying_an_implausible_rate_is_ignored():
    yen = make("a", 1_230_000_000_000, "JPY")
    wrong = make("b", 150_000_000, "USD", kind="conversion", converts="a")  # linked to the wrong figure
    normalise_facts([yen, wrong])
    assert yen.fx_basis == "reference:2026"
    assert yen.amount_usd == 8_092_105_263  # 1.23 trillion / 152.0
    assert wrong.amount_usd == 150_000_000 and wrong.fx_basis == "reference:2026"

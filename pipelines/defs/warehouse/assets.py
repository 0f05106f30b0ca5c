import dagster as dg

from pipelines.defs.metadata import table_metadata
from pipelines.defs.resources import WarehouseResource
from pipelines.lib.steps.lines import rebuild_lines
from pipelines.lib.steps.reference import load_reference


@dg.asset(group_name="warehouse", kinds={"duckdb", "csv"}, pool="warehouse")
def reference_data(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """The reference tables that ship with the product: annual average FX rates per currency and year
    with their source named (`core.fx_rates`, from `pipelines/data/fx_rates.csv`), and the alias table
    of recipients, agencies and governments (`core.entities`, from `pipelines/data/entities.csv`) that
    makes names canonical. Rewritten whole when the files changed."""
    with warehouse.connect() as con:
        counts = load_reference(con)
        metadata = table_metadata(
            con,
            "core.fx_rates",
            "select currency, year, per_usd, source from core.fx_rates order by currency, year desc",
            entities=counts["entities"],
        )
    return dg.MaterializeResult(metadata=metadata)


@dg.asset(
    group_name="warehouse",
    kinds={"duckdb", "python"},
    pool="warehouse",
    deps=["budget_facts", reference_data],
)
def budget_lines(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Budget figures reconciled across documents and sources (`core.budget_lines`): facts about the
    same item (government, agency, fiscal year, stage, kind, sector, instrument and canonical
    recipient) whose amounts agree within the rounding of their wording are one line; a report that
    leaves the agency or year unsaid joins the one line that says it. Every report stays in
    `core.budget_line_sources` with its value and wording; the best value comes from a ministry before
    news and the precise figure before the rounded one. "Of which" figures point to their parent
    line; the same money at an earlier stage points to the later one. Disagreements land in
    `core.fact_conflicts` and stated changes ("nearly triple") in `core.stated_changes`."""
    with warehouse.connect() as con:
        counts = rebuild_lines(con)
        metadata = table_metadata(
            con,
            "core.budget_lines",
            "select government, agency, fiscal_year, stage, kind, sector, recipient, amount, currency, "
            "n_sources from core.budget_lines order by amount_jpy desc nulls last",
            line_sources=counts["line_sources"],
            conflicts=counts["conflicts"],
            stated_changes=counts["stated_changes"],
        )
    return dg.MaterializeResult(metadata=metadata)

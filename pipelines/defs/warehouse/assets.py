import dagster as dg

from pipelines.defs.metadata import table_metadata
from pipelines.defs.resources import WarehouseResource
from pipelines.lib.steps.lines import rebuild_lines


@dg.asset(group_name="warehouse", kinds={"duckdb"}, pool="warehouse", deps=["budget_facts"])
def budget_lines(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Budget figures reconciled across documents and sources (`core.budget_lines`): facts with the
    same government, agency, fiscal year, stage, kind, sector, instrument and recipient whose amounts
    agree within the rounding of their wording are one line. Every report stays in
    `core.budget_line_sources` with its wording; the best value comes from a ministry before news and
    the precise figure before the rounded one. Disagreements land in `core.fact_conflicts`."""
    with warehouse.connect() as con:
        counts = rebuild_lines(con)
        metadata = table_metadata(
            con,
            "core.budget_lines",
            "select government, fiscal_year, stage, kind, sector, recipient, amount, currency, n_sources "
            "from core.budget_lines order by amount_jpy desc nulls last",
            line_sources=counts["line_sources"],
            conflicts=counts["conflicts"],
        )
    return dg.MaterializeResult(metadata=metadata)

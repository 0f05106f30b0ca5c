import dagster as dg

from pipelines.defs.metadata import table_metadata
from pipelines.defs.resources import WarehouseResource
from pipelines.lib.steps.marts import build_mart


@dg.asset(group_name="marts", kinds={"duckdb", "sql"}, pool="warehouse", deps=["budget_lines"])
def sector_totals(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Public money by government x agency x fiscal year x stage x sector, in JPY and USD, with line
    and source counts (`marts.sector_totals`, from `sql/marts/sector_totals.sql`). Figures nested in
    another line are counted once; `mixed` figures stay `mixed`."""
    with warehouse.connect() as con:
        build_mart(con, "sector_totals")
        metadata = table_metadata(
            con,
            "marts.sector_totals",
            "select government, agency, fiscal_year, stage, sector, total_jpy, total_usd, n_lines "
            "from marts.sector_totals order by total_usd desc nulls last",
        )
    return dg.MaterializeResult(metadata=metadata)


@dg.asset(group_name="marts", kinds={"duckdb", "sql"}, pool="warehouse", deps=["budget_lines"])
def investment_tracking(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Public money per recipient (`marts.investment_tracking`): each tranche by instrument and fiscal
    year with its sources, the running total computed from tranches beside the cumulative total the
    sources report, the gap between them, and first and last reported dates."""
    with warehouse.connect() as con:
        build_mart(con, "investment_tracking")
        metadata = table_metadata(
            con,
            "marts.investment_tracking",
            "select recipient, instrument, fiscal_year, stage, amount_jpy, computed_cumulative_jpy, "
            "reported_cumulative_jpy, sources from marts.investment_tracking",
        )
    return dg.MaterializeResult(metadata=metadata)


@dg.asset(group_name="marts", kinds={"duckdb"}, deps=[sector_totals, investment_tracking])
def published_warehouse(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """The read-only snapshot users query (`<warehouse>.published.duckdb`): the whole warehouse copied
    after a successful run and swapped in atomically, so open SQL sessions never block a run and a
    run never breaks a query."""
    path = warehouse.publish()
    return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(path))})

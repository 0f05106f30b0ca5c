import dagster as dg

from pipelines.defs.metadata import table_metadata
from pipelines.defs.resources import WarehouseResource
from pipelines.lib.charts import sector_totals_chart_md, tranche_chart_md
from pipelines.lib.checks import blocking_failures
from pipelines.lib.steps.marts import build_mart


@dg.asset(group_name="marts", kinds={"duckdb", "sql"}, pool="warehouse", deps=["budget_lines"])
def sector_totals(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Public money by government x agency x fiscal year x stage x sector, in JPY and USD, with line,
    source and document counts (`marts.sector_totals`, from `sql/marts/sector_totals.sql`). A figure
    nested in another counted line ("of which") is shown apart and never added twice; `mixed`
    figures stay `mixed`."""
    with warehouse.connect() as con:
        build_mart(con, "sector_totals")
        metadata = table_metadata(
            con,
            "marts.sector_totals",
            "select government, agency, fiscal_year, stage, sector, total_jpy, total_usd, nested_jpy, "
            "n_lines, n_sources from marts.sector_totals order by total_usd desc nulls last",
            chart=dg.MetadataValue.md(sector_totals_chart_md(con)),
        )
    return dg.MaterializeResult(metadata=metadata)


@dg.asset(group_name="marts", kinds={"duckdb", "sql"}, pool="warehouse", deps=["budget_lines"])
def investment_tracking(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Public money per recipient (`marts.investment_tracking`): each tranche by instrument, fiscal
    year and stage with its sources; the running total computed from the tranches that count (the
    same money at an earlier stage counts once) beside the cumulative total the sources report, the
    gap between them, and first and last reported dates."""
    with warehouse.connect() as con:
        build_mart(con, "investment_tracking")
        metadata = table_metadata(
            con,
            "marts.investment_tracking",
            "select recipient, instrument, fiscal_year, stage, amount_jpy, counted_in_cumulative, "
            "computed_cumulative_jpy, reported_cumulative_jpy, cumulative_gap_jpy, sources "
            "from marts.investment_tracking",
            chart=dg.MetadataValue.md(tranche_chart_md(con)),
        )
    return dg.MaterializeResult(metadata=metadata)


@dg.asset(group_name="marts", kinds={"duckdb", "sql"}, pool="warehouse", deps=["budget_lines"])
def budget_changes(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Year on year by government, agency, sector and stage (`marts.budget_changes`): each year's total
    beside the prior year's (same stage, or the prior initial budget for a request or draft), the
    change computed from them, and the change sources state ("nearly triple", "1.5倍") with the
    difference in percentage points."""
    with warehouse.connect() as con:
        build_mart(con, "budget_changes")
        metadata = table_metadata(
            con,
            "marts.budget_changes",
            "select government, agency, sector, stage, measure, fiscal_year, total_jpy, prior_stage, "
            "prior_total_jpy, computed_change_pct, stated_change_pct, stated_as_written "
            "from marts.budget_changes order by total_jpy desc nulls last",
        )
    return dg.MaterializeResult(metadata=metadata)


@dg.asset(
    group_name="marts",
    kinds={"duckdb", "sql"},
    pool="warehouse",
    deps=["raw_documents", "documents", "budget_lines"],
)
def source_coverage(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Per source (`marts.source_coverage`): URLs, documents (by content hash, so one body fetched twice
    or from two URLs counts once), parse errors, facts, budget lines and the lines it gives the best
    value for or disagrees on, fetches, errors, and the last fetch and last error."""
    with warehouse.connect() as con:
        build_mart(con, "source_coverage")
        metadata = table_metadata(
            con,
            "marts.source_coverage",
            "select source_id, publisher_type, n_documents, n_facts, n_lines, n_conflicting_lines, "
            "n_fetch_errors, last_fetch_at from marts.source_coverage order by source_id",
        )
    return dg.MaterializeResult(metadata=metadata)


@dg.asset(
    group_name="marts",
    kinds={"duckdb"},
    pool="warehouse",
    deps=[sector_totals, investment_tracking, budget_changes, source_coverage],
)
def published_warehouse(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """The read-only snapshot users query (`<warehouse>.published.duckdb`): the whole warehouse written
    to a temp file after a successful run and swapped in atomically, so open SQL sessions never
    block a run and a run never breaks a query. Before writing, every blocking check runs again on
    the working file (another run may have written since the audit); any failure stops the publish.
    When the warehouse holds exactly what the snapshot was made from (the content fingerprint of
    every table, recorded at each publish), the snapshot is already current and is not written
    again. Otherwise the temp file is a file copy of the old snapshot with only the changed rows,
    tables and views rewritten ("patched"), or, when the old snapshot is not the one its record
    describes or has grown too much, a full copy of the warehouse."""

    def audit(con) -> None:
        failures = blocking_failures(con)
        if failures:
            names = ", ".join(f.name for f in failures)
            raise dg.Failure(f"not publishing: blocking checks fail on the working warehouse: {names}")

    outcome = warehouse.publish_if_changed(audit)
    if not outcome.published:
        context.log.info("the published snapshot already holds the warehouse's content: not copied")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(outcome.path)),
            "copied": dg.MetadataValue.bool(outcome.published),
            "patched": dg.MetadataValue.bool(outcome.patched),
            "content_fingerprint": dg.MetadataValue.text(outcome.fingerprint[:16]),
        }
    )

import dagster as dg

from pipelines.defs.metadata import table_metadata
from pipelines.defs.resources import CatalogResource, HttpResource, WarehouseResource
from pipelines.lib.steps.ingest import ingest_catalog


@dg.asset(
    group_name="ingest",
    kinds={"duckdb", "python"},
    pool="warehouse",
    retry_policy=dg.RetryPolicy(max_retries=2, delay=5, backoff=dg.Backoff.EXPONENTIAL),
)
def raw_documents(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    catalog: CatalogResource,
    http: HttpResource,
) -> dg.MaterializeResult:
    """Every body read from the source catalog, stored once by content hash (`raw.documents`), with a
    row per fetch attempt in `raw.fetch_log` and each URL's validators in `raw.source_urls`.
    Bodies are never deleted; a failed fetch is logged with its reason and the run goes on. A folder
    file whose size and times are those of its last read is not read again (nor logged)."""
    cat = catalog.load()
    per_source: list[str] = []  # one log line for the run, not one event per source
    summary = ingest_catalog(
        warehouse.connect, cat, http.client_for(cat), context.run.run_id, log=per_source.append
    )
    context.log.info(f"{len(per_source)} source(s): " + "; ".join(per_source))
    for source_id, url, error in summary.errors:
        context.log.warning(f"fetch failed: {source_id} {url}: {error}")
    with warehouse.connect() as con:
        metadata = table_metadata(
            con,
            "raw.documents",
            "select source_id, url, status, n_bytes, error from raw.fetch_log "
            "where run_id = '" + context.run.run_id.replace("'", "") + "' order by source_id, url",
            catalog=cat.name,
            fetched=summary.fetched,
            new_bodies=summary.new_bodies,
            not_modified=summary.not_modified,
            unchanged_files=summary.unchanged_files,
            batches=summary.batches,
            fetch_errors=len(summary.errors),
        )
    return dg.MaterializeResult(metadata=metadata)

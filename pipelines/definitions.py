"""The budgetwatch code location: assembles the definitions under `pipelines/defs/`."""

import dagster as dg

from pipelines.defs.extract import assets as extract_assets
from pipelines.defs.extract import checks as extract_checks
from pipelines.defs.ingest import assets as ingest_assets
from pipelines.defs.ingest import checks as ingest_checks
from pipelines.defs.ingest.schedules import daily_live_refresh, refresh_live
from pipelines.defs.ingest.sensors import drop_folder_sensor, ingest_drop
from pipelines.defs.marts import assets as marts_assets
from pipelines.defs.marts import checks as marts_checks
from pipelines.defs.ops.sensors import record_run_failures
from pipelines.defs.resources import CatalogResource, HttpResource, WarehouseResource
from pipelines.defs.warehouse import assets as warehouse_assets
from pipelines.defs.warehouse import checks as warehouse_checks

all_assets = dg.load_assets_from_modules([ingest_assets, extract_assets, warehouse_assets, marts_assets])
all_checks = dg.load_asset_checks_from_modules(
    [ingest_checks, extract_checks, warehouse_checks, marts_checks]
)

refresh_all = dg.define_asset_job(
    "refresh_all",
    selection=dg.AssetSelection.all(),
    description="Fetch every catalog source and rebuild documents, facts, lines and marts.",
)

defs = dg.Definitions(
    assets=all_assets,
    asset_checks=all_checks,
    jobs=[refresh_all, refresh_live, ingest_drop],
    schedules=[daily_live_refresh],
    sensors=[drop_folder_sensor, record_run_failures],
    resources={
        "warehouse": WarehouseResource(),
        "catalog": CatalogResource(),
        "http": HttpResource(),
    },
    executor=dg.in_process_executor,
)

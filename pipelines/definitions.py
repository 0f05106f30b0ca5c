"""The budgetwatch code location: assembles the definitions under `pipelines/defs/`."""

import dagster as dg

from pipelines.defs.extract import assets as extract_assets
from pipelines.defs.ingest import assets as ingest_assets
from pipelines.defs.marts import assets as marts_assets
from pipelines.defs.resources import CatalogResource, HttpResource, WarehouseResource
from pipelines.defs.warehouse import assets as warehouse_assets

all_assets = dg.load_assets_from_modules([ingest_assets, extract_assets, warehouse_assets, marts_assets])

refresh_all = dg.define_asset_job(
    "refresh_all",
    selection=dg.AssetSelection.all(),
    description="Fetch every catalog source and rebuild documents, facts, lines and marts.",
)

defs = dg.Definitions(
    assets=all_assets,
    jobs=[refresh_all],
    resources={
        "warehouse": WarehouseResource(),
        "catalog": CatalogResource(),
        "http": HttpResource(),
    },
    executor=dg.in_process_executor,
)

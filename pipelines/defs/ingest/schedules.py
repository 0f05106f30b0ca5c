"""The daily refresh from the live source catalog (`sources/live.yaml`), off until switched on."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from pipelines.defs.resources import LIVE_CATALOG
from pipelines.lib.sources.catalog import CatalogError, load_catalog

LIVE_CATALOG_ENV = "BUDGETWATCH_LIVE_CATALOG"


def live_catalog_path() -> Path:
    """`$BUDGETWATCH_LIVE_CATALOG`, or `sources/live.yaml`."""
    return Path(os.environ.get(LIVE_CATALOG_ENV) or LIVE_CATALOG)


def catalog_run_config(path: Path) -> dict:
    """Run config pointing the `catalog` resource at another catalog file for one run."""
    return {"resources": {"catalog": {"config": {"path": str(path)}}}}


refresh_live = dg.define_asset_job(
    "refresh_live",
    selection=dg.AssetSelection.all(),
    description="Fetch the live catalog (sources/live.yaml, over the network) and rebuild documents, facts, "
    "lines and marts; the checks audit the result before it is published.",
)


@dg.schedule(
    job=refresh_live,
    cron_schedule="0 5 * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Every day at 05:00 UTC (14:00 in Tokyo): fetch the live catalog and rebuild what depends "
    "on it. Off by default: switch it on in the UI (Automation) or with "
    "`dagster schedule start daily_live_refresh`, and keep the daemon running (`budgetwatch ui`).",
)
def daily_live_refresh(context: dg.ScheduleEvaluationContext):
    catalog = live_catalog_path()
    if not catalog.exists():
        return dg.SkipReason(f"no live catalog at {catalog}")
    try:
        loaded = load_catalog(catalog)
    except CatalogError as exc:
        return dg.SkipReason(f"the live catalog is not valid: {exc}")
    when = context.scheduled_execution_time
    day = when.strftime("%Y-%m-%d") if when else "manual"
    return dg.RunRequest(
        run_key=f"live-{day}",
        run_config=catalog_run_config(catalog),
        tags={"budgetwatch/catalog": loaded.name, "budgetwatch/trigger": "schedule"},
    )

"""Checks on `raw_documents`: sources that have not answered for a while, as a warning."""

import dagster as dg

from pipelines.defs.ops.sql_checks import sql_check

stale_sources = sql_check(
    "stale_sources",
    "raw_documents",
    "Scheduled sources with no successful fetch in the last $BUDGETWATCH_STALE_DAYS days (default 14). "
    "A warning: the site may be down, moved, or refusing us; the run goes on.",
    blocking=False,
    severity=dg.AssetCheckSeverity.WARN,
)

"""Checks on `raw_documents`: sources that have not answered for a while, as a warning."""

import dagster as dg

from pipelines.defs.ops.sql_checks import SqlCheck, sql_checks

stale_sources = sql_checks(
    "stale_sources",
    [
        SqlCheck(
            "stale_sources",
            "raw_documents",
            "Scheduled sources with no successful fetch in the last $BUDGETWATCH_STALE_DAYS days (default "
            "14). A warning: the site may be down, moved, or refusing us; the run goes on.",
            blocking=False,
            severity=dg.AssetCheckSeverity.WARN,
        )
    ],
    "The check on raw_documents: sources gone stale, as a warning.",
)

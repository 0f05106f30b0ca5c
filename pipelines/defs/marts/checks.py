"""Checks on the marts: totals equal the sums of the lines they aggregate, each line counted once."""

from pipelines.defs.ops.sql_checks import sql_check

sector_totals_match_lines = sql_check(
    "sector_totals_match_lines",
    "sector_totals",
    "Every sector total (JPY, USD, line count) equals the sum over its allocation and bond lines, "
    "nested 'of which' lines excluded. Blocking: a wrong total is never published.",
    blocking=True,
)

investment_tracking_match_lines = sql_check(
    "investment_tracking_match_lines",
    "investment_tracking",
    "Each recipient's running total per instrument equals the sum of its tranche lines. Blocking.",
    blocking=True,
)

investment_tracking_tranches_once = sql_check(
    "investment_tracking_tranches_once",
    "investment_tracking",
    "No tranche is a nested line, a missing line, or a line listed twice. Blocking.",
    blocking=True,
)

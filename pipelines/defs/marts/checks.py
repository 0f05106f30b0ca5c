"""Checks on the marts: totals equal the sums of the lines they aggregate, each line counted once."""

from pipelines.defs.ops.sql_checks import SqlCheck, sql_checks

marts_checks = sql_checks(
    "marts_checks",
    [
        SqlCheck(
            "sector_totals_match_lines",
            "sector_totals",
            "Every sector total (JPY, USD, line count) equals the sum over its allocation and bond lines, "
            "nested 'of which' lines excluded. Blocking: a wrong total is never published.",
            blocking=True,
        ),
        SqlCheck(
            "investment_tracking_match_lines",
            "investment_tracking",
            "Each recipient's running total per instrument equals the sum of its tranche lines. Blocking.",
            blocking=True,
        ),
        SqlCheck(
            "investment_tracking_tranches_once",
            "investment_tracking",
            "No tranche is a nested line, a missing line, or a line listed twice. Blocking.",
            blocking=True,
        ),
    ],
    "The checks on sector_totals and investment_tracking: totals equal their lines, tranches counted once.",
)

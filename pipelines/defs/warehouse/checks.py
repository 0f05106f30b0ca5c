"""Checks on `budget_lines`: no fact counted twice; open conflicts as a warning."""

import dagster as dg

from pipelines.defs.ops.sql_checks import SqlCheck, sql_checks

budget_lines_checks = sql_checks(
    "budget_lines_checks",
    [
        SqlCheck(
            "line_facts_counted_once",
            "budget_lines",
            "Each fact belongs to at most one budget line, so no reported figure is counted twice. Blocking.",
            blocking=True,
        ),
        SqlCheck(
            "open_conflicts",
            "budget_lines",
            "Sources that disagree about the same figure beyond rounding (core.fact_conflicts: one row per "
            "value left out, against the one preferred to it). A warning for an analyst to resolve; it "
            "does not stop the run.",
            blocking=False,
            severity=dg.AssetCheckSeverity.WARN,
        ),
    ],
    "The checks on budget_lines: each fact in one line at most; open conflicts as a warning.",
)

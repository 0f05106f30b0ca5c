"""Checks on `budget_facts`: each fact quotes its document, has a sane amount and a plausible year."""

from pipelines.defs.ops.sql_checks import SqlCheck, sql_checks

budget_facts_checks = sql_checks(
    "budget_facts_checks",
    [
        SqlCheck(
            "fact_evidence_spans",
            "budget_facts",
            "Every fact's evidence span is in its document: the parsed text at [start, end) is exactly "
            "as_written. Blocking: a fact that does not quote its source must not reach the marts.",
            blocking=True,
        ),
        SqlCheck(
            "fact_amounts_positive",
            "budget_facts",
            "Amounts (and range upper bounds, and the JPY/USD normalisations) are positive; only a change "
            "marked with ▲/△ may be negative. Blocking.",
            blocking=True,
        ),
        SqlCheck(
            "fact_fiscal_years",
            "budget_facts",
            "Fiscal years are plausible (1990..2040) where a fact has one. Blocking.",
            blocking=True,
        ),
    ],
    "The checks on budget_facts: evidence spans, positive amounts, plausible fiscal years.",
)

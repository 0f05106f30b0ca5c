"""Asset checks backed by the SQL files of `sql/checks/` (each returns its offending rows)."""

from __future__ import annotations

import dagster as dg

from pipelines.defs.resources import WarehouseResource
from pipelines.lib.checks import CHECKS_DIR, run_check
from pipelines.lib.markdown import markdown_table


def sql_check(
    name: str,
    asset: str,
    description: str,
    *,
    blocking: bool,
    severity: dg.AssetCheckSeverity = dg.AssetCheckSeverity.ERROR,
) -> dg.AssetChecksDefinition:
    """An asset check on `asset` that passes when `sql/checks/<name>.sql` returns no rows.

    A blocking check stops everything downstream of `asset` in the run, `published_warehouse`
    included, so a failed audit leaves the published snapshot as it was (write-audit-publish).
    """
    sql_path = CHECKS_DIR / f"{name}.sql"
    if not sql_path.exists():
        raise FileNotFoundError(sql_path)

    @dg.asset_check(
        asset=asset,
        name=name,
        description=description,
        blocking=blocking,
        pool="warehouse",
        metadata={"sql": dg.MetadataValue.path(f"sql/checks/{name}.sql")},
    )
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.connect(read_only=True) as con:
            outcome = run_check(con, name)
        metadata = {"offending_rows": dg.MetadataValue.int(outcome.n_failing)}
        if outcome.rows:
            metadata["offending_preview"] = dg.MetadataValue.md(markdown_table(outcome.columns, outcome.rows))
        return dg.AssetCheckResult(
            passed=outcome.passed,
            severity=severity,
            metadata=metadata,
            description=None if outcome.passed else f"{outcome.n_failing} offending row(s)",
        )

    return _check

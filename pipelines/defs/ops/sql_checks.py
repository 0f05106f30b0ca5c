"""Asset checks backed by the SQL files of `sql/checks/` (each returns its offending rows)."""

from collections.abc import Sequence
from dataclasses import dataclass

import dagster as dg

from pipelines.defs.resources import WarehouseResource
from pipelines.lib.checks import CHECKS_DIR, run_check
from pipelines.lib.markdown import markdown_table


@dataclass(frozen=True)
class SqlCheck:
    """One check: it passes when `sql/checks/<name>.sql` returns no rows on the warehouse.

    A blocking check stops everything downstream of `asset` in the run, `published_warehouse`
    included, so a failed audit leaves the published snapshot as it was (write-audit-publish).
    """

    name: str
    asset: str
    description: str
    blocking: bool
    severity: dg.AssetCheckSeverity = dg.AssetCheckSeverity.ERROR

    def spec(self) -> dg.AssetCheckSpec:
        sql_path = CHECKS_DIR / f"{self.name}.sql"
        if not sql_path.exists():
            raise FileNotFoundError(sql_path)
        return dg.AssetCheckSpec(
            self.name,
            asset=self.asset,
            description=self.description,
            blocking=self.blocking,
            metadata={"sql": dg.MetadataValue.path(f"sql/checks/{self.name}.sql")},
        )

    def result(self, con) -> dg.AssetCheckResult:
        outcome = run_check(con, self.name)
        metadata = {"offending_rows": dg.MetadataValue.int(outcome.n_failing)}
        if outcome.rows:
            metadata["offending_preview"] = dg.MetadataValue.md(markdown_table(outcome.columns, outcome.rows))
        return dg.AssetCheckResult(
            asset_key=dg.AssetKey(self.asset),
            check_name=self.name,
            passed=outcome.passed,
            severity=self.severity,
            metadata=metadata,
            description=None if outcome.passed else f"{outcome.n_failing} offending row(s)",
        )


def sql_checks(name: str, checks: Sequence[SqlCheck], description: str) -> dg.AssetChecksDefinition:
    """The checks of one stage of the pipeline as one step: each is still its own Dagster check
    (own name, result, severity and blocking flag), but they share a step and one read-only
    connection; a run pays Dagster's per-step cost once per stage, not once per check."""
    specs = [check.spec() for check in checks]

    @dg.multi_asset_check(name=name, specs=specs, description=description, can_subset=True, pool="warehouse")
    def _checks(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
        selected = context.selected_asset_check_keys
        with warehouse.connect(read_only=True) as con:
            for check in checks:
                if dg.AssetCheckKey(dg.AssetKey(check.asset), check.name) in selected:
                    yield check.result(con)

    return _checks

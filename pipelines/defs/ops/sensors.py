"""The run-failure sensor: every failed run is recorded in `raw.run_failures` for `budgetwatch status`."""

from __future__ import annotations

from datetime import UTC, datetime

import dagster as dg

from pipelines.defs.resources import WarehouseResource
from pipelines.lib.failures import RECORD_LOCK_TIMEOUT_S, RunFailure, record_failure_at


def failure_of(context: dg.RunFailureSensorContext) -> RunFailure:
    """The failed run as a record: job, end time, failed steps and the first step's error."""
    run = context.dagster_run
    steps, errors = [], []
    for event in context.get_step_failure_events():
        steps.append(event.step_key or "?")
        error = getattr(event.event_specific_data, "error", None)
        while error is not None and error.cause is not None:  # the user's exception, not Dagster's wrapper
            error = error.cause
        if error is not None and error.message:
            errors.append(f"{event.step_key}: {error.message.strip()}")
    record = context.instance.get_run_record_by_id(run.run_id)
    ended = record.end_time if record and record.end_time else None
    failed_at = datetime.fromtimestamp(ended, UTC) if ended else datetime.now(UTC)
    return RunFailure(
        run_id=run.run_id,
        job_name=run.job_name,
        failed_at=failed_at,
        failed_steps=", ".join(steps) or None,
        error=errors[0] if errors else (context.failure_event.message or None),
    )


@dg.run_failure_sensor(
    name="record_run_failures",
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Records every failed run (job, time, failed steps, first error) in raw.run_failures of "
    "the working warehouse, which `budgetwatch status` shows. Waits a bounded time for the warehouse lock; "
    "if it is still held the tick fails and the failure is recorded on a later tick.",
)
def record_run_failures(context: dg.RunFailureSensorContext, warehouse: WarehouseResource) -> None:
    failure = failure_of(context)
    added = record_failure_at(
        warehouse.path, failure, lock_timeout_s=min(warehouse.lock_timeout_s, RECORD_LOCK_TIMEOUT_S)
    )
    context.log.info(
        f"run {failure.run_id} ({failure.job_name}) {'recorded' if added else 'already recorded'}"
    )

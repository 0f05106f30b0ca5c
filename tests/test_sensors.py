"""The drop-folder sensor and the run-failure sensor, evaluated with Dagster's context builders."""

from __future__ import annotations

import os
import time
from pathlib import Path

import dagster as dg
import pytest

from pipelines.definitions import defs
from pipelines.defs.ingest.sensors import drop_folder_sensor
from pipelines.defs.ops.sensors import record_run_failures
from pipelines.defs.resources import WarehouseResource
from pipelines.lib import warehouse
from pipelines.lib.drop import DROP_ENV, DROP_SOURCE_ID, decode_cursor, scan
from pipelines.lib.failures import recent_failures
from pipelines.lib.sources.catalog import load_catalog

PRESS_NOTE = (
    "Tokyo, 3 March 2026. The Ministry of Economy, Trade and Industry will provide up to ¥45 billion in "
    "subsidies for a new power-semiconductor plant in Kyushu in fiscal 2026.\n"
)


def _drop(folder: Path, name: str, body: str | bytes, age_s: float = 60.0) -> Path:
    """Write a file into the drop folder, aged past the settle time (as if copied a minute ago)."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(body, str):
        path.write_text(body, encoding="utf-8")
    else:
        path.write_bytes(body)
    past = time.time() - age_s
    os.utime(path, (past, past))
    return path


@pytest.fixture
def drop(tmp_path, monkeypatch):
    folder = tmp_path / "drop"
    folder.mkdir()
    monkeypatch.setenv(DROP_ENV, str(folder))
    monkeypatch.setenv("BUDGETWATCH_WAREHOUSE", str(tmp_path / "wh" / "bw.duckdb"))
    return folder


def _tick(cursor: str | None = None):
    with dg.build_sensor_context(cursor=cursor) as context:
        result = drop_folder_sensor(context)
    return result


def _requests(result) -> list[dg.RunRequest]:
    return list(result.run_requests or []) if isinstance(result, dg.SensorResult) else []


def test_the_sensors_are_registered_and_watch_by_default():
    sensor = defs.resolve_sensor_def("drop_folder_sensor")
    assert sensor.job_name == "ingest_drop"
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
    assert defs.resolve_sensor_def("record_run_failures").default_status == dg.DefaultSensorStatus.RUNNING


def test_a_missing_drop_folder_skips_naming_it(tmp_path, monkeypatch):
    monkeypatch.setenv(DROP_ENV, str(tmp_path / "absent"))
    result = _tick()
    assert isinstance(result, dg.SkipReason) and "absent" in result.skip_message


def test_new_files_request_one_run_on_a_catalog_of_the_folder(drop):
    _drop(drop, "note.txt", PRESS_NOTE)
    _drop(drop, "sub/page.html", "<html><body><p>Budget page</p></body></html>")
    result = _tick()
    (request,) = _requests(result)
    assert request.run_key.startswith("drop-")
    catalog_path = Path(request.run_config["resources"]["catalog"]["config"]["path"])
    catalog = load_catalog(catalog_path)
    (source,) = catalog.sources
    assert (source.id, source.kind, source.path) == (DROP_SOURCE_ID, "folder", drop.resolve())
    assert catalog_path.parent == Path(os.environ["BUDGETWATCH_WAREHOUSE"]).parent
    assert set(decode_cursor(result.cursor)) == {"note.txt", "sub/page.html"}
    dg.validate_run_config(defs.resolve_job_def("ingest_drop"), request.run_config)


def test_nothing_new_means_no_run_and_a_touch_is_not_a_change(drop):
    note = _drop(drop, "note.txt", PRESS_NOTE)
    first = _tick()
    second = _tick(first.cursor)
    assert _requests(second) == [] and second.skip_reason
    past = time.time() - 30
    os.utime(note, (past, past))  # same bytes, new mtime
    third = _tick(second.cursor)
    assert _requests(third) == []
    assert decode_cursor(third.cursor)["note.txt"].mtime_ns == note.stat().st_mtime_ns


def test_a_changed_file_requests_a_new_run_naming_only_it(drop):
    _drop(drop, "a.txt", PRESS_NOTE)
    _drop(drop, "b.txt", PRESS_NOTE.replace("¥45 billion", "¥46 billion"))
    first = _tick()
    (first_request,) = _requests(first)
    _drop(drop, "b.txt", PRESS_NOTE.replace("¥45 billion", "¥47 billion"), age_s=20)
    second = _tick(first.cursor)
    (second_request,) = _requests(second)
    assert second_request.run_key != first_request.run_key
    assert second_request.tags["budgetwatch/files"] == "1"


def test_the_run_key_depends_only_on_names_and_contents(drop):
    _drop(drop, "a.txt", PRESS_NOTE)
    key = _requests(_tick())[0].run_key
    _drop(drop, "a.txt", PRESS_NOTE, age_s=120)  # rewritten, same bytes; cursor lost
    assert _requests(_tick())[0].run_key == key


def test_hidden_unsupported_and_still_copying_files_are_ignored(drop):
    _drop(drop, ".hidden.txt", PRESS_NOTE)
    _drop(drop, "notes.docx", b"PK\x03\x04")
    _drop(drop, ".tmp/partial.pdf", b"%PDF-1.4")
    _drop(drop, "copying.pdf", b"%PDF-1.4 half", age_s=0)
    result = _tick()
    assert _requests(result) == []
    assert scan(drop, settle_seconds=0) == {"copying.pdf": scan(drop, settle_seconds=0)["copying.pdf"]}


def _failed_run(instance: dg.DagsterInstance):
    @dg.op
    def fetch_everything():
        raise ConnectionError("ministry site answered 503 three times")

    @dg.job
    def doomed():
        fetch_everything()

    result = doomed.execute_in_process(instance=instance, raise_on_error=False)
    assert not result.success
    (entry,) = instance.all_logs(result.run_id, of_type=dg.DagsterEventType.RUN_FAILURE)
    return instance.get_run_by_id(result.run_id), entry.dagster_event


def test_a_failed_run_is_recorded_once_in_the_warehouse(tmp_path):
    path = tmp_path / "bw.duckdb"
    with dg.instance_for_test() as instance:
        run, event = _failed_run(instance)
        for _ in range(2):  # a re-evaluated tick must not add a second row
            context = dg.build_run_status_sensor_context(
                sensor_name="record_run_failures",
                dagster_event=event,
                dagster_instance=instance,
                dagster_run=run,
                resources={"warehouse": WarehouseResource(path=str(path), lock_timeout_s=5)},
            ).for_run_failure()
            record_run_failures(context)
    with warehouse.connect(path, read_only=True) as con:
        (failure,) = recent_failures(con)
        count = con.execute("select count(*) from raw.run_failures").fetchone()[0]
    assert count == 1
    assert (failure.run_id, failure.job_name, failure.failed_steps) == (
        run.run_id,
        "doomed",
        "fetch_everything",
    )
    assert "503 three times" in failure.error


def test_recording_a_failure_waits_a_bounded_time_for_a_locked_warehouse(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "bw.duckdb"
    with warehouse.connect(path) as con:
        warehouse.ensure_schema(con)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(path)!r}); print('held', flush=True); "
            "time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with dg.instance_for_test() as instance:
            run, event = _failed_run(instance)
            context = dg.build_run_status_sensor_context(
                sensor_name="record_run_failures",
                dagster_event=event,
                dagster_instance=instance,
                dagster_run=run,
                resources={"warehouse": WarehouseResource(path=str(path), lock_timeout_s=1.5)},
            ).for_run_failure()
            started = time.monotonic()
            with pytest.raises(Exception, match="locked by another process"):
                record_run_failures(context)
            assert time.monotonic() - started < 10
    finally:
        holder.kill()
        holder.wait()

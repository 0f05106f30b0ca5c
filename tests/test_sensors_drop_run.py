"""End to end on the bundled sample pack: a file dropped into the drop folder is ingested by the run the
sensor requests, and runs with no new input re-parse and re-write no document (incremental work)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import dagster as dg
import pytest

from pipelines.definitions import defs
from pipelines.defs.ingest.sensors import drop_folder_sensor
from pipelines.lib import warehouse
from pipelines.lib.drop import DROP_ENV

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sources" / "sample.yaml"
NOTE = (
    "Tokyo, 3 March 2026. The Ministry of Economy, Trade and Industry will provide up to ¥45 billion in "
    "subsidies for a new power-semiconductor plant in Kyushu in fiscal 2026, the ministry said.\n"
)


def _run(instance, job: str, wh: Path, catalog: str) -> dg.ExecuteInProcessResult:
    config = {
        "resources": {
            "warehouse": {"config": {"path": str(wh), "lock_timeout_s": 30.0}},
            "catalog": {"config": {"path": catalog}},
        }
    }
    result = defs.resolve_job_def(job).execute_in_process(
        instance=instance, run_config=config, raise_on_error=False
    )
    assert result.success, [e.message for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    return result


def _state(wh: Path) -> dict:
    """What an incremental run must leave alone: every parse and extraction stamp, and every stored row."""
    with warehouse.connect(wh, read_only=True) as con:
        return {
            "parsed": dict(con.execute("select document_id, parsed_at from staging.documents").fetchall()),
            "extracted": {
                (d, s): t
                for d, s, t in con.execute(
                    "select document_id, stage, processed_at from staging.extraction_log"
                ).fetchall()
            },
            "bodies": con.execute("select count(*) from raw.documents").fetchone()[0],
            "mentions": con.execute("select count(*) from staging.figure_mentions").fetchone()[0],
            "facts": con.execute(
                "select count(*), coalesce(sum(hash(fact_id, as_written, amount)), 0) from core.budget_facts"
            ).fetchone(),
        }


def _parsed_this_run(result: dg.ExecuteInProcessResult) -> int:
    (mat,) = result.asset_materializations_for_node("documents")
    return mat.metadata["parsed_this_run"].value


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("droprun")
    wh = base / "wh" / "bw.duckdb"
    with dg.instance_for_test() as instance:
        result = _run(instance, "refresh_all", wh, str(SAMPLE))
        yield instance, wh, base, result


def test_a_second_run_with_no_new_input_reparses_and_rewrites_nothing(sample_run):
    instance, wh, _base, first = sample_run
    assert _parsed_this_run(first) > 10
    before = _state(wh)
    again = _run(instance, "refresh_all", wh, str(SAMPLE))
    after = _state(wh)
    assert _parsed_this_run(again) == 0
    assert after == before  # same parse stamps, same extraction stamps, same rows


def test_a_dropped_file_is_ingested_once_by_the_sensor_run(sample_run, monkeypatch):
    instance, wh, base, _ = sample_run
    drop = base / "drop"
    drop.mkdir()
    monkeypatch.setenv(DROP_ENV, str(drop))
    monkeypatch.setenv("BUDGETWATCH_WAREHOUSE", str(wh))
    note = drop / "meti-kyushu-power-chips.txt"
    note.write_text(NOTE, encoding="utf-8")
    past = time.time() - 60
    os.utime(note, (past, past))
    before = _state(wh)

    with dg.build_sensor_context(instance=instance) as context:
        tick = drop_folder_sensor(context)
    (request,) = tick.run_requests
    catalog = request.run_config["resources"]["catalog"]["config"]["path"]
    result = _run(instance, "ingest_drop", wh, catalog)
    assert _parsed_this_run(result) == 1
    after = _state(wh)
    assert after["bodies"] == before["bodies"] + 1
    new_docs = set(after["parsed"]) - set(before["parsed"])
    assert len(new_docs) == 1
    assert {d: after["parsed"][d] for d in before["parsed"]} == before["parsed"]  # nothing else re-parsed

    # the users' snapshot has the dropped figure, with the drop folder as its source
    with warehouse.connect(warehouse.snapshot_path(wh), read_only=True, external_access=False) as con:
        rows = con.execute(
            "select f.as_written, f.amount, f.source_id from core.budget_facts as f "
            "where f.document = ? order by f.start",
            [next(iter(new_docs))],
        ).fetchall()
    assert ("¥45 billion", 45_000_000_000, "drop-folder") in [(a, int(b), s) for a, b, s in rows]

    # the next tick sees nothing new; running the drop job again changes nothing
    with dg.build_sensor_context(instance=instance, cursor=tick.cursor) as context:
        assert not drop_folder_sensor(context).run_requests
    settled = _state(wh)
    assert _parsed_this_run(_run(instance, "ingest_drop", wh, catalog)) == 0
    assert _state(wh) == settled

"""Safe concurrent use: two runs at once, readers during a run, a user holding the working file, and a
query path that cannot reach files outside the warehouse."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import pytest
from ops_sample import BUDGETWATCH, ROOT, sample_env

from pipelines.definitions import defs
from pipelines.lib import warehouse

PYTHON = sys.executable
UNIQUE_KEYS = {
    "raw.documents": "content_hash",
    "staging.documents": "document_id",
    "staging.figure_mentions": "document_id, mention_no",
    "core.budget_facts": "fact_id",
    "core.budget_lines": "line_id",
    "core.budget_line_sources": "line_id, fact_id",
    "marts.sector_totals": "government, agency, fiscal_year, stage, sector",
    "marts.investment_tracking": "line_id",
}


def _env(base: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "BUDGETWATCH_CATALOG"}
    env["BUDGETWATCH_WAREHOUSE"] = str(base / "warehouse" / "budgetwatch.duckdb")
    env["DAGSTER_HOME"] = str(base / "warehouse" / "dagster_home")
    return env


def _copy_sample(base: Path) -> Path:
    """A private copy of the shared sample warehouse and its snapshot; returns the working file."""
    source = Path(sample_env()["BUDGETWATCH_WAREHOUSE"])
    target = base / "warehouse" / "budgetwatch.duckdb"
    target.parent.mkdir(parents=True)
    shutil.copy2(source, target)
    shutil.copy2(warehouse.snapshot_path(source), warehouse.snapshot_path(target))
    return target


# events a step reports after its body has returned, before the step is marked a success; the pool
# slot may be handed on before that STEP_SUCCESS event is stored, so the window a write could fall
# in ends at the last of these
_WORK_DONE = frozenset(["STEP_OUTPUT", "ASSET_MATERIALIZATION", "ASSET_CHECK_EVALUATION", "HANDLED_OUTPUT"])


def _fingerprint(path: Path) -> tuple:
    stat = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_ino, stat.st_mtime_ns


def test_two_runs_launched_together_both_succeed_with_writers_serialised(tmp_path):
    env = _env(tmp_path)
    # initialise the fresh DAGSTER_HOME once, as `budgetwatch` does, before two processes race it
    subprocess.run(
        [PYTHON, "-c", "from pipelines.cli import dagster_home; import dagster as dg; dagster_home(); "
         "dg.DagsterInstance.get().dispose()"],
        env=env, cwd=ROOT, check=True, timeout=120,
    )  # fmt: skip
    runs = [
        subprocess.Popen(
            [BUDGETWATCH, "run"], env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=600)[0].decode() for p in runs]
    assert [p.returncode for p in runs] == [0, 0], "\n".join(o[-2000:] for o in outputs)

    pooled = {
        n.name for n in defs.resolve_job_def("refresh_all").nodes_in_topological_order if n.definition.pool
    }
    intervals, blocked = [], 0
    with dg.DagsterInstance.from_config(env["DAGSTER_HOME"]) as instance:
        records = instance.get_run_records()
        assert sorted(r.dagster_run.status.value for r in records) == ["SUCCESS", "SUCCESS"]
        for record in records:
            started, done = {}, {}
            for entry in instance.all_logs(record.dagster_run.run_id):
                event = entry.dagster_event
                if event is None or event.step_key not in pooled:
                    continue
                kind = event.event_type_value
                if kind == "STEP_START":
                    started[event.step_key] = entry.timestamp
                elif kind in _WORK_DONE:
                    done[event.step_key] = entry.timestamp  # the body has returned: its writes are over
                elif kind == "STEP_SUCCESS":
                    end = done.get(event.step_key, entry.timestamp)
                    intervals.append(
                        (started[event.step_key], end, record.dagster_run.run_id + ":" + event.step_key)
                    )
                elif "blocked by limit for pool warehouse" in (entry.user_message or ""):
                    blocked += 1
    assert blocked > 0  # the runs did overlap, and the pool made one wait
    intervals.sort()
    overlaps = [
        (r1, r2) for (_s1, e1, r1), (s2, _e2, r2) in zip(intervals, intervals[1:], strict=False) if s2 < e1
    ]
    # A run's first claim of the pool's one slot can be granted by Dagster's SQLite storage while the
    # other run holds it (seen about one run in three on this machine, always a run's first pooled
    # step, whichever step the in-process executor starts first); the DuckDB file lock with the
    # resource's bounded wait still serialises those two writers, and the duplicate check below sees
    # their result. Every later step of a run must wait for the slot.
    first_of_run = {}
    for _start, _end, name in intervals:
        first_of_run.setdefault(name.split(":")[0], name)
    firsts = set(first_of_run.values())
    assert all(a in firsts or b in firsts for a, b in overlaps), overlaps
    # the two runs' writes did not interleave into duplicate rows
    with warehouse.connect(env["BUDGETWATCH_WAREHOUSE"], read_only=True) as con:
        for table, key in UNIQUE_KEYS.items():
            total, distinct = con.execute(f"select count(*), count(distinct ({key})) from {table}").fetchone()
            assert total == distinct > 0, table


READER = """
import json, os, sys, time
from pipelines.lib import warehouse
snapshot, stop = sys.argv[1], sys.argv[2]
queries, errors, inodes = 0, [], set()
open(stop + ".ready", "w").close()
while not os.path.exists(stop):
    try:
        inodes.add(os.stat(snapshot).st_ino)
        with warehouse.connect(snapshot, read_only=True, external_access=False, lock_timeout_s=0) as con:
            con.execute("select sum(total_jpy), count(*) from marts.sector_totals").fetchone()
            con.execute("select count(*) from core.budget_facts where amount is not null").fetchone()
        queries += 1
        time.sleep(0.02)  # a person re-running a query, not a busy loop competing with the run for CPU
    except Exception as exc:
        errors.append(repr(exc)[:300])
print(json.dumps({"queries": queries, "errors": errors, "snapshots_seen": len(inodes)}))
"""


def test_a_reader_querying_the_snapshot_in_a_loop_during_a_run_sees_no_error(tmp_path):
    working = _copy_sample(tmp_path)
    snapshot = warehouse.snapshot_path(working)
    env = _env(tmp_path)
    stop = tmp_path / "stop"
    reader = subprocess.Popen(
        [PYTHON, "-c", READER, str(snapshot), str(stop)], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        while not (tmp_path / "stop.ready").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        run = subprocess.run(
            [BUDGETWATCH, "run"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=600
        )
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
        time.sleep(0.5)
    finally:
        stop.touch()
        out, _ = reader.communicate(timeout=60)
    seen = json.loads(out)
    assert seen["errors"] == []
    assert seen["queries"] >= 20
    assert seen["snapshots_seen"] >= 2  # the run published a new snapshot while the reader was reading


HOLDER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "ro")
con.execute("select count(*) from core.budget_facts").fetchone()
print("holding", flush=True)
time.sleep(120)
"""


@pytest.mark.parametrize("mode", ["ro", "rw"])
def test_a_session_holding_the_working_file_makes_a_run_fail_in_bounded_time(tmp_path, mode):
    working = _copy_sample(tmp_path)
    snapshot = warehouse.snapshot_path(working)
    before = _fingerprint(snapshot)
    holder = subprocess.Popen([PYTHON, "-c", HOLDER, str(working), mode], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        config = {"resources": {"warehouse": {"config": {"path": str(working), "lock_timeout_s": 2.0}}}}
        started = time.monotonic()
        with dg.instance_for_test() as instance:
            result = defs.resolve_job_def("refresh_all").execute_in_process(
                instance=instance,
                run_config=config,
                asset_selection=[dg.AssetKey("documents")],
                raise_on_error=False,
            )
        took = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert not result.success
    failures = [e for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    message = str(failures[0].event_specific_data.error.to_string())
    assert "is locked by another process; waited 2.0s (lock timeout 2s)" in message
    assert took < 30
    assert _fingerprint(snapshot) == before
    with warehouse.connect(snapshot, read_only=True, external_access=False) as con:
        assert con.execute("select count(*) from marts.sector_totals").fetchone()[0] > 0


@pytest.mark.parametrize(
    "sql",
    [
        "select * from read_csv('/etc/passwd')",
        "copy (select 1) to '{tmp}/leak.csv'",
        "attach '{tmp}/other.duckdb' as other",
        "install httpfs",
    ],
)
def test_the_query_path_refuses_files_outside_the_warehouse(tmp_path, monkeypatch, capsys, sql):
    from pipelines.cli import main

    for key, value in sample_env().items():
        monkeypatch.setenv(key, value)
    assert main(["query", sql.format(tmp=tmp_path)]) == 1
    assert "budgetwatch query:" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    assert main(["query", "select count(*) as n from marts.sector_totals"]) == 0

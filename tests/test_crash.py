"""`kill -9` of `budgetwatch run` at three random moments: the warehouse opens, every table is the
last good state or the new completed one (incremental tables may stop at a committed batch
between them, never mid-batch), the published snapshot is never half-written, and a re-run
completes with exactly the new state. A kill aimed inside the publish copy leaves the old
snapshot and its fingerprint record in place. The machinery is `bench/crash.py`, whose long
variants kill at twelve or more random moments or at named ones (`--at`)."""

from __future__ import annotations

import random

import pytest
from bench_modules import load_bench

crash = load_bench("crash")


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    work = tmp_path_factory.mktemp("crash")
    return work, crash.prepare(work, docs=60, new=30, seed=11)


def test_old_and_new_states_differ_so_the_trial_means_something(setup):
    _, s = setup
    assert s["old"].fingerprints != s["new"].fingerprints
    assert s["old_snapshot"].fingerprints != s["new_snapshot"].fingerprints
    assert s["new"].fingerprints["raw.documents"].rows == s["old"].fingerprints["raw.documents"].rows + 30


def test_kill_9_at_three_random_points_then_a_rerun_completes(setup):
    work, s = setup
    rng = random.Random()
    # one point in each third of the run: start-up and ingest, extraction, lines/marts/publish
    fractions = [rng.uniform(0.25, 0.5), rng.uniform(0.5, 0.75), rng.uniform(0.75, 1.0)]
    found, after_rerun, _ = crash.trials(work, s, fractions)
    report = [(round(t.after_s, 1), t.killed, t.last_line) for t in found]
    assert sum(t.killed for t in found) >= 2, report  # the kills landed inside runs
    for t in found:
        assert t.problems == [], (t.after_s, t.last_line, t.problems)
        assert t.snapshot_ok, (t.after_s, t.last_line)
    assert after_rerun == []


def test_kill_9_inside_the_publish_copy_keeps_the_old_snapshot_and_the_rerun_publishes(setup):
    work, s = setup
    # from NEW's warehouse beside OLD's snapshot: the run has only the publish left to do
    [t] = crash.aimed_trials(work, s, "publish-copy", points=1, unpublished=True)
    assert t.killed and t.seen, "the run ended before the snapshot copy was seen"
    # the temp file still there proves the kill fell before the rename, inside the copy
    assert t.temp_mb is not None, (t.seen, t.leftovers)
    assert t.snapshot == "OLD", (t.seen, t.snapshot)
    assert t.record == "matches"  # still the old snapshot's: the re-run sees NEW differs and publishes
    assert t.problems == [], t.problems
    assert t.after_rerun == []  # NEW, its snapshot and record, and no temp file left


def test_a_run_killed_mid_step_does_not_block_the_next_run(setup):
    work, s = setup
    wh = work / "blocked" / "w.duckdb"
    crash.copy_warehouse(s["old_wh"], wh)
    assert not crash.blocked_after_kill(s["catalog"], wh, work, wait_s=20, code=s["code"])


def test_the_batch_watch_fires_only_once_a_commit_is_checkpointed_into_the_file(tmp_path):
    wh, wal = tmp_path / "w.duckdb", tmp_path / "w.duckdb.wal"
    wh.write_bytes(b"x" * 10)
    fetching, committing = crash.moment("ingest-batch"), crash.moment("ingest-batch-write")
    after_commit, next_commit = fetching.watch(wh), committing.watch(wh)
    assert after_commit() is None and next_commit() is None
    wal.write_bytes(b"commit")  # the first batch commits
    assert after_commit() is None and next_commit() is None
    wal.unlink()  # checkpointed away, but the file is unchanged: not yet
    assert after_commit() is None
    wh.write_bytes(b"x" * 20)
    assert "checkpointed 1x" in after_commit()
    assert next_commit() is None  # the second batch has not started writing
    wal.write_bytes(b"commit")
    assert "WAL back" in next_commit()
    assert crash.moment("step:documents").armed_by == "… documents"
    with pytest.raises(ValueError, match="unknown moment"):
        crash.moment("publish")

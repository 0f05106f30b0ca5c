import multiprocessing as mp
import time

import duckdb
import pytest

from pipelines.lib import warehouse


def test_schema_is_created_idempotently(tmp_path):
    path = tmp_path / "w.duckdb"
    for _ in range(2):
        with warehouse.connect(path) as con:
            warehouse.ensure_schema(con)
    with warehouse.connect(path, read_only=True) as con:
        tables = {
            f"{s}.{t}"
            for s, t in con.execute(
                "select table_schema, table_name from information_schema.tables"
            ).fetchall()
        }
    assert {
        "raw.documents",
        "raw.fetch_log",
        "staging.documents",
        "core.budget_facts",
        "core.budget_lines",
    } <= tables


def test_a_failed_statement_inside_a_transaction_leaves_the_table_unchanged(tmp_path):
    path = tmp_path / "w.duckdb"
    with warehouse.connect(path) as con:
        con.execute("create table t (x integer primary key)")
        con.execute("insert into t values (1)")
        with pytest.raises(duckdb.Error), warehouse.transaction(con):
            con.execute("insert into t values (2)")
            con.execute("insert into t values (1)")  # duplicate key: fails
            con.execute("insert into t values (3)")
        assert con.execute("select list(x order by x) from t").fetchone()[0] == [1]
        con.execute("insert into t values (4)")  # the connection is still usable
        assert con.execute("select count(*) from t").fetchone()[0] == 2


def _hold_lock(path, seconds, ready):
    con = duckdb.connect(str(path))
    ready.set()
    time.sleep(seconds)
    con.close()


def test_a_lock_held_by_another_process_fails_within_the_bounded_wait(tmp_path):
    path = tmp_path / "w.duckdb"
    duckdb.connect(str(path)).close()
    ready = mp.Event()
    holder = mp.Process(target=_hold_lock, args=(path, 5, ready))
    holder.start()
    try:
        assert ready.wait(10)
        started = time.monotonic()
        with (
            pytest.raises(warehouse.WarehouseLockedError, match="locked by another process"),
            warehouse.connect(path, lock_timeout_s=1.0),
        ):
            pass
        assert time.monotonic() - started < 4
    finally:
        holder.join()


def test_a_lock_released_within_the_wait_is_waited_for(tmp_path):
    path = tmp_path / "w.duckdb"
    duckdb.connect(str(path)).close()
    ready = mp.Event()
    holder = mp.Process(target=_hold_lock, args=(path, 1, ready))
    holder.start()
    try:
        assert ready.wait(10)
        with warehouse.connect(path, lock_timeout_s=20) as con:
            assert con.execute("select 42").fetchone()[0] == 42
    finally:
        holder.join()


def test_snapshot_is_published_atomically_and_readable_while_the_writer_is_open(tmp_path):
    path = tmp_path / "w.duckdb"
    with warehouse.connect(path) as con:
        con.execute("create table t as select 1 as x")
    snap = warehouse.publish_snapshot(path)
    assert snap == warehouse.snapshot_path(path)
    with warehouse.connect(path) as writer:  # the writer holds the main file...
        writer.execute("insert into t values (2)")
        with warehouse.connect(
            snap, read_only=True, lock_timeout_s=1
        ) as reader:  # ...readers use the snapshot
            assert reader.execute("select count(*) from t").fetchone()[0] == 1
    warehouse.publish_snapshot(path)
    with warehouse.connect(snap, read_only=True) as reader:
        assert reader.execute("select count(*) from t").fetchone()[0] == 2
    assert not list(tmp_path.glob("*.tmp*"))


def test_query_connections_refuse_file_access_outside_the_warehouse(tmp_path):
    path = tmp_path / "w.duckdb"
    with warehouse.connect(path) as con:
        con.execute("create table t as select 1 as x")
    (tmp_path / "secret.csv").write_text("a\n1\n")
    with warehouse.connect(path, read_only=True, external_access=False) as con:
        with pytest.raises(duckdb.Error):
            con.execute(f"select * from read_csv('{tmp_path / 'secret.csv'}')").fetchall()
        with pytest.raises(duckdb.Error):
            con.execute("create table u as select 1")


def test_a_failed_commit_leaves_the_connection_usable(tmp_path):
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        con.execute("create table t (x integer)")
        with pytest.raises(duckdb.Error), warehouse.transaction(con):
            con.execute("insert into t values (1)")
            con.execute("commit")  # ends the transaction early: the COMMIT of `transaction` then fails
        assert con.execute("select count(*) from t").fetchone()[0] == 1
        con.execute("insert into t values (2)")


def test_leftovers_of_a_killed_publish_are_cleared_by_the_next_one(tmp_path):
    path = tmp_path / "w.duckdb"
    with warehouse.connect(path) as con:
        con.execute("create table t as select 1 as x")
    snap = warehouse.snapshot_path(path)
    leftover = snap.with_name(snap.name + ".tmp99999")
    leftover.write_bytes(b"half a file")
    warehouse.publish_snapshot(path)
    assert not leftover.exists()
    assert snap.exists()


def test_duckdb_memory_is_capped_and_the_cap_can_be_raised(tmp_path, monkeypatch):
    path = tmp_path / "w.duckdb"
    monkeypatch.delenv("BUDGETWATCH_DUCKDB_MEMORY", raising=False)
    with warehouse.connect(path) as con:
        assert con.execute("select current_setting('memory_limit')").fetchall() == [("244.1 MiB",)]
    monkeypatch.setenv("BUDGETWATCH_DUCKDB_MEMORY", "2GB")
    with warehouse.connect(path, read_only=True) as con:
        assert con.execute("select current_setting('memory_limit')").fetchall() == [("1.8 GiB",)]

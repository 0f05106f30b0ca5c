"""The snapshot is written again only when the warehouse's content changed since it was published:
the content fingerprint covers every schema, row, column, type, constraint, comment and view; the
record of it describes one snapshot file (a replaced, written-to or missing snapshot means
publishing again, in full); the audit runs before every write and only then. A snapshot patched
from a copy of the old one holds exactly what a full COPY FROM DATABASE would."""

from __future__ import annotations

import json
import shutil

import pytest

from pipelines.lib import snapshot_patch, warehouse


class Refused(RuntimeError):
    pass


@pytest.fixture
def path(tmp_path):
    path = tmp_path / "w.duckdb"
    with warehouse.connect(path) as con:
        con.execute("create schema core")
        con.execute("create table core.t (id integer, amount decimal(38, 0), note varchar)")
        con.execute("insert into core.t values (1, 100, 'a'), (2, 200, 'b')")
    return path


def _snapshot_rows(path):
    with warehouse.connect(warehouse.snapshot_path(path), read_only=True) as con:
        return con.execute("select * from core.t order by id").fetchall()


def test_nothing_changed_means_no_copy_and_no_audit(path):
    audits = []
    first = warehouse.publish_if_changed(path, audit=audits.append)
    inode = warehouse.snapshot_path(path).stat().st_ino
    second = warehouse.publish_if_changed(path, audit=audits.append)
    assert (first.published, second.published) == (True, False)
    assert first.fingerprint == second.fingerprint
    assert len(audits) == 1
    assert warehouse.snapshot_path(path).stat().st_ino == inode  # the same file, not a new copy


@pytest.mark.parametrize(
    "change",
    [
        "update core.t set amount = 201 where id = 2",  # one value, same row count
        "update core.t set note = null where id = 1",
        "insert into core.t values (3, 300, 'c')",
        "comment on table core.t is 'rebuilt'",
        "alter table core.t alter amount type decimal(38, 2)",
        "create table core.u (x integer)",  # an empty table is content too
    ],
)
def test_any_change_is_published(path, change):
    warehouse.publish_if_changed(path)
    with warehouse.connect(path) as con:
        con.execute(change)
        expected = con.execute("select * from core.t order by id").fetchall()
    outcome = warehouse.publish_if_changed(path)
    assert outcome.published
    assert _snapshot_rows(path) == expected


def test_a_snapshot_the_record_does_not_describe_is_replaced(path, tmp_path):
    warehouse.publish_if_changed(path)
    old = tmp_path / "old.duckdb"
    shutil.copy2(warehouse.snapshot_path(path), old)
    with warehouse.connect(path) as con:
        con.execute("update core.t set amount = 999 where id = 1")
    warehouse.publish_if_changed(path)
    # someone puts an older snapshot back (same name, the record still names the newer content)
    shutil.copy2(old, warehouse.snapshot_path(path))
    assert warehouse.published_fingerprint(path) is None
    assert warehouse.publish_if_changed(path).published
    assert _snapshot_rows(path)[0][1] == 999


def test_a_missing_record_means_publishing_again(path):
    warehouse.publish_if_changed(path)
    record = warehouse.snapshot_path(path).with_name(warehouse.snapshot_path(path).name + ".fingerprint")
    record.unlink()  # as a kill between the swap and the record would leave it
    assert warehouse.publish_if_changed(path).published
    assert record.exists()


def test_a_refused_audit_leaves_the_snapshot_and_its_record_as_they_were(path):
    first = warehouse.publish_if_changed(path)
    with warehouse.connect(path) as con:
        con.execute("update core.t set amount = -5 where id = 1")

    def refuse(con):
        raise Refused("blocking check failed")

    with pytest.raises(Refused):
        warehouse.publish_if_changed(path, audit=refuse)
    assert _snapshot_rows(path)[0][1] == 100
    assert warehouse.published_fingerprint(path) == first.fingerprint
    assert not list(path.parent.glob("*.tmp*"))


def _full_copy(path, tmp_path):
    """What COPY FROM DATABASE makes of the warehouse: the reference a patched snapshot must equal."""
    copy = tmp_path / "reference.duckdb"
    copy.unlink(missing_ok=True)
    with warehouse.connect(path) as con:
        con.execute(f"attach '{copy.as_posix()}' as ref")
        con.execute("copy from database w to ref")
        con.execute("detach ref")
    return copy


def _everything(file):
    """Schemas, tables (CREATE statement, comment, every row), views and constraints of a file."""
    with warehouse.connect(file, read_only=True) as con:
        here = "database_name = current_database()"
        out = {
            "schemas": con.execute(
                f"select schema_name from duckdb_schemas() where {here} order by 1"
            ).fetchall(),
            "views": con.execute(
                f"select schema_name, view_name, sql from duckdb_views() where {here} and not internal "
                "order by 1, 2"
            ).fetchall(),
            "constraints": con.execute(
                f"select schema_name, table_name, constraint_text from duckdb_constraints() where {here} "
                "order by all"
            ).fetchall(),
        }
        tables = con.execute(
            f"select schema_name, table_name, sql, comment from duckdb_tables() where {here} order by 1, 2"
        ).fetchall()
        out["tables"] = tables
        for schema, table, _, _ in tables:
            out[f"{schema}.{table}"] = con.execute(
                f'select * from "{schema}"."{table}" order by all'
            ).fetchall()
        return out


CHANGES = [
    "insert into core.t values (3, 300, 'c')",
    "create schema marts; create table marts.totals as select count(*) as n, sum(amount) from core.t",
    "create view marts.big as select * from core.t where amount > 150; comment on table core.t is 'facts'",
    "create table core.gone (x integer primary key); insert into core.gone values (1), (2)",
    "update core.t set note = 'it''s' where id = 1; create or replace view marts.big as select 1 as one",
    "drop table core.gone; create table core.added (k varchar not null, v double default 1.5)",
    "insert into core.added values ('a', 2.5); alter table core.t add column extra integer default 7",
    "drop view marts.big; drop table marts.totals; drop schema marts; create schema reports",
    "delete from core.t where id = 2",
    "create table core.dup (x integer); insert into core.dup values (1), (1), (1), (2)",
    "delete from core.dup; insert into core.dup values (1), (1), (2), (2)",  # a duplicate less, one more
]


def test_a_patched_snapshot_equals_a_full_copy_after_every_change(path, tmp_path):
    first = warehouse.publish_if_changed(path)
    assert first.published and not first.patched  # no record yet: copied whole
    for change in CHANGES:
        with warehouse.connect(path) as con:
            con.execute(change)
        outcome = warehouse.publish_if_changed(path)
        assert outcome.published and outcome.patched, change
        assert _everything(warehouse.snapshot_path(path)) == _everything(_full_copy(path, tmp_path)), change
        with warehouse.connect(warehouse.snapshot_path(path), read_only=True) as con:
            assert warehouse.content_fingerprint(con) == outcome.fingerprint
        assert warehouse.published_fingerprint(path) == outcome.fingerprint
        assert not list(path.parent.glob("*.tmp*"))


def test_a_tampered_snapshot_is_copied_whole(path, tmp_path):
    warehouse.publish_if_changed(path)
    snapshot = warehouse.snapshot_path(path)
    with warehouse.connect(snapshot) as con:  # someone writes into the snapshot itself
        con.execute("update core.t set amount = 0")
    with warehouse.connect(path) as con:
        con.execute("insert into core.t values (3, 300, 'c')")
    outcome = warehouse.publish_if_changed(path)
    assert outcome.published and not outcome.patched
    assert _everything(snapshot) == _everything(_full_copy(path, tmp_path))


def test_a_wal_beside_the_snapshot_means_publishing_again(path):
    first = warehouse.publish_if_changed(path)
    wal = warehouse.snapshot_path(path).with_name(warehouse.snapshot_path(path).name + ".wal")
    wal.write_bytes(b"uncheckpointed writes")  # as a writer killed on the snapshot would leave
    assert warehouse.published_fingerprint(path) is None
    again = warehouse.publish_if_changed(path)
    assert again.published and not again.patched and again.fingerprint == first.fingerprint
    assert not wal.exists()
    assert _snapshot_rows(path) == [(1, 100, "a"), (2, 200, "b")]


def test_a_record_without_parts_means_a_full_copy(path):
    warehouse.publish_if_changed(path)
    record = warehouse.snapshot_path(path).with_name(warehouse.snapshot_path(path).name + ".fingerprint")
    kept = json.loads(record.read_text())
    record.write_text(json.dumps({"fingerprint": kept["fingerprint"], "snapshot": kept["snapshot"]}))
    with warehouse.connect(path) as con:
        con.execute("insert into core.t values (3, 300, 'c')")
    outcome = warehouse.publish_if_changed(path)
    assert outcome.published and not outcome.patched
    assert len(_snapshot_rows(path)) == 3


def test_objects_a_patch_does_not_carry_mean_a_full_copy(path, tmp_path):
    warehouse.publish_if_changed(path)
    with warehouse.connect(path) as con:
        con.execute("create sequence core.ids; insert into core.t values (3, 300, 'c')")
    outcome = warehouse.publish_if_changed(path)
    assert outcome.published and not outcome.patched
    assert _everything(warehouse.snapshot_path(path)) == _everything(_full_copy(path, tmp_path))


def test_a_table_the_row_diff_gets_wrong_is_rewritten_whole(path, tmp_path, monkeypatch):
    warehouse.publish_if_changed(path)
    with warehouse.connect(path) as con:
        con.execute("insert into core.t values (3, 300, 'c')")
    monkeypatch.setattr(snapshot_patch, "_rows_to_change", lambda con, copy, source: ([], []))
    outcome = warehouse.publish_if_changed(path)
    assert outcome.published and outcome.patched
    assert _everything(warehouse.snapshot_path(path)) == _everything(_full_copy(path, tmp_path))


def test_a_copy_with_many_free_blocks_is_replaced_by_a_full_copy(path, monkeypatch):
    monkeypatch.setattr(snapshot_patch, "MIN_BLOCKS", 0)
    monkeypatch.setattr(snapshot_patch, "MAX_FREE_BLOCK_SHARE", 0.0)  # any free block is too many
    monkeypatch.setattr(snapshot_patch, "MAX_SIZE_TO_WAREHOUSE", 1e9)
    warehouse.publish_if_changed(path)
    outcomes = []
    for n in (3, 4, 5):
        with warehouse.connect(path) as con:
            con.execute(f"insert into core.t values ({n}, {n}00, 'x')")
        outcomes.append(warehouse.publish_if_changed(path).patched)
    # a full copy has no free block; a patch leaves some (the row groups it rewrote)
    assert outcomes == [True, False, True]
    assert len(_snapshot_rows(path)) == 5


def test_a_copy_grown_past_the_warehouse_is_replaced_by_a_full_copy(path, monkeypatch):
    monkeypatch.setattr(snapshot_patch, "MIN_BLOCKS", 0)
    monkeypatch.setattr(snapshot_patch, "MAX_SIZE_TO_WAREHOUSE", 0.0)
    warehouse.publish_if_changed(path)
    with warehouse.connect(path) as con:
        con.execute("insert into core.t values (3, 300, 'c')")
    outcome = warehouse.publish_if_changed(path)
    assert outcome.published and not outcome.patched
    assert len(_snapshot_rows(path)) == 3

"""The snapshot is copied again only when the warehouse's content changed since it was published:
the content fingerprint covers every row, column, type and comment; the record of it describes
one snapshot file (a replaced or missing snapshot means publishing again); the audit runs before
every copy and only then."""

from __future__ import annotations

import shutil

import pytest

from pipelines.lib import warehouse


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

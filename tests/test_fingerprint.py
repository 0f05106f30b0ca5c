import pytest

from pipelines.lib import warehouse
from pipelines.lib.fingerprint import (
    VOLATILE_COLUMNS,
    Fingerprint,
    differences,
    table_fingerprint,
    warehouse_fingerprints,
)


@pytest.fixture
def con(tmp_path):
    with warehouse.connect(tmp_path / "f.duckdb") as connection:
        connection.execute("create schema core")
        connection.execute(
            "create table core.t (id integer, amount decimal(38, 0), tags varchar[], seen_at timestamp)"
        )
        connection.execute(
            "insert into core.t values "
            "(1, 10, ['a'], '2026-01-01'), (2, 20, null, '2026-01-02'), (3, null, [], null)"
        )
        yield connection


def test_row_order_does_not_matter_but_content_duplicates_and_columns_do(con):
    first = table_fingerprint(con, "core.t")
    assert first.rows == 3 and first.columns == (
        "id INTEGER",
        "amount DECIMAL(38,0)",
        "tags VARCHAR[]",
        "seen_at TIMESTAMP",
    )
    con.execute("create table core.u as select * from core.t order by id desc")
    assert table_fingerprint(con, "core.u").content == first.content
    con.execute("insert into core.u select * from core.t where id = 1")
    assert table_fingerprint(con, "core.u").rows == 4
    assert table_fingerprint(con, "core.u").content != first.content
    con.execute("update core.t set amount = 11 where id = 1")
    assert table_fingerprint(con, "core.t").content != first.content


def test_excluded_columns_are_ignored(con):
    before = table_fingerprint(con, "core.t", exclude={"seen_at"})
    con.execute("update core.t set seen_at = now()::timestamp")
    assert table_fingerprint(con, "core.t", exclude={"seen_at"}) == before
    assert table_fingerprint(con, "core.t") != table_fingerprint(con, "core.t", exclude={"seen_at"})
    with pytest.raises(ValueError):
        table_fingerprint(con, "core.t", exclude={"id", "amount", "tags", "seen_at"})


def test_an_empty_table_has_zero_content(con):
    con.execute("create table core.empty (x integer)")
    assert table_fingerprint(con, "core.empty") == Fingerprint(rows=0, content=0, columns=("x INTEGER",))


def test_warehouse_fingerprints_cover_the_layers_and_leave_out_volatile_columns(tmp_path):
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        warehouse.ensure_schema(con)
        prints = warehouse_fingerprints(con)
    assert "raw.fetch_log" in prints and "core.budget_facts" in prints
    assert not any(c.split()[0] in VOLATILE_COLUMNS for fp in prints.values() for c in fp.columns)
    assert "content_hash VARCHAR" in prints["raw.fetch_log"].columns


def test_differences_name_what_changed():
    a = {"core.x": Fingerprint(1, 5, ("x INTEGER",)), "core.y": Fingerprint(0, 0, ("y INTEGER",))}
    b = {"core.x": Fingerprint(2, 7, ("x INTEGER",)), "core.z": Fingerprint(0, 0, ("z INTEGER",))}
    assert differences(a, b) == ["core.x: rows 1 -> 2, content changed", "core.y: dropped", "core.z: added"]
    assert differences(a, a) == []

"""Re-materialising with the same inputs gives identical tables: fingerprints before and after."""

import pytest
from marts_fixture import build, documents, fact_rows

from pipelines.lib import warehouse
from pipelines.lib.fingerprint import differences, table_fingerprint, warehouse_fingerprints
from pipelines.lib.steps.lines import rebuild_lines
from pipelines.lib.steps.marts import MARTS, build_all_marts, build_mart
from pipelines.lib.steps.reference import load_reference

DERIVED = ("core", "marts")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("idempotence") / "w.duckdb"
    build(path)
    return path


def test_rebuilding_lines_and_marts_twice_gives_identical_tables(built):
    with warehouse.connect(built) as con:
        before = warehouse_fingerprints(con, exclude=frozenset())
        for _ in range(2):
            load_reference(con)
            rebuild_lines(con)
            build_all_marts(con)
        after = warehouse_fingerprints(con, exclude=frozenset())
    assert differences(before, after) == []
    assert before == after
    assert before["core.budget_lines"].rows == 17
    assert all(before[f"marts.{m}"].rows > 0 for m in MARTS)


def test_line_ids_are_stable_across_rebuilds(built):
    with warehouse.connect(built) as con:
        first = con.execute("select line_id, amount from core.budget_lines order by line_id").fetchall()
        rebuild_lines(con)
        second = con.execute("select line_id, amount from core.budget_lines order by line_id").fetchall()
    assert first == second


def test_the_order_facts_arrive_in_does_not_change_any_derived_table(built, tmp_path):
    reversed_path = tmp_path / "reversed.duckdb"
    build(reversed_path, facts=fact_rows(documents())[::-1])
    with warehouse.connect(built, read_only=True) as con:
        a = warehouse_fingerprints(con, schemas=DERIVED)
    with warehouse.connect(reversed_path, read_only=True) as con:
        b = warehouse_fingerprints(con, schemas=DERIVED)
    assert differences(a, b) == []


def test_a_changed_input_changes_the_fingerprints_of_what_depends_on_it(built, tmp_path):
    changed = tmp_path / "changed.duckdb"
    facts = [list(r) for r in fact_rows(documents())]
    for row in facts:
        if row[5] == "50億円":  # critical minerals: ¥5 billion -> ¥6 billion
            row[9], row[24] = 6_000_000_000, 6_000_000_000
    build(changed, facts=[tuple(r) for r in facts])
    with warehouse.connect(built, read_only=True) as con:
        a = warehouse_fingerprints(con, schemas=DERIVED)
    with warehouse.connect(changed, read_only=True) as con:
        b = warehouse_fingerprints(con, schemas=DERIVED)
    changed_tables = {d.split(":")[0] for d in differences(a, b)}
    assert {"core.budget_facts", "core.budget_lines", "marts.sector_totals"} <= changed_tables
    assert "core.fx_rates" not in changed_tables and "marts.investment_tracking" not in changed_tables


def test_a_mart_rebuilt_inside_a_failed_transaction_keeps_its_previous_content(built):
    with warehouse.connect(built) as con:
        before = table_fingerprint(con, "marts.sector_totals")
        con.execute("alter table core.budget_lines rename column sector to sector_gone")
        try:
            with pytest.raises(Exception, match="sector"):
                build_mart(con, "sector_totals")
        finally:
            con.execute("alter table core.budget_lines rename column sector_gone to sector")
        assert table_fingerprint(con, "marts.sector_totals") == before

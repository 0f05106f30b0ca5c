"""A batch whose middle statement fails leaves every table as it was and the connection usable:
through `warehouse.transaction`, and through the real steps with a failure injected into their
second write (ingest, parse, extract, lines, marts)."""

from __future__ import annotations

import dagster as dg
import duckdb
import pytest
from bench_modules import load_bench

from pipelines.definitions import all_assets
from pipelines.defs.resources import CatalogResource, HttpResource, WarehouseResource
from pipelines.lib import warehouse
from pipelines.lib.fingerprint import warehouse_fingerprints
from pipelines.lib.sources.catalog import load_catalog
from pipelines.lib.steps import extract, ingest, lines, marts, parse, tables


def test_transaction_rolls_back_every_statement_of_a_failed_batch(tmp_path):
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        con.execute("create table t (id integer primary key, amount decimal(38, 0))")
        con.execute("insert into t values (1, 100)")
        with pytest.raises(duckdb.Error), warehouse.transaction(con):
            con.execute("insert into t values (2, 200)")
            con.execute("update t set amount = 0 where id = 1")
            con.execute("insert into t values (1, 300)")  # duplicate key: the middle of the batch fails
            con.execute("insert into t values (3, 400)")
        assert con.execute("select * from t").fetchall() == [(1, 100)]
        with warehouse.transaction(con):  # the connection is usable, not stuck in an aborted transaction
            con.execute("insert into t values (2, 200)")
        assert con.execute("select count(*) from t").fetchone()[0] == 2


def test_a_failed_bulk_insert_reports_its_own_error_and_leaves_nothing(tmp_path):
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        con.execute("create table t (id integer, amount decimal(38, 0))")
        with pytest.raises(duckdb.ConversionException), warehouse.transaction(con):
            tables.insert_rows(
                con, "t", ["id", "amount"], [(1, 5)], {"id": "integer", "amount": "decimal(38, 0)"}
            )
            tables.insert_rows(con, "t", ["id", "amount"], [(2, 10**40)], {"amount": "decimal(38, 0)"})
        assert con.execute("select count(*) from t").fetchall() == [(0,)]
        tables.insert_rows(con, "t", ["id", "amount"], [(3, 7)], {"id": "integer"})
        assert con.execute("select id from t").fetchall() == [(3,)]


class Boom(RuntimeError):
    pass


def _fail_on_call(monkeypatch, module, n: int):
    """Make `module.insert_rows` raise on its n-th call (the calls before it really write)."""
    real = module.insert_rows
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == n:
            raise Boom(f"injected failure on insert_rows call {n}")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "insert_rows", flaky)
    return calls


@pytest.fixture
def built(tmp_path):
    """A warehouse built from 24 generated documents, with 12 more waiting in the folders."""
    gen = load_bench("generate")
    catalog = gen.generate(tmp_path / "pack", 24, seed=3, shards=2)
    path = tmp_path / "w.duckdb"
    result = dg.materialize(
        all_assets,
        resources={
            "warehouse": WarehouseResource(path=str(path)),
            "catalog": CatalogResource(path=str(catalog)),
            "http": HttpResource(),
        },
    )
    assert result.success
    gen.generate(tmp_path / "pack", 12, seed=3, start=24, shards=2)
    return path, catalog


def _state(con):
    return warehouse_fingerprints(con)


def test_steps_with_a_failing_second_write_change_nothing_and_then_complete(built, monkeypatch):
    path, catalog_path = built
    catalog = load_catalog(catalog_path)

    def connect():
        return warehouse.connect(path)

    # ingest: the first batch's new bodies are written, then its fetch-log insert fails (the
    # catalog is unchanged, so raw.sources is not rewritten; batches after it: tests/test_ingest_batches.py)
    with connect() as con:
        before = _state(con)
    calls = _fail_on_call(monkeypatch, ingest, 1)
    with pytest.raises(Boom):
        ingest.ingest_catalog(connect, catalog, None, "run-x")
    assert calls["n"] == 1
    monkeypatch.undo()
    with connect() as con:
        assert _state(con) == before
    ingest.ingest_catalog(connect, catalog, None, "run-y")

    with connect() as con:
        assert con.execute("select count(*) from raw.documents").fetchall() == [(36,)]
        for step, module, table, call in (
            (parse.parse_pending, parse, "staging.documents", 2),
            (extract.extract_pending_mentions, extract, "staging.figure_mentions", 2),
            (extract.extract_pending_facts, extract, "core.budget_facts", 2),
            (lines.rebuild_lines, lines, "core.budget_lines", 3),
        ):
            before = _state(con)
            calls = _fail_on_call(monkeypatch, module, call)
            with pytest.raises(Boom):
                step(con)
            assert calls["n"] == call, step.__name__  # the failure hit after real writes in the batch
            assert _state(con) == before, step.__name__
            monkeypatch.undo()
            step(con)
            assert _state(con)[table] != before[table], step.__name__

        # a mart: its `create or replace` runs, then something fails before COMMIT
        before = _state(con)
        real_run = marts.run_sql_file

        def run_then_fail(c, relative, params=None):
            real_run(c, relative, params)
            assert c.execute("select count(*) from marts.sector_totals").fetchall()[0][0] >= 0
            raise Boom("after the replace")

        monkeypatch.setattr(marts, "run_sql_file", run_then_fail)
        with pytest.raises(Boom):
            marts.build_mart(con, "sector_totals")
        monkeypatch.undo()
        assert _state(con) == before
        assert marts.build_mart(con, "sector_totals") > 0  # usable


def _raise_always(*args, **kwargs):
    raise Boom("injected failure")

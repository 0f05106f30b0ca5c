"""The whole asset graph on the bundled sample pack, into a temporary warehouse."""

from decimal import Decimal

import dagster as dg
import pytest

from pipelines.definitions import all_assets
from pipelines.defs.resources import SAMPLE_CATALOG, CatalogResource, HttpResource, WarehouseResource
from pipelines.lib import warehouse


def materialise(path, catalog=SAMPLE_CATALOG):
    return dg.materialize(
        all_assets,
        resources={
            "warehouse": WarehouseResource(path=str(path)),
            "catalog": CatalogResource(path=str(catalog)),
            "http": HttpResource(),
        },
        raise_on_error=False,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("e2e") / "w.duckdb"
    result = materialise(path)
    assert result.success
    return path


@pytest.fixture
def con(built):
    with warehouse.connect(warehouse.snapshot_path(built), read_only=True) as con:
        yield con


def one(con, sql, *params):
    rows = con.execute(sql, list(params)).fetchall()
    assert len(rows) == 1, rows
    return rows[0]


def test_every_asset_materialised_and_every_document_stored_once(con):
    assert one(con, "select count(*) from raw.documents")[0] >= 20
    # the feed's items are also listed as pages: the same bytes are one document
    assert one(con, "select count(*) = count(distinct content_hash) from raw.documents")[0]
    assert one(con, "select count(*) from staging.documents where error is not null")[0] == 0
    for table in (
        "core.budget_facts",
        "core.budget_lines",
        "marts.sector_totals",
        "marts.investment_tracking",
    ):
        assert one(con, f"select count(*) from {table}")[0] > 0, table


def test_shift_jis_page_keeps_its_amounts(con):
    text = one(
        con, "select text from staging.documents where url like '%kabuto-shimpo%' and text like '%累計%'"
    )[0]
    assert "1兆7225億円" in text and "①" in text


def test_meti_fy2026_chips_and_ai_line_is_one_line_reported_by_several_sources(con):
    amount, n_sources, stage = one(
        con,
        "select amount, n_sources, stage from core.budget_lines where government = 'Japan' "
        "and fiscal_year = 2026 and sector = 'mixed' and kind = 'allocation' and amount between ? and ?",
        1_230_000_000_000,
        1_239_000_000_000,
    )
    assert amount == Decimal(1_239_000_000_000)  # the ministry's exact figure beats the rounded news figure
    assert n_sources >= 4
    assert stage == "draft"


def test_rapidus_equity_by_year_and_reported_cumulative(con):
    rows = con.execute(
        "select fiscal_year, amount_jpy, reported_cumulative_jpy from marts.investment_tracking "
        "where recipient = 'Rapidus' and instrument = 'equity' order by fiscal_year"
    ).fetchall()
    by_year = {fy: amount for fy, amount, _ in rows}
    assert by_year[2026] == Decimal(150_000_000_000)
    assert {reported for *_, reported in rows} == {Decimal(250_000_000_000)}


def test_critical_minerals_total_for_fy2026(con):
    total = one(
        con,
        "select sum(total_jpy) from marts.sector_totals where government = 'Japan' and fiscal_year = 2026 "
        "and sector = 'critical_minerals' and stage = 'draft'",
    )[0]
    assert total == Decimal(5_000_000_000)


def test_planted_disagreement_on_the_ai_line_is_a_conflict(con):
    rows = con.execute(
        "select amount_a, amount_b from core.fact_conflicts where sector = 'ai' and fiscal_year = 2026"
    ).fetchall()
    assert {frozenset((int(a), int(b))) for a, b in rows} >= {frozenset((387_300_000_000, 378_300_000_000))}


def test_distractor_pages_give_no_budget_facts(con):
    rows = con.execute(
        """
        select f.as_written, f.kind from core.budget_facts as f
        join staging.documents as d on f.document = d.document_id
        where (d.url like '%tsmc-third-quarter%' or d.url like '%sakana%' or d.url like '%forecast%')
          and f.kind <> 'other'
        """
    ).fetchall()
    assert rows == []


def test_a_second_run_is_idempotent(built):
    def fingerprint():
        with warehouse.connect(built, read_only=True) as con:
            return {
                t: con.execute(f"select count(*), sum(hash(x)) from {t} as x").fetchone()
                for t in (
                    "raw.documents",
                    "staging.documents",
                    "staging.figure_mentions",
                    "core.budget_facts",
                    "core.budget_lines",
                    "core.budget_line_sources",
                    "core.fact_conflicts",
                    "marts.sector_totals",
                    "marts.investment_tracking",
                )
            }

    before = fingerprint()
    assert materialise(built).success
    assert fingerprint() == before


def test_bad_inputs_are_recorded_errors_not_a_failed_run(tmp_path):
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "empty.txt").write_bytes(b"")
    (drop / "garbage.pdf").write_bytes(bytes(range(256)) * 40)
    (drop / "truncated.html").write_text(
        "<html><head><title>METI budget</title></head><body><p>METI requests ¥150 billion for Rap",
        encoding="utf-8",
    )
    (drop / "good.txt").write_text(
        "The industry ministry will provide ¥150 billion to Rapidus in fiscal 2026 as equity.",
        encoding="utf-8",
    )
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(
        f"""
version: 1
name: bad-inputs
sources:
  - id: drop
    name: a folder with bad files
    kind: folder
    path: {drop}
    language: en
    government: Japan
    agency: METI
    publisher_type: other
""",
        encoding="utf-8",
    )
    path = tmp_path / "w.duckdb"
    assert materialise(path, catalog).success
    with warehouse.connect(path, read_only=True) as con:
        docs = dict(
            con.execute("select regexp_extract(url, '[^/]+$'), error from staging.documents").fetchall()
        )
        assert docs["garbage.pdf"] and docs["empty.txt"]
        assert docs["good.txt"] is None
        facts = con.execute(
            "select amount, recipient from core.budget_facts where kind <> 'other'"
        ).fetchall()
        assert (Decimal(150_000_000_000), "Rapidus") in facts

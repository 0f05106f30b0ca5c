"""The data dictionary (sql/DICTIONARY.md) against the catalog of a freshly built warehouse."""

import re

import pytest

from pipelines.lib import warehouse
from pipelines.lib.steps.lines import rebuild_lines
from pipelines.lib.steps.marts import MARTS, build_all_marts
from pipelines.lib.steps.reference import load_reference

DICTIONARY = warehouse.SQL_DIR / "DICTIONARY.md"
FLOATING = ("DOUBLE", "FLOAT", "REAL")


def parse_dictionary(text: str) -> dict[str, dict[str, tuple[str, str]]]:
    """{table: {column: (type, description)}} from `## schema.table` sections and their tables."""
    tables: dict[str, dict[str, tuple[str, str]]] = {}
    current = None
    for line in text.splitlines():
        heading = re.match(r"^## (\w+\.\w+)\s*$", line)
        if heading:
            current = tables.setdefault(heading.group(1), {})
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if current is None or len(cells) != 3 or cells[0] in ("column", "") or set(cells[0]) <= {"-"}:
            continue
        assert cells[0] not in current, f"column {cells[0]} described twice"
        current[cells[0]] = (cells[1], cells[2])
    return tables


@pytest.fixture(scope="module")
def catalog(tmp_path_factory) -> dict[str, dict[str, str]]:
    path = tmp_path_factory.mktemp("dictionary") / "w.duckdb"
    with warehouse.connect(path) as con:
        warehouse.ensure_schema(con)
        load_reference(con)
        rebuild_lines(con)
        build_all_marts(con)
        rows = con.execute(
            "select table_schema, table_name, column_name, data_type from information_schema.columns "
            "where table_catalog = current_database() order by table_schema, table_name, ordinal_position"
        ).fetchall()
    out: dict[str, dict[str, str]] = {}
    for schema, table, column, data_type in rows:
        out.setdefault(f"{schema}.{table}", {})[column] = data_type
    return out


@pytest.fixture(scope="module")
def dictionary() -> dict[str, dict[str, tuple[str, str]]]:
    return parse_dictionary(DICTIONARY.read_text(encoding="utf-8"))


def test_every_layer_and_mart_is_built(catalog):
    assert {name.split(".")[0] for name in catalog} == set(warehouse.LAYERS)
    assert {f"marts.{m}" for m in MARTS} <= set(catalog)


def test_every_table_of_the_warehouse_is_described_and_nothing_else(catalog, dictionary):
    assert sorted(set(catalog) - set(dictionary)) == [], "tables missing from the dictionary"
    assert sorted(set(dictionary) - set(catalog)) == [], "tables described that do not exist"


def test_every_column_is_described_with_its_type_and_nothing_else(catalog, dictionary):
    problems = []
    for table in sorted(set(catalog) & set(dictionary)):
        actual, described = catalog[table], dictionary[table]
        problems += [f"{table}.{c}: not in the dictionary" for c in actual if c not in described]
        problems += [f"{table}.{c}: described but absent" for c in described if c not in actual]
        problems += [
            f"{table}.{c}: type {actual[c]}, dictionary says {described[c][0]}"
            for c in actual
            if c in described and described[c][0] != actual[c]
        ]
        problems += [f"{table}.{c}: empty description" for c, (_, d) in described.items() if len(d) < 5]
    assert problems == []


def test_no_column_of_the_warehouse_is_floating_point(catalog):
    floating = [
        f"{table}.{column} {data_type}"
        for table, columns in catalog.items()
        for column, data_type in columns.items()
        if any(data_type.startswith(f) for f in FLOATING)
    ]
    assert floating == []


def test_money_columns_are_decimal_with_no_fraction(catalog):
    money = re.compile(
        r"^(amount|amount_\w+|\w+_jpy|\w+_usd|\w+_amount|\w+_amount_jpy|(min|max)_reported|total_local)$"
    )
    checked = 0
    for table, columns in catalog.items():
        for column, data_type in columns.items():
            if money.match(column) and column != "per_usd":  # per_usd is an exchange rate
                checked += 1
                assert data_type in ("DECIMAL(38,0)", "HUGEINT"), f"{table}.{column} is {data_type}"
    assert checked >= 38  # every amount of every layer (a guard against a pattern matching nothing)


def test_the_parser_reads_a_section_and_rejects_a_repeated_column():
    text = "## core.x\n\n| column | type | description |\n|---|---|---|\n| a | INTEGER | An a. |\n"
    assert parse_dictionary(text) == {"core.x": {"a": ("INTEGER", "An a.")}}
    with pytest.raises(AssertionError):
        parse_dictionary(text + "| a | INTEGER | Again. |\n")

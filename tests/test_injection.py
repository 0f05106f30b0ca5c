"""SQL in source names, file names, titles and text is data: stored verbatim through the pipeline,
and the warehouse's catalog of tables and columns is exactly what a harmless run creates."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import dagster as dg
import pytest
import yaml

from pipelines.definitions import all_assets
from pipelines.defs.resources import CatalogResource, HttpResource, WarehouseResource
from pipelines.lib import warehouse

DROP = "'; drop table core.budget_facts; --"
QUOTES = "＇＂ \" ' `"
NAME = f"Ministry {DROP} {QUOTES}"
ESCAPED_NAME = NAME.replace("'", "''")  # as a user types it in SQL
AGENCY = 'METI"); delete from raw.sources; --'
TITLE = f"Chip aid {DROP} plans ＂quoted＂ and ＇single＇"
SENTENCE = (
    f"The ministry set aside 420 billion yen for advanced semiconductors in the fiscal 2026 budget "
    f"draft {DROP} {QUOTES} officials said."
)
FILE = "it's ＂a＂ file; drop table raw.documents; --.html"


def _page(title: str, sentence: str) -> str:
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{sentence}</p><p>The cabinet approved the draft on Friday in Tokyo after a long "
        "debate among ministers about the size of the package.</p></article></body></html>"
    )


def _run(tmp_path: Path, name: str, agency: str, files: dict[str, str]) -> Path:
    folder = tmp_path / "drop"
    folder.mkdir(parents=True)
    for file, page in files.items():
        (folder / file).write_text(page, encoding="utf-8")
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(
        yaml.safe_dump(
            {
                "version": 1,
                "name": "injection",
                "sources": [
                    {
                        "id": "drop-folder",
                        "name": name,
                        "kind": "folder",
                        "path": "drop",
                        "government": "Japan",
                        "agency": agency,
                        "publisher_type": "ministry",
                    }
                ],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    path = tmp_path / "w.duckdb"
    result = dg.materialize(
        all_assets,
        resources={
            "warehouse": WarehouseResource(path=str(path)),
            "catalog": CatalogResource(path=str(catalog)),
            "http": HttpResource(),
        },
        raise_on_error=False,
    )
    assert result.success
    return path


def _schema(path: Path) -> set[tuple]:
    with warehouse.connect(path, read_only=True) as con:
        return set(
            con.execute(
                "select table_schema, table_name, table_type from information_schema.tables"
            ).fetchall()
        ) | set(
            con.execute(
                "select table_schema, table_name, column_name, data_type from information_schema.columns"
            ).fetchall()
        )


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    hostile = _run(
        tmp_path_factory.mktemp("hostile"),
        NAME,
        AGENCY,
        {FILE: _page(TITLE, SENTENCE), "plain.html": _page("Grid aid", "Japan set aside 38 billion yen.")},
    )
    harmless = _run(
        tmp_path_factory.mktemp("harmless"),
        "Ministry releases",
        "METI",
        {"a.html": _page("Chip aid", "The ministry set aside 420 billion yen for chips in fiscal 2026.")},
    )
    return hostile, harmless


def test_the_catalog_of_tables_is_unchanged(runs):
    hostile, harmless = runs
    assert _schema(hostile) == _schema(harmless)
    assert _schema(warehouse.snapshot_path(hostile)) == _schema(harmless)


@pytest.mark.parametrize("published", [False, True], ids=["warehouse", "published-snapshot"])
def test_names_titles_file_names_and_text_are_stored_verbatim(runs, published):
    hostile, _ = runs
    path = warehouse.snapshot_path(hostile) if published else hostile
    with warehouse.connect(path, read_only=True) as con:
        assert con.execute("select name, agency from raw.sources").fetchall() == [(NAME, AGENCY)]
        urls = [u for (u,) in con.execute("select url from raw.source_urls").fetchall()]
        assert any(unquote(u).endswith("/" + FILE) for u in urls), urls
        title, text = con.execute(
            "select title, text from staging.documents where text like '%420 billion%'"
        ).fetchone()
        assert title == TITLE
        assert SENTENCE in text
        facts = con.execute(
            "select as_written, sentence, agency from core.budget_facts where amount = 420000000000"
        ).fetchall()
        assert facts and all(DROP in sentence and QUOTES in sentence for _, sentence, _ in facts)
        assert con.execute("select count(*) from raw.documents").fetchone()[0] == 2
        assert con.execute("select count(*) from core.budget_facts").fetchone()[0] >= 2


def test_published_snapshot_refuses_writes_and_files_through_the_query_command(runs, capsys):
    from pipelines.cli import main

    hostile, _ = runs
    snapshot = str(warehouse.snapshot_path(hostile))
    assert main(["query", "--database", snapshot, "drop table core.budget_facts"]) == 1
    assert main(["query", "--database", snapshot, "select * from read_csv('/etc/passwd')"]) == 1
    assert (
        main(
            [
                "query",
                "--database",
                snapshot,
                f"select count(*) from raw.sources where name = '{ESCAPED_NAME}'",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "1" in out.splitlines()[-1]
    with warehouse.connect(snapshot, read_only=True) as con:
        assert con.execute("select count(*) from core.budget_facts").fetchone()[0] >= 2

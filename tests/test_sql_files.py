"""Named SQL statements (sql/queries, loaded by `pipelines.lib.sql_files.query`): every file is used by
some code, every name the code asks for exists, one statement per file, none run at schema set-up."""

import ast
from pathlib import Path

import pytest

from pipelines.lib import warehouse
from pipelines.lib.sql_files import QUERIES_DIR, query

ROOT = Path(__file__).resolve().parents[1]
CALLERS = ("query", "q")  # `sql_files.query` and the step helpers that wrap it (`self.q(name)`)


def query_files() -> set[str]:
    return {path.relative_to(QUERIES_DIR).with_suffix("").as_posix() for path in QUERIES_DIR.rglob("*.sql")}


def names_in_code() -> dict[str, list[str]]:
    """Every string literal passed first to a call of `query(...)` or `<x>.q(...)`, with where it is."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "pipelines").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = (
                func.id
                if isinstance(func, ast.Name)
                else func.attr
                if isinstance(func, ast.Attribute)
                else ""
            )
            arg = node.args[0]
            if name in CALLERS and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.setdefault(arg.value, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_the_lines_step_keeps_its_statements_in_files():
    assert {name for name in query_files() if name.startswith("lines/")}


def test_every_query_file_is_used_by_some_code():
    unused = query_files() - set(names_in_code())
    assert not unused, f"files under sql/queries that no code names: {sorted(unused)}"


def test_every_name_the_code_asks_for_exists():
    missing = {name: where for name, where in names_in_code().items() if name not in query_files()}
    assert not missing, f"query names without a file: {missing}"


def test_each_file_holds_one_statement():
    for name in sorted(query_files()):
        statements = warehouse.split_statements((QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8"))
        assert len(statements) == 1, name
        assert not query(name).endswith(";"), name


def test_queries_are_not_part_of_the_schema_set_up():
    statements, _ = warehouse._schema_statements()
    texts = {query(name) for name in query_files()}
    assert not texts & {s.strip() for s in statements}
    assert all(
        QUERIES_DIR not in path.parents for layer in warehouse.LAYERS for path in warehouse.sql_files(layer)
    )


def test_an_unknown_name_is_an_error():
    with pytest.raises(FileNotFoundError):
        query("lines/no_such_statement")

"""Named SQL statements kept in `sql/queries/<name>.sql`, one statement per file.

`query("lines/delete_lines")` returns the text of `sql/queries/lines/delete_lines.sql`. These files are
run by the code that names them, never at schema set-up (`warehouse.ensure_schema` reads only the
raw, staging and core folders).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

SQL_DIR = Path(__file__).resolve().parents[2] / "sql"
QUERIES_DIR = SQL_DIR / "queries"


@cache
def query(name: str) -> str:
    """The statement of `sql/queries/<name>.sql` (read once per process), without its final `;`."""
    path = QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise FileNotFoundError(f"no SQL file {path}")
    return path.read_text(encoding="utf-8").strip().removesuffix(";").rstrip()


def quote_identifier(name: str) -> str:
    """`name` as a SQL identifier ("a""b" for a"b), for names that cannot be parameters."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    """`text` as a SQL string literal ('it''s'), for statements that take no parameters (ATTACH, COMMENT)."""
    return "'" + text.replace("'", "''") + "'"

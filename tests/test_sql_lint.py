"""Every SQL file under sql/ passes sqlfluff (duckdb dialect, configured in pyproject.toml)."""

import subprocess
import sys
from pathlib import Path

from pipelines.lib.warehouse import SQL_DIR

ROOT = Path(__file__).resolve().parents[1]


def test_sql_files_exist_for_every_layer():
    for layer in ("raw", "staging", "core", "marts"):
        assert list((SQL_DIR / layer).glob("*.sql")), layer


def test_sqlfluff_lint_is_clean():
    sqlfluff = Path(sys.executable).with_name("sqlfluff")
    result = subprocess.run(
        [str(sqlfluff), "lint", "sql/", "--disable-progress-bar", "--nocolor"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_every_table_statement_is_lowercase_and_one_per_file():
    for path in sorted(SQL_DIR.glob("*/*.sql")):
        if path.parent.name == "checks":
            continue
        text = path.read_text(encoding="utf-8")
        creates = [line for line in text.splitlines() if line.lstrip().lower().startswith("create ")]
        assert len(creates) == 1, f"{path}: {len(creates)} create statements"
        assert creates[0] == creates[0].lower(), path

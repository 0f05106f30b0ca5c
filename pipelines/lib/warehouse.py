"""DuckDB access for budgetwatch: short-lived connections, bounded lock waits, explicit transactions,
SQL loaded from files under `sql/`, and the read-only snapshot that users query.

DuckDB lets one process write a file and blocks other processes (readers included) while it does
(see FIELD_NOTES). So: every connection is opened for one unit of work and closed in `finally`;
a locked file is retried for a bounded time and then fails with a clear message; writes run inside
`BEGIN ... COMMIT` (DuckDB 2.0 auto-commits each statement of a multi-statement string); after a
successful write phase the pipeline publishes a snapshot file that readers open instead.
"""

from __future__ import annotations

import glob
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import duckdb

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SQL_DIR = PROJECT_ROOT / "sql"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "warehouse" / "budgetwatch.duckdb"
LAYERS = ("raw", "staging", "core", "marts")
DEFAULT_LOCK_TIMEOUT_S = 60.0


class WarehouseLockedError(RuntimeError):
    """Another process held the DuckDB file for longer than the lock timeout."""


def warehouse_path() -> Path:
    """The warehouse file: `$BUDGETWATCH_WAREHOUSE` or `warehouse/budgetwatch.duckdb`."""
    return Path(os.environ.get("BUDGETWATCH_WAREHOUSE") or DEFAULT_WAREHOUSE)


def snapshot_path(path: Path | None = None) -> Path:
    """The published read-only copy that users and reports query (`<name>.published.duckdb`)."""
    path = Path(path or warehouse_path())
    return path.with_name(path.stem + ".published" + path.suffix)


def read_sql(relative: str) -> str:
    """The text of `sql/<relative>` (e.g. `marts/sector_totals.sql`)."""
    return (SQL_DIR / relative).read_text(encoding="utf-8")


def sql_files(layer: str) -> list[Path]:
    """The `.sql` files of one layer folder, in name order (a numeric prefix sets the order)."""
    return sorted((SQL_DIR / layer).glob("*.sql"))


def split_statements(sql: str) -> list[str]:
    """Statements of a file, split on `;` at line ends (our SQL files keep one statement per `;`)."""
    body = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
    return [s.strip() for s in re.split(r";\s*(?:\n|$)", body) if s.strip()]


@contextmanager
def connect(
    path: Path | str | None = None,
    *,
    read_only: bool = False,
    lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S,
    external_access: bool = True,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse for one unit of work and always close it.

    A file locked by another process is retried with backoff for at most `lock_timeout_s` seconds;
    then `WarehouseLockedError` names the file and the wait.
    """
    path = Path(path or warehouse_path())
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    config = {"python_enable_replacements": False}
    if not external_access:
        config["enable_external_access"] = False
    started = time.monotonic()
    deadline = started + lock_timeout_s
    delay = 0.05
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only, config=config)
            break
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WarehouseLockedError(
                    f"{path} is locked by another process; waited {time.monotonic() - started:.1f}s "
                    f"(lock timeout {lock_timeout_s:g}s). Close other read-write sessions on this file "
                    "(query the published snapshot instead)."
                ) from exc
            time.sleep(min(delay, remaining))
            delay = min(delay * 2, 2.0)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN ... COMMIT, or ROLLBACK on any error (leaving the connection usable)."""
    con.execute("begin transaction")
    try:
        yield con
        con.execute("commit")
    except BaseException:
        # also after a failed COMMIT, which would otherwise leave the connection aborted
        with suppress(duckdb.Error):
            con.execute("rollback")
        raise


def run_sql_file(con: duckdb.DuckDBPyConnection, relative: str, params: dict | None = None) -> None:
    """Execute every statement of `sql/<relative>` on `con` (call inside `transaction`)."""
    for statement in split_statements(read_sql(relative)):
        if params:
            con.execute(statement, params)
        else:
            con.execute(statement)


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create schemas and every raw/staging/core table that does not exist yet (idempotent)."""
    with transaction(con):
        for layer in LAYERS:
            con.execute(f"create schema if not exists {layer}")
        for layer in ("raw", "staging", "core"):
            for path in sql_files(layer):
                for statement in split_statements(path.read_text(encoding="utf-8")):
                    con.execute(statement)


def table_exists(con: duckdb.DuckDBPyConnection, qualified: str) -> bool:
    schema, name = qualified.split(".")
    row = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, name],
    ).fetchone()
    return bool(row and row[0])


def checkpoint(con: duckdb.DuckDBPyConnection) -> None:
    """Fold the WAL into the file so no WAL is left to replay after a crash."""
    con.execute("checkpoint")


def publish_snapshot(path: Path | None = None, *, lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S) -> Path:
    """Copy the warehouse into `<name>.published.duckdb` atomically (write a temp file, then rename).

    Readers holding the old snapshot keep reading it; new connections see the new one.
    """
    path = Path(path or warehouse_path())
    target = snapshot_path(path)
    tmp = target.with_name(target.name + f".tmp{os.getpid()}")
    for leftover in target.parent.glob(glob.escape(target.name) + ".tmp*"):
        leftover.unlink(missing_ok=True)  # ours, or left by a publish that was killed
    with connect(path, lock_timeout_s=lock_timeout_s) as con:
        source = con.execute("select current_database()").fetchone()[0]
        quoted = tmp.as_posix().replace("'", "''")
        con.execute(f"attach '{quoted}' as snap")
        try:
            con.execute(f'copy from database "{source}" to snap')
        finally:
            con.execute("detach snap")
    os.replace(tmp, target)
    return target

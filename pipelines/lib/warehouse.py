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
import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

from pipelines.lib.sql_files import SQL_DIR, query

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_WAREHOUSE = PROJECT_ROOT / "warehouse" / "budgetwatch.duckdb"
LAYERS = ("raw", "staging", "core", "marts")
DEFAULT_LOCK_TIMEOUT_S = 60.0
# DuckDB's own cap on the memory it manages (its cache of table blocks grows to 80% of RAM by default,
# so a step's memory would grow with the warehouse); above it, DuckDB evicts or spills to disk
DEFAULT_DUCKDB_MEMORY = "512MB"


class WarehouseLockedError(RuntimeError):
    """Another process held the DuckDB file for longer than the lock timeout."""


def duckdb_memory_limit() -> str:
    """DuckDB's memory limit per connection: `$BUDGETWATCH_DUCKDB_MEMORY` (e.g. `2GB`) or 512MB."""
    return os.environ.get("BUDGETWATCH_DUCKDB_MEMORY") or DEFAULT_DUCKDB_MEMORY


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
    config = {"python_enable_replacements": False, "memory_limit": duckdb_memory_limit()}
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


_CREATE_TABLE = re.compile(r"create table if not exists ([a-z_]+)\.([a-z_][a-z0-9_]*)\b", re.I)


def _schema_statements() -> tuple[tuple[str, ...], frozenset[tuple[str, str]] | None]:
    """The DDL of the raw/staging/core files, and the (schema, table) names they create (None when
    a file holds anything but `create table if not exists`, which then always runs). Read again
    whenever a file is added, removed or edited."""
    files = [path for layer in ("raw", "staging", "core") for path in sql_files(layer)]
    return _parse_schema_files(tuple((path, path.stat().st_mtime_ns) for path in files))


@cache
def _parse_schema_files(
    files: tuple[tuple[Path, int], ...],
) -> tuple[tuple[str, ...], frozenset[tuple[str, str]] | None]:
    statements = tuple(
        statement for path, _ in files for statement in split_statements(path.read_text(encoding="utf-8"))
    )
    names = [_CREATE_TABLE.match(st) for st in statements]
    if not all(names):
        return statements, None
    return statements, frozenset((m.group(1).lower(), m.group(2).lower()) for m in names)


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create schemas and every raw/staging/core table that does not exist yet (idempotent).
    When they all exist (every run but the first) this costs two catalog queries, no transaction."""

    statements, tables = _schema_statements()
    if tables is not None:
        schemas = {name.lower() for (name,) in con.execute(query("warehouse/schema_names")).fetchall()}
        present = {
            (schema.lower(), name.lower())
            for schema, name in con.execute(query("warehouse/table_names")).fetchall()
        }
        if set(LAYERS) <= schemas and tables <= present:
            return
    with transaction(con):
        for layer in LAYERS:
            con.execute(f"create schema if not exists {layer}")
        for statement in statements:
            con.execute(statement)


def table_exists(con: duckdb.DuckDBPyConnection, qualified: str) -> bool:

    schema, name = qualified.split(".")
    row = con.execute(query("warehouse/count_tables_named"), [schema, name]).fetchone()
    return bool(row and row[0])


def checkpoint(con: duckdb.DuckDBPyConnection) -> None:
    """Fold the WAL into the file so no WAL is left to replay after a crash."""
    con.execute("checkpoint")


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def content_fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """A digest of everything a snapshot copies: every table of the database with its columns and
    types, its comment, its row count and an order-independent hash of all its rows (no column
    left out), and the definition of every view. Equal digests mean equal contents."""

    digest = hashlib.sha256()
    for schema, table, comment in con.execute(query("warehouse/tables_with_comments")).fetchall():
        columns = con.execute(query("warehouse/columns_of_table"), [schema, table]).fetchall()
        rows, content = con.execute(
            f"select count(*), coalesce(sum(hash(r)), 0)::hugeint from {_quote(schema)}.{_quote(table)} as r"
        ).fetchone()
        digest.update(repr((schema, table, comment, columns, int(rows), int(content))).encode())
    for (sql,) in con.execute(query("warehouse/view_definitions")).fetchall():
        digest.update(repr(("view", sql)).encode())
    return digest.hexdigest()


def _fingerprint_file(snapshot: Path) -> Path:
    return snapshot.with_name(snapshot.name + ".fingerprint")


def _identity(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns]


def published_fingerprint(path: Path | None = None) -> str | None:
    """The content fingerprint of the published snapshot, as recorded when it was written; None when
    unknown (no snapshot, no record, or a snapshot file that is not the one the record describes)."""
    target = snapshot_path(path)
    try:
        record = json.loads(_fingerprint_file(target).read_text(encoding="utf-8"))
        if record.get("snapshot") != _identity(target):
            return None
    except (OSError, ValueError, AttributeError):
        return None
    fingerprint = record.get("fingerprint")
    return fingerprint if isinstance(fingerprint, str) else None


def _clear_leftovers(target: Path) -> None:
    """Delete temp files of the snapshot and of its record (call with the warehouse lock held)."""
    for name in (target.name, _fingerprint_file(target).name):
        for leftover in target.parent.glob(glob.escape(name) + ".tmp*"):
            leftover.unlink(missing_ok=True)  # ours, or left by a publish that was killed


def _copy_to_snapshot(con: duckdb.DuckDBPyConnection, path: Path, fingerprint: str) -> Path:
    """Copy the database open on `con` into the snapshot of `path` (temp file, then rename), and
    record the fingerprint of what was copied beside it."""
    target = snapshot_path(path)
    tmp = target.with_name(target.name + f".tmp{os.getpid()}")
    record = _fingerprint_file(target)
    source = con.execute("select current_database()").fetchone()[0]
    quoted = tmp.as_posix().replace("'", "''")
    con.execute(f"attach '{quoted}' as snap")
    try:
        con.execute(f'copy from database "{source}" to snap')
    finally:
        con.execute("detach snap")
    # the record describes one snapshot file: drop it before the swap, write it after, so a kill
    # in between leaves no record (the next run publishes again) rather than a wrong one
    record.unlink(missing_ok=True)
    os.replace(tmp, target)
    record_tmp = record.with_name(record.name + f".tmp{os.getpid()}")
    record_tmp.write_text(
        json.dumps({"fingerprint": fingerprint, "snapshot": _identity(target)}), encoding="utf-8"
    )
    os.replace(record_tmp, record)
    return target


def publish_snapshot(path: Path | None = None, *, lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S) -> Path:
    """Copy the warehouse into `<name>.published.duckdb` atomically (write a temp file, then rename).

    Readers holding the old snapshot keep reading it; new connections see the new one.
    """
    path = Path(path or warehouse_path())
    with connect(path, lock_timeout_s=lock_timeout_s) as con:
        _clear_leftovers(snapshot_path(path))
        checkpoint(con)
        return _copy_to_snapshot(con, path, content_fingerprint(con))


@dataclass
class Publication:
    """What `publish_if_changed` did: the snapshot path, whether it was written, and the content
    fingerprint it holds."""

    path: Path
    published: bool
    fingerprint: str


def publish_if_changed(
    path: Path | None = None,
    *,
    audit: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
    lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S,
) -> Publication:
    """Publish the snapshot unless it already holds exactly what the warehouse holds.

    One connection does it all, so nothing can be written in between: the warehouse's content
    fingerprint is compared with the one recorded for the published snapshot; when they are
    equal, nothing is copied (and `audit` is not run: that content passed it when it was
    published). Otherwise `audit(con)` runs (it raises to stop the publish) and the warehouse is
    checkpointed and copied.
    """
    path = Path(path or warehouse_path())
    with connect(path, lock_timeout_s=lock_timeout_s) as con:
        _clear_leftovers(snapshot_path(path))  # under the lock: no other publish is under way
        fingerprint = content_fingerprint(con)
        if fingerprint == published_fingerprint(path):
            return Publication(snapshot_path(path), False, fingerprint)
        if audit is not None:
            audit(con)
        checkpoint(con)
        return Publication(_copy_to_snapshot(con, path, fingerprint), True, fingerprint)

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
import json
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

from pipelines.lib import snapshot_patch
from pipelines.lib.sql_files import SQL_DIR, query, quote_literal

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_WAREHOUSE = PROJECT_ROOT / "warehouse" / "budgetwatch.duckdb"
LAYERS = ("raw", "staging", "core", "marts")
DEFAULT_LOCK_TIMEOUT_S = 60.0
# DuckDB's own cap on the memory it manages (its cache of table blocks grows to 80% of RAM by default,
# so a step's memory would grow with the warehouse); above it, DuckDB evicts or spills to disk. A
# 10,000-document run already fills 256MB in some steps, so a larger warehouse adds no cache on top;
# 160MB is too little for what DuckDB cannot spill at 100,000 documents (bench/README.md, section 2)
DEFAULT_DUCKDB_MEMORY = "256MB"


class WarehouseLockedError(RuntimeError):
    """Another process held the DuckDB file for longer than the lock timeout."""


def duckdb_memory_limit() -> str:
    """DuckDB's memory limit per connection: `$BUDGETWATCH_DUCKDB_MEMORY` (e.g. `2GB`) or 256MB."""
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


def content_fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """A digest of everything a snapshot copies: every schema; every table of the database with its
    CREATE statement (columns, types, defaults, constraints), its comment, its row count and an
    order-independent hash of all its rows (no column left out); the definition of every view.
    Equal digests mean equal contents."""
    return snapshot_patch.fingerprint_of_parts(snapshot_patch.content_parts(con))


def _fingerprint_file(snapshot: Path) -> Path:
    return snapshot.with_name(snapshot.name + ".fingerprint")


def _wal_file(database: Path) -> Path:
    return database.with_name(database.name + ".wal")


def _identity(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns]


def _published_record(path: Path | None = None) -> dict | None:
    """The record beside the published snapshot, when it describes that very file: same device,
    inode, size and modification time, and no WAL beside it (someone wrote to the snapshot). None
    when there is no snapshot or no such record."""
    target = snapshot_path(path)
    try:
        record = json.loads(_fingerprint_file(target).read_text(encoding="utf-8"))
        if not isinstance(record, dict) or record.get("snapshot") != _identity(target):
            return None
    except (OSError, ValueError):
        return None
    if _wal_file(target).exists():
        return None
    return record


def published_fingerprint(path: Path | None = None) -> str | None:
    """The content fingerprint of the published snapshot, as recorded when it was written; None when
    unknown (no snapshot, no record, or a snapshot file that is not the one the record describes)."""
    record = _published_record(path)
    fingerprint = record.get("fingerprint") if record else None
    return fingerprint if isinstance(fingerprint, str) else None


def _published_parts(path: Path) -> dict[str, str] | None:
    """The per-object digests recorded for the published snapshot, when the record describes it and
    agrees with its own fingerprint."""
    record = _published_record(path)
    parts = record.get("parts") if record else None
    if not isinstance(parts, dict) or not all(isinstance(v, str) for v in parts.values()):
        return None
    if snapshot_patch.fingerprint_of_parts(parts) != record.get("fingerprint"):
        return None
    return parts


def _clear_leftovers(target: Path) -> None:
    """Delete temp files of the snapshot and of its record (call with the warehouse lock held)."""
    for name in (target.name, _fingerprint_file(target).name):
        for leftover in target.parent.glob(glob.escape(name) + ".tmp*"):
            leftover.unlink(missing_ok=True)  # ours, or left by a publish that was killed


def _attach(con: duckdb.DuckDBPyConnection, file: Path, alias: str) -> None:
    con.execute(f"attach {quote_literal(file.as_posix())} as {alias}")


def _patched_copy(con: duckdb.DuckDBPyConnection, path: Path, tmp: Path, parts: dict[str, str]) -> bool:
    """Fill `tmp` with a file copy of the published snapshot patched to `parts` (the warehouse's
    content), when the snapshot is the one its record describes and patching is worth it; False
    (and no `tmp`) when it is not: the caller copies the database whole."""
    target = snapshot_path(path)
    old = _published_parts(path)
    if old is None or not snapshot_patch.can_patch(con):
        return False
    identity = _identity(target)
    shutil.copyfile(target, tmp)
    if _identity(target) != identity or _published_parts(path) != old:
        tmp.unlink(missing_ok=True)  # the snapshot changed under the copy
        return False
    _attach(con, tmp, "snap")
    try:
        patched = snapshot_patch.patch_copy(con, "snap", old, parts)
    finally:
        con.execute("detach snap")
    if not patched:
        tmp.unlink(missing_ok=True)
        _wal_file(tmp).unlink(missing_ok=True)
    return patched


def _fsync(file: Path) -> None:
    fd = os.open(file, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_to_snapshot(con: duckdb.DuckDBPyConnection, path: Path, parts: dict[str, str]) -> tuple[Path, bool]:
    """Write the database open on `con` (whose content is `parts`) into the snapshot of `path`
    (temp file, then rename), and record the fingerprint of what was written beside it. The temp
    file is a file copy of the old snapshot with the changed tables and views rewritten when the
    old snapshot is intact and its record lists its parts; otherwise a COPY FROM DATABASE. Returns
    the snapshot path and whether it was patched."""
    target = snapshot_path(path)
    tmp = target.with_name(target.name + f".tmp{os.getpid()}")
    record = _fingerprint_file(target)
    patched = _patched_copy(con, path, tmp, parts)
    if not patched:
        source = con.execute("select current_database()").fetchone()[0]
        _attach(con, tmp, "snap")
        try:
            con.execute(f'copy from database "{source}" to snap')
        finally:
            con.execute("detach snap")
    _fsync(tmp)
    # the record describes one snapshot file: drop it before the swap, write it after, so a kill
    # in between leaves no record (the next run publishes again) rather than a wrong one
    record.unlink(missing_ok=True)
    _wal_file(target).unlink(missing_ok=True)  # a WAL beside it would be replayed onto the new file
    os.replace(tmp, target)
    record_tmp = record.with_name(record.name + f".tmp{os.getpid()}")
    fingerprint = snapshot_patch.fingerprint_of_parts(parts)
    record_tmp.write_text(
        json.dumps({"fingerprint": fingerprint, "snapshot": _identity(target), "parts": parts}),
        encoding="utf-8",
    )
    os.replace(record_tmp, record)
    return target, patched


def publish_snapshot(path: Path | None = None, *, lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S) -> Path:
    """Copy the warehouse into `<name>.published.duckdb` atomically (write a temp file, then rename).

    Readers holding the old snapshot keep reading it; new connections see the new one.
    """
    path = Path(path or warehouse_path())
    with connect(path, lock_timeout_s=lock_timeout_s) as con:
        _clear_leftovers(snapshot_path(path))
        checkpoint(con)
        return _copy_to_snapshot(con, path, snapshot_patch.content_parts(con))[0]


@dataclass
class Publication:
    """What `publish_if_changed` did: the snapshot path, whether it was written, and the content
    fingerprint it holds."""

    path: Path
    published: bool
    fingerprint: str
    patched: bool = False  # written by patching a copy of the old snapshot, not copied whole


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
        parts = snapshot_patch.content_parts(con)
        fingerprint = snapshot_patch.fingerprint_of_parts(parts)
        if fingerprint == published_fingerprint(path):
            return Publication(snapshot_path(path), False, fingerprint)
        if audit is not None:
            audit(con)
        checkpoint(con)
        target, patched = _copy_to_snapshot(con, path, parts)
        return Publication(target, True, fingerprint, patched)

"""Ingest: fetch every catalog source and keep each body once by content hash, with a fetch log.

Fetching happens with no warehouse connection open (the network is slow, the file lock is not
ours to hold). Results are stored in batches of at most `BATCH` results or `BATCH_BYTES` of
bodies (a large source spans several, small ones share one), each batch one transaction holding
its bodies, their fetch-log rows and URL state together: memory stays bounded whatever the
catalog's size, and a crash leaves every committed batch whole; the re-run skips what is stored
(bodies are keyed by content hash) and completes. A body already stored is never rewritten; a
failed fetch adds a log row and touches nothing else. A folder file unchanged since its last
read is neither read nor logged (a local folder has no fetch to record), so a run with nothing
new writes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime

import duckdb

from pipelines.lib.sources.catalog import Catalog, SourceSpec
from pipelines.lib.sources.fetch import FetchResult, PriorFetch, collect, content_hash
from pipelines.lib.sql_files import query
from pipelines.lib.steps.tables import insert_rows
from pipelines.lib.warehouse import transaction

# Results stored per transaction: a batch is flushed at this many results or bodies this large.
# Each batch opens, writes and checkpoints the warehouse (~0.1 s): 500 per batch made ingesting
# 20,000 small files twice as slow as 2,000; the byte bound is what keeps memory flat.
BATCH = 2000
BATCH_BYTES = 64 * 2**20


@dataclass
class IngestSummary:
    fetched: int = 0
    new_bodies: int = 0
    not_modified: int = 0
    unchanged_files: int = 0  # folder files whose validator matched: not read, not logged
    stored: int = 0  # results written (fetch-log rows)
    batches: int = 0  # transactions written
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (source_id, url, error)


def load_prior(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, PriorFetch]]:
    """Validators of every URL's last successful fetch, per source, for conditional GET."""
    rows = con.execute(query("ingest/url_validators")).fetchall()
    prior: dict[str, dict[str, PriorFetch]] = {}
    for source_id, url, etag, last_modified, chash in rows:
        prior.setdefault(source_id, {})[url] = PriorFetch(
            etag=etag, last_modified=last_modified, content_hash=chash
        )
    return prior


def iter_source(
    source: SourceSpec, client, prior: dict[str, PriorFetch], load_body: Callable[[str], bytes | None]
) -> Iterator[FetchResult]:
    """Everything one source yields, as it is fetched; an unexpected failure ends the source with
    one recorded error result.

    `load_body(content_hash)` returns a stored body, so a feed or index page that answers 304 can
    still be followed to its items.
    """
    try:
        yield from collect(source, client, prior, load_body=load_body)
    except Exception as exc:  # collect records its own errors; this is the last line of defence
        yield FetchResult(
            source_id=source.id,
            url=source.url or str(source.path or ""),
            error=f"{type(exc).__name__}: {exc}",
            fetched_at=datetime.now(UTC),
        )


def fetch_source(
    source: SourceSpec, client, prior: dict[str, PriorFetch], load_body: Callable[[str], bytes | None]
) -> list[FetchResult]:
    """Everything one source yields, as a list (see `iter_source`)."""
    return list(iter_source(source, client, prior, load_body))


def stored_body(con: duckdb.DuckDBPyConnection, chash: str) -> bytes | None:
    """The stored body with this content hash, if any."""
    row = con.execute(query("ingest/body_of_hash"), [chash]).fetchone()
    return bytes(row[0]) if row else None


# The columns of raw.sources but `loaded_at`, in the order `ingest/sources_of_ids.sql` selects them.
_SOURCE_COLUMNS = [
    "source_id",
    "catalog",
    "name",
    "kind",
    "url",
    "language",
    "government",
    "agency",
    "publisher_type",
    "schedule",
]


def record_catalog(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> int:
    """Upsert the catalog's sources into raw.sources (call inside a transaction); returns how many
    rows were written. An entry equal to its stored row is left as it is, `loaded_at` included (the
    time the entry was loaded in its current form)."""
    entries = {
        s.id: (
            s.id,
            catalog.name,
            s.name,
            s.kind,
            s.url or (str(s.path) if s.path else None),
            s.language,
            s.government,
            s.agency,
            s.publisher_type,
            s.schedule,
        )
        for s in catalog.sources
    }
    stored = {
        row[0]: tuple(row) for row in con.execute(query("ingest/sources_of_ids"), [list(entries)]).fetchall()
    }
    changed = [row for sid, row in entries.items() if stored.get(sid) != row]
    if not changed:
        return 0
    now = datetime.now(UTC).replace(tzinfo=None)
    con.execute(query("ingest/delete_sources"), [[r[0] for r in changed]])
    insert_rows(
        con,
        "raw.sources",
        [*_SOURCE_COLUMNS, "loaded_at"],
        [(*row, now) for row in changed],
        {"loaded_at": "timestamp"},
    )
    return len(changed)


# The name under which `_run_with_frame` registers rows; the statements it runs read this name.
_FRAME = "_bw_ingest_rows"


def _run_with_frame(
    con: duckdb.DuckDBPyConnection, columns: Sequence[str], rows: Sequence[Sequence], sql: str
) -> None:
    """Run `sql` reading `rows` as the registered frame `_FRAME` (bytes stay bytes: a BLOB column;
    everything else travels as text and is cast in `sql`)."""
    if not rows:
        return
    import pandas as pd  # imported here: a slow import that a run with nothing to store skips

    frame = pd.DataFrame(
        [[v if v is None or isinstance(v, bytes) else str(v) for v in row] for row in rows],
        columns=list(columns),
        dtype=object,
    )
    con.register(_FRAME, frame)
    try:
        con.execute(sql)
    except BaseException:
        with suppress(duckdb.Error):  # an aborted transaction refuses even UNREGISTER
            con.unregister(_FRAME)
        raise
    con.unregister(_FRAME)


def _fold_url_rows(url_rows: list[tuple]) -> list[tuple]:
    """One row per (source_id, url), as upserting the rows one after another would leave it: the
    latest non-null value of each field, the first fetch time and the last one."""
    folded: dict[tuple[str, str], list] = {}
    for source_id, url, chash, ctype, charset, etag, last_mod, fetched_at in url_rows:
        row = folded.get((source_id, url))
        if row is None:
            folded[(source_id, url)] = [
                source_id,
                url,
                chash,
                ctype,
                charset,
                etag,
                last_mod,
                fetched_at,
                fetched_at,
            ]
            continue
        for i, value in enumerate((chash, ctype, charset, etag, last_mod), start=2):
            if value is not None:
                row[i] = value
        row[8] = fetched_at
    return [tuple(r) for r in folded.values()]


def store_results(
    con: duckdb.DuckDBPyConnection,
    results: list[FetchResult],
    run_id: str,
    summary: IngestSummary,
    *,
    first_attempt: int = 0,
) -> None:
    """Write fetch results: new bodies, log rows and URL state (call inside a transaction).
    `first_attempt` numbers the first result among the run's attempts (fetch ids are unique per run).

    Three bulk statements: the bodies not stored yet (once per content hash: the first result
    carrying it names its first source, URL and time; a stored body is never rewritten), one
    fetch-log row per result, and the URL rows upserted (validators and hash kept when a fetch
    leaves them unsaid).
    """
    log_rows, url_rows = [], []
    bodies: dict[str, tuple] = {}
    for n, r in enumerate(results):
        fetched_at = (r.fetched_at or datetime.now(UTC)).replace(tzinfo=None)
        chash = None
        if r.body is not None and r.error is None:
            chash = content_hash(r.body)
            if chash not in bodies:
                bodies[chash] = (
                    chash,
                    r.body,
                    r.content_type,
                    r.charset,
                    len(r.body),
                    r.source_id,
                    r.url,
                    fetched_at,
                )
            summary.fetched += 1
        elif r.not_modified:
            summary.not_modified += 1
        if r.error:
            summary.errors.append((r.source_id, r.url, r.error))
        attempt = first_attempt + n
        fetch_id = hashlib.sha256(f"{run_id}|{r.source_id}|{r.url}|{attempt}".encode()).hexdigest()[:24]
        log_rows.append(
            (
                fetch_id,
                run_id,
                r.source_id,
                r.url,
                r.final_url,
                r.status,
                len(r.body) if r.body is not None else None,
                r.duration_ms,
                r.error,
                r.etag,
                r.last_modified,
                bool(r.not_modified),
                chash,
                fetched_at,
            )
        )
        if chash or r.not_modified:
            url_rows.append(
                (
                    r.source_id,
                    r.url,
                    chash,
                    r.content_type,
                    r.charset,
                    r.etag,
                    r.last_modified,
                    fetched_at,
                )
            )
    if bodies:
        stored = {row[0] for row in con.execute(query("ingest/stored_hashes"), [list(bodies)]).fetchall()}
        new = [row for chash, row in bodies.items() if chash not in stored]
        _run_with_frame(
            con,
            [
                "content_hash",
                "body",
                "content_type",
                "charset",
                "n_bytes",
                "first_source_id",
                "first_url",
                "first_seen_at",
            ],
            new,
            query("ingest/insert_new_bodies"),
        )
        summary.new_bodies += len(new)
    insert_rows(
        con,
        "raw.fetch_log",
        [
            "fetch_id",
            "run_id",
            "source_id",
            "url",
            "final_url",
            "status",
            "n_bytes",
            "duration_ms",
            "error",
            "etag",
            "last_modified",
            "not_modified",
            "content_hash",
            "fetched_at",
        ],
        log_rows,
        {
            "status": "integer",
            "n_bytes": "bigint",
            "duration_ms": "integer",
            "not_modified": "boolean",
            "fetched_at": "timestamp",
        },
    )
    _run_with_frame(
        con,
        [
            "source_id",
            "url",
            "content_hash",
            "content_type",
            "charset",
            "etag",
            "last_modified",
            "first_seen_at",
            "last_fetched_at",
        ],
        _fold_url_rows(url_rows),
        query("ingest/upsert_urls"),
    )


def _unchanged_file(source: SourceSpec, result: FetchResult) -> bool:
    return source.kind == "folder" and result.not_modified and result.error is None


def ingest_catalog(
    connect: Callable[[], AbstractContextManager[duckdb.DuckDBPyConnection]],
    catalog: Catalog,
    client,
    run_id: str,
    log: Callable[[str], None] = lambda _: None,
) -> IngestSummary:
    """Fetch every source of `catalog` with no connection held, storing the results batch by batch
    (see the module docstring): a crash or failure leaves the raw tables at a committed batch, each
    batch whole, and a re-run completes them."""
    with connect() as con:
        prior = load_prior(con)
        with transaction(con):
            record_catalog(con, catalog)

    def load_body(chash: str) -> bytes | None:
        with connect() as con:
            return stored_body(con, chash)

    summary = IngestSummary()
    batch: list[FetchResult] = []
    size = 0

    def store() -> None:
        nonlocal batch, size
        with connect() as con, transaction(con):
            store_results(con, batch, run_id, summary, first_attempt=summary.stored)
        summary.stored += len(batch)
        summary.batches += 1
        batch, size = [], 0

    for source in catalog.sources:
        seen = 0
        for result in iter_source(source, client, prior.get(source.id, {}), load_body):
            seen += 1
            if _unchanged_file(source, result):
                summary.unchanged_files += 1
                continue
            batch.append(result)
            size += len(result.body) if result.body is not None else 0
            if len(batch) >= BATCH or size >= BATCH_BYTES:
                store()
        log(f"{source.id}: {seen} URL(s)")
    if batch:
        store()
    return summary

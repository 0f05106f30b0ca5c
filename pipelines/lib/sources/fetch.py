"""Walking a source: which URLs a catalog entry stands for, fetched one by one into `FetchResult`s.

`collect` never raises: a URL that fails becomes a `FetchResult` with `error` set, and the walk goes
on with the next URL.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import stat
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from pipelines.lib.documents import parse_document

from .catalog import SourceSpec

FOLDER_EXTENSIONS = (".html", ".htm", ".pdf", ".txt")
CONTENT_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".pdf": "application/pdf",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".txt": "text/plain",
}


def now_utc() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def content_hash(body: bytes) -> str:
    """The content hash the raw store keys bodies by: sha256, hex."""
    return hashlib.sha256(body).hexdigest()


def content_type_for(path: str) -> str | None:
    """Content type from a file name's extension (.html, .pdf, .xml/.rss/.atom, .txt)."""
    suffix = "." + path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    return CONTENT_TYPES.get(suffix) or mimetypes.guess_type(path)[0]


@dataclass
class FetchResult:
    """One fetch attempt of one URL: the body (or the reason there is none) and its HTTP metadata."""

    source_id: str
    url: str
    final_url: str | None = None  # after redirects
    status: int | None = None  # HTTP status; None for local files and failures before a response
    body: bytes | None = None  # None on error and on not_modified
    content_type: str | None = None
    charset: str | None = None  # the charset declared by the Content-Type header (or the catalog)
    etag: str | None = None
    last_modified: str | None = None
    duration_ms: int = 0
    error: str | None = None
    not_modified: bool = False  # a 304: the caller re-uses its stored body and does not re-parse
    fetched_at: datetime = field(default_factory=now_utc)

    @property
    def ok(self) -> bool:
        """True when the fetch gave a body or a 304."""
        return self.error is None and (self.body is not None or self.not_modified)


@dataclass(frozen=True)
class PriorFetch:
    """What the last successful fetch of a URL left: validators for a conditional GET and the body hash."""

    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None


def _failed(source: SourceSpec, url: str, exc: BaseException, started: float) -> FetchResult:
    return FetchResult(
        source_id=source.id,
        url=url,
        error=f"{type(exc).__name__}: {exc}"[:500],
        duration_ms=int((time.monotonic() - started) * 1000),
    )


def _get(source: SourceSpec, client, url: str, prior: Mapping[str, PriorFetch]) -> FetchResult:
    before = prior.get(url) or PriorFetch()
    started = time.monotonic()
    try:
        result = client.get(
            url,
            etag=before.etag,
            last_modified=before.last_modified,
            rate_limit=source.rate_limit,
            allow_private=source.allow_private,
        )
    except Exception as exc:  # a client bug must not end the run
        return _failed(source, url, exc, started)
    result = replace(result, source_id=source.id)
    if source.charset and not result.charset:
        result = replace(result, charset=source.charset)
    return result


def _links_of(
    source: SourceSpec,
    result: FetchResult,
    prior: Mapping[str, PriorFetch],
    load_body: Callable[[str], bytes | None] | None,
) -> list[str]:
    body = result.body
    if body is None and result.not_modified and load_body is not None:
        stored = prior.get(result.url)
        if stored and stored.content_hash:
            body = load_body(stored.content_hash)
    if not body:
        return []
    doc = parse_document(
        body,
        content_type=result.content_type,
        url=result.final_url or result.url,
        declared_charset=source.charset or result.charset,
    )
    links = [u for u in doc.links if urlsplit(u).scheme in ("http", "https")]
    if source.kind == "index":
        pattern = re.compile(source.link_pattern or ".*")
        own = {result.url, result.final_url}
        links = [u for u in links if pattern.search(u) and u not in own]
    elif source.link_pattern:
        pattern = re.compile(source.link_pattern)
        links = [u for u in links if pattern.search(u)]
    return list(dict.fromkeys(links))[: source.max_pages]


def file_validator(st: os.stat_result) -> str:
    """A local file's validator from its `stat`, stored like an ETag: its size, modification and
    change times (nanoseconds). Rewriting a file changes it; a copy that keeps the old mtime still
    gets a new change time, so only an untouched file matches its last read."""
    return f"file:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}"


def _folder_files(root: Path) -> list[tuple[Path, os.stat_result]]:
    """The regular files (symlinks followed) with a supported extension below `root`, sorted by
    path, each with its `stat`: what `sorted(root.rglob("*"))` filtered by `is_file()` gives, with
    one `stat` per file and plain strings until the end (a folder may hold 100,000 files)."""
    found = []
    for folder, _dirs, names in os.walk(root):
        for name in names:
            if os.path.splitext(name)[1].lower() not in FOLDER_EXTENSIONS:
                continue
            path = os.path.join(folder, name)
            try:
                st = os.stat(path)
            except OSError:  # a broken link, or gone since the listing
                continue
            if stat.S_ISREG(st.st_mode):
                found.append((path.split(os.sep), path, st))
    found.sort(key=lambda item: item[0])  # by parts, as paths sort
    return [(Path(path), st) for _, path, st in found]


def _folder(source: SourceSpec, prior: Mapping[str, PriorFetch]) -> Iterator[FetchResult]:
    root = source.path
    if root is None or not root.is_dir():
        yield FetchResult(source_id=source.id, url=str(root), error=f"folder not found: {root}")
        return
    for file, st in _folder_files(root):
        url = file.as_uri()
        started = time.monotonic()
        try:
            tag = file_validator(st)
            before = prior.get(url)
            if before is not None and before.etag == tag and before.content_hash:
                yield FetchResult(
                    source_id=source.id, url=url, final_url=url, etag=tag, not_modified=True
                )  # unchanged since its last read: not read again
                continue
            body = file.read_bytes()
        except OSError as exc:
            yield _failed(source, url, exc, started)
            continue
        yield FetchResult(
            source_id=source.id,
            url=url,
            final_url=url,
            body=body,
            content_type=content_type_for(file.name),
            charset=source.charset,
            etag=tag,
            duration_ms=int((time.monotonic() - started) * 1000),
        )


def collect(
    source: SourceSpec,
    client,
    prior: Mapping[str, PriorFetch] | None = None,
    *,
    load_body: Callable[[str], bytes | None] | None = None,
) -> Iterator[FetchResult]:
    """Fetch everything a source stands for, yielding one `FetchResult` per URL attempted.

    page / pdf: the URL. feed: the feed, then each item link (at most `max_pages`). index: the page,
    then the links matching `link_pattern` (at most `max_pages`). folder: every .html/.htm/.pdf/.txt
    file below the folder, sorted, as `file://` URLs; a file whose validator (`file_validator`)
    equals the one in `prior` is not read and comes back `not_modified`. `client` has `.get(url,
    etag=, last_modified=, rate_limit=, allow_private=)` (HttpClient or SnapshotClient). `prior`
    maps URL -> PriorFetch for conditional GETs; when a feed or index answers 304,
    `load_body(content_hash)` (if given) returns the stored body so its links can still be followed.
    """
    prior = prior or {}
    if source.kind == "folder":
        yield from _folder(source, prior)
        return
    assert source.url is not None
    first = _get(source, client, source.url, prior)
    yield first
    if source.kind not in ("feed", "index") or not first.ok:
        return
    try:
        links = _links_of(source, first, prior, load_body)
    except Exception as exc:
        yield replace(_failed(source, source.url, exc, time.monotonic()), error=f"reading links: {exc}"[:500])
        return
    for link in links:
        yield _get(source, client, link, prior)

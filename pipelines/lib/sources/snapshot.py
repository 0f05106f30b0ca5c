"""Serving URLs from a local mirror laid out as `<snapshot_dir>/<host>/<path>` (offline runs).

`SnapshotClient.get` has the same signature and result as `HttpClient.get`, so the pipeline runs the
bundled pack without a network. A URL ending in `/` maps to `index.html`; the query string is
ignored. ETags are derived from the file's content hash, so conditional GETs answer 304 offline too.
"""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .fetch import FetchResult, content_hash, content_type_for


class SnapshotClient:
    """A client that reads URLs from a snapshot mirror instead of the network."""

    def __init__(self, snapshot_dir: Path | str):
        self.snapshot_dir = Path(snapshot_dir).resolve()
        self.requests: list[str] = []  # URLs asked for, in order (handy in tests)

    def path_for(self, url: str) -> Path | None:
        """The mirror file for `url`, or None when the URL cannot map into the mirror."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return None
        rel = unquote(parts.path or "/")
        if rel.endswith("/"):
            rel += "index.html"
        candidate = (self.snapshot_dir / parts.hostname / rel.lstrip("/")).resolve()
        if not candidate.is_relative_to(self.snapshot_dir / parts.hostname):
            return None  # ../ tricks
        return candidate

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        rate_limit: float | None = None,
        allow_private: bool | None = None,
    ) -> FetchResult:
        """Serve `url` from the mirror: 200 with the file, 304 when `etag` matches, 404 when absent."""
        started = time.monotonic()
        self.requests.append(url)

        def done(**kw) -> FetchResult:
            return FetchResult(
                source_id="", url=url, duration_ms=int((time.monotonic() - started) * 1000), **kw
            )

        path = self.path_for(url)
        if path is None:
            return done(error=f"URL cannot be served from the snapshot: {url}")
        if not path.is_file():
            return done(status=404, final_url=url, error=f"HTTP 404: not in snapshot ({path})")
        try:
            body = path.read_bytes()
        except OSError as exc:
            return done(error=f"{type(exc).__name__}: {exc}")
        tag = f'"{content_hash(body)[:32]}"'
        if etag == tag:
            return done(status=304, final_url=url, etag=tag, not_modified=True)
        return done(status=200, final_url=url, body=body, content_type=content_type_for(path.name), etag=tag)

"""A polite, bounded HTTP client over a requests Session (no Dagster; the lead wraps it in a resource).

What a `get` does, in order, for each hop (at most `max_redirects` redirects, followed by hand):
the SSRF guard (`netguard.check_url`), robots.txt of the host (fetched once per host with this same
session, honoured, its Crawl-delay applied), the per-host rate limit, the request with connect and
read timeouts, retries with backoff on 429/5xx and connection errors (Retry-After honoured, a retry
budget shared by the whole client), then the body read in small pieces while the total deadline and
the cap on DECODED bytes are enforced (a gzip bomb stops at the cap). A conditional GET
(If-None-Match / If-Modified-Since) answered 304 gives `not_modified=True` and no body.
"""

from __future__ import annotations

import email.utils
import threading
import time
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import requests
from requests.adapters import HTTPAdapter

from pipelines.lib.documents.charsets import charset_from_content_type

from . import netguard
from .fetch import FetchResult
from .snapshot import SnapshotClient

__all__ = ["DEFAULT_USER_AGENT", "HttpClient", "SnapshotClient"]

DEFAULT_USER_AGENT = "budgetwatch/0.1 (+https://github.com/budgetwatch/budgetwatch; budgetwatch@example.org)"
RETRY_STATUSES = (429, 500, 502, 503, 504)
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
ROBOTS_MAX_BYTES = 512 * 1024
MAX_CRAWL_DELAY = 60.0
_READ_PIECE = 64 * 1024


class _Failure(Exception):
    """Ends one get() with a recorded error; `status` is the last HTTP status seen, if any."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class _GuardedAdapter(HTTPAdapter):
    """An adapter whose pools open sockets only to addresses the guard has checked."""

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": netguard.GuardedHTTPConnectionPool,
            "https": netguard.GuardedHTTPSConnectionPool,
        }


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class HttpClient:
    """HTTP GET with timeouts, a total deadline, retries, robots.txt, rate limits and the SSRF guard."""

    def __init__(
        self,
        *,
        user_agent: str = DEFAULT_USER_AGENT,
        connect_timeout: float = 5.0,
        read_timeout: float = 15.0,
        deadline: float = 30.0,
        max_bytes: int = 20 * 2**20,
        max_redirects: int = 5,
        retries: int = 3,
        retry_budget: int = 20,
        backoff: float = 0.5,
        allow_private: bool = False,
        obey_robots: bool = True,
        rate_limits: dict[str, float] | None = None,
        default_rate_limit: float = 1.0,
    ):
        self.user_agent = user_agent
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.retries = retries
        self.retry_budget = retry_budget  # retries left for the whole client (all URLs, all hops)
        self.backoff = backoff
        self.allow_private = allow_private
        self.obey_robots = obey_robots
        self.rate_limits = dict(rate_limits or {})
        self.default_rate_limit = default_rate_limit
        self.session = requests.Session()
        self.session.trust_env = False  # no proxy or netrc from the environment can route around the guard
        self.session.headers.update(
            {"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate", "Accept": "*/*"}
        )
        adapter = _GuardedAdapter(max_retries=0)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self._lock = threading.Lock()
        self._robots: dict[
            str, RobotFileParser | None
        ] = {}  # "scheme://host:port" -> rules (None: allow all)
        self._robots_blocked: dict[str, str] = {}  # origin -> reason all paths are refused
        self._next_slot: dict[str, float] = {}  # host -> monotonic time of the next allowed request

    # -- politeness ---------------------------------------------------------------------------------

    def _interval(self, host: str, rate_limit: float | None, origin: str) -> float:
        rate = rate_limit or self.rate_limits.get(host) or self.default_rate_limit
        interval = 1.0 / rate if rate > 0 else 0.0
        rules = self._robots.get(origin)
        if rules is not None:
            delay = rules.crawl_delay(self.user_agent)
            if delay:
                interval = max(interval, min(float(delay), MAX_CRAWL_DELAY))
        return interval

    def _wait_turn(self, host: str, interval: float, stop_at: float) -> None:
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = slot + interval
        wait = slot - time.monotonic()
        if wait > 0:
            if time.monotonic() + wait > stop_at:
                raise _Failure(f"rate limit for {host} would pass the deadline of {self.deadline:g} s")
            time.sleep(wait)

    def _robots_for(
        self, origin: str, allow_private: frozenset[str], stop_at: float
    ) -> RobotFileParser | None:
        if origin in self._robots:
            return self._robots[origin]
        url = f"{origin}/robots.txt"
        rules: RobotFileParser | None = None
        try:
            netguard.check_url(url, allow_private=urlsplit(url).hostname in allow_private)
            host = urlsplit(url).hostname or ""
            self._wait_turn(host, self._interval(host, None, origin), stop_at)
            remaining = max(0.1, stop_at - time.monotonic())
            with self.session.get(
                url,
                timeout=(self.connect_timeout, min(self.read_timeout, remaining)),
                allow_redirects=True,
                stream=True,
            ) as r:
                if r.status_code >= 500:
                    self._robots_blocked[origin] = f"robots.txt answered HTTP {r.status_code}"
                elif r.status_code == 200:
                    body = self._read_body(r, stop_at, ROBOTS_MAX_BYTES, what="robots.txt")
                    rules = RobotFileParser(url)
                    rules.parse(body.decode("utf-8", "replace").splitlines())
                    delay = rules.crawl_delay(self.user_agent)
                    if delay:  # the robots.txt request itself counts: the next one waits the delay
                        with self._lock:
                            later = time.monotonic() + min(float(delay), MAX_CRAWL_DELAY)
                            self._next_slot[host] = max(self._next_slot.get(host, 0.0), later)
                # 4xx: no robots.txt, everything allowed (RFC 9309 §2.3.1.3)
        except _Failure as exc:
            self._robots_blocked[origin] = f"robots.txt unreadable: {exc}"
        except (requests.RequestException, netguard.BlockedURL) as exc:
            self._robots_blocked[origin] = f"robots.txt unreachable: {type(exc).__name__}"
        self._robots[origin] = rules
        return rules

    # -- transfer -----------------------------------------------------------------------------------

    def _read_body(
        self, response: requests.Response, stop_at: float, cap: int, *, what: str = "body"
    ) -> bytes:
        raw = response.raw
        sock = None
        conn = getattr(raw, "_connection", None)
        if conn is not None:
            sock = getattr(conn, "sock", None)
        pieces: list[bytes] = []
        size = 0
        while True:
            remaining = stop_at - time.monotonic()
            if remaining <= 0:
                raise _Failure(f"deadline of {self.deadline:g} s exceeded while reading the {what}")
            if sock is not None:
                try:
                    sock.settimeout(max(0.05, min(self.read_timeout, remaining)))
                except OSError:
                    sock = None
            try:
                piece = raw.read1(_READ_PIECE, decode_content=True)
            except requests.exceptions.RequestException as exc:
                raise _Failure(f"reading the {what} failed: {type(exc).__name__}") from exc
            except Exception as exc:  # urllib3 timeouts / protocol errors / bad gzip
                if time.monotonic() >= stop_at:
                    raise _Failure(
                        f"deadline of {self.deadline:g} s exceeded while reading the {what}"
                    ) from exc
                raise _Failure(f"reading the {what} failed: {type(exc).__name__}: {exc}"[:300]) from exc
            if not piece:
                break
            size += len(piece)
            if size > cap:
                raise _Failure(f"{what} exceeds the cap of {cap} bytes (decoded); stopped")
            pieces.append(piece)
        return b"".join(pieces)

    def _send(self, url: str, headers: dict[str, str], stop_at: float) -> requests.Response:
        """One request with retries on 429/5xx and connection errors, within the deadline and budget."""
        attempt = 0
        while True:
            remaining = stop_at - time.monotonic()
            if remaining <= 0:
                raise _Failure(f"deadline of {self.deadline:g} s exceeded before a response")
            wait: float | None = None
            status = None
            try:
                response = self.session.get(
                    url,
                    headers=headers,
                    timeout=(min(self.connect_timeout, remaining), min(self.read_timeout, remaining)),
                    allow_redirects=False,
                    stream=True,
                )
            except requests.exceptions.ConnectionError as exc:
                if "network guard" in str(exc):
                    raise _Failure(f"refused by the network guard at connect: {url}") from exc
                reason = f"connection failed: {type(exc).__name__}"
            except requests.exceptions.Timeout as exc:
                reason = f"timed out: {type(exc).__name__}"
            except requests.exceptions.RequestException as exc:
                raise _Failure(f"request failed: {type(exc).__name__}: {exc}"[:300]) from exc
            else:
                if response.status_code not in RETRY_STATUSES:
                    return response
                status = response.status_code
                reason = f"HTTP {status}"
                wait = _retry_after_seconds(response.headers.get("Retry-After"))
                response.close()
            if attempt >= self.retries:
                raise _Failure(f"{reason} (after {attempt} retries)", status)
            with self._lock:
                if self.retry_budget <= 0:
                    raise _Failure(f"{reason} (retry budget of the client used up)", status)
                self.retry_budget -= 1
            if wait is None:
                wait = self.backoff * (2**attempt)
            if time.monotonic() + wait >= stop_at:
                raise _Failure(f"{reason} (retry in {wait:g} s would pass the deadline)", status)
            time.sleep(wait)
            attempt += 1

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        rate_limit: float | None = None,
        allow_private: bool | None = None,
    ) -> FetchResult:
        """Fetch `url`. Never raises: failures come back as a FetchResult with `error` set.

        `allow_private` (default: the client's) lets the host named in `url` resolve to loopback or
        private addresses (test fixtures only); redirects to any other host are checked strictly.
        """
        started = time.monotonic()
        stop_at = started + self.deadline
        allow = self.allow_private if allow_private is None else allow_private
        exempt = frozenset({(urlsplit(url).hostname or "").lower()}) if allow else frozenset()
        token = netguard.private_allowed_hosts.set(exempt)
        result = FetchResult(source_id="", url=url)
        try:
            self._fetch(result, url, etag, last_modified, rate_limit, exempt, stop_at)
        except _Failure as exc:
            result.error = str(exc)
            result.status = exc.status if exc.status is not None else result.status
            result.body = None
        except netguard.BlockedURL as exc:
            result.error = f"refused by the network guard: {exc}"
            result.body = None
        except Exception as exc:  # the contract: a bad URL or server never ends the run
            result.error = f"{type(exc).__name__}: {exc}"[:500]
            result.body = None
        finally:
            netguard.private_allowed_hosts.reset(token)
        result.duration_ms = int((time.monotonic() - started) * 1000)
        return result

    def _fetch(self, result, url, etag, last_modified, rate_limit, exempt, stop_at) -> None:
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for hop in range(self.max_redirects + 1):
            parts = urlsplit(current)
            host = (parts.hostname or "").lower()
            netguard.check_url(current, allow_private=host in exempt)
            origin = f"{parts.scheme.lower()}://{parts.netloc.lower().rsplit('@', 1)[-1]}"
            if self.obey_robots:
                rules = self._robots_for(origin, exempt, stop_at)
                if origin in self._robots_blocked:
                    raise _Failure(f"not fetched: {self._robots_blocked[origin]}")
                if rules is not None and not rules.can_fetch(self.user_agent, current):
                    raise _Failure(f"disallowed by robots.txt: {current}")
            self._wait_turn(host, self._interval(host, rate_limit, origin), stop_at)
            response = self._send(current, headers, stop_at)
            result.status = response.status_code
            result.final_url = current
            if response.status_code in REDIRECT_STATUSES and response.headers.get("Location"):
                location = urljoin(current, response.headers["Location"])
                response.close()
                if hop >= self.max_redirects:
                    raise _Failure(
                        f"too many redirects (more than {self.max_redirects})", response.status_code
                    )
                current = location
                continue
            with response:
                result.content_type = response.headers.get("Content-Type")
                result.charset = charset_from_content_type(result.content_type)
                result.etag = response.headers.get("ETag")
                result.last_modified = response.headers.get("Last-Modified")
                if response.status_code == 304:
                    result.not_modified = True
                    return
                if response.status_code >= 400:
                    raise _Failure(f"HTTP {response.status_code}", response.status_code)
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise _Failure(
                        f"body exceeds the cap of {self.max_bytes} bytes (Content-Length {declared})",
                        response.status_code,
                    )
                result.body = self._read_body(response, stop_at, self.max_bytes)
            return
        raise _Failure(f"too many redirects (more than {self.max_redirects})")  # pragma: no cover

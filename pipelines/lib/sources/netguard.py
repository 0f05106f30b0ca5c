"""SSRF guard: only http(s) URLs whose host resolves to globally routable addresses only.

`check_url` resolves the host with `getaddrinfo` and refuses the URL unless EVERY address is global
(`ipaddress.is_global`, IPv4-mapped IPv6 unwrapped first). The resolver itself turns the odd IPv4
spellings (`2130706433`, `0x7f000001`, `127.1`) into 127.0.0.1, so they are refused like the dotted
form. Nothing (no environment variable) turns the guard off; only a caller passing
`allow_private=True` (test fixtures on 127.0.0.1) lifts the address check, never the scheme check.

DNS rebinding: `HttpClient` does not let urllib3 resolve the name a second time. Its connection
classes (`GuardedHTTPConnection` / `GuardedHTTPSConnection`) call `resolve_checked` when the socket is
opened and connect to one of the addresses that were just checked, by IP; TLS still verifies the
certificate against the host name. A name that changes its answer between the URL check and the
connect is checked again at connect time, on the addresses actually used.
"""

from __future__ import annotations

import contextvars
import ipaddress
import socket
from urllib.parse import urlsplit

from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NewConnectionError

ALLOWED_SCHEMES = ("http", "https")

# Host names for which private addresses are allowed during the current request (set by HttpClient).
private_allowed_hosts: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar(
    "private_allowed_hosts", default=frozenset()
)


class BlockedURL(Exception):
    """A URL the guard refuses (scheme, missing host, or a non-global address)."""


def _address(raw: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    ip = ipaddress.ip_address(raw.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip.sixtofour is not None:
            return ip.sixtofour
        if ip.teredo is not None:
            return ip.teredo[1]
    return ip


def is_public_address(raw: str) -> bool:
    """True when the address is globally routable (after unwrapping IPv4-mapped / 6to4 / Teredo)."""
    try:
        ip = _address(raw)
    except ValueError:
        return False
    return ip.is_global and not ip.is_multicast


def resolve_checked(host: str, port: int, *, allow_private: bool = False) -> list[tuple]:
    """getaddrinfo results for host:port, all of them checked. Raises BlockedURL."""
    if not host:
        raise BlockedURL("URL has no host")
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise BlockedURL(f"cannot resolve host {host!r}: {exc}") from exc
    if not infos:
        raise BlockedURL(f"host {host!r} resolves to no address")
    if not allow_private:
        bad = sorted({info[4][0] for info in infos if not is_public_address(info[4][0])})
        if bad:
            raise BlockedURL(f"host {host!r} resolves to a non-public address ({', '.join(bad)}): refused")
    return infos


def check_url(url: str, *, allow_private: bool = False) -> list[tuple]:
    """Refuse anything but http(s) to hosts whose every address is public. Returns the resolved addresses."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise BlockedURL(f"malformed URL {url!r}: {exc}") from exc
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise BlockedURL(f"scheme {parts.scheme or '(none)'!r} is not allowed (only http and https)")
    host = parts.hostname
    if not host:
        raise BlockedURL(f"URL has no host: {url!r}")
    default_port = 443 if parts.scheme.lower() == "https" else 80
    return resolve_checked(host, port or default_port, allow_private=allow_private)


def _connect_checked(conn: HTTPConnection) -> socket.socket:
    host = conn._dns_host if hasattr(conn, "_dns_host") else conn.host
    allow = host.strip("[]").lower() in private_allowed_hosts.get()
    try:
        infos = resolve_checked(host, conn.port, allow_private=allow)
    except BlockedURL as exc:
        raise NewConnectionError(conn, f"refused by the network guard: {exc}") from exc
    last: OSError | None = None
    for _family, _type, _proto, _name, sockaddr in infos:
        try:
            sock = socket.create_connection(
                sockaddr[:2], timeout=conn.timeout, source_address=conn.source_address
            )
        except OSError as exc:
            last = exc
            continue
        for opt in conn.socket_options or ():
            sock.setsockopt(*opt)
        return sock
    raise NewConnectionError(conn, f"failed to connect to {host}: {last}")


class GuardedHTTPConnection(HTTPConnection):
    """An HTTP connection that connects only to addresses the guard has just checked."""

    def _new_conn(self) -> socket.socket:
        return _connect_checked(self)


class GuardedHTTPSConnection(HTTPSConnection):
    """An HTTPS connection that connects only to addresses the guard has just checked."""

    def _new_conn(self) -> socket.socket:
        return _connect_checked(self)


class GuardedHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = GuardedHTTPConnection


class GuardedHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = GuardedHTTPSConnection

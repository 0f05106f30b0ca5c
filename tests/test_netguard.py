"""The SSRF guard: refused before any connection; checked again at connect time (DNS rebinding)."""

from __future__ import annotations

import socket

import pytest
import requests

from pipelines.lib.sources import netguard
from pipelines.lib.sources.http import HttpClient

REFUSED = [
    "http://127.0.0.1/",
    "http://localhost/",
    "http://2130706433/",
    "http://0x7f000001/",
    "http://127.1/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/",
    "http://100.64.0.1/",
    "http://192.168.1.1:8080/",
    "http://0.0.0.0/",
    "https://[fe80::1]/",
    "file:///etc/passwd",
    "gopher://127.0.0.1:70/_",
    "ftp://ftp.example.org/",
]


@pytest.fixture
def no_connections(monkeypatch):
    """Record (and fail) every attempt to open a socket or send a request."""
    attempts: list[object] = []

    def refuse_connect(address, *args, **kwargs):
        attempts.append(address)
        raise AssertionError(f"connection attempted to {address}")

    original_send = requests.adapters.HTTPAdapter.send

    def refuse_send(self, request, **kwargs):
        attempts.append(request.url)
        return original_send(self, request, **kwargs)

    monkeypatch.setattr(socket, "create_connection", refuse_connect)
    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", refuse_send)
    return attempts


@pytest.mark.parametrize("url", REFUSED)
def test_refused_before_any_connection(url, no_connections):
    result = HttpClient(obey_robots=True).get(url)
    assert result.error and "network guard" in result.error
    assert result.body is None and result.status is None
    assert no_connections == []


@pytest.mark.parametrize("url", REFUSED)
def test_check_url_raises(url):
    with pytest.raises(netguard.BlockedURL):
        netguard.check_url(url)


def test_allow_private_lifts_the_address_check_but_not_the_scheme_check():
    assert netguard.check_url("http://127.0.0.1:9/", allow_private=True)
    with pytest.raises(netguard.BlockedURL, match="scheme 'file'"):
        netguard.check_url("file:///etc/passwd", allow_private=True)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2001:4860:4860::8888", True),
        ("::ffff:8.8.8.8", True),
        ("::ffff:10.0.0.1", False),
        ("2002:7f00:1::1", False),  # 6to4 wrapping 127.0.0.1
        ("172.16.0.1", False),
        ("198.18.0.1", False),
        ("224.0.0.1", False),
        ("fc00::1", False),
        ("not an ip", False),
    ],
)
def test_is_public_address(address, public):
    assert netguard.is_public_address(address) is public


def test_no_environment_variable_turns_the_guard_off(monkeypatch):
    for name in ("BUDGETWATCH_ALLOW_PRIVATE", "ALLOW_PRIVATE", "NO_PROXY", "HTTP_PROXY", "http_proxy"):
        monkeypatch.setenv(name, "1" if "ALLOW" in name else "http://127.0.0.1:1")
    assert "network guard" in HttpClient().get("http://127.0.0.1/").error


def test_dns_rebinding_between_check_and_connect_is_refused(monkeypatch):
    """The name resolves to a public address for the URL check and to loopback when the socket is
    opened: the connection classes check again and never connect."""
    answers = iter(["93.184.216.34", "127.0.0.1", "127.0.0.1", "127.0.0.1"])
    connects: list[object] = []

    def fake_getaddrinfo(host, port, *args, **kwargs):
        if host == "rebind.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]
        raise socket.gaierror("no such host")

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: connects.append(a) or 1 / 0)
    result = HttpClient(obey_robots=False, retries=0).get("http://rebind.example/")
    assert "refused by the network guard at connect" in result.error
    assert connects == []

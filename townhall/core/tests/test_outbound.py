"""The guarded outbound client refuses private addresses before connecting, after DNS and
on every redirect, and connects to the very address it checked."""

import logging
import socket

import pytest

from townhall.core.outbound import OutboundError, OutboundRefused, check_url, fetch
from townhall.core.tests.http_receiver import receiving_server


@pytest.fixture
def server():
    with receiving_server() as running:
        yield running


@pytest.fixture
def fake_dns(monkeypatch):
    """Answer for made-up host names as a (possibly hostile) DNS server would."""
    answers: dict[str, list[str]] = {}
    answers_lookups = answers.setdefault("__lookups__", [])
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        answers_lookups.append(host)
        if host in answers:
            return [
                (
                    socket.AF_INET6 if ":" in a else socket.AF_INET,
                    socket.SOCK_STREAM,
                    6,
                    "",
                    (a, port),
                )
                for a in answers[host]
            ]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


@pytest.mark.parametrize(
    "url, reason",
    [
        ("http://127.0.0.1/", "loopback"),
        ("http://10.0.0.1/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[::1]:8080/", "loopback"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://224.0.0.1/", "multicast"),
        ("http://100.64.0.1/", "not public"),
        ("http://localhost:8000/", "loopback"),
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused_and_logged(
    settings, caplog, url, reason
):
    settings.TOWNHALL_OUTBOUND_ALLOWED_HOSTS = []
    with (
        caplog.at_level(logging.WARNING, logger="townhall.core.outbound"),
        pytest.raises(OutboundRefused, match=reason),
    ):
        fetch(url)
    assert f"outbound request to {url} refused" in caplog.text


def test_a_hostname_that_resolves_to_a_private_address_is_refused(settings, fake_dns):
    settings.TOWNHALL_OUTBOUND_ALLOWED_HOSTS = []
    fake_dns["hooks.example.com"] = ["93.184.216.34", "10.0.0.1"]  # one bad answer is enough
    with pytest.raises(OutboundRefused, match=r"hooks\.example\.com is a private address"):
        check_url("https://hooks.example.com/x")


@pytest.mark.parametrize(
    "url, message",
    [
        ("ftp://example.com/", "Only http"),
        ("file:///etc/passwd", "Only http"),
        ("http://user:pw@example.com/", "user name or password"),
        ("http:///nohost", "no host name"),
        ("http://example.com:99999/", "not a valid web address"),
    ],
)
def test_addresses_that_are_not_plain_web_addresses_are_refused(url, message):
    with pytest.raises(OutboundRefused, match=message):
        check_url(url)


def test_an_allow_listed_host_is_reached_with_a_clear_user_agent(settings, server):
    settings.TOWNHALL_OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{server.port}"]
    response = fetch(server.url, method="POST", json={"hello": "world"})
    assert response.status_code == 200 and response.text == "thanks"
    (received,) = server.requests
    assert received.body == b'{"hello":"world"}'
    assert received.headers["user-agent"].startswith("Townhall/")
    assert settings.TOWNHALL_BASE_URL in received.headers["user-agent"]


def test_the_client_connects_to_the_address_it_checked_and_keeps_the_host_name(
    settings, server, fake_dns
):
    """A rebinding DNS server cannot swap the address: we connect to what we checked."""
    settings.TOWNHALL_OUTBOUND_ALLOWED_HOSTS = [f"hooks.internal:{server.port}"]
    fake_dns["hooks.internal"] = ["127.0.0.1"]
    fetch(f"http://hooks.internal:{server.port}/path?q=1")
    assert fake_dns["__lookups__"].count("hooks.internal") == 1  # nobody asked DNS again
    assert server.requests[0].headers["host"] == f"hooks.internal:{server.port}"
    assert server.requests[0].path == "/path?q=1"


def test_a_redirect_to_a_loopback_address_is_refused(settings, server, caplog):
    settings.TOWNHALL_OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{server.port}"]
    server.redirect_to = f"http://127.0.0.1:{server.port + 1}/internal"
    with (
        caplog.at_level(logging.WARNING, logger="townhall.core.outbound"),
        pytest.raises(OutboundRefused, match="loopback"),
    ):
        fetch(server.url)
    assert len(server.requests) == 1
    assert "/internal refused" in caplog.text


def test_a_redirect_to_cloud_metadata_is_refused(settings, server):
    settings.TOWNHALL_OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{server.port}"]
    server.redirect_to = "http://169.254.169.254/latest/meta-data/"
    with pytest.raises(OutboundRefused, match="link-local"):
        fetch(server.url)


def test_endless_redirects_stop_after_three(settings, server):
    settings.TOWNHALL_OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{server.port}"]
    server.redirect_to = server.url
    with pytest.raises(OutboundError, match="more than 3 times"):
        fetch(server.url)
    assert len(server.requests) == 4


def test_a_long_answer_is_cut_at_max_bytes(settings, server):
    settings.TOWNHALL_OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{server.port}"]
    server.body = b"x" * 50_000
    response = fetch(server.url, max_bytes=1000)
    assert response.truncated and len(response.content) == 1000


def test_a_host_that_does_not_exist_is_an_error_not_a_crash(settings, fake_dns):
    with pytest.raises(OutboundError, match="could not be found"):
        check_url("https://no-such-host.invalid/")


def test_a_closed_port_is_an_outbound_error(settings):
    from townhall.core.tests.isolated import free_port

    port = free_port()
    settings.TOWNHALL_OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{port}"]
    with pytest.raises(OutboundError, match="The request failed"):
        fetch(f"http://127.0.0.1:{port}/")

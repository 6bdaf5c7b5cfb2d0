"""The one guarded client for every HTTP request Townhall makes to an address someone typed.

Webhooks, link previews and identity-provider discovery all fetch URLs that people give us,
so each could be turned against the machines next to ours (server-side request forgery):
`http://169.254.169.254/` (cloud metadata), `http://127.0.0.1:6379/`, `http://10.0.0.5/admin`.

    from townhall.core.outbound import OutboundError, OutboundRefused, fetch

    response = fetch(url, method="POST", content=body, headers={...}, max_bytes=64_000)

How it defends:

- only http and https, with a host name or address, no user name or password in the URL;
- it resolves the host itself and refuses when ANY address it resolves to is private,
  loopback, link-local, multicast, reserved, unspecified or otherwise not global (IPv4-mapped
  and 6to4 IPv6 addresses are judged by the IPv4 address inside);
- it then connects to exactly the address it checked (the URL is rewritten to the address;
  the Host header and TLS server name stay the original host, so certificates are checked
  as usual): a DNS answer that changes between check and connect (DNS rebinding) changes
  nothing;
- it follows at most MAX_REDIRECTS redirects itself, checking every hop the same way;
- it reads at most `max_bytes` of the body and gives up after TOTAL_SECONDS in all.

An admin lets Townhall reach an internal host by listing it in
TOWNHALL_OUTBOUND_ALLOWED_HOSTS (`host` or `host:port`, comma-separated). Every refusal is
logged (logger "townhall.core.outbound") and raised as `OutboundRefused`, whose message
names the reason; every other failure (timeout, refused connection, TLS) is an
`OutboundError`. `OutboundRefused` is an `OutboundError`, so one `except` catches both.
"""

import ipaddress
import json as jsonlib
import logging
import socket
import time
from dataclasses import dataclass, field
from importlib import metadata
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx
from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

MAX_REDIRECTS = 3
TOTAL_SECONDS = 5.0
MAX_BYTES = 1_000_000
REDIRECT_CODES = (301, 302, 303, 307, 308)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class OutboundError(Exception):
    """The request could not be made or did not complete (network, TLS, timeout ...)."""


class OutboundRefused(OutboundError):
    """The request was refused before connecting: the message says why."""


@dataclass
class Response:
    status_code: int
    headers: httpx.Headers
    content: bytes
    url: str  # the final URL, after redirects
    elapsed_ms: int
    truncated: bool = False  # the body was longer than max_bytes; `content` is its start
    redirects: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return 200 <= self.status_code < 300

    @property
    def text(self) -> str:
        return self.content.decode(self._charset(), errors="replace")

    def json(self):
        return jsonlib.loads(self.content)

    def _charset(self) -> str:
        content_type = self.headers.get("content-type", "")
        for part in content_type.split(";")[1:]:
            key, _sep, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip('"')
        return "utf-8"


def user_agent() -> str:
    try:
        version = metadata.version("townhall")
    except metadata.PackageNotFoundError:
        version = "dev"
    return f"Townhall/{version} (+{settings.TOWNHALL_BASE_URL})"


# --- deciding whether an address may be reached ---------------------------------------------


def forbidden_reason(address: IPAddress) -> str | None:
    """Why `address` must not be reached, or None for an ordinary public address."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = address.ipv4_mapped or address.sixtofour
        if inner is not None:
            return forbidden_reason(inner)
    checks = (
        ("is_unspecified", _("an unspecified address")),
        ("is_loopback", _("a loopback address")),
        ("is_link_local", _("a link-local address")),
        ("is_multicast", _("a multicast address")),
        ("is_private", _("a private address")),
        ("is_reserved", _("a reserved address")),
    )
    for attribute, reason in checks:
        if getattr(address, attribute):
            return reason
    if not address.is_global:
        return _("an address that is not public")
    return None


def _allowed_entries() -> set[str]:
    return {entry.strip().lower() for entry in settings.TOWNHALL_OUTBOUND_ALLOWED_HOSTS if entry}


def is_allowed_host(host: str, port: int) -> bool:
    """Has an admin listed this host (any port) or this host:port?"""
    entries = _allowed_entries()
    host = host.lower()
    shown = f"[{host}]" if ":" in host else host
    return host in entries or shown in entries or f"{shown}:{port}" in entries


def _resolve(host: str, port: int) -> list[IPAddress]:
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return [literal]
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise OutboundError(_("The host %(host)s could not be found.") % {"host": host}) from error
    addresses = []
    for _family, _type, _proto, _name, sockaddr in answers:
        address = ipaddress.ip_address(sockaddr[0].split("%")[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise OutboundError(_("The host %(host)s could not be found.") % {"host": host})
    return addresses


@dataclass(frozen=True)
class Target:
    """A URL that passed the checks, and the one address to connect to for it."""

    url: str
    scheme: str
    host: str
    port: int
    address: IPAddress

    def connect_url(self) -> str:
        """The URL with the checked address in place of the host name."""
        parts = urlsplit(self.url)
        shown = f"[{self.address}]" if self.address.version == 6 else str(self.address)
        return urlunsplit(
            (parts.scheme, f"{shown}:{self.port}", parts.path or "/", parts.query, "")
        )

    def host_header(self) -> str:
        shown = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return shown if self.port == default else f"{shown}:{self.port}"


def _refuse(url: str, reason: str) -> OutboundRefused:
    logger.warning("outbound request to %s refused: %s", url, reason)
    return OutboundRefused(reason)


def check_url(url: str) -> Target:
    """Check `url` and resolve its host: a Target to connect to, or OutboundRefused/OutboundError.

    Also what a form calls to tell a person at once why their URL cannot be used.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise _refuse(url, _("This is not a valid web address.")) from error
    if parts.scheme not in ("http", "https"):
        raise _refuse(url, _("Only http:// and https:// addresses can be used."))
    if not parts.hostname:
        raise _refuse(url, _("The address has no host name."))
    if parts.username or parts.password:
        raise _refuse(url, _("The address must not contain a user name or password."))
    host = parts.hostname.lower().rstrip(".")
    port = port or (443 if parts.scheme == "https" else 80)
    addresses = _resolve(host, port)
    if not is_allowed_host(host, port):
        for address in addresses:
            reason = forbidden_reason(address)
            if reason:
                raise _refuse(
                    url,
                    _(
                        "%(host)s is %(reason)s (%(address)s); Townhall does not send requests "
                        "there unless an administrator lists the host in "
                        "TOWNHALL_OUTBOUND_ALLOWED_HOSTS."
                    )
                    % {"host": host, "reason": reason, "address": address},
                )
    return Target(url=url.strip(), scheme=parts.scheme, host=host, port=port, address=addresses[0])


# --- making the request ----------------------------------------------------------------------


def _read(stream: httpx.Response, max_bytes: int, deadline: float) -> tuple[bytes, bool]:
    chunks, size = [], 0
    for chunk in stream.iter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            return b"".join(chunks)[:max_bytes], True
        if time.monotonic() > deadline:
            raise OutboundError(
                _("The answer took longer than %(s)s seconds.") % {"s": TOTAL_SECONDS}
            )
    return b"".join(chunks), False


def _send_once(client, target: Target, method, content, headers, max_bytes, deadline):
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise OutboundError(_("The request took longer than %(s)s seconds.") % {"s": TOTAL_SECONDS})
    request = client.build_request(
        method,
        target.connect_url(),
        content=content,
        headers={**headers, "Host": target.host_header()},
        timeout=httpx.Timeout(remaining),
        extensions={"sni_hostname": target.host} if target.scheme == "https" else {},
    )
    try:
        stream = client.send(request, stream=True)
        try:
            body, truncated = _read(stream, max_bytes, deadline)
        finally:
            stream.close()
    except httpx.TimeoutException as error:
        raise OutboundError(
            _("The request took longer than %(s)s seconds.") % {"s": TOTAL_SECONDS}
        ) from error
    except httpx.HTTPError as error:
        raise OutboundError(
            _("The request failed: %(error)s") % {"error": str(error) or type(error).__name__}
        ) from error
    return stream, body, truncated


def fetch(
    url: str,
    *,
    method: str = "GET",
    json=None,
    content: bytes | None = None,
    headers: dict[str, str] | None = None,
    max_bytes: int = MAX_BYTES,
) -> Response:
    """Make one guarded request (following up to MAX_REDIRECTS checked redirects)."""
    if json is not None:
        content = jsonlib.dumps(json, separators=(",", ":")).encode()
        headers = {"Content-Type": "application/json", **(headers or {})}
    headers = {"User-Agent": user_agent(), **(headers or {})}
    started = time.monotonic()
    deadline = started + TOTAL_SECONDS
    redirects: list[str] = []
    with httpx.Client(follow_redirects=False, trust_env=False) as client:
        while True:
            target = check_url(url)
            stream, body, truncated = _send_once(
                client, target, method, content, headers, max_bytes, deadline
            )
            location = stream.headers.get("location")
            if stream.status_code not in REDIRECT_CODES or not location:
                break
            if len(redirects) >= MAX_REDIRECTS:
                raise OutboundError(
                    _("The address redirected more than %(n)s times.") % {"n": MAX_REDIRECTS}
                )
            next_url = urljoin(url, location)
            if urlsplit(next_url).hostname != urlsplit(url).hostname:
                headers = {
                    k: v for k, v in headers.items() if k.lower() not in ("authorization", "cookie")
                }
            url = next_url
            redirects.append(url)
            if stream.status_code in (301, 302, 303) and method != "HEAD":
                method, content = "GET", None
                headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
    return Response(
        status_code=stream.status_code,
        headers=stream.headers,
        content=body,
        url=url,
        elapsed_ms=round((time.monotonic() - started) * 1000),
        truncated=truncated,
        redirects=redirects,
    )

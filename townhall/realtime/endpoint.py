"""Where a page opens its WebSocket, and what the Content-Security-Policy must allow for it.

TOWNHALL_REALTIME_URL (parsed by townhall.config):
  ""                       the site's own /ws/ (a load balancer sends /ws/ to the realtime
                           process: docs/realtime.md); CSP 'self' covers it
  ":8001"                  port 8001 on the host the page came from (`townhall serve` sets
                           this for its own realtime process)
  "wss://rt.example/ws/"   that address
  "off"                    no WebSocket; pages poll ("N new posts") as before
Imported by settings.py, so it imports nothing from Django.
"""

from urllib.parse import urlsplit


def connect_sources(realtime_url: str, allowed_hosts: list[str]) -> list[str]:
    """CSP connect-src entries (beyond 'self') the realtime address needs."""
    if realtime_url.startswith(":"):
        port = realtime_url[1:]
        sources = []
        for host in allowed_hosts:
            if ":" in host:
                continue  # an IPv6 address: CSP has no syntax for it (browsers reject the source)
            if host == "*":
                name = "*"
            elif host.startswith("."):
                name = f"*{host}"
            else:
                name = host
            sources += [f"ws://{name}:{port}", f"wss://{name}:{port}"]
        return sources
    if realtime_url.startswith(("ws://", "wss://")):
        parts = urlsplit(realtime_url)
        return [f"{parts.scheme}://{parts.netloc}"]
    return []

"""Request plumbing that every view relies on."""

import ipaddress

from django.conf import settings


class TrustedProxyMiddleware:
    """Believe X-Forwarded-For only when the connection comes from a configured proxy.

    The client address is the right-most address in the header that is not itself a trusted
    proxy, so a client cannot forge its way past rate limits by sending its own header.
    X-Forwarded-Proto is likewise dropped unless a trusted proxy sent it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.proxies = settings.TOWNHALL_TRUSTED_PROXIES

    def _trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.proxies)

    def __call__(self, request):
        peer = request.META.get("REMOTE_ADDR", "")
        if not self._trusted(peer):
            # Only a trusted proxy may say the request came over HTTPS (SECURE_PROXY_SSL_HEADER).
            request.META.pop("HTTP_X_FORWARDED_PROTO", None)
            return self.get_response(request)
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
            client = peer
            for hop in reversed(hops):
                client = hop
                if not self._trusted(hop):
                    break
            request.META["REMOTE_ADDR"] = client
        return self.get_response(request)

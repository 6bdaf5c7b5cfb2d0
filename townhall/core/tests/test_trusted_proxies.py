"""Behind a reverse proxy, only the proxies named in TOWNHALL_TRUSTED_PROXIES are believed."""

import ipaddress

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from townhall.core.middleware import TrustedProxyMiddleware


def seen_by_the_app(settings, *, peer, headers, proxies):
    settings.TOWNHALL_TRUSTED_PROXIES = [ipaddress.ip_network(p) for p in proxies]
    seen = {}

    def view(request):
        seen["address"] = request.META["REMOTE_ADDR"]
        seen["proto"] = request.META.get("HTTP_X_FORWARDED_PROTO")
        return HttpResponse()

    request = RequestFactory().get("/", REMOTE_ADDR=peer, **headers)
    TrustedProxyMiddleware(view)(request)
    return seen


def test_a_trusted_proxy_passes_on_the_real_client_address_and_scheme(settings):
    seen = seen_by_the_app(
        settings,
        peer="10.0.0.5",
        headers={"HTTP_X_FORWARDED_FOR": "203.0.113.9", "HTTP_X_FORWARDED_PROTO": "https"},
        proxies=["10.0.0.0/24"],
    )
    assert seen == {"address": "203.0.113.9", "proto": "https"}


def test_a_client_cannot_forge_its_address_through_a_trusted_proxy(settings):
    # The client sent its own X-Forwarded-For; the proxy appended the real address.
    seen = seen_by_the_app(
        settings,
        peer="10.0.0.5",
        headers={"HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.9"},
        proxies=["10.0.0.5"],
    )
    assert seen["address"] == "203.0.113.9"


@pytest.mark.parametrize("proxies", [[], ["10.0.0.0/24"]])
def test_headers_from_an_untrusted_peer_are_ignored(settings, proxies):
    seen = seen_by_the_app(
        settings,
        peer="198.51.100.7",
        headers={"HTTP_X_FORWARDED_FOR": "1.2.3.4", "HTTP_X_FORWARDED_PROTO": "https"},
        proxies=proxies,
    )
    assert seen == {"address": "198.51.100.7", "proto": None}

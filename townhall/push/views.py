"""The installable app (manifest, service worker, offline page) and the push switch."""

import json
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_POST

from townhall.core.site import current_site_settings
from townhall.push import actions, vapid

SERVICE_WORKER = Path(__file__).parent / "static" / "push" / "sw.js"
THEME_COLOR = "#1f5fbf"


@cache_control(max_age=3600, public=True)
def manifest(request):
    name = current_site_settings().name
    data = {
        "name": name,
        "short_name": name[:12],
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#f6f7f9",
        "theme_color": THEME_COLOR,
        "icons": [
            {
                "src": static(f"push/icon-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "any maskable",
            }
            for size in (192, 512)
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json")


@never_cache
def service_worker(request):
    response = HttpResponse(SERVICE_WORKER.read_bytes(), content_type="text/javascript")
    response["Service-Worker-Allowed"] = "/"
    return response


@cache_control(max_age=3600, public=True)
def offline(request):
    """What the service worker shows when the network is gone: nothing personal in it."""
    return render(request, "push/offline.html")


@login_required
def device(request):
    return render(
        request, "push/device.html", {"vapid_key": vapid.public_key(), "nav": "notifications"}
    )


def _json_body(request) -> dict:
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        data = None
    return data if isinstance(data, dict) else {}


@require_POST
@login_required
def subscribe(request):
    data = _json_body(request)
    keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
    try:
        actions.subscribe(
            actor=request.user,
            endpoint=str(data.get("endpoint") or ""),
            p256dh=str(keys.get("p256dh") or ""),
            auth=str(keys.get("auth") or ""),
            user_agent=request.headers.get("User-Agent", ""),
        )
    except ValidationError as error:
        return JsonResponse({"code": error.code, "message": error.messages[0]}, status=400)
    return JsonResponse({"message": _("Push notifications are on for this device.")}, status=201)


@require_POST
@login_required
def unsubscribe(request):
    endpoint = str(_json_body(request).get("endpoint") or "")
    actions.unsubscribe(actor=request.user, endpoint=endpoint)
    return JsonResponse({"message": _("Push notifications are off for this device.")})

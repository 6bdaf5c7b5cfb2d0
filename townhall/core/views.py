"""Endpoints that belong to no single feature: health and uploaded media."""

import mimetypes

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import FileResponse, Http404, JsonResponse
from django.utils._os import safe_join
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    down = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        down.append("database")
    if settings.TOWNHALL_REDIS_URL:
        try:
            cache.set("readyz", "1", timeout=5)
        except Exception:
            down.append("redis")
    if down:
        return JsonResponse({"status": "unavailable", "down": down}, status=503)
    return JsonResponse({"status": "ok"})


@login_required
def media(request, name: str):
    """Uploaded files, for signed-in people only, never rendered as a page of this site."""
    try:
        path = safe_join(settings.MEDIA_ROOT, name)
    except Exception as error:
        raise Http404 from error
    try:
        handle = open(path, "rb")  # noqa: SIM115 - FileResponse closes it
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as error:
        raise Http404 from error
    content_type, _ = mimetypes.guess_type(path)
    if content_type not in ("image/jpeg", "image/png", "image/webp"):
        content_type = "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=86400"
    return response

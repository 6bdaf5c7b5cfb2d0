"""The notifications part of the JSON API (mounted under /api/v1/ in townhall/api/urls.py)."""

from ninja import Router

router = Router(tags=["notifications"])

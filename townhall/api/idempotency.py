"""`Idempotency-Key` on create requests: a retry returns the first answer, never a duplicate.

    return run_once(request, lambda: (201, body_of_the_new_thing))

How it holds across processes: the key row (user, key) is inserted *first*, in the same
transaction as the write it guards. Two identical requests arriving together race on the
unique constraint: on PostgreSQL the second INSERT waits until the first transaction ends,
then fails (it committed) or goes ahead (it rolled back); on SQLite IMMEDIATE transactions
let only one writer in at a time. The loser reads the committed row and answers with the
stored status and body (header `Idempotent-Replayed: true`). A failed request stores
nothing (its transaction rolls back), so it can be retried with the same key.

The fingerprint is a SHA-256 of method, path and body: the same key with a different
request is a 422 `idempotency_key_reused`. Keys are kept for KEEP_FOR (24 hours) per
person; older rows count as absent and are purged lazily on the person's next keyed
request, and for everyone by `purge_expired_keys` (the `purge_idempotency_keys` task).
"""

import hashlib
import json
import re
from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Status

from townhall.api.errors import ApiError
from townhall.api.models import IdempotencyKey

HEADER = "Idempotency-Key"
KEEP_FOR = timedelta(hours=24)
_KEY = re.compile(r"[\x21-\x7e]{1,255}")  # visible ASCII, as HTTP header values allow


def fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    for part in (request.method or "", request.get_full_path()):
        digest.update(part.encode())
        digest.update(b"\n")
    digest.update(request.body)
    return digest.hexdigest()


def _clean_key(raw: str) -> str:
    key = raw.strip()
    if not _KEY.fullmatch(key):
        raise ApiError(
            400,
            "bad_idempotency_key",
            _("An Idempotency-Key is 1 to 255 visible ASCII characters (a UUID is ideal)."),
        )
    return key


def purge_expired_keys(user=None) -> int:
    """Delete keys older than KEEP_FOR (of one person, or everyone's). Returns how many."""
    expired = IdempotencyKey.objects.filter(created_at__lt=timezone.now() - KEEP_FOR)
    if user is not None:
        expired = expired.filter(user=user)
    deleted, _by_model = expired.delete()
    return deleted


def _replay(row: IdempotencyKey, request_fingerprint: str) -> HttpResponse:
    if row.fingerprint != request_fingerprint:
        raise ApiError(
            422,
            "idempotency_key_reused",
            _(
                "This Idempotency-Key was already used for a different request. Use a new "
                "key for each new request."
            ),
        )
    response = HttpResponse(
        json.dumps(row.response, ensure_ascii=False),
        status=row.status,
        content_type="application/json; charset=utf-8",
    )
    response["Idempotent-Replayed"] = "true"
    return response


def run_once(request: HttpRequest, create: Callable[[], tuple[int, dict]]):
    """Run `create` (which writes and returns (status, JSON-ready body)) at most once per
    key. Without the header it simply runs."""
    raw = request.headers.get(HEADER)
    if raw is None:
        return Status(*create())
    key = _clean_key(raw)
    actor = request.auth
    wanted = fingerprint(request)
    with transaction.atomic():
        purge_expired_keys(actor)
        try:
            with transaction.atomic():
                row = IdempotencyKey.objects.create(user=actor, key=key, fingerprint=wanted)
        except IntegrityError:
            row = None
        if row is not None:
            status, body = create()
            row.status, row.response = status, body
            row.save(update_fields=["status", "response"])
            return Status(status, body)
        # Another request with this key committed first (we waited for it at the INSERT).
        first = IdempotencyKey.objects.get(user=actor, key=key)
    return _replay(first, wanted)

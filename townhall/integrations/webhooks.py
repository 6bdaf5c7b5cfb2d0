"""What a webhook delivery says, how it is signed, and one attempt at sending it.

The body is built once, when the event reaches the webhooks consumer, from what the event
is about right then; every retry sends the very same bytes with a fresh timestamp and
signature. Payloads name people by username and display name and content by id, URL and
text; they never carry anything from outside the webhook's scope, which
townhall.access.integrations.webhook_may_hear decides before a body is built.
"""

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from townhall.core.outbound import OutboundError, OutboundRefused, fetch
from townhall.events.models import Event
from townhall.groups.models import Group
from townhall.integrations.models import Bot, WebhookAttempt, WebhookDelivery

SIGNATURE_HEADER = "X-Townhall-Signature"
TIMESTAMP_HEADER = "X-Townhall-Timestamp"
# After attempt n fails, attempt n+1 comes this much later: about 21 hours in all.
RETRY_DELAYS = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
    timedelta(hours=12),
]
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
SNIPPET_CHARS = 500
MAX_RESPONSE_BYTES = 16_000
CLAIM_SECONDS = 60  # longer than a request may take (townhall.core.outbound.TOTAL_SECONDS)


def sign(secret: str, body: bytes) -> str:
    """The value of X-Townhall-Signature: `sha256=` and the hex HMAC-SHA256 of the body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _absolute(path: str) -> str:
    return settings.TOWNHALL_BASE_URL + path


def _person(user) -> dict | None:
    if user is None:
        return None
    is_bot = Bot.objects.filter(user_id=user.pk).exists() if not user.is_active else False
    return {"username": user.username, "display_name": str(user), "bot": is_bot}


def _group(group: Group | None) -> dict | None:
    if group is None:
        return None
    return {
        "slug": group.slug,
        "name": group.name,
        "url": _absolute(reverse("groups:detail", args=[group.slug])),
    }


def _post(post) -> dict:
    return {
        "id": post.pk,
        "url": _absolute(reverse("posts:detail", args=[post.pk])),
        "author": _person(post.author),
        "text": post.body,
        "created_at": post.created_at.isoformat(),
    }


def _comment(comment) -> dict:
    return {
        "id": comment.pk,
        "url": _absolute(
            reverse("posts:detail", args=[comment.post_id]) + f"#comment-{comment.pk}"
        ),
        "author": _person(comment.author),
        "text": comment.body,
        "parent_id": comment.parent_id,
        "created_at": comment.created_at.isoformat(),
    }


@dataclass
class About:
    """What an event is about: the group it happened in (None: organisation) and the details."""

    group: Group | None
    details: dict


def _load(event: Event):
    try:
        model = apps.get_model(event.subject_type)
    except (LookupError, ValueError):
        return None
    return model._default_manager.filter(pk=event.subject_id).first()


def _group_from_data(event: Event) -> Group | None:
    group_id = event.data.get("group")
    return Group.objects.filter(pk=group_id).first() if group_id else None


def _about_post(post) -> About | None:
    if post is None or post.deleted_at is not None:
        return None
    return About(post.group, {"post": _post(post)})


def _about_comment(comment) -> About | None:
    if comment is None or comment.deleted_at is not None or comment.post.deleted_at is not None:
        return None
    return About(comment.post.group, {"post": _post(comment.post), "comment": _comment(comment)})


def _about_reaction(reaction) -> About | None:
    if reaction is None:
        return None
    target = _about_comment(reaction.comment) if reaction.comment_id else None
    if reaction.post_id:
        target = _about_post(reaction.post)
    if target is None:
        return None
    target.details["reaction"] = {"kind": reaction.kind, "by": _person(reaction.user)}
    return target


def _about_membership(event: Event, subject) -> About | None:
    label = event.subject_type
    if label == "groups.membership" and subject is not None:
        group, person = subject.group, subject.user
    else:
        group = subject if label == "groups.group" else _group_from_data(event)
        user_model = apps.get_model(settings.AUTH_USER_MODEL)
        person_id = event.data.get("user") or event.data.get("person") or event.actor_id
        person = user_model.objects.filter(pk=person_id).first()
    if group is None:
        return None
    return About(group, {"member": _person(person)})


def about(event: Event) -> About | None:
    """What `event` is about, or None when it is gone (deleted since) or not understood."""
    subject = _load(event)
    if event.kind in ("group.member_joined", "group.member_left"):
        return _about_membership(event, subject)
    if event.subject_type == "posts.post":
        return _about_post(subject)
    if event.subject_type == "posts.comment":
        return _about_comment(subject)
    if event.subject_type == "posts.reaction":
        return _about_reaction(subject)
    if event.kind == "person.followed" and subject is not None:
        return About(None, {"person": _person(subject)})
    return None


def body_for(*, kind: str, delivery_id: str, actor, about: About, created_at) -> str:
    payload = {
        "id": delivery_id,
        "event": kind,
        "created_at": created_at.isoformat(),
        "organisation": settings.TOWNHALL_BASE_URL,
        "actor": _person(actor),
        "group": _group(about.group),
        **about.details,
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


@dataclass
class Outcome:
    status_code: int | None
    latency_ms: int | None
    snippet: str
    error: str

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def send(delivery: WebhookDelivery) -> Outcome:
    """Make one attempt at `delivery` through the guarded client; never raises."""
    body = delivery.body.encode()
    headers = {
        "Content-Type": "application/json",
        "X-Townhall-Event": delivery.kind,
        "X-Townhall-Delivery": str(delivery.pk),
        TIMESTAMP_HEADER: str(int(time.time())),
        SIGNATURE_HEADER: sign(delivery.webhook.secret, body),
    }
    started = time.monotonic()
    try:
        response = fetch(
            delivery.webhook.url,
            method="POST",
            content=body,
            headers=headers,
            max_bytes=MAX_RESPONSE_BYTES,
        )
    except OutboundRefused as refusal:
        return Outcome(None, None, "", ("refused: " + str(refusal))[:500])
    except OutboundError as error:
        elapsed = round((time.monotonic() - started) * 1000)
        return Outcome(None, elapsed, "", str(error)[:500])
    return Outcome(response.status_code, response.elapsed_ms, response.text[:SNIPPET_CHARS], "")


def next_attempt_after(attempts: int):
    """When to try again after `attempts` failed tries, or None to give up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return timezone.now() + RETRY_DELAYS[attempts - 1]


def _claim(delivery_id: int) -> WebhookDelivery | None:
    """Take the delivery for one attempt, so no other worker sends it at the same time."""
    now = timezone.now()
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + timedelta(seconds=CLAIM_SECONDS))
    if not claimed:
        return None
    return WebhookDelivery.objects.select_related("webhook").get(pk=delivery_id)


def attempt_delivery(delivery_id: int) -> WebhookAttempt | None:
    """Send a due delivery once and record what happened; None when it was not due."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return None
    outcome = send(delivery)
    with transaction.atomic():
        number = delivery.attempts + 1
        attempt = WebhookAttempt.objects.create(
            delivery=delivery,
            webhook=delivery.webhook,
            number=number,
            status_code=outcome.status_code,
            latency_ms=outcome.latency_ms,
            response_snippet=outcome.snippet,
            error=outcome.error,
        )
        retry_at = None if outcome.succeeded else next_attempt_after(number)
        if outcome.succeeded:
            status = WebhookDelivery.Status.DELIVERED
        elif retry_at is None:
            status = WebhookDelivery.Status.FAILED
        else:
            status = WebhookDelivery.Status.PENDING
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            attempts=F("attempts") + 1, status=status, next_attempt_at=retry_at
        )
    return attempt


def due_delivery_ids(limit: int = 500) -> list[int]:
    due = WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=timezone.now()
    )
    return list(due.order_by("next_attempt_at").values_list("pk", flat=True)[:limit])

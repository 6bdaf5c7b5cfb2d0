"""The outbox: `emit()` inside an action's transaction, delivery to consumers after commit.

    emit("reaction.added", actor=actor, subject=reaction, recipients=[post.author_id], post=post.pk)

writes one Event row in the caller's transaction, so the event exists exactly when the
change does. After commit a task hands it to every consumer (notifications, webhooks,
realtime ...). A consumer is a function registered with `@consumer("name")` in a module
called `consumers.py` of any app; it receives the Event and must only write to the
database and enqueue tasks after commit: it runs inside a transaction together with the
Delivery row that records it, so a retry after a crash either finds that row (and does
nothing) or redoes the whole delivery. Nothing is lost between commit and delivery either:
a periodic job (townhall/events/jobs.py) re-dispatches events still undelivered after a
minute.
"""

import functools
import logging
from collections.abc import Callable

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from townhall.core.tasks import enqueue_after_commit, retrying_task
from townhall.events.models import Delivery, Event

logger = logging.getLogger(__name__)

CONSUMERS: dict[str, Callable[[Event], None]] = {}
INSTANT: list[Callable[[list[int]], object]] = []


def consumer(name: str):
    """Register `function(event)` as the consumer called `name` (unique, at most 32 chars)."""

    def register(function):
        CONSUMERS[name] = function
        return function

    return register


def instant(function):
    """Register `function(event_ids)` to hear of an event right after its commit, in the
    process that emitted it. Best effort and for speed only (realtime pushes): a failure is
    logged and ignored, because the consumers still deliver every event durably."""
    INSTANT.append(function)
    return function


@functools.cache
def _discover() -> None:
    autodiscover_modules("consumers")


def consumers() -> dict[str, Callable[[Event], None]]:
    """Every registered consumer; the apps' consumers.py modules are imported once per process
    (emit() asks on every action, so this must cost nothing after the first call)."""
    _discover()
    return CONSUMERS


def _tell_instantly(event_id: int) -> None:
    for function in INSTANT:
        try:
            function([event_id])
        except Exception:
            logger.warning("instant listener %s failed on event %s", function, event_id)


def emit(kind: str, *, actor, subject: models.Model, recipients=(), **data) -> Event:
    """Record that `actor` did `kind` to `subject`; call it inside the action's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("emit() belongs inside the transaction of the change it reports")
    event = Event.objects.create(
        kind=kind,
        actor=actor if getattr(actor, "pk", None) else None,
        subject_type=subject._meta.label_lower,
        subject_id=subject.pk,
        recipients=sorted({int(pk) for pk in recipients}),
        data=data,
    )
    enqueue_after_commit(dispatch_event, event.pk)
    if consumers() and INSTANT:
        transaction.on_commit(lambda: _tell_instantly(event.pk))
    return event


# The outbox goes before every other queued task (default 0): a post's fan-out into the home
# lists, its notifications and realtime push must not wait behind bulk work queued earlier,
# such as the morning's digests (one task per person: thousands at once).
DISPATCH_PRIORITY = 50


@retrying_task(priority=DISPATCH_PRIORITY)
def dispatch_event(event_id: int, *, attempt: int = 1) -> list[str]:
    """Hand one event to every consumer; returns the consumers that ran this time.

    Each consumer runs in its own transaction, so one that fails neither undoes nor blocks
    the others; the task then raises and its retry skips those already delivered.
    """
    event = Event.objects.select_related("actor").filter(pk=event_id).first()
    if event is None:
        return []
    Event.objects.filter(pk=event_id, dispatched_at__isnull=True).update(
        dispatched_at=timezone.now()
    )
    ran, failed = [], []
    for name in consumers():
        try:
            if deliver(name, event):
                ran.append(name)
        except Exception:
            logger.exception("consumer %s failed on event %s", name, event_id)
            failed.append(name)
    if failed:
        raise RuntimeError(f"consumers {', '.join(failed)} failed on event {event_id}")
    return ran


def deliver(consumer_name: str, event: Event) -> bool:
    """Run one consumer for one event, once in effect. True when it ran this time."""
    function = consumers()[consumer_name]
    with transaction.atomic():
        try:
            with transaction.atomic():
                Delivery.objects.create(event=event, consumer=consumer_name)
        except IntegrityError:
            return False  # delivered before (or being delivered by another worker)
        function(event)
    return True

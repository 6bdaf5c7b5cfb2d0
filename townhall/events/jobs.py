"""Periodic safety net of the outbox (run by townhall.core.schedule)."""

import logging
from datetime import timedelta

from django.utils import timezone

from townhall.core.schedule import every
from townhall.events.models import Event
from townhall.events.outbox import dispatch_event

logger = logging.getLogger(__name__)

SWEEP_AFTER = timedelta(minutes=1)
SWEEP_BATCH = 500


@every(minutes=1)
def redispatch_stuck_events() -> int:
    """Events whose dispatch task never ran (a crash right after commit) go out again."""
    cutoff = timezone.now() - SWEEP_AFTER
    stuck = Event.objects.filter(dispatched_at__isnull=True, created_at__lt=cutoff)
    ids = list(stuck.order_by("pk").values_list("pk", flat=True)[:SWEEP_BATCH])
    for event_id in ids:
        dispatch_event.enqueue(event_id)
    if ids:
        logger.warning("re-dispatched %s undelivered events", len(ids))
    return len(ids)

"""Notifying a whole audience (announcements) in batches, one task per batch."""

from dataclasses import replace

from townhall.access.posts import audience_of_post
from townhall.core.tasks import enqueue_after_commit, retrying_task
from townhall.events.models import Event
from townhall.notifications import mailing
from townhall.notifications.actions import notify
from townhall.notifications.rules import notices_for
from townhall.posts.models import Post

BATCH = 500


@retrying_task()
def notify_audience(event_id: int, after: int = 0, *, attempt: int = 1) -> int:
    """Notify the next BATCH people (by id, after `after`) who may see the event's post;
    enqueue the next batch. Safe to run twice: notifications are upserted."""
    event = Event.objects.filter(pk=event_id).first()
    notices = [n for n in notices_for(event) if n.audience] if event else []
    if not notices:
        return 0
    notice = notices[0]
    post = Post.objects.select_related("group").filter(pk=notice.thread).first()
    if post is None:
        return 0
    audience = audience_of_post(post).filter(pk__gt=after).order_by("pk")
    batch = list(audience.values_list("pk", flat=True)[:BATCH])
    if not batch:
        return 0
    notify(notice=replace(notice, recipients=batch), actor_id=event.actor_id, check_access=False)
    if len(batch) == BATCH:
        enqueue_after_commit(notify_audience, event_id, batch[-1])
    return len(batch)


@retrying_task()
def email_person(person_id: int, *, attempt: int = 1) -> int:
    """Email the person what is pending (nothing if a run before this one sent it)."""
    return mailing.email_notifications(person_id=person_id)


@retrying_task()
def send_digest(person_id: int, period: str, *, attempt: int = 1) -> bool:
    """The person's digest for `period`; a second run finds its DigestRun and sends nothing."""
    return mailing.send_digest(person_id=person_id, period=period)

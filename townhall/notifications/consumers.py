"""Events become in-app notifications (townhall.events delivers each event once in effect)."""

from townhall.core.tasks import enqueue_after_commit
from townhall.events.models import Event
from townhall.events.outbox import consumer
from townhall.notifications.actions import notify
from townhall.notifications.rules import notices_for


@consumer("notifications")
def notifications_from_event(event: Event) -> None:
    from townhall.notifications.tasks import notify_audience

    for notice in notices_for(event):
        if notice.audience:
            enqueue_after_commit(notify_audience, event.pk)
        else:
            notify(notice=notice, actor_id=event.actor_id)

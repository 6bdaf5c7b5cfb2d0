"""Web Push for notifications: people choose the kinds they want pushed (PushKind), and
each notification of such a kind that is created or re-grouped for them is pushed to
every browser they turned push on in (townhall.push).

The text is the notification's own sentence and excerpt, built by the same presenters as
the in-app list, in the person's language, and only after `visible_notifications` says
they may still see it: a push never says more than the notifications page would.
"""

from django.urls import reverse

from townhall.access.notifications import visible_notifications
from townhall.accounts.models import User
from townhall.core.tasks import retrying_task
from townhall.notifications.emails import as_seen_by
from townhall.notifications.models import Notification
from townhall.notifications.selectors import present
from townhall.push.models import PushSubscription
from townhall.push.tasks import push_to_person


@retrying_task()
def push_notifications(notification_ids: list[int], *, attempt: int = 1) -> int:
    """Push each notification to its recipient's browsers; return how many were pushed."""
    rows = Notification.objects.filter(pk__in=notification_ids)
    subscribed = PushSubscription.objects.filter(person_id__in=rows.values("recipient_id"))
    people = User.objects.filter(pk__in=subscribed.values("person_id"))
    pushed = 0
    for person in people:
        mine = visible_notifications(person, rows).select_related("last_actor")
        with as_seen_by(person):
            for item in present(list(mine)):
                push_to_person(
                    person.pk,
                    title=item.text,
                    body=item.excerpt if item.excerpt not in item.text else "",
                    url=reverse("notifications:open", args=[item.notification.pk]),
                    tag=f"notification-{item.notification.pk}",
                )
                pushed += 1
    return pushed

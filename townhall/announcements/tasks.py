"""Background work of announcements. Tasks take ids and are safe to run twice."""

from django.db import transaction
from django.utils import timezone

from townhall.announcements.models import Reminder
from townhall.announcements.selectors import unread_audience
from townhall.core.tasks import retrying_task
from townhall.events.outbox import emit


@retrying_task()
def send_reminder(reminder_id: int, *, attempt: int = 1) -> int:
    """Emit "announcement.reminded" to everyone who can see the announcement and has not
    acknowledged it (notifications turn the event into in-app notices and emails).
    Returns how many people it reached; a reminder already sent is not sent again."""
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(of=("self",))
            .select_related("announcement__post__group", "requested_by")
            .filter(pk=reminder_id, sent_at__isnull=True)
            .first()
        )
        if reminder is None:
            return 0
        announcement = reminder.announcement
        recipients = list(unread_audience(announcement).values_list("pk", flat=True))
        if recipients:
            emit(
                "announcement.reminded",
                actor=reminder.requested_by,
                subject=announcement,
                recipients=recipients,
                post=announcement.post_id,
            )
        reminder.sent_at = timezone.now()
        reminder.recipient_count = len(recipients)
        reminder.save(update_fields=["sent_at", "recipient_count"])
        return len(recipients)

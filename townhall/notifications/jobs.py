"""Periodic jobs of notifications: find who is due an email or a digest, and hand each
person to a task (townhall.notifications.tasks), so a slow SMTP server or a large
organisation never holds up the clock."""

from townhall.core.schedule import every
from townhall.core.tasks import enqueue_after_commit
from townhall.notifications import mailing
from townhall.notifications.tasks import email_person, send_digest


@every(minutes=1)
def email_notifications() -> int:
    """Mentions, replies, invitations ... by email within a minute, to people who are away."""
    people = mailing.recipients_due()
    for person_id in people:
        enqueue_after_commit(email_person, person_id)
    return len(people)


@every(minutes=15)
def send_digests() -> int:
    """Daily and weekly digests, from each person's morning in their time zone."""
    due = mailing.digests_due()
    for person_id, period in due:
        enqueue_after_commit(send_digest, person_id, period)
    return len(due)

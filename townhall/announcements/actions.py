"""Writes to announcements: publish, acknowledge ("Got it"), remind.

Keyword-only arguments, the acting person as `actor`, one transaction each, access
re-checked inside (townhall.access.announcements). Errors for callers to map:

- ``Http404``: the actor cannot see the announcement or the target group (same as missing);
- ``PermissionDenied``: they see it but may not do this (announce without the role, ...);
- ``ValidationError``: bad input (empty text, ...) or a reminder sent less than a day ago
  (code ``too_soon``).
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from townhall.access import announcements as access
from townhall.access.groups import can_view_group
from townhall.announcements.models import Acknowledgement, Announcement, Reminder
from townhall.announcements.tasks import send_reminder
from townhall.core.tasks import enqueue_after_commit
from townhall.events.outbox import emit
from townhall.groups.models import Group
from townhall.posts.actions import create_post
from townhall.posts.models import Post

REMINDER_INTERVAL = timedelta(days=1)


def _current(actor, announcement: Announcement) -> Announcement:
    current = (
        Announcement.objects.select_related("post", "post__group")
        .filter(pk=announcement.pk)
        .first()
    )
    if current is None or not access.can_view_announcement(actor, current):
        raise Http404
    return current


@transaction.atomic
def publish_announcement(*, actor, body: str, group: Group | None = None) -> Announcement:
    """Announce to the whole organisation (group=None) or in a group. The text is a post
    (Markdown, @mentions, #topics), so it reaches feeds, search, comments and reactions."""
    if group is not None:
        group = Group.objects.filter(pk=group.pk).first()
        if group is None or not can_view_group(actor, group):
            raise Http404
    if not access.can_announce(actor, group):
        raise PermissionDenied(
            _("Only leaders, admins and the group's owners and admins can announce in this group.")
            if group is not None
            else _("Only leaders and admins can announce to the whole organisation.")
        )
    post = create_post(actor=actor, body=body, group=group)
    announcement = Announcement.objects.create(post=post, created_at=post.created_at)
    emit(
        "announcement.published",
        actor=actor,
        subject=announcement,
        group=post.group_id,
        post=post.pk,
    )
    return announcement


@transaction.atomic
def acknowledge(*, actor, announcement: Announcement) -> Acknowledgement:
    """ "Got it": the announcement is no longer pinned for the actor. Twice is harmless."""
    announcement = _current(actor, announcement)
    if not access.can_acknowledge(actor, announcement):
        raise PermissionDenied(_("You wrote this announcement: there is nothing to confirm."))
    acknowledgement, _created = Acknowledgement.objects.get_or_create(
        announcement=announcement, person=actor
    )
    return acknowledgement


@transaction.atomic
def remind(*, actor, announcement: Announcement) -> Reminder:
    """Remind everyone who can see it and has not acknowledged it, at most once a day.
    The reminder goes out from a task after commit (townhall.announcements.tasks)."""
    announcement = _current(actor, announcement)
    if not access.can_remind(actor, announcement):
        raise PermissionDenied(_("Only the author and admins can send reminders."))
    # Lock the announcement so two clicks at once cannot both pass the once-a-day check.
    Post.objects.select_for_update().filter(pk=announcement.post_id).first()
    now = timezone.now()
    latest = announcement.reminders.order_by("-requested_at").first()
    if latest is not None and latest.requested_at > now - REMINDER_INTERVAL:
        next_at = latest.requested_at + REMINDER_INTERVAL
        raise ValidationError(
            _("A reminder went out less than a day ago. You can send the next one after %(when)s.")
            % {"when": date_format(timezone.localtime(next_at), "DATETIME_FORMAT")},
            code="too_soon",
        )
    reminder = Reminder.objects.create(
        announcement=announcement, requested_by=actor, requested_at=now
    )
    enqueue_after_commit(send_reminder, reminder.pk)
    return reminder

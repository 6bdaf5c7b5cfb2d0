"""Announcements: a post by a leader or admin, pinned for its readers until they say "Got it".

An Announcement is carried by a Post (one to one): the post holds the text, the audience
(the organisation or a group), comments, reactions, search and feeds; who may see an
announcement is who may see its post (townhall.access.announcements). An Acknowledgement
records that one person read it. A Reminder is one "remind those who have not read it"
request; its task fills in whom it reached.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Announcement(models.Model):
    post = models.OneToOneField("posts.Post", on_delete=models.CASCADE, related_name="announcement")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("announcement")
        indexes = [models.Index(fields=["-created_at", "-id"], name="announcement_newest")]

    def __str__(self) -> str:
        return f"announcement {self.pk} (post {self.post_id})"


class Acknowledgement(models.Model):
    """`person` pressed "Got it" on `announcement` at `at`."""

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="announcement_acknowledgements",
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("acknowledgement")
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "person"], name="one_acknowledgement_per_person"
            )
        ]
        indexes = [models.Index(fields=["person", "announcement"], name="acknowledgement_person")]


class Reminder(models.Model):
    """The author (or an admin) asked to remind those who have not read it yet.
    `sent_at` and `recipient_count` are filled in by the task that sends it."""

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="reminders"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("reminder")
        indexes = [models.Index(fields=["announcement", "-requested_at"], name="reminder_latest")]

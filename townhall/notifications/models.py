"""In-app notifications, the people behind them, preferences, muted threads, last seen.

One Notification row stands for everything of one kind that happened to one target for
one recipient ("Ann and 4 others reacted to your post"): the consumer upserts it, adds the
actor to NotificationActor and marks it unread again. `target_type` is a key of
townhall.access.notifications.TARGETS ("post", "comment", "group" ...), `target_id` the
target's primary key: whether the recipient may still see it is decided when it is read,
so a notification about something they lost access to disappears at once.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How a kind of notification reaches a person. Everything but OFF shows in-app."""

    IN_APP = "in_app", _("In the app only")
    EMAIL = "email", _("In the app and by email at once")
    DIGEST = "digest", _("In the app and in the digest")
    OFF = "off", _("Off")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32)
    target_type = models.CharField(max_length=32)
    target_id = models.BigIntegerField()
    # Extra ids or flags of the latest event (the reply to jump to, "approved" ...).
    data = models.JSONField(default=dict, blank=True)
    actor_count = models.PositiveIntegerField(default=0)
    last_actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set by the email sender; cleared when something new happens, so the digest skips
    # what was already emailed and includes what is new.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "target_type", "target_id"],
                name="one_notification_per_target_and_kind",
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "-updated_at", "-id"], name="notification_newest"),
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.target_type}:{self.target_id} for {self.recipient_id}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationActor(models.Model):
    """Someone who took part in a grouped notification; `at` is their latest time."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="actors")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["notification", "actor"], name="one_row_per_actor")
        ]


class Preference(models.Model):
    """A person's channel for one kind; kinds without a row use the kind's default."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=32)
    channel = models.CharField(max_length=8, choices=Channel)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="one_preference_per_kind")
        ]


class ThreadMute(models.Model):
    """`person` hears nothing more about `post` and its comments."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_mutes"
    )
    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["person", "post"], name="mute_thread_once")]


class LastSeen(models.Model):
    """When the person last used Townhall (updated at most once a minute)."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

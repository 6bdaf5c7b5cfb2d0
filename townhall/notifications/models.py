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


class Digest(models.TextChoices):
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Every week (on Monday)")
    NEVER = "never", _("Never")


class MailSettings(models.Model):
    """How much email a person wants; no row means the defaults (emails on, weekly digest).
    Changed on the settings page or by a one-click unsubscribe link."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    instant = models.BooleanField(_("email me at once about what cannot wait"), default=True)
    digest = models.CharField(
        _("digest of what I missed"), max_length=8, choices=Digest, default=Digest.WEEKLY
    )


class PushKind(models.Model):
    """`person` asked for a Web Push message for notifications of `kind` (opt-in)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_kinds"
    )
    kind = models.CharField(max_length=32)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "kind"], name="push_kind_once")]


class DigestRun(models.Model):
    """One digest for one person and period ("daily:2025-06-02", "weekly:2025-W23"): the
    unique row is what makes a rerun send nothing. `items` keeps what it held
    ({"notifications": [ids], "posts": [ids]}) so a later digest never repeats it."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=20)
    created_at = models.DateTimeField(default=timezone.now)
    items = models.JSONField(default=dict, blank=True)
    sent = models.BooleanField(default=False)  # False: there was nothing to tell

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "period"], name="one_digest_per_period")
        ]


class FeedToken(models.Model):
    """The secret in a person's private Atom feed URLs; only its SHA-256 is stored. Making a
    new one replaces (revokes) the old."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

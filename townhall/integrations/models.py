"""Outgoing webhooks (subscriptions, deliveries, attempts) and bots that post into a group.

Who may see or manage them is decided in townhall.access.integrations, never here.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from townhall.accounts.models import ApiToken

# The events a webhook can subscribe to, as the outbox names them (townhall.events).
EVENT_KINDS = {
    "post.created": _("A post is written"),
    "comment.created": _("A comment is written"),
    "reaction.added": _("Someone reacts to a post or comment"),
    "group.member_joined": _("Someone joins a group"),
    "group.member_left": _("Someone leaves a group"),
    "person.followed": _("Someone follows a colleague"),
}
# Kinds that are about no group, so only organisation webhooks can hear them.
ORGANISATION_ONLY_KINDS = ("person.followed",)
TEST_KIND = "webhook.test"


class Webhook(models.Model):
    """A URL that receives events of the organisation (group None) or of one group."""

    name = models.CharField(_("name"), max_length=80)
    url = models.URLField(_("URL"), max_length=500)
    # Needed in clear text to sign each delivery; shown to its creator once.
    secret = models.CharField(max_length=80, editable=False)
    events = models.JSONField(_("events"), default=list)
    group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.CASCADE, related_name="webhooks"
    )
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["group", "active"], name="webhook_scope")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_organisation_wide(self) -> bool:
        return self.group_id is None


class WebhookDelivery(models.Model):
    """One event (or a test) on its way to one webhook: the exact body that is signed."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Gave up")

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=64)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["webhook", "event"],
                condition=Q(event__isnull=False),
                name="one_delivery_per_webhook_event",
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="webhook_delivery_due",
            )
        ]


class WebhookAttempt(models.Model):
    """One try at a delivery: what the receiver answered (or why nothing was sent)."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="tries")
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    response_snippet = models.TextField(blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["webhook", "-created_at", "-id"], name="attempt_log")]

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class Bot(models.Model):
    """A group's bot: CI systems, monitoring, HR tools post into the group with its token.

    A bot writes as its own User row (`user`), which is deactivated and has no usable
    password: it can never sign in, appears in no directory or audience, and receives no
    notifications. Only the bot endpoint of the API acts as it, and only in `group`
    (docs/webhooks-and-bots.md).
    """

    name = models.CharField(_("name"), max_length=80)
    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="bots")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bot"
    )
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def hash_secret(secret: str) -> str:
        """The same SHA-256 as personal API tokens: only the hash is stored."""
        return ApiToken.hash_secret(secret)

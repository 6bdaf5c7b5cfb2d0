from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """Something others should hear about, written in the same transaction as the change.

    `subject_type` is the model label of what it is about ("posts.post"), `subject_id` its
    key. `recipients` are the people it is addressed to directly (the author of the post
    that got a reaction, the people praised); `data` holds further ids. Consumers
    (notifications, webhooks, realtime) read events; townhall/events/outbox.py delivers them.
    """

    kind = models.CharField(_("kind"), max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_type = models.CharField(max_length=64)
    subject_id = models.BigIntegerField()
    recipients = models.JSONField(default=list)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    dispatched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="event_subject"),
            models.Index(
                fields=["created_at"],
                condition=models.Q(dispatched_at__isnull=True),
                name="event_undispatched",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_type}:{self.subject_id}"


class Delivery(models.Model):
    """One consumer has handled one event: what makes a second delivery a no-op."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    consumer = models.CharField(max_length=32)
    delivered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "consumer"], name="one_delivery_per_consumer")
        ]

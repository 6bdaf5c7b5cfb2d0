"""What the API itself stores: the Idempotency-Key records of townhall.api.idempotency."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class IdempotencyKey(models.Model):
    """The first answer to a create request sent with `Idempotency-Key: <key>`.

    Kept per person for 24 hours (idempotency.KEEP_FOR). The row is inserted in the same
    transaction as the write it guards, so the unique (user, key) constraint is what lets
    exactly one of two simultaneous identical requests do the work.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)  # sha256 of method, path and body
    status = models.PositiveSmallIntegerField(default=0)  # 0 until the write is done
    response = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_idempotency_key_per_user")
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotency_key_age")]

    def __str__(self) -> str:
        return f"idempotency key {self.key!r} of {self.user_id}"

"""What the admin area keeps of its own: member imports from CSV (and their reports)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberImport(models.Model):
    """One uploaded CSV of members: previewed first, then imported once.

    The file's bytes are kept only between the preview and the import (then cleared); the
    per-row report (`rows`: row number, email, action, errors, changes) and the counts stay.
    """

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        IMPORTED = "imported", _("Imported")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=200, blank=True)
    content = models.BinaryField(blank=True, default=b"")
    status = models.CharField(max_length=10, choices=Status, default=Status.PREVIEWED)
    send_invitations = models.BooleanField(default=False)
    imported_at = models.DateTimeField(null=True, blank=True)
    file_errors = models.JSONField(default=list, blank=True)
    rows = models.JSONField(default=list, blank=True)
    counts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename or 'import'} ({self.status})"

    @property
    def failed_rows(self) -> list[dict]:
        return [row for row in self.rows if row.get("action") == "error"]

from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteSettings(models.Model):
    """The organisation-wide settings an admin edits in the admin area (one row, id 1)."""

    name = models.CharField(_("site name"), max_length=80, default="Townhall")
    allowed_email_domains = models.JSONField(
        _("allowed email domains"),
        default=list,
        help_text=_("People with an address at one of these domains may sign up."),
    )
    # Set through the admin area (townhall.siteadmin.actions.set_logo): a re-encoded WebP.
    logo = models.ImageField(_("logo"), upload_to="site/", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("site settings")


class OutgoingEmail(models.Model):
    """An email accepted for delivery. A task sends it; a failed send is retried, never lost."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    message = models.BinaryField()
    recipients = models.TextField()
    subject = models.CharField(max_length=998)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"])]


class PeriodicJob(models.Model):
    """When a periodic job (townhall.core.schedule) last ran, shared by every worker."""

    name = models.CharField(max_length=200, primary_key=True)
    last_run_at = models.DateTimeField()


class WorkerHeartbeat(models.Model):
    """A running `townhall worker` says it is alive; tasks of silent workers run again."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    seen_at = models.DateTimeField()

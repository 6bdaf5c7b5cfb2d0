"""What the commenters app stores besides the comments themselves (blogs.ArticleComment).

- `CommenterSettings`: one row (id 1): how visitor comments are held for moderation.
- `CommenterBlock`: an email address or IP address whose comments are refused.
- `ModerationNoticeOptOut`: an author who clicked "unsubscribe" in a moderation notice.
Follow-up subscriptions are `ArticleComment.notify_followups` on the visitor's comment.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CommenterSettings(models.Model):
    class Hold(models.TextChoices):
        ALL = "all", _("Hold every visitor comment for approval")
        FIRST_TIME = "first_time", _("Hold comments from first-time commenters only")
        NONE = "none", _("Publish visitor comments at once")

    hold = models.CharField(_("moderation"), max_length=12, choices=Hold, default=Hold.ALL)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("commenter settings")

    def __str__(self) -> str:
        return str(self.get_hold_display())


class CommenterBlock(models.Model):
    class Kind(models.TextChoices):
        EMAIL = "email", _("Email address")
        IP = "ip", _("IP address")

    kind = models.CharField(_("kind"), max_length=5, choices=Kind)
    value = models.CharField(_("value"), max_length=254)  # a lower-cased email or an IP
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="commenter_block_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


class ModerationNoticeOptOut(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)


class CommenterIdentity(models.Model):
    """A commenter's contact details from their external sign-in.

    The commenter's `User` gets a placeholder address (`User.email` is unique and may be a
    member's); the address the provider gave is kept here, for follow-up emails only.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="commenter_identity"
    )
    provider = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

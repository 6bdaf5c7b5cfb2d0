"""Reports, moderators' decisions, and what a moderator hid.

Content is named by its kind and id (`kind="post", object_id=7`), not a foreign key per
kind, so the access layer can exclude hidden content with one indexed subquery
(townhall.access.moderation.not_hidden) and no content-type lookup.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentKind(models.TextChoices):
    POST = "post", _("post")
    COMMENT = "comment", _("comment")
    ARTICLE = "article", _("article")
    ARTICLE_COMMENT = "article_comment", _("comment on an article")  # members' and visitors'


class Reason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    HARASSMENT = "harassment", _("Harassment or hate")
    CONFIDENTIAL = "confidential", _("Confidential information")
    MISINFORMATION = "misinformation", _("False or misleading")
    OTHER = "other", _("Something else")


class Outcome(models.TextChoices):
    DISMISS = "dismiss", _("Dismissed")
    HIDE = "hide", _("Hidden")
    DELETE = "delete", _("Deleted")
    WARN = "warn", _("Author warned")
    RESTORE = "restore", _("Shown again")  # undoes a "hide" (moderation.actions.restore)


class Decision(models.Model):
    """What a moderator decided about one piece of content (all its open reports)."""

    kind = models.CharField(max_length=16, choices=ContentKind.choices)
    object_id = models.BigIntegerField()
    group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    note = models.TextField(blank=True)
    excerpt = models.TextField(blank=True)  # what the content said, for the author's record
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["author", "-created_at"], name="decision_author")]

    def __str__(self) -> str:
        return f"{self.outcome} {self.kind}:{self.object_id}"


class Report(models.Model):
    """Someone asked moderators to look at a post, comment or article."""

    kind = models.CharField(max_length=16, choices=ContentKind.choices)
    object_id = models.BigIntegerField()
    group = models.ForeignKey(  # where the content lives: who may moderate it
        "groups.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author = models.ForeignKey(  # of the content
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=32, choices=Reason.choices)
    details = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )

    class Meta:
        indexes = [
            models.Index(fields=["kind", "object_id"], name="report_content"),
            models.Index(fields=["decision", "created_at"], name="report_open"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "reporter"],
                condition=models.Q(decision__isnull=True),
                name="one_open_report_per_reporter",
            )
        ]

    def __str__(self) -> str:
        return f"report {self.kind}:{self.object_id}"


class Hidden(models.Model):
    """Content a moderator hid: invisible on every path (townhall.access)."""

    kind = models.CharField(max_length=16, choices=ContentKind.choices)
    object_id = models.BigIntegerField()
    decision = models.ForeignKey(Decision, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="hidden_once"),
        ]

    def __str__(self) -> str:
        return f"hidden {self.kind}:{self.object_id}"

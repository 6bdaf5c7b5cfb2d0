"""A question is a post that asks something; its answers are the post's comments.

The Question row is carried by its post (created with it, in the same transaction, by
townhall.questions.actions.create_question) and records which answer the asker or a
moderator accepted. An accepted answer that is later deleted no longer counts: the
question is open again (see `Question.is_answered` and selectors.unanswered_filter).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Question(models.Model):
    post = models.OneToOneField(
        "posts.Post", on_delete=models.CASCADE, related_name="question", verbose_name=_("post")
    )
    accepted_comment = models.ForeignKey(
        "posts.Comment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accepted answer"),
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [models.Index(fields=["accepted_comment"], name="question_accepted")]

    def __str__(self) -> str:
        return f"question {self.pk} on post {self.post_id}"

    @property
    def is_answered(self) -> bool:
        """An accepted answer that still exists (load with select_related("accepted_comment"))."""
        comment = self.accepted_comment if self.accepted_comment_id else None
        return comment is not None and comment.deleted_at is None

"""Ask-me-anything sessions, their questions and the votes on them.

A session is open from `starts_at` until `ends_at`: whether it is upcoming, open or closed
is computed from the clock when it is read (`AmaSession.state_at`), never stored, so it
"closes" at its end time without a job; the actions re-check the time inside their
transaction. `body`/`answer` are the Markdown people wrote; `*_html` what
townhall.core.markdown made of it (sanitised). Deleting a question is soft (`deleted_at`).

The asker of an anonymous question is stored (moderators must be able to see who asked)
but shown only through townhall.ama.selectors.present_questions, which asks
townhall.access.ama.can_see_asker.
"""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_TITLE_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 5_000
MAX_QUESTION_LENGTH = 1_000
MAX_ANSWER_LENGTH = 10_000


class AmaSession(models.Model):
    class State(models.TextChoices):
        UPCOMING = "upcoming", _("upcoming")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ama_sessions"
    )
    # None: the whole organisation is the audience; else the group's readers.
    group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("topic"), max_length=MAX_TITLE_LENGTH)
    description = models.TextField(_("description"), blank=True, max_length=MAX_DESCRIPTION_LENGTH)
    description_html = models.TextField(editable=False, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["-starts_at", "-id"], name="ama_session_newest"),
            models.Index(fields=["ends_at"], name="ama_session_ends"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="ama_session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def state_at(self, now: datetime) -> str:
        if now < self.starts_at:
            return self.State.UPCOMING
        if now < self.ends_at:
            return self.State.OPEN
        return self.State.CLOSED

    @property
    def state(self) -> str:
        return self.state_at(timezone.now())

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class AmaQuestion(models.Model):
    session = models.ForeignKey(AmaSession, on_delete=models.CASCADE, related_name="questions")
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ama_questions"
    )
    anonymous = models.BooleanField(_("hide my name from others"), default=False)
    body = models.TextField(_("question"), max_length=MAX_QUESTION_LENGTH)
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(_("answer"), blank=True, max_length=MAX_ANSWER_LENGTH)
    answer_html = models.TextField(editable=False, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["session", "created_at", "id"], name="ama_question_order")]

    def __str__(self) -> str:
        return f"AMA question {self.pk}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class AmaVote(models.Model):
    question = models.ForeignKey(AmaQuestion, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ama_votes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "person"], name="one_ama_vote_per_person")
        ]

    def __str__(self) -> str:
        return f"vote by {self.person_id} for {self.question_id}"

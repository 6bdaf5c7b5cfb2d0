"""A poll is carried by a post: options, a kind (single or multiple choice), an optional
closing time and whether voters' names are shown.

"Closed" is computed from `closes_at` when read (no job flips a flag). A person's vote is
one PollVote row per chosen option. One vote per option per person is a constraint; for
single-choice polls `single` is copied onto the vote so a partial unique index allows one
row per person per poll (townhall.polls.actions also enforces it under a row lock).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MIN_OPTIONS = 2
MAX_OPTIONS = 10
MAX_OPTION_LENGTH = 200


class Poll(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")

    post = models.OneToOneField(
        "posts.Post", on_delete=models.CASCADE, related_name="poll", verbose_name=_("post")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind, default=Kind.SINGLE)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    show_voters = models.BooleanField(_("show who voted"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")

    def __str__(self) -> str:
        return f"poll {self.pk} on post {self.post_id}"

    def is_closed(self, now=None) -> bool:
        return self.closes_at is not None and self.closes_at <= (now or timezone.now())

    @property
    def closed(self) -> bool:
        return self.is_closed()

    @property
    def is_single(self) -> bool:
        return self.kind == self.Kind.SINGLE


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(_("option"), max_length=MAX_OPTION_LENGTH)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "position"], name="poll_option_position")
        ]

    def __str__(self) -> str:
        return self.text


class PollVote(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="poll_votes"
    )
    # A copy of poll.kind == single, so the database can hold single choice (see above).
    single = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["option", "voter"], name="one_vote_per_option"),
            models.UniqueConstraint(
                fields=["poll", "voter"],
                condition=Q(single=True),
                name="one_choice_in_single_poll",
            ),
        ]
        indexes = [models.Index(fields=["poll", "voter"], name="poll_vote_voter")]

    def __str__(self) -> str:
        return f"vote by {self.voter_id} for option {self.option_id}"

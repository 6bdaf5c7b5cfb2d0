"""Praise: recognising colleagues with a short message and a badge.

A Praise is carried by a Post (one to one): the post's body is the message, and the post
brings the audience, feeds, search, comments and reactions. Who may see a praise is who
may see its post (townhall.access.praise). The people praised are PraiseRecipient rows.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_RECIPIENTS = 10
MAX_MESSAGE_LENGTH = 1000


class Badge(models.TextChoices):
    """The fixed set of badges. Each has a translatable label and an emoji (EMOJI)."""

    THANK_YOU = "thank_you", _("Thank you")
    TEAM_PLAYER = "team_player", _("Team player")
    ABOVE_AND_BEYOND = "above_and_beyond", _("Above and beyond")
    GREAT_IDEA = "great_idea", _("Great idea")
    PROBLEM_SOLVER = "problem_solver", _("Problem solver")
    GREAT_MENTOR = "great_mentor", _("Great mentor")
    CUSTOMER_HERO = "customer_hero", _("Customer hero")


EMOJI = {
    Badge.THANK_YOU: "🙏",
    Badge.TEAM_PLAYER: "🤝",
    Badge.ABOVE_AND_BEYOND: "🚀",
    Badge.GREAT_IDEA: "💡",
    Badge.PROBLEM_SOLVER: "🧩",
    Badge.GREAT_MENTOR: "🧭",
    Badge.CUSTOMER_HERO: "🦸",
}


class Praise(models.Model):
    post = models.OneToOneField("posts.Post", on_delete=models.CASCADE, related_name="praise")
    badge = models.CharField(_("badge"), max_length=24, choices=Badge)
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="PraiseRecipient", related_name="praise_received"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("praise")
        indexes = [models.Index(fields=["-created_at", "-id"], name="praise_newest")]

    def __str__(self) -> str:
        return f"praise {self.pk} (post {self.post_id})"

    @property
    def emoji(self) -> str:
        return EMOJI.get(self.badge, "")


class PraiseRecipient(models.Model):
    praise = models.ForeignKey(Praise, on_delete=models.CASCADE, related_name="recipient_links")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="praise_links"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["praise", "person"], name="one_praise_per_recipient")
        ]
        indexes = [models.Index(fields=["person", "praise"], name="praise_recipient_person")]

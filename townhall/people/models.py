"""Who follows whom and what, and what each person has muted from their home feed.

Following needs no approval inside the organisation. A mute hides a person, a group or a
topic from the muter's home feed only (townhall.feeds.selectors). Writes go through
townhall.people.follows; who may follow or mute what is decided in townhall.access.feeds.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class Follow(models.Model):
    """`follower` sees `followed`'s posts in their home feed."""

    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="following"
    )
    followed = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followers"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["follower", "followed"], name="follow_once"),
            models.CheckConstraint(condition=~Q(follower=F("followed")), name="no_self_follow"),
        ]

    def __str__(self) -> str:
        return f"{self.follower_id} follows {self.followed_id}"


class TopicFollow(models.Model):
    """`follower` sees posts on `topic` in their home feed."""

    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="topic_follows"
    )
    topic = models.ForeignKey("posts.Topic", on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["follower", "topic"], name="follow_topic_once"),
        ]

    def __str__(self) -> str:
        return f"{self.follower_id} follows topic {self.topic_id}"


class Mute(models.Model):
    """`muter` no longer sees posts by a person, in a group or on a topic in their home feed.
    Exactly one of `person`, `group` and `topic` is set."""

    muter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mutes"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="muted_by",
    )
    group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    topic = models.ForeignKey(
        "posts.Topic", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, group__isnull=True, topic__isnull=True)
                | Q(person__isnull=True, group__isnull=False, topic__isnull=True)
                | Q(person__isnull=True, group__isnull=True, topic__isnull=False),
                name="mute_one_thing",
            ),
            models.UniqueConstraint(
                fields=["muter", "person"],
                condition=Q(person__isnull=False),
                name="mute_person_once",
            ),
            models.UniqueConstraint(
                fields=["muter", "group"], condition=Q(group__isnull=False), name="mute_group_once"
            ),
            models.UniqueConstraint(
                fields=["muter", "topic"], condition=Q(topic__isnull=False), name="mute_topic_once"
            ),
            models.CheckConstraint(condition=~Q(muter=F("person")), name="no_self_mute"),
        ]

    def __str__(self) -> str:
        return f"{self.muter_id} mutes {self.person_id or self.group_id or self.topic_id}"

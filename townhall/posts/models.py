"""Posts, comments, reactions, topics, mentions and edit history.

`body` is the Markdown the author wrote; `body_html` is what townhall.core.markdown made
of it (sanitised). Deletion is soft (`deleted_at`): a deleted post or comment is invisible
everywhere (townhall.access.posts) but kept for moderation.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_BODY_LENGTH = 10_000


class Topic(models.Model):
    """A #topic. `key` is the case-folded name, so #MØTE and #møte are one topic everywhere."""

    key = models.CharField(max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return f"#{self.name}"


class Post(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts"
    )
    # None: the whole organisation is the audience.
    group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.PROTECT, related_name="posts"
    )
    body = models.TextField(_("text"), max_length=MAX_BODY_LENGTH)
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Goes up with every change a feed card shows (edit, move, a comment, a reaction on
    # the post or its comments, a comment hidden): the cached card of a post is keyed by
    # (id, version), so a changed post is never served from an old card
    # (townhall.posts.cards, posts.actions.mark_changed).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    topics = models.ManyToManyField(Topic, through="PostTopic", related_name="posts")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="post_newest"),
            models.Index(fields=["group", "-created_at", "-id"], name="post_group_newest"),
            models.Index(fields=["author", "-created_at", "-id"], name="post_author_newest"),
        ]

    def __str__(self) -> str:
        return f"post {self.pk} by {self.author_id}"

    @property
    def is_edited(self) -> bool:
        return self.edited_at is not None


class PostRevision(models.Model):
    """The text a post had before an edit."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_at = models.DateTimeField(default=timezone.now)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-edited_at", "-id"]


class PostTopic(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="post_topics")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="post_topics")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "topic"], name="one_topic_per_post")]
        indexes = [models.Index(fields=["topic", "post"])]


class Comment(models.Model):
    """A comment on a post, or a reply to a top-level comment (one level deep only)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    body = models.TextField(_("text"), max_length=MAX_BODY_LENGTH)
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["post", "created_at", "id"], name="comment_oldest")]

    def __str__(self) -> str:
        return f"comment {self.pk} on post {self.post_id}"

    @property
    def is_edited(self) -> bool:
        return self.edited_at is not None


class CommentRevision(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_at = models.DateTimeField(default=timezone.now)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-edited_at", "-id"]


def _on_post_or_comment(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=(Q(post__isnull=False, comment__isnull=True))
            | (Q(post__isnull=True, comment__isnull=False)),
            name=f"{prefix}_on_post_or_comment",
        )
    ]


class Reaction(models.Model):
    class Kind(models.TextChoices):
        LIKE = "like", _("Like")
        CELEBRATE = "celebrate", _("Celebrate")
        SUPPORT = "support", _("Support")
        INSIGHTFUL = "insightful", _("Insightful")
        FUNNY = "funny", _("Funny")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="reactions"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reactions"
    )
    kind = models.CharField(max_length=12, choices=Kind)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            *_on_post_or_comment("reaction"),
            models.UniqueConstraint(
                fields=["user", "post", "kind"],
                condition=Q(post__isnull=False),
                name="one_post_reaction_per_kind",
            ),
            models.UniqueConstraint(
                fields=["user", "comment", "kind"],
                condition=Q(comment__isnull=False),
                name="one_comment_reaction_per_kind",
            ),
        ]
        indexes = [
            models.Index(fields=["post", "kind"], name="reaction_post_kind"),
            models.Index(fields=["comment", "kind"], name="reaction_comment_kind"),
        ]


class Mention(models.Model):
    """`person` was @mentioned in a post or comment they are allowed to see."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentions"
    )
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            *_on_post_or_comment("mention"),
            models.UniqueConstraint(
                fields=["person", "post"],
                condition=Q(post__isnull=False),
                name="one_mention_per_post",
            ),
            models.UniqueConstraint(
                fields=["person", "comment"],
                condition=Q(comment__isnull=False),
                name="one_mention_per_comment",
            ),
        ]
        indexes = [models.Index(fields=["person", "-created_at"], name="mention_person_newest")]

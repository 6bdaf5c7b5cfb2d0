"""Articles (long-form posts), their edit history and their comments.

`body` is the Markdown the author wrote; `body_html` is what townhall.core.markdown made of
it (sanitised). Deletion is soft (`deleted_at`). Who sees what lives in
townhall.access.articles; nothing here decides visibility.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_TITLE_LENGTH = 200
MAX_SUMMARY_LENGTH = 500
MAX_BODY_LENGTH = 100_000
MAX_COMMENT_LENGTH = 10_000


class Article(models.Model):
    class Audience(models.TextChoices):
        ORGANISATION = "organisation", _("Everyone in the organisation")
        GROUP = "group", _("A group")
        PUBLIC = "public", _("Public (anyone on the internet)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="articles"
    )
    title = models.CharField(_("title"), max_length=MAX_TITLE_LENGTH)
    slug = models.SlugField(_("slug"), max_length=80, allow_unicode=True)
    summary = models.TextField(_("summary"), max_length=MAX_SUMMARY_LENGTH, blank=True)
    body = models.TextField(_("text"), max_length=MAX_BODY_LENGTH)
    body_html = models.TextField(editable=False, default="")
    # A processed WebP (Pillow-checked, EXIF stripped) under media/covers/, or empty.
    cover_image = models.ImageField(_("cover image"), upload_to="covers/", blank=True)
    cover_alt = models.CharField(_("cover image description"), max_length=200, blank=True)
    audience = models.CharField(
        _("audience"), max_length=12, choices=Audience, default=Audience.ORGANISATION
    )
    group = models.ForeignKey(
        "groups.Group",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.DRAFT)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    allow_visitor_comments = models.BooleanField(_("allow visitor comments"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["author", "slug"], name="article_slug_per_author"),
            models.CheckConstraint(
                condition=Q(audience="group", group__isnull=False)
                | (~Q(audience="group") & Q(group__isnull=True)),
                name="article_group_iff_group_audience",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="article_newest"),
            models.Index(
                fields=["author", "status", "-published_at", "-id"], name="article_author_newest"
            ),
            models.Index(fields=["status", "publish_at"], name="article_due"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.deleted_at is None

    @property
    def is_public(self) -> bool:
        return self.is_published and self.audience == self.Audience.PUBLIC

    @property
    def is_edited(self) -> bool:
        return self.edited_at is not None


class ArticleRevision(models.Model):
    """What an article said before an edit."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=MAX_TITLE_LENGTH)
    summary = models.TextField(blank=True)
    body = models.TextField()
    edited_at = models.DateTimeField(default=timezone.now)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-edited_at", "-id"]


class ArticleImage(models.Model):
    """A picture uploaded for an article's text: Pillow-checked, EXIF stripped, WebP.

    The text refers to it as ``![description](/blogs/images/<name>.webp)``; whoever may see
    the article may see its images (townhall.access.articles.can_view_article_image).
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(upload_to="article-images/")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    @property
    def file_name(self) -> str:
        return self.image.name.rpartition("/")[2]


class ArticleComment(models.Model):
    """A comment on an article: by a member (`author`) or by a visitor (`author` is None)."""

    class Status(models.TextChoices):
        APPROVED = "approved", _("Approved")
        PENDING = "pending", _("Waiting for approval")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="article_comments",
    )
    body = models.TextField(_("text"), max_length=MAX_COMMENT_LENGTH)
    body_html = models.TextField(editable=False, default="")
    status = models.CharField(max_length=10, choices=Status, default=Status.APPROVED)
    visitor_name = models.CharField(_("name"), max_length=120, blank=True)
    visitor_email = models.EmailField(_("email address"), blank=True)
    visitor_website = models.URLField(_("website"), blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    notify_followups = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["article", "status", "created_at", "id"], name="article_comment_oldest"
            )
        ]

    def __str__(self) -> str:
        return f"comment {self.pk} on article {self.article_id}"

    @property
    def is_visitor(self) -> bool:
        return self.author_id is None

    @property
    def is_edited(self) -> bool:
        return self.edited_at is not None


class ArticleCommentRevision(models.Model):
    comment = models.ForeignKey(ArticleComment, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_at = models.DateTimeField(default=timezone.now)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-edited_at", "-id"]


class BlogSettings(models.Model):
    """Organisation-wide blog settings (one row, id 1), edited by admins."""

    class PublicPublishers(models.TextChoices):
        LEADERS = "leaders", _("Leaders")
        LEADERS_AND_ADMINS = "leaders_admins", _("Leaders and admins")
        EVERYONE = "everyone", _("Everyone")

    public_publishers = models.CharField(
        _("who may publish articles publicly"),
        max_length=16,
        choices=PublicPublishers,
        default=PublicPublishers.LEADERS,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("blog settings")

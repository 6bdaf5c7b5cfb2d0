"""Attachments: files and pictures on posts and comments, and the link card of a post.

One model for all three, so a feed page learns everything a post card shows in one query
(townhall.files.selectors.attach_files). An Attachment is:

- *pending* (no post, comment or article): uploaded from the composer, seen only by its uploader,
  deleted by a periodic job when never attached (jobs.py);
- *attached* to a post, a comment or a blog article: exactly as visible as what carries
  it (townhall.access.files; a public article's files are readable by anonymous visitors);
- a *link card* (kind LINK): the preview of the first link in a post, fetched in the
  background; its picture, when it has one, is stored here like an upload's.

The stored names (`stored`, `display`, `thumb`) are random and live in the files storage
(townhall.files.storage), never under MEDIA_ROOT, so nothing but the permission-checked
views in this app can serve them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Attachment(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", _("Picture")
        FILE = "file", _("File")
        LINK = "link", _("Link card")

    class State(models.TextChoices):
        PROCESSING = "processing", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be prepared")
        REMOVED = "removed", _("Removed")

    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attachments"
    )
    post = models.ForeignKey(
        "posts.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    comment = models.ForeignKey(
        "posts.Comment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    article = models.ForeignKey(
        "blogs.Article",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    state = models.CharField(max_length=12, choices=State.choices, default=State.PROCESSING)
    name = models.CharField(_("file name"), max_length=200, blank=True)
    # The name as search matches it: townhall.search.text.fold(name) (case-folded, accents
    # removed), set by the actions that set `name` (actions.upload_file). A text column:
    # folding may lengthen a name (`ß` -> `ss`, ligatures).
    name_folded = models.TextField(blank=True, default="", editable=False)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    stored = models.CharField(max_length=200, blank=True)  # the file (images: cleaned)
    display = models.CharField(max_length=200, blank=True)  # images: at most 1600 px
    thumb = models.CharField(max_length=200, blank=True)  # images: at most 400 px
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    animated = models.BooleanField(default=False)
    alt_text = models.CharField(_("description for screen readers"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # link cards
    url = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=300, blank=True)
    description = models.CharField(max_length=1000, blank=True)
    site_name = models.CharField(max_length=200, blank=True)
    failure = models.CharField(max_length=300, blank=True)  # why a card or picture failed
    created_at = models.DateTimeField(auto_now_add=True)
    attached_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["post", "position"]),
            models.Index(fields=["comment", "position"]),
            models.Index(fields=["article", "position"]),
            models.Index(fields=["uploader", "created_at"]),
            models.Index(fields=["created_at"], name="files_pending_age"),
        ]

    def __str__(self) -> str:
        return self.name or self.url

    @property
    def is_pending(self) -> bool:
        return self.post_id is None and self.comment_id is None and self.article_id is None

    @property
    def is_ready(self) -> bool:
        return self.state == self.State.READY


class FileSettings(models.Model):
    """The admin's limits (one row, pk=1)."""

    max_file_mb = models.PositiveIntegerField(_("largest file (MB)"), default=25)
    max_per_post = models.PositiveSmallIntegerField(_("files per post or comment"), default=10)
    retention_days = models.PositiveSmallIntegerField(
        _("days files of removed posts are kept"), default=30
    )
    pending_hours = models.PositiveSmallIntegerField(
        _("hours an unposted upload is kept"), default=24
    )

    @classmethod
    def current(cls) -> "FileSettings":
        found = cls.objects.filter(pk=1).first()
        return found or cls(pk=1)

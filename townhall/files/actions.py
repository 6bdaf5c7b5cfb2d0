"""Writes to attachments. Views, the API, posts' actions and the periodic jobs call these.

Keyword-only, `actor` first, one transaction each; errors as in townhall.posts.actions
(Http404 for what the actor cannot see, PermissionDenied, ValidationError naming the
problem). Bytes are written to the files storage before the row commits; a row that
rolls back leaves an orphan file that `purge_orphans` could find, never a row without a
file. Thumbnails and link cards are made by tasks enqueued after commit.
"""

import re
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from townhall.access import files as access
from townhall.access.articles import can_view_article
from townhall.blogs.models import Article
from townhall.core.tasks import enqueue_after_commit
from townhall.files import detect
from townhall.files.models import Attachment, FileSettings
from townhall.files.storage import file_storage, new_name
from townhall.files.tasks import fetch_link_card, process_attachment
from townhall.posts.models import Comment, Post
from townhall.search.text import fold

MAX_ALT = 500
LINK = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/avif": ".avif",
    "application/pdf": ".pdf",
}


def limits() -> FileSettings:
    return FileSettings.current()


@transaction.atomic
def upload_file(*, actor, upload, alt_text: str = "") -> Attachment:
    """Check `upload` (a Django UploadedFile) from its content and keep it as a pending
    attachment of the actor's, to be attached when they post."""
    if not access.is_active_member(actor):
        raise Http404
    settings = limits()
    name = detect.clean_filename(getattr(upload, "name", ""))
    found = detect.inspect(upload, name, settings.max_file_mb * 1024 * 1024)
    alt_text = clean_alt(alt_text)
    upload.seek(0)
    stored = file_storage().save(new_name(EXTENSIONS.get(found.content_type, ".bin")), upload)
    attachment = Attachment.objects.create(
        uploader=actor,
        kind=found.kind,
        state=Attachment.State.PROCESSING if found.kind == "image" else Attachment.State.READY,
        name=name,
        name_folded=fold(name),  # what search matches (search_files)
        content_type=found.content_type,
        size=found.size,
        stored=stored,
        width=found.width,
        height=found.height,
        animated=found.animated,
        alt_text=alt_text,
    )
    if found.kind == "image":
        enqueue_after_commit(process_attachment, attachment.pk)
    return attachment


LIMIT_RANGES = {  # field: (lowest, highest)
    "max_file_mb": (1, 2048),
    "max_per_post": (1, 100),
    "retention_days": (0, 3650),
    "pending_hours": (1, 720),
}


@transaction.atomic
def set_file_limits(
    *, actor, max_file_mb: int, max_per_post: int, retention_days: int, pending_hours: int
) -> FileSettings:
    """The admin's limits. They apply to the next upload, attach and clean-up run; files
    already stored are not touched (a file over a lowered size limit stays)."""
    if not access.can_change_file_limits(actor):
        raise Http404
    values = {
        "max_file_mb": max_file_mb,
        "max_per_post": max_per_post,
        "retention_days": retention_days,
        "pending_hours": pending_hours,
    }
    errors = {}
    for field, value in values.items():
        low, high = LIMIT_RANGES[field]
        if not isinstance(value, int) or not low <= value <= high:
            errors[field] = [
                _("Choose a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}
            ]
    if errors:
        raise ValidationError(errors)
    current = FileSettings.objects.select_for_update().filter(pk=1).first() or FileSettings(pk=1)
    for field, value in values.items():
        setattr(current, field, value)
    current.save()
    return current


def clean_alt(alt_text: str) -> str:
    alt_text = " ".join((alt_text or "").split())
    if len(alt_text) > MAX_ALT:
        raise ValidationError(
            _("The description is too long: at most %(max)s characters.") % {"max": MAX_ALT},
            code="alt_too_long",
        )
    return alt_text


def _ids(values) -> list[int]:
    ids = []
    for value in values or []:
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValidationError(_("That is not an upload of yours."), code="attachment") from None
        if number not in ids:
            ids.append(number)
    return ids


def _target_key(target: Post | Comment | Article) -> str:
    if isinstance(target, Article):
        return "article"
    return "comment" if isinstance(target, Comment) else "post"


def _attach(
    *, actor, target: Post | Comment | Article, ids: list[int], alt_texts: dict
) -> list[Attachment]:
    if not ids:
        return []
    if not access.can_attach_to(actor, target):
        raise PermissionDenied(_("Only the author can add files here."))
    key = _target_key(target)
    pending = list(
        Attachment.objects.select_for_update()
        .filter(pk__in=ids, uploader=actor, post__isnull=True, comment__isnull=True)
        .filter(article__isnull=True)
        .exclude(state=Attachment.State.REMOVED)
        .exclude(kind=Attachment.Kind.LINK)
    )
    if len(pending) != len(ids):
        raise ValidationError(
            _("One of the files is not an upload of yours or has expired: upload it again."),
            code="attachment",
        )
    existing = Attachment.objects.filter(**{key: target}).exclude(kind=Attachment.Kind.LINK)
    existing = existing.exclude(state=Attachment.State.REMOVED)
    allowed = limits().max_per_post
    if existing.count() + len(pending) > allowed:
        raise ValidationError(
            _("Too many files: at most %(max)s on one post, comment or article.")
            % {"max": allowed},
            code="too_many_files",
        )
    start = (existing.aggregate(m=Max("position"))["m"] or 0) + 1
    now = timezone.now()
    order = {pk: index for index, pk in enumerate(ids)}
    for attachment in sorted(pending, key=lambda a: order[a.pk]):
        setattr(attachment, key, target)
        attachment.position = start + order[attachment.pk]
        attachment.attached_at = now
        if str(attachment.pk) in alt_texts:
            attachment.alt_text = clean_alt(alt_texts[str(attachment.pk)])
        attachment.save(update_fields=[key, "position", "attached_at", "alt_text"])
    return pending


@transaction.atomic
def attach_to_post(*, actor, post: Post, attachment_ids, alt_texts=None) -> list[Attachment]:
    """Attach the actor's pending uploads to their post (at most the admin's limit)."""
    post = Post.objects.select_related("group").filter(pk=post.pk).first()
    if post is None or not access.can_view_post(actor, post):
        raise Http404
    return _attach(actor=actor, target=post, ids=_ids(attachment_ids), alt_texts=alt_texts or {})


@transaction.atomic
def attach_to_comment(*, actor, comment: Comment, attachment_ids, alt_texts=None):
    comment = (
        Comment.objects.select_related("post", "post__group", "parent")
        .filter(pk=comment.pk)
        .first()
    )
    if comment is None or not access.can_view_comment(actor, comment):
        raise Http404
    return _attach(actor=actor, target=comment, ids=_ids(attachment_ids), alt_texts=alt_texts or {})


@transaction.atomic
def attach_to_article(*, actor, article: Article, attachment_ids, alt_texts=None):
    """Attach the actor's pending uploads to their blog article (at most the admin's limit)."""
    article = Article.objects.select_related("group").filter(pk=article.pk).first()
    if article is None or not can_view_article(actor, article):
        raise Http404
    return _attach(actor=actor, target=article, ids=_ids(attachment_ids), alt_texts=alt_texts or {})


@transaction.atomic
def set_alt_text(*, actor, attachment: Attachment, alt_text: str) -> Attachment:
    attachment = access.get_attachment_or_404(actor, pk=attachment.pk)
    if not access.can_change_attachment(actor, attachment):
        raise PermissionDenied(_("Only the author can describe this picture."))
    attachment.alt_text = clean_alt(alt_text)
    attachment.save(update_fields=["alt_text"])
    return attachment


@transaction.atomic
def delete_attachment(*, actor, attachment: Attachment) -> None:
    """Remove a file (or a link card) at once: its bytes go after commit."""
    attachment = access.get_attachment_or_404(actor, pk=attachment.pk)
    if not access.can_change_attachment(actor, attachment):
        raise PermissionDenied(_("Only the author can remove this file."))
    _remove(attachment)


@transaction.atomic
def remove_files(*, actor, target: Post | Comment | Article, attachment_ids) -> int:
    """Remove some files of a post, comment or article while editing it (its author): each
    is 404 on every URL as soon as this commits, and its bytes are deleted after commit."""
    ids = _ids(attachment_ids)
    if not ids:
        return 0
    key = _target_key(target)
    found = list(
        Attachment.objects.select_for_update()
        .filter(pk__in=ids, **{key: target})
        .exclude(kind=Attachment.Kind.LINK)
    )
    if len(found) != len(ids):
        raise ValidationError(_("One of the files to remove is not on this."), code="attachment")
    for attachment in found:
        delete_attachment(actor=actor, attachment=attachment)
    return len(found)


def _remove(attachment: Attachment) -> None:
    names = [n for n in (attachment.stored, attachment.display, attachment.thumb) if n]
    if attachment.kind == Attachment.Kind.LINK:
        # Kept (without bytes) so the card is not fetched again for this post.
        attachment.state = Attachment.State.REMOVED
        attachment.stored = attachment.display = attachment.thumb = ""
        attachment.save(update_fields=["state", "stored", "display", "thumb"])
    else:
        attachment.delete()
    transaction.on_commit(lambda: delete_stored(names), robust=True)


def delete_stored(names: list[str]) -> None:
    storage = file_storage()
    for name in names:
        storage.delete(name)


# --- link cards -----------------------------------------------------------------------


def first_link(body: str) -> str | None:
    match = LINK.search(body or "")
    if not match:
        return None
    return match.group(0).rstrip(".,;:!?)]}*_")[:2000]


def schedule_link_card(*, post: Post) -> Attachment | None:
    """Called by posts' actions in their transaction: a card for the post's first link,
    fetched in the background (tasks.fetch_link_card). A post gets one card, ever: an edit
    does not bring back a card its author removed."""
    url = first_link(post.body)
    if url is None or Attachment.objects.filter(post=post, kind=Attachment.Kind.LINK).exists():
        return None
    card = Attachment.objects.create(
        uploader_id=post.author_id,
        post=post,
        kind=Attachment.Kind.LINK,
        state=Attachment.State.PROCESSING,
        url=url,
        attached_at=timezone.now(),
    )
    enqueue_after_commit(fetch_link_card, card.pk)
    return card


# --- periodic clean-up ----------------------------------------------------------------


def purge_expired_uploads(now=None) -> int:
    """Delete uploads never attached within the admin's `pending_hours`."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=limits().pending_hours)
    old = Attachment.objects.filter(
        post__isnull=True, comment__isnull=True, article__isnull=True, created_at__lt=cutoff
    )
    return _purge(old)


def purge_removed(now=None) -> int:
    """Delete the files of deleted posts, comments and articles once the admin's retention
    has passed."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=limits().retention_days)
    gone = Attachment.objects.filter(
        Q(post__deleted_at__lt=cutoff)
        | Q(comment__deleted_at__lt=cutoff)
        | Q(comment__post__deleted_at__lt=cutoff)
        | Q(article__deleted_at__lt=cutoff)
    )
    return _purge(gone)


def _purge(queryset) -> int:
    count = 0
    for attachment in queryset.order_by("pk")[:1000]:
        names = [n for n in (attachment.stored, attachment.display, attachment.thumb) if n]
        with transaction.atomic():
            attachment.delete()
        delete_stored(names)
        count += 1
    return count

"""Writes for visitor comments: submitting, moderating, blocking, unsubscribing.

Each action takes the acting person first (`actor`: a member, a commenter identity or an
anonymous user), runs in one transaction and raises `ValidationError` (naming the field)
for bad input, `Http404` for what the actor may not see. Email goes through `send_mail`
(queued by townhall.core.mail, delivered after commit).
"""

from dataclasses import dataclass

from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email, validate_ipv46_address
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from townhall.access import commenters as access
from townhall.access.roles import is_commenter
from townhall.accounts.models import User
from townhall.blogs.models import MAX_COMMENT_LENGTH, Article, ArticleComment
from townhall.commenters import notices
from townhall.commenters.models import (
    CommenterBlock,
    CommenterIdentity,
    CommenterSettings,
    ModerationNoticeOptOut,
)
from townhall.commenters.text import clean_line, count_links, has_control_characters
from townhall.core.markdown import render_markdown
from townhall.events.outbox import emit

Status = ArticleComment.Status
MAX_NAME_LENGTH = 120
MAX_WEBSITE_LENGTH = 200


def max_links() -> int:
    return getattr(settings, "TOWNHALL_COMMENT_MAX_LINKS", 3)


def rate_limit() -> tuple[int, int]:
    """(comments, seconds): how many visitor comments one IP address may send per window."""
    return getattr(settings, "TOWNHALL_COMMENT_RATE_LIMIT", (5, 600))


def commenter_settings() -> CommenterSettings:
    current, _created = CommenterSettings.objects.get_or_create(pk=1)
    return current


# --- checking what a visitor typed ------------------------------------------------------


def clean_visitor_name(name: str) -> str:
    if has_control_characters(name or ""):
        raise ValidationError({"name": [_("Your name must be on one line.")]})
    name = clean_line(name or "", MAX_NAME_LENGTH + 1)
    if not name:
        raise ValidationError({"name": [_("Enter your name.")]})
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(
            {"name": [_("Keep your name under %(max)s characters.") % {"max": MAX_NAME_LENGTH}]}
        )
    return name


def clean_visitor_email(email: str) -> str:
    if has_control_characters(email or ""):
        raise ValidationError({"email": [_("Your email address must be on one line.")]})
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": [_("Enter an email address such as name@example.com.")]}
        ) from None
    return email


def clean_visitor_website(website: str) -> str:
    """An http(s) address or nothing: `javascript:`, `data:` and the like are refused."""
    website = (website or "").strip()
    if not website:
        return ""
    if has_control_characters(website) or len(website) > MAX_WEBSITE_LENGTH:
        raise ValidationError({"website": [_("Enter a web address on one line.")]})
    try:
        URLValidator(schemes=["http", "https"])(website)
    except ValidationError:
        raise ValidationError(
            {"website": [_("Enter a web address starting with http:// or https://.")]}
        ) from None
    return website


def _clean_body(body: str) -> str:
    body = (body or "").replace("\x00", "").strip()
    if not body:
        raise ValidationError({"body": [_("Write something first: the comment is empty.")]})
    if len(body) > MAX_COMMENT_LENGTH:
        raise ValidationError(
            {"body": [_("Keep comments under %(max)s characters.") % {"max": MAX_COMMENT_LENGTH}]}
        )
    links = count_links(body)
    if links > max_links():
        raise ValidationError(
            {
                "body": [
                    _(
                        "A comment may hold at most %(max)s links; this one has %(count)s. "
                        "Remove some and send again."
                    )
                    % {"max": max_links(), "count": links}
                ]
            }
        )
    return body


# --- submitting -------------------------------------------------------------------------


@dataclass(frozen=True)
class Visitor:
    """Who is commenting: from the form, or from a commenter identity's external sign-in."""

    name: str
    email: str
    website: str = ""


def visitor_from_commenter(actor: User, *, website: str = "") -> Visitor:
    identity = CommenterIdentity.objects.filter(user=actor).first()
    return Visitor(
        name=clean_line(actor.display_name or _("Visitor"), MAX_NAME_LENGTH),
        email=identity.email if identity else "",
        website=clean_visitor_website(website),
    )


def _is_blocked(email: str, ip_address: str | None) -> bool:
    wanted = [(CommenterBlock.Kind.EMAIL, email)] if email else []
    if ip_address:
        wanted.append((CommenterBlock.Kind.IP, ip_address))
    if not wanted:
        return False
    query = CommenterBlock.objects.none()
    for kind, value in wanted:
        query = query | CommenterBlock.objects.filter(kind=kind, value=value)
    return query.exists()


def _count_against_rate_limit(ip_address: str | None) -> None:
    """Shared by every process through Django's cache; refuses once the window is full."""
    if not ip_address:
        return
    allowed, seconds = rate_limit()
    key = f"commenters:rate:{ip_address}"
    cache.add(key, 0, timeout=seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds)
        count = 1
    if count > allowed:
        raise ValidationError(
            _("You have sent many comments in a short time. Wait a few minutes and send again."),
            code="rate_limited",
        )


def _known_commenter(actor, email: str) -> bool:
    """Has this commenter had a comment approved before (by identity, else by address)?"""
    approved = ArticleComment.objects.filter(status=Status.APPROVED, deleted_at__isnull=True)
    if is_commenter(actor):
        return approved.filter(author=actor).exists()
    return bool(email) and approved.filter(author__isnull=True, visitor_email=email).exists()


def _status_for(actor, email: str) -> str:
    hold = commenter_settings().hold
    if hold == CommenterSettings.Hold.NONE:
        return Status.APPROVED
    if hold == CommenterSettings.Hold.FIRST_TIME and _known_commenter(actor, email):
        return Status.APPROVED
    return Status.PENDING


@transaction.atomic
def submit_visitor_comment(
    *,
    actor,
    article: Article,
    body: str,
    visitor: Visitor,
    ip_address: str | None,
    notify_followups: bool = False,
) -> ArticleComment:
    """A visitor's comment on a public article: held for moderation unless the setting
    says otherwise. Refused for a blocked address and past the per-IP rate limit."""
    article = Article.objects.select_related("author").filter(pk=article.pk).first()
    if article is None or not access.can_comment_as_visitor(actor, article):
        raise Http404
    body = _clean_body(body)
    name = clean_visitor_name(visitor.name)
    email = clean_visitor_email(visitor.email) if visitor.email else ""
    if not email and not is_commenter(actor):
        email = clean_visitor_email("")  # the form visitor must give one: says so
    website = clean_visitor_website(visitor.website)
    if ip_address:
        try:
            validate_ipv46_address(ip_address)
        except ValidationError:
            ip_address = None
    if _is_blocked(email, ip_address):
        raise ValidationError(
            _(
                "This comment could not be accepted. Contact the site if you think this is a "
                "mistake."
            ),
            code="blocked",
        )
    _count_against_rate_limit(ip_address)
    comment = ArticleComment.objects.create(
        article=article,
        author=actor if is_commenter(actor) else None,
        body=body,
        body_html=render_markdown(body),
        status=_status_for(actor, email),
        visitor_name=name,
        visitor_email=email,
        visitor_website=website,
        ip_address=ip_address,
        notify_followups=bool(notify_followups and email),
    )
    if comment.status == Status.PENDING:
        emit(
            "article_comment.pending",
            actor=actor,
            subject=comment,
            recipients=[article.author_id],
            article=article.pk,
        )
        notices.send_moderation_notice(comment)
    else:
        emit(
            "article_comment.created",
            actor=actor,
            subject=comment,
            recipients=[article.author_id],
            article=article.pk,
        )
    return comment


# --- moderating -------------------------------------------------------------------------


def _locked_for_moderation(actor, comment: ArticleComment) -> ArticleComment:
    current = (
        ArticleComment.objects.select_for_update(of=("self",))
        .select_related("article", "article__author", "article__group")
        .filter(pk=comment.pk)
        .first()
    )
    if current is None or not access.can_moderate_comment(actor, current):
        raise Http404
    return current


@transaction.atomic
def moderate_comment(*, actor, comment: ArticleComment, status: str) -> ArticleComment:
    """Approve, reject or mark as spam. Approving makes it visible and sends follow-ups."""
    if status not in (Status.APPROVED, Status.REJECTED, Status.SPAM):
        raise ValidationError({"status": [_("Choose approve, reject or spam.")]})
    comment = _locked_for_moderation(actor, comment)
    if comment.status == status:
        return comment
    was_visible = comment.status == Status.APPROVED
    comment.status = status
    comment.save(update_fields=["status"])
    if status == Status.APPROVED and not was_visible:
        emit(
            "article_comment.approved",
            actor=actor,
            subject=comment,
            recipients=[comment.author_id] if comment.author_id else [],
            article=comment.article_id,
        )
    return comment


@transaction.atomic
def block_commenter(*, actor, comment: ArticleComment, kind: str) -> CommenterBlock:
    """Refuse future comments from this comment's email or IP address; it becomes spam."""
    comment = _locked_for_moderation(actor, comment)
    if kind == CommenterBlock.Kind.EMAIL:
        value = comment.visitor_email
    elif kind == CommenterBlock.Kind.IP:
        value = comment.ip_address or ""
    else:
        raise ValidationError({"kind": [_("Block an email address or an IP address.")]})
    if not value:
        raise ValidationError({"kind": [_("This comment has no such address to block.")]})
    block, _created = CommenterBlock.objects.get_or_create(
        kind=kind, value=value.lower(), defaults={"created_by": actor}
    )
    if comment.status != Status.SPAM:
        comment.status = Status.SPAM
        comment.save(update_fields=["status"])
    return block


@transaction.atomic
def lift_block(*, actor, block: CommenterBlock) -> None:
    if not access.can_manage_blocks(actor):
        raise Http404
    CommenterBlock.objects.filter(pk=block.pk).delete()


@transaction.atomic
def set_hold_policy(*, actor, hold: str) -> CommenterSettings:
    if not access.can_configure_commenters(actor):
        raise Http404
    if hold not in CommenterSettings.Hold.values:
        raise ValidationError({"hold": [_("Choose one of the moderation settings.")]})
    current = CommenterSettings.objects.select_for_update().filter(pk=1).first()
    current = current or CommenterSettings(pk=1)
    current.hold = hold
    current.save()
    return current


# --- unsubscribing (the token is the permission: see townhall.commenters.notices) -------


@transaction.atomic
def stop_followups(*, article_id: int, email: str) -> int:
    return ArticleComment.objects.filter(
        article_id=article_id, visitor_email=email, notify_followups=True
    ).update(notify_followups=False)


@transaction.atomic
def stop_moderation_notices(*, user_id: int) -> None:
    if User.objects.filter(pk=user_id).exists():
        ModerationNoticeOptOut.objects.get_or_create(user_id=user_id)


def clean_line_field(value: str, *, field: str, max_length: int = 40) -> str:
    if has_control_characters(value or ""):
        raise ValidationError({field: [_("Keep this on one line.")]})
    value = clean_line(value, max_length)
    if not value:
        raise ValidationError({field: [_("This cannot be empty.")]})
    return value


# --- sign-in providers (allauth SocialApp rows) -----------------------------------------


def _provider_id(provider: str, name: str) -> str:
    from django.utils.text import slugify

    base = slugify(name)[:40] or "oidc"
    candidate, n = base, 1
    while SocialApp.objects.filter(provider_id=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


@transaction.atomic
def add_provider(
    *, actor, provider: str, name: str, client_id: str, secret: str, server_url: str = ""
) -> "SocialApp":
    """An admin adds a sign-in provider for commenters (an OIDC one by its discovery URL)."""
    if not access.can_configure_commenters(actor):
        raise Http404
    app = SocialApp(provider=provider, name=name, client_id=client_id.strip(), secret=secret)
    if provider == "openid_connect":
        app.provider_id = _provider_id(provider, name)
        app.settings = {"server_url": server_url.strip()}
    elif SocialApp.objects.filter(provider=provider).exists():
        raise ValidationError(
            {"provider": [_("This provider is configured already; remove it first.")]}
        )
    app.save()
    return app


@transaction.atomic
def remove_provider(*, actor, app: "SocialApp") -> None:
    if not access.can_configure_commenters(actor):
        raise Http404
    SocialApp.objects.filter(pk=app.pk).delete()

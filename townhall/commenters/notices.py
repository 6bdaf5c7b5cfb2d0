"""The emails of visitor comments, each with a one-click unsubscribe link.

- A *moderation notice* tells an article's author that a visitor comment waits for them.
- A *follow-up* tells a visitor who asked for it that someone else commented on the
  article (sent when a comment becomes visible: a member's, or an approved visitor's).

The unsubscribe links carry a signed token (Django's signing, salted per kind): the token
is the permission, so no sign-in is needed. Each message also has `List-Unsubscribe` and
`List-Unsubscribe-Post: List-Unsubscribe=One-Click` headers (RFC 8058) so mail programs
can offer their own button.
"""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from townhall.blogs.models import ArticleComment
from townhall.commenters.models import ModerationNoticeOptOut

FOLLOWUP_SALT = "townhall.commenters.followups"
NOTICE_SALT = "townhall.commenters.moderation-notices"


def absolute(path: str) -> str:
    return settings.TOWNHALL_BASE_URL.rstrip("/") + path


def followup_token(article_id: int, email: str) -> str:
    return signing.dumps({"a": article_id, "e": email}, salt=FOLLOWUP_SALT, compress=True)


def read_followup_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=FOLLOWUP_SALT)
        return int(data["a"]), str(data["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def notice_token(user_id: int) -> str:
    return signing.dumps({"u": user_id}, salt=NOTICE_SALT)


def read_notice_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=NOTICE_SALT)["u"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def _send(*, to: str, subject: str, template: str, context: dict, unsubscribe_url: str) -> None:
    context = {**context, "unsubscribe_url": unsubscribe_url}
    message = EmailMultiAlternatives(
        subject=subject.replace("\n", " ").replace("\r", " "),
        body=render_to_string(f"commenters/email/{template}.txt", context),
        to=[to],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send()


def article_url(article) -> str:
    """The article's page (townhall.blogs)."""
    return absolute(reverse("blogs:article", args=[article.author.username, article.slug]))


def send_moderation_notice(comment: ArticleComment) -> None:
    """Tell the article's author a visitor comment waits (unless they unsubscribed)."""
    author = comment.article.author
    if not author.is_active or not author.email:
        return
    if ModerationNoticeOptOut.objects.filter(user=author).exists():
        return
    with translation.override(author.language or settings.LANGUAGE_CODE):
        _send(
            to=author.email,
            subject=_("A comment on “%(title)s” waits for your approval")
            % {"title": comment.article.title},
            template="moderation_notice",
            context={
                "comment": comment,
                "article": comment.article,
                "queue_url": absolute(reverse("moderation:queue") + "?show=held"),
            },
            unsubscribe_url=absolute(
                reverse("commenters:unsubscribe_notices", args=[notice_token(author.pk)])
            ),
        )


def send_followups(comment: ArticleComment) -> int:
    """Email every visitor who asked for follow-ups on this article, except its writer."""
    own = (comment.visitor_email or "").lower()
    addresses = (
        ArticleComment.objects.filter(
            article_id=comment.article_id,
            notify_followups=True,
            deleted_at__isnull=True,
            status__in=(ArticleComment.Status.APPROVED, ArticleComment.Status.PENDING),
        )
        .exclude(visitor_email="")
        .exclude(pk=comment.pk)
        .values_list("visitor_email", flat=True)
        .distinct()
    )
    sent = 0
    for email in sorted({a.lower() for a in addresses} - {own}):
        _send(
            to=email,
            subject=_("New comment on “%(title)s”") % {"title": comment.article.title},
            template="followup",
            context={
                "comment": comment,
                "article": comment.article,
                "article_url": article_url(comment.article),
                "writer": comment.visitor_name or comment.author.display_name,
            },
            unsubscribe_url=absolute(
                reverse(
                    "commenters:unsubscribe_followups",
                    args=[followup_token(comment.article_id, email)],
                )
            ),
        )
        sent += 1
    return sent

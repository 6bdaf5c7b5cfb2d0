"""How each target type of a notification is loaded, named and linked (for pages, the API
and emails). Visibility is not decided here: townhall.access.notifications does that, and
only visible notifications reach these functions.

A target type whose model is not installed loads nothing, so its notifications are
skipped, never an error. A new target type is one entry in PRESENTERS (and one in
townhall.access.notifications.TARGETS).
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import unescape

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator

from townhall.notifications.models import Notification

EXCERPT_WORDS = 16


def excerpt(text: str) -> str:
    return Truncator(" ".join((text or "").split())).words(EXCERPT_WORDS)


BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|pre|div|tr|td|th)>|<br\s*/?>", re.I)


def excerpt_of_html(html: str) -> str:
    """The start of rendered Markdown as a reader sees it: no ** or # or link addresses."""
    return excerpt(unescape(strip_tags(BLOCK_END.sub(" ", html or ""))))


def _url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _own_url(thing) -> str | None:
    try:
        return thing.get_absolute_url() if hasattr(thing, "get_absolute_url") else None
    except NoReverseMatch:
        return None


def _post_link(post, notification: Notification) -> str | None:
    url = _url("posts:detail", post.pk)
    comment = notification.data.get("comment")
    return f"{url}#comment-{comment}" if url and comment else url


def _person_link(person, notification: Notification) -> str | None:
    someone = notification.last_actor or person
    return _url("people:profile", someone.username)


def _article_link(article) -> str | None:
    return _own_url(article) or _url("blogs:article", article.pk)


def _article_comment_link(comment, notification: Notification) -> str | None:
    """A comment still held for approval: the review queue, where it is decided."""
    if comment.status == "pending":
        url = _url("moderation:queue")
        return f"{url}?show=held#pending-{comment.pk}" if url else None
    return _article_link(comment.article)


@dataclass(frozen=True)
class Presenter:
    model: str
    related: tuple[str, ...]
    title: Callable[[object], str]
    link: Callable[[object, Notification], str | None]
    excerpt: Callable[[object], str] = lambda thing: ""


PRESENTERS: dict[str, Presenter] = {
    "post": Presenter(
        "posts.post",
        ("group",),
        lambda p: excerpt_of_html(p.body_html),
        _post_link,
        lambda p: excerpt_of_html(p.body_html),
    ),
    "comment": Presenter(
        "posts.comment",
        ("post",),
        lambda c: excerpt_of_html(c.body_html),
        lambda c, n: _url("posts:comment", c.pk),
        lambda c: excerpt_of_html(c.body_html),
    ),
    "person": Presenter("accounts.user", (), lambda u: u.display_name, _person_link),
    "group": Presenter(
        "groups.group", (), lambda g: g.name, lambda g, n: _url("groups:detail", g.slug)
    ),
    "managed_group": Presenter(
        "groups.group", (), lambda g: g.name, lambda g, n: _url("groups:members", g.slug)
    ),
    "article": Presenter(
        "blogs.article", (), lambda a: a.title, lambda a, n: _article_link(a), lambda a: a.title
    ),
    "article_comment": Presenter(
        "blogs.articlecomment",
        ("article",),
        lambda c: c.article.title,
        _article_comment_link,
        lambda c: excerpt_of_html(c.body_html),
    ),
    "ama_question": Presenter(
        "ama.amaquestion",
        ("session",),
        lambda q: q.session.title,
        lambda q, n: _url("ama:question", q.pk),
        lambda q: excerpt_of_html(q.body_html),
    ),
    "moderation_decision": Presenter(
        "moderation.decision",
        (),
        lambda d: excerpt(d.excerpt),
        lambda d, n: _url("moderation:decision", d.pk),
        lambda d: excerpt(d.note),
    ),
    "moderation_report": Presenter(
        "moderation.report",
        ("decision",),
        lambda r: excerpt(r.decision.excerpt if r.decision else ""),
        lambda r, n: _url("moderation:own_report", r.pk),
    ),
    "ama_session": Presenter(
        "ama.amasession", (), lambda s: s.title, lambda s, n: _url("ama:detail", s.pk)
    ),
}


def load_targets(notifications: Iterable[Notification]) -> dict[tuple[str, int], object]:
    """{(target_type, target_id): object} in one query per target type present."""
    wanted: dict[str, set[int]] = {}
    for notification in notifications:
        wanted.setdefault(notification.target_type, set()).add(notification.target_id)
    found: dict[tuple[str, int], object] = {}
    for target_type, ids in wanted.items():
        presenter = PRESENTERS.get(target_type)
        try:
            model = apps.get_model(presenter.model) if presenter else None
        except LookupError:
            model = None
        if model is None:
            continue
        for thing in model.objects.select_related(*presenter.related).filter(pk__in=ids):
            found[(target_type, thing.pk)] = thing
    return found

"""Reads of notifications, always through townhall.access.notifications.visible_notifications,
so nothing the recipient may no longer see is listed or counted.

A page costs one query for the notifications (with their latest actor) plus one per target
type present on it, however many notifications there are.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from townhall.access.groups import visible_groups
from townhall.access.notifications import visible_notifications
from townhall.access.posts import visible_posts
from townhall.access.roles import is_active_member
from townhall.core import cursors
from townhall.core.compiled import count, rows
from townhall.notifications.kinds import KINDS, default_channel
from townhall.notifications.models import (
    MailSettings,
    Notification,
    Preference,
    PushKind,
    ThreadMute,
)
from townhall.notifications.targets import PRESENTERS, load_targets
from townhall.people.models import Mute

PAGE_SIZE = 20


@dataclass
class Item:
    notification: Notification
    text: str
    title: str
    excerpt: str
    url: str | None

    @property
    def unread(self) -> bool:
        return self.notification.read_at is None


@dataclass
class Page:
    items: list[Item]
    next_cursor: str | None


def unread_count(actor) -> int:
    """Unread notifications the actor may see. Asked on every page (the bell): first the
    kinds of target of the actor's own unread notifications (their partial index: nothing
    to plan), then -- only when there are some -- the count through visible_notifications
    with the checks of those kinds alone, compiled once per role and kinds
    (townhall.core.compiled). PostgreSQL spent ~10 ms planning the check of every kind."""
    if not is_active_member(actor):
        return 0
    types = tuple(sorted(t for (t,) in rows(("unread kinds",), _unread_kinds, actor=actor)))
    if not types:
        return 0
    key = ("unread notifications", actor.role, actor.is_active, types)
    return count(key, partial(_unread, types=types), actor=actor)


def _unread_kinds(actor) -> QuerySet[Notification]:
    unread = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    return unread.values_list("target_type").distinct().order_by()


def _unread(actor, *, types: tuple[str, ...]) -> QuerySet[Notification]:
    return visible_notifications(actor, types=types).filter(read_at__isnull=True).values("pk")


def text_of(notification: Notification, title: str) -> str:
    kind = KINDS.get(notification.kind)
    if kind is None:
        return ""
    actor = notification.last_actor.display_name if notification.last_actor else _("Someone")
    others = max(notification.actor_count - 1, 0) if notification.last_actor else 0
    variant = notification.data.get("variant") or notification.target_type
    return kind.text(variant, actor=actor, others=others, title=title)


def present(notifications: list[Notification]) -> list[Item]:
    targets = load_targets(notifications)
    items = []
    for notification in notifications:
        thing = targets.get((notification.target_type, notification.target_id))
        if thing is None:
            continue  # gone between the visibility check and now
        presenter = PRESENTERS[notification.target_type]
        title = presenter.title(thing)
        items.append(
            Item(
                notification=notification,
                text=text_of(notification, title),
                title=title,
                excerpt=presenter.excerpt(thing),
                url=presenter.link(thing, notification),
            )
        )
    return items


def notification_page(
    actor, *, cursor: str | None = None, limit: int = PAGE_SIZE, unread_only: bool = False
) -> Page:
    """Newest activity first, keyset-paginated on (updated_at, id). A bad cursor reads as
    the first page."""
    queryset = visible_notifications(actor).select_related("last_actor")
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    after = cursors.unpack(cursor, datetime, int)
    if after is not None:
        moment, pk = after
        queryset = queryset.filter(Q(updated_at__lt=moment) | Q(updated_at=moment, id__lt=pk))
    rows = list(queryset.order_by("-updated_at", "-id")[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = cursors.pack([rows[-1].updated_at, rows[-1].pk])
    return Page(items=present(rows), next_cursor=next_cursor)


def channel_filter(channels: set[str], recipient: str = "recipient") -> Q:
    """Q over notifications whose recipient hears of their kind on one of `channels` (their
    choice, else the kind's default): one correlated EXISTS, no query per person."""
    chosen = Preference.objects.filter(person=OuterRef(recipient), kind=OuterRef("kind"))
    by_default = [kind for kind, spec in KINDS.items() if spec.default in channels]
    return (Q(kind__in=by_default) & ~Exists(chosen)) | Exists(chosen.filter(channel__in=channels))


def mail_settings_of(actor) -> MailSettings:
    """The person's email settings (the defaults when they never changed them)."""
    return MailSettings.objects.filter(person=actor).first() or MailSettings(person=actor)


def push_kinds_of(actor) -> set[str]:
    return set(PushKind.objects.filter(person=actor).values_list("kind", flat=True))


def feed_owner(token: str):
    """The active member whose private feed URLs carry `token`, else None (one query)."""
    import hashlib

    from townhall.access.roles import is_active_member
    from townhall.notifications.models import FeedToken

    digest = hashlib.sha256((token or "").encode()).hexdigest()
    found = FeedToken.objects.select_related("person").filter(digest=digest).first()
    return found.person if found and is_active_member(found.person) else None


def feed_token_of(actor):
    from townhall.notifications.models import FeedToken

    return FeedToken.objects.filter(person=actor).first()


def channels_of(actor) -> dict[str, str]:
    """Every kind's channel for the actor: their choice, else the kind's default."""
    chosen = dict(Preference.objects.filter(person=actor).values_list("kind", "channel"))
    return {kind: chosen.get(kind, default_channel(kind)) for kind in KINDS}


def muted_threads(actor):
    return (
        ThreadMute.objects.filter(person=actor, post__in=visible_posts(actor).values("pk"))
        .select_related("post", "post__author")
        .order_by("-created_at", "-id")
    )


def muted_groups(actor):
    groups = visible_groups(actor).values("pk")
    return Mute.objects.filter(muter=actor, group__in=groups).select_related("group")


def is_thread_muted(actor, post) -> bool:
    return ThreadMute.objects.filter(person=actor, post=post).exists()

"""Reads of announcements, already filtered by townhall.access.announcements.

pinned_for(actor)                 my unacknowledged announcements, newest first (1-2 queries)
announcement_page(actor, cursor)  every announcement I can see, newest first, a page
read_stats(announcement)          readers overall and by department (2 queries)
unread_audience(announcement)     who can see it and has not said "Got it"
"""

from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from townhall.access.announcements import (
    announceable_groups,
    can_announce,
    visible_announcements,
)
from townhall.access.moderation import known_not_hidden
from townhall.access.posts import audience_of_post
from townhall.access.roles import is_active_member
from townhall.accounts.models import User
from townhall.announcements.models import Acknowledgement, Announcement
from townhall.core import cursors
from townhall.core.compiled import rows

PINNED_LIMIT = 5
PAGE_SIZE = 20


def _with_post(queryset: QuerySet[Announcement]) -> QuerySet[Announcement]:
    return queryset.select_related("post", "post__author", "post__group")


def acknowledged_by(actor) -> QuerySet:
    return Acknowledgement.objects.filter(announcement=OuterRef("pk"), person=actor)


def pinned_for(actor, limit: int = PINNED_LIMIT) -> list[Announcement]:
    """The announcements pinned above the actor's home feed: visible to them, not written by
    them, not yet acknowledged. Asked on every home page, where it is mostly empty: one
    query for the ids (compiled once per role: townhall.core.compiled), one more for the
    announcements with their posts only when there are some."""
    if not is_active_member(actor):
        return []
    key = ("pinned announcements", actor.role, actor.is_active, limit)
    ids = [pk for (pk,) in rows(key, partial(_pinned_ids, limit=limit), actor=actor)]
    if not ids:
        return []
    return list(_with_post(Announcement.objects.filter(pk__in=ids)).order_by("-created_at", "-id"))


def _pinned_ids(actor, *, limit: int) -> QuerySet:
    return (
        visible_announcements(actor)
        .exclude(post__author=actor)
        .exclude(Exists(acknowledged_by(actor)))
        .order_by("-created_at", "-id")
        .values("pk")[:limit]
    )


@dataclass
class AnnouncementPage:
    items: list[Announcement]  # each with `acknowledged` (bool) annotated
    next_cursor: str | None


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    position = cursors.unpack(cursor, datetime, int)
    if position is None:
        raise ValidationError(_("This page link is not valid."), code="cursor")
    return position


def announcement_page(
    actor, cursor: str | None = None, limit: int = PAGE_SIZE, *, unread_only: bool = False
) -> AnnouncementPage:
    """Announcements the actor can see, newest first, by (created_at, id) cursor. One query."""
    queryset = _with_post(visible_announcements(actor)).annotate(
        acknowledged=Exists(acknowledged_by(actor))
    )
    if unread_only:
        queryset = queryset.filter(acknowledged=False).exclude(post__author=actor)
    if cursor:
        created_at, pk = decode_cursor(cursor)
        queryset = queryset.filter(
            Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk)
        )
    rows = list(queryset.order_by("-created_at", "-id")[: limit + 1])
    for row in rows:  # visible_announcements went through visible_posts: none is hidden
        known_not_hidden("post", row.post)
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = cursors.pack([rows[-1].created_at, rows[-1].pk])
    return AnnouncementPage(items=rows, next_cursor=next_cursor)


def audience(announcement: Announcement) -> QuerySet[User]:
    """Who the announcement is for: everyone who can see its post, except its author."""
    return audience_of_post(announcement.post).exclude(pk=announcement.post.author_id)


def unread_audience(announcement: Announcement) -> QuerySet[User]:
    readers = Acknowledgement.objects.filter(announcement=announcement).values("person_id")
    return audience(announcement).exclude(pk__in=readers)


@dataclass
class DepartmentStats:
    department: str  # "" for people without a department
    audience: int
    read: int

    @property
    def unread(self) -> int:
        return self.audience - self.read

    @property
    def percent(self) -> int:
        return round(100 * self.read / self.audience) if self.audience else 0


@dataclass
class ReadStats:
    audience: int = 0
    read: int = 0
    departments: list[DepartmentStats] = field(default_factory=list)

    @property
    def unread(self) -> int:
        return self.audience - self.read

    @property
    def percent(self) -> int:
        return round(100 * self.read / self.audience) if self.audience else 0


def read_stats(announcement: Announcement) -> ReadStats:
    """How many of those who can see it have read it, overall and by User.department.
    Acknowledgements of people who can no longer see it (left the group, deactivated)
    do not count. Two queries."""
    people = audience(announcement)
    readers = Acknowledgement.objects.filter(announcement=announcement).values("person_id")
    totals = dict(
        people.order_by()
        .values("department")
        .annotate(n=Count("pk"))
        .values_list("department", "n")
    )
    reads = dict(
        people.filter(pk__in=readers)
        .order_by()
        .values("department")
        .annotate(n=Count("pk"))
        .values_list("department", "n")
    )
    departments = [
        DepartmentStats(department=name, audience=total, read=reads.get(name, 0))
        for name, total in sorted(totals.items(), key=lambda kv: (kv[0] == "", kv[0].casefold()))
    ]
    return ReadStats(
        audience=sum(totals.values()), read=sum(reads.values()), departments=departments
    )


def last_reminder(announcement: Announcement):
    return announcement.reminders.order_by("-requested_at", "-id").first()


def has_acknowledged(actor, announcement: Announcement) -> bool:
    return Acknowledgement.objects.filter(announcement=announcement, person=actor).exists()


@dataclass
class AnnounceTargets:
    organisation: bool
    groups: list

    @property
    def any(self) -> bool:
        return self.organisation or bool(self.groups)


def announce_targets(actor) -> AnnounceTargets:
    """Where the actor may announce: the organisation and/or these groups."""
    if not is_active_member(actor):
        return AnnounceTargets(organisation=False, groups=[])
    return AnnounceTargets(
        organisation=can_announce(actor, None),
        groups=list(announceable_groups(actor).order_by("name", "id")),
    )

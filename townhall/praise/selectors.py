"""Reads of praise, already filtered by townhall.access.praise.

praise_page(actor, cursor, person=None)   praise I can see (received by `person`),
                                          newest first, a page: 2 queries
badge_choices()                           the badges with labels and emoji
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from townhall.access.groups import member_group_ids
from townhall.access.people import visible_people
from townhall.access.praise import visible_praise
from townhall.access.roles import is_active_member
from townhall.core import cursors
from townhall.groups.models import Group
from townhall.praise.models import EMOJI, Badge, Praise

PAGE_SIZE = 20


def with_people(queryset: QuerySet[Praise]) -> QuerySet[Praise]:
    return queryset.select_related("post", "post__author", "post__group").prefetch_related(
        "recipients"
    )


@dataclass
class PraisePage:
    items: list[Praise]
    next_cursor: str | None


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    position = cursors.unpack(cursor, datetime, int)
    if position is None:
        raise ValidationError(_("This page link is not valid."), code="cursor")
    return position


def praise_page(
    actor, cursor: str | None = None, limit: int = PAGE_SIZE, *, person=None
) -> PraisePage:
    """Praise the actor can see (only what `person` received, when given), newest first.
    Two queries (the praise with post and author, then the recipients)."""
    queryset = visible_praise(actor)
    if person is not None:
        queryset = queryset.filter(recipient_links__person=person)
    if cursor:
        created_at, pk = decode_cursor(cursor)
        queryset = queryset.filter(
            Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk)
        )
    rows = list(with_people(queryset).order_by("-created_at", "-id")[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = cursors.pack([rows[-1].created_at, rows[-1].pk])
    return PraisePage(items=rows, next_cursor=next_cursor)


def badge_choices() -> list[tuple[str, str, str]]:
    """(value, label, emoji) for every badge, in the fixed order."""
    return [(badge.value, str(badge.label), EMOJI[badge]) for badge in Badge]


def praise_groups(actor) -> list:
    """Groups the actor may give praise in (besides the organisation). One query."""
    if not is_active_member(actor):
        return []
    return list(
        Group.objects.filter(pk__in=member_group_ids(actor), archived_at__isnull=True).order_by(
            "name", "id"
        )
    )


class UnknownPeople(ValueError):
    """Some usernames name nobody the actor can see."""


def people_named(actor, usernames: list[str]) -> list:
    """The active people the actor can see with these usernames (case-insensitive), in the
    order given; UnknownPeople (with a message naming them) for any that match nobody."""
    wanted = list(dict.fromkeys(name.casefold() for name in usernames if name))[:50]
    if not wanted:
        return []
    match = Q()
    for name in wanted:
        match |= Q(username__iexact=name)
    found = {p.username.casefold(): p for p in visible_people(actor).filter(match, is_active=True)}
    missing = [name for name in wanted if name not in found]
    if missing:
        raise UnknownPeople(
            _("Nobody here has the username %(names)s.")
            % {"names": ", ".join(f"@{name}" for name in missing)}
        )
    return [found[name] for name in wanted]

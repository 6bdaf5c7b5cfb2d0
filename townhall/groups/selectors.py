"""Reads for the group pages: the directory, member lists, requests, invitations, the feed.

Everything starts from a townhall.access filter (visible_groups, visible_memberships,
visible_join_requests, visible_group_invitations, visible_people), so nothing shows here
that the reader could not open. Lists page by keyset cursors, never OFFSET.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from townhall.access import groups as access
from townhall.access.people import visible_people
from townhall.access.posts import visible_posts
from townhall.accounts.models import User, fold
from townhall.core import cursors
from townhall.feeds import selectors as feeds
from townhall.groups.models import Decision, Group, GroupInvitation, JoinRequest, Membership
from townhall.posts.models import Post
from townhall.posts.selectors import FeedItem, FeedPage, feed_page

PAGE_SIZE = 24
FEED_PAGE_SIZE = 20


# --- the directory ---------------------------------------------------------------------


@dataclass
class DirectoryPage:
    groups: list[Group]  # each with .is_mine and .member_count (None: not for this reader)
    next_cursor: str | None
    starts_in_mine: bool = True  # False: the page continues the "other groups" section


def directory_queryset(actor) -> QuerySet[Group]:
    """Groups the actor may see, theirs first, then A-Z by case-folded name.

    `member_count` counts active members, None where access.can_view_member_count says
    no: a secret group's invitee learns its name, not its size."""
    mine = Membership.objects.filter(group=OuterRef("pk"), user=actor)
    return access.with_member_counts(actor, access.visible_groups(actor)).annotate(
        is_mine=Exists(mine)
    )


def directory_page(
    actor, query: str = "", after: str | None = None, limit: int = PAGE_SIZE
) -> DirectoryPage:
    groups = directory_queryset(actor)
    for word in fold(query).split():
        groups = groups.filter(name_key__contains=word)
    # An unreadable cursor reads as None: back to page one.
    position = cursors.unpack(after, int, str, int)
    if position is not None:
        mine, key, pk = position[0] == 1, position[1], position[2]
        later = Q(name_key__gt=key) | Q(name_key=key, pk__gt=pk)
        if mine:  # the rest of my groups, then all the others
            groups = groups.filter((Q(is_mine=True) & later) | Q(is_mine=False))
        else:
            groups = groups.filter(Q(is_mine=False) & later)
    rows = list(groups.order_by("-is_mine", "name_key", "id")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if rows else None
    cursor = cursors.pack([int(last.is_mine), last.name_key, last.pk]) if more and last else None
    return DirectoryPage(rows, cursor, starts_in_mine=position is None or position[0] == 1)


def my_invitations(actor) -> list[GroupInvitation]:
    """Pending invitations addressed to the actor, newest first."""
    invitations = access.visible_group_invitations(actor).filter(
        invitee=actor, status=Decision.PENDING, group__archived_at__isnull=True
    )
    return list(invitations.select_related("group", "invited_by").order_by("-created_at", "-id"))


# --- one group -------------------------------------------------------------------------


def member_count(actor, group: Group) -> int | None:
    """The group's size as the reader may know it (None: not for them)."""
    return access.member_count(actor, group)


def pending_request_of(actor, group: Group) -> JoinRequest | None:
    return (
        access.visible_join_requests(actor)
        .filter(group=group, user=actor, status=Decision.PENDING)
        .first()
    )


def invitation_for(actor, group: Group) -> GroupInvitation | None:
    return (
        access.visible_group_invitations(actor)
        .filter(group=group, invitee=actor, status=Decision.PENDING)
        .first()
    )


def group_feed(actor, group: Group, after: str | None = None, limit: int = FEED_PAGE_SIZE):
    """The group's posts, newest first, hydrated (townhall.feeds applies visible_posts)."""
    return feeds.group_feed(actor, group, after, limit)


def pinned_item(actor, group: Group) -> FeedItem | None:
    """The group's pinned post, hydrated like a feed item, if the reader may see it."""
    if group.pinned_post_id is None:
        return None
    page: FeedPage = feed_page(actor, Post.objects.filter(pk=group.pinned_post_id, group=group))
    return page.items[0] if page.items else None


# --- members, requests and invitations (the members page) ------------------------------


@dataclass
class MembersPage:
    memberships: list[Membership]
    next_cursor: str | None


def members_page(
    actor, group: Group, after: str | None = None, limit: int = PAGE_SIZE * 2
) -> MembersPage:
    """Active members A-Z by display name, with their role; empty if the list is not the
    reader's to see."""
    members = (
        access.visible_memberships(actor)
        .filter(group=group, user__is_active=True)
        .select_related("user")
    )
    position = cursors.unpack(after, str, int)
    if position is not None:
        name, pk = position
        members = members.filter(
            Q(user__display_name__gt=name) | Q(user__display_name=name, user_id__gt=pk)
        )
    rows = list(members.order_by("user__display_name", "user_id")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if rows else None
    cursor = cursors.pack([last.user.display_name, last.user_id]) if more and last else None
    return MembersPage(rows, cursor)


def pending_join_requests(actor, group: Group) -> list[JoinRequest]:
    """Requests waiting for a decision: only the group's admins see them here."""
    if not access.can_manage_group(actor, group):
        return []
    requests = access.visible_join_requests(actor).filter(
        group=group, status=Decision.PENDING, user__is_active=True
    )
    return list(requests.select_related("user").order_by("created_at", "id"))


def pending_invitations(actor, group: Group) -> list[GroupInvitation]:
    if not access.can_manage_group(actor, group):
        return []
    invitations = access.visible_group_invitations(actor).filter(
        group=group, status=Decision.PENDING, invitee__is_active=True
    )
    return list(invitations.select_related("invitee").order_by("created_at", "id"))


def invite_candidates(actor, group: Group, query: str, limit: int = 10) -> list[User]:
    """Active colleagues matching `query` who are not in the group yet, for the invite field."""
    words = fold(query).split()
    if not words or not access.can_invite_to_group(actor, group):
        return []
    people = visible_people(actor).filter(is_active=True)
    for word in words:
        people = people.filter(search_text__contains=word)
    people = people.exclude(pk__in=Membership.objects.filter(group=group).values("user_id"))
    return list(people.order_by("display_name", "id")[:limit])


def find_colleague(actor, username: str) -> User | None:
    return visible_people(actor).filter(is_active=True, username=username).first()


def find_member(actor, group: Group, username: str) -> Membership | None:
    return (
        access.visible_memberships(actor)
        .filter(group=group, user__username=username, user__is_active=True)
        .select_related("user", "group")
        .first()
    )


def admin_post_choices(actor, group: Group, limit: int = 20) -> list[Post]:
    """The group's latest posts, for the settings page's pin select."""
    if not access.can_manage_group(actor, group):
        return []
    posts = visible_posts(actor, Post.objects.filter(group=group)).select_related("author")
    return list(posts.order_by("-created_at", "-id")[:limit])

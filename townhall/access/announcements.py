"""Who may announce, see announcements, acknowledge them, read their stats and remind.

The rules (docs/announcements-and-praise.md has the table):

- An announcement is carried by a post; who may see it is exactly who may see that post
  (townhall.access.posts): the organisation for an organisation-wide one, the group's
  readers for one in a group. Deleted posts take their announcement with them.
- Announcing to the whole organisation: leaders and organisation admins.
- Announcing in a group: leaders and organisation admins who may post there, and the
  group's own owners and admins (a team lead who runs a group may announce to it).
- "Got it": anyone who can see it, except its author (the author has nothing to confirm).
- Read stats and reminders: its author, and organisation admins who can see it (so the
  comms team can follow up when the author is away).

Each visibility rule is a pair (object check + queryset filter) and
townhall/access/tests/test_announcements_matrix.py proves they agree.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from townhall.access.groups import ADMIN_ROLES, can_post_in_group, is_group_admin
from townhall.access.posts import can_view_post, visible_posts
from townhall.access.roles import is_active_member, is_admin, is_leader
from townhall.announcements.models import Announcement
from townhall.groups.models import Group, Membership
from townhall.posts.models import Post


def can_announce(actor, group: Group | None = None) -> bool:
    """May the actor announce to the organisation (group None) or in `group`?"""
    if not can_post_in_group(actor, group):
        return False
    if is_leader(actor) or is_admin(actor):
        return True
    return group is not None and is_group_admin(actor, group)


def announceable_groups(actor, queryset: QuerySet[Group] | None = None) -> QuerySet[Group]:
    """The queryset twin of `can_announce` for groups: where the actor may announce."""
    queryset = Group.objects.all() if queryset is None else queryset
    if not is_active_member(actor):
        return queryset.none()
    mine = Membership.objects.filter(user=actor)
    if not (is_leader(actor) or is_admin(actor)):
        mine = mine.filter(role__in=ADMIN_ROLES)
    return queryset.filter(pk__in=mine.values("group_id"), archived_at__isnull=True)


def can_view_announcement(actor, announcement: Announcement) -> bool:
    return can_view_post(actor, announcement.post)


def visible_announcements(
    actor, queryset: QuerySet[Announcement] | None = None
) -> QuerySet[Announcement]:
    queryset = Announcement.objects.all() if queryset is None else queryset
    if not is_active_member(actor):
        return queryset.none()
    # A correlated EXISTS on the one post of each row: `post IN (visible_posts)` made
    # SQLite list every visible post first (150 ms at 100,000 posts for the pinned ones).
    return queryset.filter(
        Exists(visible_posts(actor, Post.objects.filter(pk=OuterRef("post_id"))))
    )


def get_announcement_or_404(actor, **lookup) -> Announcement:
    announcement = (
        visible_announcements(actor)
        .select_related("post", "post__author", "post__group")
        .filter(**lookup)
        .first()
    )
    if announcement is None:
        raise Http404
    return announcement


def can_acknowledge(actor, announcement: Announcement) -> bool:
    return can_view_announcement(actor, announcement) and announcement.post.author_id != actor.pk


def can_view_announcement_stats(actor, announcement: Announcement) -> bool:
    """Read stats and reminders: the author, and org admins who can see it."""
    if not can_view_announcement(actor, announcement):
        return False
    return announcement.post.author_id == actor.pk or is_admin(actor)


def stats_visible_announcements(
    actor, queryset: QuerySet[Announcement] | None = None
) -> QuerySet[Announcement]:
    """The queryset twin of `can_view_announcement_stats`."""
    queryset = visible_announcements(actor, queryset)
    if not is_active_member(actor) or is_admin(actor):
        return queryset
    return queryset.filter(Q(post__author=actor))


def can_remind(actor, announcement: Announcement) -> bool:
    return can_view_announcement_stats(actor, announcement)


__all__ = [
    "announceable_groups",
    "can_acknowledge",
    "can_announce",
    "can_remind",
    "can_view_announcement",
    "can_view_announcement_stats",
    "get_announcement_or_404",
    "stats_visible_announcements",
    "visible_announcements",
]

"""Who may see and give praise.

The rules (docs/announcements-and-praise.md has the table):

- A praise is carried by a post; who may see it is exactly who may see that post
  (townhall.access.posts): everyone active for an organisation-wide praise, the group's
  readers for one given in a group. "Praise received" on a profile lists only the praise
  the viewer can see, so praise given in a secret group stays in that group.
- Giving praise: any active person who may post there (the organisation, or a group they
  belong to that is not archived), to 1-10 active colleagues who can see the post, never
  to themselves (the action checks the recipients: townhall.praise.actions).

Each visibility rule is a pair (object check + queryset filter) and
townhall/access/tests/test_praise_matrix.py proves they agree.
"""

from django.db.models import QuerySet
from django.http import Http404

from townhall.access.groups import can_post_in_group
from townhall.access.posts import can_view_post, visible_posts
from townhall.access.roles import is_active_member
from townhall.groups.models import Group
from townhall.praise.models import Praise


def can_give_praise(actor, group: Group | None = None) -> bool:
    return can_post_in_group(actor, group)


def can_view_praise(actor, praise: Praise) -> bool:
    return can_view_post(actor, praise.post)


def visible_praise(actor, queryset: QuerySet[Praise] | None = None) -> QuerySet[Praise]:
    queryset = Praise.objects.all() if queryset is None else queryset
    if not is_active_member(actor):
        return queryset.none()
    return queryset.filter(post__in=visible_posts(actor).values("pk"))


def get_praise_or_404(actor, **lookup) -> Praise:
    praise = (
        visible_praise(actor)
        .select_related("post", "post__author", "post__group")
        .filter(**lookup)
        .first()
    )
    if praise is None:
        raise Http404
    return praise


__all__ = ["can_give_praise", "can_view_praise", "get_praise_or_404", "visible_praise"]

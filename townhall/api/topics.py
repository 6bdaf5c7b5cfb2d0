"""/api/v1/topics/{name} and /api/v1/mentions: a topic's page data, and @mention suggestions.

A topic is found by name in any letter case (#MØTE is #møte, on SQLite and PostgreSQL
alike: topics are keyed by their case-folded name). A topic used only where you cannot
look is a 404. Mention suggestions list only colleagues you can see, and with `post_id`
or `group_id` only those who may read that post or group: a mention must never tell
someone about a post they cannot open, nor who is in a group whose members they may not
see (`group_id` of a private group you are not in is a 404).
"""

from django.db.models import Q
from django.http import Http404
from ninja import Query, Router

from townhall.access.groups import can_view_group_members, get_group_or_404
from townhall.access.people import visible_people
from townhall.access.posts import audience_of_post, get_post_or_404, visible_posts
from townhall.accounts.models import fold
from townhall.api import present
from townhall.api.follows import topic_or_404
from townhall.api.post_schemas import MentionParams, MentionsOut, TopicOut
from townhall.api.schemas import Error, ValidationErrorOut
from townhall.feeds.selectors import relationship, topic_posts
from townhall.posts.models import Post

router = Router(tags=["topics"])

READ = {400: Error, 401: Error, 403: Error, 404: Error, 422: ValidationErrorOut}


@router.get("/topics/{name}", response={200: TopicOut, **READ}, summary="A #topic")
def get_topic(request, name: str):
    actor = request.auth
    topic = topic_or_404(actor, name)
    state = relationship(actor, topic=topic)
    return {
        "key": topic.key,
        "name": topic.name,
        "post_count": visible_posts(actor, topic_posts(actor, topic)).count(),
        "following": state.following,
        "muted": state.muted,
    }


@router.get("/mentions", response={200: MentionsOut, **READ}, summary="@mention suggestions")
def mention_suggestions(request, params: Query[MentionParams]):
    """Colleagues whose username or name starts with `q` (any letter case), by name."""
    actor = request.auth
    people = visible_people(actor).filter(is_active=True)
    if params.post_id is not None:
        post = get_post_or_404(actor, pk=params.post_id)
        people = audience_of_post(post, people)
    elif params.group_id is not None:
        # Who could read a post in this group: the same rule as for a real post there.
        # That names the group's members, so it is for those who may see its member list
        # (a private group's outsiders get the 404 a missing group gets).
        group = get_group_or_404(actor, pk=params.group_id)
        if not can_view_group_members(actor, group):
            raise Http404
        people = audience_of_post(Post(group=group), people)
    query = fold(params.q.strip().removeprefix("@"))
    if query:
        people = people.filter(
            Q(username__istartswith=query)
            | Q(search_text__startswith=query)
            | Q(search_text__contains=f" {query}")
        )
    found = people.order_by("display_name", "id")[: params.limit]
    return {"items": [present.person(request, person) for person in found]}

"""/api/v1 follows and mutes: people and topics to follow; people, groups and topics to mute.

Following and muting are idempotent (twice keeps one) and answer the resulting state.
Whom you may follow or mute is decided in townhall.access.feeds; someone or something you
cannot see is a 404. The writes are townhall.people.follows.
"""

from django.http import Http404
from ninja import Router

from townhall.access.groups import get_group_or_404
from townhall.access.people import get_person_or_404
from townhall.access.posts import get_topic_or_404
from townhall.api import present
from townhall.api.acting import action_errors
from townhall.api.auth import require_scope
from townhall.api.follow_schemas import FollowingOut, RelationshipOut
from townhall.api.schemas import Error, ValidationErrorOut
from townhall.core.markdown import MAX_TOPIC_LENGTH, topic_key
from townhall.feeds.selectors import following_overview, relationship
from townhall.people import follows

router = Router(tags=["follows"])

WRITE = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: ValidationErrorOut}
STATE = {200: RelationshipOut, **WRITE}


def topic_or_404(actor, name: str):
    """A topic by name, in any letter case, with or without its #. A name no topic could
    have (too long, NUL, broken Unicode) is a 404 before it reaches the database."""
    name = name.removeprefix("#")
    if not 0 < len(name) <= MAX_TOPIC_LENGTH or "\x00" in name:
        raise Http404
    try:
        name.encode("utf-8")
    except UnicodeEncodeError as error:
        raise Http404 from error
    return get_topic_or_404(actor, key=topic_key(name))


def _state(actor, **target) -> dict:
    found = relationship(actor, **target)
    return {"following": found.following, "muted": found.muted}


def _change(request, change, **target) -> dict:
    require_scope(request, "write")
    with action_errors():
        change(actor=request.auth, **target)
    return _state(request.auth, **target)


@router.get("/me/following", response={200: FollowingOut, 401: Error, 403: Error})
def my_follows(request):
    """Whom and what you follow and mute (what you can still see; at most 500 of each)."""
    found = following_overview(request.auth)

    def topic(t):
        return {"key": t.key, "name": t.name}

    return {
        "people": [present.person(request, f.followed) for f in found.people],
        "topics": [topic(f.topic) for f in found.topics],
        "muted_people": [present.person(request, m.person) for m in found.muted_people],
        "muted_groups": [present.group_summary(m.group) for m in found.muted_groups],
        "muted_topics": [topic(m.topic) for m in found.muted_topics],
    }


@router.post("/people/{id:person_id}/follow", response=STATE, summary="Follow a colleague")
def follow_person(request, person_id: int):
    person = get_person_or_404(request.auth, pk=person_id)
    return _change(request, follows.follow_person, person=person)


@router.delete("/people/{id:person_id}/follow", response=STATE, summary="Stop following")
def unfollow_person(request, person_id: int):
    person = get_person_or_404(request.auth, pk=person_id)
    return _change(request, follows.unfollow_person, person=person)


@router.post("/people/{id:person_id}/mute", response=STATE, summary="Mute a colleague")
def mute_person(request, person_id: int):
    person = get_person_or_404(request.auth, pk=person_id)
    return _change(request, follows.mute, person=person)


@router.delete("/people/{id:person_id}/mute", response=STATE, summary="Unmute a colleague")
def unmute_person(request, person_id: int):
    person = get_person_or_404(request.auth, pk=person_id)
    return _change(request, follows.unmute, person=person)


@router.post("/groups/{id:group_id}/mute", response=STATE, summary="Mute a group")
def mute_group(request, group_id: int):
    group = get_group_or_404(request.auth, pk=group_id)
    return _change(request, follows.mute, group=group)


@router.delete("/groups/{id:group_id}/mute", response=STATE, summary="Unmute a group")
def unmute_group(request, group_id: int):
    group = get_group_or_404(request.auth, pk=group_id)
    return _change(request, follows.unmute, group=group)


@router.post("/topics/{name}/follow", response=STATE, summary="Follow a topic")
def follow_topic(request, name: str):
    topic = topic_or_404(request.auth, name)
    return _change(request, follows.follow_topic, topic=topic)


@router.delete("/topics/{name}/follow", response=STATE, summary="Stop following a topic")
def unfollow_topic(request, name: str):
    topic = topic_or_404(request.auth, name)
    return _change(request, follows.unfollow_topic, topic=topic)


@router.post("/topics/{name}/mute", response=STATE, summary="Mute a topic")
def mute_topic(request, name: str):
    topic = topic_or_404(request.auth, name)
    return _change(request, follows.mute, topic=topic)


@router.delete("/topics/{name}/mute", response=STATE, summary="Unmute a topic")
def unmute_topic(request, name: str):
    topic = topic_or_404(request.auth, name)
    return _change(request, follows.unmute, topic=topic)

"""Who, among the people connected right now, may hear about an event: decided once per event.

The realtime process knows which people have a socket open and what each socket shows (a
feed, one post). For every event it asks the permission layer once about all of them:

    messages = route(events, Watchers(feed={ann.pk, bo.pk}, posts={7: {bo.pk}}))
    # -> [Message(user_id=bo.pk, topic="post:7", body={"type": "comment", ...}), ...]

A message names what changed (ids only); the page fetches the rendered fragment through
the ordinary views, where townhall.access checks again. So a socket never receives text it
could not read on a page, and a person who may not see a post never learns its id.

Which events mean what (the kinds townhall.posts emits):
  post.created      (subject posts.post)          -> "post" to feed watchers who may see it
  comment.created   (subject posts.comment)       -> "comment" to watchers of its post
  reaction.*        (subject a reaction, post or comment; data post/comment) -> "reactions"
  any event with recipients                        -> "notify" to those recipients (their
                                                      notification count may have changed)
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from townhall.access.posts import audience_of_post
from townhall.access.roles import organisation_people
from townhall.accounts.models import User
from townhall.events.models import Event
from townhall.posts.models import Comment, Post, Reaction

FEED = "feed"
NOTIFY = "notify"


def post_topic(post_id: int) -> str:
    return f"post:{post_id}"


@dataclass
class Watchers:
    """Who is connected and watching what: user ids per topic."""

    feed: set[int] = field(default_factory=set)
    posts: dict[int, set[int]] = field(default_factory=dict)
    everyone: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class Message:
    user_id: int
    topic: str  # FEED, NOTIFY or post_topic(id): which of the person's sockets want it
    body: dict


def _people(ids: Iterable[int]) -> QuerySet[User]:
    return User.objects.filter(pk__in=list(ids))


def post_audience(post: Post, candidates: set[int]) -> set[int]:
    """The candidates who may see `post` (townhall.access.audience_of_post): one query."""
    if not candidates:
        return set()
    return set(audience_of_post(post, _people(candidates)).values_list("pk", flat=True))


def comment_audience(comment: Comment, candidates: set[int]) -> set[int]:
    """The candidates who may see `comment`: those who may see its post, as long as neither
    the comment nor the comment it answers is deleted (access.posts.can_view_comment)."""
    if comment.deleted_at is not None:
        return set()
    if comment.parent_id is not None and comment.parent.deleted_at is not None:
        return set()
    return post_audience(comment.post, candidates)


def _load_post(post_id) -> Post | None:
    return Post.objects.select_related("group").filter(pk=post_id).first()


def _load_comment(comment_id) -> Comment | None:
    related = ("post", "post__group", "parent")
    return Comment.objects.select_related(*related).filter(pk=comment_id).first()


def _post_created(event: Event, watchers: Watchers) -> list[Message]:
    if not watchers.feed:
        return []
    post = _load_post(event.subject_id)
    if post is None:
        return []
    body = {"type": "post", "event": event.pk, "post": post.pk}
    return [Message(pk, FEED, body) for pk in post_audience(post, watchers.feed)]


def _comment_created(event: Event, watchers: Watchers) -> list[Message]:
    post_id = event.data.get("post")
    if post_id is not None and not watchers.posts.get(post_id):
        return []  # nobody has the post open: not even a query
    comment = _load_comment(event.subject_id)
    if comment is None or not watchers.posts.get(comment.post_id):
        return []
    body = {
        "type": "comment",
        "event": event.pk,
        "post": comment.post_id,
        "comment": comment.pk,
        "parent": comment.parent_id,
    }
    topic = post_topic(comment.post_id)
    audience = comment_audience(comment, watchers.posts[comment.post_id])
    return [Message(pk, topic, body) for pk in audience]


def _reaction_target(event: Event) -> Post | Comment | None:
    """What the reaction was added to or taken from, whatever the subject of the event."""
    comment_id = event.data.get("comment")
    post_id = event.data.get("post")
    if event.subject_type == "posts.reaction":
        reaction = Reaction.objects.filter(pk=event.subject_id).first()
        if reaction is not None:
            comment_id, post_id = reaction.comment_id, reaction.post_id
    elif event.subject_type == "posts.comment":
        comment_id = event.subject_id
    elif event.subject_type == "posts.post":
        post_id = event.subject_id
    if comment_id is not None:
        return _load_comment(comment_id)
    return _load_post(post_id) if post_id is not None else None


def _reaction_changed(event: Event, watchers: Watchers) -> list[Message]:
    if not watchers.posts:
        return []
    target = _reaction_target(event)
    if target is None:
        return []
    if isinstance(target, Comment):
        post, kind = target.post, "comment"
        candidates = watchers.posts.get(post.pk, set())
        audience = comment_audience(target, candidates) if candidates else set()
    else:
        post, kind = target, "post"
        audience = post_audience(post, watchers.posts.get(post.pk, set()))
    body = {"type": "reactions", "event": event.pk, "post": post.pk, "target": kind}
    body["id"] = target.pk
    return [Message(pk, post_topic(post.pk), body) for pk in audience]


def _notify(event: Event, watchers: Watchers) -> list[Message]:
    """A nudge to recipients who are connected: "your notifications changed". It carries
    no content; the page asks the notifications view for the count."""
    addressed = {int(pk) for pk in event.recipients} & watchers.everyone
    if not addressed:
        return []
    people = organisation_people(_people(addressed).filter(is_active=True))
    body = {"type": "notify", "event": event.pk}
    return [Message(pk, NOTIFY, body) for pk in people.values_list("pk", flat=True)]


def route(events: Iterable[Event], watchers: Watchers) -> list[Message]:
    """The messages for `events`, each addressed to a watcher who may see what it is about."""
    messages: list[Message] = []
    for event in events:
        if event.kind == "post.created" and event.subject_type == "posts.post":
            messages += _post_created(event, watchers)
        elif event.kind == "comment.created" and event.subject_type == "posts.comment":
            messages += _comment_created(event, watchers)
        elif event.kind.startswith("reaction."):
            messages += _reaction_changed(event, watchers)
        if event.recipients:
            messages += _notify(event, watchers)
    return messages

"""Writes to posts, comments and reactions. Views, the API, the CLI and tasks call these.

Keyword-only arguments, the acting person as `actor`, one transaction each, access
re-checked inside (townhall.access.posts). Errors for callers to map:

- ``Http404``: the actor cannot see the post, comment or target group (same as missing);
- ``PermissionDenied``: the actor sees it but may not do this (e.g. edit another's post);
- ``ValidationError``: bad input (empty or over-long text, unknown reaction kind, ...).

Markdown is rendered here (townhall.core.markdown) and stored as `body_html`. #topics
become Topic rows keyed by their case-folded name. @mentions of existing, active people
become profile links; a Mention row (what notifications will read) is written only for
people who may see the post, so someone mentioned where they cannot look learns nothing.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from townhall.access import posts as access
from townhall.access.groups import can_post_in_group, can_view_group
from townhall.accounts.models import User
from townhall.core.markdown import find_references, render_markdown
from townhall.core.tasks import enqueue_after_commit
from townhall.events.outbox import emit
from townhall.files.actions import schedule_link_card
from townhall.groups.models import Group
from townhall.posts.models import (
    MAX_BODY_LENGTH,
    Comment,
    CommentRevision,
    Mention,
    Post,
    PostRevision,
    PostTopic,
    Reaction,
    Topic,
)
from townhall.search.tasks import index_comment_task, index_post_task

MAX_MENTIONS = 50


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def clean_body(body: str) -> str:
    """The text as stored, or ValidationError for empty, whitespace-only or over-long text."""
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError(_("Write something first: the text is empty."), code="empty")
    if len(body) > MAX_BODY_LENGTH:
        raise ValidationError(
            _("The text is too long: %(count)s characters, at most %(max)s.")
            % {"count": f"{len(body):,}", "max": f"{MAX_BODY_LENGTH:,}"},
            code="too_long",
        )
    return body


def _mentioned_people(usernames: list[str]) -> list[User]:
    """Existing, active people named by (case-folded) usernames; unknown names are ignored."""
    if not usernames:
        return []
    wanted = set(usernames[:MAX_MENTIONS])
    match = Q()
    for name in wanted:
        match |= Q(username__iexact=name)
    return [
        p for p in User.objects.filter(match, is_active=True) if p.username.casefold() in wanted
    ]


def _render(body: str) -> tuple[str, dict[str, str], list[User]]:
    references = find_references(body)
    people = _mentioned_people(references.mentions)
    html = render_markdown(body, usernames=[p.username for p in people])
    return html, references.topics, people


def _sync_topics(post: Post, topics: dict[str, str]) -> None:
    wanted = []
    for key, name in topics.items():
        topic, _created = Topic.objects.get_or_create(key=key, defaults={"name": name})
        wanted.append(topic.pk)
    PostTopic.objects.filter(post=post).exclude(topic_id__in=wanted).delete()
    existing = set(PostTopic.objects.filter(post=post).values_list("topic_id", flat=True))
    PostTopic.objects.bulk_create(
        [PostTopic(post=post, topic_id=pk) for pk in wanted if pk not in existing]
    )


def _sync_mentions(*, post: Post, comment: Comment | None, people: list[User]) -> list[int]:
    """Mention rows for exactly the mentioned people (not the author) who can see the post.
    Returns the ids of the people mentioned for the first time (whom to notify)."""
    rows = Mention.objects.filter(comment=comment) if comment else Mention.objects.filter(post=post)
    author_id = (comment or post).author_id
    ids = [p.pk for p in people if p.pk != author_id]
    allowed = set(access.audience_of_post(post).filter(pk__in=ids).values_list("pk", flat=True))
    rows.exclude(person_id__in=allowed).delete()
    existing = set(rows.values_list("person_id", flat=True))
    new = [pk for pk in dict.fromkeys(ids) if pk in allowed and pk not in existing]
    Mention.objects.bulk_create(
        [Mention(person_id=pk, post=None if comment else post, comment=comment) for pk in new]
    )
    return new


def _locked_post(actor, post: Post) -> Post:
    current = Post.objects.select_for_update().filter(pk=post.pk).first()
    if current is None or not access.can_view_post(actor, current):
        raise Http404
    return current


def _target_group(actor, group: Group | None) -> Group | None:
    if group is None:
        return None
    current = Group.objects.filter(pk=group.pk).first()
    if current is None or not can_view_group(actor, current):
        raise Http404
    return current


# --- posts ----------------------------------------------------------------------------


def mark_changed(*, post_ids) -> None:
    """What a feed card of these posts shows changed: raise their `version`, in the
    caller's transaction, so no cached card of the old version is served
    (townhall.posts.cards). Every action that changes a card calls it."""
    Post.objects.filter(pk__in=list(post_ids)).update(version=F("version") + 1)


@transaction.atomic
def create_post(*, actor, body: str, group: Group | None = None) -> Post:
    """Post to the whole organisation (group=None) or to a group the actor belongs to."""
    group = _target_group(actor, group)
    _require(can_post_in_group(actor, group), _("You cannot post here."))
    body = clean_body(body)
    html, topics, people = _render(body)
    post = Post.objects.create(author=actor, group=group, body=body, body_html=html)
    _sync_topics(post, topics)
    mentioned = _sync_mentions(post=post, comment=None, people=people)
    schedule_link_card(post=post)  # the first link's card, fetched in the background
    emit("post.created", actor=actor, subject=post, recipients=mentioned, group=post.group_id)
    enqueue_after_commit(index_post_task, post.pk)
    return post


@transaction.atomic
def edit_post(*, actor, post: Post, body: str) -> Post:
    """Change the text; the previous text is kept as a PostRevision."""
    post = _locked_post(actor, post)
    _require(access.can_edit_post(actor, post), _("Only the author can edit this post."))
    body = clean_body(body)
    if body == post.body:
        return post
    now = timezone.now()
    PostRevision.objects.create(post=post, body=post.body, edited_at=now, editor=actor)
    post.body = body
    post.body_html, topics, people = _render(body)
    post.edited_at = now
    post.save(update_fields=["body", "body_html", "edited_at"])
    mark_changed(post_ids=[post.pk])
    _sync_topics(post, topics)
    mentioned = _sync_mentions(post=post, comment=None, people=people)
    if mentioned:
        emit("post.edited", actor=actor, subject=post, recipients=mentioned, group=post.group_id)
    enqueue_after_commit(index_post_task, post.pk)
    emit("post.audience_changed", actor=actor, subject=post, group=post.group_id)  # new #topics
    return post


@transaction.atomic
def delete_post(*, actor, post: Post) -> Post:
    """Soft-delete: the post (and with it its comments) disappears from every view."""
    post = _locked_post(actor, post)
    _require(access.can_delete_post(actor, post), _("You cannot delete this post."))
    post.deleted_at = timezone.now()
    post.save(update_fields=["deleted_at"])
    mark_changed(post_ids=[post.pk])
    Group.objects.filter(pinned_post=post).update(pinned_post=None)
    enqueue_after_commit(index_post_task, post.pk)
    return post


@transaction.atomic
def move_post(*, actor, post: Post, group: Group | None) -> Post:
    """Move to another group (or to the whole organisation, group=None). Visibility follows
    at once; mentioned people who can no longer see the post lose their Mention rows."""
    post = _locked_post(actor, post)
    _require(access.can_move_post(actor, post), _("You cannot move this post."))
    target = _target_group(actor, group)
    if target == post.group:
        return post
    _require(access.can_move_post_to(actor, post, target), _("You cannot move it there."))
    Group.objects.filter(pinned_post=post).update(pinned_post=None)
    post.group = target
    post.save(update_fields=["group"])
    mark_changed(post_ids=[post.pk])
    mentions = Mention.objects.filter(Q(post=post) | Q(comment__post=post))
    audience = access.audience_of_post(post).values("pk")
    mentions.exclude(person__in=audience).delete()
    enqueue_after_commit(index_post_task, post.pk)
    emit(
        "post.moved", actor=actor, subject=post, group=post.group_id
    )  # home lists of its new readers
    return post


# --- comments -------------------------------------------------------------------------


def _locked_comment(actor, comment: Comment) -> Comment:
    current = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("post", "post__group", "parent")
        .filter(pk=comment.pk)
        .first()
    )
    if current is None or not access.can_view_comment(actor, current):
        raise Http404
    return current


@transaction.atomic
def create_comment(*, actor, post: Post, body: str, parent: Comment | None = None) -> Comment:
    """Comment on a post, or reply to a comment. Replies nest one level only: a reply to
    a reply attaches to the top-level comment."""
    post = Post.objects.select_related("group").filter(pk=post.pk).first()
    if post is None or not access.can_view_post(actor, post):
        raise Http404
    if parent is not None:
        parent = Comment.objects.select_related("parent", "post").filter(pk=parent.pk).first()
        if parent is None or not access.can_view_comment(actor, parent):
            raise Http404
        if parent.post_id != post.pk:
            raise ValidationError(_("That comment belongs to another post."), code="parent")
        if parent.parent_id is not None:
            parent = parent.parent
    _require(access.can_comment_on_post(actor, post), _("You cannot comment here."))
    body = clean_body(body)
    html, _topics, people = _render(body)
    comment = Comment.objects.create(
        post=post, author=actor, parent=parent, body=body, body_html=html
    )
    mark_changed(post_ids=[post.pk])
    mentioned = _sync_mentions(post=post, comment=comment, people=people)
    addressed = {post.author_id, *mentioned}
    if parent is not None:
        addressed.add(parent.author_id)
    emit(
        "comment.created",
        actor=actor,
        subject=comment,
        recipients=addressed - {actor.pk},
        post=post.pk,
        parent=parent.pk if parent else None,
        mentioned=mentioned,
        group=post.group_id,
    )
    enqueue_after_commit(index_comment_task, comment.pk)
    return comment


@transaction.atomic
def edit_comment(*, actor, comment: Comment, body: str) -> Comment:
    comment = _locked_comment(actor, comment)
    _require(access.can_edit_comment(actor, comment), _("Only the author can edit this comment."))
    body = clean_body(body)
    if body == comment.body:
        return comment
    now = timezone.now()
    CommentRevision.objects.create(comment=comment, body=comment.body, edited_at=now, editor=actor)
    comment.body = body
    comment.body_html, _topics, people = _render(body)
    comment.edited_at = now
    comment.save(update_fields=["body", "body_html", "edited_at"])
    mark_changed(post_ids=[comment.post_id])
    mentioned = _sync_mentions(post=comment.post, comment=comment, people=people)
    if mentioned:
        emit(
            "comment.edited",
            actor=actor,
            subject=comment,
            recipients=mentioned,
            post=comment.post_id,
            mentioned=mentioned,
            group=comment.post.group_id,
        )
    enqueue_after_commit(index_comment_task, comment.pk)
    return comment


@transaction.atomic
def delete_comment(*, actor, comment: Comment) -> Comment:
    """Soft-delete; replies to a deleted comment disappear with it."""
    comment = _locked_comment(actor, comment)
    _require(access.can_delete_comment(actor, comment), _("You cannot delete this comment."))
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["deleted_at"])
    mark_changed(post_ids=[comment.post_id])
    enqueue_after_commit(index_comment_task, comment.pk)
    return comment


# --- reactions ------------------------------------------------------------------------


def _clean_kind(kind: str) -> str:
    if kind not in Reaction.Kind.values:
        raise ValidationError(
            _("Unknown reaction. Choose one of: %(kinds)s.")
            % {"kinds": ", ".join(Reaction.Kind.values)},
            code="kind",
        )
    return kind


def _current_target(actor, target: Post | Comment) -> Post | Comment:
    if isinstance(target, Comment):
        current = (
            Comment.objects.select_related("post", "post__group", "parent")
            .filter(pk=target.pk)
            .first()
        )
        visible = current is not None and access.can_view_comment(actor, current)
    else:
        current = Post.objects.select_related("group").filter(pk=target.pk).first()
        visible = current is not None and access.can_view_post(actor, current)
    if not visible:
        raise Http404
    return current


def _reaction_lookup(target: Post | Comment) -> dict:
    return {"comment": target} if isinstance(target, Comment) else {"post": target}


@transaction.atomic
def react(*, actor, target: Post | Comment, kind: str) -> Reaction:
    """Add a reaction of `kind`; reacting twice with the same kind changes nothing."""
    kind = _clean_kind(kind)
    target = _current_target(actor, target)
    _require(access.can_react(actor, target), _("You cannot react here."))
    reaction, created = Reaction.objects.get_or_create(
        user=actor, kind=kind, **_reaction_lookup(target)
    )
    if created:
        on_comment = isinstance(target, Comment)
        post = target.post if on_comment else target
        mark_changed(post_ids=[post.pk])
        emit(
            "reaction.added",
            actor=actor,
            subject=reaction,
            recipients=[] if target.author_id == actor.pk else [target.author_id],
            post=post.pk,
            comment=target.pk if on_comment else None,
            group=post.group_id,
        )
    return reaction


@transaction.atomic
def unreact(*, actor, target: Post | Comment, kind: str) -> None:
    kind = _clean_kind(kind)
    target = _current_target(actor, target)
    _require(access.can_react(actor, target), _("You cannot react here."))
    removed, _kinds = Reaction.objects.filter(
        user=actor, kind=kind, **_reaction_lookup(target)
    ).delete()
    if removed:
        mark_changed(post_ids=[target.post_id if isinstance(target, Comment) else target.pk])

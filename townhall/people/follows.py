"""Following people and topics, and muting people, groups and topics from the home feed.

Keyword-only arguments, the acting person as `actor`, one transaction each, every call
idempotent (following twice keeps one follow; unfollowing what you do not follow does
nothing). Errors for callers to map:

- ``Http404``: the actor cannot see the person, group or topic (same as missing);
- ``ValidationError``: following or muting yourself, or a deactivated account.
Who may do what is decided in townhall.access.feeds.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from townhall.access import feeds as access
from townhall.access.people import can_view_person
from townhall.access.roles import is_active_member
from townhall.accounts.models import User
from townhall.events.outbox import emit
from townhall.groups.models import Group
from townhall.people.models import Follow, Mute, TopicFollow
from townhall.posts.models import Topic


def _check_person(actor, person: User, *, verb: str) -> None:
    if not can_view_person(actor, person):
        raise Http404
    if person.pk == actor.pk:
        message = {
            "follow": _("You cannot follow yourself."),
            "mute": _("You cannot mute yourself."),
        }[verb]
        raise ValidationError(message, code="self")
    if not person.is_active:
        raise ValidationError(_("This account is deactivated."), code="inactive")


def _require_member(actor) -> None:
    if not is_active_member(actor):
        raise Http404


# --- people ------------------------------------------------------------------------------


@transaction.atomic
def follow_person(*, actor, person: User) -> Follow:
    _check_person(actor, person, verb="follow")
    follow, created = Follow.objects.get_or_create(follower=actor, followed=person)
    if created:
        emit("person.followed", actor=actor, subject=person, recipients=[person.pk])
    return follow


@transaction.atomic
def unfollow_person(*, actor, person: User) -> None:
    _require_member(actor)
    Follow.objects.filter(follower=actor, followed=person).delete()


# --- topics ------------------------------------------------------------------------------


@transaction.atomic
def follow_topic(*, actor, topic: Topic) -> TopicFollow:
    if not access.can_follow_topic(actor, topic):
        raise Http404
    follow, created = TopicFollow.objects.get_or_create(follower=actor, topic=topic)
    if created:
        emit("topic.followed", actor=actor, subject=topic)  # the home list gets its posts
    return follow


@transaction.atomic
def unfollow_topic(*, actor, topic: Topic) -> None:
    _require_member(actor)
    TopicFollow.objects.filter(follower=actor, topic=topic).delete()


# --- mutes -------------------------------------------------------------------------------


def _target(person, group, topic) -> dict:
    given = {
        name: value
        for name, value in (("person", person), ("group", group), ("topic", topic))
        if value is not None
    }
    if len(given) != 1:
        raise ValidationError(_("Choose one person, group or topic to mute."), code="target")
    return given


@transaction.atomic
def mute(
    *, actor, person: User | None = None, group: Group | None = None, topic: Topic | None = None
) -> Mute:
    """Hide one person, group or topic from the actor's home feed."""
    target = _target(person, group, topic)
    if person is not None:
        _check_person(actor, person, verb="mute")
    else:
        allowed = (
            access.can_mute_group(actor, group)
            if group is not None
            else access.can_mute_topic(actor, topic)
        )
        if not allowed:
            raise Http404
    muted, _created = Mute.objects.get_or_create(muter=actor, **target)
    return muted


@transaction.atomic
def unmute(
    *, actor, person: User | None = None, group: Group | None = None, topic: Topic | None = None
) -> None:
    target = _target(person, group, topic)
    _require_member(actor)
    Mute.objects.filter(muter=actor, **target).delete()

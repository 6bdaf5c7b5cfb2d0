"""Writes of notifications: upsert from events, mark read, preferences, muted threads,
last seen. Keyword-only arguments, the acting person as `actor`, one transaction each.

`notify` is what the consumer calls for each Notice (townhall.notifications.rules): it
drops the actor themself, inactive people, whoever turned the kind off, muted the actor,
the group or the thread, and (for direct notices) whoever may not see the target; then it
upserts one row per recipient in a constant number of queries, however many there are.
"""

import hashlib
import secrets
from collections.abc import Iterable, Mapping
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from townhall.access.notifications import can_see_target
from townhall.access.posts import can_view_post
from townhall.access.roles import is_active_member, organisation_people
from townhall.accounts.models import User
from townhall.core.tasks import enqueue_after_commit
from townhall.notifications.emails import DIGEST, INSTANT
from townhall.notifications.kinds import KINDS, default_channel
from townhall.notifications.models import (
    Channel,
    Digest,
    FeedToken,
    LastSeen,
    MailSettings,
    Notification,
    NotificationActor,
    Preference,
    PushKind,
    ThreadMute,
)
from townhall.notifications.rules import Notice
from townhall.people.models import Mute
from townhall.posts.models import Post

SEEN_EVERY = timedelta(minutes=1)


# --- from events ------------------------------------------------------------------------


def quiet_filter(notice: Notice, actor_id: int | None) -> Q:
    """People for whom this notice must stay quiet: kind off, actor/group/thread muted."""
    person = OuterRef("pk")
    quiet = Q(pk=actor_id) if actor_id else Q(pk__in=[])
    off = Preference.objects.filter(person=person, kind=notice.kind, channel=Channel.OFF)
    quiet |= Q(Exists(off))
    if actor_id:
        quiet |= Q(Exists(Mute.objects.filter(muter=person, person_id=actor_id)))
    if notice.group:
        quiet |= Q(Exists(Mute.objects.filter(muter=person, group_id=notice.group)))
    if notice.thread:
        quiet |= Q(Exists(ThreadMute.objects.filter(person=person, post_id=notice.thread)))
    return quiet


def _listeners(notice: Notice, actor_id: int | None, people) -> list[int]:
    candidates = organisation_people(people.filter(is_active=True)).exclude(
        quiet_filter(notice, actor_id)
    )
    return list(candidates.values_list("pk", flat=True))


@transaction.atomic
def notify(*, notice: Notice, actor_id: int | None, check_access: bool = True) -> list[int]:
    """Upsert the notice's notification for each recipient who should hear of it; return
    whom it reached. `check_access=False` when the recipients are already its audience."""
    if notice.kind not in KINDS or not notice.recipients:
        return []
    people = _listeners(notice, actor_id, User.objects.filter(pk__in=list(notice.recipients)))
    if check_access:
        people = [
            person.pk
            for person in User.objects.filter(pk__in=people)
            if can_see_target(person, notice.target_type, notice.target_id)
        ]
    if people:
        _upsert(notice, actor_id, people)
        _push(notice, people)
    return people


def _push(notice: Notice, people: list[int]) -> None:
    """Queue a Web Push for those who asked for this kind (one query, whoever they are)."""
    from townhall.notifications.pushing import push_notifications

    wanted = PushKind.objects.filter(person_id__in=people, kind=notice.kind).values("person_id")
    ids = list(
        Notification.objects.filter(
            recipient_id__in=wanted,
            kind=notice.kind,
            target_type=notice.target_type,
            target_id=notice.target_id,
        ).values_list("pk", flat=True)
    )
    if ids:
        enqueue_after_commit(push_notifications, ids)


def _upsert(notice: Notice, actor_id: int | None, people: list[int]) -> None:
    now = timezone.now()
    key = {"kind": notice.kind, "target_type": notice.target_type, "target_id": notice.target_id}
    Notification.objects.bulk_create(
        [Notification(recipient_id=pk, created_at=now, updated_at=now, **key) for pk in people],
        ignore_conflicts=True,
    )
    rows = Notification.objects.filter(recipient_id__in=people, **key)
    if actor_id:
        ids = list(rows.values_list("pk", flat=True))
        NotificationActor.objects.bulk_create(
            [NotificationActor(notification_id=pk, actor_id=actor_id, at=now) for pk in ids],
            ignore_conflicts=True,
        )
        NotificationActor.objects.filter(notification_id__in=ids, actor_id=actor_id).update(at=now)
    count = (
        NotificationActor.objects.filter(notification=OuterRef("pk"))
        .order_by()
        .values("notification")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows.update(
        read_at=None,
        updated_at=now,
        emailed_at=None,
        last_actor_id=actor_id,
        data={**notice.data, "variant": notice.variant},
        actor_count=Coalesce(Subquery(count), 0),  # no actor (a signed-out visitor): 0
    )


# --- reading ----------------------------------------------------------------------------


@transaction.atomic
def mark_read(*, actor, notification: Notification) -> Notification:
    if not is_active_member(actor) or notification.recipient_id != actor.pk:
        raise Http404
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


@transaction.atomic
def mark_all_read(*, actor) -> int:
    if not is_active_member(actor):
        raise Http404
    unread = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    return unread.update(read_at=timezone.now())


def record_seen(*, actor, now=None) -> bool:
    """Remember that the person is active now; at most one write a minute. True if written."""
    if not is_active_member(actor):
        return False
    now = now or timezone.now()
    if LastSeen.objects.filter(person=actor, at__lt=now - SEEN_EVERY).update(at=now):
        return True
    _row, created = LastSeen.objects.get_or_create(person=actor, defaults={"at": now})
    return created


# --- preferences and mutes --------------------------------------------------------------


def clean_channel(kind: str, channel: str) -> str:
    if kind not in KINDS:
        raise ValidationError(
            _("Unknown kind of notification: %(kind)s.") % {"kind": kind}, code="kind"
        )
    if channel not in Channel.values:
        raise ValidationError(
            _("Choose one of: %(channels)s.") % {"channels": ", ".join(Channel.values)},
            code="channel",
        )
    return channel


@transaction.atomic
def set_preferences(*, actor, channels: Mapping[str, str]) -> dict[str, str]:
    """Set the channel of each named kind; a kind set back to its default keeps no row."""
    if not is_active_member(actor):
        raise Http404
    cleaned = {kind: clean_channel(kind, channel) for kind, channel in channels.items()}
    for kind, channel in cleaned.items():
        if channel == default_channel(kind):
            Preference.objects.filter(person=actor, kind=kind).delete()
        else:
            Preference.objects.update_or_create(
                person=actor, kind=kind, defaults={"channel": channel}
            )
    return cleaned


def _visible_post(actor, post: Post) -> Post:
    current = Post.objects.select_related("group").filter(pk=post.pk).first()
    if current is None or not can_view_post(actor, current):
        raise Http404
    return current


@transaction.atomic
def mute_thread(*, actor, post: Post) -> ThreadMute:
    """Hear nothing more about this post and its comments (reactions, replies, mentions)."""
    post = _visible_post(actor, post)
    muted, _created = ThreadMute.objects.get_or_create(person=actor, post=post)
    return muted


@transaction.atomic
def unmute_thread(*, actor, post: Post) -> None:
    if not is_active_member(actor):
        raise Http404
    ThreadMute.objects.filter(person=actor, post=post).delete()


# --- email, push and feed settings ------------------------------------------------------


@transaction.atomic
def set_mail_settings(*, actor, instant: bool, digest: str) -> MailSettings:
    """Emails at once on or off; the digest daily, weekly or never."""
    if not is_active_member(actor):
        raise Http404
    if digest not in Digest.values:
        raise ValidationError(
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(Digest.values)},
            code="digest",
        )
    found, _created = MailSettings.objects.update_or_create(
        person=actor, defaults={"instant": bool(instant), "digest": digest}
    )
    return found


@transaction.atomic
def unsubscribe(*, person_id: int, what: str) -> bool:
    """What a one-click unsubscribe link does (the signed token is the permission): stop
    the emails at once (INSTANT) or the digest (DIGEST). True if the person exists."""
    if not User.objects.filter(pk=person_id).exists() or what not in (INSTANT, DIGEST):
        return False
    change = {"instant": False} if what == INSTANT else {"digest": Digest.NEVER}
    MailSettings.objects.update_or_create(person_id=person_id, defaults=change)
    return True


@transaction.atomic
def set_push_kinds(*, actor, kinds: Iterable[str]) -> set[str]:
    """Exactly these kinds are pushed to the actor's browsers."""
    if not is_active_member(actor):
        raise Http404
    wanted = set(kinds)
    unknown = sorted(wanted - set(KINDS))
    if unknown:
        raise ValidationError(
            _("Unknown kind of notification: %(kind)s.") % {"kind": ", ".join(unknown)},
            code="kind",
        )
    PushKind.objects.filter(person=actor).exclude(kind__in=wanted).delete()
    PushKind.objects.bulk_create(
        [PushKind(person=actor, kind=kind) for kind in sorted(wanted)], ignore_conflicts=True
    )
    return wanted


@transaction.atomic
def save_settings(
    *, actor, channels: Mapping[str, str], push_kinds: Iterable[str], instant: bool, digest: str
) -> None:
    """Everything on the settings page at once: channels, pushed kinds, email settings."""
    set_preferences(actor=actor, channels=channels)
    set_push_kinds(actor=actor, kinds=push_kinds)
    set_mail_settings(actor=actor, instant=instant, digest=digest)


def feed_token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def new_feed_token(*, actor) -> str:
    """A new secret for the actor's private Atom feed URLs; the old one stops working.
    Only its hash is kept: the returned secret is shown once."""
    if not is_active_member(actor):
        raise Http404
    token = secrets.token_urlsafe(32)
    FeedToken.objects.update_or_create(
        person=actor,
        defaults={"digest": feed_token_digest(token), "created_at": timezone.now()},
    )
    return token


@transaction.atomic
def revoke_feed_token(*, actor) -> None:
    if not is_active_member(actor):
        raise Http404
    FeedToken.objects.filter(person=actor).delete()

"""Writes to polls: create a post with a poll, vote, change one's vote.

Keyword-only arguments, the actor first, one transaction each, access re-checked inside
(townhall.access.polls). ``Http404``: the actor cannot see the poll (same as missing);
``PermissionDenied``: they see it but may not vote (an archived group); ``ValidationError``
for bad input, with a code naming what was wrong:

- ``options``, ``kind``, ``closes_at``: the poll being created;
- ``choice``: the options voted for (none, too many for a single-choice poll, or one that
  is not in this poll);
- ``poll_closed``: the poll has closed, votes are no longer taken;
- ``already_voted``: a first vote was asked for (``change=False``) but one exists.

Everything is checked before anything is written: a refused vote or poll stores nothing.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from townhall.access.polls import can_view_poll
from townhall.access.posts import can_comment_on_post
from townhall.groups.models import Group
from townhall.polls.models import (
    MAX_OPTION_LENGTH,
    MAX_OPTIONS,
    MIN_OPTIONS,
    Poll,
    PollOption,
    PollVote,
)
from townhall.posts import actions as post_actions
from townhall.questions.actions import attach_question

MAX_OPEN_DAYS = 366


def clean_options(options: Iterable[str]) -> list[str]:
    """The options as stored: stripped, blanks dropped; 2 to 10, distinct, not too long."""
    texts = [" ".join(str(text or "").split()) for text in options or []]
    texts = [text for text in texts if text]
    if len(texts) < MIN_OPTIONS:
        raise ValidationError(
            _("A poll needs at least %(min)s options.") % {"min": MIN_OPTIONS}, code="options"
        )
    if len(texts) > MAX_OPTIONS:
        raise ValidationError(
            _("A poll has at most %(max)s options; this one has %(count)s.")
            % {"max": MAX_OPTIONS, "count": len(texts)},
            code="options",
        )
    for text in texts:
        if len(text) > MAX_OPTION_LENGTH:
            raise ValidationError(
                _("An option is at most %(max)s characters.") % {"max": MAX_OPTION_LENGTH},
                code="options",
            )
    folded = [text.casefold() for text in texts]
    if len(set(folded)) != len(folded):
        raise ValidationError(_("Two options say the same thing."), code="options")
    return texts


def clean_kind(kind: str) -> str:
    if kind not in Poll.Kind.values:
        raise ValidationError(
            _("Choose single or multiple choice."),
            code="kind",
        )
    return kind


def clean_closes_at(closes_at: datetime | None, now: datetime) -> datetime | None:
    if closes_at is None:
        return None
    if timezone.is_naive(closes_at):
        closes_at = timezone.make_aware(closes_at)
    if closes_at <= now:
        raise ValidationError(_("The closing time must be in the future."), code="closes_at")
    if closes_at > now + timedelta(days=MAX_OPEN_DAYS):
        raise ValidationError(_("A poll closes within a year at the latest."), code="closes_at")
    return closes_at


@transaction.atomic
def create_poll(
    *,
    actor,
    body: str,
    group: Group | None = None,
    options: Iterable[str],
    kind: str = Poll.Kind.SINGLE,
    closes_at: datetime | None = None,
    show_voters: bool = False,
    question: bool = False,
) -> Poll:
    """A post (townhall.posts.actions.create_post, with its rules) carrying a poll, in one
    transaction; `question=True` makes the post a question too."""
    texts = clean_options(options)
    kind = clean_kind(kind)
    closes_at = clean_closes_at(closes_at, timezone.now())
    post = post_actions.create_post(actor=actor, body=body, group=group)
    if question:
        attach_question(post=post)
    poll = Poll.objects.create(
        post=post,
        kind=kind,
        closes_at=closes_at,
        show_voters=bool(show_voters),
        created_at=post.created_at,
    )
    PollOption.objects.bulk_create(
        [PollOption(poll=poll, position=i, text=text) for i, text in enumerate(texts)]
    )
    return poll


def closed_message(poll: Poll) -> str:
    when = formats.date_format(timezone.localtime(poll.closes_at), "DATETIME_FORMAT")
    return _("This poll closed on %(when)s; it takes no more votes.") % {"when": when}


def _locked_poll(actor, poll: Poll) -> Poll:
    current = (
        Poll.objects.select_for_update(of=("self",))
        .select_related("post", "post__group")
        .filter(pk=poll.pk)
        .first()
    )
    if current is None or not can_view_poll(actor, current):
        raise Http404
    return current


def _chosen(poll: Poll, option_ids: Iterable) -> list[int]:
    wanted: list[int] = []
    for value in option_ids or []:
        try:
            pk = int(value)
        except (TypeError, ValueError):
            pk = None
        if pk is None or isinstance(value, bool):
            raise ValidationError(_("Choose among this poll's options."), code="choice")
        if pk not in wanted:
            wanted.append(pk)
    if not wanted:
        raise ValidationError(_("Choose an option first."), code="choice")
    if poll.is_single and len(wanted) > 1:
        raise ValidationError(_("This poll takes one choice only."), code="choice")
    known = set(PollOption.objects.filter(poll=poll, pk__in=wanted).values_list("pk", flat=True))
    if len(known) != len(wanted):
        raise ValidationError(_("That option is not in this poll."), code="choice")
    return wanted


@transaction.atomic
def vote(*, actor, poll: Poll, option_ids: Iterable, change: bool = True) -> Poll:
    """Set the actor's vote to exactly `option_ids` (one for a single-choice poll), until
    the poll closes. With change=False a person who has voted gets ``already_voted``."""
    poll = _locked_poll(actor, poll)
    if not can_comment_on_post(actor, poll.post):
        raise PermissionDenied(_("You cannot vote here: the group is archived."))
    if poll.is_closed():
        raise ValidationError(closed_message(poll), code="poll_closed")
    wanted = _chosen(poll, option_ids)
    mine = PollVote.objects.filter(poll=poll, voter=actor)
    current = set(mine.values_list("option_id", flat=True))
    if current and not change:
        raise ValidationError(
            _("You have already voted in this poll. Change your vote instead."),
            code="already_voted",
        )
    if current == set(wanted):
        return poll
    mine.exclude(option_id__in=wanted).delete()
    PollVote.objects.bulk_create(
        [
            PollVote(poll=poll, option_id=pk, voter=actor, single=poll.is_single)
            for pk in wanted
            if pk not in current
        ]
    )
    return poll


@transaction.atomic
def withdraw_vote(*, actor, poll: Poll) -> Poll:
    """Take one's vote back while the poll is open (no vote: nothing changes)."""
    poll = _locked_poll(actor, poll)
    if not can_comment_on_post(actor, poll.post):
        raise PermissionDenied(_("You cannot vote here: the group is archived."))
    if poll.is_closed():
        raise ValidationError(closed_message(poll), code="poll_closed")
    PollVote.objects.filter(poll=poll, voter=actor).delete()
    return poll

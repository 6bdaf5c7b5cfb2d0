"""Who may see a poll, vote in it, see its results and see who voted.

- A poll is visible exactly when the post carrying it is (townhall.access.posts).
- Voting (and changing one's vote): anyone who may comment on the post (so not in an
  archived group), until the poll closes.
- Results (counts per option): after the person has voted, once the poll is closed, and
  always for the poll's author (who asked, and follows how it goes).
- Who voted for what: one's own vote always; other people's only when the poll says so
  (`show_voters`) and the results are visible to the person.

`has_voted` reads `poll.my_votes` when townhall.polls.selectors prefetched it for this
actor (no query), else asks the database once.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from townhall.access.posts import can_comment_on_post, can_view_post, visible_posts
from townhall.access.roles import is_active_member
from townhall.polls.models import Poll, PollVote

# --- the poll itself -------------------------------------------------------------------


def can_view_poll(actor, poll: Poll) -> bool:
    return can_view_post(actor, poll.post)


def visible_polls(actor, queryset: QuerySet[Poll] | None = None) -> QuerySet[Poll]:
    queryset = Poll.objects.all() if queryset is None else queryset
    return queryset.filter(post__in=visible_posts(actor).values("pk"))


def get_poll_or_404(actor, **lookup) -> Poll:
    poll = (
        visible_polls(actor)
        .select_related("post", "post__author", "post__group")
        .filter(**lookup)
        .first()
    )
    if poll is None:
        raise Http404
    return poll


def has_voted(actor, poll: Poll) -> bool:
    if not is_active_member(actor):
        return False
    mine = getattr(poll, "my_votes", None)
    if mine is not None:
        return bool(mine)
    return PollVote.objects.filter(poll=poll, voter=actor).exists()


def voting_open(poll: Poll) -> bool:
    """The poll's own state: not closed, not in an archived group (the rest of can_vote,
    for pages that already know the actor sees the post)."""
    group = poll.post.group if poll.post.group_id else None
    return not poll.is_closed() and not (group is not None and group.is_archived)


def can_vote(actor, poll: Poll) -> bool:
    return can_comment_on_post(actor, poll.post) and voting_open(poll)


# --- results ---------------------------------------------------------------------------


def results_open(actor, poll: Poll) -> bool:
    """Closed, or the actor is its author or has voted (the rest of can_view_poll_results,
    for pages that already know the actor sees the post)."""
    if not is_active_member(actor):
        return False
    return poll.is_closed() or poll.post.author_id == actor.pk or has_voted(actor, poll)


def can_view_poll_results(actor, poll: Poll) -> bool:
    return can_view_poll(actor, poll) and results_open(actor, poll)


def _results_open_filter(actor) -> Q:
    voted = Exists(PollVote.objects.filter(poll=OuterRef("pk"), voter=actor))
    return Q(closes_at__lte=timezone.now()) | Q(post__author=actor) | Q(voted)


def visible_poll_results(actor, queryset: QuerySet[Poll] | None = None) -> QuerySet[Poll]:
    """The polls whose results (counts per option) the actor may see."""
    polls = visible_polls(actor, queryset)
    if not is_active_member(actor):
        return polls.none()
    return polls.filter(_results_open_filter(actor))


# --- who voted ---------------------------------------------------------------------------


def can_view_poll_voters(actor, poll: Poll) -> bool:
    """May the actor see other people's names on this poll's options?"""
    return poll.show_voters and can_view_poll_results(actor, poll)


def can_view_poll_vote(actor, vote: PollVote) -> bool:
    if not can_view_poll(actor, vote.poll):
        return False
    return vote.voter_id == actor.pk or can_view_poll_voters(actor, vote.poll)


def visible_poll_votes(actor, queryset: QuerySet[PollVote] | None = None) -> QuerySet[PollVote]:
    queryset = PollVote.objects.all() if queryset is None else queryset
    if not is_active_member(actor):
        return queryset.none()
    public = visible_poll_results(actor).filter(show_voters=True).values("pk")
    mine = visible_polls(actor).values("pk")
    return queryset.filter(Q(poll__in=public) | Q(voter=actor, poll__in=mine))

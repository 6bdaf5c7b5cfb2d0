"""Reads of polls, filtered by townhall.access.

A feed page's post query joins each post's poll (`select_related("poll")`,
townhall.posts.selectors); `hydrate_polls(actor, posts)` then loads the options (with vote
counts) and the actor's own votes in two more queries, made only when the page has a poll
at all. `card(actor, poll)` turns a loaded poll into what the post card shows, without
queries.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet, prefetch_related_objects

from townhall.access.polls import (
    can_view_poll_voters,
    results_open,
    visible_poll_votes,
    voting_open,
)
from townhall.polls.models import Poll, PollOption, PollVote
from townhall.posts.models import Post


def _options() -> QuerySet[PollOption]:
    return PollOption.objects.annotate(vote_count=Count("votes")).order_by("position", "id")


def _my_votes(actor) -> QuerySet[PollVote]:
    return PollVote.objects.filter(voter_id=getattr(actor, "pk", None) or 0)


def _prefetches(actor) -> list[Prefetch]:
    return [
        Prefetch("poll__options", queryset=_options()),
        Prefetch("poll__votes", queryset=_my_votes(actor), to_attr="my_votes"),
    ]


def hydrate_polls(actor, posts: list[Post]) -> None:
    """For posts already fetched (with select_related("poll"), else one more query): the
    options and the actor's votes, two queries if any of them has a poll."""
    prefetch_related_objects(posts, *_prefetches(actor))


def load_poll(actor, poll: Poll) -> Poll:
    """One poll (already checked with access.get_poll_or_404) fully loaded for `card`."""
    return (
        Poll.objects.select_related("post", "post__author", "post__group")
        .prefetch_related(
            Prefetch("options", queryset=_options()),
            Prefetch("votes", queryset=_my_votes(actor), to_attr="my_votes"),
        )
        .get(pk=poll.pk)
    )


def poll_of(post: Post) -> Poll | None:
    """The post's Poll or None (no query when the post was loaded with select_related("poll"))."""
    try:
        return post.poll
    except Post.poll.RelatedObjectDoesNotExist:
        return None


@dataclass
class OptionResult:
    option: PollOption
    chosen: bool
    votes: int | None  # None while the results are hidden from this person
    percent: int = 0


@dataclass
class PollCard:
    poll: Poll
    options: list[OptionResult]
    closed: bool
    can_vote: bool
    has_voted: bool
    results_visible: bool
    total_votes: int | None
    my_option_ids: list[int] = field(default_factory=list)


def card(actor, poll: Poll) -> PollCard:
    """What the person sees of a poll loaded by hydrate_polls/load_poll (no queries)."""
    mine = {vote.option_id for vote in getattr(poll, "my_votes", [])}
    visible = results_open(actor, poll)
    options = list(poll.options.all())
    total = sum(o.vote_count for o in options)
    results = [
        OptionResult(
            option=o,
            chosen=o.pk in mine,
            votes=o.vote_count if visible else None,
            percent=round(100 * o.vote_count / total) if visible and total else 0,
        )
        for o in options
    ]
    return PollCard(
        poll=poll,
        options=results,
        closed=poll.is_closed(),
        can_vote=voting_open(poll) and getattr(actor, "is_authenticated", False),
        has_voted=bool(mine),
        results_visible=visible,
        total_votes=total if visible else None,
        my_option_ids=sorted(mine),
    )


def voters(actor, poll: Poll) -> list[tuple[PollOption, list]] | None:
    """Who voted for each option, or None when the actor may not see names (one query)."""
    if not can_view_poll_voters(actor, poll):
        return None
    by_option: dict[int, list] = {}
    rows = visible_poll_votes(actor, PollVote.objects.filter(poll=poll)).select_related("voter")
    for vote in rows.order_by("created_at", "id"):
        by_option.setdefault(vote.option_id, []).append(vote.voter)
    return [(o, by_option.get(o.pk, [])) for o in poll.options.all()]

"""/api/v1/polls: create a post with a poll, read it, vote, change or withdraw a vote,
results and who voted.

Results (`votes` per option, `total_votes`) are null until you have voted or the poll
has closed (its author sees them at once); who voted is a 403 unless the poll shows
voters and you may see its results. Thin routes over townhall.access.polls and
townhall.polls.actions.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from townhall.access.groups import visible_groups
from townhall.access.polls import can_view_poll_results, get_poll_or_404
from townhall.api import present
from townhall.api.acting import action_errors
from townhall.api.auth import require_scope
from townhall.api.errors import ApiError
from townhall.api.idempotency import run_once
from townhall.api.pagination import BIGINT
from townhall.api.post_schemas import PersonSummary
from townhall.api.schemas import Error, Text, ValidationErrorOut
from townhall.polls import actions, selectors
from townhall.polls.models import MAX_OPTION_LENGTH, MAX_OPTIONS, Poll

router = Router(tags=["polls"])

READ = {401: Error, 403: Error, 404: Error}
WRITE = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: ValidationErrorOut}
FIELDS = {
    "text": "body",
    "options": "options",
    "kind": "kind",
    "closes_at": "closes_at",
    "choice": "option_ids",
}


class PollIn(Schema):
    model_config = ConfigDict(extra="forbid")

    body: Text = Field(..., description="the post's Markdown, 1 to 10,000 characters")
    group_id: int | None = Field(None, ge=1, le=BIGINT, description="a group you belong to")
    options: list[Text] = Field(
        ...,
        max_length=MAX_OPTIONS * 2,
        description=f"2 to {MAX_OPTIONS} distinct options, each up to {MAX_OPTION_LENGTH} chars",
    )
    kind: str = Field("single", description="single or multiple (choice)")
    closes_at: datetime | None = Field(None, description="optional; in the future")
    show_voters: bool = Field(False, description="people who see the results see who voted")
    question: bool = Field(False, description="the post is also a question")


class VoteIn(Schema):
    model_config = ConfigDict(extra="forbid")

    option_ids: list[int] = Field(
        ..., max_length=MAX_OPTIONS * 2, description="one for a single-choice poll"
    )


class OptionOut(Schema):
    id: int
    text: str
    votes: int | None = Field(..., description="null while the results are hidden from you")
    chosen: bool = Field(..., description="you voted for it")


class PollOut(Schema):
    id: int
    post_id: int
    kind: str
    closes_at: datetime | None
    closed: bool
    show_voters: bool
    results_visible: bool
    total_votes: int | None
    my_option_ids: list[int]
    options: list[OptionOut]


class OptionVoters(Schema):
    id: int
    text: str
    voters: list[PersonSummary]


def _json(request, poll: Poll) -> dict:
    card = selectors.card(request.auth, selectors.load_poll(request.auth, poll))
    return present.as_json(
        PollOut,
        {
            "id": poll.pk,
            "post_id": poll.post_id,
            "kind": poll.kind,
            "closes_at": poll.closes_at,
            "closed": card.closed,
            "show_voters": poll.show_voters,
            "results_visible": card.results_visible,
            "total_votes": card.total_votes,
            "my_option_ids": card.my_option_ids,
            "options": [
                {"id": r.option.pk, "text": r.option.text, "votes": r.votes, "chosen": r.chosen}
                for r in card.options
            ],
        },
    )


@router.post("/polls", response={201: PollOut, **WRITE}, summary="Write a post with a poll")
def create_poll(request, data: PollIn):
    """Send an `Idempotency-Key` header to make retries safe."""
    require_scope(request, "write")
    actor = request.auth
    group = None
    if data.group_id is not None:
        group = visible_groups(actor).filter(pk=data.group_id).first()
        if group is None:
            raise ValidationError({"group_id": [_("There is no group with this id.")]})

    def create():
        with action_errors(**FIELDS):
            poll = actions.create_poll(
                actor=actor,
                body=data.body,
                group=group,
                options=data.options,
                kind=data.kind,
                closes_at=data.closes_at,
                show_voters=data.show_voters,
                question=data.question,
            )
        return 201, _json(request, poll)

    return run_once(request, create)


@router.get("/polls/{id:poll_id}", response={200: PollOut, **READ}, summary="One poll")
def get_poll(request, poll_id: int):
    return _json(request, get_poll_or_404(request.auth, pk=poll_id))


@router.post("/polls/{id:poll_id}/votes", response={201: PollOut, **WRITE}, summary="Vote")
def vote(request, poll_id: int, data: VoteIn):
    """Your first vote; a second is a 409 `already_voted` (change it with PUT)."""
    require_scope(request, "write")
    poll = get_poll_or_404(request.auth, pk=poll_id)
    with action_errors(**FIELDS):
        actions.vote(actor=request.auth, poll=poll, option_ids=data.option_ids, change=False)
    return Status(201, _json(request, poll))


@router.put("/polls/{id:poll_id}/votes", response={200: PollOut, **WRITE}, summary="Change vote")
def change_vote(request, poll_id: int, data: VoteIn):
    """Set your vote to exactly `option_ids` (a first vote too), until the poll closes."""
    require_scope(request, "write")
    poll = get_poll_or_404(request.auth, pk=poll_id)
    with action_errors(**FIELDS):
        actions.vote(actor=request.auth, poll=poll, option_ids=data.option_ids)
    return _json(request, poll)


@router.delete(
    "/polls/{id:poll_id}/votes", response={200: PollOut, **WRITE}, summary="Withdraw vote"
)
def withdraw_vote(request, poll_id: int):
    require_scope(request, "write")
    poll = get_poll_or_404(request.auth, pk=poll_id)
    with action_errors(**FIELDS):
        actions.withdraw_vote(actor=request.auth, poll=poll)
    return _json(request, poll)


def _results_hidden() -> ApiError:
    return ApiError(
        403,
        "results_hidden",
        _("Vote first, or wait until the poll closes, to see the results."),
    )


@router.get("/polls/{id:poll_id}/results", response={200: PollOut, **READ}, summary="Results")
def results(request, poll_id: int):
    """The poll with its counts: a 403 `results_hidden` until you vote or it closes."""
    poll = get_poll_or_404(request.auth, pk=poll_id)
    if not can_view_poll_results(request.auth, poll):
        raise _results_hidden()
    return _json(request, poll)


@router.get(
    "/polls/{id:poll_id}/voters",
    response={200: list[OptionVoters], **READ},
    summary="Who voted for what",
)
def voters(request, poll_id: int):
    """Only for polls that show voters, once you may see the results."""
    poll = get_poll_or_404(request.auth, pk=poll_id)
    loaded = selectors.load_poll(request.auth, poll)
    rows = selectors.voters(request.auth, loaded)
    if rows is None:
        if not poll.show_voters:
            raise ApiError(403, "voters_hidden", _("This poll does not show who voted."))
        raise _results_hidden()
    return [
        {
            "id": option.pk,
            "text": option.text,
            "voters": [present.person(request, person) for person in people],
        }
        for option, people in rows
    ]

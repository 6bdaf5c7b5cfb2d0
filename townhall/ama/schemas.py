"""What /api/v1/ama/... accepts and answers. Field names are the public contract."""

from datetime import datetime
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict

from townhall.api.pagination import BIGINT, PageParams
from townhall.api.post_schemas import GroupSummary, PersonSummary
from townhall.api.schemas import Text


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(_("Give a time zone, e.g. 2026-05-04T14:00:00+02:00 or ...Z."))
    return value


Moment = Annotated[datetime, AfterValidator(_aware)]


class SessionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title: Text = Field(..., description="the topic")
    description: Text = Field("", description="Markdown, optional")
    starts_at: Moment = Field(..., description="with a time zone")
    ends_at: Moment = Field(..., description="with a time zone; after starts_at")
    group_id: int | None = Field(
        None, ge=1, le=BIGINT, description="a group you belong to; null: the organisation"
    )


class SessionOut(Schema):
    id: int
    title: str
    description: str
    description_html: str
    host: PersonSummary
    group: GroupSummary | None = Field(..., description="null: the whole organisation")
    starts_at: datetime
    ends_at: datetime
    state: str = Field(..., description="upcoming, open or closed (from the clock, now)")
    question_count: int
    created_at: datetime


class SessionPage(Schema):
    items: list[SessionOut]
    next_cursor: str | None


class SessionParams(PageParams):
    state: Literal["upcoming", "open", "closed"] | None = Field(
        None, description="only sessions in this state"
    )


class QuestionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    body: Text
    anonymous: bool = Field(False, description="hide your name from everyone but moderators")


class AnswerIn(Schema):
    model_config = ConfigDict(extra="forbid")

    answer: Text = Field(..., description="Markdown; answering again replaces the answer")


class QuestionOut(Schema):
    id: int
    session_id: int
    body: str
    body_html: str
    anonymous: bool
    asker: PersonSummary | None = Field(
        ...,
        description="who asked; null for an anonymous question unless you asked it or "
        "you are a moderator",
    )
    is_mine: bool
    vote_count: int
    voted: bool = Field(..., description="you voted for it")
    answer: str
    answer_html: str
    answered_at: datetime | None
    created_at: datetime


class QuestionPage(Schema):
    items: list[QuestionOut]
    next_cursor: str | None


class QuestionParams(PageParams):
    answered: bool | None = Field(None, description="true: answered only; false: unanswered")

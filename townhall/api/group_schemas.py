"""What the groups, memberships, join requests and invitations endpoints accept and answer."""

from datetime import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from townhall.api.pagination import BIGINT, PageParams
from townhall.api.post_schemas import PersonSummary
from townhall.api.schemas import Text

Kind = Literal["public", "private", "secret"]


class GroupOut(Schema):
    id: int
    name: str
    slug: str
    description: str
    kind: str = Field(..., description="public, private or secret")
    archived_at: datetime | None
    created_at: datetime
    my_role: str | None = Field(..., description="owner, admin, member, or null")


class GroupDetailOut(GroupOut):
    member_count: int | None = Field(
        ..., description="active members; null for a secret group you are not in"
    )
    pinned_post_id: int | None = Field(..., description="null if none or not for you")


class GroupPage(Schema):
    items: list[GroupOut]
    next_cursor: str | None = Field(..., description="pass as ?cursor= for the next page")


class GroupParams(PageParams):
    q: Text = Field("", max_length=80, description="words in the group's name")
    mine: bool = Field(False, description="only groups you belong to")


class GroupIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: Text = Field(..., max_length=200, description="1 to 80 characters")
    description: Text = Field("", max_length=5000, description="at most 2,000 characters")
    kind: Kind = "public"


class GroupChanges(Schema):
    """PATCH: send only what changes."""

    model_config = ConfigDict(extra="forbid")

    name: Text = Field(None, max_length=200, description="1 to 80 characters")
    description: Text = Field(None, max_length=5000, description="at most 2,000 characters")


class KindIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: Kind


class ArchiveIn(Schema):
    model_config = ConfigDict(extra="forbid")

    archived: bool = Field(True, description="false reopens the group")


class PinIn(Schema):
    model_config = ConfigDict(extra="forbid")

    post_id: int | None = Field(..., ge=1, le=BIGINT, description="null unpins")


class PersonIdIn(Schema):
    model_config = ConfigDict(extra="forbid")

    person_id: int = Field(..., ge=1, le=BIGINT)


class RoleIn(Schema):
    model_config = ConfigDict(extra="forbid")

    role: Literal["owner", "admin", "member"]


class MemberOut(Schema):
    person: PersonSummary
    role: str
    joined_at: datetime


class MemberPage(Schema):
    items: list[MemberOut]
    next_cursor: str | None


class JoinRequestIn(Schema):
    model_config = ConfigDict(extra="forbid")

    message: Text = Field("", max_length=5000, description="at most 1,000 characters")


class JoinRequestOut(Schema):
    id: int
    group_id: int
    person: PersonSummary
    message: str
    status: str = Field(..., description="pending, approved or declined")
    created_at: datetime
    decided_at: datetime | None


class JoinRequestPage(Schema):
    items: list[JoinRequestOut]
    next_cursor: str | None


class InvitationOut(Schema):
    id: int
    group: GroupOut
    invited_by: PersonSummary | None
    status: str = Field(..., description="pending, accepted or declined")
    created_at: datetime


class InvitationPage(Schema):
    items: list[InvitationOut]
    next_cursor: str | None


class MembershipOut(Schema):
    group_id: int
    role: str
    joined_at: datetime

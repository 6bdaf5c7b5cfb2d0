"""What the API accepts and answers. Field names are the public contract: change with care."""

from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict

from townhall.access.people import can_view_person
from townhall.accounts.models import User
from townhall.api.pagination import BIGINT, PageParams


def _storable(value: str) -> str:
    """Refuse text no database column takes: NUL characters and lone UTF-16 surrogates."""
    if "\x00" in value:
        raise ValueError(_("Text cannot contain NUL characters."))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError(_("Text must be valid Unicode.")) from error
    return value


Text = Annotated[str, AfterValidator(_storable)]


class Error(Schema):
    code: str = Field(..., description="stable snake_case code, e.g. not_found")
    message: str = Field(..., description="a sentence for people, in their language")


class FieldError(Schema):
    field: str
    message: str


class ValidationErrorOut(Error):
    errors: list[FieldError]


def avatar_url(request: HttpRequest, person: User) -> str | None:
    return request.build_absolute_uri(person.avatar.url) if person.avatar else None


class PersonSummary(Schema):
    """Enough to show a name and a face, e.g. someone's manager."""

    id: int
    username: str
    display_name: str
    job_title: str
    avatar_url: str | None
    external: bool = Field(
        False, description="true for an external guest (someone outside the organisation)"
    )

    @staticmethod
    def resolve_avatar_url(obj: User, context) -> str | None:
        return avatar_url(context["request"], obj)

    @staticmethod
    def resolve_external(obj: User) -> bool:
        return obj.role == User.Role.GUEST


class PersonOut(PersonSummary):
    """A colleague's profile as the directory shows it."""

    department: str
    location: str
    phone: str
    bio: str
    expertise: list[str]
    pronouns: str
    is_active: bool = Field(..., description="false only for deactivated people (admins see them)")
    manager: PersonSummary | None = Field(..., description="null if none, or not visible to you")

    @staticmethod
    def resolve_manager(obj: User, context) -> User | None:
        manager = obj.manager
        if manager is None or not can_view_person(context["request"].auth, manager):
            return None
        return manager


class MeOut(PersonOut):
    """Your own profile, with what only you (and admins) see."""

    email: str
    role: str
    language: str
    time_zone: str


class ProfileChanges(Schema):
    """PATCH /me: send only the fields to change. Strings may be "" to clear (not the name)."""

    model_config = ConfigDict(extra="forbid")

    display_name: Text = Field(None, description="at most 120 characters, not empty")
    job_title: Text = Field(None, description="at most 120 characters")
    department: Text = Field(None, description="at most 120 characters")
    location: Text = Field(None, description="at most 120 characters")
    phone: Text = Field(None, description="at most 40 characters")
    bio: Text = Field(None, description="at most 2000 characters")
    expertise: list[Text] = Field(None, description="at most 20 tags of 40 characters")
    pronouns: Text = Field(None, description="at most 40 characters")
    language: Text = Field(None, description='"en", "nb", or "" for the browser\'s language')
    time_zone: Text = Field(None, description='an IANA name such as "Europe/Oslo", or ""')
    manager_id: int | None = Field(None, ge=1, le=BIGINT, description="a colleague's id, or null")


class PeopleParams(PageParams):
    q: Text = Field("", max_length=200, description="words in name, title, department, skills")
    department: Text = Field("", max_length=120, description="exact department name")


class PeoplePage(Schema):
    items: list[PersonOut]
    next_cursor: str | None = Field(..., description="pass as ?cursor= for the next page")

"""/api/v1/me and /api/v1/people: your own profile and the directory of colleagues."""

from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router

from townhall.access.people import can_edit_profile, get_person_or_404, visible_people
from townhall.api.auth import require_scope
from townhall.api.pagination import BIGINT, bad_cursor
from townhall.api.schemas import (
    Error,
    MeOut,
    PeoplePage,
    PeopleParams,
    PersonOut,
    ProfileChanges,
    ValidationErrorOut,
)
from townhall.people import selectors
from townhall.people.actions import update_profile

router = Router(tags=["people"])

ERRORS = {401: Error, 403: Error}

# API field name -> the name update_profile uses, where they differ.
ACTION_NAMES = {"manager_id": "manager"}
API_NAMES = {action: api for api, action in ACTION_NAMES.items()}


def _with_managers(people: list) -> list:
    """Load everyone's manager in one query (the schema hides those the caller may not see)."""
    prefetch_related_objects(people, "manager")
    return people


@router.get("/me", response={200: MeOut, **ERRORS}, summary="Your own profile")
def get_me(request):
    return _with_managers([request.auth])[0]


@router.patch(
    "/me",
    response={200: MeOut, 400: Error, 422: ValidationErrorOut, **ERRORS},
    summary="Change your own profile",
)
def patch_me(request, changes: ProfileChanges):
    """Send only the fields to change; anything else is left as it is. Needs the write scope."""
    require_scope(request, "write")
    actor = request.auth
    if not can_edit_profile(actor, actor):
        raise Http404
    wanted = changes.model_dump(exclude_unset=True)
    if "manager_id" in wanted:
        wanted["manager_id"] = _manager(actor, wanted["manager_id"])
    try:
        person = update_profile(
            actor=actor,
            person=actor,
            changes={ACTION_NAMES.get(name, name): value for name, value in wanted.items()},
        )
    except ValidationError as error:
        raise ValidationError(
            {API_NAMES.get(name, name): errors for name, errors in error.error_dict.items()}
        ) from error
    return _with_managers([person])[0]


def _manager(actor, manager_id: int | None):
    if manager_id is None:
        return None
    manager = visible_people(actor).filter(pk=manager_id).first()
    if manager is None:
        raise ValidationError({"manager_id": [_("There is no colleague with this id.")]})
    return manager


@router.get(
    "/people",
    response={200: PeoplePage, 400: Error, 422: ValidationErrorOut, **ERRORS},
    summary="Search the directory",
)
def list_people(request, params: Query[PeopleParams]):
    """Colleagues you can see, by name then id, a page at a time (cursor pagination).

    `q` matches every word against name, username, title, department, location and
    expertise, in any letter case.
    """
    if params.cursor is not None:
        _check_cursor(params.cursor)
    page = selectors.search_people(
        request.auth,
        query=params.q,
        department=params.department.strip(),
        after=params.cursor or None,
        limit=params.limit,
    )
    return {"items": _with_managers(page.people), "next_cursor": page.next_cursor}


def _check_cursor(cursor: str) -> None:
    """Refuse a cursor that people.selectors would not read back, before it reaches SQL."""
    if len(cursor) > 1000:
        raise bad_cursor()
    position = selectors.decode_cursor(cursor)
    if position is None:
        raise bad_cursor()
    name, pk = position
    if not 1 <= pk <= BIGINT or "\x00" in name:
        raise bad_cursor()


@router.get(
    "/people/{id:person_id}",
    response={200: PersonOut, 404: Error, **ERRORS},
    summary="One colleague's profile",
)
def get_person(request, person_id: int):
    """404 when there is no such person or you may not see them (the same answer)."""
    person = get_person_or_404(request.auth, pk=person_id)
    return _with_managers([person])[0]

"""/api/v1/praise: give praise, list it, read one, the praise a person received, badges.

Thin routes: reads through townhall.access.praise (404 when missing or not visible),
writes through townhall.praise.actions. A praise is carried by a post, also at
/api/v1/posts/{post_id} (comments, reactions).
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from townhall.access.groups import visible_groups
from townhall.access.people import get_person_or_404
from townhall.access.praise import get_praise_or_404
from townhall.api import present
from townhall.api.acting import action_errors
from townhall.api.auth import require_scope
from townhall.api.pagination import BIGINT, PageParams, bad_cursor
from townhall.api.post_schemas import GroupSummary, PersonSummary
from townhall.api.schemas import Error, Text, ValidationErrorOut
from townhall.praise import actions, selectors
from townhall.praise.models import Praise

router = Router(tags=["praise"])

READ = {401: Error, 403: Error, 404: Error}
WRITE = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: ValidationErrorOut}
FIELDS = {"recipients": "recipient_ids", "badge": "badge", "message": "message"}


class PraiseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    recipient_ids: list[int] = Field(
        ..., max_length=50, description="1 to 10 colleagues (user ids), not yourself"
    )
    badge: str = Field(..., max_length=40, description="one of GET /api/v1/praise/badges")
    message: Text = Field(..., description="Markdown, 1 to 1,000 characters")
    group_id: int | None = Field(
        None, ge=1, le=BIGINT, description="a group you belong to; null: the organisation"
    )


class BadgeOut(Schema):
    value: str
    label: str = Field(..., description="in your language")
    emoji: str


class PraiseOut(Schema):
    id: int
    post_id: int = Field(..., description="the post that carries it (comments, reactions)")
    author: PersonSummary
    recipients: list[PersonSummary]
    badge: BadgeOut
    group: GroupSummary | None = Field(..., description="null: the whole organisation")
    message: str = Field(..., description="the Markdown as written")
    message_html: str = Field(..., description="sanitised HTML rendered from message")
    created_at: datetime


class PraisePage(Schema):
    items: list[PraiseOut]
    next_cursor: str | None


def _badge(praise: Praise) -> dict:
    return {"value": praise.badge, "label": str(praise.get_badge_display()), "emoji": praise.emoji}


def _json(request, praise: Praise) -> dict:
    post = praise.post
    return {
        "id": praise.pk,
        "post_id": post.pk,
        "author": present.person(request, post.author),
        "recipients": [present.person(request, p) for p in praise.recipients.all()],
        "badge": _badge(praise),
        "group": present.group_summary(post.group),
        "message": post.body,
        "message_html": post.body_html,
        "created_at": praise.created_at,
    }


def _page(request, cursor: str | None, limit: int, person=None) -> dict:
    try:
        page = selectors.praise_page(request.auth, cursor, limit, person=person)
    except ValidationError as error:
        raise bad_cursor() from error
    return {"items": [_json(request, p) for p in page.items], "next_cursor": page.next_cursor}


def _group(actor, group_id: int | None):
    if group_id is None:
        return None
    group = visible_groups(actor).filter(pk=group_id).first()
    if group is None:
        raise ValidationError({"group_id": [_("There is no group with this id.")]})
    return group


@router.post("/praise", response={201: PraiseOut, **WRITE}, summary="Give praise")
def give_praise(request, data: PraiseIn):
    """Recognise 1 to 10 colleagues with a badge and a short message, in the organisation
    or in a group you belong to (everyone praised must be able to see it)."""
    require_scope(request, "write")
    actor = request.auth
    group = _group(actor, data.group_id)
    with action_errors(**FIELDS):
        praise = actions.give_praise(
            actor=actor,
            recipients=data.recipient_ids,
            badge=data.badge,
            message=data.message,
            group=group,
        )
    praise = selectors.with_people(Praise.objects.filter(pk=praise.pk)).get()
    return Status(201, _json(request, praise))


@router.get("/praise/badges", response={200: list[BadgeOut], **READ}, summary="The badges")
def badges(request):
    return [
        {"value": value, "label": label, "emoji": emoji}
        for value, label, emoji in selectors.badge_choices()
    ]


@router.get(
    "/praise",
    response={200: PraisePage, 400: Error, 422: ValidationErrorOut, **READ},
    summary="Praise you can see",
)
def list_praise(request, page: Query[PageParams]):
    """Newest first, in cursor pages."""
    return _page(request, page.cursor, page.limit)


@router.get("/praise/{id:praise_id}", response={200: PraiseOut, **READ}, summary="One praise")
def get_praise(request, praise_id: int):
    get_praise_or_404(request.auth, pk=praise_id)
    return _json(request, selectors.with_people(Praise.objects.filter(pk=praise_id)).get())


@router.get(
    "/people/{id:person_id}/praise",
    response={200: PraisePage, 400: Error, 422: ValidationErrorOut, **READ},
    summary="Praise a person received",
)
def praise_for_person(request, person_id: int, page: Query[PageParams]):
    """What they received that you can see (praise given in a group you cannot read stays
    there), newest first."""
    person = get_person_or_404(request.auth, pk=person_id)
    return _page(request, page.cursor, page.limit, person=person)

"""/api/v1/announcements: publish, list, read one, "Got it", read stats, remind.

Thin routes: find the announcement through townhall.access.announcements (404 when missing
or not visible), call townhall.announcements.actions, answer with the schemas below. Who may
see an announcement is who may see its post; its post is also at /api/v1/posts/{post_id}
(comments, reactions).
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from townhall.access import announcements as access
from townhall.access.groups import visible_groups
from townhall.announcements import actions, selectors
from townhall.announcements.models import Acknowledgement, Announcement
from townhall.api import present
from townhall.api.acting import action_errors
from townhall.api.auth import require_scope
from townhall.api.errors import ApiError
from townhall.api.pagination import BIGINT, PageParams, bad_cursor
from townhall.api.post_schemas import GroupSummary, PersonSummary
from townhall.api.schemas import Error, Text, ValidationErrorOut

router = Router(tags=["announcements"])

READ = {401: Error, 403: Error, 404: Error}
WRITE = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: ValidationErrorOut}


class AnnouncementIn(Schema):
    model_config = ConfigDict(extra="forbid")

    body: Text = Field(..., description="Markdown, 1 to 10,000 characters")
    group_id: int | None = Field(
        None, ge=1, le=BIGINT, description="a group to announce in; null: the organisation"
    )


class AnnouncementOut(Schema):
    id: int
    post_id: int = Field(..., description="the post that carries it (comments, reactions)")
    author: PersonSummary
    group: GroupSummary | None = Field(..., description="null: the whole organisation")
    body: str = Field(..., description="the Markdown as written")
    body_html: str = Field(..., description="sanitised HTML rendered from body")
    created_at: datetime
    acknowledged: bool = Field(..., description="you pressed 'Got it' (always true for its author)")
    can_view_stats: bool = Field(..., description="you may read its stats and send reminders")


class AnnouncementPage(Schema):
    items: list[AnnouncementOut]
    next_cursor: str | None


class AnnouncementParams(PageParams):
    unread: bool = Field(False, description="only those you have not acknowledged")


class AcknowledgementOut(Schema):
    announcement_id: int
    acknowledged_at: datetime


class DepartmentStatsOut(Schema):
    department: str = Field(..., description="User.department; empty for people without one")
    audience: int
    read: int


class StatsOut(Schema):
    audience: int = Field(..., description="people who can see it, its author excepted")
    read: int
    unread: int
    departments: list[DepartmentStatsOut]
    last_reminder_at: datetime | None


class ReminderOut(Schema):
    id: int
    requested_at: datetime
    sent_at: datetime | None = Field(..., description="null until the reminder has gone out")
    recipient_count: int = Field(..., description="how many it reached, once sent")


def _json(request, announcement: Announcement, acknowledged: bool) -> dict:
    post = announcement.post
    actor = request.auth
    return {
        "id": announcement.pk,
        "post_id": post.pk,
        "author": present.person(request, post.author),
        "group": present.group_summary(post.group),
        "body": post.body,
        "body_html": post.body_html,
        "created_at": announcement.created_at,
        "acknowledged": acknowledged or post.author_id == actor.pk,
        "can_view_stats": access.can_view_announcement_stats(actor, announcement),
    }


def _group(actor, group_id: int | None):
    if group_id is None:
        return None
    group = visible_groups(actor).filter(pk=group_id).first()
    if group is None:
        raise ValidationError({"group_id": [_("There is no group with this id.")]})
    return group


def _stats_or_403(actor, announcement_id: int) -> Announcement:
    announcement = access.get_announcement_or_404(actor, pk=announcement_id)
    if not access.can_view_announcement_stats(actor, announcement):
        raise ApiError(403, "forbidden", _("Only the author and admins can see who has read it."))
    return announcement


@router.post(
    "/announcements", response={201: AnnouncementOut, **WRITE}, summary="Publish an announcement"
)
def create_announcement(request, data: AnnouncementIn):
    """Leaders and admins announce to the organisation or a group they belong to; a group's
    owners and admins to their group. It is pinned for its readers until acknowledged."""
    require_scope(request, "write")
    actor = request.auth
    group = _group(actor, data.group_id)
    with action_errors(text="body"):
        announcement = actions.publish_announcement(actor=actor, body=data.body, group=group)
    announcement = access.get_announcement_or_404(actor, pk=announcement.pk)
    return Status(201, _json(request, announcement, False))


@router.get(
    "/announcements",
    response={200: AnnouncementPage, 400: Error, 422: ValidationErrorOut, **READ},
    summary="Announcements you can see",
)
def list_announcements(request, page: Query[AnnouncementParams]):
    """Newest first, in cursor pages; `unread=true` for those still pinned for you."""
    try:
        result = selectors.announcement_page(
            request.auth, page.cursor, page.limit, unread_only=page.unread
        )
    except ValidationError as error:
        raise bad_cursor() from error
    return {
        "items": [_json(request, a, a.acknowledged) for a in result.items],
        "next_cursor": result.next_cursor,
    }


@router.get(
    "/announcements/{id:announcement_id}",
    response={200: AnnouncementOut, **READ},
    summary="One announcement",
)
def get_announcement(request, announcement_id: int):
    announcement = access.get_announcement_or_404(request.auth, pk=announcement_id)
    acknowledged = selectors.has_acknowledged(request.auth, announcement)
    return _json(request, announcement, acknowledged)


@router.post(
    "/announcements/{id:announcement_id}/acknowledge",
    response={200: AcknowledgementOut, **WRITE},
    summary="'Got it': unpin an announcement",
)
def acknowledge(request, announcement_id: int):
    """Doing it twice is harmless: the first time is kept. Its author gets a 403."""
    require_scope(request, "write")
    announcement = access.get_announcement_or_404(request.auth, pk=announcement_id)
    with action_errors():
        row: Acknowledgement = actions.acknowledge(actor=request.auth, announcement=announcement)
    return {"announcement_id": announcement.pk, "acknowledged_at": row.at}


@router.get(
    "/announcements/{id:announcement_id}/stats",
    response={200: StatsOut, **READ},
    summary="Who has read an announcement",
)
def announcement_stats(request, announcement_id: int):
    """Counts overall and by department, of the people who can see it. For its author and
    organisation admins."""
    announcement = _stats_or_403(request.auth, announcement_id)
    stats = selectors.read_stats(announcement)
    last = selectors.last_reminder(announcement)
    return {
        "audience": stats.audience,
        "read": stats.read,
        "unread": stats.unread,
        "departments": [
            {"department": d.department, "audience": d.audience, "read": d.read}
            for d in stats.departments
        ],
        "last_reminder_at": last.requested_at if last else None,
    }


@router.post(
    "/announcements/{id:announcement_id}/remind",
    response={202: ReminderOut, **WRITE},
    summary="Remind those who have not read it",
)
def remind(request, announcement_id: int):
    """At most once a day (409 `too_soon` otherwise). The reminder goes out in the
    background to everyone who can see it and has not acknowledged it."""
    require_scope(request, "write")
    announcement = access.get_announcement_or_404(request.auth, pk=announcement_id)
    with action_errors():
        reminder = actions.remind(actor=request.auth, announcement=announcement)
    reminder.refresh_from_db()
    return Status(
        202,
        {
            "id": reminder.pk,
            "requested_at": reminder.requested_at,
            "sent_at": reminder.sent_at,
            "recipient_count": reminder.recipient_count,
        },
    )

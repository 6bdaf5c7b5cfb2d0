"""/api/v1/notifications: list, unread count, mark read, preferences, muted threads.

Thin routes over townhall.notifications.selectors (filtered by townhall.access, so nothing
the caller may no longer see is listed or counted) and townhall.notifications.actions.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from townhall.access.notifications import get_notification_or_404
from townhall.access.posts import get_post_or_404
from townhall.api.auth import require_scope
from townhall.api.errors import ApiError
from townhall.api.pagination import PageParams, bad_cursor
from townhall.api.schemas import Error, ValidationErrorOut
from townhall.core import cursors
from townhall.notifications import actions, selectors
from townhall.notifications.kinds import KINDS

router = Router(tags=["notifications"])

READ = {401: Error, 403: Error, 404: Error}
WRITE = {400: Error, 401: Error, 403: Error, 404: Error, 422: ValidationErrorOut}


class ActorOut(Schema):
    username: str
    display_name: str


class NotificationOut(Schema):
    id: int
    kind: str = Field(..., description="mention, reply, reaction, follow, ... (see preferences)")
    text: str = Field(..., description="the sentence, in the caller's language")
    title: str = Field(..., description="the target's name or an excerpt")
    excerpt: str
    url: str | None = Field(None, description="where the notification leads")
    target_type: str
    target_id: int
    unread: bool
    actor_count: int
    last_actor: ActorOut | None
    updated_at: datetime
    created_at: datetime


class NotificationPage(Schema):
    items: list[NotificationOut]
    next_cursor: str | None


class ListParams(PageParams):
    unread: bool = Field(False, description="only unread notifications")


class UnreadOut(Schema):
    unread: int


class MarkedOut(Schema):
    marked: int


class KindPreference(Schema):
    kind: str
    label: str
    channel: str
    default: str


class PreferencesOut(Schema):
    channels: dict[str, str] = Field(..., description="kind -> in_app, email, digest or off")
    kinds: list[KindPreference]
    push: list[str] = Field(..., description="kinds pushed to the devices that turned push on")
    emails_at_once: bool = Field(..., description="emails at once while away (else in-app)")
    digest: str = Field(..., description="daily, weekly or never")


class PreferencesIn(Schema):
    channels: dict[str, str] = Field({}, description="kind -> in_app, email, digest or off")
    push: list[str] | None = Field(None, description="exactly the kinds to push to devices")
    emails_at_once: bool | None = Field(None, description="email what cannot wait")
    digest: str | None = Field(None, description="daily, weekly or never")


class ThreadMuteOut(Schema):
    post_id: int
    muted: bool


def _json(request, item: selectors.Item) -> dict:
    n = item.notification
    return {
        "id": n.pk,
        "kind": n.kind,
        "text": item.text,
        "title": item.title,
        "excerpt": item.excerpt,
        "url": request.build_absolute_uri(item.url) if item.url else None,
        "target_type": n.target_type,
        "target_id": n.target_id,
        "unread": item.unread,
        "actor_count": n.actor_count,
        "last_actor": (
            {"username": n.last_actor.username, "display_name": n.last_actor.display_name}
            if n.last_actor
            else None
        ),
        "updated_at": n.updated_at,
        "created_at": n.created_at,
    }


def _preferences(actor) -> dict:
    channels = selectors.channels_of(actor)
    kinds = [
        {"kind": kind, "label": str(spec.label), "channel": channels[kind], "default": spec.default}
        for kind, spec in KINDS.items()
    ]
    mail = selectors.mail_settings_of(actor)
    return {
        "channels": channels,
        "kinds": kinds,
        "push": sorted(selectors.push_kinds_of(actor)),
        "emails_at_once": mail.instant,
        "digest": mail.digest,
    }


@router.get("/notifications", response={200: NotificationPage, **READ}, summary="Notifications")
def list_notifications(request, params: Query[ListParams]):
    """Newest activity first; one item per kind and target ("Ann and 4 others reacted to
    your post"). Only what you may still see is listed."""
    if params.cursor and cursors.unpack(params.cursor, datetime, int) is None:
        raise bad_cursor()
    actions.record_seen(actor=request.auth)
    page = selectors.notification_page(
        request.auth, cursor=params.cursor, limit=params.limit, unread_only=params.unread
    )
    return {"items": [_json(request, i) for i in page.items], "next_cursor": page.next_cursor}


@router.get(
    "/notifications/unread-count", response={200: UnreadOut, **READ}, summary="Unread count"
)
def unread_count(request):
    return {"unread": selectors.unread_count(request.auth)}


@router.post("/notifications/read", response={200: MarkedOut, **WRITE}, summary="Mark all as read")
def mark_all_read(request):
    require_scope(request, "write")
    return {"marked": actions.mark_all_read(actor=request.auth)}


@router.post(
    "/notifications/{id:notification_id}/read",
    response={200: NotificationOut, **WRITE},
    summary="Mark one as read",
)
def mark_read(request, notification_id: int):
    require_scope(request, "write")
    notification = get_notification_or_404(request.auth, pk=notification_id)
    actions.mark_read(actor=request.auth, notification=notification)
    items = selectors.present([notification])
    if not items:
        raise ApiError(404, "not_found", _("Not found."))
    return _json(request, items[0])


@router.get(
    "/notifications/preferences",
    response={200: PreferencesOut, **READ},
    summary="Notification preferences",
)
def get_preferences(request):
    return _preferences(request.auth)


@router.patch(
    "/notifications/preferences",
    response={200: PreferencesOut, **WRITE},
    summary="Change notification preferences",
)
def change_preferences(request, data: PreferencesIn):
    """Send only what changes: `{"channels": {"reaction": "off"}}`, `{"push": ["mention"]}`,
    `{"digest": "daily", "emails_at_once": false}`."""
    require_scope(request, "write")
    actor = request.auth
    mail = selectors.mail_settings_of(actor)
    with transaction.atomic():
        _apply(actor, "channels", actions.set_preferences, channels=data.channels)
        if data.push is not None:
            _apply(actor, "push", actions.set_push_kinds, kinds=data.push)
        if data.digest is not None or data.emails_at_once is not None:
            _apply(
                actor,
                "digest",
                actions.set_mail_settings,
                instant=mail.instant if data.emails_at_once is None else data.emails_at_once,
                digest=data.digest or mail.digest,
            )
    return _preferences(actor)


def _apply(actor, field: str, action, **arguments) -> None:
    """Run the action; its ValidationError names `field` (a 422 on that field)."""
    try:
        action(actor=actor, **arguments)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error


@router.put(
    "/notifications/threads/{id:post_id}/mute",
    response={200: ThreadMuteOut, **WRITE},
    summary="Mute notifications about a post",
)
def mute_thread(request, post_id: int):
    require_scope(request, "write")
    post = get_post_or_404(request.auth, pk=post_id)
    actions.mute_thread(actor=request.auth, post=post)
    return {"post_id": post.pk, "muted": True}


@router.delete(
    "/notifications/threads/{id:post_id}/mute",
    response={204: None, **WRITE},
    summary="Unmute notifications about a post",
)
def unmute_thread(request, post_id: int):
    require_scope(request, "write")
    post = get_post_or_404(request.auth, pk=post_id)
    actions.unmute_thread(actor=request.auth, post=post)
    return Status(204, None)

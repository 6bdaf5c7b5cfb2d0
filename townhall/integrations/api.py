"""The integrations part of the JSON API (mounted under /api/v1/ in townhall/api/urls.py).

- /webhooks: organisation webhooks (organisation admins) and group webhooks (`group_id`,
  the group's owners and admins): list, create (the secret is in the answer once), change,
  delete, send a test, read the delivery log.
- /groups/{id}/bots and /bots/{id}: a group's bots (its owners and admins); the token is in
  the creation answer once.
- POST /bots/posts: a bot posts into its group, authenticated by its own token
  (`Authorization: Bearer thb_...`). A bot token opens nothing else in the API and a person's
  token does not open this route.
"""

from datetime import datetime

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.security import HttpBearer

from townhall.access.groups import get_group_or_404
from townhall.access.integrations import (
    can_manage_group_integrations,
    can_manage_organisation_webhooks,
    get_bot_or_404,
    get_webhook_or_404,
)
from townhall.api.acting import action_errors
from townhall.api.auth import require_scope
from townhall.api.errors import ApiError, not_authenticated
from townhall.api.schemas import Error, Text, ValidationErrorOut
from townhall.integrations import actions, selectors
from townhall.integrations.models import Bot, Webhook, WebhookAttempt

router = Router(tags=["integrations"])

READ = {401: Error, 403: Error, 404: Error}
WRITE = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: ValidationErrorOut}


class WebhookIn(Schema):
    name: Text = Field(..., max_length=80)
    url: Text = Field(..., max_length=500)
    events: list[str] = Field(..., description="event kinds, e.g. post.created")
    group_id: int | None = Field(None, description="a group you run; null: the organisation")


class WebhookChange(Schema):
    name: Text = Field(..., max_length=80)
    url: Text = Field(..., max_length=500)
    events: list[str]
    active: bool = True


class WebhookOut(Schema):
    id: int
    name: str
    url: str
    events: list[str]
    group_id: int | None
    active: bool
    created_at: datetime


class WebhookCreated(WebhookOut):
    secret: str = Field(..., description="signs every delivery; shown only this once")


class AttemptOut(Schema):
    delivery_id: int
    event: str
    number: int
    status_code: int | None
    latency_ms: int | None
    response_snippet: str
    error: str
    created_at: datetime


class BotIn(Schema):
    name: Text = Field(..., max_length=80)


class BotOut(Schema):
    id: int
    name: str
    group_id: int
    username: str
    created_at: datetime
    last_used_at: datetime | None
    revoked: bool


class BotCreated(BotOut):
    token: str = Field(..., description="the bot's API token; shown only this once")


class BotPostIn(Schema):
    text: Text = Field(..., description="Markdown, as in a person's post")


class BotPostOut(Schema):
    id: int
    group_id: int
    url: str
    created_at: datetime


def _webhook(webhook: Webhook, **extra) -> dict:
    fields = ("id", "name", "url", "events", "group_id", "active", "created_at")
    return {**{name: getattr(webhook, name) for name in fields}, **extra}


def _bot(bot: Bot, **extra) -> dict:
    return {
        "id": bot.pk,
        "name": bot.name,
        "group_id": bot.group_id,
        "username": bot.user.username,
        "created_at": bot.created_at,
        "last_used_at": bot.last_used_at,
        "revoked": bot.revoked_at is not None,
        **extra,
    }


def _attempt(attempt: WebhookAttempt) -> dict:
    return {
        "delivery_id": attempt.delivery_id,
        "event": attempt.delivery.kind,
        "number": attempt.number,
        "status_code": attempt.status_code,
        "latency_ms": attempt.latency_ms,
        "response_snippet": attempt.response_snippet,
        "error": attempt.error,
        "created_at": attempt.created_at,
    }


def _scope_group(actor, group_id: int | None):
    """The group a new webhook is for (None: organisation), or 404/403 as access says."""
    if group_id is None:
        if not can_manage_organisation_webhooks(actor):
            raise ApiError(403, "forbidden", _("Only administrators manage organisation webhooks."))
        return None
    group = get_group_or_404(actor, pk=group_id)
    if not can_manage_group_integrations(actor, group):
        raise ApiError(403, "forbidden", _("Only the group's owners and admins manage this."))
    return group


# --- webhooks ----------------------------------------------------------------------------


@router.get("/webhooks", response={200: list[WebhookOut], **READ}, summary="Webhooks you manage")
def list_webhooks(request):
    """Organisation webhooks (for administrators) and those of the groups you run."""
    return [_webhook(w) for w in selectors.webhooks_for(request.auth)]


@router.post("/webhooks", response={201: WebhookCreated, **WRITE}, summary="Add a webhook")
def create_webhook(request, data: WebhookIn):
    """The URL must reach a public address (or a host the administrator allow-listed)."""
    require_scope(request, "write")
    group = _scope_group(request.auth, data.group_id)
    with action_errors():
        webhook, secret = actions.create_webhook(
            actor=request.auth, name=data.name, url=data.url, events=data.events, group=group
        )
    return Status(201, _webhook(webhook, secret=secret))


@router.get("/webhooks/{id:webhook_id}", response={200: WebhookOut, **READ}, summary="A webhook")
def get_webhook(request, webhook_id: int):
    return _webhook(get_webhook_or_404(request.auth, pk=webhook_id))


@router.put(
    "/webhooks/{id:webhook_id}", response={200: WebhookOut, **WRITE}, summary="Change a webhook"
)
def change_webhook(request, webhook_id: int, data: WebhookChange):
    require_scope(request, "write")
    webhook = get_webhook_or_404(request.auth, pk=webhook_id)
    with action_errors():
        actions.update_webhook(
            actor=request.auth,
            webhook=webhook,
            name=data.name,
            url=data.url,
            events=data.events,
            active=data.active,
        )
    return _webhook(webhook)


@router.delete(
    "/webhooks/{id:webhook_id}", response={204: None, **WRITE}, summary="Delete a webhook"
)
def delete_webhook(request, webhook_id: int):
    require_scope(request, "write")
    webhook = get_webhook_or_404(request.auth, pk=webhook_id)
    actions.delete_webhook(actor=request.auth, webhook=webhook)
    return Status(204, None)


@router.post(
    "/webhooks/{id:webhook_id}/test",
    response={202: None, **WRITE},
    summary="Send a test delivery",
)
def test_webhook(request, webhook_id: int):
    """Queues a signed `webhook.test` delivery; its outcome appears in the log."""
    require_scope(request, "write")
    webhook = get_webhook_or_404(request.auth, pk=webhook_id)
    actions.send_test(actor=request.auth, webhook=webhook)
    return Status(202, None)


@router.get(
    "/webhooks/{id:webhook_id}/attempts",
    response={200: list[AttemptOut], **READ},
    summary="A webhook's delivery log",
)
def webhook_attempts(request, webhook_id: int):
    """The latest 100 attempts, newest first."""
    webhook = get_webhook_or_404(request.auth, pk=webhook_id)
    return [_attempt(a) for a in selectors.attempts_of(webhook)]


# --- bots --------------------------------------------------------------------------------


@router.get(
    "/groups/{id:group_id}/bots", response={200: list[BotOut], **READ}, summary="A group's bots"
)
def list_bots(request, group_id: int):
    group = get_group_or_404(request.auth, pk=group_id)
    if not can_manage_group_integrations(request.auth, group):
        raise ApiError(403, "forbidden", _("Only the group's owners and admins manage this."))
    return [_bot(b) for b in selectors.bots_of(request.auth, group)]


@router.post("/groups/{id:group_id}/bots", response={201: BotCreated, **WRITE}, summary="Add a bot")
def create_bot(request, group_id: int, data: BotIn):
    require_scope(request, "write")
    group = _scope_group(request.auth, group_id)
    with action_errors():
        bot, token = actions.create_bot(actor=request.auth, group=group, name=data.name)
    return Status(201, _bot(bot, token=token))


@router.delete("/bots/{id:bot_id}", response={204: None, **WRITE}, summary="Revoke a bot")
def revoke_bot(request, bot_id: int):
    """Its token stops working at once; its posts stay, still marked as a bot's."""
    require_scope(request, "write")
    bot = get_bot_or_404(request.auth, pk=bot_id)
    actions.revoke_bot(actor=request.auth, bot=bot)
    return Status(204, None)


class BotTokenAuth(HttpBearer):
    """`Authorization: Bearer thb_...`: a bot's token, good for this one route only."""

    def authenticate(self, request: HttpRequest, token: str) -> Bot:
        bot = actions.bot_for_token(token.strip())
        if bot is None:
            raise not_authenticated(
                _("This bot token is not valid: it is unknown or revoked."), invalid_token=True
            )
        return bot


@router.post(
    "/bots/posts",
    auth=BotTokenAuth(),
    response={201: BotPostOut, **WRITE},
    summary="A bot posts into its group",
)
def bot_post(request, data: BotPostIn):
    """Authenticate with the bot's token; the post goes into the bot's own group and is
    marked as a bot's."""
    bot: Bot = request.auth
    with action_errors(text="text"):
        post = actions.post_as_bot(bot=bot, body=data.text)
    return Status(
        201,
        {
            "id": post.pk,
            "group_id": post.group_id,
            "url": request.build_absolute_uri(reverse("posts:detail", args=[post.pk])),
            "created_at": post.created_at,
        },
    )

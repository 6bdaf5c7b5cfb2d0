"""Writes of integrations: webhooks and their deliveries, bots and their posts.

Callers check access first (townhall.access.integrations); these functions validate input
and write, each in one transaction. Sending a delivery is the one exception: the HTTP
request happens outside any transaction, between a claim and the record of its outcome.
"""

import copy
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from townhall.access.integrations import can_bot_post, webhook_may_hear, webhooks_hearing
from townhall.accounts.actions import create_user
from townhall.core.outbound import OutboundError, check_url
from townhall.core.tasks import enqueue_after_commit
from townhall.events.models import Event
from townhall.groups.models import Group, Membership
from townhall.integrations import webhooks
from townhall.integrations.models import (
    EVENT_KINDS,
    ORGANISATION_ONLY_KINDS,
    TEST_KIND,
    Bot,
    Webhook,
    WebhookDelivery,
)
from townhall.integrations.tasks import deliver_webhook
from townhall.posts.actions import create_post
from townhall.posts.models import Post

SECRET_PREFIX = "whsec_"
BOT_TOKEN_PREFIX = "thb_"

# --- webhooks ---------------------------------------------------------------------------------


def allowed_kinds(group: Group | None) -> list[str]:
    """The event kinds a webhook of the organisation (None) or of `group` may subscribe to."""
    return [k for k in EVENT_KINDS if group is None or k not in ORGANISATION_ONLY_KINDS]


def _clean(*, name: str, url: str, events: list[str], group: Group | None) -> tuple:
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Give the webhook a name, such as the system it feeds.")]
    url = (url or "").strip()
    try:
        check_url(url)
    except OutboundError as error:
        errors["url"] = [str(error)]
    kinds = [k for k in allowed_kinds(group) if k in set(events or [])]
    unknown = set(events or []) - set(allowed_kinds(group))
    if unknown:
        errors["events"] = [
            _("These events cannot be chosen here: %(kinds)s.")
            % {"kinds": ", ".join(sorted(unknown))}
        ]
    elif not kinds:
        errors["events"] = [_("Choose at least one event.")]
    if errors:
        raise ValidationError(errors)
    return name[:80], url, kinds


@transaction.atomic
def create_webhook(
    *, actor, name: str, url: str, events: list[str], group: Group | None = None
) -> tuple[Webhook, str]:
    """Return (webhook, secret). The caller has checked who may manage the scope.

    The secret signs every delivery; it is shown to the creator once.
    """
    name, url, kinds = _clean(name=name, url=url, events=events, group=group)
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    webhook = Webhook.objects.create(
        name=name, url=url, events=kinds, group=group, secret=secret, created_by=actor
    )
    return webhook, secret


@transaction.atomic
def update_webhook(
    *, actor, webhook: Webhook, name: str, url: str, events: list[str], active: bool
) -> Webhook:
    name, url, kinds = _clean(name=name, url=url, events=events, group=webhook.group)
    webhook.name, webhook.url, webhook.events, webhook.active = name, url, kinds, bool(active)
    webhook.save(update_fields=["name", "url", "events", "active"])
    return webhook


@transaction.atomic
def delete_webhook(*, actor, webhook: Webhook) -> None:
    webhook.delete()


def _queue(webhook: Webhook, *, kind: str, event: Event | None, about, actor) -> WebhookDelivery:
    now = timezone.now()
    delivery = WebhookDelivery.objects.create(
        webhook=webhook, event=event, kind=kind, body="", next_attempt_at=now, created_at=now
    )
    delivery.body = webhooks.body_for(
        kind=kind, delivery_id=str(delivery.pk), actor=actor, about=about, created_at=now
    )
    delivery.save(update_fields=["body"])
    enqueue_after_commit(deliver_webhook, delivery.pk)
    return delivery


@transaction.atomic
def send_test(*, actor, webhook: Webhook) -> WebhookDelivery:
    """Queue a `webhook.test` delivery (sent even while the webhook is switched off)."""
    about = webhooks.About(webhook.group, {"message": _("This is a test from Townhall.")})
    return _queue(webhook, kind=TEST_KIND, event=None, about=about, actor=actor)


def queue_event(event: Event) -> list[WebhookDelivery]:
    """Queue a delivery of `event` to every webhook that subscribed to it and may hear it."""
    candidates = Webhook.objects.filter(active=True)
    if not any(event.kind in events for events in candidates.values_list("events", flat=True)):
        return []  # the common case: nobody listens for this kind, so nothing else is read
    about = webhooks.about(event)
    if about is None:
        return []
    queued = []
    for webhook in webhooks_hearing(about.group, candidates).select_related("group"):
        if event.kind in webhook.events and webhook_may_hear(webhook, about.group):
            queued.append(
                _queue(webhook, kind=event.kind, event=event, about=about, actor=event.actor)
            )
    return queued


# --- bots -------------------------------------------------------------------------------------


@transaction.atomic
def create_bot(*, actor, group: Group, name: str) -> tuple[Bot, str]:
    """Return (bot, token). The caller has checked can_manage_group_integrations.

    The bot writes as a deactivated User of its own (see Bot), a member of `group` only.
    """
    name = (name or "").strip()[:80]
    if not name:
        raise ValidationError({"name": [_("Give the bot a name, such as “Build server”.")]})
    if group.is_archived:
        raise ValidationError(_("The group is archived: nobody posts in it, bots neither."))
    handle = "bot-" + secrets.token_hex(5)
    user = create_user(
        username=handle, email=f"{handle}@bots.invalid", display_name=name, is_active=False
    )
    Membership.objects.create(group=group, user=user, role=Membership.Role.MEMBER)
    token = BOT_TOKEN_PREFIX + secrets.token_urlsafe(32)
    bot = Bot.objects.create(
        name=name,
        group=group,
        user=user,
        prefix=token[:10],
        key_hash=Bot.hash_secret(token),
        created_by=actor,
    )
    return bot, token


@transaction.atomic
def revoke_bot(*, actor, bot: Bot) -> Bot:
    if bot.revoked_at is None:
        bot.revoked_at = timezone.now()
        bot.save(update_fields=["revoked_at"])
    return bot


def bot_for_token(token: str) -> Bot | None:
    """The live bot holding `token`, or None. Records when it was last used."""
    if not token.startswith(BOT_TOKEN_PREFIX):
        return None
    bot = (
        Bot.objects.select_related("group", "user")
        .filter(key_hash=Bot.hash_secret(token), revoked_at__isnull=True)
        .first()
    )
    if bot is None:
        return None
    now = timezone.now()
    if bot.last_used_at is None or (now - bot.last_used_at).total_seconds() > 60:
        Bot.objects.filter(pk=bot.pk).update(last_used_at=now)
    return bot


def _acting_user(bot: Bot):
    """The bot's user as the posts actions should see it: a member of its group for this one
    write. Only this in-memory copy is active; the stored row stays deactivated, so the bot
    still cannot sign in, is in no audience and gets no notifications."""
    author = copy.copy(bot.user)
    author.is_active = True
    return author


@transaction.atomic
def post_as_bot(*, bot: Bot, body: str) -> Post:
    """Post `body` into the bot's own group, the only place a bot ever posts."""
    if not can_bot_post(bot):
        raise ValidationError(
            _("This bot cannot post: it is revoked or its group is archived."), code="archived"
        )
    return create_post(actor=_acting_user(bot), body=body, group=bot.group)

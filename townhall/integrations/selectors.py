"""Reads of integrations, already narrowed by townhall.access.integrations."""

from django.db.models import F, QuerySet

from townhall.access.integrations import visible_bots, visible_webhooks
from townhall.groups.models import Group
from townhall.integrations.models import Bot, Webhook, WebhookAttempt

LOG_LENGTH = 100


def webhooks_for(actor, group: Group | None = None, *, organisation: bool = False):
    """The webhooks `actor` manages: all of them, those of `group`, or the organisation's."""
    queryset = visible_webhooks(actor).select_related("group")
    if organisation:
        queryset = queryset.filter(group__isnull=True)
    elif group is not None:
        queryset = queryset.filter(group=group)
    return queryset.order_by("name", "id")


def attempts_of(webhook: Webhook, limit: int = LOG_LENGTH) -> QuerySet[WebhookAttempt]:
    """The webhook's latest attempts, newest first (the caller found it through access)."""
    return (
        WebhookAttempt.objects.filter(webhook=webhook)
        .select_related("delivery")
        .order_by("-created_at", "-id")[:limit]
    )


def bots_of(actor, group: Group) -> QuerySet[Bot]:
    """The group's bots that `actor` manages, live ones first."""
    return (
        visible_bots(actor)
        .filter(group=group)
        .select_related("user")
        .order_by(F("revoked_at").asc(nulls_first=True), "name", "id")
    )

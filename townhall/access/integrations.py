"""Who may manage webhooks and bots, and what a webhook may hear about.

The rules (docs/webhooks-and-bots.md):

- Organisation webhooks (group None) are for organisation admins.
- A group's webhooks and bots are for that group's owners and admins, while they can see
  the group (an organisation admin has no say over a group they do not run).
- What a webhook hears: an organisation webhook only about content every member can see
  (the organisation's own posts and public groups; never private or secret groups); a
  group webhook only about its own group. A webhook that is switched off hears nothing.
- A bot posts only into its own group, only while its token is not revoked and the group
  is not archived.

Pairs: `can_view_webhook` / `visible_webhooks`, `can_view_bot` / `visible_bots`,
`webhook_may_hear` / `webhooks_hearing`; the tests prove each pair agrees.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from townhall.access.groups import ADMIN_ROLES, can_view_group, is_group_admin
from townhall.access.roles import is_active_member, is_admin
from townhall.groups.models import Group, Membership
from townhall.integrations.models import Bot, Webhook

# --- managing --------------------------------------------------------------------------------


def can_manage_organisation_webhooks(actor) -> bool:
    return is_admin(actor)


def can_manage_group_integrations(actor, group: Group) -> bool:
    return can_view_group(actor, group) and is_group_admin(actor, group)


def _administered_group_ids(actor) -> QuerySet:
    return Membership.objects.filter(user=actor, role__in=ADMIN_ROLES).values("group_id")


def can_view_webhook(actor, webhook: Webhook) -> bool:
    if webhook.group_id is None:
        return can_manage_organisation_webhooks(actor)
    return can_manage_group_integrations(actor, webhook.group)


def visible_webhooks(actor, queryset: QuerySet[Webhook] | None = None) -> QuerySet[Webhook]:
    queryset = Webhook.objects.all() if queryset is None else queryset
    if not is_active_member(actor):
        return queryset.none()
    mine = Q(group_id__in=_administered_group_ids(actor))
    if is_admin(actor):
        mine |= Q(group__isnull=True)
    return queryset.filter(mine)


def get_webhook_or_404(actor, **lookup) -> Webhook:
    webhook = visible_webhooks(actor).select_related("group").filter(**lookup).first()
    if webhook is None:
        raise Http404
    return webhook


def can_view_bot(actor, bot: Bot) -> bool:
    return can_manage_group_integrations(actor, bot.group)


def visible_bots(actor, queryset: QuerySet[Bot] | None = None) -> QuerySet[Bot]:
    queryset = Bot.objects.all() if queryset is None else queryset
    if not is_active_member(actor):
        return queryset.none()
    return queryset.filter(group_id__in=_administered_group_ids(actor))


def get_bot_or_404(actor, **lookup) -> Bot:
    bot = visible_bots(actor).select_related("group", "user").filter(**lookup).first()
    if bot is None:
        raise Http404
    return bot


# --- what a webhook hears ----------------------------------------------------------------


def webhook_may_hear(webhook: Webhook, group: Group | None) -> bool:
    """May `webhook` receive an event about content in `group` (None: the organisation)?"""
    if not webhook.active:
        return False
    if webhook.group_id is None:
        return group is None or group.kind == Group.Kind.PUBLIC
    return group is not None and group.pk == webhook.group_id


def webhooks_hearing(group: Group | None, queryset: QuerySet[Webhook] | None = None):
    """The webhooks that may receive an event about content in `group` (None: organisation)."""
    queryset = Webhook.objects.all() if queryset is None else queryset
    queryset = queryset.filter(active=True)
    if group is None:
        return queryset.filter(group__isnull=True)
    if group.kind == Group.Kind.PUBLIC:
        return queryset.filter(Q(group__isnull=True) | Q(group=group))
    return queryset.filter(group=group)


# --- bots ----------------------------------------------------------------------------------


def can_bot_post(bot: Bot) -> bool:
    """May this bot post (into its own group, the only place it ever posts)?"""
    return bot.revoked_at is None and not bot.group.is_archived

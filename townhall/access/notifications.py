"""Who sees which notification: its recipient, while they may still see its target.

A notification is about a target ("post" 7, "group" 3 ...). Each target type below names
the queryset filter of the permission layer that decides who sees such a thing, so a
notification never says more than its recipient may see, and one they lost access to
(left the group, post deleted, article unpublished) disappears at once, also from the
unread count. `visible_notifications` checks every type in ONE query (a correlated EXISTS
per type), never one check per row; `can_view_notification` is the object check of the pair.

A target type whose app (or permission module) is not installed resolves to nothing: its
notifications are hidden, never an error.
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from townhall.access.roles import is_active_member
from townhall.notifications.models import Notification


@dataclass(frozen=True)
class TargetRule:
    """`module.function(actor)` is the queryset of targets the actor may see; `field` of its
    rows is what `target_id` points at."""

    module: str
    function: str
    field: str = "pk"

    def visible(self, actor) -> QuerySet | None:
        try:
            find: Callable = getattr(importlib.import_module(self.module), self.function)
        except (ImportError, AttributeError, LookupError):
            return None
        return find(actor)


def _managed_groups(actor) -> QuerySet:
    """Groups whose join requests the actor decides: those where they see others' requests."""
    from townhall.access.groups import visible_join_requests
    from townhall.groups.models import JoinRequest

    return visible_join_requests(actor, JoinRequest.objects.exclude(user=actor))


TARGETS: dict[str, TargetRule] = {
    "post": TargetRule("townhall.access.posts", "visible_posts"),
    "comment": TargetRule("townhall.access.posts", "visible_comments"),
    "person": TargetRule("townhall.access.people", "visible_people"),
    "group": TargetRule("townhall.access.groups", "visible_groups"),
    "managed_group": TargetRule(__name__, "_managed_groups", field="group_id"),
    "article": TargetRule("townhall.access.articles", "visible_articles"),
    "article_comment": TargetRule("townhall.access.articles", "visible_article_comments"),
    "ama_question": TargetRule("townhall.access.ama", "visible_ama_questions"),
    "ama_session": TargetRule("townhall.access.ama", "visible_ama_sessions"),
    "moderation_decision": TargetRule("townhall.access.moderation", "visible_decisions"),
    "moderation_report": TargetRule("townhall.access.moderation", "own_decided_reports"),
}


def target_filter(actor, types: tuple[str, ...] | list[str] | None = None) -> Q:
    """Q over notifications whose target the actor may see (only `types`, if given)."""
    condition = Q(pk__in=[])
    for key, rule in TARGETS.items():
        if types is not None and key not in types:
            continue
        visible = rule.visible(actor)
        if visible is None:
            continue
        seen = visible.filter(**{rule.field: OuterRef("target_id")})
        condition |= Q(target_type=key) & Exists(seen.order_by().values("pk"))
    return condition


def visible_notifications(
    actor, queryset: QuerySet[Notification] | None = None, types: tuple[str, ...] | None = None
) -> QuerySet[Notification]:
    """The actor's notifications whose targets they may see (only of `types`, if given:
    fewer checks for PostgreSQL to plan)."""
    queryset = Notification.objects.all() if queryset is None else queryset
    if not is_active_member(actor):
        return queryset.none()
    return queryset.filter(target_filter(actor, types), recipient=actor)


def can_view_notification(actor, notification: Notification) -> bool:
    if not is_active_member(actor) or notification.recipient_id != actor.pk:
        return False
    rule = TARGETS.get(notification.target_type)
    visible = rule.visible(actor) if rule else None
    return visible is not None and visible.filter(**{rule.field: notification.target_id}).exists()


def can_see_target(person, target_type: str, target_id: int) -> bool:
    """Would `person` see this target? (Used before notifying them at all.)"""
    rule = TARGETS.get(target_type)
    visible = rule.visible(person) if rule and is_active_member(person) else None
    return visible is not None and visible.filter(**{rule.field: target_id}).exists()


def get_notification_or_404(actor, **lookup) -> Notification:
    notification = visible_notifications(actor).filter(**lookup).first()
    if notification is None:
        raise Http404
    return notification

"""Who may report, who moderates what, and what a moderator hid (townhall.moderation).

- Reporting: any active member who can see a post, comment or article may report it, once
  while their report is open; not their own content.
- Moderating: content outside groups is moderated by moderators (org admins count). Content
  in a group is moderated by that group's owners and admins, and by moderators who can
  read the group (a moderator gets no sight of a secret group they are not in).
- Outcomes: dismiss, hide and warn for whoever moderates the content; delete only where the
  content's own rule lets the moderator delete it (townhall.access.posts.can_delete_post:
  org admins and group admins; moderators cannot delete posts).
- Hidden content is invisible to everyone on every path: `not_hidden` is used by
  visible_posts / visible_comments / visible_articles, `is_hidden` by their object checks.
- A decision is seen by its moderators and by the author of the content it was about.
- A report is seen by those who moderate where the content lives (the queue) and, once
  decided, by its reporter (the outcome, without the moderator's note to the author).
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from townhall.access.groups import can_read_group_content, is_group_admin, readable_group_filter
from townhall.access.roles import is_active_member, is_moderator
from townhall.groups.models import Membership
from townhall.moderation.models import Decision, Hidden, Report

ADMIN_ROLES = (Membership.Role.OWNER, Membership.Role.ADMIN)


def not_hidden(kind: str, field: str = "pk") -> Q:
    """Q: the content named by `field` (its id) of this kind was not hidden by a moderator."""
    return ~Q(Exists(Hidden.objects.filter(kind=kind, object_id=OuterRef(field))))


def is_hidden(kind: str, thing) -> bool:
    """Was `thing` hidden? Remembered on the instance, so one page asks once."""
    if thing is None or thing.pk is None:
        return False
    cache = thing.__dict__.setdefault("_moderation_hidden", {})
    if kind not in cache:
        cache[kind] = Hidden.objects.filter(kind=kind, object_id=thing.pk).exists()
    return cache[kind]


def unless_hidden(kind: str, thing) -> Q:
    """Q for any queryset: empty when `thing` is hidden, decided inside the same query (no
    query of its own), or nothing at all when the instance is known not to be hidden."""
    known = thing.__dict__.get("_moderation_hidden", {}).get(kind)
    if known is False:
        return Q()
    if known is True:
        return Q(pk__in=[])
    return ~Q(Exists(Hidden.objects.filter(kind=kind, object_id=thing.pk)))


def known_not_hidden(kind: str, thing) -> None:
    """`thing` came out of a filter that excluded hidden content: no need to ask again."""
    thing.__dict__.setdefault("_moderation_hidden", {})[kind] = False


def forget_hidden(thing) -> None:
    """`thing` was just hidden (or shown again): ask the database next time."""
    thing.__dict__.pop("_moderation_hidden", None)


def can_report(actor, author_id: int | None) -> bool:
    """The caller checked the actor can see the content; reports are not for one's own."""
    return is_active_member(actor) and author_id != actor.pk


def can_moderate_in(actor, group) -> bool:
    """May the actor decide on reported content that lives in `group` (None: no group)?"""
    if not is_active_member(actor):
        return False
    if group is None:
        return is_moderator(actor)
    if is_group_admin(actor, group):
        return True
    return is_moderator(actor) and can_read_group_content(actor, group)


def is_any_moderator(actor) -> bool:
    """Does the actor moderate anything (org moderator or admin of some group)?"""
    if not is_active_member(actor):
        return False
    if is_moderator(actor):
        return True
    return Membership.objects.filter(user=actor, role__in=ADMIN_ROLES).exists()


def _moderated_filter(actor) -> Q:
    managed = Membership.objects.filter(user=actor, role__in=ADMIN_ROLES).values("group_id")
    scope = Q(group_id__in=managed)
    if is_moderator(actor):
        scope |= Q(group__isnull=True) | readable_group_filter(actor)
    return scope


def visible_reports(actor, queryset: QuerySet[Report] | None = None) -> QuerySet[Report]:
    """Reports the actor moderates (the review queue)."""
    queryset = Report.objects.all() if queryset is None else queryset
    if not is_active_member(actor):
        return queryset.none()
    return queryset.filter(_moderated_filter(actor))


def can_view_report(actor, report: Report) -> bool:
    return can_moderate_in(actor, report.group)


def own_decided_reports(actor, queryset: QuerySet[Report] | None = None) -> QuerySet[Report]:
    """The actor's reports that moderators decided on (the reporter hears the outcome)."""
    queryset = Report.objects.all() if queryset is None else queryset
    if not is_active_member(actor):
        return queryset.none()
    return queryset.filter(reporter=actor, decision__isnull=False)


def can_view_own_report(actor, report: Report) -> bool:
    if not is_active_member(actor):
        return False
    return report.reporter_id == actor.pk and report.decision_id is not None


def get_own_decided_report_or_404(actor, pk: int) -> Report:
    report = own_decided_reports(actor).select_related("decision").filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def visible_decisions(actor, queryset: QuerySet[Decision] | None = None) -> QuerySet[Decision]:
    """Decisions about the actor's own content, and those of what they moderate."""
    queryset = Decision.objects.all() if queryset is None else queryset
    if not is_active_member(actor):
        return queryset.none()
    return queryset.filter(Q(author=actor) | _moderated_filter(actor))


def can_view_decision(actor, decision: Decision) -> bool:
    if not is_active_member(actor):
        return False
    return decision.author_id == actor.pk or can_moderate_in(actor, decision.group)


def restorable_decisions(actor, queryset: QuerySet[Decision] | None = None):
    """The "hide" decisions the actor may undo: where they moderate, while the content is
    still hidden (the moderator who hid it, or any other who moderates there)."""
    queryset = Decision.objects.all() if queryset is None else queryset
    if not is_active_member(actor):
        return queryset.none()
    still_hidden = Hidden.objects.filter(kind=OuterRef("kind"), object_id=OuterRef("object_id"))
    return queryset.filter(_moderated_filter(actor), Exists(still_hidden), outcome="hide")


def can_restore(actor, decision: Decision) -> bool:
    if decision.outcome != "hide" or not can_moderate_in(actor, decision.group):
        return False
    return Hidden.objects.filter(kind=decision.kind, object_id=decision.object_id).exists()


def get_restorable_decision_or_404(actor, pk: int) -> Decision:
    decision = restorable_decisions(actor).select_related("group").filter(pk=pk).first()
    if decision is None:
        raise Http404
    return decision


def get_decision_or_404(actor, **lookup) -> Decision:
    decision = visible_decisions(actor).select_related("group").filter(**lookup).first()
    if decision is None:
        raise Http404
    return decision

"""Reporting content and deciding on reports (townhall.moderation)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from townhall.access import moderation as access
from townhall.access.roles import is_active_member
from townhall.events.outbox import emit
from townhall.identity import audit
from townhall.moderation.content import MODELS, excerpt, group_of, kind_of
from townhall.moderation.models import Decision, Hidden, Outcome, Reason, Report
from townhall.posts.actions import mark_changed

DETAILS_LIMIT = 2000
NOTE_LIMIT = 2000
AUDIT_ACTION = "moderation.decision"


def report_content(*, actor, target, reason: str, details: str = "") -> Report:
    """`actor` asks moderators to look at `target` (a post, comment or article they can
    see; the caller loaded it through access.get_*_or_404)."""
    if not access.can_report(actor, target.author_id):
        raise PermissionDenied(_("You cannot report your own content."))
    if reason not in Reason.values:
        raise ValidationError({"reason": _("Choose a reason.")})
    details = (details or "").strip()
    if len(details) > DETAILS_LIMIT:
        raise ValidationError(
            {"details": _("Keep it under %(limit)s characters.") % {"limit": DETAILS_LIMIT}}
        )
    group = group_of(target)
    try:
        with transaction.atomic():
            return Report.objects.create(
                kind=kind_of(target),
                object_id=target.pk,
                group=group,
                author_id=target.author_id,
                reporter=actor,
                reason=reason,
                details=details,
            )
    except IntegrityError:
        raise ValidationError(
            _("You already reported this; moderators have not decided yet.")
        ) from None


def _delete(actor, target) -> None:
    from townhall.blogs import actions as blogs
    from townhall.posts import actions as posts

    kind = kind_of(target)
    if kind == "post":
        posts.delete_post(actor=actor, post=target)
    elif kind == "comment":
        posts.delete_comment(actor=actor, comment=target)
    elif kind == "article_comment":
        blogs.delete_article_comment(actor=actor, comment=target)
    else:
        blogs.delete_article(actor=actor, article=target)


def _cards_changed(kind: str, target) -> None:
    """Hiding or showing a post or comment changes the feed cards that show it (posts.cards)."""
    if kind in ("post", "comment"):
        mark_changed(post_ids=[target.pk if kind == "post" else target.post_id])


@transaction.atomic
def decide(*, actor, target, outcome: str, note: str = "") -> Decision:
    """Decide on every open report about `target`: dismiss them, hide or delete the content,
    or warn its author. The author hears of it (not of a dismissal); the audit log records it."""
    group = group_of(target)
    if not access.can_moderate_in(actor, group):
        raise PermissionDenied(_("You do not moderate where this was posted."))
    if outcome not in Outcome.values or outcome == Outcome.RESTORE:  # restore: restore()
        raise ValidationError({"outcome": _("Choose what to do.")})
    note = (note or "").strip()
    if len(note) > NOTE_LIMIT:
        raise ValidationError(
            {"note": _("Keep the note under %(limit)s characters.") % {"limit": NOTE_LIMIT}}
        )
    kind = kind_of(target)
    reports = Report.objects.select_for_update().filter(
        kind=kind, object_id=target.pk, decision__isnull=True
    )
    open_ids = list(reports.values_list("pk", flat=True))
    if not open_ids:
        raise ValidationError(_("There is no open report about this any more."))
    if outcome == Outcome.DELETE:
        try:
            _delete(actor, target)
        except PermissionDenied:
            raise PermissionDenied(
                _("You cannot delete this; hide it instead, or ask an admin.")
            ) from None
    decision = Decision.objects.create(
        kind=kind,
        object_id=target.pk,
        group=group,
        author_id=target.author_id,
        moderator=actor,
        outcome=outcome,
        note=note,
        excerpt=excerpt(target),
    )
    if outcome == Outcome.HIDE:
        Hidden.objects.get_or_create(
            kind=kind, object_id=target.pk, defaults={"decision": decision}
        )
        access.forget_hidden(target)
        _cards_changed(kind, target)
    Report.objects.filter(pk__in=open_ids).update(decision=decision)
    audit.record(
        AUDIT_ACTION,
        actor=actor,
        target=target,
        outcome=outcome,
        content=kind,
        reports=len(open_ids),
        decision=decision.pk,
        group=group.pk if group else None,
    )
    tell = outcome != Outcome.DISMISS and _is_member_author(kind, target, actor)
    emit(
        "moderation.decided",
        actor=actor,
        subject=decision,
        recipients=[target.author_id] if tell else [],
        outcome=outcome,
        content=kind,
        object_id=target.pk,
        group=group.pk if group else None,
    )
    _tell_reporters(actor, decision, open_ids)
    return decision


def _is_member_author(kind: str, target, actor) -> bool:
    """Is there a member to tell? A visitor's comment has no author, or a commenter identity
    (townhall.commenters) who is not a member and reads no notifications."""
    if not target.author_id or target.author_id == actor.pk:
        return False
    return kind != "article_comment" or is_active_member(target.author)


def _tell_reporters(actor, decision: Decision, report_ids: list[int]) -> None:
    """Each reporter hears the outcome of their report (not the note, which is for the
    author): one event, `data.reports` pairs each reporter with their report."""
    pairs = [
        [reporter, report]
        for report, reporter in Report.objects.filter(pk__in=report_ids)
        .exclude(reporter__isnull=True)
        .exclude(reporter=actor)
        .values_list("pk", "reporter_id")
    ]
    if not pairs:
        return
    emit(
        "moderation.report_decided",
        actor=actor,
        subject=decision,
        recipients=[reporter for reporter, _report in pairs],
        outcome=decision.outcome,
        content=decision.kind,
        reports=pairs,
        group=decision.group_id,
    )


@transaction.atomic
def restore(*, actor, decision: Decision, note: str = "") -> Decision:
    """Show again what `decision` hid: the author is told, the audit log records it (as a
    decision with the outcome "restore"). The caller loaded `decision` through
    access.get_restorable_decision_or_404."""
    if not access.can_moderate_in(actor, decision.group) or decision.outcome != Outcome.HIDE:
        raise PermissionDenied(_("You do not moderate where this was posted."))
    note = (note or "").strip()
    if len(note) > NOTE_LIMIT:
        raise ValidationError(
            {"note": _("Keep the note under %(limit)s characters.") % {"limit": NOTE_LIMIT}}
        )
    removed, _counts = Hidden.objects.filter(
        kind=decision.kind, object_id=decision.object_id
    ).delete()
    if not removed:
        raise ValidationError(_("This is not hidden any more."))
    target = MODELS[decision.kind].objects.filter(pk=decision.object_id).first()
    restored = Decision.objects.create(
        kind=decision.kind,
        object_id=decision.object_id,
        group=decision.group,
        author_id=decision.author_id,
        moderator=actor,
        outcome=Outcome.RESTORE,
        note=note,
        excerpt=decision.excerpt,
    )
    if target is not None:
        access.forget_hidden(target)
        _cards_changed(decision.kind, target)
    audit.record(
        AUDIT_ACTION,
        actor=actor,
        target=target,
        outcome=Outcome.RESTORE,
        content=decision.kind,
        reports=0,
        decision=restored.pk,
        hidden_by=decision.pk,
        group=decision.group_id,
    )
    author = decision.author_id
    emit(
        "moderation.decided",
        actor=actor,
        subject=restored,
        recipients=[author] if author and author != actor.pk else [],
        outcome=Outcome.RESTORE,
        content=decision.kind,
        object_id=decision.object_id,
        group=decision.group_id,
    )
    return restored

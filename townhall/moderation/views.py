"""Report a post, comment or article; the moderators' review queue; a decision's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from townhall.access.commenters import can_manage_blocks, can_moderate_anything
from townhall.access.moderation import (
    can_restore,
    get_decision_or_404,
    get_own_decided_report_or_404,
    get_restorable_decision_or_404,
    is_any_moderator,
)
from townhall.moderation import actions, selectors
from townhall.moderation.content import (
    excerpt,
    get_content_or_404,
    get_moderatable_content_or_404,
    url_of,
)
from townhall.moderation.forms import DecisionForm, ReportForm
from townhall.moderation.models import Outcome


def _error_text(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You cannot do that.")


@login_required
def report(request, kind: str, pk: int):
    target = get_content_or_404(request.user, kind, pk)
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.report_content(
                    actor=request.user,
                    target=target,
                    reason=form.cleaned_data["reason"],
                    details=form.cleaned_data["details"],
                )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, _error_text(error))
            else:
                messages.success(request, _("Thank you. Moderators will look at it."))
                return redirect(url_of(target) or "/")
        status = 400
    context = {"form": form, "target": target, "kind": kind, "excerpt": excerpt(target)}
    return render(request, "moderation/report.html", context, status=status)


SHOW = ("reported", "held")  # the queue's filter; anything else: both


@login_required
@never_cache
def queue(request):
    """The one review queue: reported content and visitor comments held for approval."""
    actor = request.user
    if not can_moderate_anything(actor):
        raise Http404
    show = request.GET.get("show", "")
    show = show if show in SHOW else ""
    decides_reports = is_any_moderator(actor)
    context = {
        "show": show,
        "decides_reports": decides_reports,
        "items": selectors.review_queue(actor) if decides_reports and show != "held" else [],
        "held": selectors.held_comments(actor) if show != "reported" else [],
        "decisions": selectors.recent_decisions(actor) if decides_reports else [],
        "can_manage_blocks": can_manage_blocks(actor),
        "outcomes": Outcome,
        "nav": "moderation",
    }
    return render(request, "moderation/queue.html", context)


@login_required
@require_POST
def decide(request, kind: str, pk: int):
    target = get_moderatable_content_or_404(request.user, kind, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to do."))
        return redirect("moderation:queue")
    try:
        actions.decide(
            actor=request.user,
            target=target,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Decided. The reports are closed."))
    return redirect("moderation:queue")


@login_required
def decision(request, pk: int):
    found = get_decision_or_404(request.user, pk=pk)
    context = {"decision": found, "can_restore": can_restore(request.user, found)}
    return render(request, "moderation/decision.html", context)


@login_required
def own_report(request, pk: int):
    """A reporter reads what moderators decided about their report."""
    found = get_own_decided_report_or_404(request.user, pk)
    return render(request, "moderation/own_report.html", {"report": found})


@login_required
@require_POST
def restore(request, pk: int):
    """Show again what a "hide" decision hid (moderators of where it lives; others: 404)."""
    found = get_restorable_decision_or_404(request.user, pk)
    try:
        restored = actions.restore(
            actor=request.user, decision=found, note=request.POST.get("note", "")
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
        return redirect("moderation:decision", found.pk)
    messages.success(request, _("It is shown again; its author is told."))
    return redirect("moderation:decision", restored.pk)

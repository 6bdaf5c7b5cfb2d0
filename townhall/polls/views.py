"""Polls in the browser: vote (or change or withdraw a vote) and see who voted.

Voting is a plain form POST that redirects back; under htmx the answer is the poll again
(townhall/polls/templates/polls/_poll.html), or its message with a 4xx status, which
posts/composer.js shows above the button (the form carries data-composer).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from townhall.access.polls import can_view_poll_results, get_poll_or_404
from townhall.polls import actions, selectors


def _is_htmx(request) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def _next(request, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _refused(request, poll, message: str, status: int):
    template = "polls/_message.html" if _is_htmx(request) else "polls/refused.html"
    return render(request, template, {"poll": poll, "message": message}, status=status)


@login_required
@require_POST
def vote(request, poll_id: int):
    """`option` (one or more ids) sets the vote; `withdraw` takes it back."""
    poll = get_poll_or_404(request.user, pk=poll_id)
    try:
        if "withdraw" in request.POST:
            actions.withdraw_vote(actor=request.user, poll=poll)
        else:
            actions.vote(actor=request.user, poll=poll, option_ids=request.POST.getlist("option"))
    except ValidationError as error:
        status = 409 if error.code == "poll_closed" else 400
        return _refused(request, poll, " ".join(error.messages), status)
    except PermissionDenied as error:
        return _refused(request, poll, str(error), 403)
    if not _is_htmx(request):
        back = _next(request, reverse("posts:detail", args=[poll.post_id]))
        return redirect(f"{back}#poll-{poll.pk}")
    loaded = selectors.load_poll(request.user, poll)
    return render(
        request,
        "polls/_poll.html",
        {"card": selectors.card(request.user, loaded), "post": loaded.post},
    )


@login_required
@require_GET
def voters(request, poll_id: int):
    poll = get_poll_or_404(request.user, pk=poll_id)
    loaded = selectors.load_poll(request.user, poll)
    rows = selectors.voters(request.user, loaded)
    if rows is None:
        if not poll.show_voters:
            message = _("This poll does not show who voted.")
        elif not can_view_poll_results(request.user, loaded):
            message = _("Vote first, or wait until the poll closes, to see the results.")
        else:
            message = _("You cannot see who voted.")
        return _refused(request, poll, message, 403)
    return render(request, "polls/voters.html", {"poll": loaded, "rows": rows})

"""Praise in the browser: the list, giving praise, and what a person received (a page,
and under htmx the fragment the profile page loads into its "Praise received" section).
Thin: townhall.access for reads, townhall.praise.actions for writes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from townhall.access.people import get_person_or_404
from townhall.praise import actions, selectors
from townhall.praise.forms import PraiseForm

ERROR_FIELDS = {"recipients": "recipients", "badge": "badge", "message": "message"}


def _is_htmx(request) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def _bad_page(request, message: str):
    return render(request, "praise/bad_request.html", {"message": message}, status=400)


@login_required
@require_GET
def index(request):
    try:
        page = selectors.praise_page(request.user, request.GET.get("after") or None)
    except ValidationError as error:
        return _bad_page(request, error.messages[0])
    return render(request, "praise/index.html", {"page": page, "nav": "praise"})


@login_required
def new(request):
    groups = selectors.praise_groups(request.user)
    initial = {"recipients": f"@{request.GET['to']}"} if request.GET.get("to") else None
    form = PraiseForm(request.POST or None, groups=groups, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                praise = actions.give_praise(
                    actor=request.user,
                    recipients=selectors.people_named(request.user, form.usernames()),
                    badge=form.cleaned_data["badge"],
                    message=form.cleaned_data["message"],
                    group=form.target(),
                )
            except selectors.UnknownPeople as error:
                form.add_error("recipients", str(error))
            except ValidationError as error:
                code = next((e.code for e in error.error_list if e.code), None)
                form.add_error(ERROR_FIELDS.get(code), error.messages)
            except PermissionDenied as error:
                form.add_error("group", str(error))
            else:
                messages.success(request, _("Your praise is published."))
                return redirect("posts:detail", post_id=praise.post_id)
        status = 400
    context = {"form": form, "badges": selectors.badge_choices(), "nav": "praise"}
    return render(request, "praise/new.html", context, status=status)


@login_required
@require_GET
def received(request, username: str):
    person = get_person_or_404(request.user, username=username)
    try:
        page = selectors.praise_page(request.user, request.GET.get("after") or None, person=person)
    except ValidationError as error:
        return _bad_page(request, error.messages[0])
    context = {"person": person, "page": page, "nav": "people"}
    if _is_htmx(request) and not request.GET.get("after"):
        return render(request, "praise/_received.html", context)
    return render(request, "praise/received.html", context)

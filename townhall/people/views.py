"""The people directory, profiles and the profile editor (HTML and htmx partials)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from townhall.access.feeds import can_follow_person
from townhall.access.people import can_edit_profile, get_person_or_404
from townhall.feeds import selectors as feeds
from townhall.feeds.pages import render_feed
from townhall.people import selectors
from townhall.people.actions import update_profile
from townhall.people.forms import DirectorySearchForm, ProfileForm


def _wants_partial(request) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


@login_required
def directory(request):
    form = DirectorySearchForm(request.GET, departments=selectors.departments(request.user))
    args = form.search_args()
    page = selectors.search_people(request.user, **args)
    context = {
        "form": form,
        "page": page,
        "query": args["query"],
        "department": args["department"],
        "nav": "people",
    }
    template = "people/_results.html" if _wants_partial(request) else "people/directory.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def profile(request, username: str):
    person = get_person_or_404(request.user, username=username)
    actor = request.user
    context = {
        "person": person,
        "chart": selectors.org_chart(request.user, person),
        "can_edit": can_edit_profile(request.user, person),
        "nav": "profile" if person.pk == request.user.pk else "people",
        "can_follow": can_follow_person(actor, person),
        "relationship": feeds.relationship(actor, person=person),
    }
    return render_feed(
        request,
        "people/profile.html",
        context,
        feed="profile",
        subject_key=person.username,
        feed_url=reverse("people:profile", args=[person.username]),
        load=lambda after: feeds.profile_feed(actor, person, cursor=after),
    )


def _editable_person_or_404(request, username: str):
    person = get_person_or_404(request.user, username=username)
    if not can_edit_profile(request.user, person):
        raise Http404
    return person


@login_required
def edit(request, username: str):
    person = _editable_person_or_404(request, username)
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, actor=request.user, person=person)
        if form.is_valid():
            try:
                update_profile(actor=request.user, person=person, changes=form.changes())
            except ValidationError as error:
                form.add_action_errors(error)
            else:
                if person.pk == request.user.pk and person.language:
                    translation.activate(person.language)  # the message in the new language
                messages.success(request, _("The profile is saved."))
                return redirect("people:profile", username=person.username)
        person.refresh_from_db()  # the page shows what is stored, not the rejected values
    else:
        form = ProfileForm(actor=request.user, person=person)
    nav = "profile" if person.pk == request.user.pk else "people"
    return render(request, "people/edit.html", {"person": person, "form": form, "nav": nav})


@login_required
def manager_options(request, username: str):
    """htmx: <option>s of colleagues matching what was typed in the manager field."""
    person = _editable_person_or_404(request, username)
    query = request.GET.get("q") or request.GET.get("manager", "")
    candidates = selectors.manager_candidates(request.user, person, query[:100])
    return render(request, "people/_manager_options.html", {"candidates": candidates})

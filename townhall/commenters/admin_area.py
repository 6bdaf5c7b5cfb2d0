"""The admin area's "Commenters" section: moderation setting and sign-in providers.

Mounted inside the admin area's URL namespace (townhall/siteadmin/urls.py includes
`admin_urls`), drawn with its navigation (`render_admin`), for admins only.
"""

from allauth.socialaccount.models import SocialApp
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.commenters import actions, selectors
from townhall.commenters.forms import HoldPolicyForm, ProviderForm
from townhall.siteadmin.pages import admin_area_view, render_admin


def _errors_onto(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@admin_area_view
def commenters(request):
    hold_form = HoldPolicyForm(
        request.POST if request.POST.get("form") == "hold" else None,
        initial={"hold": actions.commenter_settings().hold},
        prefix="hold",
    )
    provider_form = ProviderForm(
        request.POST if request.POST.get("form") == "provider" else None, prefix="provider"
    )
    if request.method == "POST":
        form = hold_form if request.POST.get("form") == "hold" else provider_form
        if form.is_valid():
            try:
                if form is hold_form:
                    actions.set_hold_policy(actor=request.user, hold=form.cleaned_data["hold"])
                    messages.success(request, _("Moderation setting saved."))
                else:
                    actions.add_provider(actor=request.user, **form.cleaned_data)
                    messages.success(request, _("Sign-in provider added."))
            except ValidationError as error:
                _errors_onto(form, error)
            else:
                return redirect("siteadmin:commenters")
    status = 400 if request.method == "POST" else 200
    response = render_admin(
        request,
        "commenters/admin.html",
        {
            "hold_form": hold_form,
            "provider_form": provider_form,
            "providers": selectors.sign_in_providers(),
        },
        section="commenters",
    )
    response.status_code = status
    return response


@admin_area_view
@require_POST
def remove_provider(request, app_id: int):
    app = SocialApp.objects.filter(pk=app_id).first()
    if app is not None:
        actions.remove_provider(actor=request.user, app=app)
        messages.success(request, _("Sign-in provider removed."))
    return redirect("siteadmin:commenters")

"""Pages: the audit log, sign-in methods and SCIM tokens (admin area), and a member's own
sessions; plus the member sign-in page (allauth's, with the organisation's SSO buttons)."""

from allauth.account.views import LoginView
from allauth.socialaccount.providers.saml.views import acs as allauth_saml_acs
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from townhall.access.identity import get_scim_token_or_404, get_session_or_404, visible_scim_tokens
from townhall.identity import actions, audit, providers, saml, selectors
from townhall.identity.forms import (
    AuditFilterForm,
    MemberProviderForm,
    MemberSamlProviderForm,
    ScimTokenForm,
    SignInOptionsForm,
)
from townhall.identity.sessions import end_session
from townhall.siteadmin.pages import admin_area_view, render_admin

# --- the member sign-in page ------------------------------------------------------------


class MemberLoginView(LoginView):
    """allauth's sign-in page, with a button per member SSO provider. The buttons are forms
    that redirect to the provider, so CSP's form-action names each provider's origin."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["member_sso_providers"] = providers.member_providers(self.request)
        context["sso_only"] = selectors.sso_only()
        return context

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        origins = {providers.origin_of(p) for p in providers.member_providers(request)}
        origins.discard("")
        if origins:
            response._csp_update = {"form-action": sorted(origins)}
        return response


member_login = MemberLoginView.as_view()


def sso_refused(request):
    return render(request, "identity/sso_refused.html", status=403)


@csrf_exempt  # the identity provider's page posts here (SAML HTTP-POST binding)
def saml_acs(request, organization_slug: str):
    """allauth's SAML assertion consumer service, after one check of ours: a Response (or
    an Assertion in it) that was posted before is a replay and is refused."""
    if request.method == "POST" and not saml.first_use(request.POST.get("SAMLResponse", "")):
        audit.record(audit.SSO_REFUSED, actor=None, reason="replayed", provider=organization_slug)
        messages.error(
            request,
            _(
                "This sign-in answer was used before, so it cannot sign anyone in again. "
                "Start again from the sign-in page."
            ),
        )
        return redirect("identity:sso_refused")
    return allauth_saml_acs(request, organization_slug=organization_slug)


# --- sessions ---------------------------------------------------------------------------


@login_required
@never_cache
def my_sessions(request):
    context = {
        "sessions": selectors.my_sessions(request.user),
        "current_key": request.session.session_key,
        "tokens": selectors.my_tokens(request.user),
    }
    return render(request, "identity/sessions.html", context)


@login_required
@require_POST
def end_my_session(request, session_id: int):
    session = get_session_or_404(request.user, session_id)
    current = session.session_key == request.session.session_key
    end_session(actor=request.user, session=session)
    if current:
        return redirect("account_login")
    messages.success(request, _("That session has ended; the browser is signed out."))
    return redirect("identity:sessions")


# --- audit log (admin area) -------------------------------------------------------------


def _filters(request) -> tuple[AuditFilterForm, selectors.AuditFilters]:
    form = AuditFilterForm(request.GET)
    cleaned = form.cleaned_data if form.is_valid() else {}
    return form, selectors.AuditFilters(
        q=cleaned.get("q", ""),
        action=cleaned.get("action", ""),
        ip=cleaned.get("ip") or "",
        since=cleaned.get("since"),
        until=cleaned.get("until"),
    )


@admin_area_view
def audit_log(request):
    form, filters = _filters(request)
    before = request.GET.get("before", "")
    page = selectors.audit_page(
        request.user, filters, before=int(before) if before.isdigit() and len(before) < 19 else None
    )
    query = request.GET.copy()
    query.pop("before", None)
    context = {"filters": form, "page": page, "filter_query": query.urlencode()}
    response = render_admin(request, "identity/audit_log.html", context, section="audit_log")
    if form.errors:
        response.status_code = 400
    return response


@admin_area_view
def audit_export(request, kind: str):
    if kind not in ("csv", "json"):
        raise Http404
    form, filters = _filters(request)
    if form.errors:
        return audit_log(request)
    entries = selectors.audit_entries(request.user, filters)
    actions.record_export(actor=request.user, kind=kind, filters=request.GET.dict())
    if kind == "csv":
        response = StreamingHttpResponse(selectors.audit_csv(entries), content_type="text/csv")
    else:
        response = StreamingHttpResponse(
            selectors.audit_json(entries), content_type="application/json"
        )
    response["Content-Disposition"] = f'attachment; filename="townhall-audit.{kind}"'
    response["Cache-Control"] = "no-store"
    return response


# --- sign-in methods and SCIM (admin area) ----------------------------------------------


def _errors_onto(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _provider_rows(request) -> list[dict]:
    """Each member provider with what its identity provider needs (callback, ACS, entity id);
    the ones from the environment (no database row) cannot be removed here."""
    rows = []
    for provider in providers.member_providers(request):
        app = provider.app
        row = {"app": app, "from_environment": app.pk is None, "saml": saml.is_saml_app(app)}
        if row["saml"]:
            metadata = request.build_absolute_uri(reverse("saml_metadata", args=[app.client_id]))
            row["sp_entity_id"] = (app.settings.get("sp") or {}).get("entity_id") or metadata
            row["sp_metadata_url"] = metadata
            row["acs_url"] = request.build_absolute_uri(reverse("saml_acs", args=[app.client_id]))
            row["idp"] = app.settings["idp"].get("metadata_url") or app.settings["idp"].get(
                "entity_id"
            )
        else:
            row["callback"] = request.build_absolute_uri(
                f"/accounts/oidc/{app.provider_id}/login/callback/"
            )
            row["idp"] = app.settings.get("server_url", "")
        rows.append(row)
    return rows


@admin_area_view
def sign_in_methods(request):
    chosen = request.POST.get("form")
    options = actions.identity_settings()
    sso_only_env = selectors.sso_only_from_environment()
    options_form = SignInOptionsForm(
        request.POST if chosen == "options" else None,
        initial={
            "sso_only": options.sso_only if sso_only_env is None else sso_only_env,
            "scim_groups_map_to": options.scim_groups_map_to,
        },
        prefix="options",
        sso_only_from_environment=sso_only_env,
    )
    provider_form = MemberProviderForm(
        request.POST if chosen == "provider" else None, prefix="provider"
    )
    saml_form = MemberSamlProviderForm(request.POST if chosen == "saml" else None, prefix="saml")
    token_form = ScimTokenForm(request.POST if chosen == "scim" else None, prefix="scim")
    new_secret = None
    if request.method == "POST":
        form = {
            "options": options_form,
            "provider": provider_form,
            "saml": saml_form,
            "scim": token_form,
        }.get(chosen)
        if form is not None and form.is_valid():
            try:
                if form is options_form:
                    values = dict(form.cleaned_data)
                    if sso_only_env is not None:  # the environment's value is not stored
                        values["sso_only"] = options.sso_only
                    actions.set_sign_in_options(actor=request.user, **values)
                    messages.success(request, _("Sign-in options saved."))
                elif form is provider_form:
                    actions.add_member_oidc_provider(actor=request.user, **form.cleaned_data)
                    messages.success(request, _("Members can now sign in with this provider."))
                elif form is saml_form:
                    actions.add_member_saml_provider(actor=request.user, **form.cleaned_data)
                    messages.success(request, _("Members can now sign in with this provider."))
                else:
                    _token, new_secret = actions.issue_scim_token(
                        actor=request.user, name=form.cleaned_data["name"]
                    )
            except ValidationError as error:
                _errors_onto(form, error)
            else:
                if new_secret is None:
                    return redirect("siteadmin:sign_in_methods")
    context = {
        "options_form": options_form,
        "provider_form": provider_form,
        "saml_form": saml_form,
        "token_form": token_form,
        "member_providers": _provider_rows(request),
        "sso_from_environment": bool(settings.SOCIALACCOUNT_PROVIDERS),
        "scim_tokens": visible_scim_tokens(request.user),
        "new_secret": new_secret,
        "scim_base": request.build_absolute_uri("/scim/v2/"),
    }
    response = render_admin(
        request, "identity/sign_in_methods.html", context, section="sign_in_methods"
    )
    invalid = request.method == "POST" and new_secret is None
    if invalid:
        response.status_code = 400
    if new_secret:
        response["Cache-Control"] = "no-store"
    return response


@admin_area_view
@require_POST
def remove_member_provider(request, app_id: int):
    app = next((a for a in providers.member_apps() if a.pk == app_id), None)
    if app is None:
        raise Http404
    actions.remove_member_provider(actor=request.user, app=app)
    messages.success(request, _("Sign-in provider removed."))
    return redirect("siteadmin:sign_in_methods")


@admin_area_view
@require_POST
def revoke_scim_token(request, token_id: int):
    token = get_scim_token_or_404(request.user, token_id)
    actions.revoke_scim_token(actor=request.user, token=token)
    messages.success(request, _("The SCIM token no longer works."))
    return redirect("siteadmin:sign_in_methods")

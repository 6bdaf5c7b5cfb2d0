"""The admin area (/admin-area/): for admins only; everyone else gets "not found"."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.access.people import get_person_or_404
from townhall.access.powers import role_powers
from townhall.access.siteadmin import get_member_import_or_404
from townhall.accounts import actions as account_actions
from townhall.accounts.invitations import revoke_invitation
from townhall.accounts.models import User
from townhall.core.site import current_site_settings
from townhall.groups.models import Group
from townhall.siteadmin import actions, member_csv, selectors
from townhall.siteadmin.forms import (
    ChangeRoleForm,
    InviteForm,
    LogoForm,
    MemberFilterForm,
    MemberImportForm,
    RunMemberImportForm,
    SiteSettingsForm,
)
from townhall.siteadmin.navigation import settings_entries
from townhall.siteadmin.pages import admin_area_view, render_admin


def _members_url(request, candidate: str) -> str:
    """`candidate` if it is a page of our members list (same search, filters, page), else
    the list itself: a crafted `next` can neither leave the site nor run a script."""
    members_url = reverse("siteadmin:members")
    safe = candidate.startswith(members_url) and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if safe else members_url


def _back_to_members(request):
    return redirect(_members_url(request, request.POST.get("next", "")))


# --- Members -------------------------------------------------------------------------------


@admin_area_view
def members(request):
    filters = MemberFilterForm(request.GET)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    page = selectors.members_page(
        request.user,
        query=cleaned.get("q", ""),
        role=cleaned.get("role", ""),
        status=cleaned.get("status", ""),
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    query = request.GET.copy()
    query.pop("after", None)
    query.pop("before", None)
    context = {
        "filters": filters,
        "page": page,
        "filter_query": query.urlencode(),
        "roles": User.Role.choices,
    }
    return render_admin(request, "siteadmin/members.html", context, section="members")


@admin_area_view
@require_POST
def change_role(request, person_id: int):
    person = get_person_or_404(request.user, pk=person_id)
    form = ChangeRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles in the list."))
        return _back_to_members(request)
    try:
        account_actions.change_role(
            actor=request.user, person=person, role=form.cleaned_data["role"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s is now %(role)s.") % {"name": person, "role": person.get_role_display()},
        )
    return _back_to_members(request)


@admin_area_view
def deactivate(request, person_id: int):
    """GET asks for confirmation; POST deactivates (and signs the person out everywhere)."""
    person = get_person_or_404(request.user, pk=person_id)
    if request.method != "POST":
        context = {"person": person, "next": _members_url(request, request.GET.get("next", ""))}
        return render_admin(request, "siteadmin/deactivate.html", context, section="members")
    try:
        account_actions.deactivate_user(actor=request.user, person=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is deactivated and signed out.") % {"name": person})
    return _back_to_members(request)


@admin_area_view
@require_POST
def reactivate(request, person_id: int):
    person = get_person_or_404(request.user, pk=person_id)
    try:
        account_actions.reactivate_user(actor=request.user, person=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s can sign in again.") % {"name": person})
    return _back_to_members(request)


# --- Roles -------------------------------------------------------------------------------


@admin_area_view
def roles(request):
    """What each role may do, asked of the permission layer itself (access.powers)."""
    role_list, rows = role_powers()
    context = {"roles": role_list, "rows": rows}
    return render_admin(request, "siteadmin/roles.html", context, section="roles")


# --- Invitations ---------------------------------------------------------------------------


@admin_area_view
def invite(request):
    form = InviteForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            invitations = actions.invite_people(
                actor=request.user,
                emails=form.cleaned_data["emails"],
                role=form.cleaned_data["role"],
                groups=form.cleaned_data["groups"],
            )
        except ValidationError as error:
            form.add_error("groups" if error.code == "guest_without_groups" else "emails", error)
        else:
            messages.success(
                request,
                _("Invitations sent to: %(emails)s")
                % {"emails": ", ".join(i.email for i in invitations)},
            )
            return redirect("siteadmin:invite")
    context = {"form": form, "invitations": selectors.pending_invitations()}
    return render_admin(request, "siteadmin/invite.html", context, section="invite")


@admin_area_view
@require_POST
def revoke(request, invitation_id: int):
    if revoke_invitation(actor=request.user, invitation_id=invitation_id):
        messages.success(request, _("The invitation is revoked; its link no longer works."))
    else:
        messages.error(request, _("That invitation was already accepted or revoked."))
    return redirect("siteadmin:invite")


# --- Settings ------------------------------------------------------------------------------


@admin_area_view
def site_settings(request):
    site = current_site_settings()
    initial = {"name": site.name, "allowed_email_domains": "\n".join(site.allowed_email_domains)}
    form = SiteSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.update_site_settings(
            actor=request.user,
            name=form.cleaned_data["name"],
            allowed_email_domains=form.cleaned_data["allowed_email_domains"],
        )
        messages.success(request, _("Settings saved."))
        return redirect("siteadmin:settings")
    context = {
        "form": form,
        "logo_form": LogoForm(),
        "site": site,
        "environment_domains": settings.TOWNHALL_ALLOWED_EMAIL_DOMAINS,
    }
    return render_admin(request, "siteadmin/settings.html", context, section="settings")


@admin_area_view
@require_POST
def site_logo(request):
    form = LogoForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["logo"]
        if upload is None and not form.cleaned_data["remove"]:
            messages.error(request, _("Choose a picture, or tick “Remove the logo”."))
            return redirect("siteadmin:settings")
        try:
            actions.set_logo(
                actor=request.user, upload=None if form.cleaned_data["remove"] else upload
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The logo is removed.")
                if form.cleaned_data["remove"]
                else _("The logo is saved."),
            )
    else:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect("siteadmin:settings")


# --- Background tasks ----------------------------------------------------------------------


@admin_area_view
def tasks(request):
    context = {"overview": selectors.task_overview()}
    return render_admin(request, "siteadmin/tasks.html", context, section="tasks")


# --- Importing members from CSV --------------------------------------------------------------


@admin_area_view
def import_members(request):
    """Upload a CSV; the next page previews it, row by row."""
    form = MemberImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        member_import = actions.preview_member_import(
            actor=request.user, filename=upload.name, data=upload.read()
        )
        return redirect("siteadmin:member_import", member_import.pk)
    context = {
        "form": form,
        "imports": selectors.recent_member_imports(request.user),
        "columns": member_csv.COLUMNS,
        "roles": member_csv.importable_roles(),
        "max_rows": member_csv.MAX_ROWS,
    }
    status = 400 if request.method == "POST" else 200
    return render_admin(
        request, "siteadmin/import.html", context, section="import_members", status=status
    )


@admin_area_view
def member_import(request, import_id: int):
    """The preview of an uploaded file (and the button to import it), then its report."""
    found = get_member_import_or_404(request.user, import_id)
    form = RunMemberImportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            found = actions.run_member_import(
                actor=request.user,
                member_import=found,
                send_invitations=form.cleaned_data["invitations"] == "send",
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            counts = found.counts
            messages.success(
                request,
                _(
                    "Imported: %(created)s created, %(updated)s updated, %(unchanged)s "
                    "unchanged, %(failed)s failed."
                )
                % {
                    "created": counts.get("create", 0),
                    "updated": counts.get("update", 0),
                    "unchanged": counts.get("unchanged", 0),
                    "failed": counts.get("error", 0),
                },
            )
        return redirect("siteadmin:member_import", found.pk)
    context = {"member_import": found, "form": form}
    return render_admin(request, "siteadmin/import_report.html", context, section="import_members")


@admin_area_view
def member_import_report(request, import_id: int):
    """The report (or preview) as a CSV file: which row failed and why, what changed."""
    found = get_member_import_or_404(request.user, import_id)
    actions.record_import_report_download(actor=request.user, member_import=found)
    response = HttpResponse(
        selectors.member_import_report_csv(found), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="townhall-import-{found.pk}-report.csv"'
    )
    response["Cache-Control"] = "no-store"
    return response


# --- Groups overview and the index of every setting ------------------------------------------


@admin_area_view
def groups_overview(request):
    kind = request.GET.get("kind", "")
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    page = selectors.groups_overview(request.user, kind=kind, page=number)
    context = {"page": page, "kind": kind, "kinds": Group.Kind.choices}
    return render_admin(request, "siteadmin/groups.html", context, section="groups_overview")


@admin_area_view
def settings_index(request):
    """One page linking every section of the admin area, each with what it is for."""
    context = {"entries": settings_entries()}
    return render_admin(request, "siteadmin/settings_index.html", context, section="settings_index")

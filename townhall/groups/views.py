"""Group pages: the directory, a group's page, its members and its settings (HTML + htmx).

Views stay thin: find the group through townhall.access (a group the reader may not see is
a 404, the same as a missing one), call an action, redirect. An action's refusal (a
ValidationError or PermissionDenied) is shown as a page with its message and a 4xx status;
nothing changes.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.access import groups as access
from townhall.access.posts import get_post_or_404
from townhall.groups import actions, selectors
from townhall.groups.forms import (
    DecisionForm,
    GroupForm,
    InvitationAnswerForm,
    InviteForm,
    PinForm,
    RoleForm,
    SearchForm,
)
from townhall.groups.models import Group


def _wants_partial(request) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def _group_url(group: Group, page: str = "detail") -> str:
    return reverse(f"groups:{page}", kwargs={"slug": group.slug})


def _refused(request, error: Exception, group: Group | None = None):
    """The action said no: show why, with a 400 (bad request) or 403 (not allowed)."""
    if isinstance(error, ValidationError):
        reasons, status = error.messages, 400
    else:
        reasons, status = [str(error) or _("You cannot do this.")], 403
    back = _group_url(group) if group is not None else reverse("groups:directory")
    context = {"reasons": reasons, "group": group, "back": back, "nav": "groups"}
    return render(request, "groups/refused.html", context, status=status)


def _managed_group_or_404(request, slug: str) -> Group:
    """A group the reader administers; for anyone else it does not exist."""
    group = access.get_group_or_404(request.user, slug=slug)
    if not access.can_manage_group(request.user, group):
        raise Http404
    return group


def _member_list_group_or_404(request, slug: str) -> Group:
    group = access.get_group_or_404(request.user, slug=slug)
    if not access.can_view_group_members(request.user, group):
        raise Http404
    return group


# --- the directory ---------------------------------------------------------------------


@login_required
def directory(request):
    form = SearchForm(request.GET)
    args = form.search_args()
    page = selectors.directory_page(request.user, **args)
    partial = _wants_partial(request)
    context = {
        "form": form,
        "page": page,
        "query": args["query"],
        "first_page": args["after"] is None,
        "invitations": [] if partial else selectors.my_invitations(request.user),
        "nav": "groups",
    }
    template = "groups/_directory_results.html" if partial else "groups/directory.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def create(request):
    if request.method == "POST":
        form = GroupForm(request.POST)
        if form.is_valid():
            try:
                group = actions.create_group(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_action_errors(error)
            except PermissionDenied as error:
                return _refused(request, error)
            else:
                messages.success(request, _("The group is created. You are its owner."))
                return redirect(_group_url(group))
        status = 400
    else:
        form = GroupForm(initial={"kind": Group.Kind.PUBLIC})
        status = 200
    return render(request, "groups/create.html", {"form": form, "nav": "groups"}, status=status)


# --- a group's page --------------------------------------------------------------------


@login_required
def detail(request, slug: str):
    group = access.get_group_or_404(request.user, slug=slug)
    actor = request.user
    membership = access.membership_of(actor, group)
    can_read = access.can_read_group_content(actor, group)
    after = request.GET.get("after") or None
    try:
        page = selectors.group_feed(actor, group, after) if can_read else None
    except ValidationError as error:
        return _refused(request, error, group)
    context = {
        "group": group,
        "membership": membership,
        "can_read": can_read,
        "can_manage": access.can_manage_group(actor, group),
        "page": page,
        "nav": "groups",
    }
    if after and _wants_partial(request):
        response = render(request, "groups/_feed_items.html", context)
        patch_vary_headers(response, ["HX-Request"])
        return response
    context.update(
        can_post=access.can_post_in_group(actor, group),
        can_join=access.can_join_group(actor, group),
        can_request=access.can_request_to_join(actor, group),
        pending_request=None if membership else selectors.pending_request_of(actor, group),
        invitation=None if membership else selectors.invitation_for(actor, group),
        member_count=selectors.member_count(actor, group),
        pinned=_pinned(actor, group, page) if can_read and not after else None,
    )
    response = render(request, "groups/detail.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _pinned(actor, group: Group, page):
    """The pinned post as a feed item: from the feed page when it is there (no queries)."""
    for item in page.items:
        if item.post.pk == group.pinned_post_id:
            return item
    return selectors.pinned_item(actor, group)


@login_required
@require_POST
def join(request, slug: str):
    group = access.get_group_or_404(request.user, slug=slug)
    try:
        actions.join_group(actor=request.user, group=group)
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, error, group)
    messages.success(request, _("You joined %(name)s.") % {"name": group.name})
    return redirect(_group_url(group))


@login_required
@require_POST
def request_to_join(request, slug: str):
    group = access.get_group_or_404(request.user, slug=slug)
    try:
        actions.request_to_join(
            actor=request.user, group=group, message=request.POST.get("message", "")
        )
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, error, group)
    messages.success(request, _("Your request is sent. A group admin will decide on it."))
    return redirect(_group_url(group))


@login_required
@require_POST
def leave(request, slug: str):
    group = access.get_group_or_404(request.user, slug=slug)
    try:
        actions.leave_group(actor=request.user, group=group)
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, error, group)
    messages.success(request, _("You left %(name)s.") % {"name": group.name})
    if access.can_view_group(request.user, group):
        return redirect(_group_url(group))
    return redirect("groups:directory")


@login_required
@require_POST
def answer_invitation(request, slug: str):
    """The invitee accepts or declines their pending invitation to this group."""
    group = access.get_group_or_404(request.user, slug=slug)
    invitation = selectors.invitation_for(request.user, group)
    form = InvitationAnswerForm(request.POST)
    if invitation is None or not form.is_valid():
        raise Http404
    try:
        if form.cleaned_data["answer"] == "accept":
            actions.accept_invitation(actor=request.user, invitation=invitation)
        else:
            actions.decline_invitation(actor=request.user, invitation=invitation)
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, error, group)
    if form.cleaned_data["answer"] == "accept":
        messages.success(request, _("Welcome to %(name)s.") % {"name": group.name})
        return redirect(_group_url(group))
    messages.success(request, _("You declined the invitation."))
    return redirect("groups:directory")


@login_required
@require_POST
def pin(request, slug: str):
    group = _managed_group_or_404(request, slug)
    form = PinForm(request.POST)
    if not form.is_valid():
        return _refused(request, ValidationError(_("Choose a post to pin.")), group)
    post_id = form.cleaned_data["post"]
    post = get_post_or_404(request.user, pk=post_id) if post_id else None
    try:
        actions.pin_post(actor=request.user, group=group, post=post)
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, error, group)
    messages.success(request, _("The post is pinned.") if post else _("The post is unpinned."))
    return redirect(
        _group_url(group, "settings" if request.POST.get("next") == "settings" else "detail")
    )


# --- members ---------------------------------------------------------------------------


@login_required
def members(request, slug: str):
    group = _member_list_group_or_404(request, slug)
    actor = request.user
    after = request.GET.get("after") or None
    membership = access.membership_of(actor, group)
    context = {
        "group": group,
        "membership": membership,
        "page": selectors.members_page(actor, group, after),
        "first_page": after is None,
        "nav": "groups",
    }
    if after and _wants_partial(request):
        return render(request, "groups/_member_rows.html", context)
    can_manage = access.can_manage_group(actor, group)
    context.update(
        can_manage=can_manage,
        is_owner=access.is_group_owner(actor, group),
        can_invite=access.can_invite_to_group(actor, group),
        invite_form=InviteForm(),
        role_choices=RoleForm.base_fields["role"].choices,
        join_requests=selectors.pending_join_requests(actor, group) if can_manage else [],
        invitations=selectors.pending_invitations(actor, group) if can_manage else [],
    )
    response = render(request, "groups/members.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def invite_candidates(request, slug: str):
    """htmx: <option>s of colleagues (not yet members) matching what was typed."""
    group = _managed_group_or_404(request, slug)
    query = (request.GET.get("username") or request.GET.get("q") or "")[:100]
    people = selectors.invite_candidates(request.user, group, query)
    return render(request, "groups/_invite_options.html", {"people": people})


@login_required
@require_POST
def invite(request, slug: str):
    group = _managed_group_or_404(request, slug)
    form = InviteForm(request.POST)
    username = form.data.get("username", "").strip().lstrip("@")[:150]
    invitee = selectors.find_colleague(request.user, username) if username else None
    if invitee is None:
        message = _("No active colleague has the username “%(name)s”.") % {"name": username}
        return _refused(request, ValidationError(message), group)
    try:
        actions.invite_to_group(actor=request.user, group=group, invitee=invitee)
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, error, group)
    messages.success(request, _("%(name)s is invited.") % {"name": invitee.display_name})
    return redirect(_group_url(group, "members"))


@login_required
@require_POST
def decide_request(request, slug: str, pk: int):
    group = _managed_group_or_404(request, slug)
    join_request = access.get_join_request_or_404(request.user, pk=pk, group=group)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _refused(request, ValidationError(_("Choose approve or decline.")), group)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        actions.decide_join_request(actor=request.user, join_request=join_request, approve=approve)
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, error, group)
    name = join_request.user.display_name
    if approve:
        messages.success(request, _("%(name)s is now a member.") % {"name": name})
    else:
        messages.success(request, _("You declined %(name)s's request.") % {"name": name})
    return redirect(_group_url(group, "members"))


def _member_or_404(request, group: Group, username: str):
    membership = selectors.find_member(request.user, group, username)
    if membership is None:
        raise Http404
    return membership


@login_required
@require_POST
def change_role(request, slug: str, username: str):
    group = _managed_group_or_404(request, slug)
    membership = _member_or_404(request, group, username)
    form = RoleForm(request.POST)
    if not form.is_valid():
        return _refused(request, ValidationError(_("Choose owner, admin or member.")), group)
    try:
        actions.set_member_role(
            actor=request.user, membership=membership, role=form.cleaned_data["role"]
        )
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, error, group)
    messages.success(
        request, _("%(name)s's role is changed.") % {"name": membership.user.display_name}
    )
    return redirect(_group_url(group, "members"))


@login_required
@require_POST
def remove_member(request, slug: str, username: str):
    group = _managed_group_or_404(request, slug)
    membership = _member_or_404(request, group, username)
    try:
        actions.remove_member(actor=request.user, membership=membership)
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, error, group)
    messages.success(
        request, _("%(name)s is no longer a member.") % {"name": membership.user.display_name}
    )
    return redirect(_group_url(group, "members"))


@login_required
@require_POST
def transfer_ownership(request, slug: str, username: str):
    group = _managed_group_or_404(request, slug)
    membership = _member_or_404(request, group, username)
    try:
        actions.transfer_ownership(actor=request.user, group=group, new_owner=membership.user)
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, error, group)
    messages.success(
        request, _("%(name)s now owns the group.") % {"name": membership.user.display_name}
    )
    return redirect(_group_url(group, "members"))


# --- settings --------------------------------------------------------------------------


def _settings_initial(group: Group) -> dict:
    return {"name": group.name, "description": group.description, "kind": group.kind}


@login_required
def settings(request, slug: str):
    group = _managed_group_or_404(request, slug)
    status = 200
    if request.method == "POST":
        form = GroupForm(request.POST, initial=_settings_initial(group))
        if form.is_valid():
            try:
                group = actions.update_group(actor=request.user, group=group, **form.cleaned_data)
            except ValidationError as error:
                form.add_action_errors(error)
            except PermissionDenied as error:
                return _refused(request, error, group)
            else:
                messages.success(request, _("The group's settings are saved."))
                return redirect(_group_url(group, "settings"))
        status = 400
        group.refresh_from_db()
    else:
        form = GroupForm(initial=_settings_initial(group))
    context = {
        "group": group,
        "form": form,
        "pinned": selectors.pinned_item(request.user, group),
        "recent_posts": selectors.admin_post_choices(request.user, group),
        "nav": "groups",
    }
    return render(request, "groups/settings.html", context, status=status)


@login_required
@require_POST
def archive(request, slug: str):
    group = _managed_group_or_404(request, slug)
    archived = request.POST.get("archived") != "0"
    try:
        actions.archive_group(actor=request.user, group=group, archived=archived)
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, error, group)
    if archived:
        messages.success(request, _("The group is archived: it stays readable, nobody posts."))
    else:
        messages.success(request, _("The group is open again."))
    return redirect(_group_url(group, "settings"))

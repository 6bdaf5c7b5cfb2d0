"""Account pages of our own: invitation links, the security settings page, API tokens.

allauth serves sign-up, sign-in, email, password and two-factor pages; their templates are
overridden in townhall/accounts/templates so they share our layout.
"""

from urllib.parse import urlencode

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from townhall.access.roles import is_admin
from townhall.access.tokens import get_token_or_404, visible_tokens
from townhall.accounts.adapter import remember_invitation
from townhall.accounts.forms import ApiTokenForm
from townhall.accounts.invitations import InvitationState, invitation_state
from townhall.accounts.tokens import (
    create_token,
    revoke_token,
)

INVITATION_PAGE_STATUS = {
    InvitationState.UNKNOWN: 404,
    InvitationState.EXPIRED: 410,
    InvitationState.ACCEPTED: 410,
}


@require_GET
@never_cache
def accept_invitation(request, key: str):
    """An invitation link: remember the invitation, then sign up with the invited address."""
    invitation, state = invitation_state(key)
    if request.user.is_authenticated:
        return render(request, "accounts/invitation_signed_in.html", status=409)
    if state != InvitationState.OPEN:
        return render(
            request,
            "accounts/invitation_unusable.html",
            {"state": state, "invitation": invitation},
            status=INVITATION_PAGE_STATUS[state],
        )
    remember_invitation(request, invitation)
    return redirect(reverse("account_signup") + "?" + urlencode({"email": invitation.email}))


@login_required
def security(request):
    context = {
        "mfa_enabled": is_mfa_enabled(request.user),
        "token_count": visible_tokens(request.user).count(),
    }
    return render(request, "accounts/security.html", context)


@login_required
@never_cache
def tokens(request):
    """List the person's API tokens; a POST creates one and shows its secret this once."""
    form = ApiTokenForm(request.POST or None, allow_admin_scope=is_admin(request.user))
    if request.method == "POST" and form.is_valid():
        token, secret = create_token(
            user=request.user, name=form.cleaned_data["name"], scope=form.cleaned_data["scope"]
        )
        # never_cache marks this page no-store: the secret must not linger in any cache.
        return render(request, "accounts/token_created.html", {"token": token, "secret": secret})
    context = {"form": form, "tokens": visible_tokens(request.user)}
    return render(request, "accounts/tokens.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def revoke(request, token_id: int):
    token = get_token_or_404(request.user, token_id)
    revoke_token(token=token, actor=request.user)
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("accounts:tokens")

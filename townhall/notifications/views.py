"""Notifications in the browser: the list, opening one, marking read, preferences and
muting a thread. Thin: reads through selectors (filtered by townhall.access), writes
through townhall.notifications.actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from townhall.access.notifications import get_notification_or_404
from townhall.access.posts import get_post_or_404
from townhall.access.roles import is_active_member
from townhall.notifications import actions, emails, selectors
from townhall.notifications.forms import PreferencesForm


def _member_or_404(request):
    if not is_active_member(request.user):
        raise Http404


def _next(request, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
@require_GET
def index(request):
    _member_or_404(request)
    unread_only = request.GET.get("show") == "unread"
    page = selectors.notification_page(
        request.user, cursor=request.GET.get("after"), unread_only=unread_only
    )
    context = {"page": page, "unread_only": unread_only, "nav": "notifications"}
    return render(request, "notifications/index.html", context)


@login_required
@require_GET
def open_notification(request, notification_id: int):
    """Mark it read and go to what it is about."""
    notification = get_notification_or_404(request.user, pk=notification_id)
    actions.mark_read(actor=request.user, notification=notification)
    items = selectors.present([notification])
    url = items[0].url if items and items[0].url else reverse("notifications:index")
    return redirect(url)


@login_required
@require_POST
def mark_read(request, notification_id: int):
    notification = get_notification_or_404(request.user, pk=notification_id)
    actions.mark_read(actor=request.user, notification=notification)
    return redirect(_next(request, reverse("notifications:index")))


@login_required
@require_POST
def mark_all_read(request):
    _member_or_404(request)
    actions.mark_all_read(actor=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect(_next(request, reverse("notifications:index")))


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    _member_or_404(request)
    user = request.user
    form = PreferencesForm(
        request.POST or None,
        channels=selectors.channels_of(user),
        pushed=selectors.push_kinds_of(user),
        mail=selectors.mail_settings_of(user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_settings(
                actor=user,
                channels=form.channels(),
                push_kinds=form.pushed(),
                instant=form.cleaned_data["instant"],
                digest=form.cleaned_data["digest"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:preferences")
    context = {
        "form": form,
        "muted_threads": selectors.muted_threads(user),
        "muted_groups": selectors.muted_groups(user),
    }
    status = 400 if form.errors else 200
    return render(request, "notifications/preferences.html", context, status=status)


@login_required
@require_POST
def mute_thread(request, post_id: int):
    post = get_post_or_404(request.user, pk=post_id)
    if request.POST.get("do") == "unmute":
        actions.unmute_thread(actor=request.user, post=post)
        messages.success(request, _("You will be notified about this post again."))
    else:
        actions.mute_thread(actor=request.user, post=post)
        messages.success(request, _("You will not be notified about this post any more."))
    return redirect(_next(request, reverse("posts:detail", args=[post.pk])))


UNSUBSCRIBE_TOPICS = {
    emails.INSTANT: gettext_lazy(
        "Emails about mentions, replies, invitations and other notifications"
    ),
    emails.DIGEST: gettext_lazy("The digest of what you missed"),
}


@csrf_exempt  # the signed token is the permission; mail programs POST here (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET asks for one click (mail scanners follow links); POST (that click, or the mail
    program's one-click request) unsubscribes. No sign-in needed."""
    found = emails.read_unsubscribe_token(token)
    done = False
    if found is not None and request.method == "POST":
        done = actions.unsubscribe(person_id=found[0], what=found[1])
        found = found if done else None
    context = {
        "valid": found is not None,
        "done": done,
        "topic": UNSUBSCRIBE_TOPICS[found[1]] if found else "",
    }
    status = 200 if found is not None else 404
    return render(request, "notifications/unsubscribe.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def private_feeds(request):
    """The person's private Atom feed URLs: shown once when made; a new one revokes the old."""
    _member_or_404(request)
    token = None
    if request.method == "POST":
        if request.POST.get("do") == "revoke":
            actions.revoke_feed_token(actor=request.user)
            messages.success(request, _("Your private feed URLs no longer work."))
            return redirect("notifications:private_feeds")
        token = actions.new_feed_token(actor=request.user)
    urls = None
    if token:
        urls = {
            "home": request.build_absolute_uri(reverse("notifications:home_atom", args=[token])),
            "notifications": request.build_absolute_uri(
                reverse("notifications:atom", args=[token])
            ),
        }
    context = {"existing": selectors.feed_token_of(request.user), "urls": urls}
    response = render(request, "notifications/private_feeds.html", context)
    response["Cache-Control"] = "private, no-store"
    return response

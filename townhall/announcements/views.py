"""Announcements in the browser: the list, writing one, its page with read stats,
"Got it" and "Remind". Thin: townhall.access for reads, townhall.announcements.actions for
writes. Everything works as plain forms; under htmx "Got it" answers with nothing, so the
pinned card it was pressed on disappears.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from townhall.access import announcements as access
from townhall.announcements import actions, selectors
from townhall.announcements.forms import AnnouncementForm
from townhall.posts.models import Post
from townhall.posts.selectors import feed_page


def _is_htmx(request) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def _refuse(request, message: str, status: int = 400):
    return render(request, "announcements/bad_request.html", {"message": message}, status=status)


def _back(request, fallback: str):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


@login_required
@require_GET
def index(request):
    unread_only = request.GET.get("show") == "unread"
    try:
        page = selectors.announcement_page(
            request.user, request.GET.get("after") or None, unread_only=unread_only
        )
    except ValidationError as error:
        return render(
            request, "announcements/bad_request.html", {"message": error.messages[0]}, status=400
        )
    targets = selectors.announce_targets(request.user)
    context = {
        "page": page,
        "unread_only": unread_only,
        "can_announce": targets.any,
        "nav": "announcements",
    }
    return render(request, "announcements/index.html", context)


@login_required
def new(request):
    targets = selectors.announce_targets(request.user)
    if not targets.any:
        raise Http404
    form = AnnouncementForm(
        request.POST or None, groups=targets.groups, org_allowed=targets.organisation
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                announcement = actions.publish_announcement(
                    actor=request.user, body=form.cleaned_data["body"], group=form.target()
                )
            except ValidationError as error:
                form.add_error("body", error.messages)
            except PermissionDenied as error:
                form.add_error("group", str(error))
            else:
                messages.success(
                    request, _("Your announcement is published and pinned for its readers.")
                )
                return redirect("announcements:detail", announcement_id=announcement.pk)
        status = 400
    return render(
        request, "announcements/new.html", {"form": form, "nav": "announcements"}, status=status
    )


@login_required
@require_GET
def detail(request, announcement_id: int):
    user = request.user
    announcement = access.get_announcement_or_404(user, pk=announcement_id)
    item = feed_page(user, Post.objects.filter(pk=announcement.post_id), limit=1).items[0]
    show_stats = access.can_view_announcement_stats(user, announcement)
    context = {
        "announcement": announcement,
        "item": item,
        "acknowledged": selectors.has_acknowledged(user, announcement),
        "can_acknowledge": access.can_acknowledge(user, announcement),
        "stats": selectors.read_stats(announcement) if show_stats else None,
        "can_remind": access.can_remind(user, announcement),
        "last_reminder": selectors.last_reminder(announcement) if show_stats else None,
        "nav": "announcements",
    }
    return render(request, "announcements/detail.html", context)


@login_required
@require_POST
def acknowledge(request, announcement_id: int):
    announcement = access.get_announcement_or_404(request.user, pk=announcement_id)
    try:
        actions.acknowledge(actor=request.user, announcement=announcement)
    except PermissionDenied as error:
        return render(
            request, "announcements/bad_request.html", {"message": str(error)}, status=403
        )
    if _is_htmx(request):
        return HttpResponse("")
    messages.success(request, _("Got it: the announcement is no longer pinned."))
    return _back(request, reverse("home"))


@login_required
@require_POST
def remind(request, announcement_id: int):
    announcement = access.get_announcement_or_404(request.user, pk=announcement_id)
    try:
        actions.remind(actor=request.user, announcement=announcement)
    except PermissionDenied as error:
        return render(
            request, "announcements/bad_request.html", {"message": str(error)}, status=403
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("A reminder is on its way to everyone who has not read it."))
    return redirect("announcements:detail", announcement_id=announcement.pk)

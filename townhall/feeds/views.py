"""Feed pages (home, all company, topic), the "Following" page, the "N new posts" prompt,
and the follow and mute buttons. Thin: access.get_*_or_404, an action or a selector,
render."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from townhall.access.feeds import can_view_company_feed
from townhall.access.groups import get_group_or_404
from townhall.access.people import get_person_or_404
from townhall.access.posts import get_topic_or_404
from townhall.announcements.selectors import pinned_for
from townhall.core.markdown import topic_key
from townhall.feeds import selectors
from townhall.feeds.pages import bad_request, render_feed
from townhall.people import follows
from townhall.posts.templatetags.posts import group_url


def _topic_or_404(request, key: str):
    return get_topic_or_404(request.user, key=topic_key(key))


@login_required
@require_GET
def home(request):
    user = request.user
    context = {
        "nav": "feed",
        "groups": selectors.composer_groups(user),
        # Pinned above the feed until acknowledged; a callable, so asked only when shown.
        "pinned_announcements": partial(pinned_for, user),
    }
    return render_feed(
        request,
        "feeds/home.html",
        context,
        feed="home",
        feed_url=reverse("home"),
        load=lambda after: selectors.home_feed(user, cursor=after),
    )


@login_required
@require_GET
def company(request):
    user = request.user
    if not can_view_company_feed(user):  # an external guest
        raise Http404
    return render_feed(
        request,
        "feeds/company.html",
        {"nav": "company"},
        feed="company",
        feed_url=reverse("feeds:company"),
        load=lambda after: selectors.company_feed(user, cursor=after),
    )


@login_required
@require_GET
def topic(request, key: str):
    user = request.user
    found = _topic_or_404(request, key)
    context = {"topic": found, "relationship": selectors.relationship(user, topic=found)}
    return render_feed(
        request,
        "feeds/topic.html",
        context,
        feed="topic",
        subject_key=found.key,
        feed_url=reverse("feeds:topic", args=[found.key]),
        load=lambda after: selectors.topic_feed(user, found, cursor=after),
    )


@login_required
@require_GET
def following(request):
    overview = selectors.following_overview(request.user)
    return render(request, "feeds/following.html", {"overview": overview, "nav": "feed"})


def _subject(request, feed: str, key: str):
    if feed == "topic":
        return _topic_or_404(request, key)
    if feed == "profile":
        return get_person_or_404(request.user, username=key)
    if feed == "group":
        return get_group_or_404(request.user, slug=key)
    return None


FEED_URLS = {
    "home": lambda subject: reverse("home"),
    "company": lambda subject: reverse("feeds:company"),
    "topic": lambda subject: reverse("feeds:topic", args=[subject.key]),
    "profile": lambda subject: reverse("people:profile", args=[subject.username]),
    "group": group_url,
}


@login_required
@require_GET
def new_posts(request):
    """htmx, every 30 s: "N new posts" since the newest post the page showed."""
    feed = request.GET.get("feed", "")
    if feed not in selectors.FEEDS:
        return bad_request(request, _("There is no such feed."))
    subject = _subject(request, feed, request.GET.get("subject", ""))
    try:
        count = selectors.new_posts_count(
            request.user, feed, request.GET.get("since") or None, subject=subject
        )
    except ValidationError as error:
        return bad_request(request, error.messages[0])
    context = {"count": count, "cap": selectors.NEW_POSTS_CAP, "url": FEED_URLS[feed](subject)}
    return render(request, "feeds/_new_posts.html", context)


# --- follow and mute buttons (plain forms; each answers with a redirect back) ----------


def _back(request, fallback: str):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(fallback)


def _toggle(request, *, on, off, words: tuple[str, str], done: dict, fallback: str):
    """Run `on` or `off` as the form's `do` field asks, then go back with a message."""
    choice = request.POST.get("do", "")
    if choice not in words:
        return bad_request(request, _("Choose what to do."))
    try:
        (on if choice == words[0] else off)()
    except ValidationError as error:
        return bad_request(request, error.messages[0])
    messages.success(request, done[choice])
    return _back(request, fallback)


@login_required
@require_POST
def follow_person(request, username: str):
    person = get_person_or_404(request.user, username=username)
    actor, name = request.user, person.display_name
    return _toggle(
        request,
        on=lambda: follows.follow_person(actor=actor, person=person),
        off=lambda: follows.unfollow_person(actor=actor, person=person),
        words=("follow", "unfollow"),
        done={
            "follow": _("You follow %(name)s.") % {"name": name},
            "unfollow": _("You no longer follow %(name)s.") % {"name": name},
        },
        fallback=reverse("people:profile", args=[person.username]),
    )


@login_required
@require_POST
def follow_topic(request, key: str):
    found, actor = _topic_or_404(request, key), request.user
    name = f"#{found.name}"
    return _toggle(
        request,
        on=lambda: follows.follow_topic(actor=actor, topic=found),
        off=lambda: follows.unfollow_topic(actor=actor, topic=found),
        words=("follow", "unfollow"),
        done={
            "follow": _("You follow %(name)s.") % {"name": name},
            "unfollow": _("You no longer follow %(name)s.") % {"name": name},
        },
        fallback=reverse("feeds:topic", args=[found.key]),
    )


def _mute_toggle(request, target: dict, name: str, fallback: str):
    actor = request.user
    return _toggle(
        request,
        on=lambda: follows.mute(actor=actor, **target),
        off=lambda: follows.unmute(actor=actor, **target),
        words=("mute", "unmute"),
        done={
            "mute": _("%(name)s is muted: it no longer appears in your home feed.")
            % {"name": name},
            "unmute": _("%(name)s is no longer muted.") % {"name": name},
        },
        fallback=fallback,
    )


@login_required
@require_POST
def mute_person(request, username: str):
    person = get_person_or_404(request.user, username=username)
    fallback = reverse("people:profile", args=[person.username])
    return _mute_toggle(request, {"person": person}, person.display_name, fallback)


@login_required
@require_POST
def mute_group(request, group_id: int):
    group = get_group_or_404(request.user, pk=group_id)
    return _mute_toggle(request, {"group": group}, group.name, FEED_URLS["group"](group))


@login_required
@require_POST
def mute_topic(request, key: str):
    found = _topic_or_404(request, key)
    fallback = reverse("feeds:topic", args=[found.key])
    return _mute_toggle(request, {"topic": found}, f"#{found.name}", fallback)

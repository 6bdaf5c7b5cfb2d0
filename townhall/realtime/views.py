"""Fragments the page fetches when its socket says something changed.

The socket only says "post 123 is new", "comment 9 on this post", "reactions changed";
the page then asks here, and the fragment is rendered and permission-checked on the
ordinary path (townhall.access, the posts templates). Each answers 204 when there is
nothing to show this reader (not in this feed, not visible), so a page never learns more
than it could by reloading.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from townhall.access.groups import get_group_or_404
from townhall.access.people import get_person_or_404
from townhall.access.posts import get_comment_or_404, get_post_or_404, get_topic_or_404
from townhall.core.markdown import topic_key
from townhall.feeds.selectors import FEEDS, feed_posts
from townhall.notifications.selectors import unread_count
from townhall.posts import selectors as posts
from townhall.posts.selectors import decode_cursor, encode_cursor


def _bad_request(message: str) -> HttpResponse:
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


def _subject(actor, feed: str, key: str):
    if feed == "topic":
        return get_topic_or_404(actor, key=topic_key(key))
    if feed == "profile":
        return get_person_or_404(actor, username=key)
    if feed == "group":
        return get_group_or_404(actor, slug=key)
    return None


def _newer(cursor: str, than: str) -> bool:
    if not than:
        return True
    try:
        return decode_cursor(cursor) > decode_cursor(than)
    except ValidationError:
        return True


@never_cache
@login_required
@require_GET
def feed_item(request):
    """?feed=home&subject=&post=123&since=<cursor>: the post's card when it belongs to this
    feed for this reader; the header X-Feed-Since is the newest post the feed now shows."""
    feed, post_id = request.GET.get("feed", ""), request.GET.get("post", "")
    if feed not in FEEDS:
        return _bad_request(_("There is no such feed."))
    if not post_id.isdigit() or len(post_id) > 18:
        return _bad_request(_("Give the number of a post."))
    subject = _subject(request.user, feed, request.GET.get("subject", ""))
    queryset = feed_posts(request.user, feed, subject).filter(pk=int(post_id))
    page = posts.feed_page(request.user, queryset, limit=1)
    if not page.items:
        return HttpResponse(status=204)
    item = page.items[0]
    since = request.GET.get("since", "")
    cursor = encode_cursor(item.post)
    response = render(request, "posts/_post.html", {"item": item})
    response["X-Feed-Since"] = cursor if _newer(cursor, since) else since
    return response


@never_cache
@login_required
@require_GET
def comment(request, comment_id: int):
    """One comment or reply as the post page lists it (posts/_new_comment.html)."""
    try:
        found = get_comment_or_404(request.user, pk=comment_id)
    except Http404:
        return HttpResponse(status=204)
    counts, mine = posts.reaction_summary(request.user, found)
    context = {"comment": found, "counts": counts, "mine": mine}
    return render(request, "posts/_new_comment.html", context)


@never_cache
@login_required
@require_GET
def reactions(request, target: str, target_id: int):
    """The reaction bar of a post or comment, with its counts now."""
    try:
        if target == "comment":
            found = get_comment_or_404(request.user, pk=target_id)
        else:
            found = get_post_or_404(request.user, pk=target_id)
    except Http404:
        return HttpResponse(status=204)
    counts, mine = posts.reaction_summary(request.user, found)
    context = {"target": found, "target_type": target, "counts": counts, "mine": mine}
    return render(request, "posts/_reactions.html", context)


@never_cache
@login_required
@require_GET
def unread(request):
    """The unread badge of the Notifications link in the header (empty when none)."""
    context = {"unread": unread_count(request.user)}
    response = render(request, "realtime/_unread.html", context)
    response["X-Unread"] = str(context["unread"])
    return response

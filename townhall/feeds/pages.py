"""Rendering a feed inside any page: the first page, "Load more" (htmx or a plain link)
and the "N new posts" prompt. Used by the feed views here and by the profile page
(townhall.people.views), so every feed behaves the same.

    return render_feed(request, "feeds/topic.html", context, feed="topic",
                       subject_key=topic.key, feed_url=..., load=lambda after: topic_feed(...))
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from townhall.feeds.selectors import top_cursor
from townhall.posts.rendering import render_items
from townhall.posts.selectors import FeedPage


def bad_request(request, message: str):
    return render(request, "feeds/bad_request.html", {"message": message}, status=400)


def poll_url(feed: str, since: str | None, subject_key: str = "") -> str:
    query = {"feed": feed, "since": since or ""}
    if subject_key:
        query["subject"] = subject_key
    return f"{reverse('feeds:new_posts')}?{urlencode(query)}"


def render_feed(
    request,
    template: str,
    context: dict,
    *,
    feed: str,
    feed_url: str,
    load: Callable[[str | None], FeedPage],
    subject_key: str = "",
):
    """The page with its feed; only the next posts for an htmx "Load more"; 400 for a
    page link that is not ours."""
    after = request.GET.get("after") or None
    try:
        page = load(after)
    except ValidationError as error:
        return bad_request(request, error.messages[0])
    render_items(request, page.items)  # cards from the card cache, finished for this reader
    feed_context = {
        "page": page,
        "after": after,
        "feed_url": feed_url,
        "poll_url": None if after else poll_url(feed, top_cursor(page), subject_key),
    }
    htmx = getattr(request, "htmx", None)
    if htmx and after and not htmx.history_restore_request:
        response = render(request, "feeds/_items.html", feed_context)
    else:
        response = render(request, template, {**context, **feed_context})
    patch_vary_headers(response, ["HX-Request"])
    return response

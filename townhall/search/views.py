"""/search/ (results with tabs) and /search/suggest/ (as-you-type, for htmx)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from townhall.search import selectors
from townhall.search.query import parse

TYPES = ("posts", "people", "groups", "topics")


@login_required
@require_GET
def search(request):
    raw = request.GET.get("q", "")[:1000]
    kind = request.GET.get("type", "posts")
    kind = kind if kind in TYPES else "posts"
    context = {"q": raw, "type": kind, "types": TYPES, "nav": "search"}
    status = 200
    if kind == "posts":
        try:
            page = selectors.search_posts(
                request.user, parse(raw), cursor=request.GET.get("cursor") or None
            )
        except selectors.BadCursor:
            page, status = selectors.ResultPage([], None), 400
            context["bad_cursor"] = True
        context["page"] = page
    else:
        search = getattr(selectors, f"search_{kind}")
        context["items"] = search(request.user, raw)
    return render(request, "search/search.html", context, status=status)


@login_required
@require_GET
def suggest(request):
    raw = request.GET.get("q", "")[:200]
    context = {
        "q": raw,
        "people": selectors.search_people(request.user, raw, limit=selectors.SUGGESTIONS),
        "groups": selectors.search_groups(request.user, raw, limit=selectors.SUGGESTIONS),
        "topics": selectors.search_topics(request.user, raw, limit=selectors.SUGGESTIONS),
    }
    return render(request, "search/_suggestions.html", context)

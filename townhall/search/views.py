"""/search/ (results with tabs and a sort toggle), /search/suggest/ (as-you-type, for htmx)
and /search/discover/ (trending topics, who knows about a subject, suggestions for me)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from townhall.search import discovery, selectors
from townhall.search.query import parse

TEXT_TYPES = ("posts", "articles", "questions")
TYPES = (*TEXT_TYPES, "people", "groups", "topics", "files")


def _choice(value: str | None, choices: tuple[str, ...]) -> str:
    return value if value in choices else choices[0]


@login_required
@require_GET
def search(request):
    raw = request.GET.get("q", "")[:1000]
    kind = _choice(request.GET.get("type"), TYPES)
    sort = _choice(request.GET.get("sort"), selectors.SORTS)
    context = {"q": raw, "type": kind, "types": TYPES, "sort": sort, "nav": "search"}
    status = 200
    if kind in TEXT_TYPES:
        query = parse(raw)
        context["problems"] = query.problems
        page = selectors.ResultPage([], None)
        if query.problems:
            status = 400
        else:
            try:
                page = selectors.search(
                    request.user,
                    query,
                    scope=kind,
                    sort=sort,
                    cursor=request.GET.get("cursor") or None,
                )
            except selectors.BadCursor:
                status = 400
                context["bad_cursor"] = True
        context["page"] = page
        if kind == "posts" and raw.strip() and not query.problems:
            context["experts"] = discovery.who_knows(request.user, raw, limit=3)
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


@login_required
@require_GET
def discover(request):
    subject = request.GET.get("about", "")[:200]
    context = {
        "nav": "search",
        "about": subject,
        "trending": discovery.trending_topics(request.user),
        "experts": discovery.who_knows(request.user, subject) if subject.strip() else [],
        "people": discovery.people_to_follow(request.user),
        "groups": discovery.groups_to_join(request.user),
    }
    return render(request, "search/discover.html", context)

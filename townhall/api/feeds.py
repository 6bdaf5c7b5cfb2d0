"""/api/v1 feeds: home, all company, a group's, a topic's and a person's posts.

Each answers a cursor page of hydrated posts (author, group, topics, reaction counts, your
own reactions, comment count and first comments), newest first: `?cursor=` takes the
previous page's `next_cursor`. The posts come from townhall.feeds.selectors and are
hydrated by townhall.posts.selectors.feed_page, which applies the permission layer and
costs the same number of queries for 1 post as for 20 (pinned in the tests).
"""

from django.http import Http404
from ninja import Query, Router

from townhall.access.feeds import can_view_company_feed
from townhall.access.groups import can_read_group_content, get_group_or_404
from townhall.access.people import get_person_or_404
from townhall.api import present
from townhall.api.follows import topic_or_404
from townhall.api.pagination import PageParams
from townhall.api.post_schemas import PostPage
from townhall.api.schemas import Error, ValidationErrorOut
from townhall.feeds import selectors

router = Router(tags=["feeds"])

RESPONSES = {200: PostPage, 400: Error, 401: Error, 403: Error, 404: Error, 422: ValidationErrorOut}


@router.get("/feeds/home", response=RESPONSES, summary="Your home feed")
def home_feed(request, page: Query[PageParams]):
    """Posts by people you follow, in your groups and on topics you follow, and your own,
    minus what you muted. Read from your precomputed home list once it is built, like the
    home page (townhall.feeds.selectors.home_feed)."""
    return _page(request, page, selectors.home_feed)


@router.get("/feeds/company", response=RESPONSES, summary="The all-company feed")
def company_feed(request, page: Query[PageParams]):
    """Organisation-wide posts and posts in public groups (404 for an external guest)."""
    if not can_view_company_feed(request.auth):
        raise Http404
    return _page(request, page, selectors.company_feed)


@router.get("/groups/{id:group_id}/feed", response=RESPONSES, summary="A group's posts")
def group_feed(request, group_id: int, page: Query[PageParams]):
    """404 unless you may read the group's posts (public groups, or yours)."""
    group = get_group_or_404(request.auth, pk=group_id)
    if not can_read_group_content(request.auth, group):
        raise Http404
    return _page(request, page, selectors.group_feed, group)


@router.get("/topics/{name}/feed", response=RESPONSES, summary="Posts on a topic")
def topic_feed(request, name: str, page: Query[PageParams]):
    """`name` in any letter case, with or without its #: #MØTE is #møte."""
    return _page(request, page, selectors.topic_feed, topic_or_404(request.auth, name))


@router.get("/people/{id:person_id}/feed", response=RESPONSES, summary="A colleague's posts")
def profile_feed(request, person_id: int, page: Query[PageParams]):
    """What they wrote that you may see."""
    person = get_person_or_404(request.auth, pk=person_id)
    return _page(request, page, selectors.profile_feed, person)


def _page(request, page: PageParams, feed, *subject):
    """A page of `feed` (townhall.feeds.selectors) as the API answers it (a PostPage): the
    posts without the HTML card's extras (files, polls, praise...), which PostOut does not
    carry."""
    if page.cursor is not None:
        present.check_feed_cursor(page.cursor)
    items = feed(request.auth, *subject, page.cursor, page.limit, extras=False)
    return present.page_response(request, items)

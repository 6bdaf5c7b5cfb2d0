"""The paths (columns) of the permission matrix: one function per column.

Each takes (world, actor, object name) and answers True (Y: reachable), False (N: not),
None (`.`: the path does not apply to this object) or "r" (sent to sign in). Every
function that can, also asserts that the object check and the queryset filter agree.
Pages and API answers are fetched once per persona and world state and cached on the
world (`_world_state` says what the scenarios change), so a column costs a request per
persona, not per cell.
"""

import contextlib

from django.http import Http404
from django.test import Client
from django.urls import reverse

from townhall.access import groups as access_groups
from townhall.access import people as access_people
from townhall.access import posts as access_posts
from townhall.access.tests.world import World
from townhall.feeds import selectors as feeds
from townhall.groups.models import Group, Membership
from townhall.people import follows
from townhall.posts.models import Post

MISSING_ID = 987654321


def _kind_and_thing(name: str) -> tuple[str, str]:
    kind, thing = name.split("_")
    return kind, thing


def resolve(world: World, name: str):
    kind, thing = _kind_and_thing(name)
    if thing == "post":
        return world.posts[kind]
    if thing == "comment":
        return world.comments[kind]
    return world.groups[kind]


def path_view(world: World, actor, name: str) -> bool:
    _kind, thing = _kind_and_thing(name)
    obj = resolve(world, name)
    obj.refresh_from_db()
    if thing == "post":
        check = access_posts.can_view_post(actor, obj)
        listed = access_posts.visible_posts(actor).filter(pk=obj.pk).exists()
    elif thing == "comment":
        check = access_posts.can_view_comment(actor, obj)
        listed = access_posts.visible_comments(actor).filter(pk=obj.pk).exists()
    elif thing == "group":
        check = access_groups.can_view_group(actor, obj)
        listed = access_groups.visible_groups(actor).filter(pk=obj.pk).exists()
    else:
        check = access_groups.can_view_group_members(actor, obj)
        members = Membership.objects.filter(group=obj)
        assert members.exists()
        listed = access_groups.visible_memberships(actor, members).count() == members.count()
        assert listed or not access_groups.visible_memberships(actor, members).exists()
    assert check == listed, f"object check says {check}, queryset filter says {listed}"
    return check


def path_get(world: World, actor, name: str) -> bool | None:
    _kind, thing = _kind_and_thing(name)
    getter = {
        "post": access_posts.get_post_or_404,
        "comment": access_posts.get_comment_or_404,
        "group": access_groups.get_group_or_404,
    }.get(thing)
    if getter is None:
        return None
    try:
        found = getter(actor, pk=resolve(world, name).pk)
    except Http404:
        return False
    assert found.pk == resolve(world, name).pk
    return True


def path_audience(world: World, actor, name: str) -> bool | None:
    _kind, thing = _kind_and_thing(name)
    if thing not in ("post", "comment"):
        return None
    obj = resolve(world, name)
    obj.refresh_from_db()
    post = obj if thing == "post" else obj.post
    post.refresh_from_db()
    audience = access_posts.audience_of_post(post)
    return actor.pk is not None and audience.filter(pk=actor.pk).exists()


def _group_page(actor, path: str) -> str | None:
    """GET `path` as the persona: the page, or None if it is unreachable -- which must look
    exactly like a missing group (signed in) or the sign-in redirect (anyone else)."""
    client = Client()
    if actor.is_authenticated:
        client.force_login(actor)
    response = client.get(path)
    if response.status_code == 302:
        assert not (actor.is_authenticated and actor.is_active), f"{path} redirected"
        assert response["Location"].startswith(reverse("account_login"))
        return None
    if response.status_code == 404:
        assert response.content == client.get("/groups/no-such-group/").content
        return None
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    return response.content.decode()


def _group_page_html(world: World, actor, group: Group) -> str | None:
    """The group's page as the persona, one request per persona and group until the
    scenario changes the world (as the feed columns do)."""
    path = reverse("groups:detail", kwargs={"slug": group.slug})
    cache = world.__dict__.setdefault("group_pages", {})
    key = (path, actor.pk, _world_state())
    if key not in cache:
        cache[key] = _group_page(actor, path)
    return cache[key]


def path_group_page(world: World, actor, name: str) -> bool | None:
    kind, thing = _kind_and_thing(name)
    if kind == "org" or thing == "members":
        return None
    group = world.groups[kind]
    group.refresh_from_db()
    html = _group_page_html(world, actor, group)
    if html is None:
        return False
    if thing == "group":
        return f"<h1>{group.name}</h1>" in html
    return f'id="{thing}-{resolve(world, name).pk}"' in html


def path_member_list(world: World, actor, name: str) -> bool | None:
    _kind, thing = _kind_and_thing(name)
    if thing != "members":
        return None
    group = resolve(world, name)
    group.refresh_from_db()
    html = _group_page(actor, reverse("groups:members", kwargs={"slug": group.slug}))
    return html is not None and "Olga Owner" in html


PATHS = {
    "view": path_view,
    "get": path_get,
    "aud": path_audience,
    "gpage": path_group_page,
    "gmem": path_member_list,
}


# --- API paths (townhall/api): what a signed-in session gets from /api/v1 ---------------


def _api_client(world: World, persona_actor):
    """A test client signed in as the persona (anonymous: none), one per persona and world."""
    clients = world.__dict__.setdefault("api_clients", {})
    key = getattr(persona_actor, "pk", None)
    if key not in clients:
        client = Client()
        if key is not None:
            client.force_login(persona_actor)
        clients[key] = client
    return clients[key]


def _api_found(response, *, listed_pk: int | None = None) -> bool:
    """200 (and, for a list, the object in it) -> True; 401/404 -> False; else a failure."""
    if response.status_code in (401, 404):
        return False
    assert response.status_code == 200, response.content
    if listed_pk is None:
        return True
    return listed_pk in [item["id"] for item in response.json()["items"]]


def path_api_detail(world: World, actor, name: str) -> bool | None:
    """GET /api/v1/posts/{id}, /api/v1/comments/{id}, /api/v1/groups/{id}."""
    _kind, thing = _kind_and_thing(name)
    if thing == "members":
        return None
    obj = resolve(world, name)
    plural = {"post": "posts", "comment": "comments", "group": "groups"}[thing]
    return _api_found(_api_client(world, actor).get(f"/api/v1/{plural}/{obj.pk}"))


def path_api_list(world: World, actor, name: str) -> bool:
    """The API list the object appears in: a post in its author's feed
    (/api/v1/people/{id}/feed), a comment in /api/v1/posts/{id}/comments, a group in
    /api/v1/groups, a member list as /api/v1/groups/{id}/members (non-empty)."""
    _kind, thing = _kind_and_thing(name)
    obj = resolve(world, name)
    obj.refresh_from_db()
    client = _api_client(world, actor)
    limit = {"limit": 100}
    if thing == "post":
        return _api_found(
            client.get(f"/api/v1/people/{obj.author_id}/feed", limit), listed_pk=obj.pk
        )
    if thing == "comment":
        response = client.get(f"/api/v1/posts/{obj.post_id}/comments", limit)
        return _api_found(response, listed_pk=obj.pk)
    if thing == "group":
        return _api_found(client.get("/api/v1/groups", limit), listed_pk=obj.pk)
    response = client.get(f"/api/v1/groups/{obj.pk}/members", limit)
    return _api_found(response) and bool(response.json()["items"])


PATHS.update({"apid": path_api_detail, "apil": path_api_list})


# --- feed columns (townhall.feeds.selectors, what the feed pages and API feeds read) -----
#   hf  in the persona's home feed once they follow the author (Aria): the post itself,
#       or the comment among its post's first comments
#   cf  in the "All company" feed
#   tf  in the #plans topic feed (every post of the world carries #plans), reached like
#       the topic page: access.get_topic_or_404 first
#   pf  in Aria's profile feed, reached like the profile page: get_person_or_404 first


def _in_feed(world: World, name: str, page) -> bool:
    _kind, thing = _kind_and_thing(name)
    obj = resolve(world, name)
    post_id = obj.pk if thing == "post" else obj.post_id
    for item in page.items:
        if item.post.pk == post_id:
            return thing == "post" or obj.pk in {c.comment.pk for c in item.first_comments}
    return False


def _world_state() -> tuple:
    """What the scenarios change (posts moved or deleted, group kinds, memberships): a
    feed read once per persona serves every cell until this changes."""
    return (
        tuple(Post.objects.order_by("pk").values_list("pk", "group_id", "deleted_at")),
        tuple(Group.objects.order_by("pk").values_list("pk", "kind")),
        tuple(Membership.objects.order_by("pk").values_list("pk", flat=True)),
    )


def _feed_column(read):
    def path(world: World, actor, name: str) -> bool | None:
        if _kind_and_thing(name)[1] not in ("post", "comment"):
            return None
        cache = world.__dict__.setdefault("feed_pages", {})
        key = (read, actor.pk, _world_state())
        if key not in cache:
            try:
                cache[key] = read(world, actor)
            except Http404:
                cache[key] = None
        page = cache[key]
        return page is not None and _in_feed(world, name, page)

    return path


def _home(world: World, actor):
    author = world.people["author"]
    if actor.pk is not None and actor.pk != author.pk:
        with contextlib.suppress(Http404):  # deactivated: sees nobody, follows nobody
            follows.follow_person(actor=actor, person=author)
    return feeds.home_feed(actor, limit=100)


def _topic(world: World, actor):
    return feeds.topic_feed(actor, access_posts.get_topic_or_404(actor, key="plans"), limit=100)


def _profile(world: World, actor):
    author = access_people.get_person_or_404(actor, pk=world.people["author"].pk)
    return feeds.profile_feed(actor, author, limit=100)


PATHS.update(
    {
        "hf": _feed_column(_home),
        "cf": _feed_column(lambda world, actor: feeds.company_feed(actor, limit=100)),
        "tf": _feed_column(_topic),
        "pf": _feed_column(_profile),
    }
)

"""Search in the permission matrix: for every persona and every object of the social
core's matrix (test_matrix.VISIBILITY) and of the article matrix (ARTICLES, COMMENTS), the
object is found -- in the selector's results (both orders), the /search/ page with its
snippets, /api/v1/search, and for groups the as-you-type suggestions -- exactly when the
hand-typed `view` cell says the persona may see it, with one rule stated here by hand:
search is for signed-in, active members, so the anonymous visitor and the deactivated
person find nothing (not even public articles), and visitors' comments are not indexed.
The external guest Gwen (invited into Board only) is one of the personas, with the guest
rows of those tables. Counts follow the same cells: the #plans topic's trending post count
and the number of posts "who knows about" credits Aria with are the number of posts the
persona may see.
Re-checked after a member leaves, a group turns private then secret, a post moves into a
secret group and a post is deleted (the index follows through the real tasks).
"""

import pytest
from django.test import Client

from townhall.access.tests import test_article_matrix as article_matrix
from townhall.access.tests import test_matrix as matrix
from townhall.access.tests.world import PERSONAS_WITH_GUEST as PERSONAS
from townhall.access.tests.world import World, build_world
from townhall.groups import actions as groups
from townhall.posts import actions as posts
from townhall.search import discovery
from townhall.search.query import parse
from townhall.search.selectors import search, search_groups

pytestmark = pytest.mark.django_db
NOT_SEARCHING = {"anonymous", "deactivated"}  # by hand: search is for active members
NOT_INDEXED = {"c_pending"}  # by hand: a visitor's comment is never indexed
GROUP_NAMES = {"public": "Commons", "private": "Board", "secret": "Skunkworks"}
# (scope, words) that find each kind of object of the worlds
FINDS = {
    "post": ("posts", "news"),
    "comment": ("posts", "agreed"),
    "article": ("articles", "body"),
    "article_comment": ("articles", "text"),
}


@pytest.fixture
def world(make_user, django_capture_on_commit_callbacks) -> World:
    with django_capture_on_commit_callbacks(execute=True):  # the index tasks run
        world = build_world(make_user, guest=True)
        world.articles, world.article_comments = article_matrix.build_articles(world)
    return world


def expected(table: dict, kinds: dict[str, str]) -> dict[tuple[str, str], bool]:
    """{(object, persona): found?} from the hand-typed view column, for the objects named
    in `kinds` (object -> kind)."""
    return {
        (obj, persona): values["view"] == "Y"
        and persona not in NOT_SEARCHING
        and obj not in NOT_INDEXED
        for (obj, persona), values in table.items()
        if obj in kinds
    }


def _client(world: World, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(world.people[persona])
    return client


def found_by_every_path(world: World, persona: str, kind: str) -> dict[str, set[int]]:
    """The ids of `kind` the persona finds, per path."""
    scope, words = FINDS[kind]
    actor = world.actor(persona)
    paths = {}
    for sort in ("relevance", "newest"):
        hits = search(actor, parse(words), scope=scope, sort=sort, limit=50).hits
        paths[f"selector {sort}"] = {h.thing.pk for h in hits if h.kind == kind}
    client = _client(world, persona)
    response = client.get("/api/v1/search", {"q": words, "type": scope, "limit": 50})
    assert response.status_code in (200, 401), response.content
    items = response.json()["items"] if response.status_code == 200 else []
    paths["api"] = {item["id"] for item in items if item["type"] == kind}
    response = client.get("/search/", {"q": words, "type": scope})
    html = response.content.decode() if response.status_code == 200 else ""
    marker = {
        "post": "/posts/{}/",
        "comment": "/posts/comments/{}/",
        "article": "/blogs/aria/{}/",
        "article_comment": "#article-comment-{}",
    }[kind]
    candidates = _all_ids(world, kind)
    paths["page"] = {pk for pk, key in candidates.items() if marker.format(key) in html}
    if html:
        assert html.count("<mark>") >= len(paths["page"])  # each shown hit has its snippet
    return paths


def _all_ids(world: World, kind: str) -> dict[int, object]:
    if kind == "post":
        return {p.pk: p.pk for p in world.posts.values()}
    if kind == "comment":
        return {c.pk: c.pk for c in world.comments.values()}
    if kind == "article":
        return {a.pk: a.slug for a in world.articles.values()}
    return {c.pk: c.pk for c in world.article_comments.values()}


def _object_ids(world: World, kind: str) -> dict[str, int]:
    source = {
        "post": {f"{k}_post": p for k, p in world.posts.items()},
        "comment": {f"{k}_comment": c for k, c in world.comments.items()},
        "article": world.articles,
        "article_comment": world.article_comments,
    }[kind]
    return {name: thing.pk for name, thing in source.items()}


def assert_search_matrix(world: World, social_table: dict) -> None:
    wrong = []
    tables = {
        "post": social_table,
        "comment": social_table,
        "article": article_matrix.parse(article_matrix.ARTICLES),
        "article_comment": article_matrix.parse(article_matrix.COMMENTS),
    }
    for kind, table in tables.items():
        ids = _object_ids(world, kind)
        want = expected(table, ids)
        for persona in PERSONAS:
            for path, found in found_by_every_path(world, persona, kind).items():
                for name, pk in ids.items():
                    if (name, persona) in want and want[(name, persona)] != (pk in found):
                        wrong.append(
                            f"{name:12} {persona:13} {path:20} want {want[(name, persona)]}"
                        )
    for persona in PERSONAS:
        actor = world.actor(persona)
        client = _client(world, persona)
        for kind, name in GROUP_NAMES.items():
            want = social_table[(f"{kind}_group", persona)]["view"] == "Y"
            want = want and persona not in NOT_SEARCHING
            group = world.groups[kind]
            got = {
                "selector": group in search_groups(actor, name),
                "suggest": f"/groups/{group.slug}/" in _html(client, "/search/suggest/", name),
                "tab": f"/groups/{group.slug}/" in _html(client, "/search/", name, type="groups"),
            }
            wrong += [
                f"{kind}_group    {persona:13} {path:20} want {want}"
                for path, value in got.items()
                if value != want
            ]
        wrong += _count_problems(world, persona, social_table)
    assert not wrong, "search matrix cells differ:\n" + "\n".join(wrong)


def _html(client: Client, path: str, q: str, **params) -> str:
    response = client.get(path, {"q": q, **params})
    return response.content.decode() if response.status_code == 200 else ""


def _count_problems(world: World, persona: str, social_table: dict) -> list[str]:
    visible_posts = sum(
        social_table[(f"{where}_post", persona)]["view"] == "Y"
        for where in ("org", "public", "private", "secret")
    )
    if persona in NOT_SEARCHING:
        visible_posts = 0
    actor = world.actor(persona)
    trending = {t.topic.key: t.posts for t in discovery.trending_topics(actor)}
    experts = {e.person.username: e.counts["post"] for e in discovery.who_knows(actor, "news")}
    problems = []
    if trending.get("plans", 0) != visible_posts:
        problems.append(f"#plans trending  {persona:13} counts {trending} want {visible_posts}")
    if experts.get("aria", 0) != visible_posts:
        problems.append(f"experts          {persona:13} counts {experts} want {visible_posts}")
    return problems


def test_every_persona_finds_exactly_what_the_tables_say(world):
    assert_search_matrix(world, matrix.parse(matrix.VISIBILITY))


def test_a_member_who_leaves_stops_finding_private_and_secret_content(world):
    gus = world.people["group_member"]
    groups.leave_group(actor=gus, group=world.groups["private"])
    groups.leave_group(actor=gus, group=world.groups["secret"])
    # The article matrix has no scenario: Gus still sees g_private/g_secret there, so
    # leaving is checked on the social core's objects only.
    table = matrix.with_changes(matrix.VISIBILITY, matrix.AFTER_MEMBER_LEAVES)
    for kind in ("post", "comment"):
        ids = _object_ids(world, kind)
        want = expected(table, ids)
        found = found_by_every_path(world, "group_member", kind)
        for path, got in found.items():
            for name, pk in ids.items():
                assert want[(name, "group_member")] == (pk in got), (name, path)


def test_a_public_group_going_private_then_secret_is_hidden_step_by_step(world):
    gale, commons = world.people["group_admin"], world.groups["public"]
    groups.change_kind(actor=gale, group=commons, kind="private")
    social = matrix.with_changes(matrix.VISIBILITY, matrix.AFTER_PUBLIC_GOES_PRIVATE)
    _assert_posts_and_groups(world, social)
    groups.change_kind(actor=gale, group=commons, kind="secret")
    social = matrix.with_changes(matrix.VISIBILITY, matrix.AFTER_PRIVATE_GOES_SECRET)
    _assert_posts_and_groups(world, social)


def test_a_moved_or_deleted_post_is_found_exactly_where_the_table_says(
    world, django_capture_on_commit_callbacks
):
    aria = world.people["author"]
    with django_capture_on_commit_callbacks(execute=True):
        posts.move_post(actor=aria, post=world.posts["org"], group=world.groups["secret"])
    moved = matrix.with_changes(matrix.VISIBILITY, matrix.AFTER_ORG_POST_MOVES_TO_SECRET)
    _assert_posts_and_groups(world, moved)
    with django_capture_on_commit_callbacks(execute=True):
        posts.delete_post(actor=aria, post=world.posts["private"])
    deleted = dict(moved)  # both scenarios' changes, in order
    for cell, values in matrix.parse(matrix.AFTER_PRIVATE_POST_DELETED).items():
        deleted[cell] = {**deleted[cell], **values}
    _assert_posts_and_groups(world, deleted)


def _assert_posts_and_groups(world: World, social_table: dict) -> None:
    wrong = []
    for kind in ("post", "comment"):
        ids = _object_ids(world, kind)
        want = expected(social_table, ids)
        for persona in PERSONAS:
            for path, found in found_by_every_path(world, persona, kind).items():
                for name, pk in ids.items():
                    if want[(name, persona)] != (pk in found):
                        wrong.append(
                            f"{name:12} {persona:13} {path:20} want {want[(name, persona)]}"
                        )
    for persona in PERSONAS:
        wrong += _count_problems(world, persona, social_table)
    assert not wrong, "search matrix cells differ:\n" + "\n".join(wrong)

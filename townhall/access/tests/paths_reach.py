"""More columns of the permission matrix: HTML permalinks (page), mentions (mention,
mention_ctx) and counts. Same conventions as paths.py; each column is registered in
paths.PATHS at import.
"""

import contextlib
import re
from collections import Counter
from urllib.parse import quote

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from townhall.access import groups as access_groups
from townhall.access.tests.paths import (
    MISSING_ID,
    PATHS,
    _api_client,
    _group_page_html,
    _kind_and_thing,
    _world_state,
    resolve,
)
from townhall.access.tests.world import World
from townhall.groups.models import Group, Membership
from townhall.posts import actions as posts
from townhall.posts.models import Mention, Post, Reaction

# --- fetching once per persona and world state ------------------------------------------


def _cached(world: World, bucket: str, key: tuple, fetch):
    cache = world.__dict__.setdefault(bucket, {})
    key = (*key, _world_state())
    if key not in cache:
        cache[key] = fetch()
    return cache[key]


def _signed_in(actor) -> bool:
    return bool(actor.is_authenticated and actor.is_active)


def _fetch(world: World, actor, path: str, missing: str):
    """GET `path` as the persona, once per world state: ("r", None) for the sign-in
    redirect, ("N", None) for a 404, else ("ok", response). Signed out (or deactivated),
    the redirect must be exactly the one a missing id gets; signed in, the 404 must be
    byte for byte the missing id's."""

    def fetch():
        client = _api_client(world, actor)
        response = client.get(path)
        if not _signed_in(actor):
            login = reverse("account_login")
            assert response.status_code == 302, f"{path} answered {response.status_code}"
            assert response["Location"] == f"{login}?next={quote(path)}"
            gone = client.get(missing)
            assert gone.status_code == 302 and gone["Location"] == f"{login}?next={quote(missing)}"
            return "r", None
        if response.status_code == 404:
            assert response.content == client.get(missing).content, f"{path}: 404 differs"
            return "N", None
        assert response.status_code in (200, 302), f"{path} answered {response.status_code}"
        return "ok", response

    return _cached(world, "fetched", (path, actor.pk), fetch)


def _post_page(world: World, actor, post_id: int):
    missing = reverse("posts:detail", args=[MISSING_ID])
    word, response = _fetch(world, actor, reverse("posts:detail", args=[post_id]), missing)
    if word != "ok":
        return word, None
    assert response.status_code == 200
    return "ok", response.content.decode()


# --- page: the HTML permalinks of posts and comments ------------------------------------
#   Y  the page opens with the object on it (a comment's permalink redirects to its post's
#      page at #comment-<id>, and the comment is on that page)
#   N  404, byte for byte what a missing id answers
#   r  signed out or deactivated: 302 to /accounts/login/?next=<the path>, exactly as for
#      a missing id


def path_page(world: World, actor, name: str):
    _kind, thing = _kind_and_thing(name)
    if thing not in ("post", "comment"):
        return None
    obj = resolve(world, name)
    obj.refresh_from_db()
    if thing == "post":
        word, html = _post_page(world, actor, obj.pk)
        return {"r": "r", "N": False}.get(word, html and f'id="post-{obj.pk}"' in html)
    missing = reverse("posts:comment", args=[MISSING_ID])
    word, response = _fetch(world, actor, reverse("posts:comment", args=[obj.pk]), missing)
    if word != "ok":
        return {"r": "r", "N": False}[word]
    assert response.status_code == 302
    target = reverse("posts:detail", args=[obj.post_id]) + f"#comment-{obj.pk}"
    assert response["Location"] == target
    word, html = _post_page(world, actor, obj.post_id)
    assert word == "ok", "the comment's permalink led to a post the persona cannot open"
    return f'id="comment-{obj.pk}"' in html


# --- mention: mentioned by the author, does the persona get a Mention row? --------------
# Once per object and world state, Aria rewrites the post or comment mentioning all nine
# personas; the cell says whether this persona got a Mention row (what notifications
# read). The author is never mentioned by herself; anonymous has no name to mention.

EVERYONE = "@mona @gus @gale @max @lee @alma @aria @dee @gwen"


def path_mention(world: World, actor, name: str):
    _kind, thing = _kind_and_thing(name)
    if thing not in ("post", "comment") or not actor.is_authenticated:
        return None
    obj = resolve(world, name)

    def mention_everyone():
        obj.refresh_from_db()
        take = len(world.__dict__.get("mentioned", {}))
        author = world.people["author"]
        with contextlib.suppress(Http404, PermissionDenied, ValidationError):
            if thing == "post":
                body = f"News, take {take} #plans {EVERYONE}"
                posts.edit_post(actor=author, post=obj, body=body)
            else:
                body = f"Agreed, take {take}. {EVERYONE}"
                posts.edit_comment(actor=author, comment=obj, body=body)
        return True

    _cached(world, "mentioned", (name,), mention_everyone)
    rows = Mention.objects.filter(person=actor)
    return rows.filter(**{thing: obj}).exists()


# --- mention_ctx: the suggestions' post and group context -------------------------------
# /api/v1/mentions?post_id= (a post) and ?group_id= (a member list: the suggestions name
# the people who may read in the group) answer 200 or, for someone who may not see it,
# exactly what a missing id answers (404; 401 signed out). Along the way, for each
# persona: the autocomplete (/posts/mentions/?q= and /api/v1/mentions?q=) lists people
# only and answers nothing for a group's name or a post's words.

PERSON_KEYS = {"id", "username", "display_name", "job_title", "avatar_url", "external"}
NOT_PEOPLE = ("Commons", "Board", "Skunkworks", "News", "Agreed", "plans")


def _autocomplete_names_only_people(world: World, actor) -> bool:
    client = _api_client(world, actor)
    for term in NOT_PEOPLE:
        html = client.get(reverse("posts:mentions"), {"q": term})
        api = client.get("/api/v1/mentions", {"q": term})
        if not _signed_in(actor):
            assert html.status_code == 302 and api.status_code == 401
            continue
        assert html.json() == {"people": []}, term
        assert api.json() == {"items": []}, term
    if _signed_in(actor):
        people = client.get(reverse("posts:mentions"), {"q": "a"}).json()
        assert set(people) == {"people"}
        assert all(set(p) == {"username", "name", "external", "badge"} for p in people["people"])
        assert "dee" not in {p["username"] for p in people["people"]}
        items = client.get("/api/v1/mentions", {"q": "", "limit": 20}).json()["items"]
        assert all(set(p) == PERSON_KEYS for p in items) and items
    return True


def path_mention_context(world: World, actor, name: str):
    _kind, thing = _kind_and_thing(name)
    _cached(
        world, "autocomplete", (actor.pk,), lambda: _autocomplete_names_only_people(world, actor)
    )
    if thing not in ("post", "members"):
        return None
    obj = resolve(world, name)
    obj.refresh_from_db()
    param = "post_id" if thing == "post" else "group_id"
    client = _api_client(world, actor)
    response = client.get("/api/v1/mentions", {param: obj.pk, "q": "", "limit": 20})
    if response.status_code == 401:
        assert not _signed_in(actor)
        return False
    if response.status_code == 404:
        missing = client.get("/api/v1/mentions", {param: MISSING_ID, "q": "", "limit": 20})
        assert response.content == missing.content
        return False
    assert response.status_code == 200, response.content
    named = {person["username"] for person in response.json()["items"]}
    if thing == "members" and obj.kind != Group.Kind.PUBLIC:
        members = Membership.objects.filter(group=obj, user__is_active=True)
        assert named == set(members.values_list("user__username", flat=True))
    return True


# --- counts: what a persona learns about an object's numbers ----------------------------
#   a group   its member count: on the groups directory, on the group page and in
#             GET /api/v1/groups/{id}; all three or none, and the number is its active
#             members (what the persona can list, where they can list them). The object
#             check (can_view_member_count) and the annotation (with_member_counts) agree.
#   a post    its comment count and reaction counts: GET /api/v1/posts/{id}, its item in
#             Aria's API feed, its permalink page, its item on Aria's profile page; all or
#             none, and they match the comments the persona can list and the reactions
#             made. The #plans topic's post_count matches the topic feed the persona reads.
#   a comment its reaction counts, on the same four.


def _html_page(world: World, actor, path: str) -> str | None:
    def fetch():
        response = _api_client(world, actor).get(path)
        if not _signed_in(actor):
            assert response.status_code == 302
            return None
        assert response.status_code == 200, f"{path} answered {response.status_code}"
        return response.content.decode()

    return _cached(world, "html_pages", (path, actor.pk), fetch)


def _api_json(world: World, actor, path: str, **params) -> dict | None:
    def fetch():
        response = _api_client(world, actor).get(path, params)
        if response.status_code in (401, 404):
            return None
        assert response.status_code == 200, response.content
        return response.json()

    return _cached(world, "api_json", (path, tuple(sorted(params.items())), actor.pk), fetch)


def _reactions_in(fragment: str) -> dict[str, int]:
    counts = {}
    for kind, inside in re.findall(r'data-kind="(\w+)">(.*?)</button>', fragment, re.S):
        number = re.search(r'<span class="reaction-count">(\d+)</span>', inside)
        if number:
            counts[kind] = int(number.group(1))
    return counts


def _group_counts(world: World, actor, group: Group) -> bool:
    check = access_groups.can_view_member_count(actor, group)
    annotated = access_groups.with_member_counts(actor, Group.objects.filter(pk=group.pk))
    assert check == (annotated.get().member_count is not None), "check and annotation differ"
    seen = {}
    directory = _html_page(world, actor, reverse("groups:directory"))
    card = re.search(rf">{re.escape(group.name)}</a>(.*?)</article>", directory or "", re.S)
    number = card and re.search(r"(\d+) members?</p>", card.group(1))
    seen["directory"] = int(number.group(1)) if number else None
    page = _group_page_html(world, actor, group)
    number = re.search(r'<span class="muted">(\d+) members?</span>', page or "")
    seen["group page"] = int(number.group(1)) if number else None
    detail = _api_json(world, actor, f"/api/v1/groups/{group.pk}")
    seen["api"] = detail and detail["member_count"]
    learned = {source for source, value in seen.items() if value is not None}
    assert learned in (set(), set(seen)), f"{group.name}'s size shown only on {learned}"
    truth = Membership.objects.filter(group=group, user__is_active=True).count()
    assert all(value == truth for value in seen.values() if value is not None), seen
    listed = _api_json(world, actor, f"/api/v1/groups/{group.pk}/members", limit=100)
    if listed is not None and learned:
        ids = [item["person"]["id"] for item in listed["items"]]
        assert (
            truth
            == Membership.objects.filter(group=group, user_id__in=ids, user__is_active=True).count()
        )
    assert check == bool(learned)
    return bool(learned)


def _topic_count_matches_the_topic_feed(world: World, actor) -> bool:
    topic = _api_json(world, actor, "/api/v1/topics/plans")
    feed = _api_json(world, actor, "/api/v1/topics/plans/feed", limit=100)
    assert (topic is None) == (feed is None)
    assert topic is None or topic["post_count"] == len(feed["items"])
    return True


def _post_counts(world: World, actor, post: Post) -> bool:
    _cached(
        world,
        "topic_counts",
        (actor.pk,),
        lambda: _topic_count_matches_the_topic_feed(world, actor),
    )
    author = world.people["author"]
    seen = {}
    detail = _api_json(world, actor, f"/api/v1/posts/{post.pk}")
    seen["api detail"] = detail and (detail["comment_count"], detail["reaction_counts"])
    feed = _api_json(world, actor, f"/api/v1/people/{author.pk}/feed", limit=100)
    item = next((i for i in (feed or {"items": []})["items"] if i["id"] == post.pk), None)
    seen["api feed"] = item and (item["comment_count"], item["reaction_counts"])
    _word, html = _post_page(world, actor, post.pk)
    if html:
        count = re.search(r'id="comments-heading">(\d+) comments?</h2>', html)
        head = html[html.index(f'id="post-{post.pk}"') : html.index('class="post-foot')]
        seen["page"] = (int(count.group(1)), _reactions_in(head))
    else:
        seen["page"] = None
    profile = _html_page(world, actor, reverse("people:profile", args=[author.username])) or ""
    if f'id="post-{post.pk}"' in profile:
        start = profile.index(f'id="post-{post.pk}"')
        foot = profile.index('class="post-foot', start)
        count = re.search(r"(\d+) comments?</a>", profile[foot:])
        seen["profile"] = (int(count.group(1)), _reactions_in(profile[start:foot]))
    else:
        seen["profile"] = None
    learned = {source for source, value in seen.items() if value is not None}
    assert learned in (set(), set(seen)), f"post counts shown only on {learned}"
    if learned:
        comments = _api_json(world, actor, f"/api/v1/posts/{post.pk}/comments", limit=100)
        made = dict(Counter(Reaction.objects.filter(post=post).values_list("kind", flat=True)))
        assert all(value == (len(comments["items"]), made) for value in seen.values()), seen
    return bool(learned)


def _comment_counts(world: World, actor, comment) -> bool:
    author = world.people["author"]
    seen = {}
    detail = _api_json(world, actor, f"/api/v1/comments/{comment.pk}")
    seen["api detail"] = detail and detail["reaction_counts"]
    feed = _api_json(world, actor, f"/api/v1/people/{author.pk}/feed", limit=100)
    firsts = [c for i in (feed or {"items": []})["items"] for c in i["first_comments"]]
    seen["api feed"] = next((c["reaction_counts"] for c in firsts if c["id"] == comment.pk), None)
    profile = _html_page(world, actor, reverse("people:profile", args=[author.username])) or ""
    _word, html = _post_page(world, actor, comment.post_id)
    for source, page in (("page", html or ""), ("profile", profile)):
        marker = f'<article class="comment" id="comment-{comment.pk}"'
        if marker in page:
            start = page.index(marker)
            seen[source] = _reactions_in(page[start : page.index("</article>", start)])
        else:
            seen[source] = None
    learned = {source for source, value in seen.items() if value is not None}
    assert learned in (set(), set(seen)), f"comment counts shown only on {learned}"
    made = dict(Counter(Reaction.objects.filter(comment=comment).values_list("kind", flat=True)))
    assert all(value == made for value in seen.values() if value is not None), seen
    return bool(learned)


def path_counts(world: World, actor, name: str):
    _kind, thing = _kind_and_thing(name)
    if thing == "members":
        return None
    obj = resolve(world, name)
    obj.refresh_from_db()
    if thing == "group":
        return _group_counts(world, actor, obj)
    if thing == "post":
        return _post_counts(world, actor, obj)
    return _comment_counts(world, actor, obj)


PATHS.update(
    {
        "page": path_page,
        "men": path_mention,
        "mctx": path_mention_context,
        "cnt": path_counts,
    }
)

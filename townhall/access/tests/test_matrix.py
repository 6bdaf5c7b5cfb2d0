"""The permission matrix: who sees what, written out by hand, cell by cell.

Rows are (object, persona) cells; columns are *paths* through which someone could reach
the object. Every expected value below is typed by hand -- never computed with
townhall.access. Y: reachable, N: not, `.`: the path does not apply to this object.

Paths so far (all in the permission layer itself):
  view      the object check and the queryset filter, asserted to agree
            (can_view_X(actor, obj) == obj in visible_Xs(actor))
  get       access.get_X_or_404(actor, pk=...) finds it rather than raising Http404
  audience  the persona is in access.audience_of_post(post) (who mentions and
            notifications may reach)
  gpage     the group's page (/groups/<slug>/) as the persona: for a group, the page
            opens; for a post or comment in a group, it is shown there. Anything not
            reachable answers exactly like a missing group (404, same body) or, signed
            out or deactivated, with the sign-in redirect
  gmembers  the group's member list page (/groups/<slug>/members/) opens and lists them
  api_detail  GET /api/v1/posts|comments|groups/{id} answers 200 (not 401/404)
  api_list    the object is in an API list: its author's /api/v1/people/{id}/feed (posts),
            /api/v1/posts/{id}/comments, /api/v1/groups, /api/v1/groups/{id}/members
Later slices add a path by adding a column to the tables (pages, API detail, API list,
each feed, profile, topic page, mention autocomplete, counts) and a function to PATHS.

Scenarios re-run the whole matrix after changes, each stating only the cells that
change, again by hand.
"""

import contextlib

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from townhall.access import groups as access_groups
from townhall.access import people as access_people
from townhall.access import posts as access_posts
from townhall.access.tests.world import PERSONAS, World, build_world
from townhall.feeds import selectors as feeds
from townhall.groups import actions as groups
from townhall.groups.models import Group, Membership
from townhall.people import follows
from townhall.posts import actions as posts
from townhall.posts.models import Post

# fmt: off
VISIBILITY = """
object           persona        view get audience api_detail api_list  gpage gmembers hf cf tf pf
org_post         anonymous      N    N   N    N          N             .     . N  N  N  N
org_post         member         Y    Y   Y    Y          Y             .     . Y  Y  Y  Y
org_post         group_member   Y    Y   Y    Y          Y             .     . Y  Y  Y  Y
org_post         group_admin    Y    Y   Y    Y          Y             .     . Y  Y  Y  Y
org_post         moderator      Y    Y   Y    Y          Y             .     . Y  Y  Y  Y
org_post         leader         Y    Y   Y    Y          Y             .     . Y  Y  Y  Y
org_post         org_admin      Y    Y   Y    Y          Y             .     . Y  Y  Y  Y
org_post         author         Y    Y   Y    Y          Y             .     . Y  Y  Y  Y
org_post         deactivated    N    N   N    N          N             .     . N  N  N  N
org_comment      anonymous      N    N   N    N          N             .     . N  N  N  N
org_comment      member         Y    Y   Y    Y          Y             .     . Y  Y  Y  Y
org_comment      group_member   Y    Y   Y    Y          Y             .     . Y  Y  Y  Y
org_comment      group_admin    Y    Y   Y    Y          Y             .     . Y  Y  Y  Y
org_comment      moderator      Y    Y   Y    Y          Y             .     . Y  Y  Y  Y
org_comment      leader         Y    Y   Y    Y          Y             .     . Y  Y  Y  Y
org_comment      org_admin      Y    Y   Y    Y          Y             .     . Y  Y  Y  Y
org_comment      author         Y    Y   Y    Y          Y             .     . Y  Y  Y  Y
org_comment      deactivated    N    N   N    N          N             .     . N  N  N  N
public_group     anonymous      N    N   .    N          N             N     . .  .  .  .
public_group     member         Y    Y   .    Y          Y             Y     . .  .  .  .
public_group     group_member   Y    Y   .    Y          Y             Y     . .  .  .  .
public_group     group_admin    Y    Y   .    Y          Y             Y     . .  .  .  .
public_group     moderator      Y    Y   .    Y          Y             Y     . .  .  .  .
public_group     leader         Y    Y   .    Y          Y             Y     . .  .  .  .
public_group     org_admin      Y    Y   .    Y          Y             Y     . .  .  .  .
public_group     author         Y    Y   .    Y          Y             Y     . .  .  .  .
public_group     deactivated    N    N   .    N          N             N     . .  .  .  .
public_post      anonymous      N    N   N    N          N             N     . N  N  N  N
public_post      member         Y    Y   Y    Y          Y             Y     . Y  Y  Y  Y
public_post      group_member   Y    Y   Y    Y          Y             Y     . Y  Y  Y  Y
public_post      group_admin    Y    Y   Y    Y          Y             Y     . Y  Y  Y  Y
public_post      moderator      Y    Y   Y    Y          Y             Y     . Y  Y  Y  Y
public_post      leader         Y    Y   Y    Y          Y             Y     . Y  Y  Y  Y
public_post      org_admin      Y    Y   Y    Y          Y             Y     . Y  Y  Y  Y
public_post      author         Y    Y   Y    Y          Y             Y     . Y  Y  Y  Y
public_post      deactivated    N    N   N    N          N             N     . N  N  N  N
public_comment   anonymous      N    N   N    N          N             N     . N  N  N  N
public_comment   member         Y    Y   Y    Y          Y             Y     . Y  Y  Y  Y
public_comment   group_member   Y    Y   Y    Y          Y             Y     . Y  Y  Y  Y
public_comment   group_admin    Y    Y   Y    Y          Y             Y     . Y  Y  Y  Y
public_comment   moderator      Y    Y   Y    Y          Y             Y     . Y  Y  Y  Y
public_comment   leader         Y    Y   Y    Y          Y             Y     . Y  Y  Y  Y
public_comment   org_admin      Y    Y   Y    Y          Y             Y     . Y  Y  Y  Y
public_comment   author         Y    Y   Y    Y          Y             Y     . Y  Y  Y  Y
public_comment   deactivated    N    N   N    N          N             N     . N  N  N  N
public_members   anonymous      N    .   .    .          N             .     N .  .  .  .
public_members   member         Y    .   .    .          Y             .     Y .  .  .  .
public_members   group_member   Y    .   .    .          Y             .     Y .  .  .  .
public_members   group_admin    Y    .   .    .          Y             .     Y .  .  .  .
public_members   moderator      Y    .   .    .          Y             .     Y .  .  .  .
public_members   leader         Y    .   .    .          Y             .     Y .  .  .  .
public_members   org_admin      Y    .   .    .          Y             .     Y .  .  .  .
public_members   author         Y    .   .    .          Y             .     Y .  .  .  .
public_members   deactivated    N    .   .    .          N             .     N .  .  .  .
private_group    anonymous      N    N   .    N          N             N     . .  .  .  .
private_group    member         Y    Y   .    Y          Y             Y     . .  .  .  .
private_group    group_member   Y    Y   .    Y          Y             Y     . .  .  .  .
private_group    group_admin    Y    Y   .    Y          Y             Y     . .  .  .  .
private_group    moderator      Y    Y   .    Y          Y             Y     . .  .  .  .
private_group    leader         Y    Y   .    Y          Y             Y     . .  .  .  .
private_group    org_admin      Y    Y   .    Y          Y             Y     . .  .  .  .
private_group    author         Y    Y   .    Y          Y             Y     . .  .  .  .
private_group    deactivated    N    N   .    N          N             N     . .  .  .  .
private_post     anonymous      N    N   N    N          N             N     . N  N  N  N
private_post     member         N    N   N    N          N             N     . N  N  N  N
private_post     group_member   Y    Y   Y    Y          Y             Y     . Y  N  Y  Y
private_post     group_admin    Y    Y   Y    Y          Y             Y     . Y  N  Y  Y
private_post     moderator      N    N   N    N          N             N     . N  N  N  N
private_post     leader         N    N   N    N          N             N     . N  N  N  N
private_post     org_admin      N    N   N    N          N             N     . N  N  N  N
private_post     author         Y    Y   Y    Y          Y             Y     . Y  N  Y  Y
private_post     deactivated    N    N   N    N          N             N     . N  N  N  N
private_comment  anonymous      N    N   N    N          N             N     . N  N  N  N
private_comment  member         N    N   N    N          N             N     . N  N  N  N
private_comment  group_member   Y    Y   Y    Y          Y             Y     . Y  N  Y  Y
private_comment  group_admin    Y    Y   Y    Y          Y             Y     . Y  N  Y  Y
private_comment  moderator      N    N   N    N          N             N     . N  N  N  N
private_comment  leader         N    N   N    N          N             N     . N  N  N  N
private_comment  org_admin      N    N   N    N          N             N     . N  N  N  N
private_comment  author         Y    Y   Y    Y          Y             Y     . Y  N  Y  Y
private_comment  deactivated    N    N   N    N          N             N     . N  N  N  N
private_members  anonymous      N    .   .    .          N             .     N .  .  .  .
private_members  member         N    .   .    .          N             .     N .  .  .  .
private_members  group_member   Y    .   .    .          Y             .     Y .  .  .  .
private_members  group_admin    Y    .   .    .          Y             .     Y .  .  .  .
private_members  moderator      N    .   .    .          N             .     N .  .  .  .
private_members  leader         N    .   .    .          N             .     N .  .  .  .
private_members  org_admin      N    .   .    .          N             .     N .  .  .  .
private_members  author         Y    .   .    .          Y             .     Y .  .  .  .
private_members  deactivated    N    .   .    .          N             .     N .  .  .  .
secret_group     anonymous      N    N   .    N          N             N     . .  .  .  .
secret_group     member         N    N   .    N          N             N     . .  .  .  .
secret_group     group_member   Y    Y   .    Y          Y             Y     . .  .  .  .
secret_group     group_admin    Y    Y   .    Y          Y             Y     . .  .  .  .
secret_group     moderator      N    N   .    N          N             N     . .  .  .  .
secret_group     leader         N    N   .    N          N             N     . .  .  .  .
secret_group     org_admin      N    N   .    N          N             N     . .  .  .  .
secret_group     author         Y    Y   .    Y          Y             Y     . .  .  .  .
secret_group     deactivated    N    N   .    N          N             N     . .  .  .  .
secret_post      anonymous      N    N   N    N          N             N     . N  N  N  N
secret_post      member         N    N   N    N          N             N     . N  N  N  N
secret_post      group_member   Y    Y   Y    Y          Y             Y     . Y  N  Y  Y
secret_post      group_admin    Y    Y   Y    Y          Y             Y     . Y  N  Y  Y
secret_post      moderator      N    N   N    N          N             N     . N  N  N  N
secret_post      leader         N    N   N    N          N             N     . N  N  N  N
secret_post      org_admin      N    N   N    N          N             N     . N  N  N  N
secret_post      author         Y    Y   Y    Y          Y             Y     . Y  N  Y  Y
secret_post      deactivated    N    N   N    N          N             N     . N  N  N  N
secret_comment   anonymous      N    N   N    N          N             N     . N  N  N  N
secret_comment   member         N    N   N    N          N             N     . N  N  N  N
secret_comment   group_member   Y    Y   Y    Y          Y             Y     . Y  N  Y  Y
secret_comment   group_admin    Y    Y   Y    Y          Y             Y     . Y  N  Y  Y
secret_comment   moderator      N    N   N    N          N             N     . N  N  N  N
secret_comment   leader         N    N   N    N          N             N     . N  N  N  N
secret_comment   org_admin      N    N   N    N          N             N     . N  N  N  N
secret_comment   author         Y    Y   Y    Y          Y             Y     . Y  N  Y  Y
secret_comment   deactivated    N    N   N    N          N             N     . N  N  N  N
secret_members   anonymous      N    .   .    .          N             .     N .  .  .  .
secret_members   member         N    .   .    .          N             .     N .  .  .  .
secret_members   group_member   Y    .   .    .          Y             .     Y .  .  .  .
secret_members   group_admin    Y    .   .    .          Y             .     Y .  .  .  .
secret_members   moderator      N    .   .    .          N             .     N .  .  .  .
secret_members   leader         N    .   .    .          N             .     N .  .  .  .
secret_members   org_admin      N    .   .    .          N             .     N .  .  .  .
secret_members   author         Y    .   .    .          Y             .     Y .  .  .  .
secret_members   deactivated    N    .   .    .          N             .     N .  .  .  .
"""

# Gus (the group member) leaves Board (private) and Skunkworks (secret).
AFTER_MEMBER_LEAVES = """
object           persona        view get audience api_detail api_list  gpage gmembers hf cf tf pf
private_post     group_member   N    N   N    N          N             N     . N  N  N  N
private_comment  group_member   N    N   N    N          N             N     . N  N  N  N
private_members  group_member   N    .   .    .          N             .     N .  .  .  .
secret_group     group_member   N    N   .    N          N             N     . .  .  .  .
secret_post      group_member   N    N   N    N          N             N     . N  N  N  N
secret_comment   group_member   N    N   N    N          N             N     . N  N  N  N
secret_members   group_member   N    .   .    .          N             .     N .  .  .  .
"""

# Gale (group admin) makes Commons private: still listed, content for members only.
AFTER_PUBLIC_GOES_PRIVATE = """
object           persona        view get audience api_detail api_list  gpage gmembers hf cf tf pf
public_post      member         N    N   N    N          N             N     . N  N  N  N
public_post      moderator      N    N   N    N          N             N     . N  N  N  N
public_post      leader         N    N   N    N          N             N     . N  N  N  N
public_post      org_admin      N    N   N    N          N             N     . N  N  N  N
public_comment   member         N    N   N    N          N             N     . N  N  N  N
public_comment   moderator      N    N   N    N          N             N     . N  N  N  N
public_comment   leader         N    N   N    N          N             N     . N  N  N  N
public_comment   org_admin      N    N   N    N          N             N     . N  N  N  N
public_members   member         N    .   .    .          N             .     N .  .  .  .
public_members   moderator      N    .   .    .          N             .     N .  .  .  .
public_members   leader         N    .   .    .          N             .     N .  .  .  .
public_members   org_admin      N    .   .    .          N             .     N .  .  .  .
public_post      group_member   Y    Y   Y    Y          Y             Y     . Y  N  Y  Y
public_post      group_admin    Y    Y   Y    Y          Y             Y     . Y  N  Y  Y
public_post      author         Y    Y   Y    Y          Y             Y     . Y  N  Y  Y
public_comment   group_member   Y    Y   Y    Y          Y             Y     . Y  N  Y  Y
public_comment   group_admin    Y    Y   Y    Y          Y             Y     . Y  N  Y  Y
public_comment   author         Y    Y   Y    Y          Y             Y     . Y  N  Y  Y
"""

# ... and then secret: the group itself disappears for non-members too.
AFTER_PRIVATE_GOES_SECRET = AFTER_PUBLIC_GOES_PRIVATE + """
public_group     member         N    N   .    N          N             N     . .  .  .  .
public_group     moderator      N    N   .    N          N             N     . .  .  .  .
public_group     leader         N    N   .    N          N             N     . .  .  .  .
public_group     org_admin      N    N   .    N          N             N     . .  .  .  .
"""

# Aria (the author) moves the organisation-wide post into Skunkworks (secret).
AFTER_ORG_POST_MOVES_TO_SECRET = """
object           persona        view get audience api_detail api_list  gpage gmembers hf cf tf pf
org_post         member         N    N   N    N          N             .     . N  N  N  N
org_post         moderator      N    N   N    N          N             .     . N  N  N  N
org_post         leader         N    N   N    N          N             .     . N  N  N  N
org_post         org_admin      N    N   N    N          N             .     . N  N  N  N
org_comment      member         N    N   N    N          N             .     . N  N  N  N
org_comment      moderator      N    N   N    N          N             .     . N  N  N  N
org_comment      leader         N    N   N    N          N             .     . N  N  N  N
org_comment      org_admin      N    N   N    N          N             .     . N  N  N  N
org_post         group_member   Y    Y   Y    Y          Y             .     . Y  N  Y  Y
org_post         group_admin    Y    Y   Y    Y          Y             .     . Y  N  Y  Y
org_post         author         Y    Y   Y    Y          Y             .     . Y  N  Y  Y
org_comment      group_member   Y    Y   Y    Y          Y             .     . Y  N  Y  Y
org_comment      group_admin    Y    Y   Y    Y          Y             .     . Y  N  Y  Y
org_comment      author         Y    Y   Y    Y          Y             .     . Y  N  Y  Y
"""

# Aria deletes the post in Board (private): it and its comment are gone for everyone.
AFTER_PRIVATE_POST_DELETED = """
object           persona        view get audience api_detail api_list  gpage gmembers hf cf tf pf
private_post     group_member   N    N   N    N          N             N     . N  N  N  N
private_post     group_admin    N    N   N    N          N             N     . N  N  N  N
private_post     author         N    N   N    N          N             N     . N  N  N  N
private_comment  group_member   N    N   N    N          N             N     . N  N  N  N
private_comment  group_admin    N    N   N    N          N             N     . N  N  N  N
private_comment  author         N    N   N    N          N             N     . N  N  N  N
"""
# fmt: on


def parse(table: str) -> dict[tuple[str, str], dict[str, str]]:
    lines = [line.split() for line in table.strip().splitlines() if line.strip()]
    columns = lines[0][2:]
    cells = {}
    for row in lines[1:]:
        assert len(row) == 2 + len(columns), f"malformed row {row}"
        cells[(row[0], row[1])] = dict(zip(columns, row[2:], strict=True))
    return cells


def with_changes(base: str, changes: str) -> dict:
    cells = parse(base)
    for cell, values in parse(changes).items():
        assert cell in cells, f"unknown cell {cell}"
        cells[cell] = {**cells[cell], **values}
    return cells


# --- paths -----------------------------------------------------------------------------


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


def path_group_page(world: World, actor, name: str) -> bool | None:
    kind, thing = _kind_and_thing(name)
    if kind == "org" or thing == "members":
        return None
    group = world.groups[kind]
    group.refresh_from_db()
    # One request per persona and group serves its group, post and comment cells until
    # the scenario changes the world (as the feed columns do).
    path = reverse("groups:detail", kwargs={"slug": group.slug})
    cache = world.__dict__.setdefault("group_pages", {})
    key = (path, actor.pk, _world_state())
    if key not in cache:
        cache[key] = _group_page(actor, path)
    html = cache[key]
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
    "audience": path_audience,
    "gpage": path_group_page,
    "gmembers": path_member_list,
}
SYMBOL = {True: "Y", False: "N", None: "."}


def assert_matrix(world: World, expected: dict) -> None:
    assert {persona for _obj, persona in expected} == set(PERSONAS)
    wrong = []
    for (name, persona), columns in expected.items():
        actor = world.actor(persona)
        for path, want in columns.items():
            got = SYMBOL[PATHS[path](world, actor, name)]
            if got != want:
                wrong.append(f"{name:16} {persona:13} {path:9} expected {want}, got {got}")
    assert not wrong, "permission matrix cells differ:\n" + "\n".join(wrong)


@pytest.fixture
def world(make_user) -> World:
    return build_world(make_user)


def test_the_matrix_covers_every_persona_and_object_with_126_cells_per_path():
    cells = parse(VISIBILITY)
    assert len(cells) == 126
    assert len({obj for obj, _p in cells}) == 14
    assert set(next(iter(cells.values()))) == set(PATHS)


def test_every_persona_sees_exactly_what_the_table_says(world):
    assert_matrix(world, parse(VISIBILITY))


def test_a_member_who_leaves_loses_sight_of_private_and_secret_content(world):
    gus = world.people["group_member"]
    groups.leave_group(actor=gus, group=world.groups["private"])
    groups.leave_group(actor=gus, group=world.groups["secret"])
    assert_matrix(world, with_changes(VISIBILITY, AFTER_MEMBER_LEAVES))


def test_a_public_group_going_private_then_secret_hides_it_step_by_step(world):
    gale, commons = world.people["group_admin"], world.groups["public"]
    groups.change_kind(actor=gale, group=commons, kind="private")
    assert_matrix(world, with_changes(VISIBILITY, AFTER_PUBLIC_GOES_PRIVATE))
    groups.change_kind(actor=gale, group=commons, kind="secret")
    assert_matrix(world, with_changes(VISIBILITY, AFTER_PRIVATE_GOES_SECRET))


def test_a_post_moved_into_a_secret_group_vanishes_for_outsiders(world):
    posts.move_post(
        actor=world.people["author"], post=world.posts["org"], group=world.groups["secret"]
    )
    assert_matrix(world, with_changes(VISIBILITY, AFTER_ORG_POST_MOVES_TO_SECRET))


def test_a_deleted_post_and_its_comments_vanish_for_everyone(world):
    posts.delete_post(actor=world.people["author"], post=world.posts["private"])
    assert_matrix(world, with_changes(VISIBILITY, AFTER_PRIVATE_POST_DELETED))


# --- API paths (townhall/api): what a signed-in session gets from /api/v1 ---------------


def _api_client(world: World, persona_actor):
    """A test client signed in as the persona (anonymous: none), one per persona and world."""
    from django.test import Client

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


PATHS.update({"api_detail": path_api_detail, "api_list": path_api_list})


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

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
Later slices add a path by adding a column to the tables (pages, API detail, API list,
each feed, profile, topic page, mention autocomplete, counts) and a function to PATHS.

Scenarios re-run the whole matrix after changes, each stating only the cells that
change, again by hand.
"""

import pytest
from django.http import Http404

from townhall.access import groups as access_groups
from townhall.access import posts as access_posts
from townhall.access.tests.world import PERSONAS, World, build_world
from townhall.groups import actions as groups
from townhall.groups.models import Membership
from townhall.posts import actions as posts

# fmt: off
VISIBILITY = """
object           persona        view get audience
org_post         anonymous      N    N   N
org_post         member         Y    Y   Y
org_post         group_member   Y    Y   Y
org_post         group_admin    Y    Y   Y
org_post         moderator      Y    Y   Y
org_post         leader         Y    Y   Y
org_post         org_admin      Y    Y   Y
org_post         author         Y    Y   Y
org_post         deactivated    N    N   N
org_comment      anonymous      N    N   N
org_comment      member         Y    Y   Y
org_comment      group_member   Y    Y   Y
org_comment      group_admin    Y    Y   Y
org_comment      moderator      Y    Y   Y
org_comment      leader         Y    Y   Y
org_comment      org_admin      Y    Y   Y
org_comment      author         Y    Y   Y
org_comment      deactivated    N    N   N
public_group     anonymous      N    N   .
public_group     member         Y    Y   .
public_group     group_member   Y    Y   .
public_group     group_admin    Y    Y   .
public_group     moderator      Y    Y   .
public_group     leader         Y    Y   .
public_group     org_admin      Y    Y   .
public_group     author         Y    Y   .
public_group     deactivated    N    N   .
public_post      anonymous      N    N   N
public_post      member         Y    Y   Y
public_post      group_member   Y    Y   Y
public_post      group_admin    Y    Y   Y
public_post      moderator      Y    Y   Y
public_post      leader         Y    Y   Y
public_post      org_admin      Y    Y   Y
public_post      author         Y    Y   Y
public_post      deactivated    N    N   N
public_comment   anonymous      N    N   N
public_comment   member         Y    Y   Y
public_comment   group_member   Y    Y   Y
public_comment   group_admin    Y    Y   Y
public_comment   moderator      Y    Y   Y
public_comment   leader         Y    Y   Y
public_comment   org_admin      Y    Y   Y
public_comment   author         Y    Y   Y
public_comment   deactivated    N    N   N
public_members   anonymous      N    .   .
public_members   member         Y    .   .
public_members   group_member   Y    .   .
public_members   group_admin    Y    .   .
public_members   moderator      Y    .   .
public_members   leader         Y    .   .
public_members   org_admin      Y    .   .
public_members   author         Y    .   .
public_members   deactivated    N    .   .
private_group    anonymous      N    N   .
private_group    member         Y    Y   .
private_group    group_member   Y    Y   .
private_group    group_admin    Y    Y   .
private_group    moderator      Y    Y   .
private_group    leader         Y    Y   .
private_group    org_admin      Y    Y   .
private_group    author         Y    Y   .
private_group    deactivated    N    N   .
private_post     anonymous      N    N   N
private_post     member         N    N   N
private_post     group_member   Y    Y   Y
private_post     group_admin    Y    Y   Y
private_post     moderator      N    N   N
private_post     leader         N    N   N
private_post     org_admin      N    N   N
private_post     author         Y    Y   Y
private_post     deactivated    N    N   N
private_comment  anonymous      N    N   N
private_comment  member         N    N   N
private_comment  group_member   Y    Y   Y
private_comment  group_admin    Y    Y   Y
private_comment  moderator      N    N   N
private_comment  leader         N    N   N
private_comment  org_admin      N    N   N
private_comment  author         Y    Y   Y
private_comment  deactivated    N    N   N
private_members  anonymous      N    .   .
private_members  member         N    .   .
private_members  group_member   Y    .   .
private_members  group_admin    Y    .   .
private_members  moderator      N    .   .
private_members  leader         N    .   .
private_members  org_admin      N    .   .
private_members  author         Y    .   .
private_members  deactivated    N    .   .
secret_group     anonymous      N    N   .
secret_group     member         N    N   .
secret_group     group_member   Y    Y   .
secret_group     group_admin    Y    Y   .
secret_group     moderator      N    N   .
secret_group     leader         N    N   .
secret_group     org_admin      N    N   .
secret_group     author         Y    Y   .
secret_group     deactivated    N    N   .
secret_post      anonymous      N    N   N
secret_post      member         N    N   N
secret_post      group_member   Y    Y   Y
secret_post      group_admin    Y    Y   Y
secret_post      moderator      N    N   N
secret_post      leader         N    N   N
secret_post      org_admin      N    N   N
secret_post      author         Y    Y   Y
secret_post      deactivated    N    N   N
secret_comment   anonymous      N    N   N
secret_comment   member         N    N   N
secret_comment   group_member   Y    Y   Y
secret_comment   group_admin    Y    Y   Y
secret_comment   moderator      N    N   N
secret_comment   leader         N    N   N
secret_comment   org_admin      N    N   N
secret_comment   author         Y    Y   Y
secret_comment   deactivated    N    N   N
secret_members   anonymous      N    .   .
secret_members   member         N    .   .
secret_members   group_member   Y    .   .
secret_members   group_admin    Y    .   .
secret_members   moderator      N    .   .
secret_members   leader         N    .   .
secret_members   org_admin      N    .   .
secret_members   author         Y    .   .
secret_members   deactivated    N    .   .
"""

# Gus (the group member) leaves Board (private) and Skunkworks (secret).
AFTER_MEMBER_LEAVES = """
object           persona        view get audience
private_post     group_member   N    N   N
private_comment  group_member   N    N   N
private_members  group_member   N    .   .
secret_group     group_member   N    N   .
secret_post      group_member   N    N   N
secret_comment   group_member   N    N   N
secret_members   group_member   N    .   .
"""

# Gale (group admin) makes Commons private: still listed, content for members only.
AFTER_PUBLIC_GOES_PRIVATE = """
object           persona        view get audience
public_post      member         N    N   N
public_post      moderator      N    N   N
public_post      leader         N    N   N
public_post      org_admin      N    N   N
public_comment   member         N    N   N
public_comment   moderator      N    N   N
public_comment   leader         N    N   N
public_comment   org_admin      N    N   N
public_members   member         N    .   .
public_members   moderator      N    .   .
public_members   leader         N    .   .
public_members   org_admin      N    .   .
"""

# ... and then secret: the group itself disappears for non-members too.
AFTER_PRIVATE_GOES_SECRET = AFTER_PUBLIC_GOES_PRIVATE + """
public_group     member         N    N   .
public_group     moderator      N    N   .
public_group     leader         N    N   .
public_group     org_admin      N    N   .
"""

# Aria (the author) moves the organisation-wide post into Skunkworks (secret).
AFTER_ORG_POST_MOVES_TO_SECRET = """
object           persona        view get audience
org_post         member         N    N   N
org_post         moderator      N    N   N
org_post         leader         N    N   N
org_post         org_admin      N    N   N
org_comment      member         N    N   N
org_comment      moderator      N    N   N
org_comment      leader         N    N   N
org_comment      org_admin      N    N   N
"""

# Aria deletes the post in Board (private): it and its comment are gone for everyone.
AFTER_PRIVATE_POST_DELETED = """
object           persona        view get audience
private_post     group_member   N    N   N
private_post     group_admin    N    N   N
private_post     author         N    N   N
private_comment  group_member   N    N   N
private_comment  group_admin    N    N   N
private_comment  author         N    N   N
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


PATHS = {"view": path_view, "get": path_get, "audience": path_audience}
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

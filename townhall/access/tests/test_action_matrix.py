"""Who may change what: the write rules of posts and comments, written out by hand.

Same personas and objects as test_matrix.py (see world.py), the external guest Gwen (in
Board only) included. Aria (author) wrote every
post and comment. Y: allowed, N: refused, `.`: does not apply.
  edit     can_edit_post / can_edit_comment
  delete   can_delete_post / can_delete_comment (author, group admin in their group, org admin)
  history  can_view_post_history / can_view_comment_history (author and moderators)
  move     can_move_post (author or moderator)
  comment  can_comment_on_post
  react    can_react
"""

import pytest

from townhall.access import posts as access
from townhall.access.tests.test_matrix import parse
from townhall.access.tests.world import PERSONAS_WITH_GUEST as PERSONAS
from townhall.access.tests.world import World, build_world
from townhall.groups import actions as groups

# fmt: off
ACTIONS = """
object           persona        edit delete history move comment react
org_post         anonymous      N    N      N       N    N       N
org_post         member         N    N      N       N    Y       Y
org_post         group_member   N    N      N       N    Y       Y
org_post         group_admin    N    N      N       N    Y       Y
org_post         moderator      N    N      Y       Y    Y       Y
org_post         leader         N    N      N       N    Y       Y
org_post         org_admin      N    Y      Y       Y    Y       Y
org_post         author         Y    Y      Y       Y    Y       Y
org_post         deactivated    N    N      N       N    N       N
org_post         guest          N    N      N       N    N       N
public_post      anonymous      N    N      N       N    N       N
public_post      member         N    N      N       N    Y       Y
public_post      group_member   N    N      N       N    Y       Y
public_post      group_admin    N    Y      N       N    Y       Y
public_post      moderator      N    N      Y       Y    Y       Y
public_post      leader         N    N      N       N    Y       Y
public_post      org_admin      N    Y      Y       Y    Y       Y
public_post      author         Y    Y      Y       Y    Y       Y
public_post      deactivated    N    N      N       N    N       N
public_post      guest          N    N      N       N    N       N
private_post     anonymous      N    N      N       N    N       N
private_post     member         N    N      N       N    N       N
private_post     group_member   N    N      N       N    Y       Y
private_post     group_admin    N    Y      N       N    Y       Y
private_post     moderator      N    N      N       N    N       N
private_post     leader         N    N      N       N    N       N
private_post     org_admin      N    N      N       N    N       N
private_post     author         Y    Y      Y       Y    Y       Y
private_post     deactivated    N    N      N       N    N       N
private_post     guest          N    N      N       N    Y       Y
secret_post      anonymous      N    N      N       N    N       N
secret_post      member         N    N      N       N    N       N
secret_post      group_member   N    N      N       N    Y       Y
secret_post      group_admin    N    Y      N       N    Y       Y
secret_post      moderator      N    N      N       N    N       N
secret_post      leader         N    N      N       N    N       N
secret_post      org_admin      N    N      N       N    N       N
secret_post      author         Y    Y      Y       Y    Y       Y
secret_post      deactivated    N    N      N       N    N       N
secret_post      guest          N    N      N       N    N       N
org_comment      anonymous      N    N      N       .    .       N
org_comment      member         N    N      N       .    .       Y
org_comment      group_member   N    N      N       .    .       Y
org_comment      group_admin    N    N      N       .    .       Y
org_comment      moderator      N    N      Y       .    .       Y
org_comment      leader         N    N      N       .    .       Y
org_comment      org_admin      N    Y      Y       .    .       Y
org_comment      author         Y    Y      Y       .    .       Y
org_comment      deactivated    N    N      N       .    .       N
org_comment      guest          N    N      N       .    .       N
public_comment   anonymous      N    N      N       .    .       N
public_comment   member         N    N      N       .    .       Y
public_comment   group_member   N    N      N       .    .       Y
public_comment   group_admin    N    Y      N       .    .       Y
public_comment   moderator      N    N      Y       .    .       Y
public_comment   leader         N    N      N       .    .       Y
public_comment   org_admin      N    Y      Y       .    .       Y
public_comment   author         Y    Y      Y       .    .       Y
public_comment   deactivated    N    N      N       .    .       N
public_comment   guest          N    N      N       .    .       N
private_comment  anonymous      N    N      N       .    .       N
private_comment  member         N    N      N       .    .       N
private_comment  group_member   N    N      N       .    .       Y
private_comment  group_admin    N    Y      N       .    .       Y
private_comment  moderator      N    N      N       .    .       N
private_comment  leader         N    N      N       .    .       N
private_comment  org_admin      N    N      N       .    .       N
private_comment  author         Y    Y      Y       .    .       Y
private_comment  deactivated    N    N      N       .    .       N
private_comment  guest          N    N      N       .    .       Y
secret_comment   anonymous      N    N      N       .    .       N
secret_comment   member         N    N      N       .    .       N
secret_comment   group_member   N    N      N       .    .       Y
secret_comment   group_admin    N    Y      N       .    .       Y
secret_comment   moderator      N    N      N       .    .       N
secret_comment   leader         N    N      N       .    .       N
secret_comment   org_admin      N    N      N       .    .       N
secret_comment   author         Y    Y      Y       .    .       Y
secret_comment   deactivated    N    N      N       .    .       N
secret_comment   guest          N    N      N       .    .       N
"""

# Gale archives Commons: read-only for everyone, but deleting still works.
AFTER_PUBLIC_GROUP_ARCHIVED = """
object           persona        edit delete history move comment react
public_post      member         N    N      N       N    N       N
public_post      group_member   N    N      N       N    N       N
public_post      group_admin    N    Y      N       N    N       N
public_post      moderator      N    N      Y       N    N       N
public_post      leader         N    N      N       N    N       N
public_post      org_admin      N    Y      Y       N    N       N
public_post      author         N    Y      Y       N    N       N
public_comment   member         N    N      N       .    .       N
public_comment   group_member   N    N      N       .    .       N
public_comment   group_admin    N    Y      N       .    .       N
public_comment   moderator      N    N      Y       .    .       N
public_comment   leader         N    N      N       .    .       N
public_comment   org_admin      N    Y      Y       .    .       N
public_comment   author         N    Y      Y       .    .       N
"""
# fmt: on

POST_CHECKS = {
    "edit": access.can_edit_post,
    "delete": access.can_delete_post,
    "history": access.can_view_post_history,
    "move": access.can_move_post,
    "comment": access.can_comment_on_post,
    "react": access.can_react,
}
COMMENT_CHECKS = {
    "edit": access.can_edit_comment,
    "delete": access.can_delete_comment,
    "history": access.can_view_comment_history,
    "react": access.can_react,
}
SYMBOL = {True: "Y", False: "N"}


def assert_actions(world: World, expected: dict) -> None:
    assert {persona for _obj, persona in expected} == set(PERSONAS)
    wrong = []
    for (name, persona), columns in expected.items():
        where, thing = name.split("_")
        actor = world.actor(persona)
        obj = (world.posts if thing == "post" else world.comments)[where]
        obj.refresh_from_db()
        checks = POST_CHECKS if thing == "post" else COMMENT_CHECKS
        for action, want in columns.items():
            got = SYMBOL[checks[action](actor, obj)] if action in checks else "."
            if got != want:
                wrong.append(f"{name:16} {persona:13} {action:8} expected {want}, got {got}")
    assert not wrong, "action matrix cells differ:\n" + "\n".join(wrong)


@pytest.fixture
def world(make_user) -> World:
    return build_world(make_user, guest=True)


def test_every_persona_may_do_exactly_what_the_table_says(world):
    assert len(parse(ACTIONS)) == 80
    assert_actions(world, parse(ACTIONS))


def test_an_archived_group_is_read_only_but_still_allows_deleting(world):
    groups.archive_group(actor=world.people["group_admin"], group=world.groups["public"])
    expected = parse(ACTIONS)
    for cell, values in parse(AFTER_PUBLIC_GROUP_ARCHIVED).items():
        expected[cell] = values
    assert_actions(world, expected)

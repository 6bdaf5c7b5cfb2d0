"""The permission matrix of announcements, written out by hand, cell by cell.

Same personas and organisation as test_matrix.py (world.py), the external guest Gwen (in
Board only) included. On top of it:
  org_ann      Lee (leader, in no group) announces to the whole organisation
  private_ann  Gale (admin of the three groups) announces in Board (private)
  secret_ann   Gale announces in Skunkworks (secret)
Columns (Y: yes, N: no):
  view    can_view_announcement agrees with visible_announcements (asserted), and says Y
  get     get_announcement_or_404 finds it
  apid    GET /api/v1/announcements/{id} answers 200 (not 401/404)
  apil    it is in GET /api/v1/announcements
  pin     it is pinned above the persona's home feed (selectors.pinned_for)
  ack     can_acknowledge ("Got it"; its author has nothing to confirm)
  stats   can_view_announcement_stats agrees with stats_visible_announcements, and says Y
  remind  can_remind
And who may announce where (ANNOUNCE): can_announce(persona, target), with
announceable_groups asserted to agree for the three groups.
"""

import pytest
from django.http import Http404

from townhall.access import announcements as access
from townhall.access.tests.test_matrix import parse, with_changes
from townhall.access.tests.world import PERSONAS_WITH_GUEST as PERSONAS
from townhall.access.tests.world import build_world
from townhall.accounts.models import User
from townhall.accounts.tokens import create_token
from townhall.announcements import actions
from townhall.announcements.selectors import pinned_for
from townhall.api.tests.conftest import ApiClient
from townhall.groups import actions as groups
from townhall.posts import actions as posts

# fmt: off
VISIBILITY = """
object       persona      view get apid apil pin ack stats remind
org_ann      anonymous    N    N   N    N    N   N   N     N
org_ann      member       Y    Y   Y    Y    Y   Y   N     N
org_ann      group_member Y    Y   Y    Y    Y   Y   N     N
org_ann      group_admin  Y    Y   Y    Y    Y   Y   N     N
org_ann      moderator    Y    Y   Y    Y    Y   Y   N     N
org_ann      leader       Y    Y   Y    Y    N   N   Y     Y
org_ann      org_admin    Y    Y   Y    Y    Y   Y   Y     Y
org_ann      author       Y    Y   Y    Y    Y   Y   N     N
org_ann      deactivated  N    N   N    N    N   N   N     N
org_ann      guest        N    N   N    N    N   N   N     N
private_ann  anonymous    N    N   N    N    N   N   N     N
private_ann  member       N    N   N    N    N   N   N     N
private_ann  group_member Y    Y   Y    Y    Y   Y   N     N
private_ann  group_admin  Y    Y   Y    Y    N   N   Y     Y
private_ann  moderator    N    N   N    N    N   N   N     N
private_ann  leader       N    N   N    N    N   N   N     N
private_ann  org_admin    N    N   N    N    N   N   N     N
private_ann  author       Y    Y   Y    Y    Y   Y   N     N
private_ann  deactivated  N    N   N    N    N   N   N     N
private_ann  guest        Y    Y   Y    Y    Y   Y   N     N
secret_ann   anonymous    N    N   N    N    N   N   N     N
secret_ann   member       N    N   N    N    N   N   N     N
secret_ann   group_member Y    Y   Y    Y    Y   Y   N     N
secret_ann   group_admin  Y    Y   Y    Y    N   N   Y     Y
secret_ann   moderator    N    N   N    N    N   N   N     N
secret_ann   leader       N    N   N    N    N   N   N     N
secret_ann   org_admin    N    N   N    N    N   N   N     N
secret_ann   author       Y    Y   Y    Y    Y   Y   N     N
secret_ann   deactivated  N    N   N    N    N   N   N     N
secret_ann   guest        N    N   N    N    N   N   N     N
"""

# Gus leaves Board and Skunkworks; Aria presses "Got it" on all three.
AFTER_LEAVING_AND_READING = """
object       persona      view get apid apil pin ack stats remind
private_ann  group_member N    N   N    N    N   N   N     N
secret_ann   group_member N    N   N    N    N   N   N     N
org_ann      author       Y    Y   Y    Y    N   Y   N     N
private_ann  author       Y    Y   Y    Y    N   Y   N     N
secret_ann   author       Y    Y   Y    Y    N   Y   N     N
"""

# An org admin deletes the organisation-wide announcement's post: it is gone for everyone.
AFTER_ORG_ANNOUNCEMENT_DELETED = """
object       persona      view get apid apil pin ack stats remind
org_ann      member       N    N   N    N    N   N   N     N
org_ann      group_member N    N   N    N    N   N   N     N
org_ann      group_admin  N    N   N    N    N   N   N     N
org_ann      moderator    N    N   N    N    N   N   N     N
org_ann      leader       N    N   N    N    N   N   N     N
org_ann      org_admin    N    N   N    N    N   N   N     N
org_ann      author       N    N   N    N    N   N   N     N
"""

ANNOUNCE = """
object   persona      org public private secret
announce anonymous    N   N      N       N
announce member       N   N      N       N
announce group_member N   N      N       N
announce group_admin  N   Y      Y       Y
announce moderator    N   N      N       N
announce leader       Y   N      N       N
announce org_admin    Y   N      N       N
announce author       N   N      N       N
announce deactivated  N   N      N       N
announce guest        N   N      N       N
"""
# fmt: on

SYMBOL = {True: "Y", False: "N"}


@pytest.fixture
def world(make_user):
    world = build_world(make_user, guest=True)
    lee, gale = world.people["leader"], world.people["group_admin"]
    world.announcements = {
        "org_ann": actions.publish_announcement(actor=lee, body="All hands on Friday."),
        "private_ann": actions.publish_announcement(
            actor=gale, body="Board meets Monday.", group=world.groups["private"]
        ),
        "secret_ann": actions.publish_announcement(
            actor=gale, body="Prototype demo.", group=world.groups["secret"]
        ),
    }
    world.clients = {}
    return world


def client_for(world, persona: str):
    if persona not in world.clients:
        if persona == "anonymous":
            world.clients[persona] = ApiClient()
        else:
            user = User.objects.get(pk=world.people[persona].pk)
            _token, secret = create_token(user=user, name="matrix", scope="read")
            world.clients[persona] = ApiClient(secret)
    return world.clients[persona]


def cells_for(world, actor, persona: str, name: str) -> dict[str, str]:
    announcement = world.announcements[name]
    announcement.refresh_from_db()
    announcement.post.refresh_from_db()
    check = access.can_view_announcement(actor, announcement)
    listed = access.visible_announcements(actor).filter(pk=announcement.pk).exists()
    assert check == listed, f"{name}/{persona}: check {check}, filter {listed}"
    try:
        access.get_announcement_or_404(actor, pk=announcement.pk)
        got = True
    except Http404:
        got = False
    api = client_for(world, persona)
    detail = api.get(f"/api/v1/announcements/{announcement.pk}")
    assert detail.status_code in (200, 401, 404)
    listing = api.get("/api/v1/announcements", {"limit": 100})
    in_list = listing.status_code == 200 and announcement.pk in {
        item["id"] for item in listing.json()["items"]
    }
    stats = access.can_view_announcement_stats(actor, announcement)
    stats_listed = access.stats_visible_announcements(actor).filter(pk=announcement.pk).exists()
    assert stats == stats_listed, f"{name}/{persona}: stats check {stats}, filter {stats_listed}"
    pinned = announcement in list(pinned_for(actor))
    values = {
        "view": check,
        "get": got,
        "apid": detail.status_code == 200,
        "apil": in_list,
        "pin": pinned,
        "ack": access.can_acknowledge(actor, announcement),
        "stats": stats,
        "remind": access.can_remind(actor, announcement),
    }
    return {column: SYMBOL[bool(value)] for column, value in values.items()}


def assert_matrix(world, expected: dict) -> None:
    assert {persona for _obj, persona in expected} == set(PERSONAS)
    wrong = []
    for (name, persona), columns in expected.items():
        actor = world.actor(persona)
        got = cells_for(world, actor, persona, name)
        for column, want in columns.items():
            if got[column] != want:
                wrong.append(
                    f"{name:12} {persona:13} {column:7} expected {want}, got {got[column]}"
                )
    assert not wrong, "announcement matrix cells differ:\n" + "\n".join(wrong)


def test_the_matrix_has_30_cells_of_8_columns():
    cells = parse(VISIBILITY)
    assert len(cells) == 30 and {len(v) for v in cells.values()} == {8}


def test_every_persona_sees_exactly_what_the_table_says(world):
    assert_matrix(world, parse(VISIBILITY))


def test_leaving_a_group_hides_its_announcements_and_got_it_unpins(world):
    gus, aria = world.people["group_member"], world.people["author"]
    groups.leave_group(actor=gus, group=world.groups["private"])
    groups.leave_group(actor=gus, group=world.groups["secret"])
    for announcement in world.announcements.values():
        actions.acknowledge(actor=aria, announcement=announcement)
    assert_matrix(world, with_changes(VISIBILITY, AFTER_LEAVING_AND_READING))


def test_a_deleted_announcement_vanishes_for_everyone(world):
    post = world.announcements["org_ann"].post
    posts.delete_post(actor=world.people["org_admin"], post=post)
    assert_matrix(world, with_changes(VISIBILITY, AFTER_ORG_ANNOUNCEMENT_DELETED))


def test_who_may_announce_where(world):
    wrong = []
    for (_announce, persona), columns in parse(ANNOUNCE).items():
        actor = world.actor(persona)
        allowed_groups = set(access.announceable_groups(actor).values_list("pk", flat=True))
        for target, want in columns.items():
            group = None if target == "org" else world.groups[target]
            got = access.can_announce(actor, group)
            if group is not None:
                assert got == (group.pk in allowed_groups), f"{persona} {target}: pair disagrees"
            if SYMBOL[got] != want:
                wrong.append(f"{persona:13} {target:8} expected {want}, got {SYMBOL[got]}")
    assert not wrong, "who may announce differs:\n" + "\n".join(wrong)

"""The permission matrix of praise, written out by hand, cell by cell.

Same personas and organisation as test_matrix.py (world.py), the external guest Gwen (in
Board only) included. On top of it, Aria (author):
  org_praise      praises Gus (group member) in the whole organisation
  private_praise  praises Gus in Board (private)
  secret_praise   praises Gale (group admin) in Skunkworks (secret)
Columns (Y: yes, N: no):
  view   can_view_praise agrees with visible_praise (asserted), and says Y
  get    get_praise_or_404 finds it
  apid   GET /api/v1/praise/{id} answers 200 (not 401/404)
  apil   it is in GET /api/v1/praise
  recv   it is in the "Praise received" of the person praised (selectors.praise_page)
  apir   it is in GET /api/v1/people/{praised}/praise
  page   it is on the praised person's received page /praise/people/<username>/
And who may give praise where (GIVE): can_give_praise(persona, target).
"""

import pytest
from django.http import Http404
from django.test import Client

from townhall.access import praise as access
from townhall.access.tests.test_matrix import parse, with_changes
from townhall.access.tests.world import PERSONAS_WITH_GUEST as PERSONAS
from townhall.access.tests.world import build_world
from townhall.accounts.models import User
from townhall.accounts.tokens import create_token
from townhall.api.tests.conftest import ApiClient
from townhall.groups import actions as groups
from townhall.praise.actions import give_praise
from townhall.praise.selectors import praise_page

# fmt: off
VISIBILITY = """
object          persona      view get apid apil recv apir page
org_praise      anonymous    N    N   N    N    N    N    N
org_praise      member       Y    Y   Y    Y    Y    Y    Y
org_praise      group_member Y    Y   Y    Y    Y    Y    Y
org_praise      group_admin  Y    Y   Y    Y    Y    Y    Y
org_praise      moderator    Y    Y   Y    Y    Y    Y    Y
org_praise      leader       Y    Y   Y    Y    Y    Y    Y
org_praise      org_admin    Y    Y   Y    Y    Y    Y    Y
org_praise      author       Y    Y   Y    Y    Y    Y    Y
org_praise      deactivated  N    N   N    N    N    N    N
org_praise      guest        N    N   N    N    N    N    N
private_praise  anonymous    N    N   N    N    N    N    N
private_praise  member       N    N   N    N    N    N    N
private_praise  group_member Y    Y   Y    Y    Y    Y    Y
private_praise  group_admin  Y    Y   Y    Y    Y    Y    Y
private_praise  moderator    N    N   N    N    N    N    N
private_praise  leader       N    N   N    N    N    N    N
private_praise  org_admin    N    N   N    N    N    N    N
private_praise  author       Y    Y   Y    Y    Y    Y    Y
private_praise  deactivated  N    N   N    N    N    N    N
private_praise  guest        Y    Y   Y    Y    Y    Y    Y
secret_praise   anonymous    N    N   N    N    N    N    N
secret_praise   member       N    N   N    N    N    N    N
secret_praise   group_member Y    Y   Y    Y    Y    Y    Y
secret_praise   group_admin  Y    Y   Y    Y    Y    Y    Y
secret_praise   moderator    N    N   N    N    N    N    N
secret_praise   leader       N    N   N    N    N    N    N
secret_praise   org_admin    N    N   N    N    N    N    N
secret_praise   author       Y    Y   Y    Y    Y    Y    Y
secret_praise   deactivated  N    N   N    N    N    N    N
secret_praise   guest        N    N   N    N    N    N    N
"""

# Gale makes Board public: its praise is now for every active person.
AFTER_BOARD_GOES_PUBLIC = """
object          persona      view get apid apil recv apir page
private_praise  member       Y    Y   Y    Y    Y    Y    Y
private_praise  moderator    Y    Y   Y    Y    Y    Y    Y
private_praise  leader       Y    Y   Y    Y    Y    Y    Y
private_praise  org_admin    Y    Y   Y    Y    Y    Y    Y
"""

GIVE = """
object persona      org public private secret
give   anonymous    N   N      N       N
give   member       Y   N      N       N
give   group_member Y   Y      Y       Y
give   group_admin  Y   Y      Y       Y
give   moderator    Y   N      N       N
give   leader       Y   N      N       N
give   org_admin    Y   N      N       N
give   author       Y   Y      Y       Y
give   deactivated  N   N      N       N
give   guest        N   N      Y       N
"""
# fmt: on

SYMBOL = {True: "Y", False: "N"}


@pytest.fixture
def world(make_user):
    world = build_world(make_user, guest=True)
    aria, gus, gale = (world.people[p] for p in ("author", "group_member", "group_admin"))

    def give(recipient, group=None):
        return give_praise(
            actor=aria, recipients=[recipient], badge="thank_you", message="Thanks!", group=group
        )

    world.praise = {
        "org_praise": give(gus),
        "private_praise": give(gus, world.groups["private"]),
        "secret_praise": give(gale, world.groups["secret"]),
    }
    world.api_clients, world.page_clients = {}, {}
    return world


def api_for(world, persona: str) -> ApiClient:
    if persona not in world.api_clients:
        if persona == "anonymous":
            world.api_clients[persona] = ApiClient()
        else:
            user = User.objects.get(pk=world.people[persona].pk)
            _token, secret = create_token(user=user, name="matrix", scope="read")
            world.api_clients[persona] = ApiClient(secret)
    return world.api_clients[persona]


def page_for(world, persona: str) -> Client:
    if persona not in world.page_clients:
        client = Client()
        if persona != "anonymous":
            client.force_login(User.objects.get(pk=world.people[persona].pk))
        world.page_clients[persona] = client
    return world.page_clients[persona]


def cells_for(world, actor, persona: str, name: str) -> dict[str, str]:
    praise = world.praise[name]
    praise.refresh_from_db()
    praise.post.refresh_from_db()
    praised = praise.recipients.get()
    check = access.can_view_praise(actor, praise)
    listed = access.visible_praise(actor).filter(pk=praise.pk).exists()
    assert check == listed, f"{name}/{persona}: check {check}, filter {listed}"
    try:
        access.get_praise_or_404(actor, pk=praise.pk)
        got = True
    except Http404:
        got = False
    api = api_for(world, persona)

    def in_api_list(path: str) -> bool:
        response = api.get(path, {"limit": 100})
        return response.status_code == 200 and praise.pk in {
            i["id"] for i in response.json()["items"]
        }

    page = page_for(world, persona).get(f"/praise/people/{praised.username}/")
    values = {
        "view": check,
        "get": got,
        "apid": api.get(f"/api/v1/praise/{praise.pk}").status_code == 200,
        "apil": in_api_list("/api/v1/praise"),
        "recv": praise in praise_page(actor, person=praised).items,
        "apir": in_api_list(f"/api/v1/people/{praised.pk}/praise"),
        "page": page.status_code == 200 and f"/posts/{praise.post_id}/" in page.content.decode(),
    }
    return {column: SYMBOL[bool(value)] for column, value in values.items()}


def assert_matrix(world, expected: dict) -> None:
    assert {persona for _obj, persona in expected} == set(PERSONAS)
    wrong = []
    for (name, persona), columns in expected.items():
        got = cells_for(world, world.actor(persona), persona, name)
        for column, want in columns.items():
            if got[column] != want:
                wrong.append(
                    f"{name:15} {persona:13} {column:5} expected {want}, got {got[column]}"
                )
    assert not wrong, "praise matrix cells differ:\n" + "\n".join(wrong)


def test_the_matrix_has_30_cells_of_7_columns():
    cells = parse(VISIBILITY)
    assert len(cells) == 30 and {len(v) for v in cells.values()} == {7}


def test_every_persona_sees_exactly_what_the_table_says(world):
    assert_matrix(world, parse(VISIBILITY))


def test_a_private_group_going_public_shows_its_praise_to_everyone(world):
    groups.change_kind(
        actor=world.people["group_admin"], group=world.groups["private"], kind="public"
    )
    assert_matrix(world, with_changes(VISIBILITY, AFTER_BOARD_GOES_PUBLIC))


def test_who_may_give_praise_where(world):
    wrong = []
    for (_give, persona), columns in parse(GIVE).items():
        actor = world.actor(persona)
        for target, want in columns.items():
            group = None if target == "org" else world.groups[target]
            got = SYMBOL[access.can_give_praise(actor, group)]
            if got != want:
                wrong.append(f"{persona:13} {target:8} expected {want}, got {got}")
    assert not wrong, "who may give praise differs:\n" + "\n".join(wrong)

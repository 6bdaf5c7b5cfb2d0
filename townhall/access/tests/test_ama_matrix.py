"""The ask-me-anything permission matrix, written by hand, cell by cell.

The personas are those of world.py (the social core's matrix, the external guest Gwen, in
Board only, included); on top of that world, Lee
the leader joins the three groups and hosts a session in the organisation and in each
group. Gus asks a question under his name; Aria (the `author` persona) asks anonymously.

Objects:
  org_session public_session private_session secret_session   the four sessions
  org_named private_named      Gus's named questions
  org_anon public_anon private_anon secret_anon   Aria's anonymous questions

Paths (Y reachable, N not, r sent to sign in, `.` does not apply):
  view  the object check agrees with the queryset filter (can_view_ama_session /
        visible_ama_sessions, can_view_ama_question / visible_ama_questions)
  get   get_ama_session_or_404 / get_ama_question_or_404 finds it
  page  the session page /ama/<id>/ opens (for a question: the session page shows it);
        forbidden is a 404 byte for byte like a missing id's
  part  the question's htmx fragment, GET /ama/questions/<id>/ with HX-Request
  apid  GET /api/v1/ama/sessions/{id} or /api/v1/ama/questions/{id} answers 200
  apil  in /api/v1/ama/sessions, or in /api/v1/ama/sessions/{id}/questions
  who   the persona learns WHO ASKED: can_see_asker agrees with
        questions_with_visible_asker, and on every path above that shows the question
        (page, part, apid, apil) the asker is named exactly when the cell says Y. When it
        says N, the asker's name, username and profile link appear NOWHERE in any of those
        answers, and the API's `asker` is null.

The anonymous questions' `who` column is the issue's promise: peers never learn the
asker; the asker and moderators (org admins count) do; the host does not unless the
host is a moderator (the last test makes Lee one and re-runs the matrix).
"""

import json
from datetime import timedelta

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from townhall.access import ama as access
from townhall.access.tests.world import PERSONAS_WITH_GUEST as PERSONAS
from townhall.access.tests.world import World, add_to_group, build_world
from townhall.accounts.actions import change_role
from townhall.accounts.models import User
from townhall.ama import actions as ama
from townhall.ama.models import AmaSession

PATHS = ["view", "get", "page", "part", "apid", "apil", "who"]
MISSING_ID = 987654321

# fmt: off
MATRIX = """
object          persona      view get page part apid apil who
org_session     anonymous    N    N   r    .    N    N    .
org_session     member       Y    Y   Y    .    Y    Y    .
org_session     group_member Y    Y   Y    .    Y    Y    .
org_session     group_admin  Y    Y   Y    .    Y    Y    .
org_session     moderator    Y    Y   Y    .    Y    Y    .
org_session     leader       Y    Y   Y    .    Y    Y    .
org_session     org_admin    Y    Y   Y    .    Y    Y    .
org_session     author       Y    Y   Y    .    Y    Y    .
org_session     deactivated  N    N   r    .    N    N    .
org_session     guest        N    N   N    .    N    N    .
public_session  anonymous    N    N   r    .    N    N    .
public_session  member       Y    Y   Y    .    Y    Y    .
public_session  group_member Y    Y   Y    .    Y    Y    .
public_session  group_admin  Y    Y   Y    .    Y    Y    .
public_session  moderator    Y    Y   Y    .    Y    Y    .
public_session  leader       Y    Y   Y    .    Y    Y    .
public_session  org_admin    Y    Y   Y    .    Y    Y    .
public_session  author       Y    Y   Y    .    Y    Y    .
public_session  deactivated  N    N   r    .    N    N    .
public_session  guest        N    N   N    .    N    N    .
private_session anonymous    N    N   r    .    N    N    .
private_session member       N    N   N    .    N    N    .
private_session group_member Y    Y   Y    .    Y    Y    .
private_session group_admin  Y    Y   Y    .    Y    Y    .
private_session moderator    N    N   N    .    N    N    .
private_session leader       Y    Y   Y    .    Y    Y    .
private_session org_admin    N    N   N    .    N    N    .
private_session author       Y    Y   Y    .    Y    Y    .
private_session deactivated  N    N   r    .    N    N    .
private_session guest        Y    Y   Y    .    Y    Y    .
secret_session  anonymous    N    N   r    .    N    N    .
secret_session  member       N    N   N    .    N    N    .
secret_session  group_member Y    Y   Y    .    Y    Y    .
secret_session  group_admin  Y    Y   Y    .    Y    Y    .
secret_session  moderator    N    N   N    .    N    N    .
secret_session  leader       Y    Y   Y    .    Y    Y    .
secret_session  org_admin    N    N   N    .    N    N    .
secret_session  author       Y    Y   Y    .    Y    Y    .
secret_session  deactivated  N    N   r    .    N    N    .
secret_session  guest        N    N   N    .    N    N    .
org_named       anonymous    N    N   r    r    N    N    N
org_named       member       Y    Y   Y    Y    Y    Y    Y
org_named       group_member Y    Y   Y    Y    Y    Y    Y
org_named       group_admin  Y    Y   Y    Y    Y    Y    Y
org_named       moderator    Y    Y   Y    Y    Y    Y    Y
org_named       leader       Y    Y   Y    Y    Y    Y    Y
org_named       org_admin    Y    Y   Y    Y    Y    Y    Y
org_named       author       Y    Y   Y    Y    Y    Y    Y
org_named       deactivated  N    N   r    r    N    N    N
org_named       guest        N    N   N    N    N    N    N
org_anon        anonymous    N    N   r    r    N    N    N
org_anon        member       Y    Y   Y    Y    Y    Y    N
org_anon        group_member Y    Y   Y    Y    Y    Y    N
org_anon        group_admin  Y    Y   Y    Y    Y    Y    N
org_anon        moderator    Y    Y   Y    Y    Y    Y    Y
org_anon        leader       Y    Y   Y    Y    Y    Y    N
org_anon        org_admin    Y    Y   Y    Y    Y    Y    Y
org_anon        author       Y    Y   Y    Y    Y    Y    Y
org_anon        deactivated  N    N   r    r    N    N    N
org_anon        guest        N    N   N    N    N    N    N
public_anon     anonymous    N    N   r    r    N    N    N
public_anon     member       Y    Y   Y    Y    Y    Y    N
public_anon     group_member Y    Y   Y    Y    Y    Y    N
public_anon     group_admin  Y    Y   Y    Y    Y    Y    N
public_anon     moderator    Y    Y   Y    Y    Y    Y    Y
public_anon     leader       Y    Y   Y    Y    Y    Y    N
public_anon     org_admin    Y    Y   Y    Y    Y    Y    Y
public_anon     author       Y    Y   Y    Y    Y    Y    Y
public_anon     deactivated  N    N   r    r    N    N    N
public_anon     guest        N    N   N    N    N    N    N
private_named   anonymous    N    N   r    r    N    N    N
private_named   member       N    N   N    N    N    N    N
private_named   group_member Y    Y   Y    Y    Y    Y    Y
private_named   group_admin  Y    Y   Y    Y    Y    Y    Y
private_named   moderator    N    N   N    N    N    N    N
private_named   leader       Y    Y   Y    Y    Y    Y    Y
private_named   org_admin    N    N   N    N    N    N    N
private_named   author       Y    Y   Y    Y    Y    Y    Y
private_named   deactivated  N    N   r    r    N    N    N
private_named   guest        Y    Y   Y    Y    Y    Y    Y
private_anon    anonymous    N    N   r    r    N    N    N
private_anon    member       N    N   N    N    N    N    N
private_anon    group_member Y    Y   Y    Y    Y    Y    N
private_anon    group_admin  Y    Y   Y    Y    Y    Y    N
private_anon    moderator    N    N   N    N    N    N    N
private_anon    leader       Y    Y   Y    Y    Y    Y    N
private_anon    org_admin    N    N   N    N    N    N    N
private_anon    author       Y    Y   Y    Y    Y    Y    Y
private_anon    deactivated  N    N   r    r    N    N    N
private_anon    guest        Y    Y   Y    Y    Y    Y    N
secret_anon     anonymous    N    N   r    r    N    N    N
secret_anon     member       N    N   N    N    N    N    N
secret_anon     group_member Y    Y   Y    Y    Y    Y    N
secret_anon     group_admin  Y    Y   Y    Y    Y    Y    N
secret_anon     moderator    N    N   N    N    N    N    N
secret_anon     leader       Y    Y   Y    Y    Y    Y    N
secret_anon     org_admin    N    N   N    N    N    N    N
secret_anon     author       Y    Y   Y    Y    Y    Y    Y
secret_anon     deactivated  N    N   r    r    N    N    N
secret_anon     guest        N    N   N    N    N    N    N
"""
# fmt: on

# When Lee, the host, becomes a moderator, he learns who asked what he can see.
AFTER_HOST_BECOMES_MODERATOR = """
org_anon        leader       who Y
public_anon     leader       who Y
private_anon    leader       who Y
secret_anon     leader       who Y
"""


def parse(table: str) -> dict[tuple[str, str], dict[str, str]]:
    lines = [line.split() for line in table.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    assert header[2:] == PATHS
    return {(row[0], row[1]): dict(zip(PATHS, row[2:], strict=True)) for row in rows}


def with_changes(table: str, changes: str) -> dict:
    cells = parse(table)
    for obj, persona, path, value in (line.split() for line in changes.strip().splitlines()):
        assert cells[(obj, persona)][path] != value, f"{obj}/{persona}/{path} already {value}"
        cells[(obj, persona)][path] = value
    return cells


# --- the world ------------------------------------------------------------------------


def build_ama_world(make_user) -> World:
    world = build_world(make_user, guest=True)
    lee, gus, aria = (world.people[p] for p in ("leader", "group_member", "author"))
    owner = User.objects.get(username="olga")
    for group in world.groups.values():
        add_to_group(owner, group, lee)
    now = timezone.now()
    world.sessions, world.questions = {}, {}
    for where in ("org", "public", "private", "secret"):
        world.sessions[where] = ama.open_session(
            actor=lee,
            title=f"AMA for {where}",
            starts_at=now - timedelta(minutes=5),
            ends_at=now + timedelta(hours=1),
            group=world.groups.get(where),
        )
    for where in ("org", "private"):
        world.questions[f"{where}_named"] = ama.ask_question(
            actor=gus, session=world.sessions[where], body=f"Named question in {where}"
        )
    for where in ("org", "public", "private", "secret"):
        question = ama.ask_question(
            actor=aria,
            session=world.sessions[where],
            body=f"Anonymous question in {where}",
            anonymous=True,
        )
        world.questions[f"{where}_anon"] = question
        ama.vote(actor=gus, question=question)
        ama.answer_question(actor=lee, question=question, answer="Answered in place.")
    return world


def _resolve(world: World, name: str):
    kind, thing = name.split("_")
    if thing == "session":
        return world.sessions[kind].__class__.objects.get(pk=world.sessions[kind].pk)
    question = world.questions[name]
    return question.__class__.objects.select_related("session", "session__group").get(
        pk=question.pk
    )


def _client(world: World, actor) -> Client:
    clients = world.__dict__.setdefault("clients", {})
    key = getattr(actor, "pk", None)
    if key not in clients:
        client = Client()
        if key is not None:
            client.force_login(actor)
        clients[key] = client
    return clients[key]


def _get(world, actor, path: str, **headers):
    cache = world.__dict__.setdefault("responses", {})
    key = (getattr(actor, "pk", None), path, tuple(headers.items()), world.__dict__.get("state"))
    if key not in cache:
        cache[key] = _client(world, actor).get(path, **headers)
    return cache[key]


def _html(world, actor, path: str, missing: str, **headers) -> str | bool:
    """The page as text, "r" for the sign-in redirect, False for a 404 like a missing id's."""
    response = _get(world, actor, path, **headers)
    if response.status_code == 302:
        assert not (actor.is_authenticated and actor.is_active), f"{path} redirected"
        assert response["Location"].startswith(reverse("account_login"))
        return "r"
    if response.status_code == 404:
        assert response.content == _get(world, actor, missing, **headers).content
        return False
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    return response.content.decode()


def _json(world, actor, path: str):
    response = _get(world, actor, path)
    if response.status_code in (401, 404):
        return None
    assert response.status_code == 200, response.content
    return response.json()


# --- the paths ------------------------------------------------------------------------


def _question_block(html: str, question_id: int) -> str | None:
    start = html.find(f'id="question-{question_id}"')
    if start < 0:
        return None
    end = html.find("</li>", start)
    return html[start:end]


def _session_page(world, actor, session: AmaSession):
    missing = reverse("ama:detail", args=[MISSING_ID])
    return _html(world, actor, reverse("ama:detail", args=[session.pk]), missing)


def _partial(world, actor, question):
    missing = reverse("ama:question", args=[MISSING_ID])
    path = reverse("ama:question", args=[question.pk])
    return _html(world, actor, path, missing, HTTP_HX_REQUEST="true")


def _api_detail(world, actor, name, obj):
    if name.endswith("_session"):
        return _json(world, actor, f"/api/v1/ama/sessions/{obj.pk}")
    return _json(world, actor, f"/api/v1/ama/questions/{obj.pk}")


def _api_listed(world, actor, name, obj):
    if name.endswith("_session"):
        page = _json(world, actor, "/api/v1/ama/sessions?limit=100")
    else:
        page = _json(world, actor, f"/api/v1/ama/sessions/{obj.session_id}/questions?limit=100")
    if page is None:
        return None
    return next((item for item in page["items"] if item["id"] == obj.pk), None)


def path_view(world, actor, name, obj):
    if name.endswith("_session"):
        check = access.can_view_ama_session(actor, obj)
        listed = access.visible_ama_sessions(actor).filter(pk=obj.pk).exists()
    else:
        check = access.can_view_ama_question(actor, obj)
        listed = access.visible_ama_questions(actor).filter(pk=obj.pk).exists()
    assert check == listed, f"object check says {check}, queryset filter says {listed}"
    return check


def path_get(world, actor, name, obj):
    getter = (
        access.get_ama_session_or_404
        if name.endswith("_session")
        else access.get_ama_question_or_404
    )
    try:
        return getter(actor, pk=obj.pk).pk == obj.pk
    except Http404:
        return False


def path_page(world, actor, name, obj):
    session = obj if name.endswith("_session") else obj.session
    html = _session_page(world, actor, session)
    if html in ("r", False) or name.endswith("_session"):
        return html if html == "r" else bool(html)
    return _question_block(html, obj.pk) is not None


def path_part(world, actor, name, obj):
    if name.endswith("_session"):
        return None
    html = _partial(world, actor, obj)
    return html if html == "r" else bool(html)


def path_apid(world, actor, name, obj):
    return _api_detail(world, actor, name, obj) is not None


def path_apil(world, actor, name, obj):
    return _api_listed(world, actor, name, obj) is not None


def path_who(world, actor, name, obj):
    """Whether the persona learns who asked, asserted to be the same on every path."""
    if name.endswith("_session"):
        return None
    check = access.can_see_asker(actor, obj)
    listed = access.questions_with_visible_asker(actor).filter(pk=obj.pk).exists()
    assert check == listed, f"can_see_asker says {check}, the queryset filter says {listed}"
    asker = obj.asker
    markers = [asker.display_name, f"/people/{asker.username}/", f'"{asker.username}"']
    shown = []
    page = _session_page(world, actor, obj.session)
    partial = _partial(world, actor, obj)
    for html in (page, partial):
        if html in ("r", False):
            continue
        block = _question_block(html, obj.pk)
        if block is None:
            continue
        named = asker.display_name in block or (actor.pk == asker.pk and "You asked" in block)
        shown.append(named)
        if not check and actor.pk != asker.pk:
            leaks = [m for m in markers if m in html]
            assert not leaks, f"{name}: the page names the asker to {actor}: {leaks}"
    for item in (_api_detail(world, actor, name, obj), _api_listed(world, actor, name, obj)):
        if item is None:
            continue
        shown.append(item["asker"] is not None and item["asker"]["id"] == asker.pk)
        if not check:
            assert item["asker"] is None
            text = json.dumps(item)
            assert not [m for m in markers if m in text], f"{name}: the API names the asker"
    assert all(s == check for s in shown), f"{name}: paths disagree: {shown} vs {check}"
    return check


PATH_FUNCTIONS = {
    "view": path_view,
    "get": path_get,
    "page": path_page,
    "part": path_part,
    "apid": path_apid,
    "apil": path_apil,
    "who": path_who,
}


def _value(answer) -> str:
    if answer is None:
        return "."
    if answer == "r":
        return "r"
    return "Y" if answer else "N"


def assert_matrix(world: World, cells: dict) -> None:
    wrong = []
    for (name, persona), expected in cells.items():
        actor = world.actor(persona)
        obj = _resolve(world, name)
        for path, want in expected.items():
            got = _value(PATH_FUNCTIONS[path](world, actor, name, obj))
            if got != want:
                wrong.append(f"{name:16} {persona:13} {path:5} expected {want}, got {got}")
    assert not wrong, "ama permission matrix cells differ:\n" + "\n".join(wrong)


@pytest.fixture
def world(make_user) -> World:
    return build_ama_world(make_user)


def test_the_ama_matrix_has_100_cells_for_every_persona_and_object():
    cells = parse(MATRIX)
    assert len(cells) == 100
    assert {persona for _o, persona in cells} == set(PERSONAS)
    applicable = sum(v != "." for values in cells.values() for v in values.values())
    assert applicable == 100 * 5 + 60 * 2


def test_every_persona_sees_sessions_questions_and_askers_exactly_as_the_table_says(world):
    assert_matrix(world, parse(MATRIX))


def test_a_closed_session_stays_readable_and_anonymous_stays_anonymous(world):
    now = timezone.now()
    AmaSession.objects.update(starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=2))
    world.state = "closed"
    assert_matrix(world, parse(MATRIX))


def test_a_host_who_becomes_a_moderator_learns_who_asked(world):
    change_role(actor=world.people["org_admin"], person=world.people["leader"], role="moderator")
    world.state = "host is moderator"
    assert_matrix(world, with_changes(MATRIX, AFTER_HOST_BECOMES_MODERATOR))


def test_search_does_not_index_questions_so_it_cannot_name_an_asker(world):
    for persona in ("member", "group_member", "moderator", "author", "guest"):
        client = _client(world, world.actor(persona))
        for kind in ("posts", "people"):
            response = client.get("/api/v1/search", {"q": "Anonymous question", "type": kind})
            assert response.status_code == 200
            assert "Anonymous question" not in response.content.decode()

"""Files in the search permission matrix, written out by hand, cell by cell.

Same personas and organisation as test_matrix.py (world.py), the external guest Gwen
(invited into Board only) included. On top of it Aria (author, made a leader so she may
publish publicly) shares one PDF named `zephyr-<object>.pdf` on each of:

  org_post / org_comment          the organisation-wide post and its comment
  public_* / private_* / secret_* the post and the comment in Commons (public), Board
                                  (private), Skunkworks (secret)
  a_pub / a_org / a_secret        a published article: public, organisation, in Skunkworks
  a_draft                         a draft article
  gone_post                       an organisation-wide post she deleted afterwards
  pending                         an upload she never attached

Columns (Y: found, N: not):
  view  can_view_attachment agrees with visible_attachments (asserted), and says Y
  sel   search_files(actor, "zephyr") returns it (by name)
  type  search_files(actor, "PDF") returns it (by type)
  tab   /search/?type=files&q=zephyr shows its name and its download link
  api   GET /api/v1/search?type=files&q=zephyr lists it
Two rules are typed here by hand, as in test_search_matrix.py: search is for signed-in,
active members (the anonymous visitor and the deactivated person find nothing, not even
a public article's file they may download), and a pending upload is never a result, not
even for its uploader. Files are never in the as-you-type suggestions nor on the Posts
tab, for anyone (asserted on every run). Search shows no counts of files.
Re-checked after a member leaves, a public group turns private then secret, a post moves
into a secret group and a post is deleted, each scenario stating only the cells that change.
"""

import pytest
from django.test import Client

from townhall.access import files as access
from townhall.access.tests.test_matrix import parse, with_changes
from townhall.access.tests.world import PERSONAS_WITH_GUEST, World, build_world
from townhall.accounts.actions import change_role
from townhall.blogs import actions as blogs
from townhall.files import actions as files
from townhall.files.tests.conftest import upload
from townhall.groups import actions as groups
from townhall.posts import actions as posts
from townhall.search.selectors import search_files

pytestmark = pytest.mark.django_db

# fmt: off
FILES = """
object          persona      view sel type tab api
org_post        anonymous    N    N   N    N   N
org_post        member       Y    Y   Y    Y   Y
org_post        group_member Y    Y   Y    Y   Y
org_post        group_admin  Y    Y   Y    Y   Y
org_post        moderator    Y    Y   Y    Y   Y
org_post        leader       Y    Y   Y    Y   Y
org_post        org_admin    Y    Y   Y    Y   Y
org_post        author       Y    Y   Y    Y   Y
org_post        deactivated  N    N   N    N   N
org_post        guest        N    N   N    N   N
org_comment     anonymous    N    N   N    N   N
org_comment     member       Y    Y   Y    Y   Y
org_comment     group_member Y    Y   Y    Y   Y
org_comment     group_admin  Y    Y   Y    Y   Y
org_comment     moderator    Y    Y   Y    Y   Y
org_comment     leader       Y    Y   Y    Y   Y
org_comment     org_admin    Y    Y   Y    Y   Y
org_comment     author       Y    Y   Y    Y   Y
org_comment     deactivated  N    N   N    N   N
org_comment     guest        N    N   N    N   N
public_post     anonymous    N    N   N    N   N
public_post     member       Y    Y   Y    Y   Y
public_post     group_member Y    Y   Y    Y   Y
public_post     group_admin  Y    Y   Y    Y   Y
public_post     moderator    Y    Y   Y    Y   Y
public_post     leader       Y    Y   Y    Y   Y
public_post     org_admin    Y    Y   Y    Y   Y
public_post     author       Y    Y   Y    Y   Y
public_post     deactivated  N    N   N    N   N
public_post     guest        N    N   N    N   N
public_comment  anonymous    N    N   N    N   N
public_comment  member       Y    Y   Y    Y   Y
public_comment  group_member Y    Y   Y    Y   Y
public_comment  group_admin  Y    Y   Y    Y   Y
public_comment  moderator    Y    Y   Y    Y   Y
public_comment  leader       Y    Y   Y    Y   Y
public_comment  org_admin    Y    Y   Y    Y   Y
public_comment  author       Y    Y   Y    Y   Y
public_comment  deactivated  N    N   N    N   N
public_comment  guest        N    N   N    N   N
private_post    anonymous    N    N   N    N   N
private_post    member       N    N   N    N   N
private_post    group_member Y    Y   Y    Y   Y
private_post    group_admin  Y    Y   Y    Y   Y
private_post    moderator    N    N   N    N   N
private_post    leader       N    N   N    N   N
private_post    org_admin    N    N   N    N   N
private_post    author       Y    Y   Y    Y   Y
private_post    deactivated  N    N   N    N   N
private_post    guest        Y    Y   Y    Y   Y
private_comment anonymous    N    N   N    N   N
private_comment member       N    N   N    N   N
private_comment group_member Y    Y   Y    Y   Y
private_comment group_admin  Y    Y   Y    Y   Y
private_comment moderator    N    N   N    N   N
private_comment leader       N    N   N    N   N
private_comment org_admin    N    N   N    N   N
private_comment author       Y    Y   Y    Y   Y
private_comment deactivated  N    N   N    N   N
private_comment guest        Y    Y   Y    Y   Y
secret_post     anonymous    N    N   N    N   N
secret_post     member       N    N   N    N   N
secret_post     group_member Y    Y   Y    Y   Y
secret_post     group_admin  Y    Y   Y    Y   Y
secret_post     moderator    N    N   N    N   N
secret_post     leader       N    N   N    N   N
secret_post     org_admin    N    N   N    N   N
secret_post     author       Y    Y   Y    Y   Y
secret_post     deactivated  N    N   N    N   N
secret_post     guest        N    N   N    N   N
secret_comment  anonymous    N    N   N    N   N
secret_comment  member       N    N   N    N   N
secret_comment  group_member Y    Y   Y    Y   Y
secret_comment  group_admin  Y    Y   Y    Y   Y
secret_comment  moderator    N    N   N    N   N
secret_comment  leader       N    N   N    N   N
secret_comment  org_admin    N    N   N    N   N
secret_comment  author       Y    Y   Y    Y   Y
secret_comment  deactivated  N    N   N    N   N
secret_comment  guest        N    N   N    N   N
a_pub           anonymous    Y    N   N    N   N
a_pub           member       Y    Y   Y    Y   Y
a_pub           group_member Y    Y   Y    Y   Y
a_pub           group_admin  Y    Y   Y    Y   Y
a_pub           moderator    Y    Y   Y    Y   Y
a_pub           leader       Y    Y   Y    Y   Y
a_pub           org_admin    Y    Y   Y    Y   Y
a_pub           author       Y    Y   Y    Y   Y
a_pub           deactivated  Y    N   N    N   N
a_pub           guest        Y    Y   Y    Y   Y
a_org           anonymous    N    N   N    N   N
a_org           member       Y    Y   Y    Y   Y
a_org           group_member Y    Y   Y    Y   Y
a_org           group_admin  Y    Y   Y    Y   Y
a_org           moderator    Y    Y   Y    Y   Y
a_org           leader       Y    Y   Y    Y   Y
a_org           org_admin    Y    Y   Y    Y   Y
a_org           author       Y    Y   Y    Y   Y
a_org           deactivated  N    N   N    N   N
a_org           guest        N    N   N    N   N
a_secret        anonymous    N    N   N    N   N
a_secret        member       N    N   N    N   N
a_secret        group_member Y    Y   Y    Y   Y
a_secret        group_admin  Y    Y   Y    Y   Y
a_secret        moderator    N    N   N    N   N
a_secret        leader       N    N   N    N   N
a_secret        org_admin    N    N   N    N   N
a_secret        author       Y    Y   Y    Y   Y
a_secret        deactivated  N    N   N    N   N
a_secret        guest        N    N   N    N   N
a_draft         anonymous    N    N   N    N   N
a_draft         member       N    N   N    N   N
a_draft         group_member N    N   N    N   N
a_draft         group_admin  N    N   N    N   N
a_draft         moderator    N    N   N    N   N
a_draft         leader       N    N   N    N   N
a_draft         org_admin    N    N   N    N   N
a_draft         author       Y    Y   Y    Y   Y
a_draft         deactivated  N    N   N    N   N
a_draft         guest        N    N   N    N   N
gone_post       anonymous    N    N   N    N   N
gone_post       member       N    N   N    N   N
gone_post       group_member N    N   N    N   N
gone_post       group_admin  N    N   N    N   N
gone_post       moderator    N    N   N    N   N
gone_post       leader       N    N   N    N   N
gone_post       org_admin    N    N   N    N   N
gone_post       author       N    N   N    N   N
gone_post       deactivated  N    N   N    N   N
gone_post       guest        N    N   N    N   N
pending         anonymous    N    N   N    N   N
pending         member       N    N   N    N   N
pending         group_member N    N   N    N   N
pending         group_admin  N    N   N    N   N
pending         moderator    N    N   N    N   N
pending         leader       N    N   N    N   N
pending         org_admin    N    N   N    N   N
pending         author       Y    N   N    N   N
pending         deactivated  N    N   N    N   N
pending         guest        N    N   N    N   N
"""

# Gus (the group member) leaves Board (private) and Skunkworks (secret).
AFTER_MEMBER_LEAVES = """
object          persona      view sel type tab api
private_post    group_member N    N   N    N   N
private_comment group_member N    N   N    N   N
secret_post     group_member N    N   N    N   N
secret_comment  group_member N    N   N    N   N
a_secret        group_member N    N   N    N   N
"""

# Gale (group admin) makes Commons private: its files are for its members only. Then
# secret: the same cells (the files were already hidden from non-members).
AFTER_PUBLIC_GOES_PRIVATE = """
object          persona      view sel type tab api
public_post     member       N    N   N    N   N
public_post     moderator    N    N   N    N   N
public_post     leader       N    N   N    N   N
public_post     org_admin    N    N   N    N   N
public_comment  member       N    N   N    N   N
public_comment  moderator    N    N   N    N   N
public_comment  leader       N    N   N    N   N
public_comment  org_admin    N    N   N    N   N
"""

# Aria moves the organisation-wide post into Skunkworks (secret): its file and its
# comment's file go with it.
AFTER_ORG_POST_MOVES_TO_SECRET = """
object          persona      view sel type tab api
org_post        member       N    N   N    N   N
org_post        moderator    N    N   N    N   N
org_post        leader       N    N   N    N   N
org_post        org_admin    N    N   N    N   N
org_comment     member       N    N   N    N   N
org_comment     moderator    N    N   N    N   N
org_comment     leader       N    N   N    N   N
org_comment     org_admin    N    N   N    N   N
"""

# ... and then deletes the post in Board (private): its files are found by nobody, the
# author included.
AFTER_PRIVATE_POST_DELETED = """
object          persona      view sel type tab api
private_post    group_member N    N   N    N   N
private_post    group_admin  N    N   N    N   N
private_post    author       N    N   N    N   N
private_post    guest        N    N   N    N   N
private_comment group_member N    N   N    N   N
private_comment group_admin  N    N   N    N   N
private_comment author       N    N   N    N   N
private_comment guest        N    N   N    N   N
"""
# fmt: on

PDF = b"%PDF-1.7\n% minutes\n"


@pytest.fixture
def world(make_user, settings, tmp_path, django_capture_on_commit_callbacks) -> World:
    settings.TOWNHALL_FILES_ROOT = tmp_path / "files"
    settings.TOWNHALL_S3_BUCKET = ""
    with django_capture_on_commit_callbacks(execute=True):  # the index tasks run
        world = build_world(make_user, guest=True)
        world.files = share_files(world)
    return world


def share_files(world: World) -> dict:
    """One PDF per object of the table, through the real actions: {object: Attachment}."""
    people = world.people
    aria = people["author"]
    change_role(actor=people["org_admin"], person=aria, role="leader")
    aria.refresh_from_db()
    shared = {}

    def share(name: str) -> list[int]:
        pdf = upload(f"zephyr-{name.replace('_', '-')}.pdf", PDF)
        shared[name] = files.upload_file(actor=aria, upload=pdf)
        return [shared[name].pk]

    for where, post in world.posts.items():
        files.attach_to_post(actor=aria, post=post, attachment_ids=share(f"{where}_post"))
        comment = world.comments[where]
        files.attach_to_comment(
            actor=aria, comment=comment, attachment_ids=share(f"{where}_comment")
        )
    for name, audience, group, publish in (
        ("a_pub", "public", None, True),
        ("a_org", "organisation", None, True),
        ("a_secret", "group", world.groups["secret"], True),
        ("a_draft", "organisation", None, False),
    ):
        article = blogs.create_article(
            actor=aria, title=name, body=f"Body of {name}", audience=audience, group=group
        )
        files.attach_to_article(actor=aria, article=article, attachment_ids=share(name))
        if publish:
            blogs.publish_article(actor=aria, article=article)
    gone = posts.create_post(actor=aria, body="Old news")
    files.attach_to_post(actor=aria, post=gone, attachment_ids=share("gone_post"))
    posts.delete_post(actor=aria, post=gone)
    share("pending")
    return shared


def _client(world: World, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(world.people[persona])  # a deactivated person stays signed out
    return client


def _html(client: Client, path: str, **params) -> str:
    response = client.get(path, params)
    assert response.status_code in (200, 302), (path, response.status_code)
    return response.content.decode() if response.status_code == 200 else ""


def found_by_every_path(world: World, persona: str) -> dict[str, set[str]]:
    """The objects whose file the persona finds, per path (column)."""
    actor = world.actor(persona)
    by_name = {attachment.name: name for name, attachment in world.files.items()}
    paths = {
        "sel": {by_name[f.name] for f in search_files(actor, "zephyr")},
        "type": {by_name[f.name] for f in search_files(actor, "PDF")},
    }
    client = _client(world, persona)
    html = _html(client, "/search/", q="zephyr", type="files")
    paths["tab"] = {
        name
        for name, attachment in world.files.items()
        if attachment.name in html and f"/files/{attachment.pk}/download/" in html
    }
    response = client.get("/api/v1/search", {"q": "zephyr", "type": "files"})
    assert response.status_code in (200, 401), response.content
    items = response.json()["items"] if response.status_code == 200 else []
    paths["api"] = {by_name[item["title"]] for item in items if item["type"] == "file"}
    # By hand: a file is never a suggestion and never a result of the Posts tab.
    assert "zephyr-" not in _html(client, "/search/suggest/", q="zephyr"), persona
    assert "zephyr-" not in _html(client, "/search/", q="zephyr", type="posts"), persona
    return paths


def assert_files_matrix(world: World, expected: dict) -> None:
    assert {persona for _name, persona in expected} == set(PERSONAS_WITH_GUEST)
    assert {name for name, _persona in expected} == set(world.files)
    wrong = []
    for persona in PERSONAS_WITH_GUEST:
        actor = world.actor(persona)
        found = found_by_every_path(world, persona)
        for name, attachment in world.files.items():
            attachment.refresh_from_db()
            check = access.can_view_attachment(actor, attachment)
            listed = access.visible_attachments(actor).filter(pk=attachment.pk).exists()
            assert check == listed, (name, persona, "check != filter")
            got = {"view": check, **{path: name in names for path, names in found.items()}}
            for column, value in got.items():
                want = expected[(name, persona)][column]
                if (want == "Y") != value:
                    wrong.append(f"{name:15} {persona:12} {column:4} want {want}")
    assert not wrong, "search files matrix cells differ:\n" + "\n".join(wrong)


def test_the_table_has_a_cell_for_every_persona_and_file():
    cells = parse(FILES)
    assert len(cells) == 14 * len(PERSONAS_WITH_GUEST) == 140


def test_every_persona_finds_exactly_the_files_the_table_says(world):
    assert_files_matrix(world, parse(FILES))


def test_a_member_who_leaves_stops_finding_the_groups_files(world):
    gus = world.people["group_member"]
    groups.leave_group(actor=gus, group=world.groups["private"])
    groups.leave_group(actor=gus, group=world.groups["secret"])
    assert_files_matrix(world, with_changes(FILES, AFTER_MEMBER_LEAVES))


def test_a_public_group_going_private_then_secret_hides_its_files_step_by_step(world):
    gale, commons = world.people["group_admin"], world.groups["public"]
    groups.change_kind(actor=gale, group=commons, kind="private")
    assert_files_matrix(world, with_changes(FILES, AFTER_PUBLIC_GOES_PRIVATE))
    groups.change_kind(actor=gale, group=commons, kind="secret")
    assert_files_matrix(world, with_changes(FILES, AFTER_PUBLIC_GOES_PRIVATE))


def test_a_moved_then_deleted_posts_files_are_found_exactly_where_the_table_says(
    world, django_capture_on_commit_callbacks
):
    aria = world.people["author"]
    with django_capture_on_commit_callbacks(execute=True):
        posts.move_post(actor=aria, post=world.posts["org"], group=world.groups["secret"])
    moved = with_changes(FILES, AFTER_ORG_POST_MOVES_TO_SECRET)
    assert_files_matrix(world, moved)
    with django_capture_on_commit_callbacks(execute=True):
        posts.delete_post(actor=aria, post=world.posts["private"])
    for cell, values in parse(AFTER_PRIVATE_POST_DELETED).items():
        moved[cell] = {**moved[cell], **values}
    assert_files_matrix(world, moved)

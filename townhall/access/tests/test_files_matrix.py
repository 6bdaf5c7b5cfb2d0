"""The permission matrix of attachments, written out by hand, cell by cell.

Same personas and organisation as test_matrix.py (world.py), the external guest Gwen
(invited into Board only) included. On top of it, Aria (author)
attaches a picture and a PDF to the post and to the comment in the organisation and in each
group (public Commons, private Board, secret Skunkworks), and keeps one pending upload.
Columns (Y: yes, N: no):
  view   can_view_attachment agrees with visible_attachments (asserted), and says Y
  dl     GET /files/<id>/download/ of the PDF answers 200 (else 404 or the sign-in redirect)
  thumb  GET /files/<id>/thumb/ of the picture answers 200
  disp   GET /files/<id>/display/ of the picture answers 200
  gal    GET /files/posts/<post>/gallery/ answers 200 (posts only; "." for comments)
  api    GET /api/v1/files/<id> answers 200
Every "N" is a 404 for a signed-in person (never a 403): forbidden looks like missing.
"""

import pytest
from django.test import Client

from townhall.access import files as access
from townhall.access.tests.test_matrix import parse
from townhall.access.tests.world import PERSONAS_WITH_GUEST, build_world
from townhall.files import actions
from townhall.files.models import Attachment
from townhall.files.tests.conftest import picture, upload

# fmt: off
TABLE = """
object        persona      view dl thumb disp gal api
org           anonymous    N    N  N     N    N   N
org           member       Y    Y  Y     Y    Y   Y
org           group_member Y    Y  Y     Y    Y   Y
org           group_admin  Y    Y  Y     Y    Y   Y
org           moderator    Y    Y  Y     Y    Y   Y
org           leader       Y    Y  Y     Y    Y   Y
org           org_admin    Y    Y  Y     Y    Y   Y
org           author       Y    Y  Y     Y    Y   Y
org           deactivated  N    N  N     N    N   N
org           guest        N    N  N     N    N   N
public        anonymous    N    N  N     N    N   N
public        member       Y    Y  Y     Y    Y   Y
public        group_member Y    Y  Y     Y    Y   Y
public        group_admin  Y    Y  Y     Y    Y   Y
public        moderator    Y    Y  Y     Y    Y   Y
public        leader       Y    Y  Y     Y    Y   Y
public        org_admin    Y    Y  Y     Y    Y   Y
public        author       Y    Y  Y     Y    Y   Y
public        deactivated  N    N  N     N    N   N
public        guest        N    N  N     N    N   N
private       anonymous    N    N  N     N    N   N
private       member       N    N  N     N    N   N
private       group_member Y    Y  Y     Y    Y   Y
private       group_admin  Y    Y  Y     Y    Y   Y
private       moderator    N    N  N     N    N   N
private       leader       N    N  N     N    N   N
private       org_admin    N    N  N     N    N   N
private       author       Y    Y  Y     Y    Y   Y
private       deactivated  N    N  N     N    N   N
private       guest        Y    Y  Y     Y    Y   Y
secret        anonymous    N    N  N     N    N   N
secret        member       N    N  N     N    N   N
secret        group_member Y    Y  Y     Y    Y   Y
secret        group_admin  Y    Y  Y     Y    Y   Y
secret        moderator    N    N  N     N    N   N
secret        leader       N    N  N     N    N   N
secret        org_admin    N    N  N     N    N   N
secret        author       Y    Y  Y     Y    Y   Y
secret        deactivated  N    N  N     N    N   N
secret        guest        N    N  N     N    N   N
pending       anonymous    N    N  N     N    .   N
pending       member       N    N  N     N    .   N
pending       group_member N    N  N     N    .   N
pending       group_admin  N    N  N     N    .   N
pending       moderator    N    N  N     N    .   N
pending       leader       N    N  N     N    .   N
pending       org_admin    N    N  N     N    .   N
pending       author       Y    Y  Y     Y    .   Y
pending       deactivated  N    N  N     N    .   N
pending       guest        N    N  N     N    .   N
"""
# fmt: on

PDF = b"%PDF-1.7\n% a document\n"


@pytest.fixture
def world(make_user, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.TOWNHALL_FILES_ROOT = tmp_path / "files"
    settings.TOWNHALL_S3_BUCKET = ""
    built = build_world(make_user, guest=True)
    author = built.people["author"]
    built.files = {}
    with django_capture_on_commit_callbacks(execute=True):
        for where, post in built.posts.items():
            for target_name, target in (("post", post), ("comment", built.comments[where])):
                pic = actions.upload_file(actor=author, upload=upload("p.png", picture()))
                pdf = actions.upload_file(actor=author, upload=upload("plan.pdf", PDF))
                if target_name == "post":
                    actions.attach_to_post(actor=author, post=post, attachment_ids=[pic.pk, pdf.pk])
                else:
                    actions.attach_to_comment(
                        actor=author, comment=target, attachment_ids=[pic.pk, pdf.pk]
                    )
                built.files[(where, target_name)] = (pic, pdf)
        pic = actions.upload_file(actor=author, upload=upload("p.png", picture()))
        pdf = actions.upload_file(actor=author, upload=upload("plan.pdf", PDF))
        built.files[("pending", "post")] = (pic, pdf)
    return built


def _client(world, persona):
    client = Client()
    if persona != "anonymous":
        client.force_login(world.people[persona])
    return client


def _yes(response) -> bool:
    if response.status_code == 200:
        return True
    assert response.status_code in (302, 401, 404), response.status_code
    return False


@pytest.mark.django_db
def test_every_url_of_every_attachment_answers_as_the_matrix_says(world):
    expected = parse(TABLE)
    wrong = []
    for (name, persona), columns in expected.items():
        actor = world.actor(persona)
        client = _client(world, persona)
        for target_name in ("post", "comment"):
            if name == "pending" and target_name == "comment":
                continue
            pic, pdf = world.files[(name, target_name)]
            for attachment in (pic, pdf):
                attachment.refresh_from_db()
                check = access.can_view_attachment(actor, attachment)
                listed = access.visible_attachments(actor).filter(pk=attachment.pk).exists()
                assert check == listed, (name, persona, target_name, "check != filter")
            got = {
                "view": access.can_view_attachment(actor, pdf),
                "dl": _yes(client.get(f"/files/{pdf.pk}/download/")),
                "thumb": _yes(client.get(f"/files/{pic.pk}/thumb/")),
                "disp": _yes(client.get(f"/files/{pic.pk}/display/")),
                "api": _yes(client.get(f"/api/v1/files/{pdf.pk}")),
            }
            if name != "pending" and target_name == "post":
                post = world.posts[name]
                got["gal"] = _yes(client.get(f"/files/posts/{post.pk}/gallery/"))
            for column, value in got.items():
                want = columns[column]
                if want == ".":
                    continue
                if (want == "Y") != value:
                    wrong.append(f"{name}/{target_name} {persona} {column}: want {want}")
            if persona not in ("anonymous", "deactivated") and columns["dl"] == "N":
                # a signed-in outsider gets exactly the 404 a missing file gets
                assert client.get(f"/files/{pdf.pk}/download/").status_code == 404
                assert client.get(f"/files/{pic.pk}/thumb/").status_code == 404
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_a_deleted_posts_files_are_404_to_everyone_including_the_author(world):
    from townhall.posts.actions import delete_post

    author = world.people["author"]
    delete_post(actor=author, post=world.posts["public"])
    client = _client(world, "author")
    for target_name in ("post", "comment"):
        pic, pdf = world.files[("public", target_name)]
        assert client.get(f"/files/{pdf.pk}/download/").status_code == 404
        assert client.get(f"/files/{pic.pk}/thumb/").status_code == 404
        assert Attachment.objects.filter(pk=pdf.pk).exists()  # kept until the retention ends
    for persona in PERSONAS_WITH_GUEST:
        assert (
            not access.visible_attachments(world.actor(persona))
            .filter(post=world.posts["public"])
            .exists()
        )

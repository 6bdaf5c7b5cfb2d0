"""The permission matrix of blog articles' files, written out by hand, cell by cell.

Same personas as test_matrix.py (world.py), the external guest Gwen (in Board only)
included. Aria (author, made a leader so she may publish
publicly) writes articles through the real actions and attaches a picture and a PDF to each:

  pub       published, public (anyone on the internet)
  org       published, organisation
  g_public  published, in the public group Commons
  g_private published, in the private group Board
  g_secret  published, in the secret group Skunkworks
  draft     a draft
  deleted   published, then deleted

Columns (Y: yes, N: no):
  view   can_view_attachment agrees with visible_attachments (asserted), and says Y
  dl     GET /files/<id>/download/ of the PDF answers 200 (else 404)
  thumb  GET /files/<id>/thumb/ of the picture answers 200
  disp   GET /files/<id>/display/ of the picture answers 200
  gal    GET /files/articles/<id>/gallery/ answers 200
  api    GET /api/v1/files/<id> answers 200 (the API wants a signed-in person: 401 otherwise)
Every web "N" is a 404, for anonymous visitors too: forbidden looks like missing. A
deactivated person is signed out, so they see what a visitor sees: a public article's files.
"""

import pytest
from django.test import Client

from townhall.access import files as access
from townhall.access.tests.test_matrix import parse
from townhall.access.tests.world import build_world
from townhall.accounts.actions import change_role
from townhall.blogs import actions as blogs
from townhall.files import actions
from townhall.files.tests.conftest import picture, upload

# fmt: off
TABLE = """
object     persona      view dl thumb disp gal api
pub        anonymous    Y    Y  Y     Y    Y   N
pub        member       Y    Y  Y     Y    Y   Y
pub        group_member Y    Y  Y     Y    Y   Y
pub        group_admin  Y    Y  Y     Y    Y   Y
pub        moderator    Y    Y  Y     Y    Y   Y
pub        leader       Y    Y  Y     Y    Y   Y
pub        org_admin    Y    Y  Y     Y    Y   Y
pub        author       Y    Y  Y     Y    Y   Y
pub        deactivated  Y    Y  Y     Y    Y   N
pub        guest        Y    Y  Y     Y    Y   Y
org        anonymous    N    N  N     N    N   N
org        member       Y    Y  Y     Y    Y   Y
org        group_member Y    Y  Y     Y    Y   Y
org        group_admin  Y    Y  Y     Y    Y   Y
org        moderator    Y    Y  Y     Y    Y   Y
org        leader       Y    Y  Y     Y    Y   Y
org        org_admin    Y    Y  Y     Y    Y   Y
org        author       Y    Y  Y     Y    Y   Y
org        deactivated  N    N  N     N    N   N
org        guest        N    N  N     N    N   N
g_public   anonymous    N    N  N     N    N   N
g_public   member       Y    Y  Y     Y    Y   Y
g_public   group_member Y    Y  Y     Y    Y   Y
g_public   group_admin  Y    Y  Y     Y    Y   Y
g_public   moderator    Y    Y  Y     Y    Y   Y
g_public   leader       Y    Y  Y     Y    Y   Y
g_public   org_admin    Y    Y  Y     Y    Y   Y
g_public   author       Y    Y  Y     Y    Y   Y
g_public   deactivated  N    N  N     N    N   N
g_public   guest        N    N  N     N    N   N
g_private  anonymous    N    N  N     N    N   N
g_private  member       N    N  N     N    N   N
g_private  group_member Y    Y  Y     Y    Y   Y
g_private  group_admin  Y    Y  Y     Y    Y   Y
g_private  moderator    N    N  N     N    N   N
g_private  leader       N    N  N     N    N   N
g_private  org_admin    N    N  N     N    N   N
g_private  author       Y    Y  Y     Y    Y   Y
g_private  deactivated  N    N  N     N    N   N
g_private  guest        Y    Y  Y     Y    Y   Y
g_secret   anonymous    N    N  N     N    N   N
g_secret   member       N    N  N     N    N   N
g_secret   group_member Y    Y  Y     Y    Y   Y
g_secret   group_admin  Y    Y  Y     Y    Y   Y
g_secret   moderator    N    N  N     N    N   N
g_secret   leader       N    N  N     N    N   N
g_secret   org_admin    N    N  N     N    N   N
g_secret   author       Y    Y  Y     Y    Y   Y
g_secret   deactivated  N    N  N     N    N   N
g_secret   guest        N    N  N     N    N   N
draft      anonymous    N    N  N     N    N   N
draft      member       N    N  N     N    N   N
draft      group_member N    N  N     N    N   N
draft      group_admin  N    N  N     N    N   N
draft      moderator    N    N  N     N    N   N
draft      leader       N    N  N     N    N   N
draft      org_admin    N    N  N     N    N   N
draft      author       Y    Y  Y     Y    Y   Y
draft      deactivated  N    N  N     N    N   N
draft      guest        N    N  N     N    N   N
deleted    anonymous    N    N  N     N    N   N
deleted    member       N    N  N     N    N   N
deleted    group_member N    N  N     N    N   N
deleted    group_admin  N    N  N     N    N   N
deleted    moderator    N    N  N     N    N   N
deleted    leader       N    N  N     N    N   N
deleted    org_admin    N    N  N     N    N   N
deleted    author       N    N  N     N    N   N
deleted    deactivated  N    N  N     N    N   N
deleted    guest        N    N  N     N    N   N
"""
# fmt: on

PDF = b"%PDF-1.7\n% an article's appendix\n"


@pytest.fixture
def world(make_user, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.TOWNHALL_FILES_ROOT = tmp_path / "files"
    settings.TOWNHALL_S3_BUCKET = ""
    built = build_world(make_user, guest=True)
    aria = built.people["author"]
    change_role(actor=built.people["org_admin"], person=aria, role="leader")
    aria.refresh_from_db()
    groups = built.groups
    plan = {
        "pub": ("public", None, True),
        "org": ("organisation", None, True),
        "g_public": ("group", groups["public"], True),
        "g_private": ("group", groups["private"], True),
        "g_secret": ("group", groups["secret"], True),
        "draft": ("organisation", None, False),
        "deleted": ("organisation", None, True),
    }
    built.articles, built.files = {}, {}
    with django_capture_on_commit_callbacks(execute=True):
        for name, (audience, group, publish) in plan.items():
            article = blogs.create_article(
                actor=aria, title=name, body=f"Body of {name}", audience=audience, group=group
            )
            pic = actions.upload_file(actor=aria, upload=upload("p.png", picture()))
            pdf = actions.upload_file(actor=aria, upload=upload("plan.pdf", PDF))
            actions.attach_to_article(actor=aria, article=article, attachment_ids=[pic.pk, pdf.pk])
            if publish:
                article = blogs.publish_article(actor=aria, article=article)
            if name == "deleted":
                article = blogs.delete_article(actor=aria, article=article)
            built.articles[name] = article
            built.files[name] = (pic, pdf)
    return built


def _yes(response) -> bool:
    if response.status_code == 200:
        return True
    assert response.status_code in (401, 404), response.status_code
    return False


@pytest.mark.django_db
def test_every_url_of_every_article_file_answers_as_the_matrix_says(world):
    wrong = []
    for (name, persona), columns in parse(TABLE).items():
        actor = world.actor(persona)
        client = Client()
        if persona != "anonymous":
            client.force_login(world.people[persona])  # a deactivated person stays signed out
        pic, pdf = world.files[name]
        for attachment in (pic, pdf):
            attachment.refresh_from_db()
            check = access.can_view_attachment(actor, attachment)
            listed = access.visible_attachments(actor).filter(pk=attachment.pk).exists()
            assert check == listed, (name, persona, "check != filter")
        article = world.articles[name]
        got = {
            "view": access.can_view_attachment(actor, pdf),
            "dl": _yes(client.get(f"/files/{pdf.pk}/download/")),
            "thumb": _yes(client.get(f"/files/{pic.pk}/thumb/")),
            "disp": _yes(client.get(f"/files/{pic.pk}/display/")),
            "gal": _yes(client.get(f"/files/articles/{article.pk}/gallery/")),
            "api": _yes(client.get(f"/api/v1/files/{pdf.pk}")),
        }
        for column, value in got.items():
            if (columns[column] == "Y") != value:
                wrong.append(f"{name} {persona} {column}: want {columns[column]}")
        if columns["dl"] == "N":  # forbidden is the same 404 as missing, signed in or not
            assert client.get(f"/files/{pdf.pk}/download/").status_code == 404
            assert client.get(f"/files/{pic.pk}/thumb/").status_code == 404
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_nobody_but_the_author_may_remove_an_article_file(world):
    pic, _ = world.files["pub"]
    for persona in ("anonymous", "member", "moderator", "org_admin", "deactivated", "guest"):
        assert not access.can_change_attachment(world.actor(persona), pic), persona
    assert access.can_change_attachment(world.people["author"], pic)

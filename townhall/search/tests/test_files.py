"""Files in search: an attachment is found by its name or type exactly when the searcher
may see the post, comment or article holding it (access.visible_attachments, applied at
query time), on the page's Files tab and in GET /api/v1/search?type=files; never in the
suggestions, and never a pending upload or a removed file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from townhall.files import actions as files
from townhall.groups import actions as groups
from townhall.posts import actions as posts
from townhall.search.selectors import search_files


@pytest.fixture(autouse=True)
def files_root(settings, tmp_path):
    settings.TOWNHALL_FILES_ROOT = tmp_path / "files"
    settings.TOWNHALL_S3_BUCKET = ""


@pytest.fixture
def share(committed):
    """share(actor, name, post=..., comment=...) -> the attachment, uploaded and attached
    through the real actions."""

    def make(actor, name, *, post=None, comment=None, data=b"%PDF-1.4 quarterly figures"):
        upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
        attachment = committed(files.upload_file, actor=actor, upload=upload)
        if comment is not None:
            committed(
                files.attach_to_comment,
                actor=actor,
                comment=comment,
                attachment_ids=[attachment.pk],
            )
        else:
            committed(files.attach_to_post, actor=actor, post=post, attachment_ids=[attachment.pk])
        attachment.refresh_from_db()
        return attachment

    return make


def names(actor, raw):
    return [f.name for f in search_files(actor, raw)]


def test_a_file_is_found_by_name_and_by_type(member, bo, post, share):
    note = post(bo, "The numbers")
    share(bo, "Budget-2026.pdf", post=note)
    assert names(member, "budget") == ["Budget-2026.pdf"]
    assert names(member, "BUDGET 2026") == ["Budget-2026.pdf"]
    assert names(member, "pdf") == ["Budget-2026.pdf"]
    assert names(member, "budget spreadsheet") == []


def test_a_file_on_a_comment_is_found_and_links_to_the_comment(
    client, member, bo, post, share, committed
):
    note = post(bo, "Minutes")
    comment = committed(posts.create_comment, actor=bo, post=note, body="attached")
    made = share(bo, "minutes-march.pdf", comment=comment)
    client.force_login(member)
    page = client.get("/search/", {"q": "minutes", "type": "files"}).content.decode()
    assert "minutes-march.pdf" in page
    assert f"/files/{made.pk}/download/" in page
    assert f"/comments/{comment.pk}/" in page


@pytest.mark.parametrize("group_name", ["secret_group", "private_group"])
def test_outsider_never_finds_a_file_in_a_closed_group(
    request, client, api_as, member, bo, post, share, group_name
):
    group = request.getfixturevalue(group_name)
    hidden = post(bo, "Plans", group=group)
    share(bo, "zephyr-roadmap.pdf", post=hidden)
    assert names(bo, "zephyr") == ["zephyr-roadmap.pdf"]
    assert names(member, "zephyr") == []
    assert names(member, "pdf") == []
    client.force_login(member)
    for url, params in (
        ("/search/", {"q": "zephyr", "type": "files"}),
        ("/search/", {"q": "zephyr"}),
        ("/search/suggest/", {"q": "zephyr"}),
    ):
        response = client.get(url, params)
        assert response.status_code == 200
        assert "zephyr-roadmap" not in response.content.decode()
    found = api_as(member, "read").get("/api/v1/search", {"q": "zephyr", "type": "files"})
    assert found.status_code == 200
    assert found.json()["items"] == []
    found = api_as(bo, "read").get("/api/v1/search", {"q": "zephyr", "type": "files"})
    assert [i["title"] for i in found.json()["items"]] == ["zephyr-roadmap.pdf"]
    assert found.json()["items"][0]["post_id"] == hidden.pk


def test_leaving_the_group_or_deleting_the_post_hides_its_files_at_once(
    member, bo, post, share, private_group, committed
):
    invitation = groups.invite_to_group(actor=bo, group=private_group, invitee=member)
    groups.accept_invitation(actor=member, invitation=invitation)
    note = post(bo, "Board pack", group=private_group)
    share(bo, "board-pack.pdf", post=note)
    assert names(member, "board") == ["board-pack.pdf"]
    groups.leave_group(actor=member, group=private_group)
    assert names(member, "board") == []
    assert names(bo, "board") == ["board-pack.pdf"]
    committed(posts.delete_post, actor=bo, post=note)
    assert names(bo, "board") == []


def test_a_pending_upload_is_not_a_search_result(member, committed):
    upload = SimpleUploadedFile("draft-notes.pdf", b"%PDF-1.4", content_type="application/pdf")
    committed(files.upload_file, actor=member, upload=upload)
    assert names(member, "draft") == []


# --- case and accents: the text search's fold (text.fold), on the name_folded column ---


def test_accents_and_case_in_a_file_name_do_not_matter(member, bo, post, share):
    note = post(bo, "Café plans")
    share(bo, "Café.pdf", post=note)
    share(bo, "cafe-notes.txt", post=note, data=b"Menu for Friday\n")
    assert names(member, "cafe") == ["cafe-notes.txt", "Café.pdf"]
    assert names(member, "CAFÉ") == ["cafe-notes.txt", "Café.pdf"]
    assert names(member, "café pdf") == ["Café.pdf"]
    assert names(member, "CAFÉ-NOTES") == ["cafe-notes.txt"]


def test_norwegian_letters_follow_the_text_searchs_rule(member, bo, post, share):
    """As docs/search.md says for text: ø and æ have no decomposition and stay themselves
    (`mote` does not find `møte`), å is a + ring and folds to a (`pa` finds `på`)."""
    note = post(bo, "Referat")
    share(bo, "Møtereferat-Ærlig.pdf", post=note)
    share(bo, "Blåbær-på-tur.pdf", post=note)
    assert names(member, "MØTE") == ["Møtereferat-Ærlig.pdf"]
    assert names(member, "ærlig") == ["Møtereferat-Ærlig.pdf"]
    assert names(member, "mote") == []
    assert names(member, "aerlig") == []
    assert names(member, "blabær pa") == ["Blåbær-på-tur.pdf"]
    assert names(member, "BLÅBÆR") == ["Blåbær-på-tur.pdf"]
    assert names(member, "blabaer") == []


def test_files_uploaded_before_the_folded_column_are_found_after_the_migration(
    member, bo, post, share
):
    from importlib import import_module

    from django.apps import apps

    from townhall.files.models import Attachment

    note = post(bo, "Old files")
    old = share(bo, "Ångström-Résumé.pdf", post=note)
    Attachment.objects.filter(pk=old.pk).update(name_folded="")  # as before the upgrade
    assert names(member, "angstrom") == []
    migration = import_module("townhall.files.migrations.0003_attachment_name_folded")
    migration.fill_name_folded(apps, None)
    assert names(member, "angstrom resume") == ["Ångström-Résumé.pdf"]

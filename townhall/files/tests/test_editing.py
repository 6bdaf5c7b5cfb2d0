"""Files while editing a post (add, remove) and comments with files sent with htmx (on the
post page and from a feed card), whose thumbnails come back in the answer."""

import pytest
from django.test import Client
from django.urls import reverse

from townhall.files import actions
from townhall.files.models import Attachment
from townhall.files.tests.conftest import picture, stored_files, upload
from townhall.posts.actions import create_comment, create_post

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n"


def test_editing_a_post_adds_a_file_and_a_removed_one_is_gone_from_every_url_at_once(
    client, aria, bo, files_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pic = actions.upload_file(actor=aria, upload=upload("old.png", picture()))
    post = create_post(actor=aria, body="Before")
    actions.attach_to_post(actor=aria, post=post, attachment_ids=[pic.pk])
    added = actions.upload_file(actor=aria, upload=upload("new.pdf", PDF))
    reader = client.__class__()
    reader.force_login(bo)
    assert reader.get(f"/files/{pic.pk}/thumb/").status_code == 200
    client.force_login(aria)
    page = client.get(reverse("posts:edit", args=[post.pk])).content.decode()
    assert f'name="remove_files" value="{pic.pk}"' in page and 'name="files"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("posts:edit", args=[post.pk]),
            {"body": "After", "remove_files": [pic.pk], "attachments": [added.pk]},
        )
    assert response.status_code == 302
    assert list(post.attachments.values_list("name", flat=True)) == ["new.pdf"]
    for rendition in ("download", "display", "thumb"):
        assert reader.get(f"/files/{pic.pk}/{rendition}/").status_code == 404
    assert reader.get(f"/files/posts/{post.pk}/gallery/").status_code == 404
    assert stored_files(files_root) == [added.stored]  # the picture's bytes are deleted


def test_a_file_of_another_post_cannot_be_removed_through_my_edit(client, aria, bo):
    theirs = actions.upload_file(actor=bo, upload=upload("b.pdf", PDF))
    their_post = create_post(actor=bo, body="Bo's")
    actions.attach_to_post(actor=bo, post=their_post, attachment_ids=[theirs.pk])
    mine = create_post(actor=aria, body="Mine")
    client.force_login(aria)
    response = client.post(
        reverse("posts:edit", args=[mine.pk]), {"body": "Changed", "remove_files": [theirs.pk]}
    )
    assert response.status_code == 400
    assert "not on this" in response.content.decode()
    assert Attachment.objects.filter(pk=theirs.pk).exists()
    mine.refresh_from_db()
    assert mine.body == "Mine"  # the edit rolled back with it


def test_a_comment_sent_with_htmx_shows_its_thumbnail_in_the_answer(
    client, aria, bo, django_capture_on_commit_callbacks
):
    post = create_post(actor=aria, body="Show me")
    with django_capture_on_commit_callbacks(execute=True):
        pic = actions.upload_file(actor=bo, upload=upload("cat.png", picture()))
    client.force_login(bo)
    response = client.post(
        reverse("posts:comment_create", args=[post.pk]),
        {"body": "Here", "form_token": "t1", "attachments": [pic.pk], f"alt_{pic.pk}": "A cat"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 201
    assert f'src="/files/{pic.pk}/thumb/" alt="A cat"' in response.content.decode()


def test_a_feed_card_has_a_comment_form_that_takes_files(client, aria, bo):
    post = create_post(actor=aria, body="In the feed")
    client.force_login(bo)
    page = client.get(reverse("feeds:company")).content.decode()
    assert f'id="post-{post.pk}-new-comments"' in page
    card = page.split(f'id="post-{post.pk}"')[1].split("</article>")[0]
    assert 'name="form_token"' not in card  # nothing per reader: the form comes when opened
    form = client.get(reverse("files:feed_comment_form", args=[post.pk])).content.decode()
    assert f'hx-target="#post-{post.pk}-new-comments"' in form
    assert f'id="post-{post.pk}-comment-files"' in form and 'name="csrfmiddlewaretoken"' in form


def test_a_first_comments_file_shows_on_its_feed_card_for_each_reader_from_the_cached_card(
    aria, bo, make_user, django_capture_on_commit_callbacks
):
    cy = make_user("cy", password=None)
    post = create_post(actor=aria, body="Photos, please")
    comment = create_comment(actor=bo, post=post, body="Here is one")
    with django_capture_on_commit_callbacks(execute=True):
        pic = actions.upload_file(actor=bo, upload=upload("cat.png", picture()))
    actions.attach_to_comment(actor=bo, comment=comment, attachment_ids=[pic.pk])
    clean = create_comment(actor=cy, post=post, body="No picture here")
    readers = []
    for person in (aria, cy):
        reader = Client()
        reader.force_login(person)
        readers.append(reader)
    for _round in range(2):  # the second round's card comes from the card cache
        for reader in readers:
            page = reader.get(reverse("feeds:company")).content.decode()
            comments = page.split(f'id="comment-{comment.pk}"')[1]
            assert f'src="/files/{pic.pk}/thumb/"' in comments.split(f'id="comment-{clean.pk}"')[0]
            assert "/thumb/" not in comments.split(f'id="comment-{clean.pk}"')[1]

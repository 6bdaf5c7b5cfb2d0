"""Files are served with safe headers, pictures only once cleaned; a post's files show in
its card at a fixed query cost; the author removes a file; the API does the same."""

import pytest
from django.urls import reverse

from townhall.accounts.tokens import create_token
from townhall.files import actions
from townhall.files.models import Attachment
from townhall.files.tests.conftest import jpeg_with_gps_and_rotation, picture, upload
from townhall.posts.actions import create_post
from townhall.posts.models import Post
from townhall.posts.selectors import feed_page

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n"


def _posted(author, files, body="Look"):
    post = create_post(actor=author, body=body)
    actions.attach_to_post(actor=author, post=post, attachment_ids=[f.pk for f in files])
    return post


def test_a_pdf_downloads_as_an_attachment_with_nosniff_and_a_sandbox(client, aria, bo):
    pdf = actions.upload_file(actor=aria, upload=upload("plan <draft>.pdf", PDF, "text/html"))
    _posted(aria, [pdf])
    client.force_login(bo)
    response = client.get(reverse("files:file", args=[pdf.pk, "download"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="plan <draft>.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == PDF


def test_a_text_file_is_never_shown_inline(client, aria):
    note = actions.upload_file(actor=aria, upload=upload("n.txt", b"hello"))
    client.force_login(aria)
    response = client.get(reverse("files:file", args=[note.pk, "download"]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_a_picture_shows_inline_only_once_cleaned(client, aria, django_capture_on_commit_callbacks):
    photo = actions.upload_file(actor=aria, upload=upload("p.jpg", jpeg_with_gps_and_rotation()))
    client.force_login(aria)
    # not yet processed (the task runs after commit): the raw upload is never served
    assert client.get(reverse("files:file", args=[photo.pk, "download"])).status_code == 404
    from townhall.files.tasks import make_renditions

    make_renditions(photo.pk)
    response = client.get(reverse("files:file", args=[photo.pk, "thumb"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_unknown_rendition_is_a_404(client, aria):
    pdf = actions.upload_file(actor=aria, upload=upload("a.pdf", PDF))
    client.force_login(aria)
    assert client.get(f"/files/{pdf.pk}/secret/").status_code == 404


def test_a_post_card_shows_thumbnails_and_files_and_the_gallery_shows_the_display_size(
    client, aria, bo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pic = actions.upload_file(actor=aria, upload=upload("lake.png", picture()), alt_text="Lake")
    pdf = actions.upload_file(actor=aria, upload=upload("plan.pdf", PDF))
    post = _posted(aria, [pic, pdf])
    client.force_login(bo)
    page = client.get(reverse("posts:detail", args=[post.pk])).content.decode()
    assert f'src="/files/{pic.pk}/thumb/" alt="Lake"' in page
    assert f'href="/files/{pdf.pk}/download/" download>plan.pdf</a>' in page
    gallery = client.get(reverse("files:gallery", args=[post.pk])).content.decode()
    assert f'src="/files/{pic.pk}/display/" alt="Lake"' in gallery


def test_a_feed_page_costs_the_same_queries_with_or_without_files_however_many(
    aria, bo, django_assert_num_queries
):
    create_post(actor=aria, body="no files")
    with django_assert_num_queries(7):  # feed_page's own, one of them for the files
        feed_page(bo, Post.objects.all())
    for n in range(5):
        files = [actions.upload_file(actor=aria, upload=upload(f"{n}.pdf", PDF)) for _ in range(3)]
        _posted(aria, files)
    with django_assert_num_queries(7):  # the same, for 15 files on 5 posts
        page = feed_page(bo, Post.objects.all())
    assert sum(len(item.post.files) for item in page.items) == 15


def test_more_files_than_the_limit_are_refused_and_the_post_keeps_none(aria):
    from django.core.exceptions import ValidationError

    from townhall.files.models import FileSettings

    FileSettings.objects.create(pk=1, max_per_post=2)
    post = create_post(actor=aria, body="three")
    files = [actions.upload_file(actor=aria, upload=upload(f"{n}.pdf", PDF)) for n in range(3)]
    with pytest.raises(ValidationError, match="at most 2"):
        actions.attach_to_post(actor=aria, post=post, attachment_ids=[f.pk for f in files])
    assert not Attachment.objects.filter(post=post).exists()


def test_someone_else_cannot_attach_my_upload(aria, bo):
    from django.core.exceptions import ValidationError

    mine = actions.upload_file(actor=aria, upload=upload("a.pdf", PDF))
    post = create_post(actor=bo, body="Bo's")
    with pytest.raises(ValidationError, match="not an upload of yours"):
        actions.attach_to_post(actor=bo, post=post, attachment_ids=[mine.pk])


def test_posting_the_composer_form_attaches_the_uploads_in_the_same_transaction(client, aria):
    pdf = actions.upload_file(actor=aria, upload=upload("a.pdf", PDF))
    client.force_login(aria)
    response = client.post(
        reverse("posts:create"), {"body": "With a file", "attachments": [pdf.pk]}
    )
    assert response.status_code == 302
    pdf.refresh_from_db()
    assert pdf.post.body == "With a file"


def test_without_javascript_files_go_with_the_form_and_a_bad_one_stops_the_post(client, aria):
    client.force_login(aria)
    response = client.post(
        reverse("posts:create"),
        {"body": "bad", "files": [upload("x.svg", b"<svg onload=alert(1)>")]},
    )
    assert response.status_code == 400
    assert "SVG pictures are not accepted" in response.content.decode()
    assert not Post.objects.filter(body="bad").exists()
    response = client.post(
        reverse("posts:create"), {"body": "good", "files": [upload("a.pdf", PDF)]}
    )
    assert response.status_code == 302
    assert Attachment.objects.get(post__body="good").name == "a.pdf"


def test_the_author_removes_a_file_and_others_cannot(client, aria, bo):
    pdf = actions.upload_file(actor=aria, upload=upload("a.pdf", PDF))
    _posted(aria, [pdf])
    client.force_login(bo)
    assert client.post(reverse("files:remove", args=[pdf.pk])).status_code == 404
    client.force_login(aria)
    assert client.get(reverse("files:remove", args=[pdf.pk])).status_code == 200
    assert client.post(reverse("files:remove", args=[pdf.pk])).status_code == 302
    assert not Attachment.objects.filter(pk=pdf.pk).exists()


def _api(person):
    from django.test import Client

    _token, raw = create_token(user=person, name="t", scope="write")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_the_api_uploads_attaches_lists_downloads_and_deletes(aria, bo):
    api = _api(aria)
    response = api.post("/api/v1/files", {"file": upload("r.pdf", PDF), "alt_text": ""})
    assert response.status_code == 201, response.content
    file_id = response.json()["id"]
    assert response.json()["content_type"] == "application/pdf"
    refused = api.post("/api/v1/files", {"file": upload("x.html", b"<html><script>")})
    assert refused.status_code == 400
    assert "HTML" in refused.json()["message"]
    post = create_post(actor=aria, body="API post")
    response = api.post(
        "/api/v1/files/attach",
        {"file_ids": [file_id], "post_id": post.pk},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    listed = _api(bo).get("/api/v1/files?scope=shared").json()["items"]
    assert [f["id"] for f in listed] == [file_id]
    download = _api(bo).get(f"/api/v1/files/{file_id}/download")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert _api(bo).delete(f"/api/v1/files/{file_id}").status_code == 403
    assert api.delete(f"/api/v1/files/{file_id}").status_code == 204
    assert _api(bo).get(f"/api/v1/files/{file_id}").status_code == 404


def test_the_file_browsers_list_what_i_may_see_and_search_by_name_and_type(client, aria, bo):
    from townhall.groups.actions import create_group

    group = create_group(actor=aria, name="Secret lab", kind="secret", description="x")
    hidden = actions.upload_file(actor=aria, upload=upload("formula.pdf", PDF))
    post = create_post(actor=aria, body="lab", group=group)
    actions.attach_to_post(actor=aria, post=post, attachment_ids=[hidden.pk])
    shared = actions.upload_file(actor=aria, upload=upload("budget.pdf", PDF))
    _posted(aria, [shared])
    client.force_login(bo)
    page = client.get(reverse("files:shared")).content.decode()
    assert "budget.pdf" in page and "formula.pdf" not in page
    assert "budget.pdf" not in client.get(reverse("files:shared") + "?q=plan").content.decode()
    assert "budget.pdf" not in client.get(reverse("files:shared") + "?kind=image").content.decode()
    assert client.get(reverse("files:group", args=[group.slug])).status_code == 404
    client.force_login(aria)
    assert "formula.pdf" in client.get(reverse("files:group", args=[group.slug])).content.decode()


def test_the_file_browsers_name_search_ignores_case_and_accents_like_search(client, aria, bo):
    _posted(aria, [actions.upload_file(actor=aria, upload=upload("Café-Møte.pdf", PDF))])
    client.force_login(bo)
    for query in ("cafe", "CAFÉ-MØTE", "café"):
        page = client.get(reverse("files:shared"), {"q": query}).content.decode()
        assert "Café-Møte.pdf" in page, query
    page = client.get(reverse("files:shared"), {"q": "mote"}).content.decode()
    assert "Café-Møte.pdf" not in page
    _posted(aria, [actions.upload_file(actor=aria, upload=upload("Straße.pdf", PDF))])
    assert "Straße.pdf" in client.get(reverse("files:shared"), {"q": "STRASSE"}).content.decode()

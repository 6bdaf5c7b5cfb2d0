"""The admin's file limits: a page in the admin area (admins only), and each limit enforced
by the actions, the composer's upload, the composer form and the API, with the limit named
in the message and nothing stored when refused."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from townhall.accounts.tokens import create_token
from townhall.files import actions
from townhall.files.models import Attachment, FileSettings
from townhall.files.tests.conftest import stored_files, upload
from townhall.posts.actions import create_post, delete_post
from townhall.posts.models import Post

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n"


@pytest.fixture
def alma(make_user):
    return make_user("alma", role="admin", display_name="Alma Admin")


def _api(person) -> Client:
    _token, raw = create_token(user=person, name="t", scope="write")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_the_files_page_shows_the_defaults_and_only_admins_reach_it(client, alma, aria):
    client.force_login(aria)
    assert client.get(reverse("siteadmin:files")).status_code == 404
    client.force_login(alma)
    page = client.get(reverse("siteadmin:files"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="max_file_mb" value="25"' in html
    assert 'name="max_per_post" value="10"' in html
    assert 'name="retention_days" value="30"' in html
    assert f'href="{reverse("siteadmin:files")}"' in html  # in the admin area's navigation


def test_an_admin_saves_new_limits_and_a_wrong_number_is_refused_with_the_range(client, alma):
    client.force_login(alma)
    form = {"max_file_mb": 2, "max_per_post": 3, "retention_days": 7, "pending_hours": 12}
    assert client.post(reverse("siteadmin:files"), form).status_code == 302
    saved = FileSettings.current()
    assert (saved.max_file_mb, saved.max_per_post, saved.retention_days) == (2, 3, 7)
    response = client.post(reverse("siteadmin:files"), {**form, "max_per_post": 0})
    assert response.status_code == 400
    assert "Ensure this value is greater than or equal to 1." in response.content.decode()
    assert FileSettings.current().max_per_post == 3


def test_the_action_refuses_a_non_admin_and_numbers_out_of_range(alma, aria):
    from django.core.exceptions import ValidationError
    from django.http import Http404

    values = {"max_file_mb": 5, "max_per_post": 2, "retention_days": 1, "pending_hours": 1}
    with pytest.raises(Http404):
        actions.set_file_limits(actor=aria, **values)
    with pytest.raises(ValidationError, match="from 1 to 2048"):
        actions.set_file_limits(actor=alma, **{**values, "max_file_mb": 5000})
    assert not FileSettings.objects.exists()


def test_a_file_over_the_new_size_limit_is_refused_everywhere_and_nothing_is_stored(
    client, alma, aria, files_root
):
    actions.set_file_limits(
        actor=alma, max_file_mb=1, max_per_post=10, retention_days=30, pending_hours=24
    )
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1)
    client.force_login(aria)
    response = client.post(reverse("files:upload"), {"file": upload("big.pdf", big)})
    assert response.status_code == 413
    assert response.json()["error"] == "This file is too large: at most 1 MB per file."
    response = client.post(
        reverse("posts:create"), {"body": "big", "files": [upload("b.pdf", big)]}
    )
    assert response.status_code == 400
    assert "at most 1 MB per file" in response.content.decode()
    assert not Post.objects.filter(body="big").exists()
    response = _api(aria).post("/api/v1/files", {"file": upload("big.pdf", big)})
    assert response.status_code == 413
    assert "at most 1 MB per file" in response.json()["message"]
    assert not Attachment.objects.exists()
    assert stored_files(files_root) == []
    just_right = b"%PDF-1.4\n" + b"0" * (1024 * 1024 - 20)
    assert (
        client.post(reverse("files:upload"), {"file": upload("ok.pdf", just_right)}).status_code
        == 201
    )


def test_more_files_than_the_new_limit_are_refused_by_the_api_and_none_attached(alma, aria):
    actions.set_file_limits(
        actor=alma, max_file_mb=25, max_per_post=2, retention_days=30, pending_hours=24
    )
    post = create_post(actor=aria, body="Three files")
    files = [actions.upload_file(actor=aria, upload=upload(f"{n}.pdf", PDF)) for n in range(3)]
    response = _api(aria).post(
        "/api/v1/files/attach",
        {"file_ids": [f.pk for f in files], "post_id": post.pk},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "Too many files: at most 2" in str(response.json())
    assert not Attachment.objects.filter(post=post).exists()


def test_the_retention_the_admin_sets_decides_when_a_deleted_posts_files_go(alma, aria, files_root):
    actions.set_file_limits(
        actor=alma, max_file_mb=25, max_per_post=10, retention_days=2, pending_hours=24
    )
    pdf = actions.upload_file(actor=aria, upload=upload("a.pdf", PDF))
    post = create_post(actor=aria, body="Soon gone")
    actions.attach_to_post(actor=aria, post=post, attachment_ids=[pdf.pk])
    delete_post(actor=aria, post=post)
    assert actions.purge_removed(now=timezone.now() + timedelta(days=1)) == 0
    assert stored_files(files_root) != []
    assert actions.purge_removed(now=timezone.now() + timedelta(days=3)) == 1
    assert stored_files(files_root) == []

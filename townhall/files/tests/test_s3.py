"""Attachments in S3-compatible storage, against moto's S3 server started by the test on
127.0.0.1: uploads and renditions land in the bucket, a download is a redirect to a signed
URL issued only after the permission check, and that URL stops working when it expires."""

import subprocess
import sys
import time
from pathlib import Path

import boto3
import httpx
import pytest
from django.urls import reverse

from townhall.core.tests.isolated import free_port
from townhall.files import actions
from townhall.files.tests.conftest import picture, upload
from townhall.posts.actions import create_post

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% in the bucket\n"


@pytest.fixture(scope="module")
def moto_server():
    port = free_port()
    binary = Path(sys.executable).parent / "moto_server"
    process = subprocess.Popen(
        [str(binary), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("moto_server did not start")
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def bucket(moto_server, settings):
    name = f"townhall-{time.monotonic_ns()}"
    boto3.client(
        "s3",
        endpoint_url=moto_server,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    ).create_bucket(Bucket=name)
    settings.TOWNHALL_S3_BUCKET = name
    settings.TOWNHALL_S3_ENDPOINT_URL = moto_server
    settings.TOWNHALL_S3_ACCESS_KEY = "test"
    settings.TOWNHALL_S3_SECRET_KEY = "test"
    settings.TOWNHALL_S3_REGION = "us-east-1"
    settings.TOWNHALL_S3_URL_SECONDS = 60
    return name


def _keys(moto_server, name) -> list[str]:
    s3 = boto3.client(
        "s3",
        endpoint_url=moto_server,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    )
    return sorted(o["Key"] for o in s3.list_objects_v2(Bucket=name).get("Contents", []))


def test_a_download_is_a_signed_url_that_only_a_permitted_person_gets(
    client, bucket, moto_server, aria, bo, make_user, files_root
):
    pdf = actions.upload_file(actor=aria, upload=upload("plan.pdf", PDF))
    assert _keys(moto_server, bucket) == [f"attachments/{pdf.stored}"]
    assert not files_root.exists()  # nothing on local disk
    client.force_login(bo)
    assert client.get(reverse("files:file", args=[pdf.pk, "download"])).status_code == 404
    post = create_post(actor=aria, body="plan")
    actions.attach_to_post(actor=aria, post=post, attachment_ids=[pdf.pk])
    response = client.get(reverse("files:file", args=[pdf.pk, "download"]))
    assert response.status_code == 302
    assert response["X-Content-Type-Options"] == "nosniff"
    signed = response["Location"]
    assert signed.startswith(moto_server) and "X-Amz-Signature=" in signed
    fetched = httpx.get(signed)
    assert fetched.status_code == 200
    assert fetched.content == PDF
    assert fetched.headers["content-type"] == "application/pdf"
    assert fetched.headers["content-disposition"].startswith('attachment; filename="plan.pdf"')
    unsigned = httpx.get(signed.split("?")[0])
    assert unsigned.status_code == 403  # the object is private


def test_a_signed_url_carries_the_admins_short_expiry_and_each_request_gets_a_fresh_one(
    client, bucket, settings, aria
):
    """moto's server does not enforce X-Amz-Expires (real S3 does, answering 403 "Request
    has expired"), so the expiry is asserted from the signed parameters themselves."""
    from urllib.parse import parse_qs, urlsplit

    settings.TOWNHALL_S3_URL_SECONDS = 1
    pdf = actions.upload_file(actor=aria, upload=upload("plan.pdf", PDF))
    client.force_login(aria)
    signed = client.get(reverse("files:file", args=[pdf.pk, "download"]))["Location"]
    query = parse_qs(urlsplit(signed).query)
    assert query["X-Amz-Expires"] == ["1"]
    assert "X-Amz-Signature" in query and "X-Amz-Date" in query
    assert httpx.get(signed).status_code == 200
    time.sleep(1.1)
    fresh = client.get(reverse("files:file", args=[pdf.pk, "download"]))["Location"]
    assert fresh != signed  # a new date and signature: links are per request
    assert httpx.get(fresh).status_code == 200


def test_pictures_are_cleaned_and_resized_in_the_bucket(
    client, bucket, moto_server, aria, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        photo = actions.upload_file(actor=aria, upload=upload("p.png", picture()))
    photo.refresh_from_db()
    assert photo.state == "ready"
    keys = _keys(moto_server, bucket)
    assert keys == sorted(f"attachments/{n}" for n in (photo.stored, photo.display, photo.thumb))
    client.force_login(aria)
    thumb = httpx.get(client.get(reverse("files:file", args=[photo.pk, "thumb"]))["Location"])
    assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/webp"
    assert thumb.headers["content-disposition"].startswith("inline;")


def test_removing_a_file_deletes_it_from_the_bucket(
    client, bucket, moto_server, aria, django_capture_on_commit_callbacks
):
    pdf = actions.upload_file(actor=aria, upload=upload("plan.pdf", PDF))
    with django_capture_on_commit_callbacks(execute=True):
        actions.delete_attachment(actor=aria, attachment=pdf)
    assert _keys(moto_server, bucket) == []

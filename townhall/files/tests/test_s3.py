"""Attachments in S3-compatible storage, against moto's S3 server started by the test on
127.0.0.1: uploads and renditions land in the bucket, a download is a redirect to a signed
URL issued only after the permission check, whose short expiry is signed. moto's server
does not refuse expired links (no S3-compatible server that does is installable here), so
the expiry is checked where it is decided: the parameters and botocore's own signature."""

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


def _signature_for(url: str, seconds: int) -> str:
    """SigV4 query signature of `url` (without its X-Amz-Signature), computed by botocore's
    own S3 presigner pieces with the test credentials and the URL's own X-Amz-Date."""
    from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

    from botocore.auth import S3SigV4QueryAuth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    parts = urlsplit(url)
    pairs = [(k, v) for k, v in parse_qsl(parts.query) if k != "X-Amz-Signature"]
    bare = urlunsplit(parts._replace(query=urlencode(pairs, quote_via=quote)))
    request = AWSRequest(method="GET", url=bare)
    request.context["timestamp"] = dict(pairs)["X-Amz-Date"]
    signer = S3SigV4QueryAuth(Credentials("test", "test"), "s3", "us-east-1", expires=seconds)
    canonical = signer.canonical_request(request)
    return signer.signature(signer.string_to_sign(request, canonical), request)


def test_the_expiry_is_signed_and_the_link_dies_within_the_setting_after_it_was_issued(
    client, bucket, settings, aria
):
    """What a real S3 checks, checked here (moto's server does not refuse expired links):
    X-Amz-Expires is the admin's setting, X-Amz-Date is the moment of the request, and the
    signature covers both, so a link cannot be stretched: with X-Amz-Expires raised to an
    hour the signature no longer matches (S3 answers 403 SignatureDoesNotMatch)."""
    from datetime import UTC, datetime, timedelta
    from urllib.parse import parse_qs, urlsplit

    settings.TOWNHALL_S3_URL_SECONDS = 30
    pdf = actions.upload_file(actor=aria, upload=upload("plan.pdf", PDF))
    client.force_login(aria)
    before = datetime.now(UTC).replace(microsecond=0)
    signed = client.get(reverse("files:file", args=[pdf.pk, "download"]))["Location"]
    after = datetime.now(UTC)
    query = {k: v[0] for k, v in parse_qs(urlsplit(signed).query).items()}
    assert query["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
    assert query["X-Amz-Expires"] == "30"
    issued = datetime.strptime(query["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert before <= issued <= after
    # so the link dies no later than 30 s after the response that carried it
    assert issued + timedelta(seconds=int(query["X-Amz-Expires"])) <= after + timedelta(seconds=30)
    assert query["X-Amz-Signature"] == _signature_for(signed, 30)
    stretched = signed.replace("X-Amz-Expires=30", "X-Amz-Expires=3600")
    assert _signature_for(stretched, 3600) != query["X-Amz-Signature"]


def test_the_link_lifetime_setting_is_refused_outside_1_to_3600_seconds(tmp_path):
    from townhall.config import ConfigError, load_config

    env = {"TOWNHALL_DATA_DIR": str(tmp_path)}
    for wrong in ("0", "3601", "soon", "-5"):
        with pytest.raises(ConfigError, match="from 1 to 3600"):
            load_config({**env, "TOWNHALL_S3_URL_SECONDS": wrong})
    assert load_config({**env, "TOWNHALL_S3_URL_SECONDS": "3600"}).s3["url_seconds"] == 3600

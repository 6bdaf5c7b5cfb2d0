"""Uploads are judged by their content: each bad input named in issue #9 is refused with a
clear message (or made harmless) and leaves nothing stored."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image

from townhall.files import actions
from townhall.files.models import Attachment, FileSettings
from townhall.files.storage import file_storage
from townhall.files.tests.conftest import (
    animated_gif,
    jpeg_with_gps_and_rotation,
    picture,
    png_header_claiming,
    stored_files,
    upload,
)

pytestmark = pytest.mark.django_db

SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)
HTML = b"<!DOCTYPE html><html><body><script>fetch('/api/v1/me')</script></body></html>"
PHP = b"<?php system($_GET['c']); ?>"


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def _docx() -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


BAD_INPUTS = [
    ("cat.jpg", PHP, "Program code"),
    ("cat.jpg", b"this is not a picture at all", "named like a picture"),
    ("evil.svg", SVG, "SVG pictures are not accepted"),
    ("innocent.png", SVG, "SVG pictures are not accepted"),
    ("page.html", HTML, "Web pages (HTML) are not accepted"),
    ("notes.txt", HTML, "Web pages (HTML) are not accepted"),
    ("huge.png", png_header_claiming(50_000, 50_000), "too many pixels"),
    ("photo.jpg", picture("JPEG", (400, 300))[:600], "damaged or incomplete"),
    ("empty.pdf", b"", "empty (0 bytes)"),
    ("bomb.zip", _zip({"zeros.bin": b"\0" * 30_000_000}), "zip bomb"),
    ("program.exe", b"MZ\x90\x00\x03" + b"\0" * 100, "not accepted"),
    ("broken.zip", b"PK\x03\x04garbage", "damaged"),
]


@pytest.mark.parametrize(
    "name, data, message", BAD_INPUTS, ids=[b[0] + "-" + b[2] for b in BAD_INPUTS]
)
def test_each_bad_upload_is_refused_with_a_clear_message_and_nothing_is_stored(
    client, aria, files_root, name, data, message
):
    client.force_login(aria)
    response = client.post(reverse("files:upload"), {"file": upload(name, data)})
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not Attachment.objects.exists()
    assert stored_files(files_root) == [] if files_root.exists() else True


def test_a_file_over_the_admins_limit_is_refused_with_the_limit_named(client, aria, files_root):
    FileSettings.objects.create(pk=1, max_file_mb=1)
    client.force_login(aria)
    data = b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10)
    response = client.post(reverse("files:upload"), {"file": upload("big.pdf", data)})
    assert response.status_code == 413
    assert response.json()["error"] == "This file is too large: at most 1 MB per file."
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\report.pdf", "report.pdf"),
        ("report\x00.php.pdf", "report.php.pdf"),
        ("right\u202eto-left.pdf", "rightto-left.pdf"),
        ("..", "file"),
        ("a" * 296 + ".pdf", "a" * 146 + ".pdf"),
    ],
    ids=["dot-dot-slash", "backslashes", "NUL", "bidi-override", "only-dots", "300-characters"],
)
def test_a_dangerous_file_name_is_made_harmless(aria, raw, shown):
    attachment = actions.upload_file(actor=aria, upload=upload("x.pdf", b"%PDF-1.7 ok"))
    from townhall.files.detect import clean_filename

    assert clean_filename(raw) == shown
    assert "/" not in attachment.stored.split("/", 1)[1]  # stored under a random name


def test_the_stored_name_is_random_whatever_the_file_was_called(aria):
    attachment = actions.upload_file(
        actor=aria, upload=upload("../../../etc/cron.d/x.pdf", b"%PDF-1.7 ok")
    )
    assert attachment.name == "x.pdf"
    assert "etc" not in attachment.stored and "cron" not in attachment.stored


@pytest.mark.parametrize(
    "name, data, content_type",
    [
        ("report.pdf", b"%PDF-1.7\n1 0 obj\n", "application/pdf"),
        (
            "plan.docx",
            _docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("archive.zip", _zip({"a.txt": b"hello"}), "application/zip"),
        ("notes.md", "# Notes\nCafé ☕".encode(), "text/plain; charset=utf-8"),
        (
            "legacy.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64,
            "application/vnd.ms-excel",
        ),
        ("photo.bin", picture("WEBP"), "image/webp"),
    ],
)
def test_good_files_are_recognised_from_their_content(aria, name, data, content_type):
    attachment = actions.upload_file(actor=aria, upload=upload(name, data, "text/html"))
    assert attachment.content_type == content_type
    assert attachment.is_pending


def test_a_photo_is_turned_upright_and_loses_its_exif_in_the_background(
    aria, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        attachment = actions.upload_file(
            actor=aria,
            upload=upload("holiday.jpg", jpeg_with_gps_and_rotation()),
            alt_text="A lake",
        )
    attachment.refresh_from_db()
    assert attachment.state == Attachment.State.READY
    assert (attachment.width, attachment.height) == (40, 80)  # rotated as the EXIF asked
    storage = file_storage()
    for name in (attachment.stored, attachment.display, attachment.thumb):
        with storage.open(name) as handle, Image.open(handle) as image:
            assert not image.getexif(), f"{name} still carries EXIF"
            assert b"SpyCam" not in handle.read() if handle.seek(0) == 0 else True
    assert attachment.alt_text == "A lake"


def test_the_raw_upload_with_its_exif_is_deleted_once_cleaned(
    aria, files_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        attachment = actions.upload_file(
            actor=aria, upload=upload("p.jpg", jpeg_with_gps_and_rotation())
        )
    attachment.refresh_from_db()
    names = stored_files(files_root)
    assert sorted(names) == sorted([attachment.stored, attachment.display, attachment.thumb])
    for name in names:
        assert b"SpyCam" not in (files_root / name).read_bytes()


def test_an_animated_gif_stays_animated(aria, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        attachment = actions.upload_file(actor=aria, upload=upload("dance.gif", animated_gif(4)))
    attachment.refresh_from_db()
    assert attachment.animated
    storage = file_storage()
    for name in (attachment.stored, attachment.display, attachment.thumb):
        with storage.open(name) as handle, Image.open(handle) as image:
            assert image.n_frames == 4


def test_an_over_long_alt_text_is_refused(aria):
    with pytest.raises(ValidationError, match="at most 500"):
        actions.upload_file(actor=aria, upload=upload("a.png", picture()), alt_text="x" * 501)


def test_an_upload_without_a_file_gets_a_message(client, aria):
    client.force_login(aria)
    response = client.post(reverse("files:upload"), {})
    assert response.status_code == 400
    assert response.json()["error"] == "Choose a file to upload."


def test_signed_out_visitors_cannot_upload(client):
    response = client.post(reverse("files:upload"), {"file": upload("a.pdf", b"%PDF-1.4")})
    assert response.status_code == 302
    assert not Attachment.objects.exists()

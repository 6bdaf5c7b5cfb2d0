"""Fixtures for attachment tests: files stored in a temporary folder, pictures made here."""

import struct
import zlib
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


@pytest.fixture(autouse=True)
def files_root(settings, tmp_path):
    settings.TOWNHALL_FILES_ROOT = tmp_path / "files"
    settings.TOWNHALL_S3_BUCKET = ""
    return tmp_path / "files"


def stored_files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def picture(fmt: str = "PNG", size=(64, 48), color=(200, 30, 30), **save) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, color).save(out, format=fmt, **save)
    return out.getvalue()


def jpeg_with_gps_and_rotation() -> bytes:
    """A 80x40 JPEG whose EXIF says 'rotate 90°' and carries a GPS position."""
    image = Image.new("RGB", (80, 40), (10, 120, 200))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to show
    exif[0x010F] = "SpyCam"  # camera make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (59.0, 54.0, 0.0)
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def animated_gif(frames: int = 3) -> bytes:
    images = [Image.new("RGB", (40, 40), (60 * i, 0, 0)) for i in range(frames)]
    out = BytesIO()
    images[0].save(out, format="GIF", save_all=True, append_images=images[1:], duration=80, loop=0)
    return out.getvalue()


def png_header_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width x height pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def aria(make_user):
    return make_user("aria", display_name="Aria Author")


@pytest.fixture
def bo(make_user):
    return make_user("bo", display_name="Bo Colleague")

"""What an uploaded file really is, judged from its content, never from its name.

`inspect(upload, name, max_bytes)` answers a Detected (kind, content type, size, picture
dimensions) or raises ValidationError with a message for the person who uploaded it:

- pictures are opened with Pillow, limited to an allow-list of formats, their pixel count
  read from the header before decoding (a decompression bomb is refused), then decoded at
  a reduced size so a truncated or damaged picture is refused too;
- PDFs, zip archives (and the office formats that are zip archives), and old office files
  are recognised by their first bytes; a zip whose entries claim too much uncompressed
  data or too many files is refused (we never unpack it, but neither will we hand it on);
- plain text only with a text name (.txt, .md, .csv, .log), valid UTF-8 and no markup;
- SVG, HTML and PHP (or any script) are refused by name, whatever the file is called.

`clean_filename` turns whatever name the browser sent into one that is safe to show and to
put in a Content-Disposition header. Stored files get random names, never this one.
"""

import os
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

IMAGE_TYPES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "GIF": "image/gif",
    "WEBP": "image/webp",
    "AVIF": "image/avif",
}
# Types a browser may show inline: pictures Pillow decoded. Never SVG, never HTML.
INLINE_TYPES = frozenset(IMAGE_TYPES.values())
MAX_PIXELS = 40_000_000  # per frame, as for avatars
MAX_ANIMATION_PIXELS = 400_000_000  # all frames of an animation together
MAX_NAME = 150
TEXT_NAMES = (".txt", ".md", ".csv", ".log")
IMAGE_NAMES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".jfif", ".bmp", ".heic")
ZIP_MAX_ENTRIES = 10_000
ZIP_MAX_TOTAL = 2 * 1024**3  # what all entries claim once unpacked
ZIP_MAX_RATIO = 200  # a bigger ratio on a big entry is a bomb, not a document
OFFICE_ZIP = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
OLE_TYPES = {
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
}
MARKUP = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<iframe", b"<svg")

# Pillow's own process-wide guard stays on as a second line (never None).
if Image.MAX_IMAGE_PIXELS is None:
    Image.MAX_IMAGE_PIXELS = int(1024 * 1024 * 1024 // 4 // 3)


@dataclass
class Detected:
    kind: str  # Attachment.Kind value: "image" or "file"
    content_type: str
    size: int
    width: int | None = None
    height: int | None = None
    animated: bool = False


def clean_filename(raw: str | None) -> str:
    """A name to show: no folders, no control or invisible characters, at most 150 long."""
    name = unicodedata.normalize("NFC", raw or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] not in ("C", "Z") or ch == " ")
    name = " ".join(name.split()).strip(" .")
    if not name or name in (".", ".."):
        name = _("file")
    if len(name) > MAX_NAME:
        stem, extension = os.path.splitext(name)
        extension = extension[:16]
        name = stem[: MAX_NAME - len(extension)].rstrip(" .") + extension
    return name


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def limit_message(max_bytes: int) -> str:
    return _("This file is too large: at most %(mb)s MB per file.") % {
        "mb": f"{max_bytes / 1024 / 1024:g}"
    }


def inspect(upload, name: str, max_bytes: int) -> Detected:
    size = upload.size if upload.size is not None else len(upload.read())
    if size == 0:
        raise _refuse(_("This file is empty (0 bytes)."), "empty")
    if size > max_bytes:
        raise _refuse(limit_message(max_bytes), "too_large")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    picture = _inspect_picture(upload, size)
    if picture is not None:
        return picture
    return _inspect_other(upload, head, name.lower(), size)


def _inspect_picture(upload, size: int) -> Detected | None:
    """A Detected for a picture we accept, None when it is not a picture at all."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            try:
                image = Image.open(upload, formats=tuple(IMAGE_TYPES))
            except UnidentifiedImageError:
                return None
            with image:
                width, height = image.size
                frames = getattr(image, "n_frames", 1)
                if width < 1 or height < 1:
                    raise ValueError("no pixels")
                if width * height > MAX_PIXELS or width * height * frames > MAX_ANIMATION_PIXELS:
                    raise Image.DecompressionBombError(f"{width}x{height}x{frames}")
                content_type = IMAGE_TYPES[image.format]
                image.draft("RGB", (512, 512))  # JPEG: decode at 1/8 scale, still to the end
                image.load()  # a truncated or damaged picture fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _refuse(
            _(
                "This picture has too many pixels: at most 40 megapixels. It may be a "
                "decompression bomb; shrink it and try again."
            ),
            "too_many_pixels",
        ) from error
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise _refuse(
            _("This picture is damaged or incomplete (for example cut off): it cannot be read."),
            "damaged_image",
        ) from error
    finally:
        upload.seek(0)
    return Detected("image", content_type, size, width, height, frames > 1)


def _inspect_other(upload, head: bytes, name: str, size: int) -> Detected:
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(b"<svg") or (lowered.startswith(b"<?xml") and b"<svg" in lowered):
        raise _refuse(
            _("SVG pictures are not accepted (they can carry scripts): export it as PNG."), "svg"
        )
    if any(lowered.startswith(tag) for tag in MARKUP) or b"<script" in lowered:
        raise _refuse(_("Web pages (HTML) are not accepted as attachments."), "html")
    if b"<?php" in lowered or lowered.startswith(b"#!"):
        raise _refuse(_("Program code (such as PHP or scripts) is not accepted."), "script")
    if head.startswith(b"%PDF-"):
        return Detected("file", "application/pdf", size)
    if head.startswith(b"PK\x03\x04"):
        return Detected("file", _zip_type(upload), size)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        extension = os.path.splitext(name)[1]
        return Detected("file", OLE_TYPES.get(extension, "application/x-ole-storage"), size)
    if name.endswith(IMAGE_NAMES):
        raise _refuse(
            _("This file is named like a picture, but its content is not a picture we accept."),
            "not_an_image",
        )
    if name.endswith(TEXT_NAMES) and _is_plain_text(upload):
        return Detected("file", "text/plain; charset=utf-8", size)
    raise _refuse(
        _(
            "This kind of file is not accepted. Attach pictures (JPEG, PNG, GIF, WebP, "
            "AVIF), PDFs, office documents, plain text (.txt, .md, .csv) or zip archives."
        ),
        "unsupported",
    )


def _is_plain_text(upload) -> bool:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _zip_type(upload) -> str:
    damaged = _refuse(_("This zip archive is damaged and cannot be read."), "damaged_zip")
    bomb = _refuse(
        _(
            "This archive would unpack to far more than its size (a zip bomb) or holds too "
            "many files: it is not accepted."
        ),
        "zip_bomb",
    )
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise damaged from error
    finally:
        upload.seek(0)
    if len(entries) > ZIP_MAX_ENTRIES:
        raise bomb
    total = 0
    for entry in entries:
        total += entry.file_size
        big = entry.file_size > 10 * 1024 * 1024
        if big and entry.file_size > ZIP_MAX_RATIO * max(entry.compress_size, 1):
            raise bomb
        if entry.filename.lower().endswith((".zip", ".gz", ".7z", ".rar")) and (
            entry.file_size > ZIP_MAX_RATIO * max(entry.compress_size, 1)
        ):
            raise bomb
    if total > ZIP_MAX_TOTAL:
        raise bomb
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" in names:
        for prefix, content_type in OFFICE_ZIP.items():
            if any(n.startswith(prefix) for n in names):
                return content_type
    if "mimetype" in names:
        with zipfile.ZipFile(upload) as archive:
            declared = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
        upload.seek(0)
        if declared.startswith("application/vnd.oasis.opendocument."):
            return declared
    return "application/zip"

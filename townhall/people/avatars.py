"""Profile pictures: checked with Pillow, squared, shrunk and re-encoded before they are stored.

Re-encoding as WebP from the decoded pixels drops everything else the upload carried: EXIF
(camera make, GPS position), XMP, comments and any payload hidden after the image data.
"""

import secrets
import warnings
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
# Largest picture we agree to decode: 40 megapixels (a large phone photo is ~12-50 MP; a
# decompression bomb is a tiny file claiming far more). Checked from the header, before load.
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
SIZE = 256
FOLDER = "avatars"

# Pillow's own bomb guard must stay on (it is a process-wide setting; never None).
if Image.MAX_IMAGE_PIXELS is None:
    Image.MAX_IMAGE_PIXELS = int(1024 * 1024 * 1024 // 4 // 3)  # Pillow's default


def _too_big_message() -> str:
    return _("That picture is too large: choose one of at most 5 MB.")


def process_avatar(upload) -> bytes:
    """Return a 256×256 WebP made from `upload`, or raise ValidationError saying what is wrong."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(_too_big_message(), code="too_large")
    not_a_picture = ValidationError(
        _("That file is not a picture we can use: upload a JPEG, PNG, WebP or GIF image."),
        code="not_an_image",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload, formats=ALLOWED_FORMATS) as probe:
                _check_dimensions(probe)
                probe.verify()  # reads the data without decoding pixels; catches truncation
            upload.seek(0)
            with Image.open(upload, formats=ALLOWED_FORMATS) as image:
                _check_dimensions(image)
                return _square_webp(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("That picture has too many pixels: choose one smaller than 40 megapixels."),
            code="too_many_pixels",
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise not_a_picture from error


def _check_dimensions(image: Image.Image) -> None:
    width, height = image.size
    if width < 1 or height < 1:
        raise ValueError("empty image")
    if width * height > MAX_PIXELS:
        raise Image.DecompressionBombError(f"{width}x{height} is over the limit")


def _square_webp(image: Image.Image) -> bytes:
    image.seek(0)  # the first frame of an animated GIF or WebP
    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    square = ImageOps.fit(image, (SIZE, SIZE), method=Image.Resampling.LANCZOS)
    out = BytesIO()
    square.save(out, format="WEBP", quality=85, method=4)  # no exif= argument: none written
    return out.getvalue()


def store_avatar(data: bytes) -> str:
    """Save processed avatar bytes under an unguessable name; return the storage name."""
    name = f"{FOLDER}/{secrets.token_urlsafe(18)}.webp"
    return default_storage.save(name, ContentFile(data))


def delete_avatar(name: str) -> None:
    """Remove a stored avatar; only ever files in our own folder."""
    if name and name.startswith(f"{FOLDER}/"):
        default_storage.delete(name)

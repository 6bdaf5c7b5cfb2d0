"""Pictures for articles (covers and pictures in the text): the avatar pipeline's rules.

Checked with Pillow (format allowlist, size, pixel count from the header, `verify()`),
turned upright, shrunk to at most MAX_SIDE pixels on the long side and re-encoded as WebP
from the decoded pixels, which drops EXIF (GPS position, camera), XMP and anything hidden
after the image data. Stored under an unguessable name.
"""

import secrets
import warnings
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from townhall.people.avatars import ALLOWED_FORMATS, MAX_BYTES, MAX_PIXELS

MAX_SIDE = 1600


def _check_dimensions(image: Image.Image) -> None:
    width, height = image.size
    if width < 1 or height < 1:
        raise ValueError("empty image")
    if width * height > MAX_PIXELS:
        raise Image.DecompressionBombError(f"{width}x{height} is over the limit")


def process_picture(upload) -> bytes:
    """A WebP of at most MAX_SIDE px made from `upload`, or ValidationError saying why not."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(
            _("That picture is too large: choose one of at most 5 MB."), code="too_large"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload, formats=ALLOWED_FORMATS) as probe:
                _check_dimensions(probe)
                probe.verify()
            upload.seek(0)
            with Image.open(upload, formats=ALLOWED_FORMATS) as image:
                _check_dimensions(image)
                image.seek(0)
                picture = ImageOps.exif_transpose(image)
                alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
                picture = picture.convert("RGBA" if alpha else "RGB")
                picture.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
                out = BytesIO()
                picture.save(out, format="WEBP", quality=85, method=4)
                return out.getvalue()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("That picture has too many pixels: choose one smaller than 40 megapixels."),
            code="too_many_pixels",
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("That file is not a picture we can use: upload a JPEG, PNG, WebP or GIF image."),
            code="not_an_image",
        ) from error


def store_picture(data: bytes, folder: str) -> str:
    """Save processed bytes as `<folder>/<random>.webp`; return the storage name."""
    return default_storage.save(f"{folder}/{secrets.token_urlsafe(18)}.webp", ContentFile(data))


def delete_picture(name: str) -> None:
    if name and name.startswith(("covers/", "article-images/")):
        default_storage.delete(name)

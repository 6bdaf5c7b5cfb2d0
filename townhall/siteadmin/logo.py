"""The organisation's logo: checked with Pillow, shrunk to fit the header, re-encoded as WebP
(which drops EXIF and anything hidden in the upload), stored under an unguessable name."""

import secrets
import warnings
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
BOX = (480, 96)  # the largest the header shows it (at twice its CSS size, for sharp screens)
FOLDER = "site"


def process_logo(upload) -> bytes:
    """A WebP of at most BOX made from `upload`, or ValidationError saying what is wrong."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(_("The logo is too large: choose a file of at most 2 MB."))
    refused = ValidationError(
        _("That file is not a picture we can use: upload a PNG, JPEG, WebP or GIF image.")
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload, formats=ALLOWED_FORMATS) as probe:
                width, height = probe.size
                if width < 1 or height < 1 or width * height > MAX_PIXELS:
                    raise ValueError("size")
                probe.verify()
            upload.seek(0)
            with Image.open(upload, formats=ALLOWED_FORMATS) as image:
                image.seek(0)
                image = ImageOps.exif_transpose(image)
                has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
                image = image.convert("RGBA" if has_alpha else "RGB")
                image.thumbnail(BOX, Image.Resampling.LANCZOS)
                out = BytesIO()
                image.save(out, format="WEBP", quality=90, method=4)
                return out.getvalue()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise refused from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise refused from error


def store_logo(data: bytes) -> str:
    return default_storage.save(
        f"{FOLDER}/logo-{secrets.token_urlsafe(12)}.webp", ContentFile(data)
    )


def delete_logo(name: str) -> None:
    if name and name.startswith(f"{FOLDER}/"):
        default_storage.delete(name)

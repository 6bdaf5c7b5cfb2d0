"""Answering a request for an attachment's bytes, after townhall.access.files said yes.

- Local storage: the bytes, with the Content-Type we detected (never the uploader's),
  `Content-Disposition: attachment` unless it is a picture Pillow decoded (JPEG, PNG, GIF,
  WebP, AVIF: those may show inline), `X-Content-Type-Options: nosniff`, and a CSP that
  forbids everything (`default-src 'none'; sandbox`), so even a file a browser insisted on
  rendering could run nothing on our origin.
- S3: a redirect to a signed URL that works for a minute and makes S3 answer with the same
  Content-Type and Content-Disposition. It is made per request, after the check.
"""

from urllib.parse import quote

from django.http import FileResponse, Http404, HttpResponseRedirect

from townhall.files.detect import INLINE_TYPES
from townhall.files.models import Attachment
from townhall.files.storage import file_storage, signed_url, using_s3

RENDITIONS = ("download", "display", "thumb")


def _disposition(kind: str, name: str) -> str:
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "").replace("?", "_")
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


def respond(attachment: Attachment, rendition: str):
    if rendition == "download":
        stored, content_type = attachment.stored, attachment.content_type
    elif rendition in ("display", "thumb"):
        stored = getattr(attachment, rendition)
        content_type = "image/webp"
    else:
        raise Http404
    # A picture's bytes are served only once cleaned (EXIF gone): never the raw upload.
    if attachment.kind == Attachment.Kind.IMAGE and not attachment.is_ready:
        raise Http404
    if not stored:
        raise Http404
    inline = content_type in INLINE_TYPES
    name = attachment.name or "file"
    if rendition != "download":
        name = name.rsplit(".", 1)[0] + ".webp"
    disposition = _disposition("inline" if inline else "attachment", name)
    if using_s3():
        response = HttpResponseRedirect(
            signed_url(stored, content_type=content_type, disposition=disposition)
        )
        response["Cache-Control"] = "private, no-store"
    else:
        try:
            handle = file_storage().open(stored, "rb")
        except (FileNotFoundError, OSError) as error:
            raise Http404 from error
        response = FileResponse(handle, content_type=content_type)
        response["Content-Disposition"] = disposition
        response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response

"""Where attachment bytes live: a folder of the data directory, or S3-compatible storage.

Local (the default): TOWNHALL_FILES_ROOT, `<data dir>/files`, deliberately NOT under
MEDIA_ROOT: the /media/ view serves avatars to any signed-in person, while attachments are
served only by this app's views, after the permission check.

S3 (when TOWNHALL_S3_BUCKET is set): django-storages' S3Storage with private objects and
query-string signatures; `signed_url` hands out a URL that works for
TOWNHALL_S3_URL_SECONDS (default 60) and carries our Content-Type and Content-Disposition,
issued only by the views, after the same permission check.
"""

import secrets
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage


def using_s3() -> bool:
    return bool(getattr(settings, "TOWNHALL_S3_BUCKET", ""))


def file_storage() -> Storage:
    if using_s3():
        from storages.backends.s3 import S3Storage

        return S3Storage(
            bucket_name=settings.TOWNHALL_S3_BUCKET,
            endpoint_url=getattr(settings, "TOWNHALL_S3_ENDPOINT_URL", "") or None,
            access_key=getattr(settings, "TOWNHALL_S3_ACCESS_KEY", "") or None,
            secret_key=getattr(settings, "TOWNHALL_S3_SECRET_KEY", "") or None,
            region_name=getattr(settings, "TOWNHALL_S3_REGION", "") or None,
            default_acl="private",
            querystring_auth=True,
            signature_version="s3v4",
            querystring_expire=url_seconds(),
            file_overwrite=False,
            location="attachments",
        )
    root = getattr(settings, "TOWNHALL_FILES_ROOT", None) or Path(settings.DATA_DIR) / "files"
    return FileSystemStorage(location=root)


def url_seconds() -> int:
    return int(getattr(settings, "TOWNHALL_S3_URL_SECONDS", 60) or 60)


def new_name(extension: str) -> str:
    """A random storage name in a two-level folder: never derived from what was uploaded."""
    token = secrets.token_urlsafe(18)
    return f"{token[:2].lower()}/{token}{extension}"


def signed_url(name: str, *, content_type: str, disposition: str) -> str:
    return file_storage().url(
        name,
        parameters={
            "ResponseContentType": content_type,
            "ResponseContentDisposition": disposition,
        },
        expire=url_seconds(),
    )

"""Periodic clean-up (townhall.core.schedule): expired uploads and removed posts' files."""

from townhall.core.schedule import every
from townhall.files.actions import purge_expired_uploads, purge_removed


@every(hours=1)
def purge_expired_uploads_job() -> None:
    purge_expired_uploads()


@every(hours=6)
def purge_removed_files_job() -> None:
    purge_removed()

"""The site's VAPID key pair: generated on first use, kept in the data directory.

Push services accept a message only when it is signed with the key whose public half the
browser subscribed with, so the pair must survive restarts and be the same on every app
machine: with several machines, share the data directory's `vapid_private_key.pem` (or
copy it) like the secret key.
"""

import base64
import functools
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from py_vapid import Vapid02 as Vapid

KEY_FILE = "vapid_private_key.pem"


@functools.cache
def site_key() -> Vapid:
    path = settings.DATA_DIR / KEY_FILE
    if not path.exists():
        _create(path)
    return Vapid.from_file(str(path))


def _create(path: Path) -> None:
    """Write a new key; of two processes racing, the first link wins and both read it."""
    key = Vapid()
    key.generate_keys()
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f"{KEY_FILE}.{os.getpid()}.tmp")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key.private_pem())
    try:
        os.link(draft, path)
    except FileExistsError:
        pass
    finally:
        draft.unlink()


def public_key() -> str:
    """The application server key a browser subscribes with (base64url, no padding)."""
    raw = site_key().public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

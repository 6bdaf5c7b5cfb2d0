import pytest
from django.db import transaction
from django.test import override_settings

from townhall.core.site import forget_site_settings
from townhall.demo.load import load_demo


@pytest.fixture(scope="module")
def demo_media_root(tmp_path_factory):
    """Where the module's demo keeps its avatars (tests point MEDIA_ROOT here to read them)."""
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, demo_media_root):
    """The whole demo, loaded once per test module and rolled back after its last test
    (each test still runs in a savepoint of its own). Returns the loader's message.

    A fast password hasher keeps this quick; test_cli.py loads the demo for real."""
    hasher = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=hasher, MEDIA_ROOT=demo_media_root),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            message = load_demo()
            forget_site_settings()
            yield message
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            forget_site_settings()

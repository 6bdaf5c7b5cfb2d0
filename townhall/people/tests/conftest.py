import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """People tests create many accounts; the real hasher would spend most of the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

"""People for the notification tests, and a way to read what someone was notified of."""

import pytest

from townhall.notifications import selectors
from townhall.push.tests.test_push import push_service  # noqa: F401 (a fixture)


@pytest.fixture
def ann(make_user):
    return make_user("ann", display_name="Ann Author")


@pytest.fixture
def bo(make_user):
    return make_user("bo", display_name="Bo Builder")


@pytest.fixture
def cy(make_user):
    return make_user("cy", display_name="Cy Commenter")


@pytest.fixture
def texts():
    """texts(person) -> the sentences on their notifications page, newest first."""

    def read(person, **options):
        return [item.text for item in selectors.notification_page(person, **options).items]

    return read


@pytest.fixture
def smtp(settings, smtp_server):
    port, inbox = smtp_server
    settings.TOWNHALL_DELIVERY_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    return inbox


@pytest.fixture
def act(django_capture_on_commit_callbacks):
    """act(action, **arguments): run a real action and what it queues after commit (the
    outbox hands its event to the notifications consumer)."""

    def run(action, **arguments):
        with django_capture_on_commit_callbacks(execute=True):
            return action(**arguments)

    return run

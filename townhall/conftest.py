"""Fixtures every test module may use: personas, settings for tests, the browser, axe."""

import contextlib
import os
import shutil
import time

import pytest
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server + sync Playwright

# Property tests: a quick default locally, many more examples in CI (./test sets ci there).
hypothesis_settings.register_profile("default", max_examples=100, deadline=None)
hypothesis_settings.register_profile(
    "ci", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or "default")

CHROMIUM = os.environ.get("TOWNHALL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    """Tests that need PostgreSQL or Redis are the only ones ever skipped, and say why."""
    on_postgres = os.environ.get("TOWNHALL_DATABASE_URL", "").startswith("postgres")
    has_redis = bool(os.environ.get("TOWNHALL_REDIS_URL"))
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs TOWNHALL_DATABASE_URL=postgres://..."))
        if "redis" in item.keywords and not has_redis:
            item.add_marker(pytest.mark.skip(reason="needs TOWNHALL_REDIS_URL=redis://..."))


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Tasks run at once, mail lands in django.core.mail.outbox, uploads go to a temp dir."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # Django's test set-up swaps EMAIL_BACKEND for locmem; put the real queue back so tests
    # exercise it, and let the delivery task hand messages to locmem (mail.outbox).
    settings.EMAIL_BACKEND = "townhall.core.mail.QueuedEmailBackend"
    settings.TOWNHALL_DELIVERY_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    # Tests create many accounts; the real hasher would spend most of the run on them.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TOWNHALL_ALLOWED_EMAIL_DOMAINS = ["northwind.example"]
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS}
    # Every compiled hot query is checked against a fresh build (townhall/core/compiled.py).
    settings.TOWNHALL_CHECK_COMPILED = True
    yield
    # A request in Norwegian leaves Norwegian active in this thread (LocaleMiddleware
    # does not switch back): the next test must start in the default language.
    translation.activate(settings.LANGUAGE_CODE)


DB_FIXTURES = {"db", "transactional_db", "live_server"}


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    """Each database test starts with an empty cache (rate limits, site settings)."""
    wanted = DB_FIXTURES & set(request.fixturenames)
    if wanted or request.node.get_closest_marker("django_db"):
        from django.core.cache import cache

        from townhall.posts import cards

        request.getfixturevalue(sorted(wanted)[0] if wanted else "db")
        cache.clear()
        cards.clear()  # feed cards (townhall.posts.cards), per process
    yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)


@pytest.fixture
def make_user(db):
    """Create a person through the real action: make_user("bo", role="admin", department=...)."""
    from townhall.accounts.actions import create_user

    def make(username: str, *, role: str = "member", password: str = "correct-horse-9", **extra):
        return create_user(
            username=username,
            email=extra.pop("email", f"{username}@northwind.example"),
            display_name=extra.pop("display_name", username.capitalize()),
            password=password,
            role=role,
            **extra,
        )

    return make


@pytest.fixture
def member(make_user):
    return make_user("mona", display_name="Mona Member")


@pytest.fixture
def admin_user(make_user):
    return make_user("alma", role="admin", display_name="Alma Admin")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: run 'apt-get install chromium' "
            "(the ./test script does this for you when run as root)."
        )
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def assert_accessible():
    """Run axe-core in the page; fail on any serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        results = axe.run(page)
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not bad, f"accessibility violations on {page.url}:\n" + "\n".join(bad)

    return check


class SmtpInbox:
    """An aiosmtpd handler that keeps every message a real SMTP client hands it."""

    def __init__(self):
        self.messages: list[tuple[list[str], str]] = []

    async def handle_DATA(self, server, session, envelope):
        content = envelope.content.decode("utf-8", errors="replace")
        self.messages.append((list(envelope.rcpt_tos), content))
        return "250 Message accepted for delivery"

    def wait_for_message(self, *, to: str, seconds: float = 20) -> str:
        """The first message to `to`, waiting for it to arrive; fails after `seconds`."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for recipients, content in self.messages:
                if to in recipients:
                    return content
            time.sleep(0.1)
        raise AssertionError(f"no email reached {to} within {seconds} s: {self.messages!r}")


@pytest.fixture
def smtp_server():
    """A real SMTP server on 127.0.0.1 for the test: yields (port, inbox)."""
    from aiosmtpd.controller import Controller

    from townhall.core.tests.isolated import free_port

    inbox = SmtpInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, inbox
    controller.stop()


class DatabaseWork(list):
    """The queries a test counts: those against the database cache's table are left out.

    Cache reads are SQL only with the default DatabaseCache; with Redis they are not, so
    counting them would pin different numbers on SQLite and on PostgreSQL + Redis.
    """

    @classmethod
    def of(cls, captured) -> "DatabaseWork":
        from django.conf import settings

        table = settings.CACHES["default"].get("LOCATION", "")
        return cls(q for q in captured.captured_queries if not (table and table in q["sql"]))


@contextlib.contextmanager
def _count_queries(request, num: int, *, exact: bool, info: str | None = None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        yield captured
    work = DatabaseWork.of(captured)
    if (len(work) != num) if exact else (len(work) > num):
        bound = "" if exact else "or less "
        queries = "\n\n".join(q["sql"] for q in work)
        pytest.fail(
            f"Expected to perform {num} queries {bound}but {len(work)} were done"
            + (f"\n{info}" if info else "")
            + (f"\n\nQueries:\n{queries}" if request.config.getoption("verbose") > 0 else "")
        )


@pytest.fixture
def django_assert_num_queries(request):
    """pytest-django's fixture, counting database work only (see DatabaseWork)."""
    return lambda num, **options: _count_queries(request, num, exact=True, **options)


@pytest.fixture
def django_assert_max_num_queries(request):
    return lambda num, **options: _count_queries(request, num, exact=False, **options)


# --- the JSON API (townhall/api/tests/conftest.py has the client) ---------------------------


@pytest.fixture
def token_for(db):
    """token_for(user, "write") -> the secret, as a person would copy it once."""
    from townhall.accounts.tokens import create_token

    def make(user, scope: str = "read") -> str:
        _token, secret = create_token(user=user, name=f"{scope} token", scope=scope)
        return secret

    return make


@pytest.fixture
def api_as(token_for):
    """api_as(user, scope) -> an ApiClient that authenticates with a fresh token."""
    from townhall.api.tests.conftest import ApiClient

    def make(user, scope: str = "write"):
        return ApiClient(token_for(user, scope))

    return make


@pytest.fixture
def anonymous_api():
    from townhall.api.tests.conftest import ApiClient

    return ApiClient()

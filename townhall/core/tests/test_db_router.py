"""The read replica (townhall/core/db_router.py): which database each query goes to.

The routing rules are checked on any database (the router only names an alias); the whole
path — a real `townhall serve` with TOWNHALL_DATABASE_REPLICA_URL pointing at a second
PostgreSQL database that stands in for a replica — runs in the PostgreSQL pass.
"""

import json
import os
import secrets
import signal
import subprocess
import time
import urllib.error
import urllib.request

import psycopg
import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from townhall.config import ConfigError, load_config
from townhall.core.db_router import PIN_COOKIE, ReplicaMiddleware, reads_from
from townhall.core.tests.isolated import ROOT, TOWNHALL, free_port, isolated_site
from townhall.people.actions import update_profile

ROUTED = override_settings(DATABASE_ROUTERS=["townhall.core.db_router.ReplicaRouter"])
PG = "postgres://postgres@127.0.0.1:5432/townhall"


def through_middleware(request, view):
    """Run `view` as the request's view behind ReplicaMiddleware; return (seen, response)."""
    seen = []

    def get_response(request):
        seen.extend(view())
        return HttpResponse("ok")

    return seen, ReplicaMiddleware(get_response)(request)


# --- settings ---------------------------------------------------------------------------


def test_without_a_replica_url_there_is_no_replica(tmp_path):
    config = load_config({"TOWNHALL_DATA_DIR": str(tmp_path), "TOWNHALL_DATABASE_URL": PG})
    assert config.replica_database is None


def test_a_replica_url_becomes_a_postgres_alias_that_tests_mirror_onto_the_primary(tmp_path):
    config = load_config(
        {
            "TOWNHALL_DATA_DIR": str(tmp_path),
            "TOWNHALL_DATABASE_URL": PG,
            "TOWNHALL_DATABASE_REPLICA_URL": "postgres://reader@replica.internal:5432/townhall",
        }
    )
    assert config.replica_database["HOST"] == "replica.internal"
    assert config.replica_database["ENGINE"] == config.database["ENGINE"]
    assert config.replica_database["TEST"] == {"MIRROR": "default"}


def test_a_replica_beside_sqlite_is_refused_with_an_explanation(tmp_path):
    with pytest.raises(ConfigError, match="SQLite"):
        load_config(
            {
                "TOWNHALL_DATA_DIR": str(tmp_path),
                "TOWNHALL_DATABASE_REPLICA_URL": "postgres://reader@replica.internal/townhall",
            }
        )


def test_a_replica_that_is_not_postgres_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="PostgreSQL"):
        load_config(
            {
                "TOWNHALL_DATA_DIR": str(tmp_path),
                "TOWNHALL_DATABASE_URL": PG,
                "TOWNHALL_DATABASE_REPLICA_URL": "sqlite:////tmp/replica.sqlite3",
            }
        )


# --- the rules (any database: the router only names the alias) --------------------------


def test_outside_a_request_everything_reads_from_the_primary():
    # the task worker, the realtime process and management commands act on fresh commits
    assert reads_from() == "default"


def test_a_page_view_reads_from_the_replica_and_sets_no_pin():
    seen, response = through_middleware(RequestFactory().get("/people/"), lambda: [reads_from()])
    assert seen == ["replica"]
    assert PIN_COOKIE not in response.cookies


def test_a_form_post_reads_from_the_primary_from_its_first_query_and_pins_the_browser():
    seen, response = through_middleware(RequestFactory().post("/posts/"), lambda: [reads_from()])
    assert seen == ["default"]
    assert response.cookies[PIN_COOKIE]["max-age"] == 10


def test_the_request_after_a_write_reads_from_the_primary_while_pinned():
    request = RequestFactory().get("/")
    request.COOKIES[PIN_COOKIE] = "1"
    seen, _response = through_middleware(request, lambda: [reads_from()])
    assert seen == ["default"]


@pytest.mark.django_db(transaction=True)  # no test transaction around it: only the view's
def test_reads_inside_a_transaction_go_to_the_primary():
    def view():
        with transaction.atomic():
            return [reads_from()]

    seen, _response = through_middleware(RequestFactory().get("/"), view)
    assert seen == ["default"]


@pytest.mark.django_db(transaction=True)  # the view's own transactions, as in production
@ROUTED
def test_a_page_view_that_writes_reads_its_own_write_from_the_primary(member):
    def view():
        before = reads_from()
        update_profile(actor=member, person=member, changes={"job_title": "Night editor"})
        member.refresh_from_db()  # would fail on a replica alias that does not exist here
        return [before, reads_from(), member.job_title]

    seen, response = through_middleware(RequestFactory().get("/"), view)
    assert seen == ["replica", "default", "Night editor"]
    assert PIN_COOKIE in response.cookies  # and the next page reads from the primary too


# --- the whole path: a real server with a stand-in replica (PostgreSQL) -----------------


def _admin_url(url: str) -> str:
    return url.rsplit("/", 1)[0] + "/postgres"


def _call(port: int, method: str, path: str, token: str, body=None, cookie: str = ""):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            **({"Cookie": cookie} if cookie else {}),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 - 127.0.0.1
            return response.status, json.loads(response.read() or b"null"), response.headers
    except urllib.error.HTTPError as error:
        return error.code, None, error.headers


def _townhall(env, *args) -> str:
    done = subprocess.run(
        [*TOWNHALL, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


RENAME_ON_REPLICA = """
from townhall.accounts.models import User
from townhall.people.actions import update_profile
aria = User.objects.get(username="aria")
update_profile(actor=aria, person=aria, changes={"display_name": "Aria as the replica has her"})
"""


@pytest.mark.postgres
@pytest.mark.slow
def test_a_server_reads_pages_from_the_replica_and_its_own_writes_from_the_primary(tmp_path):
    with isolated_site(tmp_path / "data", "th_primary") as env:
        env["TOWNHALL_SECRET_KEY"] = secrets.token_urlsafe(50)
        _townhall(env, "migrate")
        _townhall(env, "createuser", "aria", "--email", "aria@northwind.example")
        token = _townhall(env, "token", "create", "aria", "--scope", "write")
        used = f"from townhall.accounts.tokens import user_for_secret; user_for_secret({token!r})"
        _townhall(env, "manage", "shell", "-c", used)  # so reading it later writes nothing
        # The stand-in replica: a copy of the primary as it is now, which then never
        # hears of the primary's writes (a replica lagging forever), and where Aria has
        # another name, so an answer shows which database it came from.
        primary = env["TOWNHALL_DATABASE_URL"]
        replica = f"{primary}_replica"
        with psycopg.connect(_admin_url(primary), autocommit=True) as admin:
            admin.execute(
                f'CREATE DATABASE "{replica.rsplit("/", 1)[1]}" '
                f'TEMPLATE "{primary.rsplit("/", 1)[1]}"'
            )
        server = None
        try:
            on_replica = {**env, "TOWNHALL_DATABASE_URL": replica}
            _townhall(on_replica, "manage", "shell", "-c", RENAME_ON_REPLICA)
            port = free_port()
            log = (tmp_path / "serve.log").open("wb")
            server = subprocess.Popen(
                [*TOWNHALL, "serve", "--port", str(port), "--workers", "1", "--no-worker"]
                + ["--no-realtime"],
                env={**env, "TOWNHALL_DATABASE_REPLICA_URL": replica},
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            deadline = time.monotonic() + 90
            while not _up(port):
                assert server.poll() is None, (tmp_path / "serve.log").read_text()
                assert time.monotonic() < deadline, "townhall serve did not start"
                time.sleep(0.3)

            status, me, _headers = _call(port, "GET", "/api/v1/me", token)
            assert (status, me["display_name"]) == (200, "Aria as the replica has her")

            status, created, headers = _call(port, "POST", "/api/v1/posts", token, {"body": "Hi"})
            assert status == 201  # written, then read back for the answer: from the primary
            assert created["body"] == "Hi" and created["author"]["display_name"] == "aria"
            pin = headers["Set-Cookie"].split(";", 1)[0]
            assert pin == f"{PIN_COOKIE}=1"

            path = f"/api/v1/posts/{created['id']}"
            assert _call(port, "GET", path, token)[0] == 404  # the replica has not got it
            status, again, _headers = _call(port, "GET", path, token, cookie=pin)
            assert (status, again["body"]) == (200, "Hi")  # pinned: the primary has
        finally:
            if server is not None:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=30)
            with psycopg.connect(_admin_url(primary), autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{replica.rsplit("/", 1)[1]}" WITH (FORCE)')


def _up(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2):  # noqa: S310
            return True
    except OSError:
        return False

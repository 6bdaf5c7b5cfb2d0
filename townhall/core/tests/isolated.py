"""A site of its own for tests that start real `townhall` processes.

`isolated_site(tmp_path)` yields the environment for such processes: a fresh data directory,
and, when the suite runs on PostgreSQL, a database created for this test alone (dropped at
the end), so the processes never touch pytest-django's test database. Redis is passed through.
"""

import contextlib
import os
import secrets
import socket
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[3]
TOWNHALL = [sys.executable, "-m", "townhall.cli"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def on_postgres() -> bool:
    return os.environ.get("TOWNHALL_DATABASE_URL", "").startswith("postgres")


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextlib.contextmanager
def isolated_site(data_dir: Path, prefix: str):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("TOWNHALL_") or key in ("TOWNHALL_REDIS_URL",)
    }
    env.update(
        TOWNHALL_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="townhall.settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    if not on_postgres():
        yield env
        return
    import psycopg

    url = os.environ["TOWNHALL_DATABASE_URL"]
    name = f"{prefix}_{secrets.token_hex(4)}"
    with psycopg.connect(_with_database(url, "postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    env["TOWNHALL_DATABASE_URL"] = _with_database(url, name)
    try:
        yield env
    finally:
        with psycopg.connect(_with_database(url, "postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

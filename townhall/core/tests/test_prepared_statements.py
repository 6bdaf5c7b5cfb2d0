"""PostgreSQL plans a hot query once per connection (psycopg's prepared statements, which
Django leaves off), unless the operator turns them off for a pooler that cannot keep them
(townhall.config, docs/configuration.md)."""

import pytest
from django.db import connection

from townhall.accounts.models import User
from townhall.config import ConfigError, load_config

PG = "postgres://townhall:secret@db.internal:5432/townhall"
REPLICA = "postgres://reader:secret@replica.internal:5432/townhall"


def options(tmp_path, **env) -> tuple[dict, dict]:
    config = load_config(
        {
            "TOWNHALL_DATA_DIR": str(tmp_path),
            "TOWNHALL_DATABASE_URL": PG,
            "TOWNHALL_DATABASE_REPLICA_URL": REPLICA,
            **env,
        }
    )
    return config.database.get("OPTIONS", {}), config.replica_database.get("OPTIONS", {})


def test_postgresql_connections_prepare_what_they_run_often(tmp_path):
    primary, replica = options(tmp_path)
    assert primary == replica == {"server_side_binding": True, "prepare_threshold": 5}


def test_the_operator_turns_prepared_statements_off_for_a_pooler(tmp_path):
    assert options(tmp_path, TOWNHALL_DATABASE_PREPARED="0") == ({}, {})
    with pytest.raises(ConfigError, match="TOWNHALL_DATABASE_PREPARED"):
        options(tmp_path, TOWNHALL_DATABASE_PREPARED="sometimes")


def test_sqlite_is_left_alone(tmp_path):
    config = load_config({"TOWNHALL_DATA_DIR": str(tmp_path)})
    assert "server_side_binding" not in config.database["OPTIONS"]


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_query_run_five_times_is_planned_once_on_the_server(make_user):
    make_user("ada")

    def prepared() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            return cursor.fetchone()[0]

    before = prepared()
    for _ in range(6):
        assert User.objects.filter(username="ada", is_active=True).count() == 1
    assert prepared() == before + 1

"""Append-only in the database itself, even against the application's own account (issue 12,
point 5): on PostgreSQL the application connects as a role that owns nothing; ``safeguard
migrate`` runs through the owner and grants it only SELECT and INSERT on the audit tables. Every
forbidden statement is tried here as that role and must be refused. (SQLite has no roles: its
triggers are tested in ``test_audit.py`` and ``test_access_by_child.py``.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from site_databases import ON_POSTGRESQL, application_url, fresh_postgresql_database

pytestmark = [
    pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL only: scripts/test-on-postgresql runs it"),
    pytest.mark.skipif(
        ON_POSTGRESQL and not application_url(),
        reason="scripts/setup-system made no application role (SAFEGUARD_TEST_POSTGRESQL_APPLICATION_URL)",
    ),
]

AUDIT_TABLES = {
    "audit_accessrecord": ["audit_accessrecord_no_change", "audit_accessrecord_no_truncate"],
    "audit_accessedchild": ["audit_accessedchild_no_change", "audit_accessedchild_no_truncate"],
    "workflow_transitionrecord": [],
}


def _forbidden(table: str, triggers: list[str]) -> list[str]:
    return [
        f"UPDATE {table} SET id = id",
        f"DELETE FROM {table}",
        f"TRUNCATE {table}",
        f"ALTER TABLE {table} DISABLE TRIGGER ALL",
        f"ALTER TABLE {table} ADD COLUMN rewritten text",
        f"ALTER TABLE {table} OWNER TO CURRENT_USER",
        f"DROP TABLE {table}",
        *(f"DROP TRIGGER {trigger} ON {table}" for trigger in triggers),
        f"CREATE TRIGGER sneaky BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()",
    ]


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """A fresh database migrated by ``safeguard migrate`` the production way: the application's
    URL in DATABASE_URL, the owner's in SAFEGUARD_MIGRATION_DATABASE_URL."""
    home: Path = tmp_path_factory.mktemp("roles")
    with fresh_postgresql_database() as database:
        assert database.application != database.owner
        environment = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
        environment.update(SAFEGUARD_HOME=str(home), **database.environment())
        done = subprocess.run([sys.executable, "-m", "safeguard", "migrate"], env=environment, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        yield database


def _as_application(database):
    import psycopg

    connection = psycopg.connect(database.application)
    connection.execute("SET lock_timeout = '10s'")
    connection.commit()
    return connection


@pytest.mark.parametrize("table", sorted(AUDIT_TABLES))
def test_the_application_role_cannot_change_or_unprotect_an_audit_table(migrated, table):
    import psycopg

    with _as_application(migrated) as connection:
        for statement in _forbidden(table, AUDIT_TABLES[table]):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute(statement)
            connection.rollback()
        names = [row[0] for row in connection.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal ORDER BY tgname", [table]
        )]
        assert names == sorted(AUDIT_TABLES[table]), "the triggers are all still there"


def test_the_application_role_can_add_to_and_read_the_log(migrated):
    with _as_application(migrated) as connection:
        [(record_id,)] = connection.execute(
            "INSERT INTO audit_accessrecord (at, request_id, username, role, action, object_type, object_id, purpose, "
            "outcome, route) VALUES (now(), 'r', 'someone', '', 'view_list_rows', 'snapshot_list', 's/l', '', "
            "'allowed', '') RETURNING id"
        ).fetchall()
        connection.execute("INSERT INTO audit_accessedchild (access_id, child_id) VALUES (%s, 'CH1')", [record_id])
        assert connection.execute("SELECT count(*) FROM audit_accessedchild WHERE access_id = %s", [record_id]).fetchone() == (1,)
        [(insert, select, update)] = connection.execute(
            "SELECT has_table_privilege('workflow_transitionrecord', 'INSERT'), "
            "has_table_privilege('workflow_transitionrecord', 'SELECT'), "
            "has_table_privilege('workflow_transitionrecord', 'UPDATE')"
        ).fetchall()
        assert (insert, select, update) == (True, True, False)
        connection.rollback()


def test_the_application_role_still_changes_ordinary_tables_but_owns_nothing(migrated):
    import psycopg

    with _as_application(migrated) as connection:
        connection.execute("UPDATE data_upload SET version = version + 1 WHERE false")
        connection.execute("DELETE FROM django_session WHERE false")
        assert connection.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tableowner = current_user"
        ).fetchone() == (0,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("CREATE TABLE my_own (id int)")
        connection.rollback()

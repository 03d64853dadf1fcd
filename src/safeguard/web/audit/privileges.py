"""Two database roles on PostgreSQL, so that the application cannot rewrite its own audit trail.

Triggers alone (migrations 0002 and 0006) stop an UPDATE or DELETE, but the role that owns a
table may drop its triggers. So in production the application connects as a role that owns
nothing (``DATABASE_URL``), and only migrations connect as the owner
(``SAFEGUARD_MIGRATION_DATABASE_URL``, the database ``settings.MIGRATION_DATABASE``; ``safeguard
serve`` and ``safeguard migrate`` use it). After every migration through the owner, the
application's role is given exactly what it needs: to read, add, change and remove rows of the
ordinary tables, and only to read and add rows of the audit tables (the access log, the children
each access touched, the governance records' transitions). Being no owner, it can neither alter
those tables nor drop or disable their triggers, and TRUNCATE is not granted.

SQLite has no roles: there the triggers are the protection, as before.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

APPEND_ONLY_MODELS = ("audit.AccessRecord", "audit.AccessedChild", "workflow.TransitionRecord")
"""The audit tables: the application's role may read them and add to them, nothing else."""


def migration_database() -> str:
    """The connection migrations run through: the owner's when one is configured."""
    return settings.MIGRATION_DATABASE if settings.MIGRATION_DATABASE in settings.DATABASES else "default"


def append_only_tables() -> list[str]:
    return [apps.get_model(label)._meta.db_table for label in APPEND_ONLY_MODELS]


def application_role(using: str) -> str | None:
    """The role to grant to after migrating through ``using``: the application's, when it is
    not the role that migrated (PostgreSQL only)."""
    if connections[using].vendor != "postgresql" or using == "default":
        return None
    role = str(settings.DATABASES["default"].get("USER") or "")
    return role if role and role != settings.DATABASES[using].get("USER") else None


def grant_application_privileges(connection: BaseDatabaseWrapper, role: str) -> None:
    """Give ``role`` what the application needs on every table of the schema, and on the audit
    tables only SELECT and INSERT (run as the tables' owner; safe to run again). One transaction,
    so a running application never sees its privileges half granted."""
    quote = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = quote(cursor.fetchone()[0])
        grantee = quote(role)
        statements = [
            f"GRANT USAGE ON SCHEMA {schema} TO {grantee}",
            f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {grantee}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {grantee}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {grantee}",
            *(f"REVOKE UPDATE, DELETE ON {quote(table)} FROM {grantee}" for table in append_only_tables()),
        ]
        for statement in statements:
            cursor.execute(statement)


def after_migrate(*, using: str, **_: Any) -> None:
    """The ``post_migrate`` handler: grant to the application's role after the owner migrated."""
    role = application_role(using)
    if role is not None:
        grant_application_privileges(connections[using], role)

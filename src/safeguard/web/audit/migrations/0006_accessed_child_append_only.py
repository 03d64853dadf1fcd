"""Make the table of children each access touched append-only in the database, as migration 0002
did for the access log itself: triggers that refuse UPDATE and DELETE (and TRUNCATE on
PostgreSQL). Other databases are refused."""

from django.db import migrations

TABLE = "audit_accessedchild"
MESSAGE = "the access log is append-only"

SQLITE_INSTALL = [
    f"CREATE TRIGGER audit_accessedchild_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f"CREATE TRIGGER audit_accessedchild_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_accessedchild_no_update",
    "DROP TRIGGER IF EXISTS audit_accessedchild_no_delete",
]

POSTGRESQL_INSTALL = [
    "CREATE OR REPLACE FUNCTION audit_accessedchild_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege'; END; $$",
    f"CREATE TRIGGER audit_accessedchild_no_change BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION audit_accessedchild_refuse_change()",
    f"CREATE TRIGGER audit_accessedchild_no_truncate BEFORE TRUNCATE ON {TABLE} "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_accessedchild_refuse_change()",
]
POSTGRESQL_REMOVE = [
    f"DROP TRIGGER IF EXISTS audit_accessedchild_no_truncate ON {TABLE}",
    f"DROP TRIGGER IF EXISTS audit_accessedchild_no_change ON {TABLE}",
    "DROP FUNCTION IF EXISTS audit_accessedchild_refuse_change()",
]

STATEMENTS = {
    "sqlite": (SQLITE_INSTALL, SQLITE_REMOVE),
    "postgresql": (POSTGRESQL_INSTALL, POSTGRESQL_REMOVE),
}


def _run(schema_editor, install: bool) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise RuntimeError(f"The access log cannot be made append-only on {vendor}: use SQLite or PostgreSQL.")
    for statement in STATEMENTS[vendor][0 if install else 1]:
        schema_editor.execute(statement)


def install(apps, schema_editor) -> None:
    _run(schema_editor, install=True)


def remove(apps, schema_editor) -> None:
    _run(schema_editor, install=False)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_accessed_child")]
    operations = [migrations.RunPython(install, remove)]

"""Databases of their own for the tests that run real processes (``safeguard migrate``,
``safeguard serve``): in the PostgreSQL run of ``make test`` a fresh database on the same server,
reached as the application's role with the owner kept for migrations, exactly as production is
set up; in the SQLite run nothing (the site keeps ``web.sqlite3`` in its store folder), or, to
save each site the migrations' quarter of a minute, a copy of one database already migrated.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import django
from web_support import CHECKOUT, system_status

DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRESQL = DATABASE_URL.startswith(("postgres://", "postgresql://"))


def application_url() -> str:
    """The application role's URL that scripts/setup-system recorded (empty when it made none)."""
    return os.environ.get("SAFEGUARD_TEST_POSTGRESQL_APPLICATION_URL") or system_status().get(
        "SAFEGUARD_TEST_POSTGRESQL_APPLICATION_URL", ""
    )


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@dataclass(frozen=True)
class SiteDatabase:
    owner: str
    """The owner role's URL: migrations only."""
    application: str
    """The application role's URL (the owner's again when setup-system made no application role)."""
    name: str

    def environment(self) -> dict[str, str]:
        if self.application == self.owner:
            return {"DATABASE_URL": self.owner}
        return {"DATABASE_URL": self.application, "SAFEGUARD_MIGRATION_DATABASE_URL": self.owner}


def _site_database_named(name: str) -> SiteDatabase:
    application = application_url()
    return SiteDatabase(
        owner=with_database(DATABASE_URL, name),
        application=with_database(application, name) if application else with_database(DATABASE_URL, name),
        name=name,
    )


def _maintenance_url() -> str:
    return with_database(DATABASE_URL, "postgres")


@contextmanager
def fresh_postgresql_database(*, migrated: bool = False) -> Iterator[SiteDatabase]:
    """A new database owned by the test run's role, dropped afterwards: empty, or with
    ``migrated`` a copy of the template every migration has reached (``_copy_of_migrated``)."""
    import psycopg
    from psycopg import sql

    name = f"safeguard_site_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_maintenance_url(), autocommit=True) as connection:
        if migrated:
            _copy_of_migrated(connection, name)
        else:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield _site_database_named(name)
    finally:
        with psycopg.connect(_maintenance_url(), autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@contextmanager
def site_database() -> Iterator[SiteDatabase | None]:
    """A fresh PostgreSQL database in the PostgreSQL run, already migrated; None (SQLite in the
    store) otherwise."""
    if not ON_POSTGRESQL:
        yield None
        return
    with fresh_postgresql_database(migrated=True) as database:
        yield database


TEMPLATE_PREFIX = "safeguard_migrated_"
TEMPLATE_LOCK = 0x5AFE6A4D
"""The advisory lock every test process on the server (whichever checkout it runs from) holds
while it makes, copies or drops a template, so none copies a template another is making or
dropping."""


def _copy_of_migrated(connection, name: str) -> None:
    """Create database ``name`` as a copy of the template that ``safeguard migrate`` took through
    every migration of this checkout, the production way (the application's role in
    DATABASE_URL, the owner's running the migrations, so the application's grants are copied
    too): ``CREATE DATABASE ... TEMPLATE`` takes a second where the migrations take half a
    minute. The template is made when this set of migrations has none (and the templates of
    other sets dropped), migrated under a scratch name and renamed when done, so a migration that
    fails leaves no template behind. The tests that migrate a database from nothing
    (``test_database_roles``, ``test_backups``' restore, pytest-django's own databases) still run
    every migration on PostgreSQL."""
    from psycopg import sql

    template = f"{TEMPLATE_PREFIX}{_migrations_key()}"
    connection.execute("SELECT pg_advisory_lock(%s)", (TEMPLATE_LOCK,))
    try:
        kept = {row[0] for row in connection.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", (f"{TEMPLATE_PREFIX}%",))}
        if template not in kept:
            for stale in kept:
                connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(stale)))
            _make_template(connection, template)
        connection.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template)))
    finally:
        connection.execute("SELECT pg_advisory_unlock(%s)", (TEMPLATE_LOCK,))


def _make_template(connection, template: str) -> None:
    from psycopg import sql

    scratch = f"{template}_{uuid.uuid4().hex[:8]}"
    connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(scratch)))
    try:
        with tempfile.TemporaryDirectory() as home:
            left_out = {"DATABASE_URL", "SAFEGUARD_MIGRATION_DATABASE_URL", "SAFEGUARD_SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
            environment = {key: value for key, value in os.environ.items() if key not in left_out}
            environment.update(SAFEGUARD_HOME=home, DJANGO_SETTINGS_MODULE="safeguard.web.settings.base",
                               **_site_database_named(scratch).environment())
            subprocess.run([sys.executable, "-m", "safeguard", "migrate"], env=environment, check=True,
                           capture_output=True, timeout=600)
    except BaseException:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(scratch)))
        raise
    connection.execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(sql.Identifier(scratch), sql.Identifier(template)))


MIGRATED_DATABASES = CHECKOUT / "build" / "test-databases"
"""Migrated SQLite databases, one for each set of migrations (git-ignored, made when first needed)."""


def put_migrated_sqlite(home: Path) -> None:
    """Give the store at ``home`` an application database (SQLite) that every migration has
    already reached: a copy of one migrated once for this set of migrations (and made now, under
    a lock the other test processes wait on, when there is none). ``safeguard migrate`` then
    finds nothing to do, in seconds instead of the quarter of a minute a fresh database takes;
    the tests that make a database from nothing (the first ``safeguard demo`` test, the commands
    run over a fresh store, pytest-django's own on PostgreSQL) still run every migration."""
    home.mkdir(parents=True, exist_ok=True)
    copy_migrated_sqlite(home / "web.sqlite3")


def copy_migrated_sqlite(destination: Path) -> None:
    """A copy, at ``destination``, of the SQLite database every migration has reached (made
    first, under the lock, when this set of migrations has none)."""
    shutil.copyfile(_migrated_template(), destination)
    os.chmod(destination, 0o600)


def _migrated_template() -> Path:
    MIGRATED_DATABASES.mkdir(parents=True, exist_ok=True)
    template = MIGRATED_DATABASES / f"web-{_migrations_key()}.sqlite3"
    with open(MIGRATED_DATABASES / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not template.exists():
            with tempfile.TemporaryDirectory(dir=MIGRATED_DATABASES) as scratch:
                left_out = {"DATABASE_URL", "SAFEGUARD_MIGRATION_DATABASE_URL", "SAFEGUARD_SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
                environment = {key: value for key, value in os.environ.items() if key not in left_out}
                environment.update(SAFEGUARD_HOME=scratch, DJANGO_SETTINGS_MODULE="safeguard.web.settings.base")
                subprocess.run([sys.executable, "-m", "safeguard", "migrate"], env=environment, check=True,
                               capture_output=True, timeout=600)
                os.replace(Path(scratch) / "web.sqlite3", template)
    return template


def _migrations_key() -> str:
    """What the migrated database depends on: every migration's text, and Django's version."""
    import safeguard

    digest = hashlib.sha256(django.get_version().encode())
    source = Path(safeguard.__file__).parent
    for migration in sorted(source.glob("**/migrations/*.py")):
        digest.update(str(migration.relative_to(source)).encode() + b"\0" + migration.read_bytes())
    return digest.hexdigest()[:16]

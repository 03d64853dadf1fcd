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


@contextmanager
def fresh_postgresql_database() -> Iterator[SiteDatabase]:
    """A new, empty database owned by the test run's role, dropped afterwards."""
    import psycopg
    from psycopg import sql

    name = f"safeguard_site_{uuid.uuid4().hex[:12]}"
    maintenance = with_database(DATABASE_URL, "postgres")
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    application = application_url()
    try:
        yield SiteDatabase(
            owner=with_database(DATABASE_URL, name),
            application=with_database(application, name) if application else with_database(DATABASE_URL, name),
            name=name,
        )
    finally:
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@contextmanager
def site_database() -> Iterator[SiteDatabase | None]:
    """A fresh PostgreSQL database in the PostgreSQL run; None (SQLite in the store) otherwise."""
    if not ON_POSTGRESQL:
        yield None
        return
    with fresh_postgresql_database() as database:
        yield database


MIGRATED_DATABASES = CHECKOUT / "build" / "test-databases"
"""Migrated SQLite databases, one for each set of migrations (git-ignored, made when first needed)."""


def put_migrated_sqlite(home: Path) -> None:
    """Give the store at ``home`` an application database (SQLite) that every migration has
    already reached: a copy of one migrated once for this set of migrations (and made now, under
    a lock the other test processes wait on, when there is none). ``safeguard migrate`` then
    finds nothing to do, in seconds instead of the quarter of a minute a fresh database takes;
    the tests that make a database from nothing (``safeguard demo``, pytest-django's own) still
    run every migration."""
    template = _migrated_template()
    home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, home / "web.sqlite3")
    os.chmod(home / "web.sqlite3", 0o600)


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

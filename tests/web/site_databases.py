"""Databases of their own for the tests that run real processes (``safeguard migrate``,
``safeguard serve``): in the PostgreSQL run of ``make test`` a fresh database on the same server,
reached as the application's role with the owner kept for migrations, exactly as production is
set up; in the SQLite run nothing (the site keeps ``web.sqlite3`` in its store folder)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from web_support import system_status

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

"""``safeguard serve`` over a private store, for the tests that need real processes: concurrent
decisions from two people, a server killed in the middle of a change, the load test. The
building blocks (starting and stopping the server, people, a browser that signs in through the
real pages) are the load test's own, ``bench/web_load.py``; this adds the test's database
(``site_databases``) and the points a server can be stopped dead at (``fault_points.py``)."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_databases import SiteDatabase, put_migrated_sqlite, site_database
from web_support import CHECKOUT

sys.path.insert(0, str(CHECKOUT / "bench"))

from web_load import Person, Server, Visitor, make_people, migrate, run_in_site, sign_in, site_environment, start_server

__all__ = ["Person", "Server", "Site", "Visitor", "prepared_site", "sign_in"]

FAULT_POINTS = Path(__file__).with_name("fault_points.py")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Site:
    home: Path
    environment: dict[str, str]
    database: SiteDatabase | None
    """The site's PostgreSQL database; None when it keeps SQLite in the store."""
    started: list[Server] = field(default_factory=list)
    """Every server started here, all stopped when the site is put away."""

    @property
    def fault_mark(self) -> Path:
        return self.home.parent / "fault-reached"

    def serve(self, *, workers: int = 2, fault: str | None = None) -> Server:
        """Start ``safeguard serve``; with ``fault``, each worker stops dead at that point."""
        environment = dict(self.environment)
        if fault:
            self.fault_mark.unlink(missing_ok=True)
            environment.update(GUNICORN_CMD_ARGS=f"--config {FAULT_POINTS}", SAFEGUARD_TEST_FAULT_POINT=fault,
                               SAFEGUARD_TEST_FAULT_MARK=str(self.fault_mark))
        self.started.append(start_server(environment, workers))
        return self.started[-1]

    def wait_for_fault(self, seconds: float = 120) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.fault_mark.exists():
                return self.fault_mark.read_text(encoding="utf-8")
            time.sleep(0.1)
        raise AssertionError("no request reached the fault point")

    def people(self, *roles: str, prefix: str = "person") -> list[Person]:
        return make_people(self.environment, list(roles), prefix=prefix)

    def query(self, code: str, data: object = None) -> Any:
        """Run ``code`` in the site's Django; the JSON it printed last."""
        return run_in_site(self.environment, code, data)

    def rows(self, statement: str, parameters: tuple = ()) -> list[tuple]:
        """The rows a read-only SQL statement (``%s`` placeholders) finds in the site's database,
        read directly (quicker than starting Django in another process)."""
        if self.database is None:
            import sqlite3

            with closing(sqlite3.connect(self.home / "web.sqlite3")) as connection:
                return connection.execute(statement.replace("%s", "?"), parameters).fetchall()
        import psycopg

        with psycopg.connect(self.database.owner) as connection:
            return connection.execute(statement, parameters).fetchall()


@contextmanager
def prepared_site(home: Path) -> Iterator[Site]:
    """A migrated site over ``home``, on SQLite in the store or (PostgreSQL run) a fresh database
    reached as the application's role; any server still running at the end is stopped."""
    with site_database() as database:
        environment = site_environment(home, database.environment() if database else None)
        if database is None:
            put_migrated_sqlite(home)
        migrate(environment)
        site = Site(home, environment, database)
        try:
            yield site
        finally:
            for server in site.started:
                server.stop()


@contextmanager
def serving(site: Site, **options: Any) -> Iterator[Server]:
    server = site.serve(**options)
    try:
        yield server
    finally:
        server.stop()


def upload(visitor: Visitor, workbook: Path):
    """Upload a return through the imports page; the answer (302 to the upload's page)."""
    return visitor.post_file("/data/imports", "return_file", workbook, XLSX_TYPE)

"""``safeguard serve``: the web application over the store in SAFEGUARD_HOME, served by gunicorn.

Before serving it checks that the port is free (a port another program holds is one line
saying so, not gunicorn's retries and tracebacks), brings the application database up to date
(migrations, through the owner's connection ``SAFEGUARD_MIGRATION_DATABASE_URL`` on PostgreSQL
when given; ``safeguard migrate`` does only that step), tidies what a server stopped dead left
half done, and gathers the static files for WhiteNoise, so a fresh store needs nothing else.
Settings are ``safeguard.web.settings.base`` unless ``DJANGO_SETTINGS_MODULE`` names others
(production).

With production settings (``REFUSE_UNSAFE_DEPLOYMENT``) it starts only when Django's deployment
check (``manage.py check --deploy``) finds nothing at all, warnings included; otherwise it stops
with one line naming each problem. Everything it writes is for the service's account only
(umask 077; the store folder itself is closed to everyone else).
"""

from __future__ import annotations

import errno
import os
import socket
import sys
from pathlib import Path

import typer

from safeguard.errors import SafeguardError
from safeguard.home import private_folder, safeguard_home

DEFAULT_SETTINGS = "safeguard.web.settings.base"
STYLESHEET = Path(__file__).resolve().parent.parent / "web" / "static" / "build" / "safeguard.css"


DEFAULT_WORKERS = 2
"""Worker processes (gunicorn's synchronous workers): one per core of the two a council's
server is sized with. Each holds the figures and the pages drawn from them (about 280 MB), and a
page costs 5 to 8 ms of processor time with most of its wait on the processor, not the database,
so more workers than cores queue for the same cores: three or four did no better than two in
``bench/web_bench.py`` (docs/performance.md)."""

PRIVATE_UMASK = 0o077
"""The service's files (the SQLite database, uploads, findings, snapshots, static files) are
for its own account only; gunicorn and its workers inherit the mask."""


def migrate_database(quiet: bool = True) -> None:
    """Set Django up and bring the application database up to date, through the owner's
    connection when ``SAFEGUARD_MIGRATION_DATABASE_URL`` gives one (which then grants the
    application's role its privileges: ``safeguard.web.audit.privileges``)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connections

    from safeguard.web.audit.privileges import migration_database

    using = migration_database()
    call_command("migrate", interactive=False, verbosity=0 if quiet else 1, database=using)
    if using != "default":
        connections[using].close()


def prepare_site(quiet: bool = True) -> None:
    """Refuse unsafe production settings, migrate the application database, tidy what a server
    stopped dead left half done, and collect the static files."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    private_folder(safeguard_home())
    if settings.REFUSE_UNSAFE_DEPLOYMENT:
        problems = deployment_problems()
        if problems:
            raise SafeguardError(
                "The web application will not start with these production settings, because Django's deployment "
                f"check (manage.py check --deploy) found: {'; '.join(problems)}."
            )
    migrate_database(quiet)
    tidy_store()
    call_command("collectstatic", interactive=False, verbosity=0 if quiet else 1)


def tidy_store() -> None:
    """Before serving: clear the staging folders of imports that died (the store does this when
    opened) and the uploaded files no waiting upload owns (``discard_unclaimed_files``)."""
    from safeguard.snapshots import Store
    from safeguard.web.data.models import discard_unclaimed_files

    Store().close()
    discard_unclaimed_files()


def check_port(host: str, port: int) -> None:
    """Refuse, in one line, an address the server could not listen on: a port another program
    holds, a port below 1024 without the rights, a host that is not this computer's."""
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise SafeguardError(f"Cannot listen on {host}: it is not an address of this computer ({error.strerror}); check --host.") from error
    family, kind, protocol, _, address = addresses[0]
    with socket.socket(family, kind, protocol) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                message = f"Port {port} on {host} is in use by another program: stop that program, or choose another port with --port."
            elif error.errno == errno.EACCES:
                message = f"Port {port} needs administrator rights on this computer: choose a port above 1023 with --port."
            else:
                message = f"Cannot listen on {host}, port {port} ({error.strerror or error}): check --host and --port."
            raise SafeguardError(message) from error


def deployment_problems() -> list[str]:
    """Every warning or error of ``manage.py check --deploy``, one short line each."""
    from django.core import checks

    found = checks.run_checks(include_deployment_checks=True)
    return [
        f"{message.id} {message.msg.splitlines()[0]}"
        for message in found
        if message.level >= checks.WARNING and not message.is_silenced()
    ]


def gunicorn_arguments(host: str, port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "safeguard.web.wsgi:application",
        "--bind",
        f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "120",
        "--access-logfile",
        "-",
        # Request lines only: the default format also logs the Referer, which can hold a
        # page address with search terms in it.
        "--access-logformat",
        '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms',
    ]


def serve(
    host: str = typer.Option("127.0.0.1", metavar="HOST", help="Listen on this address (loopback unless you mean otherwise)."),
    port: int = typer.Option(8000, min=1, max=65535, metavar="PORT", help="Listen on this port."),
    workers: int = typer.Option(DEFAULT_WORKERS, min=1, metavar="NUMBER", help="Run this many worker processes."),
) -> None:
    """Serve the web application over the store, until stopped (Ctrl+C).

    Example: safeguard serve --port 8080
    """
    check_port(host, port)
    if not STYLESHEET.is_file():
        typer.echo(
            "Warning: the stylesheet has not been built, so pages will look plain. "
            "Run scripts/setup-system (it installs GOV.UK Frontend and compiles it).",
            err=True,
        )
    os.umask(PRIVATE_UMASK)
    try:
        prepare_site()
    except SafeguardError:
        raise
    except Exception as error:  # Django's errors (bad DATABASE_URL, missing setting) are the user's to fix
        raise SafeguardError(f"The web application could not start: {_first_line(error)}") from error
    typer.echo(f"Serving Safeguard on http://{host}:{port}/ (Ctrl+C stops it).")
    arguments = gunicorn_arguments(host, port, workers)
    os.execv(arguments[0], arguments)


def _first_line(error: Exception) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return " ".join(lines[:3]) if lines else type(error).__name__


def migrate() -> None:
    """Update the application database to the latest schema (safeguard serve does this too, on starting)."""
    try:
        migrate_database(quiet=False)
    except Exception as error:  # Django's errors (bad DATABASE_URL, refused connection) are the user's to fix
        raise SafeguardError(f"The application database could not be migrated: {error}") from error


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("migrate")(migrate)

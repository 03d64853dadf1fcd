"""``safeguard serve``: the web application over the store in SAFEGUARD_HOME, served by gunicorn.

Before serving it brings the application database up to date (migrations, through the owner's
connection ``SAFEGUARD_MIGRATION_DATABASE_URL`` on PostgreSQL when given; ``safeguard migrate``
does only that step) and gathers the static files for WhiteNoise, so a fresh store needs
nothing else. Settings are
``safeguard.web.settings.base`` unless ``DJANGO_SETTINGS_MODULE`` names others (production).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from safeguard.errors import SafeguardError

DEFAULT_SETTINGS = "safeguard.web.settings.base"
STYLESHEET = Path(__file__).resolve().parent.parent / "web" / "static" / "build" / "safeguard.css"


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
    """Migrate the application database, tidy what a server stopped dead left half done, and
    collect the static files."""
    from django.core.management import call_command

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
    host: str = typer.Option("127.0.0.1", metavar="HOST", help="Address to listen on (loopback unless you mean otherwise)."),
    port: int = typer.Option(8000, metavar="PORT", help="Port to listen on."),
    workers: int = typer.Option(2, min=1, metavar="NUMBER", help="Gunicorn worker processes."),
) -> None:
    """Serve the web application (gunicorn, static files by WhiteNoise)."""
    if not STYLESHEET.is_file():
        typer.echo(
            "Warning: the stylesheet has not been built, so pages will look plain. "
            "Run scripts/setup-system (it installs GOV.UK Frontend and compiles it).",
            err=True,
        )
    try:
        prepare_site()
    except Exception as error:  # Django's errors (bad DATABASE_URL, missing setting) are the user's to fix
        raise SafeguardError(f"The web application could not start: {error}") from error
    typer.echo(f"Serving Safeguard on http://{host}:{port}/ (Ctrl+C stops it).")
    arguments = gunicorn_arguments(host, port, workers)
    os.execv(arguments[0], arguments)


def migrate() -> None:
    """Bring the application database up to date (safeguard serve does this too, on starting)."""
    try:
        migrate_database(quiet=False)
    except Exception as error:  # Django's errors (bad DATABASE_URL, refused connection) are the user's to fix
        raise SafeguardError(f"The application database could not be migrated: {error}") from error


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("migrate")(migrate)

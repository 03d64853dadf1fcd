"""``safeguard serve``: the web application over the store in SAFEGUARD_HOME, served by gunicorn.

Before serving it brings the application database up to date (migrations) and gathers the
static files for WhiteNoise, so a fresh store needs nothing else. Settings are
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


def prepare_site(quiet: bool = True) -> None:
    """Set Django up, migrate the application database and collect the static files."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django
    from django.core.management import call_command

    django.setup()
    verbosity = 0 if quiet else 1
    call_command("migrate", interactive=False, verbosity=verbosity)
    call_command("collectstatic", interactive=False, verbosity=verbosity)


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


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)

"""``safeguard backup`` and ``safeguard restore``: the whole store (snapshots, application
database, settings, figures, benchmarks, baselines, the signing key) as one archive, written
while the service runs, and rebuilt from it on another machine (``safeguard.web.backups``)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    app.command("backup")(backup)
    app.command("restore")(restore)


def _open_settings() -> None:
    from safeguard.cli.serve import DEFAULT_SETTINGS

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django

    django.setup()


def backup(
    out: Annotated[Path, typer.Option("--out", metavar="FILE", help="The archive to write (outside the store).", show_default=False)],
) -> None:
    """Back up the whole store and the application database into one archive.

    Consistent while the service runs. Keep the file safe: it holds children's records and the
    signing key.
    """
    _open_settings()
    from safeguard.web.backups import write_backup

    summary = write_backup(out)
    typer.echo(
        f"Backed up {summary.files:,} files of the store and the {summary.database} application database to {summary.path} "
        f"({summary.bytes / 1e6:,.1f} MB). It holds children's records and the signing key: keep it where only "
        "the system's owners can read it."
    )


def restore(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A backup written by `safeguard backup`.", show_default=False)],
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace what SAFEGUARD_HOME (and the application database) already hold.")
    ] = False,
) -> None:
    """Rebuild the store and the application database from a backup.

    Every byte is checked first, and a damaged backup changes nothing. SAFEGUARD_HOME and the
    application database must be empty unless --replace is given.
    """
    # Opening the settings makes a signing key in the store when none is set; the backup brings
    # the store's own, so this run uses a throwaway one and leaves the folder untouched.
    os.environ.setdefault("SAFEGUARD_SECRET_KEY", secrets.token_urlsafe(64))
    _open_settings()
    from safeguard.cli.serve import migrate_database
    from safeguard.web.backups import restore_backup

    summary = restore_backup(file, replace=replace)
    migrate_database()
    typer.echo(
        f"Restored {summary.files:,} files, {summary.snapshots} snapshots and the {summary.database} application "
        f"database into {summary.home}, as they were backed up at {summary.written_at}."
    )

"""``safeguard access-log``: who saw a child, and what a person saw, from the web application's
access log, at the server's command line.

The same questions as the pages "Who saw this child" and "What this person saw"
(``safeguard.web.audit.trails``), for the Director's team answering a subject access request
or a complaint. Each lookup is itself recorded in the access log, under the operating-system
account that ran it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from safeguard.errors import SafeguardError

access_log_app = typer.Typer(
    name="access-log",
    help="Search the web application's access log: who saw a child, and what a person saw, over a period.",
    no_args_is_help=True,
)

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
FromOption = Annotated[
    datetime | None,
    typer.Option("--from", formats=DATE_FORMATS, metavar="DAY", help="The first day (2026-04-01 or 1/4/2026).", show_default=False),
]
ToOption = Annotated[
    datetime | None,
    typer.Option("--to", formats=DATE_FORMATS, metavar="DAY", help="The last day, included.", show_default=False),
]
CsvOption = Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table (one row per child for a person).")]


def register(app: typer.Typer) -> None:
    app.add_typer(access_log_app)


def _open_the_log() -> None:
    """Set up Django over SAFEGUARD_HOME's application database (``DATABASE_URL`` if set)."""
    from safeguard.cli.serve import DEFAULT_SETTINGS

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django

    django.setup()


def _period(start: datetime | None, end: datetime | None):
    from safeguard.web.audit.trails import Period

    return Period(start.date() if start else None, end.date() if end else None)


@access_log_app.command("child")
def child(
    child_id: Annotated[str, typer.Argument(metavar="CHILD_ID", help="The child's id, as in the return.", show_default=False)],
    start: FromOption = None,
    end: ToOption = None,
    as_csv: CsvOption = False,
) -> None:
    """List who saw this child's record (each page or download that showed it), newest first."""
    _open_the_log()
    from django.db import DatabaseError

    from safeguard.web.audit.models import ObjectType
    from safeguard.web.audit.recording import record_command
    from safeguard.web.audit.trails import who_saw

    child_id = child_id.strip()
    period = _period(start, end)
    try:
        record_command(command="safeguard access-log child", action="look_up_child_in_log", object_type=ObjectType.CHILD,
                       object_id=child_id, children=[child_id])
        entries = list(who_saw(child_id, period))
    except DatabaseError as error:
        raise _unreadable(error) from error
    rows = [(entry.at.isoformat(timespec="seconds"), entry.username, entry.role, entry.action,
             f"{entry.get_object_type_display()} {entry.object_id}", entry.purpose, entry.get_outcome_display())
            for entry in entries]
    header = ("when (UTC)", "username", "role", "action", "object", "purpose", "outcome")
    _show(rows, header, as_csv, f"{len(rows)} record(s) for {child_id}, {period.describe()}")


@access_log_app.command("person")
def person(
    username: Annotated[str, typer.Argument(metavar="USERNAME", help="The person's username.", show_default=False)],
    start: FromOption = None,
    end: ToOption = None,
    as_csv: CsvOption = False,
) -> None:
    """List what this person did and saw, newest first, with the children each page or download showed."""
    _open_the_log()
    from django.db import DatabaseError

    from safeguard.web.audit.models import ObjectType
    from safeguard.web.audit.recording import record_command
    from safeguard.web.audit.trails import child_rows, children_of, what_was_seen

    username = username.strip()
    period = _period(start, end)
    try:
        record_command(command="safeguard access-log person", action="look_up_person_in_log", object_type=ObjectType.USER,
                       object_id=username)
        entries = what_was_seen(username, period)
        if as_csv:
            rows = [(entry.at.isoformat(timespec="seconds"), entry.role, entry.action,
                     f"{entry.get_object_type_display()} {entry.object_id}", entry.purpose,
                     entry.get_outcome_display(), child) for entry, child in child_rows(entries)]
            header = ("when (UTC)", "role", "action", "object", "purpose", "outcome", "child")
        else:
            rows = [(entry.at.isoformat(timespec="seconds"), entry.role, entry.action,
                     f"{entry.get_object_type_display()} {entry.object_id}", entry.purpose,
                     entry.get_outcome_display(), " ".join(children_of(entry))) for entry in entries]
            header = ("when (UTC)", "role", "action", "object", "purpose", "outcome", "children")
    except DatabaseError as error:
        raise _unreadable(error) from error
    _show(rows, header, as_csv, f"{len(rows)} record(s) of {username}, {period.describe()}")


def _unreadable(error: Exception) -> SafeguardError:
    return SafeguardError(
        f"The access log cannot be read ({error}). Check DATABASE_URL, or run `safeguard migrate` to set up the database."
    )


def _show(rows: Sequence[tuple[object, ...]], header: tuple[str, ...], as_csv: bool, title: str) -> None:
    if as_csv:
        from safeguard.aggregates import csv_text

        sys.stdout.write(csv_text(header, rows))
        return
    table = Table(*header, title=title, title_justify="left")
    for row in rows:
        table.add_row(*(str(cell) for cell in row))
    Console().print(table)

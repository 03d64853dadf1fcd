"""``safeguard reviews``: serious incidents and practice reviews from the command line.

``safeguard reviews timescales --aware 2025-04-17 --notified 2025-04-24 --format json`` prints
the day the national panel must be notified by and the day the rapid review is due, counted in
England's working days (bank holidays left out) from the timescales file:

    {"panel_notification_due": "2025-04-28", "rapid_review_due": "2025-05-16"}

Without ``--notified`` the rapid review is counted from the notification's due date (the latest
it can be due if the panel is told in time); ``--format table`` says so beside the dates, and
names the bank holidays the count stepped over. Needs no store or database.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from safeguard.calendar import bank_holidays
from safeguard.errors import SafeguardError
from safeguard.governance.reviews.deadlines import PANEL_NOTIFICATION, RAPID_REVIEW, IncidentDeadlines, incident_deadlines
from safeguard.timescales import timescale

reviews_app = typer.Typer(help="Serious incidents and practice reviews: their statutory dates.", no_args_is_help=True)
FORMATS = ("json", "table")


def register(app: typer.Typer) -> None:
    app.add_typer(reviews_app, name="reviews", short_help="Work out when a serious incident's panel notification and rapid review are due.")


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SafeguardError(f"{option} must be a date written YYYY-MM-DD, for example 2025-04-17, not {text!r}.") from None


def _words(day: date) -> str:
    return day.strftime("%A %-d %B %Y")


def _holidays_between(first: date, last: date) -> list[date]:
    """England's bank holidays after ``first`` up to ``last``: the days the count stepped over."""
    found = {day for year in range(first.year, last.year + 1) for day in bank_holidays(year)}
    return sorted(day for day in found if first < day <= last)


@reviews_app.command("timescales")
def timescales(
    aware: Annotated[str, typer.Option("--aware", metavar="DATE", help="The day the council became aware of the incident (YYYY-MM-DD).")],
    notified: Annotated[str, typer.Option("--notified", metavar="DATE", help="The day the national panel was notified, if it has been (YYYY-MM-DD).")] = "",
    output_format: Annotated[str, typer.Option("--format", metavar="FORMAT", help="json or table.")] = "table",
) -> None:
    """Print when the national panel must be notified, and when the rapid review is due."""
    if output_format not in FORMATS:
        raise SafeguardError(f"--format must be json or table, not {output_format!r}.")
    deadlines = incident_deadlines(aware=_day(aware, "--aware"), notified=_day(notified, "--notified") if notified else None)
    if output_format == "json":
        typer.echo(json.dumps(deadlines.to_json()))
        return
    print_deadlines(deadlines, Console())


def print_deadlines(deadlines: IncidentDeadlines, console: Console) -> None:
    notification, rapid = timescale(PANEL_NOTIFICATION), timescale(RAPID_REVIEW)
    if deadlines.counted_from_notification:
        start = f"{rapid.length} from the notification, {_words(deadlines.rapid_review_counted_from)}"
    else:
        start = f"{rapid.length} from the notification's due date, {_words(deadlines.rapid_review_counted_from)}"
    table = Table(title="A serious incident's statutory dates")
    table.add_column("Step")
    table.add_column("Due by")
    table.add_column("Counted")
    table.add_row(notification.title, _words(deadlines.panel_notification_due),
                  f"{notification.length} from the day the council became aware, {_words(deadlines.aware)}")
    table.add_row(rapid.title, _words(deadlines.rapid_review_due), start)
    console.print(table)
    if not deadlines.counted_from_notification:
        console.print(
            "No notification date was given, so the rapid review is counted from the panel notification's due date: "
            "the latest it can be due if the panel is told in time.", highlight=False,
        )
    holidays = _holidays_between(deadlines.aware, deadlines.rapid_review_due)
    skipped = ", ".join(_words(day) for day in holidays) if holidays else "none"
    console.print(f"Working days leave out weekends and England's bank holidays (in this span: {skipped}).", highlight=False)

"""``safeguard partnership``: the safeguarding partnership's records from the command line.

``safeguard partnership attendance --format csv`` prints how often each agency came to the
partnership's own meetings in the council's year (1 April to 31 March) and how often whoever
came could commit the agency (seed 003 §18.3.16): the same figures as the partnership's page
and its annual report, from the same service.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

import typer

from safeguard.cli.records import application_database
from safeguard.errors import SafeguardError
from safeguard.governance.reporting_year import ReportingYear

partnership_app = typer.Typer(help="The safeguarding partnership: its meetings and who came to them.", no_args_is_help=True)
FORMATS = ("csv", "json")


def register(app: typer.Typer) -> None:
    app.add_typer(partnership_app, name="partnership", short_help="Print each agency's attendance at the partnership's meetings.")


def reporting_year_from(text: str, today: date) -> ReportingYear:
    """The council's year named by the calendar year it starts in (the current year if empty)."""
    if not text:
        return ReportingYear.containing(today)
    if not (text.isdigit() and len(text) == 4 and 1950 <= int(text) <= today.year):
        raise SafeguardError(f"--year must be the year the council's year starts in, written YYYY (for example {today.year - 1}), "
                             f"and not later than this year, not {text!r}.")
    return ReportingYear(int(text))


@partnership_app.command("attendance")
def attendance(
    output_format: Annotated[str, typer.Option("--format", metavar="FORMAT", help="csv or json.")] = "csv",
    year: Annotated[str, typer.Option("--year", metavar="YYYY", help="The council's year, by the year it starts in (default: this year).",
                                      show_default=False)] = "",
) -> None:
    """Print each agency's attendance at the partnership's meetings held in the year, as CSV or JSON."""
    if output_format not in FORMATS:
        raise SafeguardError(f"--format must be csv or json, not {output_format!r}.")
    chosen = reporting_year_from(year, date.today())
    with application_database():
        from safeguard.aggregates import csv_text
        from safeguard.governance.partnership import services

        rows = services.attendance_rows(services.attendance_by_agency(chosen))
    if output_format == "csv":
        typer.echo(csv_text(services.ATTENDANCE_COLUMNS, rows, for_excel=False), nl=False)
    else:
        typer.echo(json.dumps({"year": chosen.label, "from": chosen.start.isoformat(), "to": chosen.end.isoformat(),
                               "agencies": [dict(zip(services.ATTENDANCE_COLUMNS, row)) for row in rows]}, indent=2))

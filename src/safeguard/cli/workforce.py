"""``safeguard workforce``: load the council's social work staff file and see what it holds.

    safeguard workforce import workforce_2025-09-30.csv
    safeguard workforce import staff.xlsx --as-at 2025-09-30
    safeguard workforce list

A file with any error is refused whole: every finding is printed with its file, row, column and
value, and nothing is kept. The file format is described in docs/workforce.md.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from safeguard.errors import SafeguardError

workforce_app = typer.Typer(
    name="workforce",
    help="The council's social work staff: load the workforce file (see docs/workforce.md) and list what is kept.",
    no_args_is_help=True,
)

SHOWN_FINDINGS = 50


def register(app: typer.Typer) -> None:
    app.add_typer(workforce_app, short_help="Load the social work staff file (posts, agency, leavers, absence, supervision).")


@workforce_app.command("import")
def import_workforce(
    path: Annotated[Path, typer.Argument(metavar="FILE", help="The workforce file: CSV, or an Excel workbook (first sheet).")],
    as_at: Annotated[
        str | None, typer.Option("--as-at", metavar="YYYY-MM-DD", help="The day the file describes (default: the date in its name).")
    ] = None,
) -> None:
    """Check a workforce file and keep it as a snapshot if it has no errors."""
    from safeguard.snapshots.workforce import WorkforceImportStatus, WorkforceStore

    day = _date(as_at)
    outcome = WorkforceStore().import_file(path, as_at=day)
    console = Console()
    if outcome.status is WorkforceImportStatus.REFUSED:
        errors = outcome.checked.errors if outcome.checked else []
        console.print(f"{escape(path.name)} was not imported: {len(errors)} error(s). Nothing was changed.", highlight=False)
        for finding in errors[:SHOWN_FINDINGS]:
            console.print(
                f"  {escape(finding.place)} {escape(f'[{finding.rule}]')} {escape(finding.message)}"
                + (f" (value: {escape(finding.value)})" if finding.value else ""),
                highlight=False,
                soft_wrap=True,
            )
        if len(errors) > SHOWN_FINDINGS:
            console.print(f"  ... and {len(errors) - SHOWN_FINDINGS} more.")
        raise typer.Exit(1)
    snapshot = outcome.snapshot
    if snapshot is None:
        raise SafeguardError(f"{path.name} was not imported ({outcome.status}).")
    if outcome.status is WorkforceImportStatus.ALREADY_IMPORTED:
        console.print(f"{escape(path.name)} is already workforce snapshot {snapshot.id}; nothing changed.", highlight=False)
        return
    console.print(
        f"Imported {escape(snapshot.source_name)} as workforce snapshot {snapshot.id}: "
        f"{snapshot.rows:,} rows, as at {snapshot.as_at.isoformat()}.",
        highlight=False,
    )


@workforce_app.command("list")
def list_workforce() -> None:
    """Every workforce snapshot kept, oldest first."""
    from safeguard.snapshots.workforce import WorkforceStore

    snapshots = WorkforceStore().list()
    console = Console()
    if not snapshots:
        console.print("There are no workforce snapshots yet. Load one with: safeguard workforce import FILE")
        return
    table = Table("Snapshot", "As at", "File", "Rows", "Loaded by", "Loaded at (UTC)")
    for snapshot in snapshots:
        table.add_row(
            snapshot.id,
            snapshot.as_at.isoformat(),
            escape(snapshot.source_name),
            f"{snapshot.rows:,}",
            escape(snapshot.loaded_by),
            snapshot.loaded_at.strftime("%Y-%m-%d %H:%M"),
        )
    console.print(table)


def _date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise SafeguardError(f"--as-at must be a date written YYYY-MM-DD, not {text!r}.") from None


@workforce_app.command("caseloads")
def caseloads() -> None:
    """Show each team's weighted caseloads as a spread, and every child with no named worker."""
    from safeguard.indicators.caseloads import caseload_picture
    from safeguard.snapshots import Store

    with Store() as store:
        if not store.list():
            raise SafeguardError("There are no snapshots yet: import a return first with `safeguard import FILE`.")
        picture = caseload_picture(store)
    console = Console()
    console.print(f"Caseloads as at {picture.as_at.isoformat()}; a worker is full at {picture.model.threshold:g} weighted cases.", highlight=False)
    if picture.note:
        console.print(picture.note, highlight=False)
    table = Table("Team", "Case holders", "Lowest", "Lower quarter", "Middle", "Upper quarter", "Highest", "Over capacity")
    for team in picture.teams:
        table.add_row(escape(team.team), str(team.workers), *(f"{value:g}" for value in (
            team.lowest, team.lower_quartile, team.median, team.upper_quartile, team.highest)), str(team.over_capacity))
    console.print(table)
    if not picture.unallocated:
        console.print("Every open child in need, child protection and in-care case has a named worker.")
        return
    unallocated = Table("Child", "Case", "Team", "Unallocated since", "Days", "Last visit", "Accountable", title="Children with no named worker")
    for case in picture.unallocated:
        unallocated.add_row(
            escape(case.child_id), ", ".join(case.case_types), escape(case.team),
            case.unallocated_since.isoformat() if case.unallocated_since else "", str(case.days_unallocated or ""),
            case.last_visit.isoformat() if case.last_visit else "not recorded", escape(case.accountable),
        )
    console.print(unallocated)

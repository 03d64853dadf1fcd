"""Commands that load returns into the store and look after its snapshots.

``safeguard import FILE`` checks a return and keeps it as a snapshot; ``safeguard snapshots``
lists, shows and removes snapshots. The words are the analyst's: a return is imported, a
snapshot is the data as it stood when it was loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from safeguard.annex_a.spec import LISTS
from safeguard.cli.findings import render_findings, render_plausibility, save_report
from safeguard.cli.progress import progress_display
from safeguard.council import load_council
from safeguard.errors import SafeguardError
from safeguard.snapshots import Confirmation, ImportOutcome, ImportStatus, Snapshot, Store

FINDINGS_SHOWN = 40
"""How many findings the import prints before pointing at the full report."""

snapshots_app = typer.Typer(
    name="snapshots",
    help=(
        "List, show and remove the snapshots in the store. A snapshot is one imported return, kept "
        "exactly as it was loaded, so any figure can be worked out again for the data as it stood."
    ),
    short_help="List, show and remove the snapshots in the store.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.command("import")(import_return)
    app.add_typer(snapshots_app)


def import_return(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="The return to load: an Ofsted Annex A workbook (.xlsx), or a folder holding its lists as CSV files.",
            show_default=False,
        ),
    ],
    loaded_by: Annotated[
        str | None,
        typer.Option(
            "--loaded-by",
            metavar="NAME",
            help="Record this name against the snapshot (default: your computer login).",
            show_default=False,
        ),
    ] = None,
    confirm: Annotated[
        str | None,
        typer.Option(
            "--confirm",
            metavar="REASON",
            help="Accept a return that does not look like the last one, and record why it is right.",
            show_default=False,
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            metavar="FOLDER",
            help="Save every finding in this folder as findings.xlsx, findings.csv and findings.json.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check a return and, if it has no errors, keep it as a new snapshot.

    Every problem found is listed with its sheet, row and column, as Excel shows them. Errors stop
    the import and nothing changes. Queries are worth a look but do not stop it.

    The return is then compared with the last snapshot: rows per list, the mix of values, and the
    period its name states. A difference beyond the limits in council.json stops the import until
    you confirm it with --confirm and the reason, which the snapshot keeps with your name and the
    time.

    Importing the same file a second time is recognised, and changes nothing.

    Example: safeguard import "Annex A March 2025.xlsx" --report checks/
    """
    console = Console()
    checks = load_council().import_checks
    with Store() as store:
        with progress_display(Console(stderr=True)) as bar:
            outcome = store.import_file(file, loaded_by=loaded_by, progress=bar, checks=checks, confirmation=confirm)
        _report_outcome(outcome, file, console, report=report, confirmation=confirm)


def _report_outcome(
    outcome: ImportOutcome, file: Path, console: Console, report: Path | None = None, confirmation: str | None = None
) -> None:
    """Say what an import did; a refused or unconfirmed import raises the one-line reason."""
    if outcome.status is ImportStatus.ALREADY_IMPORTED:
        console.print(
            f"{file.name} was already imported as snapshot {outcome.kept.id}; nothing changed.", highlight=False
        )
        if report is not None:
            console.print(
                "No new report: the file was checked when it was first imported, and the queries found then are "
                f"kept with the snapshot (safeguard snapshots show {outcome.kept.id}).",
                highlight=False,
            )
        return
    checked = outcome.checked
    if not checked.readable:
        raise SafeguardError(f"{checked.findings[0].message} Nothing was imported.")
    findings = checked.findings
    render_findings(findings, console, limit=FINDINGS_SHOWN)
    if report is None and len(findings) > FINDINGS_SHOWN:
        console.print("Add --report FOLDER to save every finding as a spreadsheet.")
    if report is not None:
        save_report(findings, report, console)
    if outcome.status is ImportStatus.REFUSED:
        errors = len(checked.errors)
        noun = "error" if errors == 1 else "errors"
        raise SafeguardError(f"{file.name} was not imported: it has {errors} {noun} to fix first; nothing changed.")
    if outcome.plausibility is not None:
        render_plausibility(outcome.plausibility, console)
    if outcome.status is ImportStatus.NEEDS_CONFIRMATION:
        count = len(outcome.differences.findings)
        things = "difference from the last snapshot needs" if count == 1 else "differences from the last snapshot need"
        raise SafeguardError(
            f"{file.name} was not imported: {count} {things} a person's confirmation; "
            'check them, then run again with --confirm "why the return is right".'
        )
    snapshot = outcome.kept
    queries = "query" if snapshot.queries == 1 else "queries"
    console.print(
        f"Imported {file.name} as snapshot [bold]{snapshot.id}[/]: {describe_period(snapshot)}, "
        f"{snapshot.total_rows:,} rows, {snapshot.queries:,} {queries}.",
        highlight=False,
    )
    if snapshot.confirmation is not None:
        console.print(f"Confirmed by {confirmed(snapshot.confirmation)}.", highlight=False)
    elif confirmation:
        console.print("Nothing needed confirming, so the reason given with --confirm was not recorded.", highlight=False)
    console.print(rows_per_list(snapshot))


def confirmed(given: Confirmation) -> str:
    """Who confirmed a snapshot's import, when and why, in one phrase."""
    return f"{given.confirmed_by} on {given.confirmed_at:%Y-%m-%d %H:%M} UTC: \"{given.reason}\""


def describe_period(snapshot: Snapshot) -> str:
    return f"{snapshot.period_start:%d %b %Y} to {snapshot.period_end:%d %b %Y}"


def rows_per_list(snapshot: Snapshot) -> Table:
    table = Table(title=f"Rows per list in {snapshot.id}", title_justify="left")
    table.add_column("List", justify="right")
    table.add_column("Title")
    table.add_column("Rows", justify="right")
    for annex_list in LISTS:
        table.add_row(str(annex_list.number), annex_list.title, f"{snapshot.row_counts.get(annex_list.key, 0):,}")
    return table


def snapshots_table(snapshots: Sequence[Snapshot]) -> Table:
    """The store's snapshots, oldest period first, as the analyst reads them."""
    table = Table(title="Snapshots", title_justify="left")
    table.add_column("Snapshot", no_wrap=True)
    table.add_column("Period")
    table.add_column("Loaded (UTC)", no_wrap=True)
    table.add_column("By")
    table.add_column("File", overflow="fold")
    table.add_column("Rows", justify="right")
    table.add_column("Queries", justify="right")
    for snapshot in snapshots:
        table.add_row(
            snapshot.id,
            describe_period(snapshot),
            f"{snapshot.loaded_at:%Y-%m-%d %H:%M}",
            snapshot.loaded_by,
            snapshot.source_name,
            f"{snapshot.total_rows:,}",
            f"{snapshot.queries:,}",
        )
    return table


@snapshots_app.command("list")
def list_snapshots() -> None:
    """List every snapshot in the store, oldest period first.

    Example: safeguard snapshots list
    """
    console = Console()
    with Store() as store:
        snapshots = store.list()
    if not snapshots:
        console.print("There are no snapshots yet. Load a return with: safeguard import FILE")
        return
    console.print(snapshots_table(snapshots))


@snapshots_app.command("show")
def show_snapshot(
    snapshot_id: Annotated[
        str,
        typer.Argument(
            metavar="SNAPSHOT", help="The snapshot's id (from 'safeguard snapshots list'), or 'latest'.", show_default=False
        ),
    ],
) -> None:
    """Show one snapshot: where its data came from, who loaded it and when, and its rows per list.

    Example: safeguard snapshots show latest
    """
    console = Console()
    with Store() as store:
        snapshot = store.get(snapshot_id)
        folder = store.snapshots_folder / snapshot.id
    details = Table.grid(padding=(0, 2))
    details.add_column(style="bold")
    details.add_column()
    for label, value in (
        ("Snapshot", snapshot.id),
        ("Period", describe_period(snapshot)),
        ("Loaded", f"{snapshot.loaded_at:%Y-%m-%d %H:%M:%S} UTC by {snapshot.loaded_by}"),
        ("File", snapshot.source_name),
        ("SHA-256", snapshot.sha256),
        ("Rows", f"{snapshot.total_rows:,}"),
        ("Queries", f"{snapshot.queries:,} (listed in {folder / 'findings.json'})"),
        ("Confirmed", confirmed(snapshot.confirmation) if snapshot.confirmation else "not needed: it looked like the snapshot before it"),
        ("Folder", str(folder)),
    ):
        details.add_row(label, escape(value))
    console.print(details)
    if snapshot.confirmation is not None:
        console.print("What was confirmed:", highlight=False)
        for item in snapshot.confirmation.findings:
            console.print(f"  - {escape(item)}", highlight=False)
    console.print(rows_per_list(snapshot))


@snapshots_app.command("remove")
def remove_snapshot(
    snapshot_id: Annotated[
        str,
        typer.Argument(
            metavar="SNAPSHOT", help="The id of the snapshot to delete (from 'safeguard snapshots list').", show_default=False
        ),
    ],
    yes: Annotated[bool, typer.Option("--yes", metavar="", help="Delete without asking for confirmation.")] = False,
) -> None:
    """Delete a snapshot for good. Its file can be imported again afterwards.

    Asks before deleting, unless --yes is given.

    Example: safeguard snapshots remove 20250331-a1b2c3d4
    """
    console = Console()
    with Store() as store:
        snapshot = store.get(snapshot_id, latest_allowed=False)
        question = f"Delete snapshot {snapshot.id} ({snapshot.source_name}, {describe_period(snapshot)})?"
        if not yes and not typer.confirm(question, default=False):
            console.print("Nothing was deleted.")
            raise typer.Exit(1)
        store.remove(snapshot.id)
    console.print(f"Deleted snapshot {snapshot.id}.", highlight=False)

"""``safeguard validate FILE``: check an Annex A return without importing it.

For the analyst preparing a return: the findings by sheet and by kind, then each one at its
sheet, cell and value; with ``--report FOLDER`` the full list saved as an Excel workbook, CSV and
JSON. The last line says whether the file is acceptable for import. Nothing is written anywhere
else: not to the store, not to the current folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from safeguard.annex_a.spec import LISTS
from safeguard.annex_a.validation import ValidationResult, validate
from safeguard.cli.findings import choose, render_findings, save_report
from safeguard.cli.progress import progress_display
from safeguard.errors import SafeguardError

FINDINGS_SHOWN = 50


HELP = (
    "Check an Annex A return and list every problem, without importing it.\n\n"
    "Errors (the file cannot be trusted until they are fixed) stop an import; queries are worth a look "
    "but do not. The findings come by sheet and by kind first, then one by one with the sheet, the cell "
    "as Excel shows it, the value and what is wrong.\n\n"
    "Exit status: 0 when the file has no errors, 1 when it has.\n\n"
    'Example: safeguard validate "Annex A March 2025.xlsx" --report checks/'
)
"""The command's --help, one line per paragraph (Typer keeps a docstring's line breaks)."""


def register(app: typer.Typer) -> None:
    app.command("validate", help=HELP, short_help="Check an Annex A return and list every problem, without importing it.")(
        validate_return
    )


def validate_return(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="The return to check: an Ofsted Annex A workbook (.xlsx), or a folder holding its lists as CSV files.",
            show_default=False,
        ),
    ],
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            metavar="FOLDER",
            help="Save every finding in this folder as findings.xlsx, findings.csv and findings.json. Without it, nothing is saved.",
            show_default=False,
        ),
    ] = None,
    show: Annotated[
        int,
        typer.Option(
            "--show", metavar="NUMBER", help="List at most this many findings on screen, errors first; the report has them all.", min=0
        ),
    ] = FINDINGS_SHOWN,
    sheet: Annotated[
        str | None,
        typer.Option("--sheet", metavar="LIST", help="Show only this list's findings: its number (1 to 11), its key, or 'file'.", show_default=False),
    ] = None,
    severity: Annotated[
        str | None,
        typer.Option("--severity", metavar="error|query", help="Show only errors, or only queries.", show_default=False),
    ] = None,
    rule: Annotated[
        str | None,
        typer.Option("--rule", metavar="RULE", help="Show only findings of this rule (its id, as listed under Rule).", show_default=False),
    ] = None,
) -> None:
    """Check an Annex A return and list every problem, without importing it."""
    chosen = choose(sheet, severity, rule)
    console = Console()
    with progress_display(Console(stderr=True)) as bar:
        result = validate(file, progress=bar)
    if not result.readable:
        raise SafeguardError(result.findings[0].message)
    describe(result, console)
    shown = [finding for finding in result.findings if chosen.matches(finding)]
    if chosen.active:
        console.print(f"Showing the {len(shown):,} of {len(result.findings):,} findings that match the filter.", highlight=False)
    render_findings(shown, console, limit=show)
    if report is not None:
        save_report(result.findings, report, console)
    console.print(verdict(result), highlight=False)
    if result.has_errors:
        raise typer.Exit(code=1)


def describe(result: ValidationResult, console: Console) -> None:
    """What was read: rows per list found, and the period and where it comes from."""
    read = [f"list {number} {count:,}" for number, count in _counts(result) if count]
    if read:
        console.print(f"Checked {result.source_name}: rows read per list: {', '.join(read)}.", highlight=False)
    if result.period_start and result.period_end:
        console.print(
            f"The return covers {result.period_start:%d %b %Y} to {result.period_end:%d %b %Y} ({period_source(result)}).",
            highlight=False,
        )


def period_source(result: ValidationResult) -> str:
    """Where the period comes from, in a few words."""
    stated = result.stated_period
    if stated is None:
        return "worked out from its dates"
    if result.period_from == "its dates":
        return f"worked out from its dates, which fit {stated.describe()} as {stated.where} says"
    if result.data_period_end is not None and not stated.agrees_with(result.data_period_end):
        return f"as {stated.where} says, although its dates run to {result.data_period_end:%d %b %Y}"
    return f"as {stated.where} says"


def _counts(result: ValidationResult) -> list[tuple[int, int]]:
    return [(annex_list.number, result.row_counts.get(annex_list.key, 0)) for annex_list in LISTS]


def verdict(result: ValidationResult) -> str:
    """The last line: whether the file can be imported."""
    errors, queries = len(result.errors), len(result.queries)
    query_note = f" ({queries:,} {'query' if queries == 1 else 'queries'} worth a look)" if queries else ""
    if errors:
        noun = "error" if errors == 1 else "errors"
        return (
            f"NOT ACCEPTABLE: {result.source_name} has {errors:,} {noun} to fix before it can be imported{query_note}."
        )
    return f"ACCEPTABLE: {result.source_name} has no errors and can be imported{query_note}."

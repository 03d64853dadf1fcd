"""``safeguard validate FILE``: check an Annex A return without importing it.

For the analyst preparing a return: every problem is listed with its sheet, cell and value, the
full list is saved as a spreadsheet and as JSON, and the last line says whether the file is
acceptable for import. Nothing is written to the store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from safeguard.annex_a.findings import render_table, write_csv, write_json
from safeguard.annex_a.spec import LISTS
from safeguard.annex_a.validation import ValidationResult, validate
from safeguard.cli.data import progress_bar
from safeguard.errors import SafeguardError

DEFAULT_REPORT = Path("validation-report")
FINDINGS_SHOWN = 50


HELP = (
    "Check an Annex A return and list every problem, without importing it.\n\n"
    "Errors (the file cannot be trusted until they are fixed) stop an import; queries are worth a look "
    "but do not. Each problem names the sheet, the cell as Excel shows it, the value and what is wrong.\n\n"
    "Exit status: 0 when the file has no errors, 1 when it has.\n\n"
    'Example: safeguard validate "Annex A March 2025.xlsx" --report checks/'
)
"""The command's --help, one line per paragraph (Typer keeps a docstring's line breaks)."""


def register(app: typer.Typer) -> None:
    app.command("validate", help=HELP)(validate_return)


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
        Path,
        typer.Option(
            "--report",
            metavar="FOLDER",
            help="The folder to save the full list of problems in, as findings.csv (opens in Excel) and findings.json. "
            "Default: a folder called validation-report in the current folder.",
            show_default=False,
        ),
    ] = DEFAULT_REPORT,
    show: Annotated[
        int,
        typer.Option(
            "--show", metavar="NUMBER", help="How many problems to list on screen (errors first); the report has them all.", min=0
        ),
    ] = FINDINGS_SHOWN,
) -> None:
    """Check an Annex A return and list every problem, without importing it."""
    console = Console()
    with progress_bar(Console(stderr=True)) as bar:
        result = validate(file, progress=bar)
    if not result.readable:
        raise SafeguardError(result.findings[0].message)
    describe(result, console)
    render_table(result.findings, console, limit=show)
    save_report(result, report, console)
    console.print(verdict(result), highlight=False)
    if result.has_errors:
        raise typer.Exit(code=1)


def describe(result: ValidationResult, console: Console) -> None:
    """What was read: rows per list found, and the period the dates imply."""
    read = [f"list {number} {count:,}" for number, count in _counts(result) if count]
    if read:
        console.print(f"Checked {result.source_name}: rows read per list: {', '.join(read)}.", highlight=False)
    if result.period_start and result.period_end:
        console.print(
            f"The return covers {result.period_start:%d %b %Y} to {result.period_end:%d %b %Y} "
            "(worked out from its dates).",
            highlight=False,
        )


def _counts(result: ValidationResult) -> list[tuple[int, int]]:
    return [(annex_list.number, result.row_counts.get(annex_list.key, 0)) for annex_list in LISTS]


def save_report(result: ValidationResult, folder: Path, console: Console) -> None:
    """findings.csv and findings.json in ``folder`` (created if needed)."""
    try:
        write_csv(result.findings, folder / "findings.csv")
        write_json(result.findings, folder / "findings.json")
    except OSError as error:
        raise SafeguardError(f"Cannot save the report in {folder}: {error.strerror or error}.") from error
    console.print(f"Full report saved in {folder}/ (findings.csv and findings.json).", highlight=False)


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

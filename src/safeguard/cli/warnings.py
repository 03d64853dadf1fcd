"""``safeguard warnings``: what has moved on the council's indicators, and ``warnings rebaseline``.

    safeguard warnings --from 2025-01 --format json
    safeguard warnings rebaseline --from 2023-04 --to 2025-03 --indicator re_referral_rate

The checks themselves live in ``safeguard.warnings``; this module reads the options, runs one
review of the store and prints it.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from safeguard.council import load_council
from safeguard.errors import SafeguardError
from safeguard.indicators.engine import choose
from safeguard.indicators.population import council_population
from safeguard.snapshots import Store
from safeguard.warnings.baselines import DEFAULT_MONTHS, SHORT_SERIES_MONTHS, month_of, rebaseline
from safeguard.warnings.combined import DECISION, SINGLE_MONTH
from safeguard.warnings.records import format_value
from safeguard.warnings.review import Review, review
from safeguard.warnings.scan import DEFAULT_NEIGHBOUR_DISTANCE
from safeguard.warnings.series import monthly_series
from safeguard.warnings.thresholds import FILE_FORMAT

SUMMARY = (
    "What has moved on each indicator: lasting changes against a baseline, distance from the "
    "statistical neighbours, and the council's own limits. Each warning says since when, by how "
    "much, how unusual it is, and the question to ask."
)

HELP = "\n\n".join(
    (
        SUMMARY,
        "Each indicator's months are compared with its baseline, a fixed stretch of months that "
        "counts as normal and moves only with 'safeguard warnings rebaseline' (by default the first "
        f"{DEFAULT_MONTHS} months, or {SHORT_SERIES_MONTHS} for a series shorter than "
        f"{DEFAULT_MONTHS + SHORT_SERIES_MONTHS}); --baseline-from and --baseline-to set one for this run "
        "only. Each month is measured against what chance alone would give it, from the baseline and the "
        "month's own number of cases, and the differences are added up month by month: a warning is "
        f"raised when the sum passes {DECISION:g} spreads, or at once when one month is more than "
        f"{SINGLE_MONTH:g} spreads from what was expected. It reads as a concern, an improvement, or (for "
        "measures of demand) unusual, by which way the indicator is better. The latest whole financial "
        "year is compared with the statistical neighbours (needs 'safeguard benchmarks load' and an LA "
        "code), and each month with the council's own limits. How often this finds a real change, how "
        "late, and how often it raises a false alarm: docs/early-warning.md.",
        FILE_FORMAT,
        "Example: safeguard warnings --from 2025-01 --format json",
    )
)

warnings_app = typer.Typer(name="warnings", help=HELP, short_help=SUMMARY, invoke_without_command=True)


class WarningFormat(str, Enum):
    table = "table"
    json = "json"


def register(app: typer.Typer) -> None:
    app.add_typer(warnings_app, short_help="Show what has moved on each indicator, and the question to ask about it.")


@warnings_app.callback()
def warnings_command(
    context: typer.Context,
    start: Annotated[
        str | None,
        typer.Option("--from", metavar="YYYY-MM", help="Report signals still showing from this month (YYYY-MM). Default: six months before --to.", show_default=False),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--to", metavar="YYYY-MM", help="Look at the data up to this month (YYYY-MM). Default: the latest whole month.", show_default=False),
    ] = None,
    baseline_start: Annotated[
        str | None,
        typer.Option("--baseline-from", metavar="YYYY-MM", help="Use a baseline from this month (YYYY-MM), for this run only.", show_default=False),
    ] = None,
    baseline_end: Annotated[
        str | None,
        typer.Option("--baseline-to", metavar="YYYY-MM", help="...to this month (YYYY-MM), for this run only.", show_default=False),
    ] = None,
    indicator: Annotated[
        list[str] | None,
        typer.Option("--indicator", metavar="INDICATOR", help="Only this indicator (repeat for several). Default: all.", show_default=False),
    ] = None,
    neighbour_distance: Annotated[
        float, typer.Option("--neighbour-distance", metavar="PERCENT", help="Percent from the neighbours' mean that raises a warning.")
    ] = DEFAULT_NEIGHBOUR_DISTANCE * 100,
    la_code: Annotated[
        str | None,
        typer.Option("--la-code", metavar="CODE", help="Whose statistical neighbours to compare with. Default: 'la_code' in council.json.", show_default=False),
    ] = None,
    output: Annotated[WarningFormat, typer.Option("--format", metavar="|".join(item.value for item in WarningFormat), help="How to show the warnings.")] = WarningFormat.table,
) -> None:
    if context.invoked_subcommand is not None:
        return
    if (baseline_start is None) != (baseline_end is None):
        raise SafeguardError("Give both --baseline-from and --baseline-to, or neither.")
    result = review(
        choose(indicator or None),
        month_of(start) if start else None,
        month_of(end) if end else None,
        (month_of(baseline_start), month_of(baseline_end)) if baseline_start and baseline_end else None,
        neighbour_distance / 100,
        la_code,
    )
    if output is WarningFormat.json:
        json.dump(result.as_dict(), sys.stdout, indent=1)
        sys.stdout.write("\n")
        return
    print_warnings(result, Console())


READING_STYLE = {"concern": "bold red", "unusual": "bold yellow", "improvement": "bold blue"}


def print_warnings(run: Review, console: Console) -> None:
    span = f"from {run.window.start:%Y-%m}" if run.window.start else "over the whole series"
    if not run.warnings:
        console.print(f"No warnings {span}.", highlight=False)
    else:
        table = Table(title=f"Early warnings {span}", title_justify="left", show_lines=True)
        table.add_column("Reading", no_wrap=True)
        table.add_column("Indicator")
        table.add_column("Since", no_wrap=True)
        table.add_column("What moved, by how much, how unusual")
        table.add_column("Ask, and how far to trust it")
        for warning in run.warnings:
            table.add_row(
                f"[{READING_STYLE[warning.reading]}]{warning.reading}[/]",
                warning.title,
                f"{warning.since:%Y-%m}\n(seen {warning.detected:%Y-%m})",
                f"{warning.what_moved}\nBy how much: {warning.change_text}, against {warning.basis}.\n{warning.how_unusual}",
                f"{warning.question}\nData: {warning.data_confidence}.",
            )
        console.print(table)
    origins = {baseline.origin for baseline in run.baselines.values()}
    if "default" in origins:
        console.print(
            f"Limits without a stored baseline use the first {DEFAULT_MONTHS} months of the series ({SHORT_SERIES_MONTHS} for a "
            f"series under {DEFAULT_MONTHS + SHORT_SERIES_MONTHS} months); "
            "fix them with 'safeguard warnings rebaseline --from YYYY-MM --to YYYY-MM'.",
            highlight=False,
        )
    if run.too_short:
        console.print(f"Too few months for control limits ({SHORT_SERIES_MONTHS} needed): {', '.join(run.too_short)}.", highlight=False)
    for note in run.notes:
        console.print(note, highlight=False)


@warnings_app.command("rebaseline")
def rebaseline_command(
    start: Annotated[str, typer.Option("--from", metavar="YYYY-MM", help="The baseline's first month (YYYY-MM).", show_default=False)],
    end: Annotated[str, typer.Option("--to", metavar="YYYY-MM", help="The baseline's last month (YYYY-MM).", show_default=False)],
    indicator: Annotated[
        list[str] | None,
        typer.Option("--indicator", metavar="INDICATOR", help="Only this indicator (repeat for several). Default: all.", show_default=False),
    ] = None,
) -> None:
    """Recalculate and store the control limits from a chosen baseline period.

    Do this only after a deliberate, lasting change (a new service model that has bedded in); the
    stored limits are then used by every later 'safeguard warnings' until the next rebaseline.

    Example: safeguard warnings rebaseline --from 2023-04 --to 2025-03 --indicator re_referral_rate
    """
    indicators = choose(indicator or None)
    council = load_council()
    with Store() as store:
        series = monthly_series(store, [item.id for item in indicators], council_population(council))
    result = rebaseline({item.id: series.get(item.id, []) for item in indicators}, month_of(start), month_of(end))
    console = Console()
    table = Table(title=f"Baselines stored ({start} to {end})", title_justify="left")
    for heading in ("Indicator", "Months", "Mean", "Lower limit", "Upper limit"):
        table.add_column(heading, justify="left" if heading == "Indicator" else "right")
    units = {item.id: item.unit.value for item in indicators}
    for indicator_id, baseline in result.stored.items():
        unit = units[indicator_id]
        table.add_row(
            indicator_id,
            str(baseline.points),
            format_value(baseline.mean, unit),
            format_value(baseline.limits.lower, unit),
            format_value(baseline.limits.upper, unit),
        )
    console.print(table)
    for indicator_id, reason in result.skipped.items():
        console.print(f"Kept the earlier baseline of {indicator_id}: {reason}", highlight=False)

"""``safeguard synth``: generate a fictional council's Annex A returns to try the product on.

The council is made up but behaves like a real one: its rates follow England's published
averages year by year, referrals dip in August and at Christmas, workers hold the cases, and
changes can be planted from a known date so that the early warning can be checked against them.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from safeguard.annex_a.spec import LISTS
from safeguard.cli.progress import progress_display
from safeguard.errors import SafeguardError
from safeguard.synth import SynthConfig, generate
from safeguard.synth.config import DEFAULT_POPULATION, DEFAULT_SEED, DEFAULT_YEARS
from safeguard.synth.scenarios import PLANTABLE

HELP = (
    "Make a fictional council's Annex A returns, with realistic rates, seasons, teams and workers.\n\n"
    "Writes one workbook holding the whole history (annex_a_whole_history.xlsx) and, with --monthly, "
    "one workbook per month end as the data stood that day. manifest.json records the options, the "
    "population, the teams and workers, each planted change with its start date, and every planted fault."
)


def register(app: typer.Typer) -> None:
    app.command("synth", help=HELP)(synth)


def _date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d").date()
    except ValueError:
        raise SafeguardError(f"--end must be a date written YYYY-MM-DD, such as 2025-03-31, not {text!r}.") from None


def synth(
    out: Annotated[
        Path,
        typer.Option("--out", metavar="FOLDER", help="The folder to write the workbooks and manifest.json into (made if missing).", show_default=False),
    ],
    population: Annotated[
        int,
        typer.Option("--population", metavar="CHILDREN", help="Children aged 0-17 living in the council's area (60,000 is a mid-size London borough)."),
    ] = DEFAULT_POPULATION,
    years: Annotated[int, typer.Option("--years", metavar="YEARS", help="How many years of history the returns cover.")] = DEFAULT_YEARS,
    end: Annotated[
        str | None,
        typer.Option(
            "--end",
            metavar="YYYY-MM-DD",
            help=(
                "The last day covered, YYYY-MM-DD (default: the last day of last month). Give it to "
                "make a run repeatable: the same options, including --end, always write the same files."
            ),
            show_default=False,
        ),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", metavar="NUMBER", help="Any whole number; a different seed makes a different council.")] = DEFAULT_SEED,
    scenario: Annotated[
        list[str] | None,
        typer.Option(
            "--scenario",
            metavar="NAME[@YYYY-MM]",
            help=(
                "A change to plant, as NAME or NAME@YYYY-MM (the month it starts; default 12 months "
                f"before the end). Repeat for several. The names: {', '.join(PLANTABLE)}."
            ),
            show_default=False,
        ),
    ] = None,
    fault_rate: Annotated[
        float,
        typer.Option(
            "--fault-rate",
            metavar="SHARE",
            help="The share of rows given one data-quality fault, such as 0.02 for 2% (default none). The manifest lists every one.",
        ),
    ] = 0.0,
    monthly: Annotated[
        bool,
        typer.Option(
            "--monthly",
            metavar="",
            help="Also write a rolling 12-month workbook for every month end, as the data stood that day (takes a few minutes).",
        ),
    ] = False,
    benchmarks: Annotated[
        Path | None,
        typer.Option(
            "--benchmarks",
            metavar="FOLDER",
            help=(
                "A folder holding england_headlines_from_LAIT.csv, England's published averages that "
                "the council's rates follow (default: the project's shared folder of published data)."
            ),
            show_default=False,
        ),
    ] = None,
) -> None:
    """Generate the council and print what was written."""
    config = SynthConfig(
        population=population,
        years=years,
        end=_date(end),
        seed=seed,
        scenarios=tuple(scenario or ()),
        fault_rate=fault_rate,
        monthly=monthly,
        benchmarks=benchmarks,
    )
    config.check()
    console = Console()
    with progress_display(Console(stderr=True)) as report:
        manifest = generate(config, out, report)
    _summary(console, manifest)


def _summary(console: Console, manifest) -> None:
    if manifest.approximate_rates:
        console.print(
            "[bold yellow]Note:[/] England's published averages were not found, so the council follows "
            "built-in approximate rates (give --benchmarks FOLDER to use the published figures)."
        )
    else:
        console.print(f"Rates follow England's published averages ({manifest.calibration.split(' (')[0]}).")
    console.print(
        f"Council of {manifest.arguments['population']:,} children, {manifest.window_start:%d/%m/%Y} to {manifest.end:%d/%m/%Y}, seed {manifest.seed}."
    )
    table = Table(title=f"Rows in {manifest.whole_history}")
    table.add_column("List")
    table.add_column("Rows", justify="right")
    counts = manifest.rows[manifest.whole_history]
    for annex_list in LISTS:
        table.add_row(f"{annex_list.sheet}: {annex_list.title}", f"{counts[annex_list.key]:,}")
    console.print(table)
    console.print(f"Wrote {manifest.whole_history_path}")
    if manifest.monthly:
        console.print(f"Wrote {len(manifest.monthly)} monthly workbooks in {manifest.out_dir / 'monthly'}")
    console.print(f"Wrote {manifest.path}")
    for scenario in manifest.scenarios:
        console.print(f"Scenario {scenario['name']} from {scenario['start']}: {scenario['indicator']} should go {scenario['direction']}.")
    if manifest.faults:
        kinds = Counter(fault.kind for fault in manifest.faults)
        listed = ", ".join(f"{kind} {count:,}" for kind, count in sorted(kinds.items()))
        console.print(f"Faults planted: {len(manifest.faults):,} ({listed}); each is listed in manifest.json.")
    else:
        console.print("No faults planted (use --fault-rate to add some).")

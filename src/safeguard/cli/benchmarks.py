"""Commands that set the council beside others, under one name: ``safeguard benchmarks``.

``safeguard benchmarks load PATH`` imports the published files (LAIT, neighbours, ONS
populations, Ofsted grades); ``safeguard benchmarks compare`` compares the council with England,
its region and its statistical neighbours. The old spelling ``safeguard benchmark`` still runs
the comparison, with a line saying it is going.

The comparison names the council itself: the council in ``council.json`` when its own figures
come from its snapshots (the demo's fictional council takes a real council's place among the
neighbours, and is still called by its own name), else the council LAIT's figures are for.
"""

from __future__ import annotations

import csv
import functools
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from safeguard.benchmarks.comparison import Benchmark, BenchmarkData, benchmark, missing_lait_codes
from safeguard.benchmarks.comparison import Council as BenchmarkCouncil
from safeguard.benchmarks.loader import BenchmarkLoad, load_benchmarks
from safeguard.benchmarks.own_figures import financial_year_figures
from safeguard.council import Council, load_council
from safeguard.errors import SafeguardError
from safeguard.indicators.catalogue import INDICATORS, Indicator
from safeguard.indicators.population import council_population
from safeguard.snapshots import Store
from safeguard.spreadsheets import spreadsheet_safe

benchmarks_app = typer.Typer(
    name="benchmarks",
    help=(
        "Load the published statistics councils are compared with (LAIT, neighbours, ONS, Ofsted), "
        "and compare the council with England, its region and its statistical neighbours."
    ),
    short_help="Load published statistics and compare the council with England, its region and its neighbours.",
    no_args_is_help=True,
)
OLD_NAME = "benchmark"
DEPRECATION = "Note: `safeguard benchmark` is now `safeguard benchmarks compare`; the old name will be removed."


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class FigureSource(str, Enum):
    auto = "auto"
    lait = "lait"
    snapshots = "snapshots"


def register(app: typer.Typer) -> None:
    app.add_typer(benchmarks_app)
    app.command(OLD_NAME, hidden=True)(_old_name)


@benchmarks_app.command("load")
def load_command(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="FOLDER",
            help="The folder of published files, laid out as downloaded (lait/, dfe_csc/, ofsted/ ...).",
            show_default=False,
        ),
    ],
) -> None:
    """Load the published benchmark files into the store, replacing any earlier load.

    Needs LAIT's long data (bds_long*.parquet) and data dictionary, the council code list, the
    statistical neighbours (the newest sn_<month>_<year> file), ONS mid-year populations and
    Ofsted's ILACS grades. If any is missing or unreadable, nothing changes.

    Example: safeguard benchmarks load ~/Downloads/benchmarks
    """
    load = load_benchmarks(path)
    Console().print(loaded_table(load))


def loaded_table(load: BenchmarkLoad) -> Table:
    table = Table(title=f"Benchmarks loaded ({load.load_id})", title_justify="left")
    table.add_column("What")
    table.add_column("File", overflow="fold")
    table.add_column("Rows", justify="right")
    table.add_column("SHA-256", no_wrap=True)
    for file in load.files:
        table.add_row(file.description, file.source, f"{file.rows:,}", file.sha256[:16])
    return table


def _council_number(data: BenchmarkData, la_code: str | None, council: Council) -> int:
    code = la_code or council.la_code
    if not code:
        raise SafeguardError(
            "Which council? Give --la-code CODE (for example 370) or set 'la_code' in the council's settings (council.json)."
        )
    return data.council_number(code)


def _benchmarked_indicators() -> list[Indicator]:
    return [indicator for indicator in INDICATORS if indicator.lait_code]


def _own_figures(source: FigureSource, council: Council, indicators: list[Indicator]) -> dict[tuple[str, int], float | None] | None:
    """The council's figures by financial year from its snapshots, or None to use LAIT's."""
    if source is FigureSource.lait:
        return None
    with Store() as store:
        if source is FigureSource.auto and not store.list():
            return None
        figures = financial_year_figures(store, [indicator.id for indicator in indicators], council_population(council))
    if not figures:
        raise SafeguardError("The snapshots do not cover a whole financial year (April to March) yet; use --source lait.")
    return figures


@benchmarks_app.command("compare")
def benchmark_command(
    la_code: Annotated[
        str | None,
        typer.Option(
            "--la-code",
            metavar="CODE",
            help="The council whose region and statistical neighbours to compare with (its number, e.g. 370, or ONS code). "
            "Default: 'la_code' in council.json.",
            show_default=False,
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", metavar="YEAR", help="The year ending March to compare (2025 is April 2024 to March 2025). Default: the latest.", show_default=False),
    ] = None,
    all_years: Annotated[bool, typer.Option("--all-years", metavar="", help="Every year published (or computed), not only the latest.")] = False,
    source: Annotated[
        FigureSource,
        typer.Option(
            "--source",
            metavar="|".join(item.value for item in FigureSource),
            help="Where the council's own figures come from: LAIT's published figures for the council, or its snapshots "
            "(the synthetic council's case). auto: the snapshots if the store has any, else LAIT.",
        ),
    ] = FigureSource.auto,
    output: Annotated[Format, typer.Option("--format", metavar="|".join(item.value for item in Format), help="How to show the comparison.")] = Format.table,
) -> None:
    """Compare the council with England, its region and its 10 statistical neighbours.

    For each indicator with a LAIT code: the council's figure, England's, the region's, the mean of
    the neighbours (ignoring neighbours without a figure), and the council's rank among all councils
    and quartile band A (best quarter) to D, by the measure's polarity in LAIT (ties share the best
    rank). Measures LAIT does not rank (context measures) get no rank or band.

    Example: safeguard benchmarks compare --la-code 370 --year 2024 --format csv
    """
    council = load_council()
    indicators = _benchmarked_indicators()
    with BenchmarkData.current() as data:
        number = _council_number(data, la_code, council)
        own_values = _own_figures(source, council, indicators)
        years = [year] if year is not None else None
        results = benchmark(data, number, indicators, years=years, own_values=own_values, latest_only=not all_years)
        subject = data.council(number)
        missing = missing_lait_codes(data, indicators)
    name = council_name(council, subject, own_values is not None)
    if output is Format.json:
        document = {
            "council": name,
            "compared_with": asdict(subject),
            "figures_from": "snapshots" if own_values is not None else "LAIT",
            "benchmarks": [asdict(result) for result in results],
            "codes_not_published": [{"indicator": indicator_id, "lait_code": code} for indicator_id, code in missing],
        }
        json.dump(document, sys.stdout, indent=1)
        sys.stdout.write("\n")
        return
    if output is Format.csv:
        write_benchmarks_csv(results)
        return
    console = Console()
    console.print(benchmark_table(results, comparison_title(name, subject, own_values is not None), council=name))
    for indicator_id, code in missing:
        console.print(f"{indicator_id}: LAIT code {code} is not in the loaded files.", highlight=False)


@functools.wraps(benchmark_command)
def _old_name(**options: object) -> None:
    """The comparison under its old name, saying the new one first."""
    typer.echo(DEPRECATION, err=True)
    benchmark_command(**options)  # type: ignore[arg-type]


def council_name(council: Council, subject: BenchmarkCouncil, own_figures: bool) -> str:
    """Whose figures the comparison shows: the council of council.json when they come from its
    snapshots, else the council LAIT's figures are for."""
    return council.name if own_figures and council.name else subject.name


def comparison_title(name: str, subject: BenchmarkCouncil, own_figures: bool) -> str:
    """ "Northbrook beside England, Yorkshire and The Humber and the statistical neighbours of
    Barnsley (LA 370), whose place it takes; figures from its snapshots"."""
    if name == subject.name:
        neighbours = "its 10 statistical neighbours"
    else:
        neighbours = f"the statistical neighbours of {subject.name} (LA {subject.la_number}), whose place it takes"
    source = "its snapshots" if own_figures else "LAIT"
    return f"{name} beside England, {subject.region} and {neighbours}; figures from {source}"


UNAVAILABLE = escape("[x]")
NOT_APPLICABLE = escape("[z]")
"""The statistics symbols for a figure that is missing and one that does not apply (escaped for rich)."""


def _figure(value: float | None, unit: str) -> str:
    """A figure for the comparison table, whose indicator titles already name the unit."""
    if value is None:
        return UNAVAILABLE
    return f"{value:.1f}%" if unit == "percent" else f"{value:,.1f}"


def benchmark_table(results: Sequence[Benchmark], title: str, council: str = "Council") -> Table:
    table = Table(title=title, title_justify="left")
    for heading, justify in (
        ("Indicator", "left"), ("Year", "left"), (council, "right"), ("England", "right"), ("Region", "right"),
        ("Neighbours (mean)", "right"), ("Rank", "right"), ("Band", "center"),
    ):
        table.add_column(heading, justify=justify)  # type: ignore[arg-type]
    for result in results:
        rank = f"{result.rank} of {result.councils_ranked}" if result.rank is not None else NOT_APPLICABLE
        neighbours = _figure(result.neighbours_mean, result.unit)
        if result.neighbours_mean is not None and result.neighbours_counted < 10:
            neighbours += f" ({result.neighbours_counted} of 10)"
        table.add_row(
            result.title,
            f"{result.year - 1}-{result.year % 100:02d}",
            _figure(result.council_value, result.unit),
            _figure(result.england, result.unit),
            _figure(result.region, result.unit),
            neighbours,
            rank,
            result.band or NOT_APPLICABLE,
        )
    return table


def write_benchmarks_csv(results: Sequence[Benchmark]) -> None:
    fields = list(Benchmark.__dataclass_fields__)
    writer = csv.writer(sys.stdout)
    writer.writerow(fields)
    for result in results:
        record = asdict(result)
        writer.writerow([spreadsheet_safe(record[name]) for name in fields])

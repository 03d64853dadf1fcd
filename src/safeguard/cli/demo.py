"""``safeguard demo``: a fictional council, loaded and ready to explore, in one command.

It makes the demo council with the synthetic generator, writes its returns into the store's
``demo/`` folder, imports the whole-history return and the last twelve monthly extracts, and
prints the snapshots. The council is the same every time for a given end date (a fixed seed),
so running the demo again regenerates nothing and imports nothing new: the files are
recognised. Two changes are planted with known start dates so that the early warnings have
something true to find.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from safeguard.cli.data import describe_period, progress_bar, snapshots_table
from safeguard.errors import SafeguardError
from safeguard.snapshots import ImportStatus, Store
from safeguard.synth import SynthConfig, generate
from safeguard.synth.config import default_end
from safeguard.synth.manifest import FILE_NAME as MANIFEST_FILE
from safeguard.synth.timeline import add_months, date_of, day_of

DEMO_SEED = 2014
"""Fixed, so that everyone's demo council is the same council (for the same end date)."""
DEMO_POPULATION = 60_000
DEMO_YEARS = 5
MONTHLY_IMPORTED = 12
"""The demo imports the last year of monthly extracts: enough for a year of month-by-month
snapshots without importing all sixty."""
TIMELINESS_FALL_MONTHS_BEFORE_END = 6


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


def demo_config(population: int, years: int, end: date) -> SynthConfig:
    """The demo council: monthly extracts, no faults (so every import is accepted), and two
    planted changes: re-referrals rising from a year before the end, and assessments slowing
    down from six months before it."""
    slowdown = date_of(add_months(day_of(end.replace(day=1)), -TIMELINESS_FALL_MONTHS_BEFORE_END))
    return SynthConfig(
        population=population,
        years=years,
        end=end,
        seed=DEMO_SEED,
        scenarios=("rising_re_referrals", f"falling_assessment_timeliness@{slowdown:%Y-%m}"),
        fault_rate=0.0,
        monthly=True,
    )


def demo(
    population: Annotated[
        int, typer.Option("--population", help="Children aged 0-17 in the demo council's area.")
    ] = DEMO_POPULATION,
    years: Annotated[int, typer.Option("--years", help="Years of history in the demo council's returns.")] = DEMO_YEARS,
    end: Annotated[
        str | None,
        typer.Option(
            "--end",
            help="The last day the returns cover, YYYY-MM-DD (default: the last day of last month).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Set up a fictional council to explore: make its returns, import them, list the snapshots.

    The returns go in the demo folder inside the store (SAFEGUARD_HOME). Making them takes minutes, once.

    Running the demo again is safe: returns already imported are recognised, and nothing is duplicated.

    Example: safeguard demo
    """
    console = Console()
    config = demo_config(population, years, _end_date(end))
    config.check()
    with Store() as store:
        folder = store.home / "demo"
        returns = _demo_returns(config, folder, console)
        for path in returns:
            with progress_bar(Console(stderr=True)) as bar:
                outcome = store.import_file(path, progress=bar)
            if outcome.status is ImportStatus.REFUSED:
                raise SafeguardError(
                    f"The demo return {path.name} was refused with {len(outcome.validation.errors)} errors; "
                    f"see them with: safeguard validate {path}"
                )
            snapshot = outcome.snapshot
            verb = "Imported" if outcome.status is ImportStatus.CREATED else "Already imported:"
            console.print(
                f"{verb} {path.name} as snapshot {snapshot.id} ({describe_period(snapshot)}).", highlight=False
            )
        console.print(snapshots_table(store.list()))
    _what_next(console, config)


def _end_date(text: str | None) -> date:
    if text is None:
        return default_end()
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise SafeguardError(f"--end should be a date written YYYY-MM-DD, such as 2025-03-31, not {text!r}.") from error


def _demo_returns(config: SynthConfig, folder: Path, console: Console) -> list[Path]:
    """The returns to import: the whole-history workbook, then the last monthly extracts.

    Generation is skipped when the folder already holds this exact council (the generator
    writes the same bytes for the same options, so making it again would change nothing).
    """
    reusable = _generated_before(config, folder)
    if reusable is not None:
        console.print(f"Reusing the demo council's returns in {folder}.", highlight=False)
        whole_history, monthly = reusable
    else:
        console.print(
            f"Making the demo council's returns in {folder} ({config.population:,} children, {config.years} years "
            f"to {config.end_date:%d %b %Y}); this takes a few minutes.",
            highlight=False,
        )
        with progress_bar(Console(stderr=True)) as bar:
            manifest = generate(config, folder, progress=bar)
        whole_history, monthly = manifest.whole_history_path, manifest.monthly_paths
    return [whole_history, *monthly[-MONTHLY_IMPORTED:]]


def _generated_before(config: SynthConfig, folder: Path) -> tuple[Path, list[Path]] | None:
    """The workbooks already generated in ``folder`` for exactly this configuration, if any."""
    try:
        manifest = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
        files = manifest["files"]
        whole_history, monthly = folder / files["whole_history"], [folder / name for name in files["monthly"]]
        same_council = manifest["arguments"] == config.as_arguments()
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not same_council or not all(path.is_file() for path in [whole_history, *monthly]):
        return None
    return whole_history, monthly


def _what_next(console: Console, config: SynthConfig) -> None:
    console.print()
    console.print("[bold]What to try next[/]")
    for command, purpose in (
        ("safeguard snapshots show latest", "the newest snapshot: who loaded it, when, and its rows per list"),
        (
            f"safeguard indicators --by quarter --population {config.population}",
            "the national indicators, quarter by quarter",
        ),
        ("safeguard warnings", "what has moved: the planted rise in re-referrals and slower assessments"),
        ("safeguard validate FILE", "check one of your own council's Annex A returns without importing it"),
    ):
        console.print(f"  {command}", style="cyan", highlight=False)
        console.print(f"      {purpose}", highlight=False)

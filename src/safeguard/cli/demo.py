"""``safeguard demo``: a fictional council, loaded and ready to explore, in one command.

It makes the demo council with the synthetic generator, writes its whole-history return and
its last twelve monthly extracts into the store's ``demo/`` folder, imports them, loads the
published benchmarks from the shared folder (setting the council beside a real one's region and
neighbours), and prints the snapshots. Then it makes one demo user per role and prints their
sign-in sheet (DEMO ONLY), works out the indicators and early warnings, and serves the web
application on http://127.0.0.1:8000 until stopped (``--no-serve`` stops short of serving).
``safeguard demo-code USERNAME`` prints the one-time code a demo account needs now.

The council is the same every time for a given end date (a fixed seed), so running the demo
again regenerates nothing and imports nothing new: the files are recognised. Two changes are
planted with known start dates so that the early warnings have something true to find.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from safeguard.benchmarks.loader import current_load, load_benchmarks
from safeguard.cli.data import describe_period, snapshots_table
from safeguard.cli.progress import progress_display
from safeguard.cli.serve import DEFAULT_SETTINGS, check_port
from safeguard.cli.serve import serve as serve_site
from safeguard.council import council_path, load_council, save_council
from safeguard.errors import SafeguardError
from safeguard.home import safeguard_home, shared_folder
from safeguard.snapshots import ImportStatus, Store, WorkforceImportStatus, WorkforceStore
from safeguard.synth import Manifest, SynthConfig, generate
from safeguard.synth.config import default_end
from safeguard.synth.manifest import FILE_NAME as MANIFEST_FILE
from safeguard.synth.timeline import add_months, date_of, day_of

DEMO_SEED = 2014
"""Fixed, so that everyone's demo council is the same council (for the same end date)."""
DEMO_POPULATION = 60_000
DEMO_YEARS = 5
MONTHLY_IMPORTED = 12
"""The demo makes and imports the last year of monthly extracts, minutes quicker than making all
sixty. The whole-history return gives every month's figures for events (referrals, assessments,
plans); the figures Annex A records only as they stood on the day of a return (placements, missing
episodes, reviews due) need a return ending that month, so the demo shows those for its last year."""
STAND_IN_LA_CODE = "370"
"""The fictional council has no place among real ones, so the demo sets it beside another
council of about its size (Barnsley, about 55,000 children): that council's region and
statistical neighbours are what the demo's figures are compared with."""
TIMELINESS_FALL_MONTHS_BEFORE_END = 6
TURNOVER_RISE_MONTHS_BEFORE_END = 9
DEMO_HOST = "127.0.0.1"
DEMO_PORT = 8000


@dataclass(frozen=True)
class GeneratedCouncil:
    """What the demo needs from a generated council: its returns, its name and its population."""

    name: str
    population: dict[int, int]
    """Children aged 0-17 at each ONS mid-year, as the generator made them."""
    whole_history: Path
    monthly: list[Path]
    workforce: list[Path] = field(default_factory=list)
    """The workforce files (docs/workforce.md), oldest first."""

    @classmethod
    def from_manifest(cls, manifest: Manifest) -> GeneratedCouncil:
        return cls(
            manifest.council, dict(manifest.population_by_mid_year), manifest.whole_history_path, manifest.monthly_paths,
            manifest.workforce_paths,
        )


def register(app: typer.Typer) -> None:
    app.command("demo", short_help="Set up a fictional council to explore, and serve it on http://127.0.0.1:8000 (or --port).")(demo)
    app.command("demo-code", short_help="Print the one-time code a demo account needs now (DEMO ONLY).")(demo_code)


def demo_config(population: int, years: int, end: date) -> SynthConfig:
    """The demo council: the last year of monthly extracts, no faults (so every import is
    accepted), and three planted changes: re-referrals rising from a year before the end, social workers
    leaving faster from nine months before it, and assessments slowing down from six months before it."""
    slowdown = date_of(add_months(day_of(end.replace(day=1)), -TIMELINESS_FALL_MONTHS_BEFORE_END))
    turnover = date_of(add_months(day_of(end.replace(day=1)), -TURNOVER_RISE_MONTHS_BEFORE_END))
    return SynthConfig(
        population=population,
        years=years,
        end=end,
        seed=DEMO_SEED,
        scenarios=("rising_re_referrals", f"falling_assessment_timeliness@{slowdown:%Y-%m}", f"rising_turnover@{turnover:%Y-%m}"),
        fault_rate=0.0,
        monthly=True,
        monthly_last=MONTHLY_IMPORTED,
    )


def demo(
    population: Annotated[
        int, typer.Option("--population", metavar="CHILDREN", help="Children aged 0-17 in the demo council's area.")
    ] = DEMO_POPULATION,
    years: Annotated[int, typer.Option("--years", metavar="YEARS", help="Years of history in the demo council's returns.")] = DEMO_YEARS,
    end: Annotated[
        str | None,
        typer.Option(
            "--end",
            metavar="YYYY-MM-DD",
            help="The last day the returns cover, YYYY-MM-DD (default: the last day of last month).",
            show_default=False,
        ),
    ] = None,
    serve: Annotated[
        bool,
        typer.Option(
            "--serve/--no-serve",
            metavar="",
            help="Then serve the web application on http://127.0.0.1:8000 (or --port) until stopped (Ctrl+C).",
        ),
    ] = True,
    port: Annotated[
        int,
        typer.Option("--port", min=1, max=65535, metavar="PORT", help=f"Serve on this port instead of {DEMO_PORT}."),
    ] = DEMO_PORT,
) -> None:
    """Set up a fictional council to explore: make its returns, import them, list the snapshots,
    make one demo user per role (DEMO ONLY), work out the indicators and early warnings, and
    serve the web application on http://127.0.0.1:8000 (or --port) until stopped.

    The returns go in the demo folder inside the store (SAFEGUARD_HOME). Making them takes minutes, once.

    Running the demo again is safe: returns already imported are recognised, and nothing is duplicated;
    the demo users get new passwords, printed again.

    Example: safeguard demo
    """
    console = Console()
    config = demo_config(population, years, _end_date(end))
    config.check()
    if serve:
        check_port(DEMO_HOST, port)
    with Store() as store:
        council = _demo_council(config, store.home / "demo", console)
        _save_settings(council, store.home, console)
        _load_published_benchmarks(store.home, console)
        for path in [council.whole_history, *council.monthly[-MONTHLY_IMPORTED:]]:
            with progress_display(Console(stderr=True)) as bar:
                outcome = store.import_file(path, progress=bar, checks=load_council(store.home).import_checks)
            if outcome.status is ImportStatus.REFUSED:
                raise SafeguardError(
                    f"The demo return {path.name} was refused with {len(outcome.checked.errors)} errors; "
                    f"see them with: safeguard validate {path}"
                )
            if outcome.status is ImportStatus.NEEDS_CONFIRMATION:
                differences = " ".join(item.message for item in outcome.differences.findings)
                raise SafeguardError(f"The demo return {path.name} does not look like the one before it: {differences}")
            snapshot = outcome.kept
            verb = "Imported" if outcome.status is ImportStatus.CREATED else "Already imported:"
            console.print(
                f"{verb} {path.name} as snapshot {snapshot.id} ({describe_period(snapshot)}).", highlight=False
            )
        console.print(snapshots_table(store.list()))
        home = store.home
    _import_workforce(council, home, console)
    _open_the_site(home, console)
    _what_next(console, port)
    if serve:
        serve_site(host=DEMO_HOST, port=port, workers=2)



def _import_workforce(council: GeneratedCouncil, home: Path, console: Console) -> None:
    """The demo council's workforce files (docs/workforce.md): staff, leavers, absence and supervision."""
    store = WorkforceStore(home)
    created = 0
    for path in council.workforce:
        outcome = store.import_file(path)
        if outcome.status is WorkforceImportStatus.REFUSED:
            raise SafeguardError(f"The demo workforce file {path.name} was refused; see why with: safeguard workforce import {path}")
        created += outcome.status is WorkforceImportStatus.CREATED
    console.print(f"Workforce files: {created} imported, {len(council.workforce) - created} already there.", highlight=False)


def _open_the_site(home: Path, console: Console) -> None:
    """Bring the web application's database up to date, make the demo users and print their
    sign-in sheet, work out the figures the leaders' pages show (so the first page is quick), and
    add a year of governance records (self-assessments, challenges, audits, the plan).

    The database steps run as ``python -m safeguard.web.manage`` in a process of their own, whose
    settings read this store's SAFEGUARD_HOME afresh, whatever this process has configured.
    """
    _manage(home, "migrate", "--verbosity", "0")
    sheet = _manage(home, "create_demo_users")
    console.print()
    console.print(sheet, highlight=False, markup=False, soft_wrap=True)
    console.print()
    from safeguard.aggregates import published

    with console.status("Working out the indicators and early warnings"):
        figures = published().figures
    concerns = sum(1 for warning in figures.warnings if warning.reading == "concern")
    console.print(
        f"Worked out {len(figures.indicators)} indicators and {len(figures.warnings)} early warnings "
        f"({concerns} of them concerns).",
        highlight=False,
    )
    with console.status("Adding a year of the demo council's assurance records"):
        seeded = _manage(home, "seed_demo_governance")
    if seeded:
        console.print(seeded, highlight=False)


def _manage(home: Path, *step: str) -> str:
    """Run one ``python -m safeguard.web.manage`` step over this store; what it printed."""
    environment = {**os.environ, "SAFEGUARD_HOME": str(home)}
    environment.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    done = subprocess.run(
        [sys.executable, "-m", "safeguard.web.manage", *step], env=environment, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        problem = done.stderr.strip()[-500:].removeprefix("CommandError: ")
        raise SafeguardError(f"The web application could not do '{step[0]}': {problem}")
    return done.stdout.rstrip()


def demo_code(
    username: Annotated[str, typer.Argument(metavar="USERNAME", help="A demo account's username, such as demo-dcs.", show_default=False)],
) -> None:
    """Print the one-time code a demo account's authenticator shows now (DEMO ONLY), for signing
    in to the demo without an authenticator app. Each code works once, for 30 seconds.

    Example: safeguard demo-code demo-dcs
    """
    typer.echo(_manage(safeguard_home(), "demo_code", username))


def _end_date(text: str | None) -> date:
    if text is None:
        return default_end()
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise SafeguardError(f"--end should be a date written YYYY-MM-DD, such as 2025-03-31, not {text!r}.") from error


def _demo_council(config: SynthConfig, folder: Path, console: Console) -> GeneratedCouncil:
    """The demo council's returns, generated into ``folder`` unless it already holds them.

    Generation is skipped when the folder already holds this exact council (the generator
    writes the same bytes for the same options, so making it again would change nothing).
    """
    council = generated_before(config, folder)
    if council is not None:
        console.print(f"Reusing the demo council's returns in {folder}.", highlight=False)
        return council
    console.print(
        f"Making the demo council's returns in {folder} ({config.population:,} children, {config.years} years "
        f"to {config.end_date:%d %b %Y}); this takes a few minutes.",
        highlight=False,
    )
    with progress_display(Console(stderr=True)) as bar:
        return GeneratedCouncil.from_manifest(generate(config, folder, progress=bar))


def generated_before(config: SynthConfig, folder: Path) -> GeneratedCouncil | None:
    """The council already generated in ``folder`` with exactly this configuration, if any.
    The import benchmark reuses its large council the same way."""
    try:
        manifest = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
        files = manifest["files"]
        council = GeneratedCouncil(
            name=manifest["council"],
            population={int(year): count for year, count in manifest["population_by_mid_year"].items()},
            whole_history=folder / files["whole_history"],
            monthly=[folder / name for name in files["monthly"]],
            workforce=[folder / name for name in files["workforce"]],
        )
        same_council = manifest["arguments"] == config.as_arguments()
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if not same_council or not all(path.is_file() for path in [council.whole_history, *council.monthly, *council.workforce]):
        return None
    return council


def _save_settings(council: GeneratedCouncil, home: Path, console: Console) -> None:
    """Give the store the demo council's name and population (for rates per 10,000 children),
    unless it already holds another council's settings, which the demo never overwrites."""
    current = load_council(home)
    if current.name not in ("", council.name):
        console.print(
            f"Kept the settings of {current.name} in {council_path(home)}: rates per 10,000 children will use "
            "its population, not the demo council's.",
            highlight=False,
        )
        return
    save_council(
        replace(current, name=council.name, population=council.population, la_code=current.la_code or STAND_IN_LA_CODE),
        home,
    )


def _load_published_benchmarks(home: Path, console: Console) -> None:
    """Load the published figures (England, regions, neighbours) from the shared folder beside
    the checkout, once: a store that already has a load keeps it."""
    try:
        current_load(home)
        return
    except SafeguardError:
        pass
    published = shared_folder()
    if published is None or not (published / "benchmarks").is_dir():
        console.print(
            "No folder of published benchmarks beside the checkout, so the demo compares its council with no other.",
            highlight=False,
        )
        return
    load = load_benchmarks(published / "benchmarks", home)
    console.print(f"Loaded the published benchmarks ({len(load.files)} files) from {published / 'benchmarks'}.", highlight=False)


def _what_next(console: Console, port: int) -> None:
    console.print()
    console.print("[bold]What to try next[/]")
    for command, purpose in (
        (
            "safeguard serve" + (f" --port {port}" if port != DEMO_PORT else ""),
            f"the web application on http://{DEMO_HOST}:{port}/: sign in with an account above",
        ),
        ("safeguard demo-code demo-dcs", "the one-time code a demo account needs now, without an authenticator app"),
        ("safeguard snapshots show latest", "the newest snapshot: who loaded it, when, and its rows per list"),
        ("safeguard indicators --by quarter", "the national indicators, quarter by quarter"),
        ("safeguard warnings", "what has moved: the planted rise in re-referrals and slower assessments"),
        ("safeguard validate FILE", "check one of your own council's Annex A returns without importing it"),
    ):
        console.print(f"  {command}", style="cyan", highlight=False)
        console.print(f"      {purpose}", highlight=False)

"""Generating a synthetic council's returns: simulate, then write the workbooks and the manifest.

The same arguments (including ``end``) always write the same bytes: every random number comes
from the seed, the workbooks' creation time is the extract date, and the manifest holds no
clock time and no absolute path.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from safeguard.synth.config import SynthConfig
from safeguard.synth.council import COUNCIL_NAME
from safeguard.synth.faults import FaultPlanter, PlantedFault
from safeguard.synth.history import CouncilHistory, Progress, simulate
from safeguard.synth.manifest import Manifest
from safeguard.synth.randomness import stream
from safeguard.synth.timeline import add_months, date_of, day_of, month_end
from safeguard.synth.workbook import write_workbook
from safeguard.synth.workforce_file import write_workforce_file

WHOLE_HISTORY = "annex_a_whole_history.xlsx"
MONTHLY_FOLDER = "monthly"
WORKFORCE_FOLDER = "workforce"


def generate(config: SynthConfig, out_dir: Path, progress: Progress | None = None) -> Manifest:
    """Generate the council, write its workbooks and ``manifest.json`` into ``out_dir``."""
    history = simulate(config, progress=progress)
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = _manifest(history, out_dir)
    if progress:
        progress("Writing the whole-history workbook", 0.0)
    _write(history, manifest, WHOLE_HISTORY, history.end, history.window_start)
    if progress:
        progress("Writing the whole-history workbook", 1.0)
    month_ends: list[date] = []
    if config.monthly:
        month_ends = extract_days(history.window_start, history.end)[-(config.monthly_last or 0):]
        for number, extract_day in enumerate(month_ends):
            since = date_of(add_months(day_of(extract_day), -12) + 1)
            name = f"{MONTHLY_FOLDER}/annex_a_{extract_day.isoformat()}.xlsx"
            _write(history, manifest, name, extract_day, since)
            manifest.monthly.append(name)
            if progress:
                progress("Writing the monthly workbooks", (number + 1) / len(month_ends))
    _write_workforce_files(history, manifest, month_ends)
    manifest.write()
    return manifest


def workforce_days(window_start: date, end: date, month_ends: list[date] | None = None) -> list[date]:
    """The days the workforce files describe: each 30 September (DfE's census day) in the window,
    each month end that has a monthly return (so caseloads can be worked out for it), and the last day."""
    days = {date(year, 9, 30) for year in range(window_start.year, end.year + 1) if window_start <= date(year, 9, 30) < end}
    return sorted(days | set(month_ends or ()) | {end})


def _write_workforce_files(history: CouncilHistory, manifest: Manifest, month_ends: list[date]) -> None:
    teams = [team.name for team in history.workforce.all_teams()]
    for day in workforce_days(history.window_start, history.end, month_ends):
        name = f"{WORKFORCE_FOLDER}/workforce_{day.isoformat()}.csv"
        write_workforce_file(history.workforce.workers, teams, history.config.seed, day, manifest.out_dir / name, history.simulation_start)
        manifest.workforce.append(name)


def extract_days(window_start: date, end: date) -> list[date]:
    """Each month end from the first whole month of the window up to ``end``."""
    days = []
    day = month_end(day_of(window_start))
    while day <= day_of(end):
        days.append(date_of(day))
        day = month_end(day + 1)
    return days


def _write(history: CouncilHistory, manifest: Manifest, name: str, extract_day: date, since: date) -> None:
    extract = history.extract(extract_day, since)
    planter = None
    if history.config.fault_rate > 0:
        faults = FaultPlanter(history.config.fault_rate, stream(history.config.seed, f"faults {name}"), extract_day)

        def planter(annex_list, rows) -> tuple[list, list[PlantedFault]]:
            return faults.plant(name, annex_list, rows)

    counts, planted = write_workbook(manifest.out_dir / name, extract.list_records, extract_day, planter)
    manifest.rows[name] = counts
    manifest.faults.extend(planted)


def _manifest(history: CouncilHistory, out_dir: Path) -> Manifest:
    workforce = history.workforce
    teams: list[dict[str, object]] = [{"name": team.name, "kind": team.kind.value, "workers": len(team.members)} for team in workforce.all_teams()]
    return Manifest(
        out_dir=out_dir,
        arguments=history.config.as_arguments(),
        seed=history.config.seed,
        council=COUNCIL_NAME,
        calibration=history.calibration.source,
        approximate_rates=history.calibration.approximate,
        simulation_start=history.simulation_start,
        window_start=history.window_start,
        end=history.end,
        population_by_mid_year=history.window_mid_years(),
        teams=teams,
        workers=[worker.as_json() for worker in workforce.workers],
        scenarios=[scenario.as_json() for scenario in history.scenarios],
        whole_history=WHOLE_HISTORY,
    )

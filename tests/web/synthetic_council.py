"""A small synthetic council in a store of its own, for the leaders' pages' tests and benchmark.

Three financial years of Annex A returns for a council of 8,000 children (``safeguard.synth``,
fixed seed), one return a year, with re-referrals planted to rise from September 2024 so the
early warning has something true to say; its settings name a real council's code for the
comparison with statistical neighbours, and the published benchmarks are loaded when the shared
folder has them. Building it takes a few seconds; tests copy the finished store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pyarrow.parquet as pq

from safeguard.benchmarks.loader import load_benchmarks
from safeguard.council import Council, save_council
from safeguard.home import shared_folder
from safeguard.snapshots import Store
from safeguard.synth import SynthConfig, simulate
from safeguard.synth.workbook import write_workbook

END = date(2025, 3, 31)
YEARS_ENDING = (2023, 2024, 2025)
LA_CODE = "370"
"""Barnsley: any real council would do; its region and neighbours are what the council is set beside."""
PLANTED = "rising_re_referrals@2024-04"
SLOWER_ASSESSMENTS = "falling_assessment_timeliness@2024-06"


@dataclass(frozen=True)
class SyntheticCouncil:
    home: Path
    child_ids: frozenset[str]
    birth_dates: frozenset[date]
    benchmarks_loaded: bool


def build(folder: Path) -> SyntheticCouncil:
    """Generate, write, import and configure the council under ``folder / "home"``."""
    home = folder / "home"
    history = simulate(SynthConfig(population=8_000, years=3, end=END, seed=11, scenarios=(PLANTED, SLOWER_ASSESSMENTS)))
    with Store(home) as store:
        for year in YEARS_ENDING:
            start, end = date(year - 1, 4, 1), date(year, 3, 31)
            workbook = folder / f"annex_a_{year}.xlsx"
            write_workbook(workbook, history.extract(end, start).list_records, end)
            store.import_file(workbook, loaded_by="test fixture")
        snapshots = [store.snapshots_folder / snapshot.id for snapshot in store.list()]
    save_council(Council(name="Northbrook", la_code=LA_CODE, population=dict(history.population)), home)
    published = shared_folder()
    loaded = published is not None and (published / "benchmarks").is_dir()
    if loaded:
        load_benchmarks(published / "benchmarks", home)
    child_ids, birth_dates = _identifiers(snapshots)
    return SyntheticCouncil(home, frozenset(child_ids), frozenset(birth_dates), loaded)


def _identifiers(snapshots: list[Path]) -> tuple[set[str], set[date]]:
    """Every child id and date of birth in the snapshots' lists."""
    ids: set[str] = set()
    births: set[date] = set()
    for folder in snapshots:
        for path in folder.glob("*.parquet"):
            table = pq.read_table(path)
            if "child_id" in table.column_names:
                ids.update(value for value in table.column("child_id").to_pylist() if value)
            if "date_of_birth" in table.column_names:
                births.update(value for value in table.column("date_of_birth").to_pylist() if value)
    return ids, births


def _month_edge(day: date) -> bool:
    return day.day == 1 or (day + timedelta(days=1)).day == 1


MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATES = re.compile(
    rf"(?<![\d/-])(?:(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})|(?P<dmy>\d{{2}}/\d{{2}}/\d{{4}})|(?P<long>\d{{1,2}} (?:{MONTHS}) \d{{4}}))(?![\d/-])"
)
DATE_FORMS = {"iso": "%Y-%m-%d", "dmy": "%d/%m/%Y", "long": "%d %B %Y"}


def identifiers_in(text: str, council: SyntheticCouncil) -> list[str]:
    """The children's ids and dates of birth found in a response.

    Ids are whole runs of digits (a run after a decimal point is a fraction, such as the
    coordinates of a chart, not an id). Dates are read in the forms pages and files write them
    (2024-05-15, 15/05/2024, 15 May 2024) and matched against the dates of birth, except those
    on the first or last day of a month, where they cannot be told apart from the periods every
    page names.
    """
    found = [token for token in re.findall(r"(?<![\d.])\d+", text) if token in council.child_ids]
    for match in DATES.finditer(text):
        form = next(name for name, value in match.groupdict().items() if value)
        try:
            day = datetime.strptime(match.group(form), DATE_FORMS[form]).date()
        except ValueError:
            continue
        if day in council.birth_dates and not _month_edge(day):
            found.append(match.group(0))
    return found

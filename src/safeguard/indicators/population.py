"""The child population that rates per 10,000 divide by.

DfE divides a financial year's figures by the ONS estimate of children aged 0 to 17 at the
mid-year BEFORE the year ends: the year ending March 2024 uses mid-2023. We apply the same rule
to any period, by the financial year holding the period's last day, so a month in that year
uses mid-2023 too. The population comes from one of three places, the first that applies:

* a fixed number (``--population N``), used for every period;
* the ONS estimates for a council code (``--la-code CODE``), read from the published file;
* the council's settings (``council.json``): its own figures per mid-year, else its LA code.

``council_population`` makes that choice, for the command line, the early warning, the
benchmarks and the web pages alike, so that every figure divides by the same population.

When the needed mid-year is not published yet, the latest earlier estimate stands in and the
figure says so.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyarrow as pa
import pyarrow.parquet as pq

from safeguard.council import Council
from safeguard.errors import SafeguardError
from safeguard.home import safeguard_home, shared_folder
from safeguard.indicators.periods import Period, financial_year_of

ONS_FILE_PATTERNS = ("*mid-year_population_estimates*.csv", "*mid_year_population_estimates*.csv")
LOADED_TABLE = "populations"

NO_POPULATION = (
    "no child population to divide by: give --population N (children aged 0-17) or "
    "--la-code CODE, or set the population in the council's settings"
)


@dataclass(frozen=True)
class PopulationFigure:
    """The population used for one period, and where it came from."""

    children: int
    mid_year: int | None
    """The ONS mid-year of the estimate; None for a fixed number given by the user."""
    stand_in: bool = False
    """True when the estimate for the period's own mid-year was missing and an earlier one was used."""

    @property
    def note(self) -> str | None:
        if self.stand_in:
            return f"the mid-{self.mid_year} population is the latest available and stands in for a later year"
        return None


class PopulationSource(Protocol):
    """Anything that gives the 0-17 population for a period."""

    def for_period(self, period: Period) -> PopulationFigure | None: ...


def mid_year_for(period: Period) -> int:
    """The ONS mid-year a period's rates divide by: the start year of its last day's financial year."""
    return financial_year_of(period.end)


@dataclass(frozen=True)
class FixedPopulation:
    """One population for every period (``--population N``)."""

    children: int

    def __post_init__(self) -> None:
        if self.children <= 0:
            raise SafeguardError(f"The population must be a positive number of children, not {self.children}.")

    def for_period(self, period: Period) -> PopulationFigure:
        return PopulationFigure(self.children, None)


@dataclass(frozen=True)
class MidYearPopulation:
    """Estimates by mid-year, as ONS publishes them or as the council's settings record them."""

    by_mid_year: Mapping[int, int]
    description: str

    def for_period(self, period: Period) -> PopulationFigure | None:
        wanted = mid_year_for(period)
        if wanted in self.by_mid_year:
            return PopulationFigure(self.by_mid_year[wanted], wanted)
        earlier = [year for year in self.by_mid_year if year < wanted]
        if not earlier:
            return None
        year = max(earlier)
        return PopulationFigure(self.by_mid_year[year], year, stand_in=True)


def council_population(
    council: Council,
    children: int | None = None,
    la_code: str | None = None,
    warn: Callable[[str], None] | None = None,
) -> PopulationSource | None:
    """The population rates divide by: the first of ``children`` (``--population N``), the ONS
    estimates for ``la_code`` (``--la-code CODE``), the council's own figures, the ONS estimates
    for the council's code; None when there is none.

    A number or code the user gave must work, so a bad one raises `SafeguardError`. A council
    code in the settings that the ONS file does not know leaves rates without a value rather
    than stopping everything else; ``warn`` hears why.
    """
    if children is not None and la_code is not None:
        raise SafeguardError("Give either --population or --la-code, not both.")
    if children is not None:
        return FixedPopulation(children)
    if la_code is not None:
        return la_population(la_code)
    if council.population:
        return MidYearPopulation(dict(council.population), f"the population in {council.name or 'the council'}'s settings (council.json)")
    if council.la_code:
        try:
            return la_population(council.la_code)
        except SafeguardError as error:
            if warn is not None:
                warn(f"the council's LA code gives no population: {error}")
    return None


def la_population(la_code: str, benchmarks: Path | None = None) -> MidYearPopulation:
    """ONS 0-17 estimates for one council, by its old three-digit code ("850") or its ONS code.

    ``benchmarks`` is a folder holding the published ONS file (or a ``populations.parquet``
    written by ``safeguard benchmarks load``). Without it: the benchmarks loaded into the store,
    else an ONS file placed in ``SAFEGUARD_HOME/benchmarks/``, else the project's shared folder
    of published data.
    """
    code = la_code.strip().upper()
    if not code:
        raise SafeguardError("--la-code needs a council code, such as 850 or E10000014.")
    table = _population_table(benchmarks)
    rows = table.to_pylist()
    matches = [row for row in rows if _matches(row, code)]
    if not matches:
        raise SafeguardError(f"No council with code {la_code!r} in the ONS population estimates (use its three-digit number or its E-code).")
    # A zero (or negative) estimate is no estimate: a rate cannot divide by it.
    by_year = {int(row["mid_year"]): int(row["population"]) for row in matches if row["population"] is not None and row["population"] > 0}
    name = matches[0].get("name") or code
    return MidYearPopulation(by_year, f"ONS mid-year estimates of children aged 0 to 17 in {name}")


def _matches(row: dict[str, object], code: str) -> bool:
    if str(row.get("level") or "").lower() != "local authority":
        return False
    number = row.get("la_number")
    return (number is not None and str(number) == code.lstrip("0")) or str(row.get("ons_code") or "").upper() == code


def _population_table(benchmarks: Path | None) -> pa.Table:
    """The ONS estimates as a table with mid_year, level, la_number, ons_code, name, population."""
    if benchmarks is not None:
        table = _from_folder(benchmarks)
        if table is None:
            raise SafeguardError(f"{benchmarks}: no ONS mid-year population file (ons_mid-year_population_estimates_*.csv) in this folder.")
        return table
    table = _loaded_benchmarks()
    if table is None:
        table = _from_folder(safeguard_home() / "benchmarks")
    shared = shared_folder()
    if table is None and shared is not None:
        table = _from_folder(shared / "benchmarks")
    if table is None:
        raise SafeguardError(
            "No ONS population estimates: run 'safeguard benchmarks load PATH' first, or give --population N."
        )
    return table


def _loaded_benchmarks() -> pa.Table | None:
    """The population table of the store's current benchmark load, if one has been made."""
    from safeguard.benchmarks.loader import current_load

    try:
        load = current_load(safeguard_home())
    except SafeguardError:
        return None
    path = load.table(LOADED_TABLE)
    return pq.read_table(path) if path.is_file() else None


def _from_folder(folder: Path) -> pa.Table | None:
    """Read the ONS file under ``folder`` with the benchmark loader's own reader."""
    from safeguard.benchmarks.sources import read_populations

    if not folder.is_dir():
        return None
    loaded = folder / f"{LOADED_TABLE}.parquet"
    if loaded.is_file():
        return pq.read_table(loaded)
    candidates = sorted({path for pattern in ONS_FILE_PATTERNS for path in folder.rglob(pattern) if path.is_file()})
    if not candidates:
        return None
    with tempfile.TemporaryDirectory() as scratch:
        destination = Path(scratch) / f"{LOADED_TABLE}.parquet"
        read_populations(candidates[-1], destination)
        return pq.read_table(destination)

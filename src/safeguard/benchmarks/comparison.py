"""A council's indicators beside England, its region and its statistical neighbours.

This reproduces the comparison DfE's Local Authority Interactive Tool (LAIT) shows on its
council page, from the same published data:

* England and region are LAIT's own published rows (area codes 970 and 980-990). A London
  council is compared with Inner or Outer London, as its neighbour file says, unless the
  measure is published only for London as a whole (LAIT falls back the same way).
* The neighbours' figure is the plain mean of the 10 statistical neighbours' values, ignoring
  neighbours without a value (LAIT: ``mean(values, na.rm = TRUE)``); how many counted is kept.
* Rank and quartile band are among all councils with a value that year, by the measure's
  polarity in LAIT's dictionary (see ``ranking``); measures LAIT does not rank ("-") get none.

A real council's own figure is LAIT's. For the synthetic (demo) council, or any council
benchmarking figures computed from its own snapshots, the caller passes those figures in; the
council then takes its place among the real councils for rank and band, and the region and
neighbours are those of the real council named by ``la_code``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from statistics import fmean
from typing import Protocol

import duckdb

from safeguard.benchmarks.loader import BenchmarkLoad, current_load
from safeguard.benchmarks.ranking import Polarity, quartile_band, quartile_cuts, rank_among
from safeguard.calendar import month_end
from safeguard.errors import SafeguardError
from safeguard.indicators.periods import year_ended_by

ENGLAND = 970
FIRST_REGION = 980
LONDON = "London"
REGION_NAMES_IN_VALUES = {"inner london": "London (Inner)", "outer london": "London (Outer)"}
"""The council list says "Inner London"; LAIT's rows and neighbour file say "London (Inner)"."""


class BenchmarkedIndicator(Protocol):
    """What a comparison needs of an indicator in the catalogue."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def lait_code(self) -> str | None: ...


@dataclass(frozen=True)
class Council:
    la_number: int
    name: str
    region: str
    """The region LAIT compares the council with, as named in LAIT's rows."""


@dataclass(frozen=True)
class Measure:
    """A LAIT measure as its dictionary describes it."""

    code: str
    title: str
    polarity: Polarity | None
    no_quartile: bool
    year_type: str | None


@dataclass(frozen=True)
class AreaValue:
    year_label: str
    la_number: int
    area: str
    value: float | None


@dataclass(frozen=True)
class Benchmark:
    """One indicator in one year: the council's figure and what it is compared with."""

    indicator_id: str
    title: str
    unit: str
    lait_code: str
    lait_title: str
    polarity: Polarity | None
    year: int
    """The year ending 31 March that the figure covers (2025 is April 2024 to March 2025)."""
    year_label: str
    council_value: float | None
    council_source: str
    england: float | None
    region_name: str
    region: float | None
    neighbours_mean: float | None
    neighbours_counted: int
    neighbours_lowest: float | None
    neighbours_highest: float | None
    rank: int | None
    councils_ranked: int
    band: str | None


def plain(value: object) -> str:
    """An enum member's value (the catalogue's units and polarities are enums), else the text."""
    return str(value.value) if isinstance(value, Enum) else str(value)


def year_ending_march(label: str) -> int | None:
    """The March a LAIT year label ends in: '2025' -> 2025, '2024-25' or '2024/25' -> 2025.

    Labels covering several years ('2013/14-15/16') or marked revisions belong to no one year.
    """
    if re.fullmatch(r"\d{4}", label):
        return int(label)
    match = re.fullmatch(r"(\d{4})[-/](\d{2})", label)
    if match and (int(match.group(1)) + 1) % 100 == int(match.group(2)):
        return int(match.group(1)) + 1
    return None


class BenchmarkData:
    """Queries over one load of the published files (see ``loader``)."""

    def __init__(self, load: BenchmarkLoad) -> None:
        self.load = load
        self._connection = duckdb.connect()
        for file in load.files:
            path = str(load.table(file.role)).replace("'", "''")
            self._connection.execute(f"CREATE VIEW {file.role} AS SELECT * FROM read_parquet('{path}')")

    @classmethod
    def current(cls, home: Path | None = None) -> BenchmarkData:
        return cls(current_load(home))

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> BenchmarkData:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _rows(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple]:
        return self._connection.execute(sql, list(parameters)).fetchall()

    def council_number(self, code: str) -> int:
        """A council's DfE number from that number ("370") or its ONS code ("E08000016")."""
        text = code.strip().upper()
        if re.fullmatch(r"\d{1,3}", text):
            return int(text)
        found = self._rows("SELECT DISTINCT la_number FROM populations WHERE upper(ons_code) = ? AND la_number IS NOT NULL", (text,))
        if not found:
            raise SafeguardError(f"{code!r} is neither a council number such as 370 nor an ONS code in the loaded population file.")
        return found[0][0]

    def council(self, la_number: int) -> Council:
        """A council by its DfE number, with the region name LAIT compares it with."""
        found = self._rows(
            """
            SELECT c.la_number, c.name, c.region,
                   (SELECT any_value(comparison_region) FROM neighbours n WHERE n.la_number = c.la_number)
            FROM councils c WHERE c.la_number = ? AND c.la_number < ?
            """,
            (la_number, ENGLAND),
        )
        if not found:
            raise SafeguardError(f"Council code {la_number} is not in the loaded council list ({self.load.folder}).")
        number, name, listed_region, neighbour_region = found[0]
        region = neighbour_region or REGION_NAMES_IN_VALUES.get((listed_region or "").lower(), listed_region)
        return Council(number, name, self._region_area_name(region))

    def _region_area_name(self, region: str) -> str:
        """The exact spelling of a region among LAIT's rows ('Yorkshire and The Humber' differs in case)."""
        names = [row[0] for row in self._rows("SELECT DISTINCT area FROM lait_values WHERE la_number >= ?", (FIRST_REGION,))]
        return next((name for name in names if name.lower() == region.lower()), region)

    def neighbours(self, la_number: int) -> list[int]:
        """The council's 10 statistical neighbours, closest first."""
        return [row[0] for row in self._rows("SELECT neighbour_la_number FROM neighbours WHERE la_number = ? ORDER BY rank", (la_number,))]

    def measure(self, code: str) -> Measure | None:
        found = self._rows("SELECT measure, title, polarity, no_quartile, year_type FROM lait_measures WHERE measure = ?", (code,))
        if not found:
            return None
        code, title, polarity, no_quartile, year_type = found[0]
        return Measure(code, title, polarity, bool(no_quartile), year_type)

    def measure_codes(self) -> set[str]:
        """Every measure code with at least one row of published values."""
        return {row[0] for row in self._rows("SELECT DISTINCT measure FROM lait_values")}

    def values(self, code: str) -> list[AreaValue]:
        """Every published row of one measure: all years, councils, regions and England."""
        rows = self._rows(
            "SELECT year_label, la_number, area, value FROM lait_values WHERE measure = ? AND la_number IS NOT NULL",
            (code,),
        )
        return [AreaValue(*row) for row in rows]


def _comparison_region(region: str, rows: Iterable[AreaValue]) -> str:
    """LAIT's London rule: use Inner/Outer London only if the measure has any value for it."""
    if region.startswith(LONDON) and not any(row.area == region and row.value is not None for row in rows):
        return LONDON
    return region


def _benchmark_year(
    indicator: BenchmarkedIndicator,
    measure: Measure,
    council: Council,
    neighbours: Sequence[int],
    region: str,
    year_label: str,
    rows: Sequence[AreaValue],
    own_value: float | None,
    own_source: str,
) -> Benchmark:
    councils = {row.la_number: row.value for row in rows if row.la_number < ENGLAND and row.value is not None}
    by_area = {row.area: row.value for row in rows if row.la_number >= ENGLAND}
    if own_source == "LAIT":
        own_value = councils.get(council.la_number)
        field = list(councils.values())
    else:
        field = [*councils.values(), *([own_value] if own_value is not None else [])]
    neighbour_values = [councils[number] for number in neighbours if number in councils]
    polarity = measure.polarity
    ranked = polarity is not None and own_value is not None
    return Benchmark(
        indicator_id=indicator.id,
        title=indicator.title,
        unit=plain(indicator.unit),
        lait_code=measure.code,
        lait_title=measure.title,
        polarity=measure.polarity,
        year=year_ending_march(year_label) or 0,
        year_label=year_label,
        council_value=own_value,
        council_source=own_source,
        england=by_area.get("England"),
        region_name=region,
        region=by_area.get(region),
        neighbours_mean=fmean(neighbour_values) if neighbour_values else None,
        neighbours_counted=len(neighbour_values),
        neighbours_lowest=min(neighbour_values, default=None),
        neighbours_highest=max(neighbour_values, default=None),
        rank=rank_among(field, own_value, polarity) if polarity is not None and own_value is not None else None,
        councils_ranked=len(field) if ranked else 0,
        band=(
            quartile_band(own_value, quartile_cuts(field), polarity)
            if polarity is not None and own_value is not None and not measure.no_quartile
            else None
        ),
    )


def benchmark(
    data: BenchmarkData,
    la_number: int,
    indicators: Iterable[BenchmarkedIndicator],
    years: Iterable[int] | None = None,
    own_values: Mapping[tuple[str, int], float | None] | None = None,
    latest_only: bool = True,
) -> list[Benchmark]:
    """Compare a council on each indicator with a LAIT code, for the chosen years.

    ``years`` are years ending March; without them, each measure's latest year (or every year,
    with ``latest_only`` False). ``own_values`` maps (indicator id, year) to the council's own
    figure; when given, those figures replace LAIT's for the council (the synthetic council's
    case) and only years that are both in it and published are compared.
    """
    council = data.council(la_number)
    neighbours = data.neighbours(la_number)
    wanted_years = set(years) if years is not None else None
    available = data.measure_codes()
    results: list[Benchmark] = []
    for indicator in indicators:
        if not indicator.lait_code or indicator.lait_code not in available:
            continue
        measure = data.measure(indicator.lait_code)
        if measure is None:
            continue
        rows = data.values(measure.code)
        region = _comparison_region(council.region, rows)
        labels = sorted(
            {row.year_label for row in rows if row.la_number < ENGLAND and row.value is not None and year_ending_march(row.year_label)},
            key=lambda label: year_ending_march(label) or 0,
        )
        if own_values is not None:
            chosen = [label for label in labels if (indicator.id, year_ending_march(label)) in own_values]
        else:
            chosen = labels
        if wanted_years is not None:
            chosen = [label for label in chosen if year_ending_march(label) in wanted_years]
        elif latest_only:
            chosen = chosen[-1:]
        for label in chosen:
            year_rows = [row for row in rows if row.year_label == label]
            year = year_ending_march(label)
            own = own_values.get((indicator.id, year)) if own_values is not None and year is not None else None
            source = "LAIT" if own_values is None else "snapshots"
            results.append(_benchmark_year(indicator, measure, council, neighbours, region, label, year_rows, own, source))
    return results


def missing_lait_codes(data: BenchmarkData, indicators: Iterable[BenchmarkedIndicator]) -> list[tuple[str, str]]:
    """(indicator id, code) for catalogue codes absent from the published values or dictionary."""
    available = data.measure_codes()
    return [
        (indicator.id, indicator.lait_code)
        for indicator in indicators
        if indicator.lait_code and (indicator.lait_code not in available or data.measure(indicator.lait_code) is None)
    ]


def compared_with_neighbours(
    own_years: Callable[[], Mapping[tuple[str, int], float | None]],
    indicators: Sequence[BenchmarkedIndicator],
    la_code: str | None,
    *,
    notes: list[str],
    home: Path | None,
    up_to: date | None = None,
) -> dict[str, Benchmark]:
    """Per indicator with a LAIT code, the council's latest whole financial year beside England,
    its region and its statistical neighbours, from ``own_years`` (the council's own figures by
    indicator id and year ending March, asked for only once a comparison is possible); with
    ``up_to`` (a month), the latest year over by that month's end. Why there is no comparison is
    added to ``notes``: the command line and the pages say it in the same words."""
    if not la_code:
        notes.append("There is no comparison with England or similar councils yet: the council's local authority code has not been set (la_code in council.json).")
        return {}
    try:
        data = BenchmarkData.current(home)
    except SafeguardError:
        notes.append("There is no comparison with England or similar councils yet: the published national figures have not been loaded ('safeguard benchmarks load PATH').")
        return {}
    benchmarked = [item for item in indicators if item.lait_code]
    with data:
        own = dict(own_years())
        if up_to is not None:
            own = {key: value for key, value in own.items() if year_ended_by(key[1], month_end(up_to))}
        if not own:
            by = f" by the end of {up_to:%B %Y}" if up_to is not None else ""
            notes.append(f"There is no comparison with England or similar councils yet: the returns loaded do not cover a whole year from April to March{by}.")
            return {}
        try:
            results = benchmark(data, data.council_number(la_code), benchmarked, own_values=own)
        except SafeguardError as error:  # a code the loaded statistics do not know
            notes.append(
                "There is no comparison with England or similar councils yet: the council's local authority "
                f"code (la_code in council.json) is not one the published national figures know. {error}"
            )
            return {}
    return {result.indicator_id: result for result in results}

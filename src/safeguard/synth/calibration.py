"""The rates the synthetic council is tuned to: England's published averages, year by year.

They come from ``england_headlines_from_LAIT.csv`` (DfE's figures as LAIT holds them: one row
per measure, one column per year ending 31 March). A year after the last published one uses the
last; a year before the first uses the first. Without the file the generator falls back to
round numbers close to England's recent averages; those are approximate, and the generator
says so wherever it reports what it did.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from safeguard.errors import SafeguardError
from safeguard.home import shared_folder

FILE_NAME = "england_headlines_from_LAIT.csv"
MEASURE_COLUMN = "Short Desc"
_YEAR_COLUMN = re.compile(r"YE\s*Mar\s*(\d{4})", re.IGNORECASE)

BUILT_IN: Mapping[str, float] = {
    "referrals_rate_per_10k": 530.0,
    "rereferrals_within_12m_pct": 22.5,
    "referrals_nfa_pct": 7.0,
    "assessments_within_45wd_pct": 85.0,
    "s47_rate_per_10k": 180.0,
    "icpc_rate_per_10k": 62.0,
    "icpc_within_15wd_pct": 80.0,
    "icpc_0_10wd": 10.0,
    "icpc_11_15wd": 70.0,
    "icpc_16_20wd": 10.0,
    "icpc_21plus_wd": 10.0,
    "cin_rate_per_10k_31mar": 335.0,
    "cpp_rate_per_10k_31mar": 43.0,
    "cpp_starts_rate_per_10k": 54.0,
    "cpp_second_or_subsequent_pct": 23.0,
    "cpp_ceased_lasting_2yrs_plus_pct": 4.0,
    "cpp_reviewed_in_timescale_pct": 90.0,
    "cla_rate_per_10k_31mar": 68.0,
    "cla_starts_rate_per_10k": 26.0,
    "cla_missing_pct_of_cla_in_year": 11.0,
    "sw_turnover_rate_fte_pct": 15.0,
}
"""Round numbers near England's averages for 2019 to 2025, used only when the published file is
not available. Approximate by design: a council generated from them is realistic in shape but
its rates are not England's for any particular year."""

MEASURES: tuple[str, ...] = tuple(BUILT_IN)
"""Every measure the generator is tuned to; the published file must hold each of them."""


@dataclass(frozen=True)
class Calibration:
    """Rates by measure and by the year (ending 31 March) they apply to."""

    values: Mapping[str, Mapping[int, float]]
    source: str
    """Where the rates came from: the file's name and SHA-256, or the built-in numbers."""
    approximate: bool
    """True when the built-in round numbers stand in for the published file."""
    _spans: dict[str, tuple[int, int]] = field(init=False, repr=False, compare=False)
    """Each measure's first and last published year, worked out once."""

    def __post_init__(self) -> None:
        spans = {measure: (min(by_year), max(by_year)) for measure, by_year in self.values.items()}
        object.__setattr__(self, "_spans", spans)

    def value(self, measure: str, year_ending: int) -> float:
        """The measure for the year ending 31 March ``year_ending`` (nearest published year outside the range)."""
        first, last = self._spans[measure]
        return self.values[measure][min(max(year_ending, first), last)]

    def fraction(self, measure: str, year_ending: int) -> float:
        """A percentage measure as a fraction."""
        return self.value(measure, year_ending) / 100.0

    def held_at(self, year_ending: int) -> Calibration:
        """Every measure at its value for one year, in every year: a council whose rates stay level.

        England's figures move from year to year (plans reviewed on time 93.2% in 2020-21, 88.1%
        in 2022-23), and a council tuned year by year follows them; a council that is meant to
        have nothing changing, such as the clean councils the early warning is judged on, is
        tuned to one year's rates instead.
        """
        values = {measure: {year_ending: self.value(measure, year_ending)} for measure in self.values}
        return Calibration(values, f"{self.source}, every year at the year ending March {year_ending}", self.approximate)


def built_in_calibration() -> Calibration:
    return Calibration(
        {measure: {2025: value} for measure, value in BUILT_IN.items()},
        "built-in approximate rates (the published England averages file was not found)",
        approximate=True,
    )


def default_benchmarks_folder() -> Path | None:
    shared = shared_folder()
    return shared / "benchmarks" if shared is not None else None


def load_calibration(benchmarks: Path | None) -> Calibration:
    """England's averages from ``benchmarks/england_headlines_from_LAIT.csv``.

    A folder given explicitly must hold the file; without one, the project's shared folder of
    published data is tried, and the built-in approximate rates are used if it is missing.
    """
    if benchmarks is None:
        folder = default_benchmarks_folder()
        if folder is None or not (folder / FILE_NAME).is_file():
            return built_in_calibration()
        return _read(folder / FILE_NAME)
    path = benchmarks / FILE_NAME
    if not path.is_file():
        raise SafeguardError(f"{benchmarks}: no {FILE_NAME} in this folder (England's published averages).")
    return _read(path)


def _read(path: Path) -> Calibration:
    try:
        content = path.read_bytes()
        text = content.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise SafeguardError(f"{path}: cannot be read ({error}).") from error
    rows = list(csv.reader(text.splitlines()))
    if not rows or MEASURE_COLUMN not in rows[0]:
        raise SafeguardError(f"{path}: row 1 should be a header with a {MEASURE_COLUMN!r} column.")
    header = rows[0]
    years = {index: int(found[1]) for index, name in enumerate(header) if (found := _YEAR_COLUMN.search(name))}
    if not years:
        raise SafeguardError(f"{path}: row 1 has no year columns such as 'YE Mar2025 (2024-25)'.")
    measure_index = header.index(MEASURE_COLUMN)
    values: dict[str, dict[int, float]] = {}
    for row_number, row in enumerate(rows[1:], start=2):
        if len(row) <= measure_index or row[measure_index].strip() not in BUILT_IN:
            continue
        measure = row[measure_index].strip()
        values[measure] = _year_values(path, row_number, row, years, measure)
    missing = [measure for measure in MEASURES if measure not in values]
    if missing:
        raise SafeguardError(f"{path}: no row for {', '.join(missing)} (column {MEASURE_COLUMN!r}).")
    digest = hashlib.sha256(content).hexdigest()
    return Calibration(values, f"{path.name} (sha256 {digest})", approximate=False)


def _year_values(path: Path, row_number: int, row: list[str], years: dict[int, int], measure: str) -> dict[int, float]:
    by_year = {}
    for index, year in years.items():
        cell = row[index].strip() if index < len(row) else ""
        if not cell:
            continue
        try:
            by_year[year] = float(cell)
        except ValueError:
            raise SafeguardError(f"{path}: row {row_number} ({measure}), year ending March {year}: {cell!r} is not a number.") from None
    if not by_year:
        raise SafeguardError(f"{path}: row {row_number} ({measure}) has no values.")
    return by_year

"""Workforce comparators: England, the region and the statistical neighbours, from DfE's
children's social work workforce statistics (``dfe_csc/csww_indicators_2017_to_2025.csv``).

DfE counts on 30 September each year ("2025" is the census of 30 September 2025), in full-time
equivalents. Five of the workforce indicators have a published measure; the newly qualified
share and supervision currency are local measures with nothing published to compare with.
Neighbours' figures are the plain mean of those that publish the measure that year, as LAIT does.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from statistics import fmean

from safeguard.errors import SafeguardError
from safeguard.home import shared_folder

FILE = Path("benchmarks") / "dfe_csc" / "csww_indicators_2017_to_2025.csv"
MEASURES: dict[str, str] = {
    "social_worker_vacancy_rate": "vacancy_rate_fte",
    "social_worker_turnover_rate": "turnover_rate_fte",
    "agency_worker_rate": "agency_rate_fte",
    "social_worker_absence_rate": "absence_rate_fte",
    "caseload_mean": "caseload_fte",
}
"""Each workforce indicator with a published DfE measure, and that measure's column."""


@dataclass(frozen=True)
class WorkforceComparison:
    indicator_id: str
    year: int
    """The census year: figures as at 30 September of it."""
    council_published: float | None
    """What DfE published for the council itself, when it is a real council."""
    england: float | None
    region_name: str | None
    region: float | None
    neighbours_mean: float | None
    neighbours_counted: int


def csww_path(shared: Path | None = None) -> Path:
    folder = shared or shared_folder()
    if folder is None or not (folder / FILE).is_file():
        raise SafeguardError(f"The published workforce statistics are not here ({FILE}); set SAFEGUARD_SHARED to the folder holding them.")
    return folder / FILE


def compare_workforce(
    la_number: int | None, neighbours: list[int] | None = None, *, year: int | None = None, path: Path | None = None
) -> list[WorkforceComparison]:
    """The published comparators for each measured workforce indicator in ``year`` (default: the latest)."""
    rows = _rows(path or csww_path())
    years = sorted({int(row["time_period"]) for row in rows})
    chosen = year if year is not None else years[-1]
    in_year = [row for row in rows if int(row["time_period"]) == chosen]
    if not in_year:
        raise SafeguardError(f"The workforce statistics have no {chosen} census (they cover {years[0]} to {years[-1]}).")
    councils = {_number(row["old_la_code"]): row for row in in_year if row["geographic_level"] == "Local authority"}
    england = next((row for row in in_year if row["geographic_level"] == "National"), None)
    own = councils.get(la_number) if la_number is not None else None
    region_name = own["region_name"] if own else None
    region = next((row for row in in_year if row["geographic_level"] == "Regional" and row["region_name"] == region_name), None)
    found = []
    for indicator_id, column in MEASURES.items():
        neighbour_values = [
            value for number in neighbours or [] if number in councils and (value := _value(councils[number], column)) is not None
        ]
        found.append(
            WorkforceComparison(
                indicator_id=indicator_id,
                year=chosen,
                council_published=_value(own, column) if own else None,
                england=_value(england, column) if england else None,
                region_name=region_name,
                region=_value(region, column) if region else None,
                neighbours_mean=round(fmean(neighbour_values), 1) if neighbour_values else None,
                neighbours_counted=len(neighbour_values),
            )
        )
    return found


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as source:
        rows = list(csv.DictReader(source))
    if not rows or not set(MEASURES.values()) <= set(rows[0]):
        raise SafeguardError(f"{path}: not DfE's workforce indicators file (it lacks the measures {', '.join(MEASURES.values())}).")
    return rows


def _number(text: str) -> int | None:
    try:
        return int(float(text))
    except ValueError:
        return None


def _value(row: dict[str, str], column: str) -> float | None:
    """A published figure; DfE's "x", "z", "c" and blanks are not figures."""
    try:
        return float(row[column])
    except (KeyError, ValueError):
        return None

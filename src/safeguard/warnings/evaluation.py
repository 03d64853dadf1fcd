"""Measuring the early warning against changes planted in synthetic councils.

The generator (``safeguard.synth``) can plant a named change (more re-referrals, slower
assessments) from a known month and records it in its manifest. Run the warnings over such a
council and over the same council without the change, and three numbers say how good the early
warning is:

* recall: the share of planted changes on whose indicator a concern was raised in the planted
  direction, in or after the planted month;
* delay: months from the planted start to the month the first such concern could be seen
  (``detected``), median over the changes found;
* false alarms: concerns raised on clean councils after the baseline, per council-year watched.

Only monthly checks count (control charts and local thresholds): the neighbour comparison looks
at whole years and would credit a change the year before it was planted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from statistics import median

from safeguard.warnings.records import EarlyWarning

MONTHLY_SOURCES = ("control_chart", "local_threshold")


@dataclass(frozen=True)
class Planted:
    """A change the generator planted: which, on what indicator, which way, from when."""

    scenario: str
    indicator: str
    direction: str
    start: date


@dataclass(frozen=True)
class Detection:
    planted: Planted
    seed: int
    detected: date | None
    """The month by which the first concern on the indicator could be seen; None if never."""

    @property
    def delay_months(self) -> int | None:
        if self.detected is None:
            return None
        return months_between(self.planted.start.replace(day=1), self.detected)


def months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def _moved_the_planted_way(warning: EarlyWarning, planted: Planted) -> bool:
    return (warning.value > warning.reference) == (planted.direction == "up")


def first_detection(warnings: Sequence[EarlyWarning], planted: Planted, seed: int) -> Detection:
    """The earliest monthly concern on the planted indicator, in the planted direction, from its start."""
    start = planted.start.replace(day=1)
    found = [
        warning.detected
        for warning in warnings
        if warning.indicator_id == planted.indicator
        and warning.reading == "concern"
        and warning.source in MONTHLY_SOURCES
        and warning.detected >= start
        and _moved_the_planted_way(warning, planted)
    ]
    return Detection(planted, seed, min(found, default=None))


def false_alarms(warnings: Sequence[EarlyWarning], watched_from: date) -> list[EarlyWarning]:
    """Concerns from monthly checks first seen on or after ``watched_from`` (the month after the baseline)."""
    return [
        warning
        for warning in warnings
        if warning.reading == "concern" and warning.source in MONTHLY_SOURCES and warning.detected >= watched_from
    ]


@dataclass(frozen=True)
class Evaluation:
    """The measured quality of the early warning over a set of synthetic councils."""

    detections: tuple[Detection, ...]
    clean_alarms: int
    clean_council_years: float

    @property
    def recall(self) -> float:
        return sum(1 for item in self.detections if item.detected is not None) / len(self.detections) if self.detections else 0.0

    @property
    def median_delay_months(self) -> float | None:
        delays = [item.delay_months for item in self.detections if item.delay_months is not None]
        return float(median(delays)) if delays else None

    @property
    def false_alarms_per_council_year(self) -> float:
        return self.clean_alarms / self.clean_council_years if self.clean_council_years else 0.0

    def by_scenario(self) -> dict[str, tuple[int, int, float | None]]:
        """Per scenario: (found, planted, median delay in months)."""
        summary: dict[str, tuple[int, int, float | None]] = {}
        for name in sorted({item.planted.scenario for item in self.detections}):
            items = [item for item in self.detections if item.planted.scenario == name]
            delays = [item.delay_months for item in items if item.delay_months is not None]
            summary[name] = (len(delays), len(items), float(median(delays)) if delays else None)
        return summary

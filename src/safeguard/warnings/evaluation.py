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

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from statistics import median

import pyarrow as pa

from safeguard.annex_a.spec import LISTS
from safeguard.annex_a.validation import arrow_schema
from safeguard.calendar import months_between, months_later
from safeguard.indicators.catalogue import INDICATORS
from safeguard.indicators.engine import choose
from safeguard.indicators.population import MidYearPopulation
from safeguard.snapshots import Store
from safeguard.synth import SCENARIOS, CouncilHistory, SynthConfig, simulate
from safeguard.synth.generation import extract_days
from safeguard.warnings.baselines import DEFAULT_MONTHS, SHORT_SERIES_MONTHS, baselines_in_force
from safeguard.warnings.records import EarlyWarning
from safeguard.warnings.scan import scan
from safeguard.warnings.series import LOOK_BACK_MONTHS, monthly_series

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


def first_detection(warnings: Sequence[EarlyWarning], planted: Planted, seed: int) -> Detection:
    """The first month, from the planted start, in which a rule was met within a monthly concern
    on the planted indicator that moved the planted way.

    A rule met inside a signal that began earlier (a chance run already under way when the
    change was planted) counts from the month it was met, not from the signal's start.
    """
    start = planted.start.replace(day=1)
    found = [
        month
        for warning in warnings
        if warning.indicator_id == planted.indicator
        and warning.reading == "concern"
        and warning.source in MONTHLY_SOURCES
        and warning.direction == planted.direction
        for _, month in warning.signals
        if month >= start
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


@dataclass(frozen=True)
class EvaluationPlan:
    """Which synthetic councils to generate: one clean and one with every scenario, per seed.

    ``years`` of monthly returns are loaded; the first year only gives the charts their year of
    look-back (see ``series.charted_months``), the next two (or one, for short runs) are the
    default baseline, and each scenario starts ``months_after_baseline`` months after it.
    """

    seeds: tuple[int, ...] = (1, 2, 3)
    population: int = 15_000
    years: int = 5
    end: date = date(2025, 3, 31)
    months_after_baseline: int = 3
    scenarios: tuple[str, ...] = tuple(SCENARIOS)

    def chart_start(self) -> date:
        window_start = SynthConfig(years=self.years, end=self.end).window_start
        return months_later(window_start.replace(day=1), 1)

    def chart_months(self) -> int:
        return months_between(self.chart_start(), self.end.replace(day=1)) + 1

    def baseline_months(self) -> int:
        return DEFAULT_MONTHS if self.chart_months() >= DEFAULT_MONTHS + SHORT_SERIES_MONTHS else SHORT_SERIES_MONTHS

    def scenario_start(self) -> date:
        return months_later(self.chart_start(), self.baseline_months() + self.months_after_baseline)

    def watched_from(self) -> date:
        """The first month after the default baseline: where alarms start to count."""
        return months_later(self.chart_start(), self.baseline_months())


@dataclass(frozen=True)
class _MonthlyExtract:
    """A synthetic council's Annex A extract at one month end, in the form the store keeps."""

    tables: dict[str, pa.Table]
    period_start: date
    period_end: date
    source_name: str
    sha256: str
    has_errors: bool = False
    queries: tuple = ()


def load_monthly_extracts(history: CouncilHistory, store: Store) -> int:
    """Commit the council's return at each month end of its window, each looking back a year.

    This is what a council loading a fresh Annex A extract every month would hold; the tables
    come straight from the generator's canonical records (as an import would store them), so no
    workbook is written or read.
    """
    count = 0
    for extract_day in extract_days(history.window_start, history.end):
        since = months_later(extract_day.replace(day=1), -LOOK_BACK_MONTHS + 1)
        records = history.records(as_at=extract_day, since=since)
        tables = {
            annex_list.key: pa.Table.from_pylist(
                [{**row, "source_row": number} for number, row in enumerate(records.get(annex_list.key, []), start=2)],
                schema=arrow_schema(annex_list),
            )
            for annex_list in LISTS
        }
        fingerprint = hashlib.sha256(f"{history.config.as_arguments()} {extract_day}".encode()).hexdigest()
        store.commit(_MonthlyExtract(tables, since, extract_day, f"synthetic extract {extract_day}", fingerprint), loaded_by="evaluation")
        count += 1
    return count


def _council_warnings(config: SynthConfig, home: Path, indicator_ids: Sequence[str]) -> tuple[CouncilHistory, list[EarlyWarning]]:
    """Simulate, load the monthly returns into a fresh store, and run the control charts."""
    history = simulate(config)
    with Store(home) as store:
        load_monthly_extracts(history, store)
        series = monthly_series(store, indicator_ids, MidYearPopulation(dict(history.population), "the synthetic council"))
    found = scan(choose(indicator_ids), series, baselines_in_force(series, {}))
    return history, [warning for warning in found if warning.source == "control_chart"]


def evaluate(plan: EvaluationPlan, work: Path, progress: Callable[[str], None] | None = None) -> Evaluation:
    """Run the plan's councils under ``work`` and measure recall, delay and false alarms."""
    start = plan.scenario_start()
    specs = tuple(f"{name}@{start:%Y-%m}" for name in plan.scenarios)
    planted_ids = sorted({SCENARIOS[name].indicator for name in plan.scenarios})
    all_ids = [item.id for item in INDICATORS]
    detections: list[Detection] = []
    alarms = 0
    for seed in plan.seeds:
        clean_council = SynthConfig(population=plan.population, years=plan.years, end=plan.end, seed=seed)
        if progress:
            progress(f"seed {seed}: council with {len(specs)} planted changes from {start:%Y-%m}")
        history, warnings = _council_warnings(replace(clean_council, scenarios=specs), work / f"planted-{seed}", planted_ids)
        for scenario in history.scenarios:
            planted = Planted(scenario.kind.name, scenario.kind.indicator, scenario.kind.direction, scenario.start)
            detections.append(first_detection(warnings, planted, seed))
        if progress:
            progress(f"seed {seed}: clean council")
        _, clean = _council_warnings(clean_council, work / f"clean-{seed}", all_ids)
        alarms += len(false_alarms(clean, plan.watched_from()))
    watched_years = (plan.chart_months() - plan.baseline_months()) / 12
    return Evaluation(tuple(detections), alarms, watched_years * len(plan.seeds))

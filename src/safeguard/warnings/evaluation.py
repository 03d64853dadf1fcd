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

Generating a council and working out its indicators takes seconds; judging a series takes
milliseconds. So the monthly series of each council are worked out once (and kept in a cache
folder if one is given), and every way of judging them (``DETECTORS``) is measured on the same
series: a before-and-after comparison on identical data. The uncertainty of each figure comes
from resampling whole councils (a bootstrap), since councils, not months, are the independent
units.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from statistics import median

import pyarrow as pa

from safeguard.annex_a.spec import LISTS
from safeguard.annex_a.validation import arrow_schema
from safeguard.calendar import months_between, months_later
from safeguard.indicators.catalogue import INDICATORS
from safeguard.indicators.engine import choose, compute
from safeguard.indicators.periods import Granularity
from safeguard.indicators.population import MidYearPopulation
from safeguard.snapshots import Store
from safeguard.synth import SCENARIOS, CouncilHistory, SynthConfig, simulate
from safeguard.synth.calibration import Calibration, load_calibration
from safeguard.synth.generation import extract_days
from safeguard.synth.scenarios import MISSING_RISE, RE_REFERRAL_RISE, TIMELINESS_FALL
from safeguard.warnings.baselines import DEFAULT_MONTHS, SHORT_SERIES_MONTHS, MonthlyPoint, baselines_in_force
from safeguard.warnings.records import EarlyWarning
from safeguard.warnings.scan import Method, reading_of, scan
from safeguard.warnings.series import LOOK_BACK_MONTHS, series_from_values

MONTHLY_SOURCES = ("control_chart", "local_threshold")

RETURNS_BEFORE_MONTHS = 24
"""Monthly returns loaded before the evaluated window. A council's figures for plans reviewed on
time remember every earlier return that listed the plan (Annex A holds only the latest review),
so in the first two years of monthly returns they read high and then fall as the history fills
up: on the clean councils from about 97% to 88% over 27 months, all inside the baseline. With
two years of returns before the window the history is settled when the charts begin, as it is
for a council that has loaded its returns for years; the charts are still the window's months."""

__all__ = [
    "DETECTORS", "CouncilSeries", "Detection", "Evaluation", "EvaluationPlan", "Evidence", "Interval", "Planted",
    "cache_name", "evaluate", "evidence", "false_alarms", "first_detection", "information", "measure", "months_between",
    "planted_share", "series_of_councils",
]


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
class Interval:
    """A figure and its 95% interval (2.5th and 97.5th percentiles of the bootstrap)."""

    value: float | None
    low: float | None
    high: float | None

    def text(self, pattern: str = "{:.2f}") -> str:
        if self.value is None:
            return "-"
        if self.low is None or self.high is None:
            return pattern.format(self.value)
        return f"{pattern.format(self.value)} (95% CI {pattern.format(self.low)} to {pattern.format(self.high)})"


@dataclass(frozen=True)
class Evaluation:
    """The measured quality of the early warning over a set of synthetic councils."""

    detections: tuple[Detection, ...]
    clean_alarms: int
    clean_council_years: float
    alarms_by_council: tuple[tuple[int, int, float], ...] = ()
    """Per clean council: (seed, concerns raised after the baseline, years watched)."""
    other_warnings: int = 0
    """Warnings of any reading (concern, improvement, unusual) on the clean councils after the baseline."""

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

    @property
    def warnings_per_council_year(self) -> float:
        return self.other_warnings / self.clean_council_years if self.clean_council_years else 0.0

    def by_scenario(self) -> dict[str, tuple[int, int, float | None]]:
        """Per scenario: (found, planted, median delay in months)."""
        summary: dict[str, tuple[int, int, float | None]] = {}
        for name in sorted({item.planted.scenario for item in self.detections}):
            items = [item for item in self.detections if item.planted.scenario == name]
            delays = [item.delay_months for item in items if item.delay_months is not None]
            summary[name] = (len(delays), len(items), float(median(delays)) if delays else None)
        return summary

    def _resampled(self, seeds: Sequence[int]) -> Evaluation:
        detections = tuple(item for seed in seeds for item in self.detections if item.seed == seed)
        councils = [entry for seed in seeds for entry in self.alarms_by_council if entry[0] == seed]
        return Evaluation(detections, sum(entry[1] for entry in councils), sum(entry[2] for entry in councils))

    def intervals(self, draws: int = 2000, seed: int = 0) -> dict[str, Interval]:
        """Recall, median delay and false alarms per council-year, each with a 95% interval from
        resampling the seeds (each seed's planted and clean council together) with replacement."""
        seeds = sorted({item.seed for item in self.detections} | {entry[0] for entry in self.alarms_by_council})
        chance = random.Random(seed)
        samples: dict[str, list[float]] = {"recall": [], "delay": [], "false_alarms": []}
        for _ in range(draws if len(seeds) > 1 else 0):
            again = self._resampled([chance.choice(seeds) for _ in seeds])
            samples["recall"].append(again.recall)
            if again.median_delay_months is not None:
                samples["delay"].append(again.median_delay_months)
            samples["false_alarms"].append(again.false_alarms_per_council_year)
        values = {"recall": self.recall, "delay": self.median_delay_months, "false_alarms": self.false_alarms_per_council_year}
        return {name: Interval(values[name], *_percentiles(samples[name])) for name in values}


def _percentiles(values: list[float]) -> tuple[float | None, float | None]:
    if not values:
        return None, None
    ordered = sorted(values)
    return ordered[int(0.025 * (len(ordered) - 1))], ordered[int(round(0.975 * (len(ordered) - 1)))]


@dataclass(frozen=True)
class EvaluationPlan:
    """Which synthetic councils to generate: one clean and one with every scenario, per seed.

    Seed number i (counting from 0) has ``sizes[i % len(sizes)]`` children, so the councils
    run from small to large. ``years`` of monthly returns make the window (with
    ``returns_before`` months of returns loaded before it); the window's first year only gives
    the charts their year of look-back (see ``series.charted_months``), the next two (or one,
    for short runs) are the default baseline, and each scenario starts
    ``months_after_baseline`` months after it. Every council is tuned to England's rates for
    the year ending March of ``end``'s year, held level in every year (``Calibration.held_at``):
    on a clean council nothing should change.
    """

    seeds: tuple[int, ...] = (1, 2, 3)
    sizes: tuple[int, ...] = (15_000,)
    years: int = 5
    end: date = date(2025, 3, 31)
    months_after_baseline: int = 3
    scenarios: tuple[str, ...] = tuple(SCENARIOS)
    returns_before: int = RETURNS_BEFORE_MONTHS
    """Months of monthly returns loaded before the window, so the return history has settled
    when the charts begin (see ``RETURNS_BEFORE_MONTHS``)."""

    def size_of(self, seed: int) -> int:
        return self.sizes[self.seeds.index(seed) % len(self.sizes)]

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

    def watched_years(self) -> float:
        return (self.chart_months() - self.baseline_months()) / 12

    def first_return(self) -> date:
        """The month end of the first monthly return loaded: ``returns_before`` months before the window's first."""
        window_start = SynthConfig(years=self.years, end=self.end).window_start
        return extract_days(months_later(window_start.replace(day=1), -self.returns_before), self.end)[0]


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


def load_monthly_extracts(history: CouncilHistory, store: Store, first: date | None = None) -> int:
    """Commit the council's return at each month end from ``first`` (default: the window's first
    month) to the end, each looking back a year.

    This is what a council loading a fresh Annex A extract every month would hold; the tables
    come straight from the generator's canonical records (as an import would store them), so no
    workbook is written or read.
    """
    count = 0
    for extract_day in extract_days(first or history.window_start, history.end):
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


@dataclass(frozen=True)
class CouncilSeries:
    """One synthetic council's monthly series, and what was planted in it (nothing, if clean)."""

    seed: int
    population: int
    planted: tuple[Planted, ...]
    series: dict[str, list[MonthlyPoint]]

    def as_json(self) -> dict[str, object]:
        return {
            "seed": self.seed,
            "population": self.population,
            "planted": [[item.scenario, item.indicator, item.direction, item.start.isoformat()] for item in self.planted],
            "series": {
                key: [[point.month.isoformat(), point.value, point.numerator, point.denominator] for point in points]
                for key, points in self.series.items()
            },
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> CouncilSeries:
        planted = tuple(Planted(name, indicator, direction, date.fromisoformat(start)) for name, indicator, direction, start in data["planted"])  # type: ignore[attr-defined]
        series = {
            key: [MonthlyPoint(date.fromisoformat(month), value, numerator, denominator) for month, value, numerator, denominator in points]
            for key, points in data["series"].items()  # type: ignore[attr-defined]
        }
        return cls(int(data["seed"]), int(data["population"]), planted, series)  # type: ignore[call-overload]


def _simulated_series(
    config: SynthConfig, plan: EvaluationPlan, home: Path, indicator_ids: Sequence[str], calibration: Calibration
) -> tuple[CouncilHistory, dict[str, list[MonthlyPoint]]]:
    """Simulate, load the monthly returns into a fresh store, and work out the plan's charted months."""
    history = simulate(config, calibration.held_at(plan.end.year))
    with Store(home) as store:
        load_monthly_extracts(history, store, plan.first_return())
        population = MidYearPopulation(dict(history.population), "the synthetic council")
        values = compute(store, plan.chart_start(), plan.end, Granularity.MONTH, population=population, ids=indicator_ids)
    return history, series_from_values(values)


def cache_name(config: SynthConfig, plan: EvaluationPlan, calibration: Calibration) -> str:
    """The name a council's kept series go by: its generator settings, the returns loaded before
    the window, and the rates it was tuned to. A council tuned to the built-in round numbers
    (where England's published averages are not found, as in a checkout without the shared
    folder beside it) is another council, and says so in its name; councils tuned to the
    published file keep the name they always had, so caches made before stay valid (a new
    edition of that file is not part of the name: empty the cache when it changes)."""
    kept = {**config.as_arguments(), "returns_before": plan.returns_before, "rates": f"held at {plan.end.year}"}
    if calibration.approximate:
        kept["calibration"] = "built-in approximate rates"
    return hashlib.sha256(json.dumps(kept, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _council(plan: EvaluationPlan, seed: int, planted: bool, work: Path, cache: Path | None) -> CouncilSeries:
    start = plan.scenario_start()
    specs = tuple(f"{name}@{start:%Y-%m}" for name in plan.scenarios) if planted else ()
    config = SynthConfig(population=plan.size_of(seed), years=plan.years, end=plan.end, seed=seed, scenarios=specs)
    calibration = load_calibration(config.benchmarks)
    cached = cache / f"{cache_name(config, plan, calibration)}.json" if cache else None
    if cached is not None and cached.is_file():
        return CouncilSeries.from_json(json.loads(cached.read_text(encoding="utf-8")))
    ids = [item.id for item in INDICATORS]
    history, series = _simulated_series(config, plan, work / f"{'planted' if planted else 'clean'}-{seed}", ids, calibration)
    found = CouncilSeries(
        seed,
        config.population,
        tuple(Planted(item.kind.name, item.kind.indicator, item.kind.direction, item.start) for item in history.scenarios),
        series,
    )
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps(found.as_json()), encoding="utf-8")
    return found


def series_of_councils(
    plan: EvaluationPlan, work: Path, cache: Path | None = None, progress: Callable[[str], None] | None = None
) -> list[CouncilSeries]:
    """Per seed, the council with every planted change and the clean one, in that order."""
    councils = []
    for seed in plan.seeds:
        for planted in (True, False):
            if progress:
                progress(f"seed {seed}: {plan.size_of(seed):,} children, {'planted changes' if planted else 'clean'}")
            councils.append(_council(plan, seed, planted, work, cache))
    return councils


Detector = Callable[[Mapping[str, Sequence[MonthlyPoint]]], list[EarlyWarning]]


def _detector(method: Method) -> Detector:
    def detect(series: Mapping[str, Sequence[MonthlyPoint]]) -> list[EarlyWarning]:
        found = scan(choose(list(series)), series, baselines_in_force(series, {}), method=method)
        return [warning for warning in found if warning.source == "control_chart"]

    return detect


DETECTORS: dict[str, Detector] = {
    "every rule alone (before)": _detector("every_rule"),
    "combined signal (now)": _detector("combined"),
}
"""The ways of judging a series that the evaluation compares: Making Data Count's four rules
each raising its own warning, as the early warning first did, and the combined signal it uses now."""


def measure(councils: Sequence[CouncilSeries], plan: EvaluationPlan, detector: Detector) -> Evaluation:
    """Recall and delay on the planted councils, false alarms on the clean ones."""
    detections: list[Detection] = []
    by_council: list[tuple[int, int, float]] = []
    others = 0
    for council in councils:
        warnings = detector(council.series)
        if council.planted:
            detections.extend(first_detection(warnings, planted, council.seed) for planted in council.planted)
            continue
        by_council.append((council.seed, len(false_alarms(warnings, plan.watched_from())), plan.watched_years()))
        others += sum(1 for warning in warnings if warning.detected >= plan.watched_from())
    return Evaluation(
        tuple(detections), sum(entry[1] for entry in by_council), sum(entry[2] for entry in by_council), tuple(by_council), others
    )


def evaluate(
    plan: EvaluationPlan,
    work: Path,
    progress: Callable[[str], None] | None = None,
    cache: Path | None = None,
    detector: str = "combined signal (now)",
) -> Evaluation:
    """Run the plan's councils under ``work`` and measure one detector's recall, delay and false alarms."""
    return measure(series_of_councils(plan, work, cache, progress), plan, DETECTORS[detector])


FALSE_ALARM_TARGET = 0.2
"""False concerns a council-year the early warning aims to stay under (issue 11)."""
EARLY_MONTHS = 4
"""A change found within three months of its start is found in one of its first four months."""


def information(share: float, usual: float) -> float:
    """The evidence one case at ``share`` holds against ``usual`` (both 0 to 1), in nats: the
    Kullback-Leibler information of a yes-or-no case, share ln(share / usual) + (1 - share)
    ln((1 - share) / (1 - usual)). A month of n such cases holds n times as much."""
    share = min(max(share, 1e-9), 1 - 1e-9)
    usual = min(max(usual, 1e-9), 1 - 1e-9)
    return share * math.log(share / usual) + (1 - share) * math.log((1 - share) / (1 - usual))


def planted_share(scenario: str, usual: float, month: int) -> float | None:
    """The share (0 to 1) a planted change gives its indicator in its ``month``-th month (0 is the
    start), erring on the large side; None for a change not judged this way (unallocated cases,
    a count found in its first month by the single-month rule).

    Re-referrals rise ``RE_REFERRAL_RISE`` over six months, taken at each month's end; assessments
    and conferences fall ``TIMELINESS_FALL`` from the start (the generator takes a month to get
    there); children going missing are counted over the year before each month, so the figure
    gains a twelfth of the ``MISSING_RISE`` a month, taken at full size from the start (the
    generator takes three months) and as if no child who went missing was counted already."""
    if scenario == "rising_re_referrals":
        return usual + RE_REFERRAL_RISE * min(1.0, (month + 1) / 6)
    if scenario in ("falling_assessment_timeliness", "icpc_delays"):
        return usual - TIMELINESS_FALL
    if scenario == "rising_missing_from_care":
        return usual * (1 + MISSING_RISE * min(1.0, (month + 1) / 12))
    return None


@dataclass(frozen=True)
class Evidence:
    """How much evidence the planted changes' first months hold, against what a monitor needs."""

    needed: float
    """ln of the months between false concerns an indicator may raise, in nats: about the evidence
    any monitor with that false-alarm rate needs before it signals (Lorden's bound)."""
    by_change: tuple[tuple[Planted, int, float | None], ...]
    """Per planted change: the seed, and the evidence (nats) of its first ``EARLY_MONTHS`` months
    (None where it is not judged this way; 0 where its baseline holds no cases)."""

    def enough(self) -> int:
        """Changes whose first months hold the evidence needed, counting those not judged this way."""
        return sum(1 for _, _, nats in self.by_change if nats is None or nats >= self.needed)


def evidence(councils: Sequence[CouncilSeries], plan: EvaluationPlan, months: int = EARLY_MONTHS) -> Evidence:
    """The evidence in each planted change's first ``months`` months, from its indicator's own
    cases in those months and its baseline's pooled share (``planted_share``, ``information``).

    Needed: a monitor that raises ``FALSE_ALARM_TARGET`` false concerns a council-year across the
    indicators that can raise a concern can allow each of them one in 12 x that many / target
    months; any such monitor needs about ln of that in evidence before it signals (Lorden, 1971)."""
    concerning = {item.id for item in INDICATORS if "concern" in {reading_of("up", item.polarity), reading_of("down", item.polarity)}}
    watched = max(1, len(concerning & {key for council in councils for key in council.series}))
    needed = math.log(12 * watched / FALSE_ALARM_TARGET)
    found: list[tuple[Planted, int, float | None]] = []
    for council in councils:
        for item in council.planted:
            series = council.series.get(item.indicator, [])
            base = series[: plan.baseline_months()]
            cases = sum(point.denominator or 0 for point in base)
            start = item.start.replace(day=1)
            early = [point for point in series if point.month >= start][:months]
            if planted_share(item.scenario, 0.5, 0) is None:
                found.append((item, council.seed, None))
                continue
            if not cases:
                found.append((item, council.seed, 0.0))
                continue
            usual = sum(point.numerator or 0 for point in base) / cases
            nats = 0.0
            for index, point in enumerate(early):
                share = planted_share(item.scenario, usual, index)
                assert share is not None
                nats += (point.denominator or 0) * information(share, usual)
            found.append((item, council.seed, nats))
    return Evidence(needed, tuple(found))

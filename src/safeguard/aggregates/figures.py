"""The figures as computed from the store: exact, and never leaving this package as they are.

Every indicator month by month, by year and by team, the control charts' baselines and the
months they pick out, the comparison with other councils and the current early warnings, worked
out by the indicator engine, the early warning and the benchmarks. ``published`` keeps them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from safeguard.benchmarks.comparison import Benchmark, compared_with_neighbours
from safeguard.benchmarks.own_figures import covered
from safeguard.calendar import month_end, months_later
from safeguard.council import load_council
from safeguard.indicators.catalogue import INDICATORS, indicator
from safeguard.indicators.engine import IndicatorValue, compute, open_history
from safeguard.indicators.periods import Granularity, financial_year, month_of, year_ended_by
from safeguard.indicators.population import council_population
from safeguard.snapshots import Store
from safeguard.warnings.baselines import Baseline, BaselineStore, baselines_in_force
from safeguard.warnings.confidence import data_confidence
from safeguard.warnings.records import NOT_MEASURED, EarlyWarning
from safeguard.warnings.review import REPORT_MONTHS
from safeguard.warnings.scan import Window, combined_warnings, scan
from safeguard.warnings.series import charted_months, series_from_values
from safeguard.warnings.thresholds import thresholds_in_force


@dataclass(frozen=True)
class SignalMonth:
    """A month of a chart that is part of a lasting change."""

    month: date
    rules: tuple[str, ...]
    direction: str


@dataclass(frozen=True)
class ComputedIndicator:
    id: str
    months: tuple[IndicatorValue, ...]
    years: tuple[IndicatorValue, ...]
    teams_month: tuple[IndicatorValue, ...]
    teams_year: tuple[IndicatorValue, ...]
    council_year: IndicatorValue | None
    """The whole council over the same last 12 months as ``teams_year`` (their total)."""
    baseline: Baseline | None
    signals: tuple[SignalMonth, ...]
    comparison: Benchmark | None
    confidence: str


@dataclass(frozen=True)
class Figures:
    fingerprint: str
    computed_at: datetime
    council: str
    first_month: date | None
    last_month: date | None
    indicators: dict[str, ComputedIndicator]
    warnings: tuple[EarlyWarning, ...]
    notes: tuple[str, ...]


def _signal_months(values: Sequence[IndicatorValue], baseline: Baseline | None) -> tuple[SignalMonth, ...]:
    """The months of the chart that belong to a lasting change (the early warning's combined
    signal, ``safeguard.warnings.combined``), each with the way it moved."""
    if baseline is None:
        return ()
    points = series_from_values(values).get(baseline.indicator_id, [])
    marked = {
        point.month: SignalMonth(point.month, ("combined",), warning.direction)
        for warning in combined_warnings(indicator(baseline.indicator_id), points, baseline)
        for point in points
        if warning.since <= point.month <= warning.until
    }
    return tuple(marked[month] for month in sorted(marked))


def _comparisons(home: Path, yearly: Sequence[IndicatorValue], notes: list[str]) -> dict[str, Benchmark]:
    """Per indicator with a LAIT code, the council's latest whole year beside England, its region
    and its statistical neighbours (the council's own figures from the snapshots), as
    ``safeguard warnings`` compares them."""
    own = {(value.id, value.period_end.year): value.value for value in yearly if value.team is None}
    return compared_with_neighbours(lambda: own, INDICATORS, load_council(home).la_code, notes=notes, home=home)


def warnings_to(figures: Figures, month: date, home: Path) -> tuple[EarlyWarning, ...]:
    """The early warnings still showing in the six months to ``month``, from the figures' months
    up to it: the same checks as ``figures.warnings`` (which they equal for the figures' last
    month), against the same baselines and the council's limits in force, with the neighbours
    compared in the latest year over by the end of ``month`` (worked out again from the figures'
    years, through the loaded benchmarks, only when the figures' own comparison is of a later year)."""
    computed = list(figures.indicators.values())
    over = month_end(month)
    compared = {item.id: item.comparison for item in computed if item.comparison is not None}
    if not all(year_ended_by(found.year, over) for found in compared.values()):
        compared = _comparisons(home, [value for item in computed for value in item.years if value.period_end <= over], [])
    return _warnings(computed, month, home, compared)


def _warnings(computed: Sequence[ComputedIndicator], month: date, home: Path, compared: dict[str, Benchmark]) -> tuple[EarlyWarning, ...]:
    """Every check of the early warning over the indicators' months, as ``safeguard warnings``
    runs them: the warnings still showing in the six months to ``month``."""
    return tuple(scan(
        INDICATORS,
        series_from_values(value for item in computed for value in item.months),
        {item.id: item.baseline for item in computed if item.baseline is not None},
        window=Window(months_later(month, 1 - REPORT_MONTHS), month),
        thresholds=thresholds_in_force(load_council(home).thresholds, INDICATORS),
        benchmarks=compared,
        confidence={item.id: item.confidence for item in computed},
    ))


def compute_figures(store: Store, fingerprint: str) -> Figures:
    """Every indicator, month by month, by year and by team; the control charts' baselines and
    signals; the comparison with other councils; and the current early warnings."""
    notes: list[str] = []
    snapshots = store.list()
    council = load_council(store.home)
    empty = Figures(fingerprint, datetime.now(UTC), council.name, None, None, {}, (), ())
    if not snapshots:
        return replace(empty, notes=("No return has been loaded yet, so there are no figures.",))
    population = council_population(council)
    if population is None:
        notes.append("The council's settings give no child population, so rates per 10,000 children cannot be worked out.")
    span = charted_months(store)
    dates_covered = covered(snapshots)
    whole_years = dates_covered.whole_financial_years() if dates_covered else []
    with open_history(store) as history:
        monthly = compute(history, span[0], span[1], Granularity.MONTH, population=population) if span else []
        yearly = []
        if whole_years:
            first_year, last_year = financial_year(whole_years[0] - 1), financial_year(whole_years[-1] - 1)
            yearly = compute(history, first_year.start, last_year.end, Granularity.YEAR, population=population)
        teams_month = teams_year = council_year = []
        if span:
            last_month = month_of(span[1])
            year_start = max(span[0], months_later(last_month.start, -11))
            teams_month = compute(history, last_month.start, last_month.end, None, team=True, population=population)
            teams_year = compute(history, year_start, last_month.end, None, team=True, population=population)
            council_year = compute(history, year_start, last_month.end, None, population=population)
    comparisons = _comparisons(store.home, yearly, notes)
    baselines = baselines_in_force(series_from_values(monthly), BaselineStore(store.home).read())
    confidence = data_confidence(store, INDICATORS)
    indicators = {}
    for item in INDICATORS:
        months = tuple(value for value in monthly if value.id == item.id)
        indicators[item.id] = ComputedIndicator(
            id=item.id,
            months=months,
            years=tuple(value for value in yearly if value.id == item.id),
            teams_month=tuple(value for value in teams_month if value.id == item.id),
            teams_year=tuple(value for value in teams_year if value.id == item.id),
            council_year=next((value for value in council_year if value.id == item.id), None),
            baseline=baselines.get(item.id),
            signals=_signal_months(months, baselines.get(item.id)),
            comparison=comparisons.get(item.id),
            confidence=confidence.get(item.id, NOT_MEASURED),
        )
    charted_to = month_of(span[1]).start if span else None
    warnings = _warnings(list(indicators.values()), charted_to, store.home, comparisons) if charted_to else ()
    return replace(
        empty,
        first_month=span[0] if span else None,
        last_month=charted_to,
        indicators=indicators,
        warnings=warnings,
        notes=tuple(notes),
    )

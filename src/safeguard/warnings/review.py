"""One review of the council's indicators: everything ``safeguard warnings`` (and a page) shows.

It gathers what the checks need from the store (each indicator's monthly series, the data
confidence of the rows under it, the latest financial year beside the statistical neighbours,
the council's thresholds and the baselines in force) and runs them (``scan``). Whatever could
not be checked is said in ``notes`` rather than silently left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from safeguard.benchmarks.comparison import Benchmark, compared_with_neighbours
from safeguard.benchmarks.own_figures import financial_year_figures
from safeguard.calendar import months_later
from safeguard.council import Council, load_council
from safeguard.errors import SafeguardError
from safeguard.indicators.catalogue import Indicator
from safeguard.indicators.population import PopulationSource, council_population
from safeguard.snapshots import Store
from safeguard.warnings.baselines import Baseline, BaselineStore, MonthlyPoint, baseline_from, baselines_in_force
from safeguard.warnings.confidence import data_confidence
from safeguard.warnings.records import EarlyWarning
from safeguard.warnings.scan import DEFAULT_NEIGHBOUR_DISTANCE, Window, scan
from safeguard.warnings.series import monthly_series
from safeguard.warnings.thresholds import thresholds_in_force

REPORT_MONTHS = 6
"""Without a start month, the warnings are those still showing in the last six months."""


@dataclass
class Review:
    """The warnings of one run, and what they were worked out from."""

    warnings: list[EarlyWarning]
    window: Window
    baselines: dict[str, Baseline]
    too_short: list[str]
    """Indicators with too few months for control limits."""
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "window": {
                "from": f"{self.window.start:%Y-%m}" if self.window.start else None,
                "to": f"{self.window.end:%Y-%m}" if self.window.end else None,
            },
            "baselines": {
                indicator_id: {
                    "from": f"{baseline.start:%Y-%m}",
                    "to": f"{baseline.end:%Y-%m}",
                    "mean": baseline.mean,
                    "mean_moving_range": baseline.mean_moving_range,
                    "upper_limit": baseline.limits.upper,
                    "lower_limit": baseline.limits.lower,
                    "origin": baseline.origin,
                    "set_at": baseline.set_at,
                }
                for indicator_id, baseline in sorted(self.baselines.items())
            },
            "too_short_for_limits": self.too_short,
            "notes": self.notes,
            "warnings": [warning.as_dict() for warning in self.warnings],
        }


def _given_baselines(series: dict[str, list[MonthlyPoint]], start: date, end: date) -> dict[str, Baseline]:
    """Baselines over the given months, for the indicators with at least two of them."""
    return {
        indicator_id: baseline_from(indicator_id, points, start, end)
        for indicator_id, points in series.items()
        if sum(1 for point in points if start <= point.month <= end) >= 2
    }


def _window(start: date | None, end: date | None, series: dict[str, list[MonthlyPoint]]) -> Window:
    if start is not None:
        return Window(start, end)
    latest = end or max((points[-1].month for points in series.values() if points), default=None)
    return Window(months_later(latest, 1 - REPORT_MONTHS) if latest else None, end)


def review(
    indicators: Sequence[Indicator],
    start: date | None = None,
    end: date | None = None,
    baseline_period: tuple[date, date] | None = None,
    neighbour_distance: float = DEFAULT_NEIGHBOUR_DISTANCE,
    la_code: str | None = None,
    home: Path | None = None,
) -> Review:
    """Every warning on ``indicators`` from the store in ``home`` (default ``SAFEGUARD_HOME``).

    ``baseline_period`` overrides the stored and default baselines for this review only;
    ``la_code`` names whose neighbours to compare with (default: the council's own setting).
    """
    council = load_council(home)
    population = council_population(council)
    notes: list[str] = []
    with Store(home) as store:
        if not store.list():
            raise SafeguardError("There are no snapshots yet: import a return first with `safeguard import FILE`.")
        series = monthly_series(store, [item.id for item in indicators], population)
        confidence = data_confidence(store, indicators)
        benchmarks = _neighbour_comparison(store, indicators, council, population, la_code, notes, home, up_to=end)
    if baseline_period is not None:
        baselines = _given_baselines(series, *baseline_period)
    else:
        baselines = baselines_in_force(series, BaselineStore(home).read())
    if population is None:
        notes.append("No child population in council.json and no ONS match for its la_code: rates per 10,000 are left out.")
    window = _window(start, end, series)
    found = scan(
        indicators,
        series,
        baselines,
        window=window,
        thresholds=thresholds_in_force(council.thresholds, indicators),
        benchmarks=benchmarks,
        neighbour_distance=neighbour_distance,
        confidence=confidence,
    )
    too_short = [item.id for item in indicators if item.id not in baselines]
    return Review(found, window, baselines, too_short, notes)


def _neighbour_comparison(
    store: Store,
    indicators: Sequence[Indicator],
    council: Council,
    population: PopulationSource | None,
    la_code: str | None,
    notes: list[str],
    home: Path | None,
    up_to: date | None = None,
) -> dict[str, Benchmark]:
    """Per indicator, its latest whole financial year beside the neighbours that year; with
    ``up_to`` (a month), the latest year over by that month's end, as a pack for it compares."""
    benchmarked = [item for item in indicators if item.lait_code]
    return compared_with_neighbours(
        lambda: financial_year_figures(store, [item.id for item in benchmarked], population),
        benchmarked,
        la_code or council.la_code,
        notes=notes,
        home=home,
        up_to=up_to,
    )

"""Each indicator's monthly series from the snapshots: the control charts' input.

Only whole months the snapshots cover are charted: a month the returns cover in part would
show a fall that is only missing data. Months without a value (nothing to divide by, no
population) are left out of the series rather than read as zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from safeguard.benchmarks.own_figures import covered
from safeguard.calendar import months_later
from safeguard.indicators.engine import IndicatorValue, compute
from safeguard.indicators.history import SnapshotStore
from safeguard.indicators.periods import Granularity, Period, month_of
from safeguard.indicators.population import PopulationSource
from safeguard.warnings.baselines import MonthlyPoint


def series_from_values(values: Iterable[IndicatorValue]) -> dict[str, list[MonthlyPoint]]:
    """The whole council's monthly values, per indicator, oldest first."""
    series: dict[str, list[MonthlyPoint]] = {}
    for value in values:
        if value.team is not None or value.value is None:
            continue
        if month_of(value.period_start) != Period(value.period_start, value.period_end):
            continue
        series.setdefault(value.id, []).append(
            MonthlyPoint(value.period_start, float(value.value), value.numerator, value.denominator)
        )
    for points in series.values():
        points.sort(key=lambda point: point.month)
    return series


LOOK_BACK_MONTHS = 12
"""Re-referrals and repeat plans look back a year; Annex A returns reach back only a year."""


def charted_months(store: SnapshotStore) -> tuple[date, date] | None:
    """The first day of the first and the last day of the last whole month to chart.

    Those are the whole months the snapshots cover, less the first year when more than two
    years are covered: in the first year, measures that look back 12 months (a re-referral is
    a referral within a year of an earlier one) cannot see the year before the earliest return,
    and would show a climb that is only the history filling up.
    """
    span = covered(store.list())
    if span is None or span.first_whole_month > span.last_whole_month_end:
        return None
    first, last = span.first_whole_month, span.last_whole_month_end
    if months_later(first, 2 * LOOK_BACK_MONTHS) <= last:
        first = months_later(first, LOOK_BACK_MONTHS)
    return first, last


def monthly_series(
    store: SnapshotStore,
    indicator_ids: Sequence[str],
    population: PopulationSource | None,
) -> dict[str, list[MonthlyPoint]]:
    """Every chosen indicator, month by month, over the whole months the snapshots cover."""
    months = charted_months(store)
    if months is None:
        return {}
    values = compute(store, months[0], months[1], Granularity.MONTH, population=population, ids=indicator_ids)
    return series_from_values(values)

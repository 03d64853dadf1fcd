"""The council's own figures, computed from its snapshots, to set beside the published ones.

LAIT publishes every real council's figures, but not the synthetic (demo) council's, nor a
council's current year before DfE releases it. Those figures come from the indicator engine over
the snapshots: by financial year (April to March, as DfE publishes), for the whole years the
snapshots cover, with rates per 10,000 divided by the population the caller chose (``council_population``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from safeguard.indicators.engine import compute
from safeguard.indicators.history import SnapshotStore
from safeguard.indicators.periods import Granularity, financial_year, financial_year_of
from safeguard.indicators.population import PopulationSource


@dataclass(frozen=True)
class Covered:
    """The dates the snapshots cover, from the earliest start to the latest end."""

    start: date
    end: date

    @property
    def first_whole_month(self) -> date:
        """The first day of the first month the snapshots cover from its first day."""
        if self.start.day == 1:
            return self.start
        return (self.start.replace(day=28) + timedelta(days=4)).replace(day=1)

    @property
    def last_whole_month_end(self) -> date:
        """The last day of the last month covered to its last day."""
        next_day = self.end + timedelta(days=1)
        return self.end if next_day.day == 1 else self.end.replace(day=1) - timedelta(days=1)

    def whole_financial_years(self) -> list[int]:
        """Years ending March whose every day is covered (2025 is April 2024 to March 2025)."""
        year = financial_year_of(self.start)
        if financial_year(year).start < self.start:
            year += 1
        years = []
        while financial_year(year).end <= self.end:
            years.append(year + 1)
            year += 1
        return years


class Snapshotted(Protocol):
    """What ``covered`` needs of a snapshot: its period."""

    @property
    def period_start(self) -> date: ...
    @property
    def period_end(self) -> date: ...


def covered(snapshots: Sequence[Snapshotted]) -> Covered | None:
    if not snapshots:
        return None
    return Covered(min(snapshot.period_start for snapshot in snapshots), max(snapshot.period_end for snapshot in snapshots))


def financial_year_figures(
    store: SnapshotStore,
    indicator_ids: Sequence[str],
    population: PopulationSource | None,
) -> dict[tuple[str, int], float | None]:
    """(indicator id, year ending March) -> the council's value, for each whole year covered."""
    span = covered(store.list())
    years = span.whole_financial_years() if span is not None else []
    if not years or not indicator_ids:
        return {}
    start = financial_year(years[0] - 1).start
    end = financial_year(years[-1] - 1).end
    values = compute(store, start, end, Granularity.YEAR, population=population, ids=indicator_ids)
    return {(value.id, value.period_end.year): value.value for value in values if value.team is None}

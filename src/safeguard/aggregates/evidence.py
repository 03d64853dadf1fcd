"""Indicator values as evidence: frozen the day they are cited, shown within each viewer's rights.

A self-assessment grade, an improvement plan action's baseline, an audit report or a challenge
cites what the figures said *that day*. Later imports must never change what was cited (a
leader reading last spring's assessment sees last spring's evidence), so the governance records
keep a ``Measure``: the exact figure with its numerator, denominator, period and the fingerprint
of the state of the store it came from. When it is shown again, it goes through the same
disclosure rule as every other figure: to a viewer without child-level access a count from 1 to
5, or a percentage whose numerator or remainder is one, shows as ``[c]``.

The measure is the twelve months to a month's end: month-to-month movement in small numbers is
noise, and a year is what leaders are asked to judge. It is built from the same monthly figures
every page shows: events (referrals, assessments, conferences) are added up month by month,
which counts each event once, in the month it happened; an indicator of what is open on a day,
or read "as at" a return's end, takes its value at the last of the twelve months. So "as the
figures stood in March" and "as they stand now" are worked out the same way and can be compared.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from safeguard.aggregates.disclosure import CONFIDENTIAL, UNAVAILABLE, is_small
from safeguard.aggregates.hidden_cells import counts_staff, months_in_window
from safeguard.aggregates.published import published
from safeguard.aggregates.viewer import Viewer
from safeguard.aggregates.words import figure_text
from safeguard.indicators.catalogue import INDICATORS, Indicator, Kind, Unit, indicator
from safeguard.indicators.engine import IndicatorValue


@dataclass(frozen=True)
class Measure:
    """One indicator's figure as it stood on the day it was cited."""

    indicator_id: str
    title: str
    unit: str
    period_start: date
    period_end: date
    numerator: int | float | None
    denominator: int | float | None
    value: float | None
    fingerprint: str
    """The state of the store the figure came from (snapshots, settings, benchmarks)."""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["period_start"] = self.period_start.isoformat()
        data["period_end"] = self.period_end.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Measure:
        return cls(
            **{
                **data,
                "period_start": date.fromisoformat(data["period_start"]),
                "period_end": date.fromisoformat(data["period_end"]),
            }
        )

    @property
    def period_text(self) -> str:
        return f"{self.period_start:%B %Y} to {self.period_end:%B %Y}"

    def withheld_from(self, viewer: Viewer) -> bool:
        """Whether the figure rests on a count this viewer may not see: a count of 1 to 5 (DfE's
        rule), or a month the pages withhold. Twelve months' total beside the months a page or
        pack shows gives the hidden months' sum away by subtraction, so the total goes with them
        when that sum pins a month down: one hidden month, or several whose sum is 1 to 5
        (checked against the figures as they stand: a month is the same month in both). A figure
        that counts staff, not children, is never withheld (``hidden_cells.counts_staff``)."""
        if viewer.exact or counts_staff(indicator(self.indicator_id)):
            return False
        counts = [self.numerator]
        if self.unit == Unit.PERCENT.value and self.numerator is not None and self.denominator is not None:
            counts.append(self.denominator - self.numerator)
            counts.append(self.denominator)
        return any(is_small(count) for count in counts) or self._rests_on_hidden_month(viewer)

    def _rests_on_hidden_month(self, viewer: Viewer) -> bool:
        state = published()
        computed = state.figures.indicators.get(self.indicator_id)
        if computed is None:
            return False
        item = indicator(self.indicator_id)
        summed = not (item.kind is Kind.STOCK or item.as_at or item.unit is Unit.COUNT)
        first = self.period_start if summed else self.period_end.replace(day=1)
        hidden = state.hidden(self.indicator_id, viewer)
        withheld = {unit[1] for unit in months_in_window(computed, first, self.period_end) if unit in hidden}
        if not withheld:
            return False
        if not summed or len(withheld) == 1:
            return True
        months = [value for value in computed.months if value.team is None and value.period_start in withheld]
        return _hidden_sum_gives_away(months)

    def shown_to(self, viewer: Viewer) -> str:
        """The figure in words for this viewer: '23.5%', '412.0 per 10,000', '[c]' or '[x]'."""
        if self.value is None:
            return UNAVAILABLE
        if self.withheld_from(viewer):
            return CONFIDENTIAL
        return figure_text(self.value, self.unit)


YEAR_MONTHS = 12


def _hidden_sum_gives_away(months: Sequence[IndicatorValue]) -> bool:
    """Whether the hidden months' sum, which the twelve months' total and the shown months give
    away by subtraction, is itself a count of 1 to 5 (of what was counted, out of what, or the
    remainder): then each of them is pinned to a handful. Two or more hidden months summing to
    six or more leave each one unknown."""
    numerators = [month.numerator for month in months]
    denominators = [month.denominator for month in months]
    if any(count is None for count in numerators):
        return True
    sums = [sum(count or 0 for count in numerators)]
    if all(count is not None for count in denominators):
        total = sum(count or 0 for count in denominators)
        sums += [total, total - sums[0]]
    return any(is_small(count) for count in sums)


def _year_figures(item: Indicator, months: Sequence[IndicatorValue]) -> tuple[int | float | None, int | float | None, float | None]:
    """Numerator, denominator and value of twelve months of one indicator (see the module)."""
    last = months[-1]
    if item.kind is Kind.STOCK or item.as_at or item.unit is Unit.COUNT:
        return last.numerator, last.denominator, last.value
    if any(month.numerator is None for month in months):
        return None, None, None
    numerator = sum(month.numerator or 0 for month in months)
    if item.unit is Unit.PERCENT:
        if any(month.denominator is None for month in months):
            return numerator, None, None
        denominator = sum(month.denominator or 0 for month in months)
        return numerator, denominator, (100.0 * numerator / denominator) if denominator else None
    population = last.denominator
    return numerator, population, (10_000.0 * numerator / population) if population else None


def measure_to(indicator_id: str, last_month: date | None = None) -> Measure | None:
    """The indicator over the twelve months to ``last_month`` (default: the latest month with
    figures), as the store stands now; None when there are not twelve months of figures."""
    item = indicator(indicator_id)
    state = published()
    computed = state.figures.indicators.get(item.id)
    if computed is None or not computed.months:
        return None
    months = [value for value in computed.months if value.team is None]
    if last_month is not None:
        months = [value for value in months if value.period_start <= last_month]
    window = months[-YEAR_MONTHS:]
    if len(window) < YEAR_MONTHS:
        return None
    numerator, denominator, value = _year_figures(item, window)
    return Measure(
        indicator_id=item.id,
        title=item.title,
        unit=item.unit.value,
        period_start=window[0].period_start,
        period_end=window[-1].period_end,
        numerator=numerator,
        denominator=denominator,
        value=value,
        fingerprint=state.figures.fingerprint,
    )


def current_measure(indicator_id: str) -> Measure | None:
    """The indicator over the latest twelve months the store has figures for."""
    return measure_to(indicator_id)


def current_measures(indicator_ids: list[str] | None = None) -> dict[str, Measure]:
    """Every (or the named) indicator's current measure, for freezing a whole set at once."""
    wanted = indicator_ids if indicator_ids is not None else [item.id for item in INDICATORS]
    found = {}
    for identifier in wanted:
        measure = current_measure(identifier)
        if measure is not None:
            found[identifier] = measure
    return found


def movement_text(baseline: Measure, latest: Measure, viewer: Viewer) -> str:
    """How far an indicator has moved between two measures, in words, within the viewer's rights:
    'from 23.5% (April 2024 to March 2025) to 19.0% (June 2024 to May 2025)'."""
    return (
        f"from {baseline.shown_to(viewer)} ({baseline.period_text}) "
        f"to {latest.shown_to(viewer)} ({latest.period_text})"
    )


def polarity_of(indicator_id: str) -> str:
    return indicator(indicator_id).polarity.value

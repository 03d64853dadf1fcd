"""Disclosure control over one indicator's figures: which of its cells a viewer without
child-level access may not see, given the totals a reader could subtract with."""

from __future__ import annotations

from typing import Any

from safeguard.aggregates.disclosure import Total, is_small, protect
from safeguard.aggregates.figures import ComputedIndicator
from safeguard.indicators.catalogue import Indicator, Kind
from safeguard.indicators.engine import IndicatorValue
from safeguard.indicators.periods import financial_year

Unit_ = tuple[Any, ...]
"""A published cell of an indicator: ("month", date), ("year", year ending March), ("baseline",),
("team_month", team), ("team_year", team), ("council_year",)."""


def _cell_counts(value: IndicatorValue) -> tuple[int, bool]:
    """The count a cell rests on (for choosing companions) and whether DfE's rule hides it."""
    return value.numerator or 0, is_small(value.numerator) or is_small(value.denominator)


def hidden_cells(item: Indicator, computed: ComputedIndicator, teams: bool) -> frozenset[Unit_]:
    """The cells of one indicator to withhold from a viewer without child-level access.

    The totals are those a reader could subtract with: a flow's months add up to its financial
    year, a stock's year is its March; the baseline mean of the control chart is a total over
    its months; with teams shown, the teams add up to the council in the last month and over
    the last 12 months, and those 12 months add up to the same council figure.

    A cell with no figure at all (``[x]`` to everyone, such as a month no return records for an
    indicator counted only as at a return's end) is no cell of any total: it is shown as not
    available, never chosen to hide, and protects nothing.
    """
    counts: dict[Unit_, int] = {}
    primary: set[Unit_] = set()
    totals: list[Total[Unit_]] = []

    def cell(key: Unit_, value: IndicatorValue) -> None:
        if value.value is None and value.numerator is None:
            return
        counts[key], small = _cell_counts(value)
        if small:
            primary.add(key)

    for value in computed.months:
        cell(("month", value.period_start), value)
    for value in computed.years:
        year = value.period_end.year
        cell(("year", year), value)
        start = financial_year(year - 1).start
        in_year = tuple(("month", month.period_start) for month in computed.months if start <= month.period_start <= value.period_end)
        if item.kind is Kind.STOCK:
            in_year = tuple(key for key in in_year if key[1].month == 3)
        if in_year:
            totals.append(Total(("year", year), in_year))
    if computed.baseline is not None:
        baseline = computed.baseline
        in_baseline = tuple(
            ("month", value.period_start)
            for value in computed.months
            if value.value is not None and baseline.start <= value.period_start <= baseline.end
        )
        counts[("baseline",)] = sum(counts[key] for key in in_baseline)
        totals.append(Total(("baseline",), in_baseline))
    if teams and computed.months:
        latest = ("month", computed.months[-1].period_start)
        for value in computed.teams_month:
            cell(("team_month", value.team), value)
        totals.append(Total(latest, tuple(("team_month", value.team) for value in computed.teams_month)))
        if computed.council_year is not None:
            cell(("council_year",), computed.council_year)
            for value in computed.teams_year:
                cell(("team_year", value.team), value)
            totals.append(Total(("council_year",), tuple(("team_year", value.team) for value in computed.teams_year)))
            if item.kind is Kind.FLOW:
                start = computed.council_year.period_start
                totals.append(Total(("council_year",), tuple(("month", value.period_start) for value in computed.months if value.period_start >= start)))
            else:
                totals.append(Total(("council_year",), (latest,)))
    shown_totals = [
        Total(total.total, tuple(part for part in total.parts if part in counts))
        for total in totals
        if total.total in counts
    ]
    return protect(counts, [total for total in shown_totals if total.parts], primary)

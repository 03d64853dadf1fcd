"""Disclosure control over every indicator's figures at once: which cells a viewer without
child-level access may not see, given every total a reader could subtract with and every count
that two indicators share (``shown_together``).

One answer covers the whole store, so a page, a download, a pack or the API, and any two of them
read side by side, can never be combined to work out a hidden count: each shows part of the same
set of cells, with the same ones withheld.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from safeguard.aggregates.figures import ComputedIndicator
from safeguard.aggregates.shown_together import Disclosure, Remainder
from safeguard.indicators.catalogue import Indicator, Kind, Unit, indicator
from safeguard.indicators.engine import IndicatorValue
from safeguard.indicators.periods import financial_year

Unit_ = tuple[Any, ...]
"""A published cell of an indicator: ("month", date), ("year", year ending March), ("baseline",),
("team_month", team), ("team_year", team), ("council_year",)."""

NUMERATOR = "numerator"
DENOMINATOR = "denominator"

SAME_COUNTS: Mapping[tuple[str, str], tuple[str, str]] = {
    ("re_referral_rate", DENOMINATOR): ("referrals_per_10k", NUMERATOR),
    ("referral_nfa_rate", DENOMINATOR): ("referrals_per_10k", NUMERATOR),
    ("icpc_within_15wd", DENOMINATOR): ("icpc_per_10k", NUMERATOR),
    ("cpp_repeat_rate", DENOMINATOR): ("cpp_starts_per_10k", NUMERATOR),
    ("cpp_visit_in_timescale", DENOMINATOR): ("cpp_per_10k", NUMERATOR),
    ("cla_3plus_placements_rate", DENOMINATOR): ("cla_per_10k", NUMERATOR),
    ("cla_visit_in_timescale", DENOMINATOR): ("cla_per_10k", NUMERATOR),
    ("return_interview_offered_rate", DENOMINATOR): ("cla_missing_rate", NUMERATOR),
    ("return_interview_accepted_rate", DENOMINATOR): ("return_interview_offered_rate", NUMERATOR),
}
"""Counts two indicators share, by their definitions (``safeguard.indicators.catalogue``): the
referrals the referral rate counts are the denominator of the re-referral rate, and so on. A
reader who sees one sees the other."""



def counts_staff(item: Indicator) -> bool:
    """Whether an indicator counts staff, not children: the workforce percentages (vacancies,
    turnover, agency, absence, newly qualified, supervision) count full-time equivalents, working
    days or workers. DfE's rule for small numbers protects children; it does not apply to them,
    and a council's staff totals point to no one person. (The caseloads count children, so they
    keep the rule.) Team by team, staff figures are shown only to roles that see every count
    (``Permission.SEE_TEAM_DETAIL``); the leaders' workforce page withholds a small team's
    (``safeguard.aggregates.workforce``)."""
    return item.workforce and item.unit is Unit.PERCENT


Cell = tuple[str, Unit_]
CountKey = tuple[Any, ...]


class _Counts:
    """Names each count a cell shows, so that a count two indicators share has one name."""

    def __init__(self, disclosure: Disclosure[Cell, CountKey]) -> None:
        self.disclosure = disclosure
        self.values: dict[CountKey, int] = {}

    def key(self, item: Indicator, part: str, value: IndicatorValue) -> CountKey:
        """The count's shared name, unless the figures disagree with the definitions (then its own)."""
        period = (value.team, value.period_start, value.period_end)
        if (item.id, part) not in SAME_COUNTS:
            return (item.id, part, *period)
        shared = (*SAME_COUNTS[(item.id, part)], *period)
        own = (item.id, part, "alone", *period)
        count = _count(value, part)
        known = self.values.get(shared)
        return shared if known is None or known == count else own

    def show(self, item: Indicator, unit: Unit_, value: IndicatorValue) -> None:
        counts = {self.key(item, part, value): _count(value, part) for part in _parts(item)}
        known = {key: count for key, count in counts.items() if count is not None}
        self.values.update(known)
        remainder = None
        if item.unit is Unit.PERCENT and value.numerator is not None and value.denominator is not None:
            remainder = Remainder(whole=self.key(item, DENOMINATOR, value), part=self.key(item, NUMERATOR, value))
        self.disclosure.show((item.id, unit), known, remainder)

    def relate(self, item: Indicator, total: IndicatorValue, parts: list[IndicatorValue]) -> None:
        """The parts add up to the total, numerators and (for a percentage) denominators alike."""
        for part in _parts(item):
            self.disclosure.relate(self.key(item, part, total), [self.key(item, part, value) for value in parts])


def _parts(item: Indicator) -> tuple[str, ...]:
    """The counts a row shows: a rate per 10,000 divides by the published population, not a count."""
    return (NUMERATOR, DENOMINATOR) if item.unit is Unit.PERCENT else (NUMERATOR,)


def _count(value: IndicatorValue, part: str) -> int | float | None:
    return value.numerator if part == NUMERATOR else value.denominator


def _has_figure(value: IndicatorValue) -> bool:
    """A cell with no figure at all is shown as not available to everyone: it is no cell of any total."""
    return value.value is not None or value.numerator is not None


def hidden_cells_of_all(indicators: Mapping[str, ComputedIndicator], teams: bool) -> dict[str, frozenset[Unit_]]:
    """The cells of every indicator to withhold from a viewer without child-level access.

    The totals are those a reader could subtract with: a flow's months add up to its financial
    year, a stock's year is its March; with teams shown, the teams add up to the council in the
    last month and over the last 12 months, and those 12 months add up to the same council figure.
    Counts two indicators share (``SAME_COUNTS``) are one count. The control chart's mean and
    limits are withheld whenever a month they rest on is (a mean of percentages, with each
    month's denominator known from another indicator, would otherwise be one more equation).
    Indicators that count staff, not children (``counts_staff``), have no cell withheld here.
    """
    disclosure: Disclosure[Cell, CountKey] = Disclosure()
    counts = _Counts(disclosure)
    items = {identifier: indicator(identifier) for identifier in indicators}
    of_children = {identifier: computed for identifier, computed in indicators.items() if not counts_staff(items[identifier])}
    for identifier, computed in of_children.items():
        _show_cells(items[identifier], computed, teams, counts)
    for identifier, computed in of_children.items():
        _relate_cells(items[identifier], computed, teams, counts)
    hidden = disclosure.hidden()
    found = {}
    for identifier, computed in indicators.items():
        units = {unit for owner, unit in hidden if owner == identifier}
        baseline = computed.baseline
        if baseline is not None and any(
            ("month", value.period_start) in units for value in computed.months if baseline.start <= value.period_start <= baseline.end
        ):
            units.add(("baseline",))
        found[identifier] = frozenset(units)
    return found


def _show_cells(item: Indicator, computed: ComputedIndicator, teams: bool, counts: _Counts) -> None:
    for value in computed.months:
        if _has_figure(value):
            counts.show(item, ("month", value.period_start), value)
    for value in computed.years:
        if _has_figure(value):
            counts.show(item, ("year", value.period_end.year), value)
    if teams and computed.months:
        for value in computed.teams_month:
            if _has_figure(value):
                counts.show(item, ("team_month", value.team), value)
        if computed.council_year is not None:
            if _has_figure(computed.council_year):
                counts.show(item, ("council_year",), computed.council_year)
            for value in computed.teams_year:
                if _has_figure(value):
                    counts.show(item, ("team_year", value.team), value)


def _relate_cells(item: Indicator, computed: ComputedIndicator, teams: bool, counts: _Counts) -> None:
    months = [value for value in computed.months if _has_figure(value)]
    for value in computed.years:
        start = financial_year(value.period_end.year - 1).start
        in_year = [month for month in months if start <= month.period_start <= value.period_end]
        if item.kind is Kind.STOCK:
            in_year = [month for month in in_year if month.period_start.month == 3]
        if in_year and _has_figure(value):
            counts.relate(item, value, in_year)
    if not (teams and months):
        return
    latest = computed.months[-1]
    if _has_figure(latest):
        counts.relate(item, latest, [value for value in computed.teams_month if _has_figure(value)])
    council = computed.council_year
    if council is None or not _has_figure(council):
        return
    counts.relate(item, council, [value for value in computed.teams_year if _has_figure(value)])
    if item.kind is Kind.FLOW:
        counts.relate(item, council, [value for value in months if value.period_start >= council.period_start])
    elif _has_figure(latest):
        counts.relate(item, council, [latest])


def months_in_window(computed: ComputedIndicator, first: date, last: date) -> list[Unit_]:
    """The month cells between two months' first days, both included."""
    return [("month", value.period_start) for value in computed.months if first <= value.period_start <= last]

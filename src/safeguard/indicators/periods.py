"""Reporting periods: months, quarters and financial years (April to March), or one date range.

Councils report on the financial year, as DfE's statistics do: the year ending 31 March. A
quarter is a quarter of that year (April-June is Q1), which falls on the same dates as the
calendar quarters. A range that does not start or end on a boundary is cut at the range's own
dates, so the first and last periods may be part-months: every period lies inside the range
that was asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from safeguard.calendar import month_end, month_start
from safeguard.errors import SafeguardError


class Granularity(str, Enum):
    """How a date range is divided into periods."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


@dataclass(frozen=True, order=True)
class Period:
    """A span of whole days, both ends included."""

    start: date
    end: date

    @property
    def label(self) -> str:
        """A short name: "2024-03" for a whole month, "2023-24 Q4" for a whole quarter,
        "2023-24" for a whole financial year, else the two dates."""
        if self == month_of(self.start):
            return f"{self.start:%Y-%m}"
        if self == quarter_of(self.start):
            year = financial_year_of(self.start)
            return f"{financial_year_label(year)} Q{(self.start.month - 4) % 12 // 3 + 1}"
        if self == financial_year(financial_year_of(self.start)):
            return financial_year_label(financial_year_of(self.start))
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


def financial_year_of(day: date) -> int:
    """The calendar year in which the financial year holding ``day`` begins (April)."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(first_year: int) -> str:
    """"2023-24" for the year from April 2023 to March 2024."""
    return f"{first_year}-{(first_year + 1) % 100:02d}"


def financial_year(first_year: int) -> Period:
    """1 April ``first_year`` to 31 March of the next year."""
    return Period(date(first_year, 4, 1), date(first_year + 1, 3, 31))


def year_ended_by(year_ending: int, day: date) -> bool:
    """Whether the financial year ending in March ``year_ending`` (as published benchmarks name
    their years) was over by ``day``: a report for a month compares only with years over by then."""
    return financial_year(year_ending - 1).end <= day


def month_of(day: date) -> Period:
    """The calendar month holding ``day``."""
    return Period(month_start(day), month_end(day))


def quarter_of(day: date) -> Period:
    """The quarter (January-March, April-June, July-September, October-December) holding ``day``."""
    first_month = (day.month - 1) // 3 * 3 + 1
    return Period(date(day.year, first_month, 1), month_end(date(day.year, first_month + 2, 1)))


def _whole_period(granularity: Granularity, day: date) -> Period:
    if granularity is Granularity.MONTH:
        return month_of(day)
    if granularity is Granularity.QUARTER:
        return quarter_of(day)
    return financial_year(financial_year_of(day))


def parse_granularity(by: str | Granularity | None) -> Granularity | None:
    """``by`` as a `Granularity`; a clear error for anything but month, quarter or year."""
    if by is None or isinstance(by, Granularity):
        return by
    try:
        return Granularity(by.strip().lower())
    except ValueError:
        raise SafeguardError(f"--by must be month, quarter or year, not {by!r}.") from None


def split(start: date, end: date, by: str | Granularity | None = None) -> list[Period]:
    """The periods of ``by`` covering ``start`` to ``end``, cut at those dates; one period if ``by`` is None."""
    if end < start:
        raise SafeguardError(f"The period ends ({end.isoformat()}) before it starts ({start.isoformat()}).")
    granularity = parse_granularity(by)
    if granularity is None:
        return [Period(start, end)]
    periods = []
    day = start
    while day <= end:
        whole = _whole_period(granularity, day)
        periods.append(Period(day, min(whole.end, end)))
        day = whole.end + timedelta(days=1)
    return periods

"""Days as whole numbers, and the arithmetic the synthetic council's journeys need.

The simulation handles hundreds of thousands of events, so a day is a plain integer (the
proleptic Gregorian ordinal, ``date.toordinal()``) and working-day arithmetic is a list lookup.
Month and working-day arithmetic is the one calendar's (``safeguard.calendar``: day 0 is the
start date, the deadline is the Nth working day after it, bank holidays from ``holidays`` with
the subdivision ENG), so a generated assessment marked "in time" is in time by the indicator's
definition too; the functions here only turn its dates into day numbers and back.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from safeguard import calendar

EXCEL_EPOCH = date(1899, 12, 30).toordinal()
"""Excel's day 0 (serial numbers count days from it, in the 1900 date system)."""


def day_of(value: date) -> int:
    return value.toordinal()


def date_of(day: int) -> date:
    return date.fromordinal(day)


@lru_cache(maxsize=1 << 16)
def add_months(day: int, months: int) -> int:
    """The same day of the month ``months`` later (or earlier), clipped to the month's end."""
    return calendar.add_months(date.fromordinal(day), months).toordinal()


def add_years(day: int, years: int) -> int:
    return add_months(day, 12 * years)


@lru_cache(maxsize=1 << 16)
def month_end(day: int) -> int:
    """The last day of the month holding ``day``."""
    return calendar.month_end(date.fromordinal(day)).toordinal()


def month_start(day: int) -> int:
    return date.fromordinal(day).replace(day=1).toordinal()


def age_on(birth: int, day: int) -> int:
    """Age in whole years on ``day``: birthdays not yet reached this year do not count."""
    born = date.fromordinal(birth)
    then = date.fromordinal(day)
    return then.year - born.year - ((then.month, then.day) < (born.month, born.day))


def birthday(birth: int, years: int) -> int:
    """The day a child born on ``birth`` turns ``years`` (a 29 February birthday falls on 1 March)."""
    born = date.fromordinal(birth)
    try:
        return born.replace(year=born.year + years).toordinal()
    except ValueError:
        return date(born.year + years, 3, 1).toordinal()


def financial_year_end(day: int) -> int:
    """The calendar year in which the financial year holding ``day`` ends (31 March)."""
    value = date.fromordinal(day)
    return value.year + 1 if value.month >= 4 else value.year


def thirty_first_march(year: int) -> int:
    return date(year, 3, 31).toordinal()


def within_twelve_months(previous: int, later: int) -> bool:
    """Whether ``previous`` falls on or after the same day twelve calendar months before ``later``.

    The re-referral indicator's test (a previous referral "within 12 months"), kept here so the
    generator plants re-referrals by the definition they will be counted by.
    """
    return previous >= add_months(later, -12)

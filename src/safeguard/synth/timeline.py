"""Days as whole numbers, and the arithmetic the synthetic council's journeys need.

The simulation handles hundreds of thousands of events, so a day is a plain integer (the
proleptic Gregorian ordinal, ``date.toordinal()``) and working-day arithmetic is a list lookup.
The meaning of "within N working days" is the indicators' own (`safeguard.indicators.working_days`:
day 0 is the start date, the deadline is the Nth working day after it), and the bank holidays
are the same (``holidays``, subdivision ENG), so a generated assessment marked "in time" is in
time by the indicator's definition too.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta
from functools import lru_cache

from safeguard.indicators.working_days import bank_holidays

EXCEL_EPOCH = date(1899, 12, 30).toordinal()
"""Excel's day 0 (serial numbers count days from it, in the 1900 date system)."""


def day_of(value: date) -> int:
    return value.toordinal()


def date_of(day: int) -> date:
    return date.fromordinal(day)


@lru_cache(maxsize=1 << 16)
def add_months(day: int, months: int) -> int:
    """The same day of the month ``months`` later (or earlier), clipped to the month's end."""
    value = date.fromordinal(day)
    index = value.year * 12 + value.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(value.day, month_length(year, month + 1))).toordinal()


def add_years(day: int, years: int) -> int:
    return add_months(day, 12 * years)


def month_length(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


@lru_cache(maxsize=1 << 16)
def month_end(day: int) -> int:
    """The last day of the month holding ``day``."""
    value = date.fromordinal(day)
    return date(value.year, value.month, month_length(value.year, value.month)).toordinal()


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


class WorkingDays:
    """England's working days between two dates, with O(1) deadlines and counts.

    ``deadline(start, n)`` is the Nth working day after ``start``; ``count_after(start, end)``
    is how many working days fall after ``start`` up to and including ``end``. Both agree with
    `safeguard.indicators.working_days` by construction (same holidays, same day 0).
    """

    def __init__(self, first: int, last: int) -> None:
        self.first = first
        self.last = last
        holidays: set[int] = set()
        for year in range(date.fromordinal(first).year, date.fromordinal(last).year + 1):
            holidays.update(day.toordinal() for day in bank_holidays(year))
        self._number: list[int] = []
        self._working: list[int] = []
        count = 0
        for day in range(first, last + 1):
            if date.fromordinal(day).weekday() < 5 and day not in holidays:
                count += 1
                self._working.append(day)
            self._number.append(count)

    def _count_to(self, day: int) -> int:
        """Working days from ``first`` up to and including ``day``."""
        if day < self.first or day > self.last:
            raise ValueError(f"{date.fromordinal(day)} is outside the working-day calendar")
        return self._number[day - self.first]

    def deadline(self, start: int, working_days: int) -> int:
        """The Nth working day after ``start`` (``start`` itself when N is 0)."""
        if working_days == 0:
            return start
        return self._working[self._count_to(start) + working_days - 1]

    def count_after(self, start: int, end: int) -> int:
        """Working days after ``start`` up to and including ``end``; 0 when ``end`` <= ``start``."""
        if end <= start:
            return 0
        return self._count_to(end) - self._count_to(start)

    def on_or_after(self, day: int) -> int:
        """``day`` if it is a working day, else the next one."""
        return self._working[self._count_to(day - 1)]

    def on_or_before(self, day: int) -> int:
        """``day`` if it is a working day, else the one before."""
        return self._working[bisect_right(self._working, day) - 1]

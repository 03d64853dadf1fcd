"""The one calendar: months, working days and England's bank holidays.

Every date calculation in Safeguard comes from here: the indicators' statutory timescales (45
working days for an assessment, 15 for an initial child protection conference), the governance
records' deadlines (a rapid review, a stage of a professional disagreement, a due date on the
improvement plan), the synthetic council's journeys and the early warning's months. The
timescales themselves are data (``safeguard.timescales``); this module only counts.

Bank holidays come from the ``holidays`` package with the subdivision ENG, which knows the one-off
days too (the coronation on 8 May 2023, the state funeral on 19 September 2022) and the substitute
days when Christmas falls at a weekend.

What "within N working days" means here, precisely:

* the clock starts on the start date itself, which is day 0 whatever day of the week it is;
* the deadline is the Nth working day after the start date;
* an event on or before its deadline is in time, and one after it is late.

So an assessment started on Monday 4 March 2024 has its 45th working day on Thursday 9 May 2024
(Good Friday, Easter Monday and the May Day holiday do not count), and one authorised that day
is in time.

The indicator SQL does the same arithmetic with ``calendar_table`` joined in SQL, so that the
definitions stay portable (no Python inside the query); ``WorkingDays`` does it on day numbers
for the synthetic council's hundreds of thousands of events. Tests hold all three to agree.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta
from functools import lru_cache

import holidays
import pyarrow as pa

SUBDIVISION = "ENG"
FIRST_YEAR = 1950
LAST_YEAR = 2150
"""The years the calendar can describe; dates outside them are certainly typing errors."""


@lru_cache(maxsize=256)
def bank_holidays(year: int) -> frozenset[date]:
    """England's bank holidays in one year (substitute days included)."""
    return frozenset(holidays.country_holidays("GB", subdiv=SUBDIVISION, years=year))


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a bank holiday in England."""
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def working_day_deadline(start: date, working_days: int) -> date:
    """The Nth working day after ``start`` (the last day on which something is in time)."""
    if working_days < 0:
        raise ValueError("a timescale cannot be a negative number of working days")
    day = start
    remaining = working_days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def within_working_days(start: date, event: date, working_days: int) -> bool:
    """Whether ``event`` happened on or before the Nth working day after ``start``."""
    return event <= working_day_deadline(start, working_days)


def working_days_after(start: date, end: date) -> int:
    """How many working days fall after ``start`` up to and including ``end`` (0 if ``end`` <= ``start``)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def calendar_table(first: date, last: date) -> pa.Table:
    """Every day from ``first`` to ``last`` with its working-day number, for joining in SQL.

    ``working_day_number`` counts the working days up to and including the day, so for any
    start date ``s`` the deadline N working days later is the working day whose number is
    ``number(s) + N``. Counting from a day before ``first`` keeps the numbers positive.
    """
    first = max(first, date(FIRST_YEAR, 1, 1))
    last = min(last, date(LAST_YEAR, 12, 31))
    days: list[date] = []
    working: list[bool] = []
    numbers: list[int] = []
    number = 0
    day = first
    while day <= last:
        open_for_work = is_working_day(day)
        number += open_for_work
        days.append(day)
        working.append(open_for_work)
        numbers.append(number)
        day += timedelta(days=1)
    return pa.table(
        {
            "calendar_date": pa.array(days, pa.date32()),
            "is_working_day": pa.array(working, pa.bool_()),
            "working_day_number": pa.array(numbers, pa.int64()),
        }
    )


def month_length(year: int, month: int) -> int:
    """Days in a calendar month."""
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


def month_start(day: date) -> date:
    """The first day of the month holding ``day``."""
    return day.replace(day=1)


def month_end(day: date) -> date:
    """The last day of the month holding ``day``."""
    return day.replace(day=month_length(day.year, day.month))


def add_months(day: date, months: int) -> date:
    """The same day of the month ``months`` later (or, negative, earlier), clipped to that month's
    end: one month after 31 January is 28 or 29 February."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, month_length(year, month + 1)))


def months_later(month: date, count: int) -> date:
    """The first day of the month ``count`` months after (or, negative, before) ``month``'s."""
    return add_months(month_start(month), count)


def months_between(earlier: date, later: date) -> int:
    """Whole calendar months from ``earlier``'s month to ``later``'s (the days are ignored)."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def add_weeks(day: date, weeks: int) -> date:
    return day + timedelta(weeks=weeks)


class WorkingDays:
    """England's working days between two dates, with O(1) deadlines and counts.

    ``deadline(start, n)`` is the Nth working day after ``start``; ``count_after(start, end)``
    is how many working days fall after ``start`` up to and including ``end``. Both agree with
    ``working_day_deadline`` and ``working_days_after`` by construction (same holidays, same day 0).
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

"""Working days in England: Monday to Friday, less England's bank holidays.

Statutory timescales (45 working days for an assessment, 15 for an initial child protection
conference) count working days. Bank holidays come from the ``holidays`` package with the
subdivision ENG, which knows the one-off days too (the coronation on 8 May 2023, the state
funeral on 19 September 2022) and the substitute days when Christmas falls at a weekend.

What "within N working days" means here, precisely:

* the clock starts on the start date itself, which is day 0 whatever day of the week it is;
* the deadline is the Nth working day after the start date;
* an event on or before its deadline is in time, and one after it is late.

So an assessment started on Monday 4 March 2024 has its 45th working day on Thursday 9 May 2024
(Good Friday, Easter Monday and the May Day holiday do not count), and one authorised that day
is in time.

The indicator SQL does the same arithmetic with `calendar_table` joined in SQL, so that the
definitions stay portable (no Python inside the query); the functions here are for Python
callers and for testing that the two agree.
"""

from __future__ import annotations

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

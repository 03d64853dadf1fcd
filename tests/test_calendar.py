"""Working days in England, with deadlines counted by hand across the holidays that matter."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from safeguard.calendar import (
    calendar_table,
    is_working_day,
    within_working_days,
    working_day_deadline,
    working_days_after,
)


def test_weekends_and_bank_holidays_are_not_working_days() -> None:
    assert is_working_day(date(2024, 3, 28))  # Maundy Thursday
    assert not is_working_day(date(2024, 3, 29))  # Good Friday
    assert not is_working_day(date(2024, 4, 1))  # Easter Monday
    assert not is_working_day(date(2024, 3, 30))  # Saturday
    assert not is_working_day(date(2023, 5, 8))  # coronation of Charles III (a one-off holiday)
    assert not is_working_day(date(2022, 9, 19))  # state funeral of Elizabeth II
    assert not is_working_day(date(2022, 12, 27))  # Christmas Day fell on a Sunday: substitute day
    assert is_working_day(date(2024, 2, 29))  # a leap day that is a Thursday


def test_the_start_date_is_day_zero_and_the_deadline_is_the_nth_working_day_after() -> None:
    assert working_day_deadline(date(2024, 6, 3), 1) == date(2024, 6, 4)  # Monday -> Tuesday
    assert working_day_deadline(date(2024, 6, 1), 1) == date(2024, 6, 3)  # Saturday -> Monday
    assert working_day_deadline(date(2024, 6, 3), 0) == date(2024, 6, 3)
    assert working_day_deadline(date(2024, 2, 28), 1) == date(2024, 2, 29)  # leap day counts


def test_christmas_and_new_year() -> None:
    # Friday 22 December 2023: weekend, Christmas Day and Boxing Day are skipped.
    assert working_day_deadline(date(2023, 12, 22), 1) == date(2023, 12, 27)
    # Friday 23 December 2022: Boxing Day and the substitute for Christmas Day are skipped.
    assert working_day_deadline(date(2022, 12, 23), 1) == date(2022, 12, 28)
    # 15 working days from Wednesday 20 December 2023 (counted by hand: 21, 22, 27, 28, 29
    # December; 2-5, 8-12 January; New Year's Day skipped) land on Monday 15 January 2024.
    assert working_day_deadline(date(2023, 12, 20), 15) == date(2024, 1, 15)


def test_easter() -> None:
    assert working_day_deadline(date(2024, 3, 28), 1) == date(2024, 4, 2)
    # Monday 20 March 2023 + 15: 21-24 and 27-31 March, 3-6 April, then Good Friday and Easter
    # Monday are skipped: 11 and 12 April.
    assert working_day_deadline(date(2023, 3, 20), 15) == date(2023, 4, 12)


def test_a_45_working_day_window_with_bank_holidays_inside() -> None:
    # From Monday 4 March 2024: Good Friday, Easter Monday and the early May bank holiday all
    # fall inside the window, pushing the 45th working day to Thursday 9 May (counted by hand).
    deadline = working_day_deadline(date(2024, 3, 4), 45)
    assert deadline == date(2024, 5, 9)
    assert within_working_days(date(2024, 3, 4), date(2024, 5, 9), 45)
    assert not within_working_days(date(2024, 3, 4), date(2024, 5, 10), 45)
    # The coronation holiday on 8 May 2023 moves a deadline that a calendar without it would miss.
    assert working_day_deadline(date(2023, 5, 5), 1) == date(2023, 5, 9)


def test_working_days_after_counts_the_days_between() -> None:
    assert working_days_after(date(2024, 3, 28), date(2024, 4, 2)) == 1
    assert working_days_after(date(2024, 3, 4), date(2024, 5, 9)) == 45
    assert working_days_after(date(2024, 5, 9), date(2024, 3, 4)) == 0


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)), st.integers(min_value=0, max_value=70))
def test_a_deadline_is_a_working_day_exactly_n_working_days_on(start: date, days: int) -> None:
    deadline = working_day_deadline(start, days)
    assert working_days_after(start, deadline) == days
    if days:
        assert is_working_day(deadline)
        assert working_days_after(start, deadline - timedelta(days=1)) == days - 1


def test_the_sql_calendar_gives_the_same_deadlines_as_python() -> None:
    first, last = date(2022, 1, 1), date(2025, 12, 31)
    connection = duckdb.connect()
    connection.register("calendar", calendar_table(first, last))
    starts = [first + timedelta(days=offset) for offset in range(0, 1000, 7)]
    for days in (1, 10, 15, 45):
        found = connection.execute(
            """
            SELECT started.calendar_date, deadline.calendar_date
            FROM calendar AS started
            JOIN calendar AS deadline
              ON deadline.is_working_day AND deadline.working_day_number = started.working_day_number + ?
            WHERE started.calendar_date IN (SELECT UNNEST(?))
            ORDER BY 1
            """,
            [days, starts],
        ).fetchall()
        assert found == [(start, working_day_deadline(start, days)) for start in starts]


def test_the_calendar_marks_every_day() -> None:
    table = calendar_table(date(2024, 3, 27), date(2024, 4, 3)).to_pylist()
    assert [row["is_working_day"] for row in table] == [True, True, False, False, False, False, True, True]
    assert [row["working_day_number"] for row in table] == [1, 2, 2, 2, 2, 2, 3, 4]

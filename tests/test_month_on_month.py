"""Month on month, a figure is called better or worse only when it moved more than it usually does
from one month to the next (``safeguard.aggregates.indicator_pages``): leaders read the home page,
the dashboard and the briefing's "what changed since last month", and a month that got "worse" by
noise alone is a false alarm of its own."""

from __future__ import annotations

from datetime import date

from safeguard.aggregates.indicator_pages import PeriodRow, _direction, usual_monthly_change
from safeguard.calendar import month_end, months_later
from safeguard.indicators.catalogue import indicator

RE_REFERRALS = indicator("re_referral_rate")
"""Lower is better."""


def rows(values: list[float | str]) -> list[PeriodRow]:
    start = date(2024, 1, 1)
    months = []
    for number, value in enumerate(values):
        first = months_later(start, number)
        months.append(PeriodRow(label=f"{first:%B %Y}", start=first, end=month_end(first), unit="percent",
                                numerator=10, denominator=50, value=value))
    return months


def test_the_usual_change_is_the_average_month_to_month_move_before_the_latest_month():
    # Changes 2, 2, 2, 2, 2, 2 before the latest; the latest month's own move is left out.
    assert usual_monthly_change(rows([20, 22, 20, 22, 20, 22, 20, 40])) == 2.0
    # Five changes are too few to say what is usual.
    assert usual_monthly_change(rows([20, 22, 20, 22, 20, 22, 40])) is None


def test_a_withheld_month_gives_no_change_on_either_side():
    # 20 -> 22 -> [c] -> 22 -> 20 ...: the two changes beside [c] are skipped, six remain (each 2).
    values: list[float | str] = [20, 22, "[c]", 22, 20, 22, 20, 22, 20, 21]
    assert usual_monthly_change(rows(values)) == 2.0


def test_a_move_within_the_usual_ups_and_downs_is_not_called_worse():
    # Usual move 2 points; 2.5 times that is 5: a rise of 5 points is within it.
    direction, text = _direction(RE_REFERRALS, rows([20, 22, 20, 22, 20, 22, 20, 25]))
    assert direction == "up"
    assert text == "Up 5.0 percentage points from 20.0% in July 2024, within its usual month-to-month ups and downs"


def test_a_move_beyond_the_usual_ups_and_downs_is_judged_by_the_polarity():
    direction, text = _direction(RE_REFERRALS, rows([20, 22, 20, 22, 20, 22, 20, 25.1]))
    assert (direction, text) == ("up", "Up 5.1 percentage points from 20.0% in July 2024 (worse)")
    direction, text = _direction(RE_REFERRALS, rows([20, 22, 20, 22, 20, 22, 20, 14]))
    assert (direction, text) == ("down", "Down 6.0 percentage points from 20.0% in July 2024 (better)")


def test_a_short_series_judges_every_move():
    assert _direction(RE_REFERRALS, rows([20, 21]))[1] == "Up 1.0 percentage points from 20.0% in January 2024 (worse)"

"""Team caseload warnings: rising and volatile, worked out by hand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from safeguard.warnings.caseloads import team_caseload_warnings


@dataclass(frozen=True)
class Month:
    team: str | None
    period_start: date
    value: float | None


def series(team: str, values: list[float]) -> list[Month]:
    return [Month(team, date(2024, 4 + index, 1) if index < 9 else date(2025, index - 8, 1), value) for index, value in enumerate(values)]


STEADY = [18.0, 18.5, 18.0, 18.5, 18.0, 18.5]
"""Mean 18.25, average moving range 0.5: the usual range reaches 18.25 + 2.66 x 0.5 = 19.58."""


def test_a_steady_team_raises_nothing() -> None:
    assert team_caseload_warnings(series("North", [*STEADY, 18.0, 18.5, 18.0])) == []


def test_a_team_climbing_above_its_usual_range_is_rising() -> None:
    [warning] = team_caseload_warnings(series("North", [*STEADY, 19.0, 19.4, 19.7]))

    assert (warning.team, warning.kind, warning.month, warning.value, warning.usual) == ("North", "rising", date(2024, 12, 1), 19.7, 18.25)


def test_three_rises_ending_ten_percent_up_is_rising_even_inside_a_wide_range() -> None:
    wide = [15.0, 19.0, 15.0, 19.0, 15.0, 19.0]  # mean 17, moving range 4: range up to 27.6
    found = team_caseload_warnings(series("South", [*wide, 19.5, 20.0, 20.5]))

    assert [(warning.kind, warning.value) for warning in found] == [("rising", 20.5)]


def test_a_sudden_swing_is_volatile() -> None:
    found = team_caseload_warnings(series("East", [*STEADY, 16.0, 18.0, 18.5]))

    assert [(warning.kind, warning.month) for warning in found] == [("volatile", date(2024, 10, 1))]  # 18.5 to 16.0 > 3.27 x 0.5


def test_too_short_a_history_and_missing_months_say_nothing() -> None:
    assert team_caseload_warnings(series("West", [18.0, 25.0, 30.0])) == []
    assert team_caseload_warnings([Month("West", date(2024, 4, 1), None), Month(None, date(2024, 4, 1), 30.0)]) == []

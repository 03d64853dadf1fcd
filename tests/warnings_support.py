"""Monthly series written by hand for the early warning's tests."""

from __future__ import annotations

from datetime import date

from safeguard.warnings.baselines import MonthlyPoint


def monthly_points(values: list[float], first: date) -> list[MonthlyPoint]:
    """One point per month from ``first`` (the first of a month), in order."""
    points = []
    year, month = first.year, first.month
    for value in values:
        points.append(MonthlyPoint(date(year, month, 1), value))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return points

"""Calendar arithmetic the synthetic council's tests check it against, written independently of
the generator so that a mistake in one is not hidden by the same mistake in the other."""

from __future__ import annotations

from datetime import date


def age_on(birth: date, day: date) -> int:
    """Completed years of age on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def year_ending(day: date) -> int:
    """The financial year (April to March) holding ``day``, named by the year its March falls in."""
    return day.year + 1 if day.month >= 4 else day.year


def twelve_months_before(day: date) -> date:
    """The same day a year earlier; 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return date(day.year - 1, 2, 28)

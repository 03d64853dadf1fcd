"""Warnings when a team's weighted caseloads rise or swing from month to month.

A team's caseload is watched the way an XmR chart watches any series (the approach of the
early warning, ``safeguard.warnings.spc``), on the team's monthly weighted caseload
(``caseload_weighted_mean`` by team): the months before the last ``WATCHED_MONTHS`` are its
usual level, and the watched months are read against it.

* **Rising**: the latest month is above the usual range (mean plus 2.66 average moving
  ranges), or it rose in each of the watched months to end at least ``RISE_SHARE`` above the
  usual mean: work is piling up faster than workers can close it.
* **Volatile**: a month-to-month change in the watched months is larger than the usual
  changes allow (3.27 average moving ranges, the moving-range chart's limit): cases are
  being moved around, or workers are arriving and leaving.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from statistics import fmean
from typing import Protocol

WATCHED_MONTHS = 3
MINIMUM_USUAL_MONTHS = 5
NATURAL_LIMIT = 2.66
MOVING_RANGE_LIMIT = 3.267
RISE_SHARE = 0.10
QUESTION = "What is driving this team's caseloads, and what support or reallocation does the team manager need now?"


@dataclass(frozen=True)
class CaseloadWarning:
    team: str
    kind: str
    """"rising" or "volatile"."""
    month: date
    """The first day of the month the warning was seen in."""
    value: float
    usual: float
    """The team's usual weighted caseload (its mean before the watched months)."""
    what_moved: str
    question: str = QUESTION


class MonthlyValue(Protocol):
    """What is needed of ``IndicatorValue``: a team's figure for one month."""

    @property
    def team(self) -> str | None: ...
    @property
    def period_start(self) -> date: ...
    @property
    def value(self) -> float | None: ...


def team_caseload_warnings(values: Iterable[MonthlyValue]) -> list[CaseloadWarning]:
    """Warnings for every team whose monthly weighted caseload rose or swung in the watched months."""
    by_team: dict[str, list[tuple[date, float]]] = {}
    for value in values:
        if value.team is not None and value.value is not None:
            by_team.setdefault(value.team, []).append((value.period_start, value.value))
    found = []
    for team, series in sorted(by_team.items()):
        found.extend(_warnings_for(team, sorted(series)))
    return found


def _warnings_for(team: str, series: Sequence[tuple[date, float]]) -> list[CaseloadWarning]:
    usual, watched = series[:-WATCHED_MONTHS], series[-WATCHED_MONTHS:]
    if len(usual) < MINIMUM_USUAL_MONTHS or len(watched) < WATCHED_MONTHS:
        return []
    levels = [value for _, value in usual]
    mean = fmean(levels)
    moving = fmean(abs(later - earlier) for earlier, later in zip(levels, levels[1:], strict=False))
    found = []
    month, latest = watched[-1]
    climbing = all(later > earlier for (_, earlier), (_, later) in zip([usual[-1], *watched], watched, strict=False))
    if (moving > 0 and latest > mean + NATURAL_LIMIT * moving) or (climbing and latest >= mean * (1 + RISE_SHARE)):
        found.append(
            CaseloadWarning(
                team,
                "rising",
                month,
                latest,
                round(mean, 2),
                f"{team}'s weighted caseload rose to {latest:.1f} a full-time worker, against a usual {mean:.1f}.",
            )
        )
    previous = usual[-1][1]
    for when, value in watched:
        if abs(value - previous) > MOVING_RANGE_LIMIT * moving and abs(value - previous) > 0:
            found.append(
                CaseloadWarning(
                    team,
                    "volatile",
                    when,
                    value,
                    round(mean, 2),
                    f"{team}'s weighted caseload moved by {value - previous:+.1f} in one month, more than its "
                    f"usual month-to-month changes (about {moving:.1f}) allow.",
                )
            )
            break
        previous = value
    return found

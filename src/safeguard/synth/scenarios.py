"""Named changes planted in the synthetic council from a known date, so the early warning can be
tested against a known truth: the manifest records each start date and the indicator that
should move, and nothing changes before the start.

Each scenario acts where the change would really happen: re-referrals rise because more
referrals are about children referred in the last year; assessment and conference timeliness
fall because work already under way slips past its deadline once staff have gone; cases go
unallocated when workers are missing; children in care go missing more often.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from safeguard.errors import SafeguardError
from safeguard.synth.timeline import add_months, date_of, day_of


@dataclass(frozen=True)
class ScenarioKind:
    name: str
    indicator: str
    """The indicator (its id in `safeguard.indicators.catalogue`) the scenario should move."""
    direction: str
    """"up" or "down": the way the indicator should move after the start."""
    description: str


RISING_RE_REFERRALS = ScenarioKind(
    "rising_re_referrals",
    "re_referral_rate",
    "up",
    "More referrals are about children referred in the previous 12 months: the share rises by "
    "about 10 percentage points over the 6 months after the start.",
)
FALLING_ASSESSMENT_TIMELINESS = ScenarioKind(
    "falling_assessment_timeliness",
    "assessments_within_45wd",
    "down",
    "A third of the assessment teams' social workers leave on the start date; from then on about "
    "20 percentage points fewer assessments are authorised within 45 working days.",
)
UNALLOCATED_SPIKE = ScenarioKind(
    "unallocated_spike",
    "unallocated_cases",
    "up",
    "Workers are off or gone: on the start date one open case in six in the children in need, "
    "child protection, children in care and disabilities teams loses its worker for weeks, and "
    "new cases often wait for allocation.",
)
ICPC_DELAYS = ScenarioKind(
    "icpc_delays",
    "icpc_within_15wd",
    "down",
    "Conference chairs are short: about 20 percentage points fewer initial child protection "
    "conferences are held within 15 working days of the strategy discussion.",
)
RISING_MISSING_FROM_CARE = ScenarioKind(
    "rising_missing_from_care",
    "cla_missing_rate",
    "up",
    "More children in care go missing from their placements, and more often: the chance of a "
    "child going missing rises by about 80% over the 3 months after the start.",
)

SCENARIOS: dict[str, ScenarioKind] = {
    kind.name: kind
    for kind in (
        RISING_RE_REFERRALS,
        FALLING_ASSESSMENT_TIMELINESS,
        UNALLOCATED_SPIKE,
        ICPC_DELAYS,
        RISING_MISSING_FROM_CARE,
    )
}

RISING_TURNOVER = ScenarioKind(
    "rising_turnover",
    "social_worker_turnover_rate",
    "up",
    "Social workers start leaving: from the start date, three in ten of those in the children in "
    "need, child protection, children in care and disabilities teams leave over the next six "
    "months (on top of the usual turnover), and are replaced as cases need them.",
)

WORKFORCE_SCENARIOS: dict[str, ScenarioKind] = {RISING_TURNOVER.name: RISING_TURNOVER}
"""Scenarios seen in the workforce file rather than in Annex A: planted the same way, but not
part of the early warning's Annex A evaluation (``safeguard.warnings.evaluation``)."""

PLANTABLE: dict[str, ScenarioKind] = {**SCENARIOS, **WORKFORCE_SCENARIOS}

_SPEC = re.compile(r"^(?P<name>[A-Za-z_]+)(?:@(?P<year>\d{4})-(?P<month>\d{2}))?$")

RE_REFERRAL_RISE = 0.10
TIMELINESS_FALL = 0.20
MISSING_RISE = 0.8
UNALLOCATED_SHARE_AT_START = 1 / 6
UNALLOCATED_WAIT_CHANCE = 0.3
EXTRA_LEAVERS_SHARE = 0.3
EXTRA_LEAVERS_DAYS = 182


@dataclass(frozen=True)
class PlantedScenario:
    kind: ScenarioKind
    start: date

    def as_json(self) -> dict[str, str]:
        return {
            "name": self.kind.name,
            "start": self.start.isoformat(),
            "indicator": self.kind.indicator,
            "direction": self.kind.direction,
            "description": self.kind.description,
        }


def plant(specs: tuple[str, ...], end: date, window_start: date) -> tuple[PlantedScenario, ...]:
    """The scenarios asked for, each starting on the first day of its month.

    ``NAME`` alone starts 12 months before ``end`` (the first of that month). A start outside
    the generated years, an unknown name or a scenario named twice is refused.
    """
    planted: list[PlantedScenario] = []
    for spec in specs:
        found = _SPEC.match(spec.strip())
        name = found["name"] if found else spec.strip().split("@")[0]
        if name not in PLANTABLE:
            raise SafeguardError(f"Unknown scenario {name!r}; the scenarios are: {', '.join(PLANTABLE)}.")
        if found is None:
            raise SafeguardError(f"Scenario {spec!r} should be written NAME or NAME@YYYY-MM, such as {name}@2024-06.")
        if found["year"]:
            month = int(found["month"])
            if not 1 <= month <= 12:
                raise SafeguardError(f"Scenario {spec!r}: {found['month']} is not a month (01 to 12).")
            start = date(int(found["year"]), month, 1)
        else:
            start = date_of(add_months(day_of(end.replace(day=1)), -12))
        if not window_start < start <= end:
            raise SafeguardError(
                f"Scenario {spec!r} starts on {start.isoformat()}, outside the generated period "
                f"{window_start.isoformat()} to {end.isoformat()} (it needs some history before it)."
            )
        if any(existing.kind.name == name for existing in planted):
            raise SafeguardError(f"Scenario {name!r} is named twice; plant each scenario once.")
        planted.append(PlantedScenario(PLANTABLE[name], start))
    return tuple(sorted(planted, key=lambda scenario: (scenario.start, scenario.kind.name)))


class ScenarioEffects:
    """How much each planted scenario changes the council's working on a given day."""

    def __init__(self, planted: tuple[PlantedScenario, ...]) -> None:
        self._starts = {scenario.kind.name: day_of(scenario.start) for scenario in planted}

    def start_of(self, kind: ScenarioKind) -> int | None:
        return self._starts.get(kind.name)

    def _ramp(self, kind: ScenarioKind, day: int, length_days: int) -> float:
        """0 before the scenario's start, rising linearly to 1 over ``length_days``."""
        start = self._starts.get(kind.name)
        if start is None or day < start:
            return 0.0
        return min(1.0, (day - start + 1) / length_days)

    def re_referral_rise(self, day: int) -> float:
        """Added to the share of referrals that are re-referrals within 12 months."""
        return RE_REFERRAL_RISE * self._ramp(RISING_RE_REFERRALS, day, 182)

    def assessment_slip(self, day: int, timely_share: float) -> float:
        """The chance that an assessment due to be authorised in time on ``day`` slips past 45 working days."""
        return min(0.9, TIMELINESS_FALL / timely_share) * self._ramp(FALLING_ASSESSMENT_TIMELINESS, day, 30)

    def conference_slip(self, day: int, timely_share: float) -> float:
        """The chance that a conference due within 15 working days on ``day`` is put back."""
        return min(0.9, TIMELINESS_FALL / timely_share) * self._ramp(ICPC_DELAYS, day, 30)

    def allocation_wait_chance(self, day: int) -> float:
        """The extra chance that a case reaching a team waits for a worker."""
        return UNALLOCATED_WAIT_CHANCE * self._ramp(UNALLOCATED_SPIKE, day, 1)

    def missing_multiplier(self, day: int) -> float:
        """How many times more likely a child in care is to go missing than before the start."""
        return 1.0 + MISSING_RISE * self._ramp(RISING_MISSING_FROM_CARE, day, 91)

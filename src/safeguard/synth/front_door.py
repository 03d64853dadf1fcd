"""The work at the front door that does not become a referral: contacts that are advised on or
passed elsewhere (Annex A list 1 holds every contact), and early help assessments (list 2),
both begun by other agencies and stepped down from social care.

Most councils receive two to three contacts for every referral; the figures here are round and
follow the same seasons as referrals.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from safeguard.calendar import WorkingDays
from safeguard.synth.calibration import Calibration
from safeguard.synth.case_mix import SOURCES
from safeguard.synth.children import REFERRAL_AGES, Child, ChildRegister
from safeguard.synth.journeys import Contact, EarlyHelpAssessment, Episode
from safeguard.synth.randomness import Draws, WeightedChoice
from safeguard.synth.referrals import day_weights
from safeguard.synth.timeline import age_on, financial_year_end, thirty_first_march

CONTACTS_PER_REFERRAL = 1.5
"""Contacts that do not become referrals, for each referral."""
EARLY_HELP_PER_10K = 180.0
"""Early help assessments begun each year per 10,000 children, apart from step-downs from social care."""
KNOWN_CHILD_SHARE = 0.35
"""Contacts and early help assessments about a child the council already knows."""
ORGANISATIONS = WeightedChoice(
    [
        ("Early Help Locality North", 24.0),
        ("Early Help Locality South", 22.0),
        ("Family Hub East", 18.0),
        ("Family Hub West", 16.0),
        ("School Early Help Team", 12.0),
        ("Health Visiting Early Help", 8.0),
    ]
)


class FrontDoor:
    """Adds the contacts and early help assessments around the simulated referrals."""

    def __init__(self, register: ChildRegister, draws: Draws, working_days: WorkingDays, first_day: int, last_day: int) -> None:
        self.register = register
        self.draws = draws
        self.working_days = working_days
        self.first_day = first_day
        self.last_day = last_day

    def _days(self, per_year: dict[int, float], generator: np.random.Generator) -> list[int]:
        """Days of events spread over each financial year like referrals, ``per_year[year]`` in a whole year."""
        chunks = []
        for year, expected in per_year.items():
            first = max(self.first_day, date(year - 1, 4, 1).toordinal())
            last = min(self.last_day, thirty_first_march(year))
            if last < first:
                continue
            weights = day_weights(date(year - 1, 4, 1).toordinal(), thirty_first_march(year), self.working_days)
            inside = weights[first - date(year - 1, 4, 1).toordinal() : last - date(year - 1, 4, 1).toordinal() + 1]
            count = int(generator.poisson(expected * inside.sum() / weights.sum()))
            counts = generator.multinomial(count, inside / inside.sum())
            chunks.append(np.repeat(np.arange(first, last + 1), counts))
        return np.concatenate(chunks).tolist() if chunks else []

    def _child(self, day: int) -> Child:
        """A child the council knows (aged 0-17 on ``day``), or a new one."""
        children = self.register.children
        if children and self.draws.chance(KNOWN_CHILD_SHARE):
            for _ in range(5):
                child = children[int(self.draws.uniform() * len(children))]
                if child.birth <= day and age_on(child.birth, day) < 18:
                    return child
        return self.register.new_child(day, self.draws.pick(REFERRAL_AGES), referred=False)

    def contacts(self, referrals_per_year: dict[int, float], generator: np.random.Generator) -> list[Contact]:
        """Contacts that are not referrals, about as many as ``CONTACTS_PER_REFERRAL`` per referral."""
        wanted = {year: count * CONTACTS_PER_REFERRAL for year, count in referrals_per_year.items()}
        return [Contact(self._child(day), day, self.draws.pick(SOURCES)) for day in self._days(wanted, generator)]

    def early_help(self, episodes: list[Episode], population: dict[int, int], generator: np.random.Generator) -> list[EarlyHelpAssessment]:
        """Early help assessments: begun in the community, and for cases stepped down from social care (RC9)."""
        wanted = {
            year: EARLY_HELP_PER_10K * population[year - 1] / 10_000
            for year in range(financial_year_end(self.first_day), financial_year_end(self.last_day) + 1)
        }
        starts = [(day, self._child(day)) for day in self._days(wanted, generator)]
        starts.extend(
            (episode.close_day + self.draws.integer(1, 14), episode.child)
            for episode in episodes
            if episode.closure_reason == "RC9" and episode.close_day is not None
        )
        assessments = []
        for start, child in sorted(starts, key=lambda pair: (pair[0], pair[1].number)):
            if start > self.last_day or age_on(child.birth, start) >= 18:
                continue
            completion = start + self.draws.integer(15, 70)
            assessments.append(EarlyHelpAssessment(child, start, completion if completion <= self.last_day else None, self.draws.pick(ORGANISATIONS)))
        return assessments


def referrals_per_year(calibration: Calibration, population: dict[int, int], first_day: int, last_day: int) -> dict[int, float]:
    """England's referrals for each financial year at this council's population."""
    return {
        year: calibration.value("referrals_rate_per_10k", year) * population[year - 1] / 10_000
        for year in range(financial_year_end(first_day), financial_year_end(last_day) + 1)
    }

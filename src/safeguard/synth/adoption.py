"""Adoption: the steps from the decision that a child should be adopted to the adoption order
(Annex A list 10), and the adopters who come forward, are approved, matched and become
families (list 11).

Timescales are round figures near DfE's published averages: about 14 months from entering care
to placement with adopters, and the order some months after placement. About one adoption
plan in eight is reversed before a match.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from safeguard.calendar import WorkingDays
from safeguard.synth.children import DISABILITY, ETHNICITIES, IdSequence
from safeguard.synth.journeys import Adopter, AdopterFamily, Adoption, CareSpell
from safeguard.synth.randomness import Draws, WeightedChoice

STOPPED_REASONS = WeightedChoice([("RD1", 30.0), ("RD2", 20.0), ("RD3", 25.0), ("RD4", 25.0)])
LEFT_REASONS = WeightedChoice([("withdrew", 70.0), ("on_hold", 18.0), ("refused", 12.0)])
ADOPTER_GENDERS = WeightedChoice([("2", 58.0), ("1", 42.0)])
STOP_SHARE = 0.12
FOSTERING_FOR_ADOPTION_SHARE = 0.15
UNMATCHED_FAMILIES_PER_MATCH = 0.6
"""Families who enquire but leave the process, or are still waiting, for each family matched."""


def plan_adoption(spell: CareSpell, draws: Draws, working_days: WorkingDays) -> Adoption:
    """The adoption steps for a child just come into care, to the order or to the plan's reversal."""
    start = spell.start
    decision = working_days.on_or_after(start + draws.integer(90, 300))
    fostering_for_adoption = start + draws.integer(3, 60) if draws.chance(FOSTERING_FOR_ADOPTION_SHARE) else None
    placement_order = working_days.on_or_after(decision + draws.integer(60, 200))
    matched = working_days.on_or_after(placement_order + draws.integer(60, 280))
    placed = matched + draws.integer(7, 35)
    order = working_days.on_or_after(placed + draws.integer(120, 330))
    adoption = Adoption(spell.child, spell, decision, placement_order, matched, placed, order, fostering_for_adoption=fostering_for_adoption)
    if draws.chance(STOP_SHARE):
        stopped = working_days.on_or_after(decision + draws.integer(30, matched - decision))
        adoption.stopped = stopped
        adoption.stopped_reason = draws.pick(STOPPED_REASONS)
        adoption.placement_order = placement_order if placement_order < stopped else None
        adoption.matched = adoption.placed = adoption.order = None
        if fostering_for_adoption is not None and fostering_for_adoption >= stopped:
            adoption.fostering_for_adoption = None
    return adoption


class Approval(NamedTuple):
    """The days of a family's approval that later steps are counted from."""

    stage1_start: int
    stage2_start: int
    approved: int


class AdopterRecruitment:
    """Makes the adopter families: one for each child matched, and others who do not reach a match."""

    def __init__(self, generator: np.random.Generator, draws: Draws, working_days: WorkingDays) -> None:
        self._adopter_ids = IdSequence(generator, 20_000_000, 10_000_000)
        self._family_ids = IdSequence(generator, 30_000_000, 10_000_000)
        self._draws = draws
        self._working_days = working_days
        self.families: list[AdopterFamily] = []

    def _family(self, enquiry: int, fostering_for_adoption: bool) -> AdopterFamily:
        draws = self._draws
        size = 1 if draws.chance(0.25) else 2
        adopters = [
            Adopter(self._adopter_ids.next(), draws.pick(ADOPTER_GENDERS), draws.pick(ETHNICITIES), draws.pick(DISABILITY))
            for _ in range(size)
        ]
        family = AdopterFamily(self._family_ids.next(), adopters, fostering_for_adoption, enquiry)
        self.families.append(family)
        return family

    def _approval_steps(self, family: AdopterFamily) -> Approval:
        """Stage 1 (registration and checks, about two months), then stage 2 (assessment, about four)."""
        draws = self._draws
        days = self._working_days
        stage1_start = days.on_or_after(family.enquiry + draws.integer(10, 60))
        stage1_end = days.on_or_after(stage1_start + draws.integer(50, 75))
        stage2_start = days.on_or_after(stage1_end + draws.integer(1, 30))
        application = days.on_or_after(stage2_start + draws.integer(0, 10))
        stage2_end = days.on_or_after(stage2_start + draws.integer(100, 130))
        approved = days.on_or_after(stage2_end + draws.integer(0, 14))
        family.stage1_start, family.stage1_end, family.stage2_start = stage1_start, stage1_end, stage2_start
        family.application, family.stage2_end, family.approved = application, stage2_end, approved
        return Approval(stage1_start, stage2_start, approved)

    def match(self, adoption: Adoption) -> None:
        """A family approved in time to be matched with this child on the child's match date."""
        draws = self._draws
        matched = adoption.matched
        if matched is None:
            raise ValueError("Only an adoption with a match date is matched with a family.")
        family = self._family(0, adoption.fostering_for_adoption is not None)
        family.enquiry = matched - draws.integer(300, 540)
        approved = self._approval_steps(family).approved
        if approved > matched:
            shift = approved - matched + draws.integer(7, 60)
            for name in ("enquiry", "stage1_start", "stage1_end", "stage2_start", "application", "stage2_end", "approved"):
                setattr(family, name, self._working_days.on_or_before(getattr(family, name) - shift))
        family.matched = adoption.matched
        family.placed = adoption.placed
        family.children_placed = 1
        family.order = adoption.order
        adoption.family = family

    def unmatched(self, enquiry: int) -> None:
        """A family that enquires and leaves the process at some stage, or is approved and waiting."""
        draws = self._draws
        family = self._family(enquiry, draws.chance(FOSTERING_FOR_ADOPTION_SHARE))
        steps = self._approval_steps(family)
        stage = draws.uniform()
        if stage < 0.35:
            family.left = steps.stage1_start + draws.integer(5, 40)
            family.stage1_end = family.stage2_start = family.application = family.stage2_end = family.approved = None
        elif stage < 0.6:
            family.left = steps.stage2_start + draws.integer(10, 90)
            family.stage2_end = family.approved = None
        elif stage < 0.75:
            family.left = steps.approved + draws.integer(60, 400)
        if family.left is not None:
            family.left_reason = draws.pick(LEFT_REASONS)


def recruit_adopters(
    adoptions: list[Adoption], first_day: int, last_day: int, generator: np.random.Generator, working_days: WorkingDays
) -> list[AdopterFamily]:
    """Every adopter family: those matched with the council's children and those who were not."""
    draws = Draws(generator)
    recruitment = AdopterRecruitment(generator, draws, working_days)
    matched = [adoption for adoption in adoptions if adoption.matched is not None and adoption.matched <= last_day]
    for adoption in matched:
        recruitment.match(adoption)
    for _ in range(round(len(matched) * UNMATCHED_FAMILIES_PER_MATCH)):
        recruitment.unmatched(first_day + draws.integer(0, last_day - first_day))
    return recruitment.families

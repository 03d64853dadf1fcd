"""The synthetic council's casework, day by day.

Every referral opens an episode and runs along its destiny: assessment (authorised within 45
working days for most), a section 47 enquiry begun at a strategy discussion, an initial
conference within 15 working days for most, a child protection plan reviewed after three
months and then every six, a child in need plan, care. Children are re-referred from pools of
children whose episodes have closed, so re-referrals and repeat plans are real histories.
Workers hold the cases (`safeguard.synth.council`); the stocks at 31 March follow England's
rates (`safeguard.synth.stocks`).

The simulation starts years before the first returned year, with the council's established
caseload (children already in care, on plans, on child in need plans), so that by the first
returned year stocks are steady and re-referrals and repeat plans have a history to come from.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from safeguard.calendar import WorkingDays
from safeguard.synth.adoption import plan_adoption
from safeguard.synth.calibration import Calibration
from safeguard.synth.case_mix import (
    ADULTHOOD_ENDS,
    ASSESSMENT_CLOSURES,
    CATEGORIES,
    CLOSURE_FOR_CARE_END,
    DISABILITY_NEED_SHARE,
    LONG_STAY_ENDS,
    NEEDS_CARE,
    NEEDS_PROTECTION,
    NEEDS_SUPPORT,
    SHORT_STAY_ENDS,
    SOURCES,
    SUPPORT_CLOSURES,
    TEEN_ENDS,
)
from safeguard.synth.children import CARE_ENTRY_AGES, REFERRAL_AGES, UASC_AGES, Child, ChildRegister
from safeguard.synth.council import ALLOCATION_TEAMS, CaseFile, Team, TeamKind, Worker, Workforce, names_for_workers
from safeguard.synth.establishment import establish_caseload
from safeguard.synth.journeys import (
    Adoption,
    Assessment,
    CareLeaver,
    CareSpell,
    ChildProtectionPlan,
    Contact,
    Destiny,
    Episode,
    Section47,
)
from safeguard.synth.randomness import Draws, stream
from safeguard.synth.referrals import (
    CARE_FROM_PLAN_SHARE,
    EARLIER,
    SUPPORT_AFTER_ASSESSMENT_SHARE,
    SUPPORT_AFTER_S47_SHARE,
    WITHIN_TWELVE_MONTHS,
    Arrivals,
    plan_arrivals,
)
from safeguard.synth.scenarios import (
    EXTRA_LEAVERS_DAYS,
    EXTRA_LEAVERS_SHARE,
    FALLING_ASSESSMENT_TIMELINESS,
    RISING_TURNOVER,
    UNALLOCATED_SHARE_AT_START,
    UNALLOCATED_SPIKE,
    ScenarioEffects,
)
from safeguard.synth.stocks import ControlledEnds, StockControl, TargetPath
from safeguard.synth.timeline import (
    add_months,
    age_on,
    birthday,
    financial_year_end,
    within_twelve_months,
)

FIRST_REVIEW_ENDS = 0.28
LATER_REVIEW_ENDS = (0.52, 0.55)
"""Chances that a plan ends at its first, second and third review conference; a plan not planned
to last two years ends at its fourth at the latest."""
STEP_DOWN_SHARE = 0.55
"""Plans that end with the child supported on a child in need plan rather than the case closing."""
LONG_PLAN_LAST_DAY = 720
"""A plan not planned to run past two years has its last review before this many days."""
ADOPTION_SHARE_BY_AGE = {0: 0.4, 1: 0.3, 2: 0.22, 3: 0.15}
BASE_ALLOCATION_WAIT = 0.03
"""Cases reaching a team that wait a few days for a worker, in an ordinary month."""
LONG_PLAN_OLDEST_AGE = 15
"""The oldest a child can be when referred for a plan planned to run past two years."""
RECENT = 0
"""Pool of children whose last referral was in the last 12 months and who have never had a plan."""
RECENT_AFTER_PLAN = 1
"""Pool of children whose last referral was in the last 12 months and who have had a plan."""
EARLIER_REFERRED = 2
"""Pool of children last referred more than 12 months ago, never on a plan."""
EARLIER_AFTER_PLAN = 3
"""Pool of children last referred more than 12 months ago who have had a plan."""
NO_LONGER_RECENT = EARLIER_REFERRED - RECENT
"""Added to a recent pool's number when 12 months have passed since the last referral."""
WARM_UP_YEARS = 5
"""Years simulated before the first returned year, so the returned years start in a steady state."""


class ChildPool:
    """Children who could be referred again, with O(1) random choice and removal."""

    def __init__(self) -> None:
        self.children: list[Child] = []
        self._position: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self.children)

    def add(self, child: Child) -> None:
        self._position[child.number] = len(self.children)
        self.children.append(child)

    def remove(self, child: Child) -> None:
        index = self._position.pop(child.number)
        last = self.children.pop()
        if last is not child:
            self.children[index] = last
            self._position[last.number] = index

    def pick(self, uniform: float) -> Child:
        return self.children[int(uniform * len(self.children))]


class CouncilSimulation:
    """Runs the council's casework from the simulation's first day to the last returned day."""

    def __init__(
        self,
        seed: int,
        calibration: Calibration,
        population: dict[int, int],
        effects: ScenarioEffects,
        first_day: int,
        last_day: int,
        progress: Callable[[float], None] | None = None,
    ) -> None:
        self.calibration = calibration
        self.population = population
        self.effects = effects
        self.first_day = first_day
        self.last_day = last_day
        self.today = first_day
        self._progress = progress
        self.working_days = WorkingDays(first_day - 13 * 366, last_day + 4 * 366)
        self.draws = Draws(stream(seed, "journeys"))
        self._seed = seed
        children = population[max(population)]
        self.register = ChildRegister(stream(seed, "children"), self.draws, localities=60)
        self._events: list[list[tuple[Callable[[Any], None], Any]] | None] = [[] for _ in range(last_day - first_day + 1)]
        self.workforce = Workforce(
            _team_counts(calibration, children),
            self.draws,
            names_for_workers(stream(seed, "worker names")),
            calibration.fraction("sw_turnover_rate_fte_pct", financial_year_end(last_day)),
            self.schedule,
            lambda: self.today,
        )
        self.workforce.on_departure = self._rehome
        self.arrivals: Arrivals = plan_arrivals(
            first_day, last_day, calibration, population, effects, self.working_days, stream(seed, "referrals")
        )
        self.episodes: list[Episode] = []
        self.plans: list[ChildProtectionPlan] = []
        self.spells: list[CareSpell] = []
        self.leavers: list[CareLeaver] = []
        self.adoptions: list[Adoption] = []
        self.contacts: list[Contact] = []
        self.pools = [ChildPool() for _ in range(4)]
        self.open_cases = 0
        self.on_plan = 0
        self.in_care = 0
        years = range(financial_year_end(first_day) - 1, financial_year_end(last_day) + 2)
        self.cin_target = TargetPath(calibration, "cin_rate_per_10k_31mar", population, years)
        self.plan_target = TargetPath(calibration, "cpp_rate_per_10k_31mar", population, years)
        self.care_target = TargetPath(calibration, "cla_rate_per_10k_31mar", population, years)
        self.cin_control = StockControl(self.cin_target, lambda: self.open_cases, drift_per_day=0.004)
        self.plan_control = StockControl(self.plan_target, lambda: self.on_plan, drift_per_day=0.004)
        self.care_control = StockControl(self.care_target, lambda: self.in_care, drift_per_day=0.006)
        self.care_ends: ControlledEnds[CareSpell] = ControlledEnds(
            self.care_control, self._care_ends_as_planned, lambda spell: spell.token, self.draws, gain=1 / 20, postpone=(30, 180)
        )
        self.support_ends: ControlledEnds[Episode] = ControlledEnds(
            self.cin_control, self._support_ends, lambda episode: episode.support_token, self.draws, gain=1 / 20
        )
        self.care_years = _care_stay_scale(calibration, financial_year_end(last_day), stream(seed, "calibration"))
        self.support_days = _support_mean_days(calibration, financial_year_end(last_day))

    # The event loop

    def schedule(self, day: int, handler: Callable[[Any], None], argument: Any) -> None:
        """Run ``handler(argument)`` on ``day`` (today's events still to come include it; days after the end are dropped)."""
        if day > self.last_day:
            return
        bucket = self._events[max(day, self.today) - self.first_day]
        if bucket is not None:
            bucket.append((handler, argument))

    def run(self) -> None:
        establish_caseload(self)
        self._schedule_scenario_starts()
        arrivals = self.arrivals
        days = arrivals.days.tolist()
        next_arrival = 0
        total_days = self.last_day - self.first_day + 1
        for index in range(total_days):
            day = self.first_day + index
            self.today = day
            while next_arrival < len(days) and days[next_arrival] == day:
                self._receive(next_arrival)
                next_arrival += 1
            for control in (self.cin_control, self.plan_control, self.care_control):
                control.update(day)
            self.care_ends.step(day)
            self.support_ends.step(day)
            bucket = self._events[index]
            position = 0
            while bucket is not None and position < len(bucket):
                handler, argument = bucket[position]
                handler(argument)
                position += 1
            self._events[index] = None
            if self._progress is not None and index % 91 == 0:
                self._progress(index / total_days)

    # Referrals

    def _receive(self, index: int) -> None:
        """A referral arrives: choose the child it is about, open the episode, start the work."""
        arrivals = self.arrivals
        day = self.today
        destiny = arrivals.destinies[index]
        child = self._child_for(index, destiny, day)
        if arrivals.asylum_seeker[index]:
            child.uasc = True
        self._leave_pool(child)
        child.referral_days.append(day)
        draws = self.draws
        source = draws.pick(SOURCES)
        contact_day = max(child.birth, day - (0 if draws.chance(0.72) else draws.integer(1, 3)))
        episode = Episode(
            len(self.episodes), child, day, contact_day, source, destiny, self._primary_need(child, destiny), CaseFile(len(self.episodes))
        )
        self.episodes.append(episode)
        child.episodes.append(episode)
        child.open_episode = episode
        self.contacts.append(Contact(child, contact_day, source))
        if destiny is Destiny.NO_FURTHER_ACTION:
            self.workforce.allocate(episode.case, self.workforce.team(TeamKind.FRONT_DOOR, child.locality), day)
            self._close(episode, day, "RC8")
            return
        self.open_cases += 1
        episode.plan_long = bool(arrivals.long_plan[index])
        self._begin_assessment(episode, int(arrivals.assessment_working_days[index]))
        if destiny.has_s47:
            self._begin_enquiry(episode, int(arrivals.conference_working_days[index]) or None)

    def _child_for(self, index: int, destiny: Destiny, day: int) -> Child:
        """The child a referral is about: someone referred before when the referral's history says so.

        A plan planned to run past two years needs a child young enough to be under 18 when it ends.
        """
        arrivals = self.arrivals
        wanted = int(arrivals.previous[index])
        plan = destiny is Destiny.CHILD_PROTECTION_PLAN
        repeat = plan and bool(arrivals.repeat_plan[index])
        oldest = LONG_PLAN_OLDEST_AGE if arrivals.long_plan[index] else 17
        preferences: list[tuple[int, ...]]
        if wanted == WITHIN_TWELVE_MONTHS:
            if repeat:
                preferences = [(RECENT_AFTER_PLAN,), (EARLIER_AFTER_PLAN,), (RECENT,)]
            else:
                preferences = [(RECENT,), (EARLIER_REFERRED,)] if plan else [(RECENT, RECENT_AFTER_PLAN)]
        elif wanted == EARLIER:
            if repeat:
                preferences = [(EARLIER_AFTER_PLAN,), (RECENT_AFTER_PLAN,)]
            else:
                preferences = [(EARLIER_REFERRED,)] if plan else [(EARLIER_REFERRED, EARLIER_AFTER_PLAN)]
        else:
            preferences = [(EARLIER_AFTER_PLAN,), (RECENT_AFTER_PLAN,)] if repeat else []
        for pools in preferences:
            child = self._pick_from(pools, day, oldest)
            if child is not None:
                return child
        if arrivals.asylum_seeker[index]:
            ages = UASC_AGES
        elif destiny in (Destiny.S47_INTO_CARE, Destiny.ASSESSMENT_INTO_CARE):
            ages = CARE_ENTRY_AGES
        else:
            ages = REFERRAL_AGES
        age = self.draws.pick(ages)
        while age > oldest:
            age = self.draws.pick(ages)
        child = self.register.new_child(day, age)
        self.schedule(birthday(child.birth, 18), self._turns_eighteen, child)
        return child

    def _pick_from(self, pool_numbers: tuple[int, ...], day: int, oldest: int) -> Child | None:
        """A child from these pools (chosen in proportion to their sizes) aged ``oldest`` or under."""
        sizes = [len(self.pools[number]) for number in pool_numbers]
        total = sum(sizes)
        for _ in range(8 if total else 0):
            point = self.draws.uniform() * total
            for number, size in zip(pool_numbers, sizes):
                if point < size:
                    child = self.pools[number].pick(point / size)
                    break
                point -= size
            if age_on(child.birth, day) <= oldest:
                return child
        return None

    def _primary_need(self, child: Child, destiny: Destiny) -> str:
        draws = self.draws
        if child.uasc:
            return "N8"
        if destiny in (Destiny.S47_INTO_CARE, Destiny.ASSESSMENT_INTO_CARE):
            return draws.pick(NEEDS_CARE)
        if destiny.has_s47:
            return draws.pick(NEEDS_PROTECTION)
        if child.disability == "true" and draws.chance(DISABILITY_NEED_SHARE):
            return "N2"
        return draws.pick(NEEDS_SUPPORT)

    # Pools of children who may be referred again

    def _join_pool(self, child: Child, day: int) -> None:
        if age_on(child.birth, day) >= 18:
            return
        last = child.referral_days[-1]
        within = within_twelve_months(last, day)
        if child.plans:
            child.pool = RECENT_AFTER_PLAN if within else EARLIER_AFTER_PLAN
        else:
            child.pool = RECENT if within else EARLIER_REFERRED
        child.pool_token += 1
        self.pools[child.pool].add(child)
        if within:
            expiry = add_months(last, 12)
            while within_twelve_months(last, expiry):
                expiry += 1
            self.schedule(expiry, self._no_longer_recent, (child, child.pool_token))

    def _leave_pool(self, child: Child) -> None:
        if child.pool is not None:
            self.pools[child.pool].remove(child)
            child.pool = None
            child.pool_token += 1

    def _no_longer_recent(self, argument: tuple[Child, int]) -> None:
        child, token = argument
        if child.pool_token != token or child.pool not in (RECENT, RECENT_AFTER_PLAN):
            return
        self.pools[child.pool].remove(child)
        child.pool += NO_LONGER_RECENT
        self.pools[child.pool].add(child)

    def _turns_eighteen(self, child: Child) -> None:
        self._leave_pool(child)

    # Assessment, enquiry and conference

    def _team_for(self, child: Child, episode: Episode, kind: TeamKind) -> Team:
        if episode.primary_need == "N2" and kind is not TeamKind.FRONT_DOOR:
            kind = TeamKind.DISABILITIES
        return self.workforce.team(kind, child.locality)

    def _begin_assessment(self, episode: Episode, working_days: int) -> None:
        start = self.working_days.on_or_after(episode.referral_day)
        seen = "true" if self.draws.chance(0.95) else ("false" if self.draws.chance(0.7) else "unknown")
        episode.assessment = Assessment(start, child_seen=seen)
        self.workforce.allocate(episode.case, self._team_for(episode.child, episode, TeamKind.ASSESSMENT), episode.referral_day)
        self.schedule(self.working_days.deadline(start, working_days), self._authorise, episode)

    def _begin_enquiry(self, episode: Episode, conference_working_days: int | None) -> None:
        draws = self.draws
        assessment = episode.started_assessment
        start = self.working_days.deadline(assessment.start, 0 if draws.chance(0.6) else draws.integer(1, 2))
        enquiry = Section47(start, conference_working_days)
        emergency_share = 0.45 if episode.destiny is Destiny.S47_INTO_CARE else 0.05
        enquiry.emergency_protection = draws.chance(emergency_share)
        episode.s47 = enquiry
        episode.child.s47_days.append(start)
        if conference_working_days is not None:
            self.schedule(self.working_days.deadline(start, conference_working_days), self._hold_conference, episode)
        else:
            enquiry.decided_unnecessary = self.working_days.deadline(start, draws.integer(5, 15))
        if episode.destiny is Destiny.S47_INTO_CARE:
            self.schedule(start + (0 if enquiry.emergency_protection else draws.integer(1, 12)), self._into_care_during_enquiry, episode)

    def _authorise(self, episode: Episode) -> None:
        assessment = episode.started_assessment
        day = self.today
        timely_share = self.calibration.fraction("assessments_within_45wd_pct", financial_year_end(day))
        if (
            not assessment.slipped
            and self.working_days.count_after(assessment.start, day) <= 45
            and self.draws.chance(self.effects.assessment_slip(day, timely_share))
        ):
            assessment.slipped = True
            self.schedule(self.working_days.deadline(assessment.start, self.draws.integer(46, 70)), self._authorise, episode)
            return
        assessment.authorised = day
        assessment.further_action = episode.destiny not in (Destiny.S47_CLOSED, Destiny.ASSESSMENT_CLOSED)
        self._move_on(episode)

    def _hold_conference(self, episode: Episode) -> None:
        enquiry = episode.started_enquiry
        day = self.today
        timely_share = self.calibration.fraction("icpc_within_15wd_pct", financial_year_end(day))
        if (
            not enquiry.slipped
            and self.working_days.count_after(enquiry.start, day) <= 15
            and self.draws.chance(self.effects.conference_slip(day, timely_share))
        ):
            enquiry.slipped = True
            self.schedule(self.working_days.deadline(enquiry.start, self.draws.integer(16, 30)), self._hold_conference, episode)
            return
        enquiry.conference = day
        episode.child.icpc_days.append(day)
        enquiry.outcome_plan = episode.destiny is Destiny.CHILD_PROTECTION_PLAN
        if enquiry.outcome_plan:
            self._begin_plan(episode, day)
        else:
            self._move_on(episode)

    def _move_on(self, episode: Episode) -> None:
        """Start whatever follows once the assessment is authorised and any conference is held."""
        if episode.close_day is not None or episode.care is not None or episode.support_start is not None:
            return
        if episode.started_assessment.authorised is None:
            return
        enquiry = episode.s47
        if enquiry is not None and enquiry.conference_working_days is not None and enquiry.conference is None:
            return
        plan = episode.plan
        day = self.today
        destiny = episode.destiny
        if plan is not None:
            if plan.end is None:
                return
            if plan.end_reason == "step_down":
                self._begin_support(episode, day)
            else:
                self._close(episode, day, "RC7")
        elif destiny in (Destiny.CONFERENCE_NO_PLAN, Destiny.S47_CHILD_IN_NEED, Destiny.ASSESSMENT_CHILD_IN_NEED):
            self._begin_support(episode, day)
        elif destiny in (Destiny.S47_CLOSED, Destiny.ASSESSMENT_CLOSED):
            self._close(episode, day, self.draws.pick(ASSESSMENT_CLOSURES))
        elif destiny is Destiny.ASSESSMENT_INTO_CARE:
            self._begin_care(episode, day, "assessment")

    # Child protection plans

    def _begin_plan(self, episode: Episode, day: int) -> None:
        child = episode.child
        draws = self.draws
        long = episode.plan_long
        category = draws.pick(CATEGORIES)
        plan = ChildProtectionPlan(len(self.plans), child, episode, day, len(child.plans), long, [(day, category)])
        self.plans.append(plan)
        child.plans.append(plan)
        episode.plan = plan
        self.on_plan += 1
        self._assign(episode.case, self._team_for(child, episode, TeamKind.CHILD_PROTECTION), day)
        self._schedule_review(plan, self._first_review_day(plan.start))
        if not long and draws.chance(CARE_FROM_PLAN_SHARE):
            self.schedule(day + draws.integer(10, 70), self._into_care_from_plan, plan)

    def _in_timescale(self, day: int) -> bool:
        return self.draws.chance(self.calibration.fraction("cpp_reviewed_in_timescale_pct", financial_year_end(day)))

    def _first_review_day(self, start: int) -> int:
        due = add_months(start, 3)
        if self._in_timescale(start):
            return self.working_days.on_or_before(due - self.draws.integer(0, 10))
        return self.working_days.on_or_after(due + self.draws.integer(5, 25))

    def _next_review_day(self, previous: int) -> int:
        due = add_months(previous, 6)
        if self._in_timescale(previous):
            return self.working_days.on_or_before(due - self.draws.integer(0, 10))
        return self.working_days.on_or_after(due + self.draws.integer(5, 25))

    def _schedule_review(self, plan: ChildProtectionPlan, day: int) -> None:
        if not plan.long:
            day = min(day, self.working_days.on_or_before(plan.start + LONG_PLAN_LAST_DAY))
        adult = birthday(plan.child.birth, 18)
        if day >= adult:
            self.schedule(adult, self._plan_ends_at_eighteen, plan)
        else:
            self.schedule(day, self._review, plan)

    def _review(self, plan: ChildProtectionPlan) -> None:
        if plan.end is not None:
            return
        day = self.today
        plan.reviews.append(day)
        held = len(plan.reviews)
        draws = self.draws
        if plan.long:
            ends = held >= 5
        elif held >= 4:
            ends = True
        else:
            chance = FIRST_REVIEW_ENDS if held == 1 else LATER_REVIEW_ENDS[held - 2]
            ends = draws.chance(min(0.95, chance * self.plan_control.ending_multiplier(day, 15.0)))
        if draws.chance(0.08):
            plan.categories.append((day, draws.pick(CATEGORIES)))
        if ends:
            self._end_plan(plan, day, "step_down" if draws.chance(STEP_DOWN_SHARE) else "closed")
            self._move_on(plan.episode)
        else:
            self._schedule_review(plan, self._next_review_day(day))

    def _end_plan(self, plan: ChildProtectionPlan, day: int, reason: str) -> None:
        plan.end = day
        plan.end_reason = reason
        self.on_plan -= 1

    def _plan_ends_at_eighteen(self, plan: ChildProtectionPlan) -> None:
        if plan.end is not None:
            return
        self._end_plan(plan, self.today, "adult")
        self._move_on(plan.episode)

    def _into_care_from_plan(self, plan: ChildProtectionPlan) -> None:
        episode = plan.episode
        if plan.end is not None or episode.close_day is not None:
            return
        self._end_plan(plan, self.today, "care")
        self._begin_care(episode, self.today, "plan")

    def _into_care_during_enquiry(self, episode: Episode) -> None:
        self._begin_care(episode, self.today, "s47")

    # Child in need plans

    def _begin_support(self, episode: Episode, day: int) -> None:
        draws = self.draws
        episode.support_start = day
        self._assign(episode.case, self._team_for(episode.child, episode, TeamKind.CHILD_IN_NEED), day)
        typical = self.support_days * self.cin_control.length_scale
        length = max(14, int(typical * math.exp(0.75 * draws.normal() - 0.28125)))
        adult = birthday(episode.child.birth, 18)
        if day + length >= adult:
            self.schedule(adult, self._support_ends_at_eighteen, (episode, episode.support_token))
        else:
            self.support_ends.plan(episode, day + length)

    def _support_ends(self, episode: Episode, day: int) -> None:
        episode.support_end = day
        episode.support_token += 1
        self._close(episode, day, self.draws.pick(SUPPORT_CLOSURES))

    def _support_ends_at_eighteen(self, argument: tuple[Episode, int]) -> None:
        episode, token = argument
        if episode.support_token != token or episode.close_day is not None:
            return
        episode.support_end = self.today
        episode.support_token += 1
        self._close(episode, self.today, "RC6" if self.draws.chance(0.3) else "RC7")

    # Care

    def _begin_care(self, episode: Episode, day: int, route: str) -> None:
        if episode.close_day is not None:
            return
        child = episode.child
        if age_on(child.birth, day) >= 18:
            self._close(episode, day, "RC6")
            return
        previous = child.care_spells[-1] if child.care_spells else None
        subsequent = previous is not None and previous.end is not None and within_twelve_months(previous.end, day)
        spell = CareSpell(len(self.spells), child, episode, day, route, episode.primary_need, subsequent)
        self.spells.append(spell)
        child.care_spells.append(spell)
        episode.care = spell
        self.in_care += 1
        self._assign(episode.case, self._team_for(child, episode, TeamKind.CHILDREN_IN_CARE), day)
        age = age_on(child.birth, day)
        adult = birthday(child.birth, 18)
        if age in ADOPTION_SHARE_BY_AGE and not child.uasc and self.draws.chance(ADOPTION_SHARE_BY_AGE[age]):
            adoption = plan_adoption(spell, self.draws, self.working_days)
            spell.adoption = adoption
            self.adoptions.append(adoption)
            if adoption.stopped is None and adoption.order is not None:
                self.schedule(adoption.order, self._adopted, (spell, spell.token))
                return
            if adoption.stopped is None:
                raise ValueError("an adoption plan that leads to no order stops on a day")
            self.schedule(adoption.stopped, self._adoption_stopped, (spell, spell.token))
            return
        self._plan_care_end(spell, day + self._care_stay_days(age), adult)

    def _care_stay_days(self, age: int) -> int:
        """How long a child coming into care at ``age`` is expected to stay (capped later at 18)."""
        draws = self.draws
        scale = self.care_control.length_scale
        if draws.chance(0.3 if age < 16 else 0.45):
            return 3 + int(draws.exponential(75.0 * scale))
        return int(365 * scale * (0.5 + draws.uniform() * (self.care_years - 0.5)))

    def _plan_care_end(self, spell: CareSpell, day: int, adult: int) -> None:
        if day >= adult:
            self.schedule(adult, self._leaves_care_at_eighteen, (spell, spell.token))
        else:
            self.care_ends.plan(spell, day)

    def _adopted(self, argument: tuple[CareSpell, int]) -> None:
        spell, token = argument
        if spell.token == token and spell.end is None:
            self._leave_care(spell, self.today, "E11" if self.draws.chance(0.7) else "E12")

    def _adoption_stopped(self, argument: tuple[CareSpell, int]) -> None:
        """The plan for adoption is dropped: the child stays in care for the longer term."""
        spell, token = argument
        if spell.token == token and spell.end is None:
            adult = birthday(spell.child.birth, 18)
            self._plan_care_end(spell, self.today + int(365 * (1 + 4 * self.draws.uniform())), adult)

    def _leaves_care_at_eighteen(self, argument: tuple[CareSpell, int]) -> None:
        spell, token = argument
        if spell.token == token and spell.end is None:
            self._leave_care(spell, self.today, self.draws.pick(ADULTHOOD_ENDS))

    def _care_ends_as_planned(self, spell: CareSpell, day: int) -> None:
        age = age_on(spell.child.birth, day)
        if age >= 16:
            reason = self.draws.pick(TEEN_ENDS)
        elif day - spell.start < 365:
            reason = self.draws.pick(SHORT_STAY_ENDS)
        else:
            reason = self.draws.pick(LONG_STAY_ENDS)
        self._leave_care(spell, day, reason)

    def _leave_care(self, spell: CareSpell, day: int, reason: str) -> None:
        spell.end = day
        spell.end_reason = reason
        spell.token += 1
        self.in_care -= 1
        child = spell.child
        if self._becomes_care_leaver(spell, day):
            self._begin_leaving_care(spell, day)
        self._close(spell.episode, day, CLOSURE_FOR_CARE_END.get(reason, "RC6" if age_on(child.birth, day) >= 18 else "RC7"))

    def _becomes_care_leaver(self, spell: CareSpell, day: int) -> bool:
        """Looked after for 13 weeks since the 14th birthday and leaving at 16 or later (not home to family)."""
        child = spell.child
        if age_on(child.birth, day) < 16 or spell.end_reason in ("E4A", "E4B", "E11", "E12", "E2"):
            return False
        since = max(spell.start, birthday(child.birth, 14))
        return day - since >= 91

    def _begin_leaving_care(self, spell: CareSpell, day: int) -> None:
        child = spell.child
        leaver = CareLeaver(child, spell, day, birthday(child.birth, 22), CaseFile(-1 - len(self.leavers)))
        self.leavers.append(leaver)
        child.leaver = leaver
        self.workforce.allocate(leaver.case, self.workforce.team(TeamKind.CARE_LEAVERS, child.locality), day, role="personal adviser")
        self.schedule(leaver.until, self._leaver_turns_twenty_two, leaver)

    def _leaver_turns_twenty_two(self, leaver: CareLeaver) -> None:
        self.workforce.release(leaver.case)

    # Closing an episode

    def _close(self, episode: Episode, day: int, reason: str) -> None:
        if episode.close_day is not None:
            return
        episode.close_day = day
        episode.closure_reason = reason
        if not episode.nfa:
            self.open_cases -= 1
        self.workforce.release(episode.case)
        episode.case.team = None
        child = episode.child
        child.open_episode = None
        self._join_pool(child, day)

    # Allocation

    def _assign(self, case: CaseFile, team: Team, day: int) -> None:
        """Give the case to a worker in ``team``, or leave it waiting for one for a while."""
        draws = self.draws
        if team.kind in ALLOCATION_TEAMS:
            extra = self.effects.allocation_wait_chance(day)
            if draws.chance(BASE_ALLOCATION_WAIT + extra):
                self.workforce.leave_waiting(case, team, day)
                wait = draws.integer(20, 70) if extra else draws.integer(5, 25)
                self.schedule(day + wait, self._allocate_waiting, (case, team))
                return
        self.workforce.allocate(case, team, day)

    def _allocate_waiting(self, argument: tuple[CaseFile, Team]) -> None:
        case, team = argument
        if case.team is team and case.worker is None:
            self.workforce.allocate(case, team, self.today)

    def _rehome(self, worker: Worker, day: int) -> None:
        """A worker has left: their cases pass to colleagues in the same team."""
        for case in list(worker.cases.values()):
            worker.cases.pop(case.number)
            case.worker = None
            if case.number < 0:
                self.workforce.allocate(case, worker.team, day, role="personal adviser")
            else:
                self._assign(case, worker.team, day)

    # Scenarios that start with an event

    def _schedule_scenario_starts(self) -> None:
        staff_loss = self.effects.start_of(FALLING_ASSESSMENT_TIMELINESS)
        if staff_loss is not None:
            self.schedule(staff_loss, self._assessment_staff_leave, None)
        spike = self.effects.start_of(UNALLOCATED_SPIKE)
        if spike is not None:
            self.schedule(spike, self._cases_lose_workers, None)
        turnover = self.effects.start_of(RISING_TURNOVER)
        if turnover is not None:
            self.schedule(turnover, self._workers_start_leaving, Draws(stream(self._seed, "rising turnover")))

    def _assessment_staff_leave(self, _: None) -> None:
        for team in self.workforce.teams[TeamKind.ASSESSMENT]:
            leaving = [worker for worker in team.active if self.draws.chance(1 / 3)]
            for worker in leaving:
                self.workforce.leave(worker)

    def _workers_start_leaving(self, draws: Draws) -> None:
        """Rising turnover: some of the casework teams' workers each get a leaving day in the next
        six months (drawn from a stream of their own, so a council without the scenario is unchanged)."""
        for team in self.workforce.all_teams():
            if team.kind not in ALLOCATION_TEAMS:
                continue
            for worker in list(team.active):
                if draws.chance(EXTRA_LEAVERS_SHARE):
                    self.schedule(self.today + draws.integer(0, EXTRA_LEAVERS_DAYS), self.workforce.leave, worker)

    def _cases_lose_workers(self, _: None) -> None:
        draws = self.draws
        for team in self.workforce.all_teams():
            if team.kind not in ALLOCATION_TEAMS:
                continue
            for worker in list(team.active):
                for case in list(worker.cases.values()):
                    if draws.chance(UNALLOCATED_SHARE_AT_START):
                        self.workforce.leave_waiting(case, team, self.today)
                        self.schedule(self.today + draws.integer(20, 70), self._allocate_waiting, (case, team))


def _team_counts(calibration: Calibration, children: int) -> dict[TeamKind, int]:
    """How many numbered teams of each kind a council of this size has (about seven workers each)."""
    year = max(calibration.values["referrals_rate_per_10k"])
    per_10k = children / 10_000
    referrals = calibration.value("referrals_rate_per_10k", year) * per_10k
    open_assessments = referrals * 0.93 * 40 / 365
    on_plans = calibration.value("cpp_rate_per_10k_31mar", year) * per_10k
    in_care = calibration.value("cla_rate_per_10k_31mar", year) * per_10k
    in_need = calibration.value("cin_rate_per_10k_31mar", year) * per_10k - on_plans - in_care - open_assessments
    workers = {
        TeamKind.ASSESSMENT: open_assessments,
        TeamKind.CHILD_IN_NEED: in_need,
        TeamKind.CHILD_PROTECTION: on_plans,
        TeamKind.CHILDREN_IN_CARE: in_care,
    }
    return {kind: max(1, round(load / 18 / 7)) for kind, load in workers.items()}


def _care_stay_scale(calibration: Calibration, year: int, generator: np.random.Generator) -> float:
    """The longest planned stay (years) that makes the average time in care match England's ratio
    of children in care to children starting care, allowing for adoption and for leaving at 18.

    About half the children starting care are new to the council (aged as care entrants are);
    the others are known children, aged as referrals are.
    """
    ratio = calibration.value("cla_rate_per_10k_31mar", year) / calibration.value("cla_starts_rate_per_10k", year)
    samples = 20_000
    draws = Draws(generator)
    ages = [draws.pick(CARE_ENTRY_AGES if draws.chance(0.5) else REFERRAL_AGES) + draws.uniform() for _ in range(samples)]
    short = [draws.uniform() < (0.3 if age < 16 else 0.45) for age in ages]
    short_stay = [(3 + draws.exponential(75.0)) / 365 for _ in range(samples)]
    spread = [draws.uniform() for _ in range(samples)]
    adopted = [int(age) in ADOPTION_SHARE_BY_AGE and draws.uniform() < ADOPTION_SHARE_BY_AGE[int(age)] for age in ages]

    def mean_stay(longest: float) -> float:
        total = 0.0
        for age, is_short, stay, place, adoption in zip(ages, short, short_stay, spread, adopted):
            if adoption:
                length = 1.9
            elif is_short:
                length = stay
            else:
                length = 0.5 + place * (longest - 0.5)
            total += min(length, 18 - age)
        return total / samples

    low, high = 1.0, 25.0
    for _ in range(30):
        middle = (low + high) / 2
        if mean_stay(middle) < ratio:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def _support_mean_days(calibration: Calibration, year: int) -> float:
    """The usual length of a child in need plan (days) that leaves England's number of children
    in need at 31 March, once those in care, on plans and being assessed are counted."""
    referrals = calibration.value("referrals_rate_per_10k", year)
    nfa = calibration.fraction("referrals_nfa_pct", year)
    in_assessment = referrals * (1 - nfa) * 40 / 365
    waiting = calibration.value("cin_rate_per_10k_31mar", year) - calibration.value("cla_rate_per_10k_31mar", year)
    on_support = waiting - calibration.value("cpp_rate_per_10k_31mar", year) - in_assessment
    s47 = calibration.value("s47_rate_per_10k", year)
    conferences = calibration.value("icpc_rate_per_10k", year)
    plans = calibration.value("cpp_starts_rate_per_10k", year)
    assessment_only = referrals * (1 - nfa) - s47
    starts = (
        assessment_only * SUPPORT_AFTER_ASSESSMENT_SHARE
        + (s47 - conferences) * SUPPORT_AFTER_S47_SHARE
        + (conferences - plans)
        + plans * STEP_DOWN_SHARE
    )
    return max(60.0, on_support / starts * 365)

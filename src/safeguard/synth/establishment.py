"""The caseload the council already holds on the simulation's first day.

A real council never starts empty: children have been in care for years, plans are part way
through, child in need plans are open. Starting the simulation with that caseload (at England's
rates for the first day) means stocks are steady from the start, long stays in care exist, and
the years before the returned history hold the earlier referrals, enquiries and plans that
re-referrals and repeat plans refer back to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from safeguard.synth.case_mix import CATEGORIES, NEEDS_CARE, NEEDS_PROTECTION, NEEDS_SUPPORT, SOURCES
from safeguard.synth.children import REFERRAL_AGES, Child
from safeguard.synth.council import CaseFile, TeamKind
from safeguard.synth.journeys import Assessment, CareSpell, ChildProtectionPlan, Contact, Destiny, Episode, Section47
from safeguard.synth.randomness import WeightedChoice
from safeguard.synth.timeline import birthday, financial_year_end

if TYPE_CHECKING:
    from safeguard.synth.simulation import CouncilSimulation

IN_CARE_AGES = WeightedChoice(
    [(0, 4.0)] + [(age, 3.2) for age in range(1, 5)] + [(age, 3.6) for age in range(5, 10)] + [(age, 6.5) for age in range(10, 16)] + [(16, 12.0), (17, 13.0)]
)
"""Ages of the children in care on a given day: older than those starting care, because many stay for years."""
ESTABLISHED_LEGAL_STATUSES = WeightedChoice([("C2", 68.0), ("V2", 20.0), ("C1", 7.0), ("E1", 5.0)])


def establish_caseload(simulation: CouncilSimulation) -> None:
    """Open the cases the council holds on its first day: in care, on plans, on child in need plans."""
    day = simulation.first_day
    in_care = round(simulation.care_target(day))
    on_plans = round(simulation.plan_target(day))
    calibration = simulation.calibration
    year = financial_year_end(day)
    referrals_per_day = calibration.value("referrals_rate_per_10k", year) * simulation.population[year - 1] / 10_000 / 365
    being_assessed = referrals_per_day * (1 - calibration.fraction("referrals_nfa_pct", year)) * 40
    supported = max(0, round(simulation.cin_target(day) - in_care - on_plans - being_assessed))
    _staff_teams(simulation, in_care, on_plans, supported)
    for _ in range(in_care):
        _established_care(simulation, day)
    for _ in range(on_plans):
        _established_plan(simulation, day)
    for _ in range(supported):
        _established_support(simulation, day)


def _staff_teams(simulation: CouncilSimulation, in_care: int, on_plans: int, supported: int) -> None:
    """Workers already in post, enough for the opening caseload at about 18 cases each."""
    workforce = simulation.workforce
    loads = {TeamKind.CHILDREN_IN_CARE: in_care, TeamKind.CHILD_PROTECTION: on_plans, TeamKind.CHILD_IN_NEED: supported}
    for kind, cases in loads.items():
        teams = workforce.teams[kind]
        for index in range(max(1, round(cases / 18))):
            workforce.hire(teams[index % len(teams)], simulation.first_day, established=True)
    for kind in (TeamKind.FRONT_DOOR, TeamKind.ASSESSMENT, TeamKind.DISABILITIES, TeamKind.CARE_LEAVERS):
        for team in workforce.teams[kind]:
            workforce.hire(team, simulation.first_day, established=True)


def _open_episode(simulation: CouncilSimulation, child: Child, referral: int, destiny: Destiny, need: str) -> Episode:
    draws = simulation.draws
    number = len(simulation.episodes)
    source = draws.pick(SOURCES)
    episode = Episode(number, child, referral, referral, source, destiny, need, CaseFile(number))
    simulation.episodes.append(episode)
    simulation.contacts.append(Contact(child, referral, source))
    child.episodes.append(episode)
    child.open_episode = episode
    child.referral_days.append(referral)
    simulation.open_cases += 1
    return episode


def _assessed(simulation: CouncilSimulation, episode: Episode, authorised: int) -> int:
    """An assessment that started at the referral and was authorised on ``authorised`` (or the
    working day before); returns the day it was authorised."""
    days = simulation.working_days
    start = days.on_or_after(episode.referral_day)
    authorised = max(start, days.on_or_before(authorised))
    episode.assessment = Assessment(start, authorised=authorised, further_action=True)
    return authorised


def _new_child(simulation: CouncilSimulation, day: int, age: int) -> Child:
    child = simulation.register.new_child(day, age)
    simulation.schedule(birthday(child.birth, 18), simulation._turns_eighteen, child)
    return child


def _established_care(simulation: CouncilSimulation, day: int) -> None:
    draws = simulation.draws
    child = _new_child(simulation, day, draws.pick(IN_CARE_AGES))
    elapsed = int(min(day - child.birth, 3650) * draws.uniform() ** 1.5)
    start = max(child.birth, day - max(elapsed, 1))
    referral = max(child.birth, start - draws.integer(14, 60))
    episode = _open_episode(simulation, child, referral, Destiny.ASSESSMENT_INTO_CARE, draws.pick(NEEDS_CARE))
    authorised = _assessed(simulation, episode, start)
    spell = CareSpell(len(simulation.spells), child, episode, max(start, authorised), "established", episode.primary_need, False)
    spell.legal_statuses.append((spell.start, draws.pick(ESTABLISHED_LEGAL_STATUSES)))
    simulation.spells.append(spell)
    child.care_spells.append(spell)
    episode.care = spell
    simulation.in_care += 1
    simulation.workforce.allocate(episode.case, simulation._team_for(child, episode, TeamKind.CHILDREN_IN_CARE), day)
    remaining = int(draws.exponential(365 * 3.5))
    simulation._plan_care_end(spell, day + max(remaining, 7), birthday(child.birth, 18))


def _established_plan(simulation: CouncilSimulation, day: int) -> None:
    draws = simulation.draws
    days = simulation.working_days
    child = _new_child(simulation, day, max(2, draws.pick(REFERRAL_AGES)))
    long = draws.chance(0.03)
    elapsed = draws.integer(560, 800) if long else min(int(draws.exponential(170)), 540)
    start = days.on_or_before(day - max(elapsed, 1))
    enquiry_start = days.on_or_before(start - draws.integer(12, 24))
    referral = days.on_or_before(enquiry_start - draws.integer(0, 3))
    episode = _open_episode(simulation, child, referral, Destiny.CHILD_PROTECTION_PLAN, draws.pick(NEEDS_PROTECTION))
    _assessed(simulation, episode, min(days.deadline(referral, draws.integer(15, 44)), day - 1))
    enquiry = Section47(enquiry_start, days.count_after(enquiry_start, start), conference=start, outcome_plan=True)
    episode.s47 = enquiry
    child.s47_days.append(enquiry_start)
    child.icpc_days.append(start)
    plan = ChildProtectionPlan(len(simulation.plans), child, episode, start, 0, long, [(start, draws.pick(CATEGORIES))])
    simulation.plans.append(plan)
    child.plans.append(plan)
    episode.plan = plan
    simulation.on_plan += 1
    simulation.workforce.allocate(episode.case, simulation._team_for(child, episode, TeamKind.CHILD_PROTECTION), day)
    review = simulation._first_review_day(start)
    while review < day:
        plan.reviews.append(review)
        review = simulation._next_review_day(review)
    simulation._schedule_review(plan, review)


def _established_support(simulation: CouncilSimulation, day: int) -> None:
    draws = simulation.draws
    child = _new_child(simulation, day, max(1, draws.pick(REFERRAL_AGES)))
    start = max(child.birth + 30, day - min(int(draws.exponential(120)), 900))
    referral = max(child.birth, start - draws.integer(20, 60))
    episode = _open_episode(simulation, child, referral, Destiny.ASSESSMENT_CHILD_IN_NEED, draws.pick(NEEDS_SUPPORT))
    authorised = _assessed(simulation, episode, start)
    episode.support_start = max(start, authorised)
    simulation.workforce.allocate(episode.case, simulation._team_for(child, episode, TeamKind.CHILD_IN_NEED), day)
    remaining = max(7, int(draws.exponential(simulation.support_days)))
    adult = birthday(child.birth, 18)
    if day + remaining >= adult:
        simulation.schedule(adult, simulation._support_ends_at_eighteen, (episode, episode.support_token))
    else:
        simulation.support_ends.plan(episode, day + remaining)

"""The demo council's challenge log: a dozen questions from the Lead Member, the Chief Executive,
scrutiny and the partnership over the past year, in every state, two of them late."""

from __future__ import annotations

from dataclasses import dataclass

from safeguard.aggregates import measure_to
from safeguard.calendar import months_later
from safeguard.governance.challenge import services
from safeguard.governance.challenge.models import Challenge
from safeguard.governance.workflow.demo_cast import DemoCast


@dataclass(frozen=True)
class DemoChallenge:
    asker: str
    question: str
    factor: str
    raised_days_ago: int
    indicator_id: str = ""
    owner: str = ""
    answer_within: int = 20
    """Days from raising to the answer's due date."""
    thread: tuple[tuple[str, int, str], ...] = ()
    """(step, days after raising, words): answer, follow_up, close, reopen."""


CHALLENGES: tuple[DemoChallenge, ...] = (
    DemoChallenge("lead_member", "Re-referrals have risen for months. Are we closing cases too early, and what are we doing about it?",
                  "outcomes", 320, "re_referral_rate", "head_of_front_door", 21,
                  (("answer", 18, "A dip sample of 40 re-referrals found most had been closed after one assessment without a plan. "
                    "Plan action A001 changes how cases step down to early help."),
                   ("follow_up", 25, "When will we see the figure turn, and how will I know?"),
                   ("answer", 40, "We expect the rate to fall within two quarters; it is in your monthly briefing."),
                   ("close", 45, "Thank you: I will watch it in the briefing."))),
    DemoChallenge("chief_executive", "Assessments are slipping past 45 working days. Is this a capacity problem, and do you have what you need?",
                  "resourcing", 160, "assessments_within_45wd", "head_of_child_protection", 14,
                  (("answer", 12, "Yes: two vacancies and sickness in one team. A second duty team starts in October (plan action A002)."),
                   ("close", 20, "Agreed; report back at the next quarterly meeting."))),
    DemoChallenge("scrutiny_chair", "How many child protection plans last more than two years, and why?",
                  "outcomes", 200, "cpp_ended_2yrs_rate", "head_of_child_protection", 28,
                  (("answer", 26, "Fewer than one in twenty plans ending this year had lasted two years; each long plan is now reviewed at 15 months."),
                   ("close", 35, "Reassured by the review at 15 months."))),
    DemoChallenge("board_member", "Do partners understand the threshold for a referral? Too many end with no further action.",
                  "partnership", 180, "referral_nfa_rate", "head_of_front_door", 30,
                  (("answer", 28, "The threshold document is being rewritten with partners (plan action A007) and briefings are booked."),)),
    DemoChallenge("lead_member", "Are children in care who go missing always offered a return interview?",
                  "outcomes", 150, "return_interview_offered_rate", "head_of_children_in_care", 21,
                  (("answer", 20, "Most are; the gaps were weekends. The police now notify the service the same day (plan action A010)."),
                   ("close", 30, "Good."), ("reopen", 120, "The figure dipped again last month: is the same-day notice holding?"))),
    DemoChallenge("leader", "How does our workforce stability compare with our neighbours?", "workforce_development", 110, "",
                  "principal_social_worker", 30,
                  (("answer", 29, "Turnover is close to our neighbours' average; agency use is higher. Exit interviews now run for every leaver."),
                   ("follow_up", 40, "What is the plan to reduce agency staff?"))),
    DemoChallenge("scrutiny_chair", "Are child protection visits happening on time across every team?", "performance_and_quality", 90,
                  "cpp_visit_in_timescale", "performance_manager", 14,
                  (("answer", 10, "Nearly all, every month; managers check every Friday (plan action A005)."),
                   ("close", 15, "Thank you."))),
    DemoChallenge("chief_executive", "What did the last case audit tell us about the child's voice in our work?", "culture", 60, "",
                  "quality_assurance_lead", 21,
                  (("answer", 19, "The child's voice was clear in four audits out of five; the practice standard is being refreshed."),)),
    DemoChallenge("lead_member", "Why did the number of unallocated cases rise in the autumn?", "resourcing", 70, "unallocated_cases",
                  "head_of_front_door", 10, ()),
    DemoChallenge("board_member", "Are strategy discussions being held with the police every time they should be?", "partnership", 40,
                  "s47_per_10k", "head_of_child_protection", 20, ()),
    DemoChallenge("lead_member", "How many care leavers are we in touch with, and what about those we are not?", "outcomes", 12,
                  "care_leavers_in_touch_rate", "head_of_children_in_care", 28, ()),
    DemoChallenge("scrutiny_chair", "What is our plan if a second wave of demand comes this winter?", "resourcing", 3),
)


def seed(cast: DemoCast) -> str:
    if Challenge.objects.exists():
        return ""
    director = cast.person("dcs")
    for item in CHALLENGES:
        raised = cast.day(item.raised_days_ago)
        asker = cast.person(item.asker)
        challenge = services.raise_challenge(
            by=asker, question=item.question, factor=item.factor, raised_on=raised, at=cast.at(item.raised_days_ago, 16),
        )
        if item.indicator_id and cast.data_month is not None:
            measure = measure_to(item.indicator_id, min(cast.data_month, months_later(raised, -1)))
            raised_about = {"indicator_id": item.indicator_id, "evidence": measure.to_json() if measure else None}
            # The record and the history row of its raising: read as at any later day, it names its indicator.
            Challenge.objects.filter(pk=challenge.pk).update(**raised_about)
            Challenge.history.filter(id=challenge.pk).update(**raised_about)
            challenge.refresh_from_db()
        if not item.owner:
            continue
        assigned_ago = max(item.raised_days_ago - 2, 0)
        challenge = services.assign(
            challenge, by=director, seen_version=challenge.version, owner=cast.person(item.owner),
            due=cast.day(item.raised_days_ago - item.answer_within), at=cast.at(assigned_ago, 9),
        )
        for step, days, words in item.thread:
            by = cast.person(item.owner) if step == "answer" else asker
            challenge = services.move_challenge(
                challenge, step, by=by, seen_version=challenge.version, reason=words, at=cast.at(item.raised_days_ago - days, 12),
            )
    overdue = services.overdue_challenges(cast.today).count()
    return f"Challenge log: {len(CHALLENGES)} challenges over the past year ({overdue} overdue)."

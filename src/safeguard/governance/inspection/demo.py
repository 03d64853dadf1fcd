"""The demo council's inspection records: its last full inspection (twenty months ago: good
overall, help and protection requiring improvement) with three recommendations, each on the
improvement plan; a focused visit four months ago with two more, one not yet on the plan; and
the readiness checklist mostly kept over the year."""

from __future__ import annotations

from datetime import timedelta

from safeguard.calendar import add_months
from safeguard.governance.inspection import services
from safeguard.governance.inspection.judgements import readiness
from safeguard.governance.inspection.models import Inspection, ReadinessCheck
from safeguard.governance.plan import services as plan_services
from safeguard.governance.plan.models import PlanAction
from safeguard.governance.workflow.demo_cast import DemoCast

FULL_INSPECTION = {
    "kind": "ilacs_standard", "impact_of_leaders": "good", "help_and_protection": "requires_improvement", "in_care": "good",
    "care_leavers": "good", "overall_effectiveness": "good",
    "summary": "Leaders know the service well; children in care are in stable homes; the front door is too slow to act on "
               "repeat referrals and strategy discussions do not always include health.",
}
FULL_RECOMMENDATIONS = (
    ("Make sure that repeat referrals are looked at as a whole, not one at a time.", "Review the history at every repeat referral", "performance_and_quality", "head_of_front_door", 240),
    ("Make sure that health takes part in every strategy discussion.", "Health at every strategy discussion", "partnership", "head_of_child_protection", 200),
    ("Improve the quality of supervision records so that they show reflection and direction.", "Supervision records that show reflection", "workforce_development", "principal_social_worker", 120),
)
DONE = {
    "Review the history at every repeat referral": "Repeat referrals now reviewed with their history; re-referrals down over two quarters.",
    "Supervision records that show reflection": "Audit of supervision records: most now show reflection and direction.",
}
"""The full inspection's actions the service has completed (with the evidence), the others still under way."""
VISIT_RECOMMENDATIONS = (
    ("Make sure that children in care are told why their social worker changes.", "Explain every change of social worker to the child", "culture", "head_of_children_in_care", -90),
    ("Improve how quickly return interviews are offered after a child goes missing.", "", "", "", 0),
)
READINESS = {
    "review_questions_with_dcs": ("ready", "Went through the framework's questions with the Director in the spring.", "dcs"),
    "partnership_attendance": ("in_hand", "Three of the last four partnership meetings attended; dates now protected.", "dcs"),
    "data_bank": ("ready", "Data bank checked by the performance manager: all seven documents current.", "performance_manager"),
    "annex_a_current": ("ready", "Annex A produced in two hours at the last practice run, no errors.", "performance_manager"),
    "self_evaluation_current": ("in_hand", "Self-evaluation being updated after the focused visit.", "quality_assurance_lead"),
    "staff_prepared": ("ready", "Briefings for every team; practice conversations rehearsed.", "principal_social_worker"),
    "coordinator_named": ("ready", "The quality assurance lead runs the inspection week; base room booked.", "quality_assurance_lead"),
    "meet_inspectors": ("in_hand", "Briefing notes for the Lead Member drafted.", "dcs"),
    "learning_reviewed": ("ready", "Every recommendation of the last inspection is on the plan with an owner.", "dcs"),
    "plan_followed": ("in_hand", "Quarterly progress to scrutiny; the last report was in October.", "dcs"),
}


def _follow_up(cast: DemoCast, action: PlanAction, started_ago: int) -> None:
    """Start each action a couple of months after it was raised, and complete those in ``DONE`` a year on."""
    if started_ago < 30:
        return
    director = cast.person("dcs")
    action = plan_services.move_action(action, "start", by=director, seen_version=action.version, at=cast.at(started_ago, 10))
    if action.title in DONE:
        plan_services.move_action(action, "complete", by=director, seen_version=action.version, reason=DONE[action.title],
                                  at=cast.at(started_ago - 365, 10))


def _inspection(cast: DemoCast, ended_ago: int, recommendations: tuple, **fields: object) -> int:
    director = cast.person("dcs")
    ended = cast.day(ended_ago)
    published = ended + timedelta(days=42)
    found = services.record_inspection(by=director, started_on=ended - timedelta(days=11 if fields.get("overall_effectiveness") else 4),
                                       ended_on=ended, published_on=published, at=cast.at(ended_ago - 42, 14), **fields)
    raised = 0
    for text, action, factor, owner, due_after in recommendations:
        item = services.add_recommendation(found, by=director, text=text, at=cast.at(ended_ago - 43, 10))
        if action:
            raised_action = services.raise_recommendation_action(
                item, by=director, title=action, factor=factor, owner=cast.person(owner), due=add_months(published, 6) + timedelta(days=due_after),
                raised_on=published + timedelta(days=1), at=cast.at(ended_ago - 43, 11))
            _follow_up(cast, raised_action, ended_ago - 60)
            raised += 1
    return raised


def seed(cast: DemoCast) -> str:
    if Inspection.objects.exists() or ReadinessCheck.objects.exists():
        return ""
    raised = _inspection(cast, 600, FULL_RECOMMENDATIONS, **FULL_INSPECTION)
    raised += _inspection(cast, 120, VISIT_RECOMMENDATIONS, kind="focused_visit",
                          summary="Children in care: visits are regular, but some children do not know why their worker changed.")
    for index, item in enumerate(readiness().items):
        if item.id not in READINESS:
            continue
        status, evidence, owner = READINESS[item.id]
        ago = 330 - index * 25
        services.record_check(item.id, by=cast.person("dcs"), seen_version=None, at=cast.at(ago, 11),
                              changes={"status": "in_hand", "evidence": evidence, "owner": cast.person(owner), "review_by": add_months(cast.day(ago), 6)})
        if status == "ready":
            check = ReadinessCheck.objects.get(item_id=item.id)
            services.record_check(item.id, by=cast.person("performance_manager"), seen_version=check.version, at=cast.at(ago - 40, 15),
                                  changes={"status": "ready"})
    return f"Inspection: two inspections with {raised} recommendations on the plan, {len(READINESS)} readiness items kept."

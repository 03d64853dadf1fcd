"""The demo council's improvement plan: twenty actions raised over the past year from every kind
of source, in every state, a believable few overdue, with progress notes and, where an indicator
is linked, its baseline as the figures stood the month the action was raised."""

from __future__ import annotations

from dataclasses import dataclass

from safeguard.aggregates import measure_to
from safeguard.calendar import months_later
from safeguard.governance.plan import services
from safeguard.governance.plan.models import PlanAction
from safeguard.governance.workflow.demo_cast import DemoCast


@dataclass(frozen=True)
class DemoAction:
    title: str
    source: str
    source_reference: str
    factor: str
    owner: str
    raised_days_ago: int
    due_in_days: int
    """Days from raising to the due date."""
    indicator_id: str = ""
    direction: str = ""
    steps: tuple[tuple[str, int, str], ...] = ()
    """(transition, days after raising, reason) in order."""
    notes: tuple[tuple[int, str], ...] = ()
    """(days after raising, progress note)."""


ACTIONS: tuple[DemoAction, ...] = (
    DemoAction("Review why families come back to the front door within a year", "warning", "Early warning: re-referrals rising",
               "outcomes", "head_of_front_door", 300, 120, "re_referral_rate", "down",
               (("start", 7, ""),), ((30, "Dip sample of 40 re-referrals done; most closed after a single assessment with no plan."),
                                    (90, "Step-down to early help now needs a named lead professional before closure."))),
    DemoAction("Add a second duty team to clear assessments within 45 working days", "data", "Monthly performance report",
               "resourcing", "head_of_child_protection", 150, 90, "assessments_within_45wd", "up",
               (("start", 5, ""),), ((40, "Two agency social workers recruited to the second duty team from October."),)),
    DemoAction("Weekly tracker of assessments nearing day 40", "self_assessment", "Self-assessment, factor 5",
               "performance_and_quality", "performance_manager", 200, 45, "assessments_within_45wd", "up",
               (("start", 3, ""), ("complete", 40, "Tracker live and reviewed at every Monday managers' meeting.")),
               ((20, "First version shared with team managers."),)),
    DemoAction("Re-audit the quality of child protection plans", "audit", "Quarterly case audit round",
               "performance_and_quality", "quality_assurance_lead", 250, 120, "", "",
               (("start", 10, ""), ("complete", 110, "Re-audit of 30 plans: 70% good or better, up from 52%."),
                ("close", 140, "Improvement held in the next quarterly round; learning built into supervision."))),
    DemoAction("Child protection visits within 10 working days: managers check every Friday", "data", "Monthly performance report",
               "performance_and_quality", "head_of_child_protection", 220, 60, "cpp_visit_in_timescale", "up",
               (("start", 2, ""), ("complete", 55, "Friday checks in place in all four child protection teams."))),
    DemoAction("Reduce plans lasting over two years: every plan over 15 months reviewed by a head of service", "challenge",
               "Lead Member's challenge on long plans", "outcomes", "head_of_child_protection", 180, 150, "cpp_ended_2yrs_rate", "down",
               (("start", 14, ""),), ((60, "21 long plans reviewed; 6 escalated to legal planning meetings."),)),
    DemoAction("Refresh the multi-agency threshold document with partners", "partnership", "Partnership meeting, June",
               "partnership", "partnership_manager", 170, 90, "referral_nfa_rate", "down",
               (("start", 20, ""), ("complete", 95, "New threshold document agreed by the partnership and launched at briefings."))),
    DemoAction("Act on the inspection recommendation about the voice of the child in assessments", "inspection",
               "Focused visit letter", "outcomes", "principal_social_worker", 330, 180, "cpp_seen_alone_rate", "up",
               (("start", 15, ""), ("complete", 170, "Practice standard issued; audits now grade the child's voice separately."),
                ("close", 260, "The quarterly audit round found the child's voice evident in most cases."))),
    DemoAction("Exit interviews for every social worker who leaves, reported quarterly", "peer_review", "Regional peer review",
               "workforce_development", "principal_social_worker", 280, 60, "", "",
               (("start", 5, ""), ("complete", 50, "Exit interviews running; first quarterly summary to the Director.")),),
    DemoAction("Return home interviews offered to every child missing from care", "data", "Missing from care report",
               "outcomes", "head_of_children_in_care", 210, 90, "return_interview_offered_rate", "up",
               (("start", 7, ""),), ((45, "Commissioned service now notified the same day by the police."),)),
    DemoAction("Placement stability panel for children with two moves in a year", "self_assessment", "Self-assessment, factor 7",
               "outcomes", "head_of_children_in_care", 120, 120, "cla_3plus_placements_rate", "down",
               (("start", 10, ""),)),
    DemoAction("Answer complaints about delays in child protection conferences", "complaint", "Stage 2 complaint, upheld",
               "culture", "head_of_child_protection", 160, 30, "icpc_within_15wd", "up",
               (("start", 2, ""), ("complete", 28, "Conference booking moved to the child protection chairs' team."))),
    DemoAction("Publish a monthly performance briefing for the Lead Member", "challenge", "Lead Member's induction",
               "leadership", "performance_manager", 340, 30, "", "",
               (("start", 1, ""), ("complete", 25, "First briefing issued; now monthly before each portfolio meeting."),
                ("close", 60, "Lead Member confirmed the briefing answers her questions."))),
    DemoAction("Joint training on neglect for schools and health visitors", "partnership", "Partnership learning review",
               "partnership", "education_partner", 100, 120, "", "", (("start", 20, ""),),
               ((50, "Two sessions delivered to 64 staff; two more booked."),)),
    DemoAction("Clear the unallocated cases in the assessment service", "warning", "Early warning: unallocated cases",
               "resourcing", "head_of_front_door", 75, 21, "unallocated_cases", "down",
               (("start", 1, ""),), ((10, "Duty manager allocating daily; numbers falling."),)),
    DemoAction("Supervision audit: every worker supervised at least monthly", "audit", "Supervision audit",
               "workforce_development", "principal_social_worker", 60, 90, "", "", ()),
    DemoAction("Review thresholds for strategy discussions with the police", "partnership", "Professional disagreement themes",
               "partnership", "police_partner", 45, 90, "s47_per_10k", "down", (("start", 6, ""),)),
    DemoAction("Second and subsequent plans: audit the decision to end the first plan", "data", "Quarterly data review",
               "performance_and_quality", "quality_assurance_lead", 30, 75, "cpp_repeat_rate", "down", ()),
    DemoAction("Recruit permanent team managers to replace agency managers", "self_assessment", "Self-assessment, factor 3",
               "resourcing", "dcs", 90, 180, "", "",
               (("start", 10, ""), ("withdraw", 40, "Folded into the workforce strategy action owned by the Principal Social Worker."))),
    DemoAction("Care leavers in touch: named personal adviser for every young person at 17", "challenge", "Scrutiny challenge",
               "outcomes", "head_of_children_in_care", 20, 120, "care_leavers_in_touch_rate", "up", ()),
)


def seed(cast: DemoCast) -> str:
    if PlanAction.objects.exists():
        return ""
    keeper = cast.person("dcs")
    for item in ACTIONS:
        raised = cast.day(item.raised_days_ago)
        baseline = None
        if item.indicator_id and cast.data_month is not None:
            data_month = min(cast.data_month, months_later(raised, -1))
            baseline = measure_to(item.indicator_id, data_month)
        action = services.raise_action(
            by=keeper, raised_on=raised, baseline=baseline, at=cast.at(item.raised_days_ago, 9),
            title=item.title, source=item.source, source_reference=item.source_reference, factor=item.factor,
            owner=cast.person(item.owner), due=cast.day(item.raised_days_ago - item.due_in_days),
            indicator_id=item.indicator_id, direction=item.direction,
        )
        events = sorted(
            [(days, "step", name, reason) for name, days, reason in item.steps] + [(days, "note", "", text) for days, text in item.notes]
        )
        for days, kind, name, text in events:
            ago = item.raised_days_ago - days
            if ago < 0:
                continue
            if kind == "step":
                action = services.move_action(action, name, by=keeper, seen_version=action.version, reason=text, at=cast.at(ago, 14))
            else:
                services.note_progress(action, by=action.owner, text=text, at=cast.at(ago, 11))
    overdue = services.overdue_actions(cast.today).count()
    return f"Improvement plan: {len(ACTIONS)} actions over the past year ({overdue} overdue)."

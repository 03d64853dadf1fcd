"""The demo council's induction and briefing cycle: its Lead Member took office ten months ago,
and has done every item of the induction plan but the last (the other councillors' development,
now overdue), most of them in time; a year of briefings delivered to leaders, most on time, some
late, and a few never delivered, so the cycle shows all three."""

from __future__ import annotations

from datetime import date, timedelta

from safeguard.calendar import is_working_day, working_day_deadline
from safeguard.governance.induction import services
from safeguard.governance.induction.models import BriefingDelivery, InductionPlan
from safeguard.governance.workflow.demo_cast import DemoCast

TOOK_OFFICE_DAYS_AGO = 300
NOT_YET_DONE = frozenset({"members_development"})
LATE_ITEMS = {"meet_partners": 9, "read_partnership_minutes": 4}
"""Items done so many days after their due date; the rest a day or two before it."""
NOTES = {
    "meet_leader": "Agreed the three priorities: the front door, children in care's stability, and the workforce.",
    "meet_dcs": "Went through Table 1 together; agreed to share partnership and corporate parenting meetings.",
    "meet_performance_lead": "Walked through the monthly performance report and the early warnings.",
    "meet_partners": "Met the police, health and youth justice leads; public health in the next round.",
}
DELIVERERS = {"performance": "performance_manager", "case_audits": "quality_assurance_lead", "workforce": "dcs",
              "children_in_care": "head_of_children_in_care", "complaints": "head_of_front_door", "iro_annual_report": "head_of_children_in_care"}
SENT_TO = {"performance": ["lead_member", "chief_executive", "leader"], "complaints": ["lead_member", "chief_executive", "scrutiny_member"],
           "iro_annual_report": ["lead_member", "scrutiny_member"]}
LATE_EVERY, MISSED_EVERY = 6, 11
"""Of the briefings due over the year, in order, every sixth came late and every eleventh never came."""


def _working_day_before(day: date, days: int) -> date:
    found = day - timedelta(days=days)
    while not is_working_day(found):
        found -= timedelta(days=1)
    return found


def _seed_plan(cast: DemoCast) -> int:
    director, member = cast.person("dcs"), cast.person("lead_member")
    took_office = cast.day(TOOK_OFFICE_DAYS_AGO)
    plan = services.start_plan(by=director, lead_member=member, took_office_on=took_office, at=cast.at(TOOK_OFFICE_DAYS_AGO, 9))
    done = 0
    for index, step in enumerate(plan.steps.order_by("due", "id")):
        if step.item_id in NOT_YET_DONE:
            continue
        day = step.due + timedelta(days=LATE_ITEMS[step.item_id]) if step.item_id in LATE_ITEMS else _working_day_before(step.due, 1 + index % 3)
        day = max(day, took_office)
        services.record_step(step, by=member if index % 4 else director, seen_version=step.version,
                             changes={"done_on": day, "note": NOTES.get(step.item_id, "")}, at=cast.at((cast.today - day).days, 16))
        done += 1
    return done


def _seed_deliveries(cast: DemoCast) -> tuple[int, int, int]:
    found = services.occurrences(cast.day(365), cast.today, cast.today)
    on_time = late = missed = 0
    for index, item in enumerate(found, start=1):
        if item.standing is not services.Standing.OVERDUE:
            continue
        if index % MISSED_EVERY == 0:
            missed += 1
            continue
        day = working_day_deadline(item.due, 3) if index % LATE_EVERY == 0 else _working_day_before(item.due, 2)
        if day >= cast.today:
            continue
        deliverer = cast.person(DELIVERERS[item.briefing.id])
        services.record_delivery(by=cast.person("performance_manager"), briefing_id=item.briefing.id, period_start=item.period.start,
                                 delivered_on=day, delivered_by=deliverer, sent_to=SENT_TO.get(item.briefing.id, ["lead_member", "chief_executive"]),
                                 note="", at=cast.at((cast.today - day).days, 17))
        late, on_time = (late + 1, on_time) if day > item.due else (late, on_time + 1)
    return on_time, late, missed


def seed(cast: DemoCast) -> str:
    if InductionPlan.objects.exists() or BriefingDelivery.objects.exists():
        return ""
    done = _seed_plan(cast)
    on_time, late, missed = _seed_deliveries(cast)
    return (f"Induction and briefings: the Lead Member's plan ({done} items done), {on_time + late} briefings delivered "
            f"({late} late), {missed} never delivered.")

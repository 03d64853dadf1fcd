"""The demo council's serious incidents: one whose practice review was published this year, with
its recommendations on the improvement plan at different stages and a bank holiday inside its
notification timescale; and one recent incident whose rapid review is overdue."""

from __future__ import annotations

from datetime import date, timedelta

from safeguard.calendar import bank_holidays, is_working_day, working_day_deadline
from safeguard.governance.plan import services as plan_services
from safeguard.governance.reviews import services
from safeguard.governance.reviews.models import SeriousIncident
from safeguard.governance.workflow.demo_cast import DemoCast

RECOMMENDATIONS = (
    ("Health visitors tell the family's GP whenever a new adult joins the household.", "Protocol for health visitors to tell GPs "
     "of new adults in the household", "health_partner", 120, "complete"),
    ("Emergency departments check the child protection information system for every baby with an injury.", "Every baby's injury "
     "checked against the child protection information system", "health_partner", 150, "start"),
    ("Police share domestic abuse call-outs with social care within one working day when a baby lives at the address.",
     "Domestic abuse call-outs shared within a working day where a baby lives", "police_partner", 90, "start"),
)


def _day_before_a_bank_holiday(latest: date) -> date:
    """The last working day before the most recent bank holiday on or before ``latest``: an
    incident known that day has the holiday inside its notification timescale."""
    holidays = sorted(day for year in (latest.year - 1, latest.year) for day in bank_holidays(year) if day <= latest)
    holiday = holidays[-1]
    before = holiday - timedelta(days=1)
    while not is_working_day(before):
        before -= timedelta(days=1)
    return before


def seed(cast: DemoCast) -> str:
    if SeriousIncident.objects.exists():
        return ""
    manager = cast.person("partnership_manager")
    director = cast.person("dcs")

    aware = _day_before_a_bank_holiday(cast.day(240))
    ago = (cast.today - aware).days
    first = services.record_incident(
        by=manager, at=cast.at(ago, 16), title="Serious injury to a baby known to early help",
        summary=("A seven-week-old baby was admitted with a head injury the parents could not explain. Health visitors, the GP and "
                 "early help had all seen the family; none knew that the mother's new partner had moved in."),
        harm="serious_harm", child_reference="NB-208114", agencies="Health visiting, GP, early help, police", aware_on=aware, owner=manager,
    )
    notified = working_day_deadline(aware, 4)
    steps = (
        ("notify", notified, ""),
        ("complete_rapid_review", working_day_deadline(notified, 14), ""),
        ("decide_review", working_day_deadline(notified, 14),
         "Agencies each held part of the picture and did not share it: there is learning for the whole partnership."),
        ("publish", cast.day(40), "The partnership's website, with a briefing for practitioners"),
    )
    for name, day, reason in steps:
        first = services.move_incident(first, name, by=manager, seen_version=first.version, on=day, reason=reason,
                                       at=cast.at((cast.today - day).days, 15))
    raised = cast.day(35)
    for text, title, owner, due_in, step in RECOMMENDATIONS:
        recommendation = services.add_recommendation(first, by=manager, text=text, at=cast.at(38, 10))
        recommendation = services.raise_recommendation_action(
            recommendation, by=director, seen_version=recommendation.version, title=title, factor="partnership",
            owner=cast.person(owner), due=raised + timedelta(days=due_in), raised_on=raised, at=cast.at(35, 11),
        )
        if recommendation.action is None:
            raise ValueError(f"recommendation {recommendation.number} was put on the plan but has no action")
        action = plan_services.move_action(recommendation.action, "start", by=director, seen_version=1, at=cast.at(30, 9))
        if step == "complete":
            plan_services.move_action(action, "complete", by=director, seen_version=action.version, at=cast.at(10, 14),
                                      reason="Protocol agreed with the GP practices and in use since last month.")

    recent_aware = cast.day(30)
    while not is_working_day(recent_aware):
        recent_aware -= timedelta(days=1)
    second = services.record_incident(
        by=director, at=cast.at((cast.today - recent_aware).days, 18), title="Death of a teenager; exploitation suspected",
        summary=("A 15-year-old who had been missing from home several times died after an assault. Police suspect criminal "
                 "exploitation; the youth justice service and the school knew of the missing episodes."),
        harm="death", child_reference="NB-517203", agencies="Police, youth justice, school, children's social care",
        aware_on=recent_aware, owner=manager,
    )
    notified = working_day_deadline(recent_aware, 2)
    services.move_incident(second, "notify", by=manager, seen_version=second.version, on=notified,
                           at=cast.at((cast.today - notified).days, 12))
    overdue = len(services.overdue_incidents(cast.today))
    inside = [day for day in sorted(bank_holidays(aware.year) | bank_holidays(aware.year + 1))
              if aware < day <= first.deadlines.panel_notification_due]
    return (f"Serious incidents: 2 (one published with its recommendations on the plan, known on {aware:%-d %B %Y} with "
            f"{', '.join(f'{day:%-d %B}' for day in inside)} inside its notification timescale; {overdue} with an overdue step).")

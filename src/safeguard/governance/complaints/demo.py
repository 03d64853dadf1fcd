"""The demo council's year of complaints and compliments: two dozen complaints received over the
past year, most answered at stage 1 (a few late), four taken to stage 2 and one to a review
panel, lessons recorded on the closed ones, two plan actions raised from them; a compliment a
month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from safeguard.calendar import is_working_day, working_day_deadline
from safeguard.governance.complaints import services
from safeguard.governance.complaints.models import Complaint
from safeguard.governance.workflow.demo_cast import DemoCast

HANDLERS = ("head_of_front_door", "head_of_child_protection", "head_of_children_in_care")
AREAS = ("front_door", "child_protection", "children_in_care", "care_leavers", "disabled_children", "early_help")
THEMES = ("communication", "delay", "decision", "conduct", "quality", "records", "communication", "delay")
PEOPLE = ("parent", "parent", "child", "relative", "advocate", "parent")
FINDINGS = ("not_upheld", "partly_upheld", "upheld", "not_upheld", "partly_upheld")
SUMMARIES = {
    "communication": "Not told about a change of social worker, or the date of a meeting.",
    "delay": "Waited weeks for an assessment to finish, or for a call back.",
    "decision": "Disagrees with the decision to close the case.",
    "conduct": "Felt the worker was dismissive at a home visit.",
    "quality": "The plan did not say what support the family would get.",
    "records": "Says the assessment records things that are wrong.",
}

THEME_LESSONS = {
    "communication": "Tell families of every change in writing, the same week.",
    "delay": "Managers check call-backs and overdue assessments at the daily huddle.",
    "decision": "Explain every decision to close a case in writing, with how to come back.",
    "conduct": "Practice supervision covers how workers open a first home visit.",
    "quality": "Plans say what support the family gets, from whom and by when.",
    "records": "Families are offered a copy of their assessment to comment on.",
}
"""What an upheld complaint about each theme taught the service (the demo's own words)."""
NO_LESSON = "No change needed: the response explained the service's decision."


@dataclass(frozen=True)
class Journey:
    response_days: int
    """Working days to the stage 1 response (over 10 is late)."""
    stages: int = 1
    """How far it went: 1, 2 or 3."""
    lessons: str = ""
    action: str = ""


JOURNEYS: dict[int, Journey] = {
    2: Journey(8, 2, "Families are told in writing of every change of worker.", "Write to the family whenever the allocated worker changes"),
    5: Journey(14, lessons="Call-backs are now logged and checked daily by the duty manager."),
    7: Journey(9, 3, "Explain to families why a case is closed, in writing, with how to come back."),
    11: Journey(7, 2, "Assessments record the family's view beside the worker's."),
    14: Journey(12),
    16: Journey(6, 2, "Conference invitations go by post and text, checked against the latest address.",
                "Check the family's address before every child protection conference invitation"),
    22: Journey(30),
}
COMPLAINTS = 24
CLOSED_AFTER_DAYS = 14
"""A complaint answered this many days ago without asking for the next stage is closed."""
COMPLIMENTS = (
    ("parent", "early_help", "The family worker helped us through a very hard winter."),
    ("child", "children_in_care", "My social worker always comes when she says she will."),
    ("professional", "child_protection", "A GP thanked the team for a quick, clear strategy discussion."),
    ("child", "care_leavers", "My personal adviser helped me find my first flat."),
    ("parent", "disabled_children", "The short breaks team listened to what our son wanted."),
    ("relative", "children_in_care", "Grandparents thanked the team for keeping the brothers together."),
    ("professional", "front_door", "A head teacher praised the advice line's same-day answer."),
    ("parent", "child_protection", "The conference chair explained everything and made us feel heard."),
    ("child", "care_leavers", "Thank you for coming to my graduation."),
    ("parent", "early_help", "The parenting course changed how we talk to each other."),
    ("advocate", "children_in_care", "An advocate commended the team's respect for a young person's wishes."),
    ("professional", "disabled_children", "A paediatrician thanked the team for a joined-up plan."),
)


def _working_day(cast: DemoCast, days_ago: int) -> int:
    while not is_working_day(cast.day(days_ago)):
        days_ago += 1
    return days_ago


def _through_stages(cast: DemoCast, complaint: Complaint, journey: Journey, index: int) -> tuple[Complaint, date | None]:
    """Answer each stage the complaint reaches (stage 2 in 20 working days, stage 3 in 24), as far
    as today allows; the day of the last response, if its last stage was answered."""
    handler = complaint.handler
    day = working_day_deadline(complaint.received_on, journey.response_days)
    for stage in range(1, journey.stages + 1):
        if day >= cast.today:
            return complaint, None
        complaint = services.move_complaint(complaint, "respond", by=handler, seen_version=complaint.version, on=day,
                                            finding=FINDINGS[(index + stage) % len(FINDINGS)],
                                            reason="Response sent, with an apology where one was due.", at=cast.at((cast.today - day).days, 15))
        if stage == journey.stages:
            return complaint, day
        asked = working_day_deadline(day, 5)
        if asked >= cast.today:
            return complaint, None
        complaint = services.move_complaint(complaint, "escalate", by=handler, seen_version=complaint.version, on=asked,
                                            reason="The complainant asked for the next stage.", at=cast.at((cast.today - asked).days, 11))
        day = working_day_deadline(asked, 20 if stage == 1 else 24)
    return complaint, None


def seed(cast: DemoCast) -> str:
    if Complaint.objects.exists():
        return ""
    director = cast.person("dcs")
    for index in range(COMPLAINTS):
        ago = _working_day(cast, 355 - index * 15)
        received = cast.day(ago)
        theme = THEMES[index % len(THEMES)]
        handler = cast.person(HANDLERS[index % len(HANDLERS)])
        complaint = services.record_complaint(
            by=handler, at=cast.at(ago, 10), received_on=received, complainant=PEOPLE[index % len(PEOPLE)],
            service_area=AREAS[index % len(AREAS)], theme=theme, summary=SUMMARIES[theme], handler=handler,
        )
        journey = JOURNEYS.get(index, Journey(5 + index % 5))
        complaint, answered = _through_stages(cast, complaint, journey, index)
        if answered is not None and (cast.today - answered).days > CLOSED_AFTER_DAYS:
            closed_ago = (cast.today - answered).days - CLOSED_AFTER_DAYS
            complaint = services.move_complaint(complaint, "close", by=handler, seen_version=complaint.version,
                                                reason=journey.lessons or (THEME_LESSONS[theme] if complaint.finding != "not_upheld" else NO_LESSON),
                                                at=cast.at(closed_ago, 16))
            if journey.action:
                services.raise_complaint_action(complaint, by=director, title=journey.action, factor="culture", owner=handler,
                                                due=cast.day(closed_ago - 90), raised_on=cast.day(closed_ago), at=cast.at(closed_ago, 17))
    for month, (who, area, words) in enumerate(COMPLIMENTS):
        ago = 350 - month * 29
        services.record_compliment(by=cast.person(HANDLERS[month % len(HANDLERS)]), at=cast.at(ago, 12), received_on=cast.day(ago),
                                   from_whom=who, service_area=area, summary=words)
    overdue = len(services.overdue_complaints(cast.today))
    return f"Complaints: {COMPLAINTS} over the past year ({overdue} response overdue); compliments: {len(COMPLIMENTS)}."

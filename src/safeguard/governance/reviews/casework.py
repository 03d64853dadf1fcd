"""What waits for each person across the casework records: significant case briefings, serious
incidents and practice reviews, professional disagreements and complaints.

One list per person, most pressing first, for the "Reviews and cases" page and the home page:

- a briefing sent to them and not yet acknowledged (overdue past its timescale), and, for the
  Director, briefings waiting for their assessment;
- a serious incident they own whose next step is due, and any incident whose step is overdue for
  those who take the steps (the partnership, the Director) and for the strategic quartet;
- a professional disagreement they can see whose stage is past its deadline;
- a complaint they handle waiting for its response, and anyone's overdue one for those who
  handle complaints.

Each item is a sentence and a link; no child is named or referenced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from safeguard.governance.briefings import services as briefings
from safeguard.governance.complaints import services as complaints
from safeguard.governance.disagreements import services as disagreements
from safeguard.governance.reviews import services as reviews
from safeguard.governance.workflow.transitions import Actor
from safeguard.roles import Permission, Role, permissions_of

STRATEGIC_QUARTET = frozenset({Role.DCS, Role.CHIEF_EXECUTIVE, Role.LEAD_MEMBER, Role.LEADER})
"""The Director, the Chief Executive, the Lead Member and the Leader (seed 000 §2; seed 004): the
leaders to whom overdue statutory steps are shown as well as to their owners."""


@dataclass(frozen=True)
class Waiting:
    text: str
    view_name: str
    record_id: int
    overdue: bool
    due: date | None

    @property
    def sort_key(self) -> tuple[bool, date, str]:
        return (not self.overdue, self.due or date.max, self.text)


def _on(day: date) -> str:
    return day.strftime("%-d %B %Y")


def _briefings(person: Actor, held: frozenset[Permission], today: date) -> list[Waiting]:
    items = []
    to_assess = list(briefings.waiting_for_assessment()) if Permission.ASSESS_CASE_BRIEFINGS in held else []
    notices = {notice.briefing_id: notice for notice in briefings.waiting_notices(person)} if Permission.SEE_CASE_BRIEFINGS in held else {}
    for briefing in to_assess:
        notice = notices.pop(briefing.pk, None)
        items.append(Waiting(
            f"Give your assessment of briefing {briefing.reference}, {briefing.headline}, and send it to the Chief Executive and "
            f"Lead Member{f': due by {_on(notice.due)}' if notice else ''}.",
            "briefings:briefing", briefing.pk, bool(notice and notice.is_overdue(today)), notice.due if notice else None,
        ))
    for notice in notices.values():
        briefing = notice.briefing
        items.append(Waiting(
            f"Acknowledge significant case briefing {briefing.reference}, {briefing.headline}: due by {_on(notice.due)}.",
            "briefings:briefing", briefing.pk, notice.is_overdue(today), notice.due,
        ))
    return items


def _incidents(person: Actor, held: frozenset[Permission], today: date) -> list[Waiting]:
    if Permission.SEE_ASSURANCE_RECORDS not in held:
        return []
    watches_all = Permission.MANAGE_REVIEWS in held or bool(STRATEGIC_QUARTET & person.roles)
    items = []
    for incident in reviews.incidents().exclude(state__in=["no_review", "actions_complete"]):
        late = reviews.is_overdue(incident, today)
        if incident.owner_id != person.pk and not (late and watches_all):
            continue
        step = incident.next_step()
        if step is None:
            continue
        due = f": due by {_on(step.due)}" if step.due else ""
        if incident.state == "published" and late:
            due = ": an action on its recommendations is overdue"
        items.append(Waiting(f"{step.what} for serious incident {incident.reference}, {incident.title}{due}.",
                             "reviews:incident", incident.pk, late, step.due))
    return items


def _disagreements(person: Actor, held: frozenset[Permission], today: date) -> list[Waiting]:
    if Permission.WORK_ON_DISAGREEMENTS not in held:
        return []
    items = []
    for item in disagreements.overdue_disagreements(person, today):
        stage = disagreements.current_stage(item)
        items.append(Waiting(
            f"Professional disagreement {item.reference} ({item.get_theme_display().lower()}) passed the deadline of its "
            f"stage, {item.stage_label.lower()}, on {_on(stage.due)}: resolve it or escalate it.",
            "disagreements:disagreement", item.pk, True, stage.due,
        ))
    return items


def _complaints(person: Actor, held: frozenset[Permission], today: date) -> list[Waiting]:
    if Permission.HANDLE_COMPLAINTS not in held:
        return []
    items = []
    for item in complaints.complaints(state="awaiting_response"):
        late = complaints.is_overdue(item, today)
        if item.handler_id != person.pk and not late:
            continue
        stage = complaints.current_stage(item)
        items.append(Waiting(f"Respond to complaint {item.reference} ({item.stage_name.lower()}): due by {_on(stage.due)}.",
                             "complaints:complaint", item.pk, late, stage.due))
    return items


def waiting_for(person: Actor, today: date) -> list[Waiting]:
    """Everything in the casework records waiting for this person, overdue first, then by due date."""
    held = permissions_of(person.roles)
    items = [
        *_briefings(person, held, today),
        *_incidents(person, held, today),
        *_disagreements(person, held, today),
        *_complaints(person, held, today),
    ]
    return sorted(items, key=lambda item: item.sort_key)

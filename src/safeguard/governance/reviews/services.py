"""Tracking serious incidents: recording one, moving it through its statutory steps, adding the
review's recommendations and raising each as an improvement plan action.

Every change goes through ``safeguard.governance.workflow.transitions`` (permission, version
check, history, transition log). The dates each step records are checked against each other and
against today by the record itself (``SeriousIncident.clean``), so a step with a date before the
one it follows is refused naming the field, and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Max, QuerySet

from safeguard.governance.plan import services as plan_services
from safeguard.governance.plan.models import PlanAction, Source
from safeguard.governance.reviews.models import (
    DATED_STEPS,
    REACHED,
    RECOMMENDATION_STATES,
    WORKFLOW,
    Recommendation,
    SeriousIncident,
)
from safeguard.governance.workflow.as_at import prefetch_as_at, records_of
from safeguard.governance.workflow.transitions import (
    Actor,
    GovernanceError,
    NotAvailable,
    apply_transition,
    create_record,
    save_edit,
)
from safeguard.roles import Permission, permissions_of, sees_child_level

DETAIL_FIELDS = ("title", "summary", "harm", "child_reference", "agencies", "aware_on", "owner")
"""What the incident's form changes; a step's own date is changeable once the step is taken."""


def record_incident(*, by: Actor, at: datetime | None = None, **fields: Any) -> SeriousIncident:
    """Record an incident the council has become aware of; the panel notification is due from
    ``aware_on``."""
    unknown = set(fields) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"these fields are set by the incident's steps, not when it is recorded: {sorted(unknown)}")
    return create_record(SeriousIncident, by=by, permission=Permission.MANAGE_REVIEWS, at=at, **fields)


def changeable_dates(incident: SeriousIncident) -> list[str]:
    """The steps' dates already recorded, which can be corrected (with history)."""
    return [field for field, reached in REACHED.items() if incident.state in reached]


def edit_incident(incident: SeriousIncident, *, by: Actor, seen_version: int, changes: dict[str, Any]) -> SeriousIncident:
    """Change an incident's details, or correct a date a step recorded."""
    unknown = set(changes) - set(DETAIL_FIELDS) - set(changeable_dates(incident))
    if unknown:
        raise ValueError(f"these fields cannot be changed now: {sorted(unknown)}")
    return save_edit(incident, by=by, seen_version=seen_version, changes=changes, permission=Permission.MANAGE_REVIEWS)


def move_incident(
    incident: SeriousIncident,
    name: str,
    *,
    by: Actor,
    seen_version: int,
    reason: str = "",
    on: date | None = None,
    at: datetime | None = None,
) -> SeriousIncident:
    """Take the incident's next step with the date it happened on (and the decision's reasons,
    the place of publication, or what was checked before closing, as the step needs)."""
    WORKFLOW.get(name)
    changes: dict[str, Any] = {}
    if name in DATED_STEPS:
        field, label = DATED_STEPS[name]
        if on is None:
            raise GovernanceError(f"Enter {label[0].lower()}{label[1:]}.")
        changes[field] = on
    words = reason.strip()
    if name in {"decide_review", "decide_no_review"}:
        changes["decision_reasons"] = words
    elif name == "publish":
        changes["publication"] = words
    elif name == "complete_actions":
        _check_actions_finished(incident)
        changes["completion_note"] = words
    return apply_transition(incident, name, by=by, seen_version=seen_version, reason=reason, changes=changes, at=at)


def _check_actions_finished(incident: SeriousIncident) -> None:
    recommendations = list(incident.recommendations.select_related("action"))
    if not recommendations:
        raise GovernanceError("Add the review's recommendations, and raise an action for each, before closing it.")
    waiting = [str(item.number) for item in recommendations if not item.finished]
    if waiting:
        which = f"The actions on recommendations {', '.join(waiting)} are" if len(waiting) > 1 else f"The action on recommendation {waiting[0]} is"
        raise GovernanceError(
            f"{which} not complete yet: the partnership follows every action to completion before the review is closed."
        )


def add_recommendation(incident: SeriousIncident, *, by: Actor, text: str, at: datetime | None = None) -> Recommendation:
    """Add the review's next recommendation, numbered in order."""
    if incident.state not in RECOMMENDATION_STATES:
        raise NotAvailable(f"This incident is {incident.state_label.lower()}, so recommendations cannot be added now.")
    with transaction.atomic():
        last = incident.recommendations.aggregate(last=Max("number"))["last"] or 0
        return create_record(
            Recommendation, by=by, permission=Permission.MANAGE_REVIEWS, at=at, incident=incident, number=last + 1, text=text.strip()
        )


def raise_recommendation_action(
    recommendation: Recommendation,
    *,
    by: Actor,
    seen_version: int,
    title: str,
    factor: str,
    owner: Any,
    due: date,
    raised_on: date | None = None,
    at: datetime | None = None,
) -> Recommendation:
    """Put the recommendation on the improvement plan as an action (source: a practice review)
    and link the two, so the review shows the action's progress and impact."""
    if recommendation.action is not None:
        raise NotAvailable(f"Recommendation {recommendation.number} already has its action, {recommendation.action.reference}.")
    incident = recommendation.incident
    with transaction.atomic():
        action = plan_services.raise_action(
            by=by, raised_on=raised_on, at=at, title=title, description=recommendation.text, source=Source.PRACTICE_REVIEW,
            source_reference=f"Practice review {incident.reference}, recommendation {recommendation.number}",
            factor=factor, owner=owner, due=due,
        )
        return save_edit(
            recommendation, by=by, seen_version=seen_version, changes={"action": action}, permission=Permission.MANAGE_PLAN, at=at,
        )


CLOSED_STATES = frozenset({"no_review", "actions_complete"})


def may_see_child_reference(person: Actor, incident: SeriousIncident) -> bool:
    """Those who run reviews in a role that may see children's records; never leaders. The case
    is shared with the partners for the purpose of the review, so only while the review is
    live; the Director, who may see every child's record, sees it always."""
    held = permissions_of(person.roles)
    if Permission.MANAGE_REVIEWS not in held or not sees_child_level(person.roles):
        return False
    return Permission.SEE_CHILD_LEVEL in held or incident.state not in CLOSED_STATES


def is_overdue(incident: SeriousIncident, today: date) -> bool:
    """Its next step is past its due date, or (once published) an action on its recommendations is."""
    step = incident.next_step()
    if step is not None and step.due is not None and step.due < today:
        return True
    if incident.state == "published":
        return any(item.action is not None and plan_services.is_overdue(item.action, today) for item in incident.recommendations.all())
    return False


def incidents(state: str = "", as_at: datetime | None = None) -> QuerySet[SeriousIncident]:
    """The incidents as they stand now, with their recommendations and actions fetched; or, with
    ``as_at`` (a pack), as they stood then, to be read with ``with_recommendations``."""
    found = records_of(SeriousIncident, as_at)
    if as_at is None:
        found = found.select_related("owner").prefetch_related("recommendations__action")
    return found.filter(state=state) if state else found


def with_recommendations(found: Iterable[SeriousIncident], as_at: datetime | None) -> list[SeriousIncident]:
    """The incidents, each with its recommendations and their plan actions as they stood at
    ``as_at`` (``workflow.as_at``), or as they stand now: so a review's action plan in a pack is
    the one it had at the pack's moment, not today's."""
    incidents_found = list(found)
    if as_at is not None:
        prefetch_as_at(incidents_found, "recommendations", records_of(Recommendation, as_at).order_by("number"))
        prefetch_as_at([item for incident in incidents_found for item in incident.recommendations.all()], "action",
                       records_of(PlanAction, as_at))
    return incidents_found


def overdue_incidents(today: date, owner: Actor | None = None, as_at: datetime | None = None) -> list[SeriousIncident]:
    """Incidents whose next step is late, the longest overdue first; one owner's, if named; as
    the records stood at ``as_at``, if given."""
    found = incidents(as_at=as_at)
    if owner is not None:
        found = found.filter(owner_id=owner.pk)
    late = [item for item in with_recommendations(found, as_at) if is_overdue(item, today)]
    return sorted(late, key=lambda item: (_next_due(item) or today, item.pk))


def _next_due(incident: SeriousIncident) -> date | None:
    step = incident.next_step()
    return step.due if step is not None else None


@dataclass(frozen=True)
class StepTiming:
    """One statutory step: when it was due, when it was done, and whether that was in time."""

    what: str
    due: date | None
    done: date | None

    @property
    def in_time(self) -> bool | None:
        if self.due is None or self.done is None:
            return None
        return self.done <= self.due


def timings(incident: SeriousIncident) -> list[StepTiming]:
    deadlines = incident.deadlines
    steps = [
        StepTiming("Notification to the national panel", deadlines.panel_notification_due, incident.notified_on),
        StepTiming("Rapid review sent to the panel", deadlines.rapid_review_due, incident.rapid_review_on),
        StepTiming("Decision on a local practice review", deadlines.rapid_review_due, incident.decided_on),
    ]
    if incident.state != "no_review":
        steps.append(StepTiming("Local practice review published", incident.review_due, incident.published_on))
    return steps


EXPORT_COLUMNS: Sequence[str] = (
    "id", "title", "harm", "aware", "panel_notification_due", "notified", "rapid_review_due", "rapid_review_sent",
    "decision", "decided", "review_due", "published", "status", "overdue", "recommendations", "recommendations_with_action_complete",
)


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def export_rows(found: Iterable[SeriousIncident], today: date) -> list[list[object]]:
    """The incidents as rows for CSV: dates and steps, never the child's reference."""
    rows: list[list[object]] = []
    for item in found:
        deadlines = item.deadlines
        decision = {"no_review": "no review"}.get(item.state, "review" if item.decided_on else "")
        recommendations = list(item.recommendations.all())
        rows.append([
            item.reference, item.title, item.harm, _day(item.aware_on), _day(deadlines.panel_notification_due), _day(item.notified_on),
            _day(deadlines.rapid_review_due), _day(item.rapid_review_on), decision, _day(item.decided_on), _day(item.review_due),
            _day(item.published_on), item.state, "yes" if is_overdue(item, today) else "no", len(recommendations),
            sum(1 for recommendation in recommendations if recommendation.finished),
        ])
    return rows

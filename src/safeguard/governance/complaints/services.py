"""Keeping complaints and compliments: recording, each stage's response, moving to the next
stage, closing with lessons, raising plan actions, and the year's summary.

Every change goes through ``safeguard.governance.workflow.transitions``. A stage's clock starts
on the day the complaint was received (stage 1) or the day the complainant asked for the next
stage, and its due date is fixed then, from the timescales file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from safeguard.aggregates import Tally, Viewer, tally
from safeguard.governance.complaints.models import (
    DATED_STEPS,
    LAST_STAGE,
    STAGE_NAMES,
    Complaint,
    ComplaintAction,
    ComplaintStage,
    Compliment,
    Finding,
    ServiceArea,
    Theme,
    stage_due,
)
from safeguard.governance.plan import services as plan_services
from safeguard.governance.plan.models import PlanAction, Source
from safeguard.governance.reporting_year import ReportingYear
from safeguard.governance.workflow.as_at import children_of, records_of
from safeguard.governance.workflow.transitions import (
    Actor,
    GovernanceError,
    NotAvailable,
    apply_transition,
    create_record,
    save_edit,
)
from safeguard.roles import Permission

DETAIL_FIELDS = ("received_on", "complainant", "service_area", "theme", "summary", "handler")
COMPLIMENT_FIELDS = ("received_on", "from_whom", "service_area", "summary")
STAGES = tuple(range(1, LAST_STAGE + 1))
UPHELD = frozenset({Finding.UPHELD, Finding.PARTLY_UPHELD})
"""The findings whose lessons the summary lists: where the service got something wrong."""


def record_complaint(*, by: Actor, at: datetime | None = None, **fields: Any) -> Complaint:
    """Record a complaint at stage 1; its response is due from the day it was received."""
    unknown = set(fields) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"these fields are not part of recording a complaint: {sorted(unknown)}")
    with transaction.atomic():
        complaint = create_record(Complaint, by=by, permission=Permission.HANDLE_COMPLAINTS, at=at, stage=1, **fields)
        _start_stage(complaint, 1, complaint.received_on, by=by, at=at)
    return complaint


def _start_stage(complaint: Complaint, stage: int, day: date, *, by: Actor, at: datetime | None) -> ComplaintStage:
    return create_record(
        ComplaintStage, by=by, permission=Permission.HANDLE_COMPLAINTS, at=at, complaint=complaint, stage=stage, started_on=day,
        due=stage_due(stage, day),
    )


def current_stage(complaint: Complaint) -> ComplaintStage:
    """The stage the complaint is at (read from the prefetched stages when there are some)."""
    return next(stage for stage in complaint.stages.all() if stage.stage == complaint.stage)


def edit_complaint(complaint: Complaint, *, by: Actor, seen_version: int, changes: dict[str, Any]) -> Complaint:
    """Change a complaint's details. The day it was received can change only while it is at
    stage 1, and moves the stage's due date with it."""
    unknown = set(changes) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"these fields cannot be edited: {sorted(unknown)}")
    moved_receipt = "received_on" in changes and changes["received_on"] != complaint.received_on
    if moved_receipt and complaint.stage != 1:
        raise GovernanceError("The day it was received can be changed only while the complaint is at stage 1.")
    with transaction.atomic():
        changed = save_edit(complaint, by=by, seen_version=seen_version, changes=changes, permission=Permission.HANDLE_COMPLAINTS)
        if moved_receipt:
            first = current_stage(changed)
            save_edit(first, by=by, seen_version=first.version, permission=Permission.HANDLE_COMPLAINTS,
                      changes={"started_on": changed.received_on, "due": stage_due(1, changed.received_on)})
    return changed


def move_complaint(
    complaint: Complaint,
    name: str,
    *,
    by: Actor,
    seen_version: int,
    reason: str = "",
    on: date | None = None,
    finding: str = "",
    at: datetime | None = None,
) -> Complaint:
    """Record the stage's response (with its date and finding), move to the next stage (from the
    day the complainant asked), close with the lessons, or record a withdrawal."""
    Complaint.WORKFLOW.get(name)
    if name in DATED_STEPS and on is None:
        raise GovernanceError(f"Enter {DATED_STEPS[name][0].lower()}{DATED_STEPS[name][1:]}.")
    if name == "respond" and finding not in Finding.values:
        raise GovernanceError("Say whether the complaint was upheld, partly upheld or not upheld.")
    if name == "escalate" and complaint.stage >= LAST_STAGE:
        raise NotAvailable("Stage 3 is the last stage: after the review panel, a complainant may go to the Ombudsman.")
    words = reason.strip()
    with transaction.atomic():
        if name == "respond":
            stage = current_stage(complaint)
            save_edit(stage, by=by, seen_version=stage.version, permission=Permission.HANDLE_COMPLAINTS, at=at,
                      changes={"responded_on": on, "finding": finding, "response": words})
            moved = apply_transition(complaint, name, by=by, seen_version=seen_version, reason=reason, changes={"finding": finding}, at=at)
        elif name == "escalate":
            assert on is not None
            stage = current_stage(complaint)
            if stage.responded_on and on < stage.responded_on:
                raise GovernanceError("The next stage cannot be asked for before the last stage's response was sent.")
            moved = apply_transition(complaint, name, by=by, seen_version=seen_version, reason=reason, changes={"stage": complaint.stage + 1}, at=at)
            _start_stage(moved, moved.stage, on, by=by, at=at)
        else:
            changes = {"lessons": words} if name == "close" else None
            moved = apply_transition(complaint, name, by=by, seen_version=seen_version, reason=reason, changes=changes, at=at)
    return moved


def raise_complaint_action(
    complaint: Complaint, *, by: Actor, title: str, factor: str, owner: Any, due: date,
    raised_on: date | None = None, at: datetime | None = None,
) -> PlanAction:
    """Put an action a complaint's lessons call for onto the improvement plan (source: a complaint)."""
    with transaction.atomic():
        action = plan_services.raise_action(
            by=by, raised_on=raised_on, at=at, title=title, source=Source.COMPLAINT,
            source_reference=f"Complaint {complaint.reference}, {complaint.stage_name.lower()}", factor=factor, owner=owner, due=due,
        )
        create_record(ComplaintAction, by=by, permission=Permission.MANAGE_PLAN, at=at, complaint=complaint, action=action)
    return action


def record_compliment(*, by: Actor, at: datetime | None = None, **fields: Any) -> Compliment:
    unknown = set(fields) - set(COMPLIMENT_FIELDS)
    if unknown:
        raise ValueError(f"these fields are not part of a compliment: {sorted(unknown)}")
    return create_record(Compliment, by=by, permission=Permission.HANDLE_COMPLAINTS, at=at, **fields)


def edit_compliment(compliment: Compliment, *, by: Actor, seen_version: int, changes: dict[str, Any]) -> Compliment:
    unknown = set(changes) - set(COMPLIMENT_FIELDS)
    if unknown:
        raise ValueError(f"these fields cannot be edited: {sorted(unknown)}")
    return save_edit(compliment, by=by, seen_version=seen_version, changes=changes, permission=Permission.HANDLE_COMPLAINTS)


def is_overdue(complaint: Complaint, today: date) -> bool:
    """Waiting for a stage's response past the stage's due date."""
    return complaint.state == "awaiting_response" and current_stage(complaint).due < today


def overdue_complaints(today: date, handler: Actor | None = None) -> list[Complaint]:
    found = Complaint.objects.filter(state="awaiting_response").prefetch_related("stages").select_related("handler")
    if handler is not None:
        found = found.filter(handler_id=handler.pk)
    return [item for item in found.order_by("received_on", "id") if is_overdue(item, today)]


def complaints(state: str = "", year: ReportingYear | None = None) -> QuerySet[Complaint]:
    found = Complaint.objects.select_related("handler").prefetch_related("stages")
    if state:
        found = found.filter(state=state)
    if year is not None:
        found = found.filter(received_on__gte=year.start, received_on__lte=year.end)
    return found


def compliments(year: ReportingYear | None = None) -> QuerySet[Compliment]:
    found = Compliment.objects.all()
    if year is not None:
        found = found.filter(received_on__gte=year.start, received_on__lte=year.end)
    return found


@dataclass(frozen=True)
class Lesson:
    service_area: str
    theme: str
    lessons: str
    actions: tuple[PlanAction, ...]


@dataclass(frozen=True)
class ComplaintsSummary:
    """The year's complaints as leaders read them (seed 004: how many, how many reach stage 2,
    how many answered on time, what is upheld, what is learnt)."""

    year: ReportingYear
    counts: Tally
    stages: Sequence[tuple[int, str]]
    findings: Sequence[tuple[str, str]]
    themes: Sequence[tuple[str, str]]
    service_areas: Sequence[tuple[str, str]]
    lessons: Sequence[Lesson]

    def rows(self) -> list[list[object]]:
        """The summary as rows for CSV: group, item, count as shown, percentage as shown."""
        counts = self.counts
        rows: list[list[object]] = [["complaints", "received", counts.count("all"), ""]]
        for stage, name in self.stages:
            rows.append(["highest stage reached", name, counts.count(f"stage:{stage}"), counts.share(f"stage:{stage}", "all")])
        for stage, name in self.stages:
            reached = f"reached:{stage}"
            rows.append(["responded in time", name, counts.count(f"in_time:{stage}"), counts.share(f"in_time:{stage}", reached)])
            rows.append(["responded late", name, counts.count(f"late:{stage}"), counts.share(f"late:{stage}", reached)])
            rows.append(["waiting for a response", name, counts.count(f"waiting:{stage}"), counts.share(f"waiting:{stage}", reached)])
        for value, label in self.findings:
            rows.append(["latest finding", label, counts.count(f"finding:{value}"), counts.share(f"finding:{value}", "decided")])
        for value, label in self.themes:
            rows.append(["theme", label, counts.count(f"theme:{value}"), counts.share(f"theme:{value}", "all")])
        for value, label in self.service_areas:
            rows.append(["service", label, counts.count(f"area:{value}"), counts.share(f"area:{value}", "all")])
        rows.append(["compliments", "received", counts.count("compliments"), ""])
        return [[group, item, count, round(share, 1) if isinstance(share, float) else share] for group, item, count, share in rows]


SUMMARY_COLUMNS: Sequence[str] = ("group", "item", "count", "percent")


def summarise(year: ReportingYear, viewer: Viewer, as_at: datetime | None = None) -> ComplaintsSummary:
    """The complaints received in the year, and the compliments, counted; small numbers hidden
    (with their complements) for viewers without child-level access. With ``as_at`` (a pack),
    each complaint, its stages and the plan actions it raised are as they stood then
    (``workflow.as_at``); without it, as they stand now (the summary page)."""
    found = list(records_of(Complaint, as_at).filter(received_on__gte=year.start, received_on__lte=year.end).order_by("-received_on", "-id"))
    stages = children_of(ComplaintStage, parent="complaint_id", parents=found, as_at=as_at)
    received = records_of(Compliment, as_at).filter(received_on__gte=year.start, received_on__lte=year.end)
    counts: Counter[str] = Counter({"all": len(found), "compliments": received.count()})
    for item in found:
        counts[f"stage:{item.stage}"] += 1
        counts[f"theme:{item.theme}"] += 1
        counts[f"area:{item.service_area}"] += 1
        counts[f"finding:{item.finding or 'none'}"] += 1
        for stage in stages[item.pk]:
            counts[f"reached:{stage.stage}"] += 1
            timing = "waiting" if stage.in_time is None else ("in_time" if stage.in_time else "late")
            counts[f"{timing}:{stage.stage}"] += 1
    counts["decided"] = sum(counts[f"finding:{value}"] for value in Finding.values)
    findings = list(Finding.choices)
    relations: list[tuple[str, Sequence[str]]] = [
        ("all", [f"stage:{stage}" for stage in STAGES]),
        ("all", [f"theme:{value}" for value in Theme.values]),
        ("all", [f"area:{value}" for value in ServiceArea.values]),
        ("all", ["decided", "finding:none"]),
        ("decided", [f"finding:{value}" for value in Finding.values]),
        ("all", ["reached:1"]),
    ]
    for number in STAGES:
        relations.append((f"reached:{number}", [f"in_time:{number}", f"late:{number}", f"waiting:{number}"]))
        relations.append((f"reached:{number}", [f"stage:{later}" for later in STAGES if later >= number]))
    return ComplaintsSummary(
        year=year, counts=tally(counts, relations, viewer), stages=list(STAGE_NAMES.items()), findings=findings,
        themes=list(Theme.choices), service_areas=list(ServiceArea.choices), lessons=_lessons(found, as_at),
    )


def _lessons(found: list[Complaint], as_at: datetime | None) -> list[Lesson]:
    """The lessons of the closed complaints that were upheld (in part) or raised plan actions,
    with those actions, all as they stood at ``as_at`` (or now)."""
    links = children_of(ComplaintAction, parent="complaint_id", parents=found, as_at=as_at)
    wanted = [link.action_id for rows in links.values() for link in rows]
    actions = {action.pk: action for action in records_of(PlanAction, as_at).filter(pk__in=wanted)}
    return [
        Lesson(item.get_service_area_display(), item.get_theme_display(), item.lessons,
               tuple(actions[link.action_id] for link in links[item.pk] if link.action_id in actions))
        for item in found
        if item.state == "closed" and item.lessons and (item.finding in UPHELD or links[item.pk])
    ]


EXPORT_COLUMNS: Sequence[str] = (
    "id", "received", "complainant", "service_area", "theme", "stage", "stage_due", "status", "overdue", "finding",
    "stage_1_in_time", "stage_2_in_time", "stage_3_in_time", "actions_raised",
)


def export_rows(found: Iterable[Complaint], today: date) -> list[list[object]]:
    """Complaints as rows for CSV (no summary text: that stays on the complaint's page)."""
    rows: list[list[object]] = []
    for item in found:
        stages = {stage.stage: stage for stage in item.stages.all()}
        timing = ["" if stage not in stages or stages[stage].in_time is None else ("yes" if stages[stage].in_time else "no") for stage in STAGES]
        rows.append([
            item.reference, item.received_on.isoformat(), item.complainant, item.service_area, item.theme, item.stage,
            stages[item.stage].due.isoformat() if item.stage in stages else "", item.state, "yes" if is_overdue(item, today) else "no",
            item.finding, *timing, item.actions.count(),
        ])
    return rows

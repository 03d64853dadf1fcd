"""Keeping induction plans and the briefing cycle: starting a plan with every item dated,
re-dating it from a new start (every item's due date counted again), ticking items off,
completing the plan; recording each briefing delivered; and the cycle as it
stands (what was delivered on time, late, or not at all).

Every change goes through ``safeguard.governance.workflow.transitions`` (permission, version
check, history), so two people ticking the same item at once cannot overwrite each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from django.db import transaction

from safeguard.calendar import add_months
from safeguard.governance.induction.briefing_cycle import Briefing, Period, briefing_cycle, periods_ending_between
from safeguard.governance.induction.induction_plan import InductionItem, InductionPlanContents, Stage, induction_plan
from safeguard.governance.induction.models import BriefingDelivery, InductionPlan, InductionStep
from safeguard.governance.reporting_year import ReportingYear
from safeguard.governance.workflow.transitions import Actor, GovernanceError, NotAllowed, apply_transition, create_record, save_edit
from safeguard.roles import Permission, Role, permissions_of

STEP_FIELDS = ("done_on", "note")
DELIVERY_FIELDS = ("delivered_on", "sent_to", "note")


def may_keep(lead_member_id: Any, person: Actor) -> bool:
    """A Lead Member keeps their own induction plan; the Director keeps every Lead Member's."""
    held = permissions_of(person.roles)
    return Permission.KEEP_INDUCTION in held and (lead_member_id == person.pk or Role.DCS in person.roles)


def _check_keeper(lead_member_id: Any, person: Actor) -> None:
    if Permission.KEEP_INDUCTION in permissions_of(person.roles) and not may_keep(lead_member_id, person):
        raise NotAllowed("A Lead Member keeps only their own induction plan; the Director keeps every plan.")


def _due(contents: InductionPlanContents, item: InductionItem, took_office_on: date) -> date:
    """An item is due at the end of its stage, counted from the day the Lead Member took office."""
    return contents.stage(item.stage).due(took_office_on)


def start_plan(*, by: Actor, lead_member: Any, took_office_on: date, at: datetime | None = None) -> InductionPlan:
    """A new Lead Member's plan, each item due at the end of its stage counted from the day they took office."""
    _check_keeper(getattr(lead_member, "pk", None), by)
    contents = induction_plan()
    with transaction.atomic():
        plan = create_record(InductionPlan, by=by, permission=Permission.KEEP_INDUCTION, at=at, lead_member=lead_member,
                             took_office_on=took_office_on, contents_version=contents.version)
        for item in contents.items:
            create_record(InductionStep, by=by, permission=Permission.KEEP_INDUCTION, at=at, plan=plan, item_id=item.id,
                          due=_due(contents, item, took_office_on))
    return plan


def redate_plan(
    plan: InductionPlan, *, by: Actor, seen_version: int, took_office_on: date, reason: str, at: datetime | None = None,
) -> InductionPlan:
    """Move the day the plan counts from (a later swearing-in, a date entered wrongly): every
    item's due date is counted again from the new day, each change kept in its record's history
    with the reason. Refused once the induction is completed, or without a reason."""
    _check_keeper(plan.lead_member_id, by)
    words = reason.strip()
    if not words:
        raise GovernanceError("Say why the day they took office is changing.")
    if plan.state != "in_progress":
        raise GovernanceError("This induction is completed, so it can no longer be re-dated. Reopen it, giving a reason.")
    if took_office_on == plan.took_office_on:
        raise GovernanceError(f"The plan already counts from {took_office_on:%-d %B %Y}: enter the new day.")
    contents = induction_plan()
    with transaction.atomic():
        moved = save_edit(plan, by=by, seen_version=seen_version, changes={"took_office_on": took_office_on, "redated_because": words},
                          permission=Permission.KEEP_INDUCTION, reason=words, at=at)
        for step in moved.steps.all():
            due = _due(contents, contents.get(step.item_id), took_office_on)
            if step.due != due:
                save_edit(step, by=by, seen_version=step.version, changes={"due": due}, permission=Permission.KEEP_INDUCTION,
                          reason=words, at=at)
    return moved


def step_of(plan: InductionPlan, item_id: str) -> InductionStep:
    """One item of a plan; ``KeyError`` if the plan has no such item."""
    found = plan.steps.filter(item_id=item_id).first()
    if found is None:
        raise KeyError(f"no item {item_id!r} in this induction plan")
    return found


def record_step(
    step: InductionStep, *, by: Actor, seen_version: int, changes: Mapping[str, Any], at: datetime | None = None
) -> InductionStep:
    """Tick an item off (the day it was done, with a note) or untick it; who ticked it is recorded."""
    unknown = set(changes) - set(STEP_FIELDS)
    if unknown:
        raise ValueError(f"these fields cannot be edited: {sorted(unknown)}")
    with transaction.atomic():
        plan = InductionPlan.objects.select_for_update().get(pk=step.plan_id)
        _check_keeper(plan.lead_member_id, by)
        if plan.state != "in_progress":
            raise GovernanceError("This induction is completed, so its items can no longer be changed. Reopen it, giving a reason.")
        done_by = by if changes.get("done_on") else None
        return save_edit(step, by=by, seen_version=seen_version, changes={**changes, "done_by": done_by},
                         permission=Permission.KEEP_INDUCTION, at=at)


def move_plan(plan: InductionPlan, name: str, *, by: Actor, seen_version: int, reason: str = "", at: datetime | None = None) -> InductionPlan:
    """Complete the plan (every item done) or reopen it with a reason."""
    _check_keeper(plan.lead_member_id, by)
    if name == "complete":
        waiting = plan.steps.filter(done_on__isnull=True).count()
        if waiting:
            raise GovernanceError(f"Tick off every item before completing the induction: {waiting} not yet done.")
    return apply_transition(plan, name, by=by, seen_version=seen_version, reason=reason, at=at)


@dataclass(frozen=True)
class PlanLine:
    item: InductionItem
    step: InductionStep

    def overdue(self, today: date) -> bool:
        return self.step.done_on is None and self.step.due < today


@dataclass(frozen=True)
class PlanSection:
    stage: Stage
    lines: tuple[PlanLine, ...]


def sections(plan: InductionPlan) -> list[PlanSection]:
    """The plan's items in the induction file's stages and order."""
    contents = induction_plan()
    by_id = {step.item_id: step for step in plan.steps.select_related("done_by")}
    found = []
    for stage in contents.stages:
        lines = tuple(PlanLine(item, by_id[item.id]) for item in contents.items if item.stage == stage.id and item.id in by_id)
        if lines:
            found.append(PlanSection(stage, lines))
    return found


@dataclass(frozen=True)
class PlanProgress:
    """How far one plan has got: items done of all, and those past their date, in the plan's order."""

    plan: InductionPlan
    done: int
    total: int
    overdue: tuple[PlanLine, ...]


def progress(plan: InductionPlan, today: date) -> PlanProgress:
    lines = [line for section in sections(plan) for line in section.lines]
    return PlanProgress(plan, sum(1 for line in lines if line.step.done_on), len(lines), tuple(line for line in lines if line.overdue(today)))


def overdue_steps(today: date, lead_member: Actor | None = None) -> list[InductionStep]:
    """Items of plans under way, not done and past their date (of one Lead Member's plans, if given)."""
    found = InductionStep.objects.filter(plan__state="in_progress", done_on__isnull=True, due__lt=today).select_related("plan")
    if lead_member is not None:
        found = found.filter(plan__lead_member_id=lead_member.pk)
    return list(found.order_by("due", "id"))


class Standing(str, Enum):
    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"
    WAITING = "waiting"

    @property
    def words(self) -> str:
        return {"on_time": "Delivered on time", "late": "Delivered late", "overdue": "Not delivered: overdue",
                "waiting": "Not yet due"}[self.value]


@dataclass(frozen=True)
class Occurrence:
    """One briefing for one period: when it was due and whether (and when) it was delivered."""

    briefing: Briefing
    period: Period
    due: date
    delivery: BriefingDelivery | None
    standing: Standing


def _standing(due: date, delivery: BriefingDelivery | None, today: date) -> Standing:
    if delivery is not None:
        return Standing.ON_TIME if delivery.delivered_on <= due else Standing.LATE
    return Standing.OVERDUE if due < today else Standing.WAITING


def occurrences(first: date, last: date, today: date) -> list[Occurrence]:
    """Every briefing of the cycle due from ``first`` to ``last`` whose period has ended by today,
    with its delivery if one was recorded; by due date, then the cycle's order."""
    deliveries = {(item.briefing_id, item.period_start): item for item in BriefingDelivery.objects.select_related("delivered_by")}
    found = []
    for order, briefing in enumerate(briefing_cycle().briefings):
        # A period ending up to a year before ``first`` can still fall due inside the window.
        for period in periods_ending_between(briefing.frequency, add_months(first, -12), min(last, today)):
            due = briefing.due(period)
            if first <= due <= last and period.end < today:
                delivery = deliveries.get((briefing.id, period.start))
                found.append((due, order, Occurrence(briefing, period, due, delivery, _standing(due, delivery, today))))
    return [item for _, _, item in sorted(found, key=lambda entry: (entry[0], entry[1]))]


def year_occurrences(year: ReportingYear, today: date) -> list[Occurrence]:
    """The briefings due in the council's year (up to today's periods)."""
    return occurrences(year.start, year.end, today)


def overdue_briefings(today: date) -> list[Occurrence]:
    """Briefings not delivered past their due date, over the last twelve months."""
    return [item for item in occurrences(add_months(today, -12), today, today) if item.standing is Standing.OVERDUE]


def record_delivery(
    *, by: Actor, briefing_id: str, period_start: date, at: datetime | None = None, delivered_by: Any = None, **fields: Any
) -> BriefingDelivery:
    """Record that a briefing for a period reached leaders; a second record for the same period is refused."""
    unknown = set(fields) - set(DELIVERY_FIELDS)
    if unknown:
        raise ValueError(f"these fields are not part of a delivery: {sorted(unknown)}")
    if BriefingDelivery.objects.filter(briefing_id=briefing_id, period_start=period_start).exists():
        raise GovernanceError("This briefing is already recorded as delivered for that period: change that record instead.")
    return create_record(BriefingDelivery, by=by, permission=Permission.RECORD_BRIEFINGS, at=at, briefing_id=briefing_id,
                         period_start=period_start, delivered_by=delivered_by or by, **fields)


def edit_delivery(delivery: BriefingDelivery, *, by: Actor, seen_version: int, changes: Mapping[str, Any]) -> BriefingDelivery:
    unknown = set(changes) - set(DELIVERY_FIELDS)
    if unknown:
        raise ValueError(f"these fields cannot be edited: {sorted(unknown)}")
    return save_edit(delivery, by=by, seen_version=seen_version, changes=changes, permission=Permission.RECORD_BRIEFINGS)


CYCLE_COLUMNS = ("briefing", "period", "due", "delivered", "delivered_by", "standing")


def cycle_rows(found: list[Occurrence]) -> list[list[object]]:
    """The cycle as rows for CSV."""
    return [[item.briefing.title, item.period.label, item.due.isoformat(),
             item.delivery.delivered_on.isoformat() if item.delivery else "",
             item.delivery.delivered_by.display_name if item.delivery else "", item.standing.words] for item in found]

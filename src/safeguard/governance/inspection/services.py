"""Keeping the inspection records: the council's inspections and their recommendations (each
raising an action on the one improvement plan, source: an inspection), and the readiness
checklist. Every change goes through ``safeguard.governance.workflow.transitions`` (permission,
version check, history)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction

from safeguard.governance.inspection.judgements import Phase, ReadinessItem, readiness
from safeguard.governance.inspection.models import Inspection, ReadinessCheck, ReadinessStatus, Recommendation
from safeguard.governance.plan import services as plan_services
from safeguard.governance.plan.models import PlanAction, Source
from safeguard.governance.workflow.transitions import Actor, GovernanceError, create_record, save_edit
from safeguard.roles import Permission

INSPECTION_FIELDS = ("kind", "started_on", "ended_on", "published_on", "impact_of_leaders", "help_and_protection", "in_care",
                     "care_leavers", "overall_effectiveness", "report_link", "summary")
CHECK_FIELDS = ("status", "evidence", "owner", "review_by")


def record_inspection(*, by: Actor, at: datetime | None = None, **fields: Any) -> Inspection:
    unknown = set(fields) - set(INSPECTION_FIELDS)
    if unknown:
        raise ValueError(f"these fields are not part of an inspection: {sorted(unknown)}")
    return create_record(Inspection, by=by, permission=Permission.PREPARE_FOR_INSPECTION, at=at, **fields)


def edit_inspection(inspection: Inspection, *, by: Actor, seen_version: int, changes: Mapping[str, Any]) -> Inspection:
    unknown = set(changes) - set(INSPECTION_FIELDS)
    if unknown:
        raise ValueError(f"these fields cannot be edited: {sorted(unknown)}")
    return save_edit(inspection, by=by, seen_version=seen_version, changes=changes, permission=Permission.PREPARE_FOR_INSPECTION)


def add_recommendation(inspection: Inspection, *, by: Actor, text: str, at: datetime | None = None) -> Recommendation:
    """The inspection's next recommendation, numbered in order."""
    with transaction.atomic():
        number = (inspection.recommendations.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        return create_record(Recommendation, by=by, permission=Permission.PREPARE_FOR_INSPECTION, at=at, inspection=inspection,
                             number=number, text=" ".join(text.split()))


def raise_recommendation_action(
    recommendation: Recommendation, *, by: Actor, title: str, factor: str, owner: Any, due: date,
    raised_on: date | None = None, at: datetime | None = None,
) -> PlanAction:
    """Put the action that answers a recommendation on the improvement plan (source: an inspection)."""
    if recommendation.action is not None:
        raise GovernanceError(f"Recommendation {recommendation.number} already has its plan action ({recommendation.action.reference}).")
    with transaction.atomic():
        action = plan_services.raise_action(
            by=by, raised_on=raised_on, at=at, title=title, source=Source.INSPECTION, factor=factor, owner=owner, due=due,
            source_reference=f"{recommendation.inspection}, recommendation {recommendation.number}",
        )
        save_edit(recommendation, by=by, seen_version=recommendation.version, changes={"action": action}, permission=Permission.MANAGE_PLAN, at=at)
    return action


def record_check(item_id: str, *, by: Actor, seen_version: int | None, changes: Mapping[str, Any], at: datetime | None = None) -> ReadinessCheck:
    """Record where the council stands on a readiness item: the first record of it, or a change
    to the one there (``seen_version`` is the version the person saw; None when there was none)."""
    unknown = set(changes) - set(CHECK_FIELDS)
    if unknown:
        raise ValueError(f"these fields cannot be edited: {sorted(unknown)}")
    readiness().get(item_id)
    existing = ReadinessCheck.objects.filter(item_id=item_id).first()
    if existing is None:
        if seen_version not in (None, 0):
            raise GovernanceError("This item's record has gone; open it again.")
        return create_record(ReadinessCheck, by=by, permission=Permission.PREPARE_FOR_INSPECTION, at=at, item_id=item_id, **changes)
    return save_edit(existing, by=by, seen_version=seen_version if seen_version is not None else -1, changes=changes,
                     permission=Permission.PREPARE_FOR_INSPECTION, at=at)


@dataclass(frozen=True)
class CheckLine:
    item: ReadinessItem
    check: ReadinessCheck | None

    @property
    def status(self) -> str:
        return self.check.status if self.check else ReadinessStatus.NOT_STARTED.value


@dataclass(frozen=True)
class PhaseSection:
    phase: Phase
    lines: tuple[CheckLine, ...]


def checklist() -> list[PhaseSection]:
    """The readiness checklist by phase, each item with the council's record of it (if any)."""
    data = readiness()
    checks = {check.item_id: check for check in ReadinessCheck.objects.select_related("owner")}
    return [PhaseSection(phase, tuple(CheckLine(item, checks.get(item.id)) for item in data.items if item.phase == phase.id))
            for phase in data.phases]


def readiness_counts() -> dict[str, int]:
    counts = {value: 0 for value in ReadinessStatus.values}
    for section in checklist():
        for line in section.lines:
            counts[line.status] += 1
    return counts

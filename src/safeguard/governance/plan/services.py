"""Keeping the improvement plan: raising actions, editing them, moving them on, noting progress,
and measuring their impact.

Every change goes through ``safeguard.governance.workflow.transitions`` (permission, version
check, history, transition log). The indicator an action should move is frozen when the action
is raised (``safeguard.aggregates.evidence``), so its impact is always read against where the
indicator stood that day, whatever later imports bring.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Q, QuerySet

from safeguard.aggregates import Measure, Viewer, current_measure
from safeguard.governance.plan.models import LIVE_STATES, ActionUpdate, PlanAction
from safeguard.governance.workflow.as_at import records_of
from safeguard.governance.workflow.transitions import (
    Actor,
    NotAllowed,
    apply_transition,
    create_record,
    save_edit,
)
from safeguard.indicators.catalogue import indicator_ids
from safeguard.roles import Permission, permissions_of

EDITABLE_FIELDS = (
    "title", "description", "source", "source_reference", "factor", "owner", "due", "indicator_id", "direction",
)


def _frozen(indicator_id: str) -> dict[str, Any] | None:
    """The indicator as it stands now, to keep with the action (None when there is none, or no
    figure; an unknown id is left for the record's own validation to name)."""
    if indicator_id not in indicator_ids():
        return None
    measure = current_measure(indicator_id)
    return measure.to_json() if measure else None


def raise_action(
    *, by: Actor, raised_on: date | None = None, baseline: Measure | None = None, at: datetime | None = None, **fields: Any
) -> PlanAction:
    """Add an action to the plan, freezing the indicator it should move as it stands today (or
    the given ``baseline``: the demo council's actions, raised over its year of history)."""
    frozen = baseline.to_json() if baseline is not None else _frozen(fields.get("indicator_id") or "")
    return create_record(
        PlanAction,
        by=by,
        permission=Permission.MANAGE_PLAN,
        at=at,
        raised_on=raised_on or date.today(),
        baseline=frozen,
        **fields,
    )


def edit_action(action: PlanAction, *, by: Actor, seen_version: int, changes: dict[str, Any]) -> PlanAction:
    """Change an action's details; choosing another indicator freezes a new baseline for it
    (the old one stays in the action's history)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"these fields cannot be edited: {sorted(unknown)}")
    if "indicator_id" in changes and changes["indicator_id"] != action.indicator_id:
        changes = {**changes, "baseline": _frozen(changes["indicator_id"])}
    return save_edit(action, by=by, seen_version=seen_version, changes=changes, permission=Permission.MANAGE_PLAN)


def move_action(
    action: PlanAction, name: str, *, by: Actor, seen_version: int, reason: str = "", at: datetime | None = None
) -> PlanAction:
    """Start, complete, close, reopen or withdraw an action. Completing or closing it records the
    reason as its evidence of impact, which is what the plan's readers look for."""
    changes = {"evidence_of_impact": reason.strip()} if name in {"complete", "close"} else None
    return apply_transition(action, name, by=by, seen_version=seen_version, reason=reason, changes=changes, at=at)


def may_note_progress(action: PlanAction, person: Actor) -> bool:
    return action.owner_id == person.pk or Permission.MANAGE_PLAN in permissions_of(person.roles)


def note_progress(action: PlanAction, *, by: Actor, text: str, at: datetime | None = None) -> ActionUpdate:
    """Add a progress note: the action's owner, or anyone who keeps the plan."""
    if not may_note_progress(action, by):
        raise NotAllowed("Only the action's owner, or someone who keeps the plan, can note its progress.")
    permission = Permission.MANAGE_PLAN if Permission.MANAGE_PLAN in permissions_of(by.roles) else Permission.SEE_ASSURANCE_RECORDS
    return create_record(ActionUpdate, by=by, permission=permission, at=at, action=action, text=text.strip())


def is_overdue(action: PlanAction, today: date) -> bool:
    return action.state in LIVE_STATES and action.due < today


def overdue_actions(today: date, owner: Actor | None = None, *, as_at: datetime | None = None) -> QuerySet[PlanAction]:
    """Live actions past their due date, the longest overdue first; one owner's, if named. With
    ``as_at``, the plan as it stood at that moment (``workflow.as_at``) rather than now: an
    action completed since still counts if it was live and late then."""
    found = records_of(PlanAction, as_at).filter(state__in=LIVE_STATES, due__lt=today).select_related("owner")
    if owner is not None:
        found = found.filter(owner_id=owner.pk)
    return found.order_by("due", "id")


@dataclass(frozen=True)
class Impact:
    """Where the action's indicator stood when it was raised, and where it stands now."""

    baseline: Measure | None
    latest: Measure | None
    direction: str

    @property
    def verdict(self) -> str:
        """``better``, ``worse``, ``unchanged``, ``no_new_data`` or ``not_measured``."""
        if self.baseline is None or self.latest is None or self.baseline.value is None or self.latest.value is None:
            return "not_measured"
        if self.latest.period_end <= self.baseline.period_end:
            return "no_new_data"
        change = self.latest.value - self.baseline.value
        if abs(change) < 1e-9:
            return "unchanged"
        return "better" if (change > 0) == (self.direction == "up") else "worse"

    def text(self, viewer: Viewer) -> str:
        """The impact in a sentence, within the viewer's right to see the figures."""
        if self.baseline is None:
            return "No indicator is linked to this action, so its impact is judged from the evidence recorded."
        if self.latest is None:
            return f"When the action was raised the indicator stood at {self.baseline.shown_to(viewer)} ({self.baseline.period_text}); there is no later figure."
        words = {
            "better": "it has moved the way the action intends",
            "worse": "it has moved the opposite way to the one the action intends",
            "unchanged": "it has not moved",
            "no_new_data": "no newer data has been loaded since",
            "not_measured": "one of the two figures cannot be worked out",
        }[self.verdict]
        return (
            f"From {self.baseline.shown_to(viewer)} ({self.baseline.period_text}) when the action was raised "
            f"to {self.latest.shown_to(viewer)} ({self.latest.period_text}) now: {words}."
        )


def impact_of(action: PlanAction) -> Impact:
    baseline = Measure.from_json(action.baseline) if action.baseline else None
    latest = current_measure(action.indicator_id) if action.indicator_id else None
    return Impact(baseline, latest, action.direction)


@dataclass(frozen=True)
class PlanFilter:
    """What the plan's list is narrowed to (each empty value means "any")."""

    factor: str = ""
    owner: str = ""
    state: str = ""
    source: str = ""
    overdue: bool = False

    def apply(self, actions: QuerySet[PlanAction], today: date) -> QuerySet[PlanAction]:
        if self.factor:
            actions = actions.filter(factor=self.factor)
        if self.owner:
            actions = actions.filter(Q(owner__username=self.owner))
        if self.state:
            actions = actions.filter(state=self.state)
        if self.source:
            actions = actions.filter(source=self.source)
        if self.overdue:
            actions = actions.filter(state__in=LIVE_STATES, due__lt=today)
        return actions


def plan_actions(selection: PlanFilter, today: date) -> QuerySet[PlanAction]:
    return selection.apply(PlanAction.objects.select_related("owner"), today).order_by("due", "id")


EXPORT_COLUMNS: Sequence[str] = (
    "id", "source", "factor", "owner", "due", "status", "indicator", "direction", "baseline", "latest",
    "title", "raised", "overdue", "impact", "source_reference",
)


def export_rows(actions: Iterable[PlanAction], viewer: Viewer, today: date) -> list[list[object]]:
    """The plan as rows for CSV (the command line's and the page's download alike)."""
    rows: list[list[object]] = []
    for action in actions:
        impact = impact_of(action)
        rows.append(
            [
                action.reference, action.source, action.factor, action.owner.get_username(), action.due.isoformat(),
                action.state, action.indicator_id, action.direction,
                impact.baseline.shown_to(viewer) if impact.baseline else "",
                impact.latest.shown_to(viewer) if impact.latest else "",
                action.title, action.raised_on.isoformat(), "yes" if is_overdue(action, today) else "no",
                impact.verdict, action.source_reference,
            ]
        )
    return rows

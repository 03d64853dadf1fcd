"""Keeping significant case briefings: recording one, the Director's assessment and sending it
on, updates, acknowledgements, and what waits for whom.

Every change goes through ``safeguard.governance.workflow.transitions``. Telling someone is a
notice written in the same transaction as the step that tells them, so the record of who was
told, when and about which version can never disagree with the briefing's own history.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet

from safeguard.governance.briefings.models import (
    SENDING_STEPS,
    TOLD_ON_RECORDING,
    TOLD_ON_SENDING,
    WORKFLOW,
    BriefingNotice,
    CaseBriefing,
)
from safeguard.governance.workflow.transitions import (
    Actor,
    NotAllowed,
    NotAvailable,
    apply_transition,
    create_record,
    save_edit,
)
from safeguard.roles import Permission, Role, permissions_of, sees_child_level

FACT_FIELDS = ("category", "headline", "summary", "child_reference", "aware_on", "actions")
"""What whoever records briefings may change; the assessment is the Director's alone."""
ASSESSMENT_FIELDS = ("dcs_assessment",)
WORKFLOW_LABELS = {name: step.label.lower() for name, step in WORKFLOW.transitions.items()}


def _holders(roles: Sequence[Role]) -> list[tuple[Any, Role]]:
    """Every active person holding each role, once each, with the first of the roles they hold."""
    found: dict[Any, tuple[Any, Role]] = {}
    for role in roles:
        for person in get_user_model().objects.filter(is_active=True, role_grants__role=role.value).order_by("pk"):
            found.setdefault(person.pk, (person, role))
    return list(found.values())


def _tell(briefing: CaseBriefing, roles: Sequence[Role], *, by: Actor, at: datetime | None, knows: Actor | None = None) -> None:
    """A notice for each holder of these roles of the briefing as it stands; ``knows`` (the one
    telling, or recording) acknowledges theirs at once."""
    moment = at or datetime.now(UTC)
    for person, role in _holders(roles):
        create_record(
            BriefingNotice, by=by, permission=Permission.SEE_CASE_BRIEFINGS, at=at, briefing=briefing, person=person,
            role=role.value, told_at=moment, told_version=briefing.version,
            acknowledged_at=moment if knows is not None and person.pk == knows.pk else None,
            note="Knew of it: recorded or sent it" if knows is not None and person.pk == knows.pk else "",
        )


def record_briefing(*, by: Actor, at: datetime | None = None, **fields: Any) -> CaseBriefing:
    """Record a significant case; the Director is told at once."""
    unknown = set(fields) - set(FACT_FIELDS)
    if unknown:
        raise ValueError(f"these fields are not part of recording a briefing: {sorted(unknown)}")
    with transaction.atomic():
        briefing = create_record(CaseBriefing, by=by, permission=Permission.RECORD_CASE_BRIEFINGS, at=at, **fields)
        _tell(briefing, TOLD_ON_RECORDING, by=by, at=at, knows=by)
    return briefing


def edit_briefing(briefing: CaseBriefing, *, by: Actor, seen_version: int, changes: dict[str, Any]) -> CaseBriefing:
    """Change the facts of a briefing (its recorders) or the Director's assessment (the Director).
    A change is not sent by itself: the Director sends an update, which tells everyone again."""
    unknown = set(changes) - set(FACT_FIELDS) - set(ASSESSMENT_FIELDS)
    if unknown:
        raise ValueError(f"these fields cannot be edited: {sorted(unknown)}")
    if briefing.state == "closed":
        raise NotAvailable("This briefing is closed: reopen it to change it.")
    held = permissions_of(by.roles)
    changed_assessment = any(field in ASSESSMENT_FIELDS and changes[field] != getattr(briefing, field) for field in changes)
    if changed_assessment and Permission.ASSESS_CASE_BRIEFINGS not in held:
        raise NotAllowed("Only the Director can change the Director's assessment.")
    permission = Permission.RECORD_CASE_BRIEFINGS if Permission.RECORD_CASE_BRIEFINGS in held else Permission.ASSESS_CASE_BRIEFINGS
    return save_edit(briefing, by=by, seen_version=seen_version, changes=changes, permission=permission)


def move_briefing(
    briefing: CaseBriefing, name: str, *, by: Actor, seen_version: int, reason: str = "", at: datetime | None = None
) -> CaseBriefing:
    """Send, update, close or reopen. Sending or updating sets the Director's assessment to
    what they write and tells the Chief Executive and the Lead Member (a new notice each). Taking
    a step acknowledges, at that moment, any notice of the briefing still waiting for the person
    who takes it: they plainly know of it."""
    changes = {"dcs_assessment": reason.strip()} if name in SENDING_STEPS else None
    with transaction.atomic():
        moved = apply_transition(briefing, name, by=by, seen_version=seen_version, reason=reason, changes=changes, at=at)
        for notice in BriefingNotice.objects.filter(briefing=briefing, person_id=by.pk, acknowledged_at__isnull=True):
            acknowledge(notice, by=by, seen_version=notice.version, at=at, note=f"Acknowledged by taking the step: {WORKFLOW_LABELS[name]}")
        if name in SENDING_STEPS:
            _tell(moved, TOLD_ON_SENDING, by=by, at=at, knows=by)
    return moved


def acknowledge(notice: BriefingNotice, *, by: Actor, seen_version: int, note: str = "", at: datetime | None = None) -> BriefingNotice:
    """The person told says they have read the briefing (and, if they wish, what they will do)."""
    if notice.person_id != by.pk:
        raise NotAllowed(f"Only {notice.person.display_name} can acknowledge the briefing sent to them.")
    if notice.acknowledged_at is not None:
        raise NotAvailable("You have already acknowledged this briefing.")
    return save_edit(
        notice, by=by, seen_version=seen_version, permission=Permission.SEE_CASE_BRIEFINGS, at=at,
        changes={"acknowledged_at": at or datetime.now(UTC), "note": note.strip()},
    )


def may_see_child_reference(person: Actor) -> bool:
    """Those who record briefings in a role that may see children's records; never leaders."""
    return Permission.RECORD_CASE_BRIEFINGS in permissions_of(person.roles) and sees_child_level(person.roles)


def notices_of(briefing: CaseBriefing) -> list[BriefingNotice]:
    return list(briefing.notices.select_related("person", "created_by").order_by("told_at", "id"))


def waiting_notices(person: Actor) -> QuerySet[BriefingNotice]:
    """The briefings sent to this person that they have not acknowledged yet, oldest first."""
    return BriefingNotice.objects.filter(person_id=person.pk, acknowledged_at__isnull=True).select_related("briefing").order_by("told_at", "id")


def overdue_notices(today: date) -> list[BriefingNotice]:
    """Every notice past its time without an acknowledgement."""
    waiting = BriefingNotice.objects.filter(acknowledged_at__isnull=True).select_related("briefing", "person")
    return [notice for notice in waiting.order_by("told_at", "id") if notice.is_overdue(today)]


def waiting_for_assessment() -> QuerySet[CaseBriefing]:
    return CaseBriefing.objects.filter(state="with_director").order_by("aware_on", "id")


def briefings(category: str = "", state: str = "") -> QuerySet[CaseBriefing]:
    found = CaseBriefing.objects.prefetch_related("notices")
    if category:
        found = found.filter(category=category)
    if state:
        found = found.filter(state=state)
    return found


EXPORT_COLUMNS: Sequence[str] = (
    "id", "category", "headline", "aware", "status", "people_told", "acknowledged", "waiting", "overdue",
)


def acknowledgement_counts(briefing: CaseBriefing, today: date) -> tuple[int, int, int]:
    """(notices, acknowledged, overdue) for the briefing's notices."""
    notices = list(briefing.notices.all())
    return (
        len(notices),
        sum(1 for notice in notices if notice.acknowledged_at is not None),
        sum(1 for notice in notices if notice.is_overdue(today)),
    )


def export_rows(found: Iterable[CaseBriefing], today: date) -> list[list[object]]:
    """Briefings as rows for CSV: never the child's reference, nor the summary."""
    rows = []
    for item in found:
        told, acknowledged, overdue = acknowledgement_counts(item, today)
        rows.append([item.reference, item.category, item.headline, item.aware_on.isoformat(), item.state, told, acknowledged,
                     told - acknowledged, overdue])
    return rows

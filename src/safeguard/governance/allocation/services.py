"""Suggesting workers for a new case and recording the manager's decision.

The suggestions come from ``safeguard.indicators.caseloads.suggest_workers`` over the caseloads
at the latest return's end; a manager sees, and may choose, only workers in the teams they
manage (``ManagedTeam``). Choosing someone the tool did not suggest (over capacity, or not
offered court work) is allowed, because the manager decides, but needs a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError

from safeguard.council import load_council
from safeguard.governance.allocation.models import AllocationDecision, ManagedTeam
from safeguard.governance.workflow.transitions import Actor, create_record
from safeguard.indicators.caseloads import CaseloadPicture, NewCase, Suggestion, WorkerCaseload, caseload_picture, suggest_workers
from safeguard.roles import Permission
from safeguard.snapshots import Store

SHOWN_SUGGESTIONS = 5


@dataclass(frozen=True)
class Allocation:
    """What the manager sees for one case: their teams' workers and the suggestions."""

    picture: CaseloadPicture
    workers: tuple[WorkerCaseload, ...]
    suggestions: tuple[Suggestion, ...]
    weight: float


def managed_teams(person: Actor) -> list[str]:
    return list(ManagedTeam.objects.filter(manager_id=person.pk).values_list("team", flat=True))


def current_picture(home: Path | None = None) -> CaseloadPicture:
    with Store(home) as store:
        return caseload_picture(store, load_council(store.home).standards)


def allocation_for(person: Actor, case: NewCase, picture: CaseloadPicture) -> Allocation:
    teams = set(managed_teams(person))
    workers = tuple(worker for worker in picture.workers if worker.team in teams)
    found = suggest_workers(workers, case, picture.model, picture.as_at, limit=SHOWN_SUGGESTIONS)
    return Allocation(picture, workers, tuple(found), case.weight(picture.model))


def record_decision(
    *, by: Actor, case_reference: str, case: NewCase, chosen_worker: str, reason: str, picture: CaseloadPicture
) -> AllocationDecision:
    """Keep the decision, with the suggestions as they stood; refuse a worker outside the manager's teams."""
    allocation = allocation_for(by, case, picture)
    names = {worker.worker for worker in allocation.workers}
    if chosen_worker not in names:
        raise ValidationError({"chosen_worker": "Choose a worker in a team you manage."})
    suggested = chosen_worker in {item.worker.worker for item in allocation.suggestions}
    if not suggested and not reason.strip():
        raise ValidationError(
            {
                "reason": "Say why you chose a worker the tool did not suggest (they have no room for it, or it is court work for a newly qualified worker)."
            }
        )
    return create_record(
        AllocationDecision,
        by=by,
        permission=Permission.ALLOCATE_CASES,
        case_reference=case_reference,
        case_type=case.case_type,
        team=case.team or "",
        court=case.court,
        children=case.children,
        weight=allocation.weight,
        data_as_at=picture.as_at,
        chosen_worker=chosen_worker,
        chosen_was_suggested=suggested,
        reason=reason.strip(),
        suggestions=[
            {"worker": item.worker.worker, "team": item.worker.team, "weighted_after": item.weighted_after, "reasons": list(item.reasons)}
            for item in allocation.suggestions
        ],
    )


def decisions_for(person: Actor) -> list[AllocationDecision]:
    """The decisions about the teams this manager manages, newest first."""
    return list(AllocationDecision.objects.filter(team__in=managed_teams(person)).select_related("created_by"))

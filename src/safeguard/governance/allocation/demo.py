"""The demo council's managers and a year of allocation decisions.

Each head of service manages the teams of their part of the service (the practice lead demo
user manages every casework team, so the tool can be tried at once); about one new case a week
over the past year was allocated, mostly to the tool's first suggestion, now and then to another
worker with the manager's reason.
"""

from __future__ import annotations

from safeguard.errors import SafeguardError
from safeguard.governance.allocation.models import AllocationDecision, CaseType, ManagedTeam
from safeguard.governance.allocation.services import current_picture
from safeguard.governance.workflow.demo_cast import DemoCast
from safeguard.governance.workflow.transitions import create_record
from safeguard.indicators.caseloads import NewCase, suggest_workers
from safeguard.roles import Permission

HEADS = {
    "head_of_front_door": ("Assessment", "Multi Agency"),
    "head_of_child_protection": ("Child Protection", "Child in Need", "Disabilities"),
    "head_of_children_in_care": ("Children in Care", "Care Leavers"),
}
WEEKS = 52
CASE_TYPES = (CaseType.CHILD_IN_NEED, CaseType.CHILD_PROTECTION, CaseType.CHILD_IN_NEED, CaseType.CHILD_IN_CARE)
OTHER_CHOICE = "Knows the family from an earlier assessment, so the children keep the same worker."


def seed(cast: DemoCast) -> str:
    if ManagedTeam.objects.exists():
        return ""
    try:
        picture = current_picture()
    except SafeguardError:
        return ""
    teams = sorted({worker.team for worker in picture.workers})
    if not teams:
        return ""
    dcs = cast.person("dcs")
    for key, words in HEADS.items():
        for team in teams:
            if any(word in team for word in words):
                ManagedTeam.objects.create(manager=cast.person(key), team=team, created_by=dcs)
    casework = [team for team in teams if not any(word in team for word in HEADS["head_of_front_door"])]
    for team in casework:
        ManagedTeam.objects.create(manager=cast.person("practice_lead"), team=team, created_by=dcs)
    decisions = _decisions(cast, picture, casework)
    return f"Allocation: {ManagedTeam.objects.count()} teams given their managers, {decisions} allocation decisions over the year."


def _decisions(cast: DemoCast, picture, teams: list[str]) -> int:
    made = 0
    owners = {row.team: row.manager for row in ManagedTeam.objects.exclude(manager=cast.person("practice_lead"))}
    for week in range(WEEKS):
        team = teams[week % len(teams)]
        case_type = CASE_TYPES[week % len(CASE_TYPES)]
        case = NewCase(case_type.value, team=team, court=case_type is CaseType.CHILD_IN_CARE and week % 3 == 0, children=1 + (week % 5 == 0))
        workers = [worker for worker in picture.workers if worker.team == team]
        suggested = suggest_workers(workers, case, picture.model, picture.as_at)
        other = week % 9 == 4 and len(workers) > 1
        if suggested and not other:
            chosen, reason = suggested[0].worker.worker, ""
        elif workers:
            chosen, reason = workers[-1].worker, OTHER_CHOICE
        else:
            continue
        create_record(
            AllocationDecision, by=owners.get(team, cast.person("practice_lead")), permission=Permission.ALLOCATE_CASES,
            at=cast.at(365 - 7 * week), case_reference=f"CASE-{24000 + week}", case_type=case_type.value, team=team,
            court=case.court, children=case.children, weight=case.weight(picture.model), data_as_at=picture.as_at,
            chosen_worker=chosen, chosen_was_suggested=chosen in {item.worker.worker for item in suggested}, reason=reason,
            suggestions=[
                {"worker": item.worker.worker, "team": item.worker.team, "weighted_after": item.weighted_after, "reasons": list(item.reasons)}
                for item in suggested
            ],
        )
        made += 1
    return made

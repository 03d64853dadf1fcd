"""Sample values for the allocation routes, for the permission matrix and audit tests."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from safeguard.governance.allocation.models import AllocationDecision, ManagedTeam
from safeguard.roles import Role

if TYPE_CHECKING:
    from safeguard.web.accounts.models import User

TEAM = "Sample Team"
WORKER = "Sample Worker"


def manage(person: User, team: str = TEAM) -> None:
    ManagedTeam.objects.get_or_create(manager=person, team=team, defaults={"created_by": person})


def _decision_id(person: User) -> int:
    """A decision about a team the person manages (others are told it does not exist)."""
    manage(person)
    return AllocationDecision.objects.create(
        case_reference="CASE-1",
        case_type="children_in_need",
        team=TEAM,
        weight=1.0,
        data_as_at=date(2025, 3, 31),
        suggestions=[],
        chosen_worker=WORKER,
        chosen_was_suggested=True,
        created_by=person,
    ).pk


ROUTE_SAMPLES = {"decision_id": _decision_id}


def workforce_file_for_latest_return(folder) -> None:
    """A workforce file dated on the store's latest return's end, with one case holder in the sample team."""
    from safeguard.snapshots import Store, WorkforceStore

    with Store() as store:
        day = store.get("latest").period_end
        home = store.home
    path = folder / f"workforce_{day.isoformat()}.csv"
    path.write_text(f"Worker,Team,Role,FTE,Start date,Employment\n{WORKER},{TEAM},social worker,1,2015-01-01,permanent\n", encoding="utf-8")
    WorkforceStore(home).import_file(path)


def _allocate_change(make_person, tmp_path, **_):
    from django.test import Client
    from django.urls import reverse
    from web_support import sign_in

    workforce_file_for_latest_return(tmp_path)
    person = make_person(Role.PRACTICE_LEAD)
    manage(person)
    data = {"case_reference": "CASE-2", "case_type": "child_protection_plans", "team": TEAM, "children": "1", "chosen_worker": WORKER}
    return sign_in(Client(), person), reverse("allocation:allocate"), data, "record_allocation"


POST_CHANGES = {"allocation:allocate": _allocate_change}

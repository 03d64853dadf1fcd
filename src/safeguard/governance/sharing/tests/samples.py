"""Sample values for the sharing routes, and one successful POST per route, for the permission
matrix and the access log's coverage tests (``tests/web``).

The matrix signs in one person per role: the samples make that person a partner of the police
with an agreement in force granting the referrals list, and an emergency look they opened an
hour ago, so that everyone the door lets in is let in by the records' own checks too.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from safeguard.governance.disagreements.models import AgencyMembership
from safeguard.governance.sharing.models import EmergencyAccess, SharingAgreement
from safeguard.roles import Role

PURPOSE = "Police enquiries into children referred after domestic abuse incidents."


def agreement(person: Any, *, partner: str = "police", state: str = "approved", lists: tuple[str, ...] = ("referrals",),
              starts_on: date | None = None, ends_on: date | None = None) -> SharingAgreement:
    today = date.today()
    return SharingAgreement.objects.create(
        partner=partner, purpose=PURPOSE, lists=list(lists), starts_on=starts_on or today - timedelta(days=30),
        ends_on=ends_on or today + timedelta(days=60), state=state, created_by=person,
        approved_by=person if state == "approved" else None, approved_at=datetime.now(UTC) if state == "approved" else None,
    )


def partner_of(person: Any, agency: str = "police") -> None:
    AgencyMembership.objects.get_or_create(person=person, defaults={"agency": agency, "created_by": person})


def _agreement_id(person: Any) -> int:
    partner_of(person)
    return agreement(person).pk


def emergency(person: Any, child_id: str = "SAMPLE1", *, hours_ago: float = 1, state: str = "open") -> EmergencyAccess:
    opened = datetime.now(UTC) - timedelta(hours=hours_ago)
    look = EmergencyAccess.objects.create(
        child_id=child_id, reason="A child missing overnight; police need the last known placement.", role="board_member",
        expires_at=opened + timedelta(hours=4), state=state, created_by=person,
    )
    EmergencyAccess.objects.filter(pk=look.pk).update(created_at=opened)
    return EmergencyAccess.objects.get(pk=look.pk)


def a_child_id() -> str:
    """A child the store's newest snapshot holds (an emergency look refuses any other)."""
    import duckdb

    from safeguard.snapshots import LATEST, Store

    with Store() as store:
        path = store.parquet_path(store.get(LATEST).id, "referrals")
    return str(duckdb.execute("SELECT child_id FROM read_parquet($path) ORDER BY source_row LIMIT 1", {"path": str(path)}).fetchone()[0])  # type: ignore[index]


ROUTE_SAMPLES = {
    "agreement_id": _agreement_id,
    "granted_list": lambda person: "referrals",
    "emergency_id": lambda person: emergency(person).pk,
}


def _signed_in(make_person, *roles):
    from django.test import Client
    from web_support import sign_in

    person = make_person(*roles)
    return sign_in(Client(), person), person


AGREEMENT = {"partner": "health", "purpose": "Health visitors' follow-up of children on plans.", "lists": ["child_protection_plans"],
             "starts_on_day": "1", "starts_on_month": "4", "starts_on_year": "2026", "ends_on_day": "31", "ends_on_month": "3",
             "ends_on_year": "2027"}


def _add_change(make_person, **_):
    from django.urls import reverse

    client, _person = _signed_in(make_person, Role.DCS)
    return client, reverse("sharing:agreement_add"), AGREEMENT, "propose_sharing_agreement"


def _step_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.DCS)
    found = agreement(person, state="proposed")
    data = {"step": "approve", "version": "1", "reason": "Necessary for the health visitors' statutory checks; two lists only."}
    return client, reverse("sharing:agreement_step", args=[found.pk]), data, "sharingagreement_approve"


def _emergency_open_change(make_person, snapshot_id, **_):
    from django.urls import reverse

    client, _person = _signed_in(make_person, Role.PRACTICE_LEAD)
    data = {"child_id": a_child_id(), "reason": "Out of hours: the child is at the hospital and a parent is demanding to take them."}
    return client, reverse("sharing:emergency_open"), data, "open_emergency_access"


def _review_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.DCS)
    look = emergency(person)
    data = {"version": "1", "outcome": "justified", "reason": "Out of hours, child at risk; only the placement was looked at."}
    return client, reverse("sharing:emergency", args=[look.pk]), data, "review_emergency_access"


POST_CHANGES = {
    "sharing:agreement_add": _add_change,
    "sharing:agreement_step": _step_change,
    "sharing:emergency_open": _emergency_open_change,
    "sharing:emergency": _review_change,
}

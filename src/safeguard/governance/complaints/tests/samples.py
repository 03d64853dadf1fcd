"""Sample values for the complaints' routes, for the permission matrix and audit tests."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from safeguard.governance.complaints.models import Complaint, ComplaintStage, Compliment
from safeguard.roles import Role

if TYPE_CHECKING:
    from safeguard.web.accounts.models import User


def complaint(person: User) -> Complaint:
    found = Complaint.objects.create(
        received_on=date(2026, 1, 5), complainant="parent", service_area="child_protection", theme="communication",
        summary="Not told the date of the conference.", handler=person, stage=1, state="awaiting_response", created_by=person,
    )
    ComplaintStage.objects.create(complaint=found, stage=1, started_on=date(2026, 1, 5), due=date(2026, 1, 19), created_by=person)
    return found


def _complaint_id(person: User) -> int:
    return complaint(person).pk


def _compliment_id(person: User) -> int:
    return Compliment.objects.create(received_on=date(2026, 1, 7), from_whom="parent", service_area="children_in_care",
                                     summary="Thanks to the social worker.", created_by=person).pk


ROUTE_SAMPLES = {"complaint_id": _complaint_id, "compliment_id": _compliment_id}


def _signed_in(make_person, *roles):
    from django.test import Client
    from web_support import sign_in

    person = make_person(*roles)
    return sign_in(Client(), person), person


def _details(person) -> dict[str, object]:
    return {"received_on_day": "5", "received_on_month": "1", "received_on_year": "2026", "complainant": "parent",
            "service_area": "front_door", "theme": "delay", "summary": "Waited weeks for a call back.", "handler": person.pk}


def _add_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.PRACTICE_LEAD)
    return client, reverse("complaints:complaint_add"), _details(person), "record_complaint"


def _edit_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.PRACTICE_LEAD)
    return client, reverse("complaints:complaint_edit", args=[_complaint_id(person)]), {**_details(person), "version": "1"}, "change_complaint"


def _step_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.PRACTICE_LEAD)
    data = {"step": "respond", "version": "1", "on_day": "15", "on_month": "1", "on_year": "2026", "finding": "partly_upheld",
            "reason": "Apologised; the conference date should have been sent."}
    return client, reverse("complaints:complaint_step", args=[_complaint_id(person)]), data, "complaint_respond"


def _action_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.DCS)
    data = {"title": "Send every family the conference date in writing", "factor": "culture", "owner": person.pk,
            "due_day": "31", "due_month": "3", "due_year": "2027"}
    return client, reverse("complaints:complaint_action", args=[_complaint_id(person)]), data, "raise_complaint_action"


COMPLIMENT = {"received_on_day": "7", "received_on_month": "1", "received_on_year": "2026", "from_whom": "child",
              "service_area": "care_leavers", "summary": "My personal adviser helped me find a flat."}


def _compliment_add_change(make_person, **_):
    from django.urls import reverse

    client, _person = _signed_in(make_person, Role.PRACTICE_LEAD)
    return client, reverse("complaints:compliment_add"), COMPLIMENT, "record_compliment"


def _compliment_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.PRACTICE_LEAD)
    return client, reverse("complaints:compliment", args=[_compliment_id(person)]), {**COMPLIMENT, "version": "1"}, "change_compliment"


POST_CHANGES = {
    "complaints:complaint_add": _add_change,
    "complaints:complaint_edit": _edit_change,
    "complaints:complaint_step": _step_change,
    "complaints:complaint_action": _action_change,
    "complaints:compliment_add": _compliment_add_change,
    "complaints:compliment": _compliment_change,
}

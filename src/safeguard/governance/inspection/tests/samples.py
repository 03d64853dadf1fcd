"""Sample values for the inspection routes, and one successful POST per route, for the
permission matrix, the access-log coverage and the hardening tests (``tests/web``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from safeguard.governance.inspection.judgements import readiness
from safeguard.governance.inspection.models import Inspection, Recommendation
from safeguard.roles import Role

GRADES = {"impact_of_leaders": "good", "help_and_protection": "requires_improvement", "in_care": "good", "care_leavers": "good",
          "overall_effectiveness": "good"}


def make_inspection(person: Any) -> Inspection:
    return Inspection.objects.create(kind="ilacs_standard", started_on=date(2025, 3, 10), ended_on=date(2025, 3, 21),
                                     published_on=date(2025, 5, 2), created_by=person, **GRADES)


def _inspection_id(person: Any) -> int:
    return make_inspection(person).pk


def _recommendation_id(person: Any) -> int:
    return Recommendation.objects.create(inspection=make_inspection(person), number=1, created_by=person,
                                         text="Make sure that strategy discussions include the police and health every time.").pk


def _readiness_item_id(person: Any) -> str:
    return readiness().items[0].id


ROUTE_SAMPLES = {"inspection_id": _inspection_id, "inspection_recommendation_id": _recommendation_id,
                 "readiness_item_id": _readiness_item_id}


def _signed_in(make_person, *roles):
    from django.test import Client
    from web_support import sign_in

    person = make_person(*roles)
    return sign_in(Client(), person), person


INSPECTION = {"kind": "ilacs_standard", "started_on_day": "10", "started_on_month": "3", "started_on_year": "2025",
              "ended_on_day": "21", "ended_on_month": "3", "ended_on_year": "2025", **GRADES}


def _inspection_add_change(make_person, **_):
    from django.urls import reverse

    client, _person = _signed_in(make_person, Role.DCS)
    return client, reverse("inspection:inspection_add"), INSPECTION, "record_inspection"


def _inspection_edit_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.DCS)
    data = {**INSPECTION, "summary": "Help and protection must improve.", "version": "1"}
    return client, reverse("inspection:inspection_edit", args=[_inspection_id(person)]), data, "change_inspection"


def _recommendation_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.PRACTICE_LEAD)
    data = {"text": "Improve the timeliness of initial child protection conferences."}
    return client, reverse("inspection:recommendation_add", args=[_inspection_id(person)]), data, "add_inspection_recommendation"


def _action_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.DCS)
    data = {"title": "Police and health at every strategy discussion", "factor": "partnership", "owner": person.pk,
            "due_day": "31", "due_month": "3", "due_year": "2027"}
    return client, reverse("inspection:recommendation_action", args=[_recommendation_id(person)]), data, "raise_inspection_action"


def _readiness_change(make_person, **_):
    from django.urls import reverse

    client, _person = _signed_in(make_person, Role.ANALYST)
    data = {"status": "ready", "evidence": "Data bank checked on 1 May.", "version": "0"}
    return client, reverse("inspection:readiness_item", args=[_readiness_item_id(None)]), data, "record_readiness_item"


POST_CHANGES = {
    "inspection:inspection_add": _inspection_add_change,
    "inspection:inspection_edit": _inspection_edit_change,
    "inspection:recommendation_add": _recommendation_change,
    "inspection:recommendation_action": _action_change,
    "inspection:readiness_item": _readiness_change,
}

"""Sample values for the reviews' routes, for the permission matrix and audit tests."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from safeguard.governance.reviews.models import Recommendation, SeriousIncident
from safeguard.roles import Role

if TYPE_CHECKING:
    from safeguard.web.accounts.models import User


def incident(person: User, state: str = "aware", **fields: object) -> SeriousIncident:
    dates = {
        "aware": {},
        "review_in_progress": {"notified_on": date(2026, 1, 9), "rapid_review_on": date(2026, 1, 28), "decided_on": date(2026, 1, 28),
                               "decision_reasons": "Agencies did not share what they knew."},
    }[state]
    return SeriousIncident.objects.create(
        title="Serious injury to an infant", summary="An infant was admitted with injuries; neglect suspected.", harm="serious_harm",
        child_reference="CH-SAMPLE-2", aware_on=date(2026, 1, 5), owner=person, state=state, created_by=person, **{**dates, **fields},
    )


def _incident_id(person: User) -> int:
    return incident(person).pk


def _recommendation_id(person: User) -> int:
    found = incident(person, "review_in_progress")
    return Recommendation.objects.create(incident=found, number=1, text="Health visitors share concerns with the GP.", created_by=person).pk


ROUTE_SAMPLES = {"incident_id": _incident_id, "recommendation_id": _recommendation_id}


def _signed_in(make_person, *roles):
    from django.test import Client
    from web_support import sign_in

    person = make_person(*roles)
    return sign_in(Client(), person), person


def _details(person) -> dict[str, object]:
    return {"title": "Death of a toddler, neglect suspected", "summary": "Known to health and early help.", "harm": "death",
            "aware_on_day": "5", "aware_on_month": "1", "aware_on_year": "2026", "owner": person.pk}


def _add_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.BOARD_MEMBER)
    return client, reverse("reviews:incident_add"), _details(person), "record_serious_incident"


def _edit_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.DCS)
    return client, reverse("reviews:incident_edit", args=[_incident_id(person)]), {**_details(person), "version": "1"}, "change_serious_incident"


def _step_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.BOARD_MEMBER)
    data = {"step": "notify", "version": "1", "on_day": "8", "on_month": "1", "on_year": "2026"}
    return client, reverse("reviews:incident_step", args=[_incident_id(person)]), data, "seriousincident_notify"


def _recommendation_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.BOARD_MEMBER)
    found = incident(person, "review_in_progress")
    return client, reverse("reviews:recommendation_add", args=[found.pk]), {"text": "Train GPs on neglect."}, "add_review_recommendation"


def _action_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.DCS)
    data = {"title": "GP training on neglect", "factor": "partnership", "owner": person.pk, "due_day": "30", "due_month": "9",
            "due_year": "2027", "version": "1"}
    return client, reverse("reviews:recommendation_action", args=[_recommendation_id(person)]), data, "raise_recommendation_action"


POST_CHANGES = {
    "reviews:incident_add": _add_change,
    "reviews:incident_edit": _edit_change,
    "reviews:incident_step": _step_change,
    "reviews:recommendation_add": _recommendation_change,
    "reviews:recommendation_action": _action_change,
}

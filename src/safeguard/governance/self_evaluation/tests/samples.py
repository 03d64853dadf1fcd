"""Sample values for the self-evaluation's route parameters, and one successful POST per route,
for the permission matrix and the access-log coverage tests (``tests/web``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from safeguard.governance.self_evaluation.models import SelfEvaluation
from safeguard.roles import Role


def make_evaluation(person: Any) -> SelfEvaluation:
    return SelfEvaluation.objects.create(
        title="Ofsted self-evaluation, March 2027", what_we_know="We know...", how_we_know="From audits.", our_plans="We will...",
        drafted_from_records_at=datetime(2027, 3, 1, tzinfo=UTC), created_by=person,
    )


def _evaluation_id(person: Any) -> int:
    return make_evaluation(person).pk


def _version_number(person: Any) -> int:
    return 1


ROUTE_SAMPLES = {"evaluation_id": _evaluation_id, "version_number": _version_number}


def _signed_in(make_person, *roles):
    from django.test import Client
    from web_support import sign_in

    person = make_person(*roles)
    return sign_in(Client(), person), person


def _start_change(make_person, **_):
    from django.urls import reverse

    client, _person = _signed_in(make_person, Role.ANALYST)
    return client, reverse("self_evaluation:evaluation_start"), {}, "draft_self_evaluation"


def _edit_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.DCS)
    data = {"title": "Ofsted self-evaluation", "what_we_know": "a", "how_we_know": "b", "our_plans": "c", "version": "1"}
    return client, reverse("self_evaluation:evaluation_edit", args=[_evaluation_id(person)]), data, "save_self_evaluation"


POST_CHANGES = {"self_evaluation:evaluation_start": _start_change, "self_evaluation:evaluation_edit": _edit_change}

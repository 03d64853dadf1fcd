"""Sample values for the challenge log's routes, for the permission matrix and audit tests."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from safeguard.governance.challenge.models import Challenge
from safeguard.roles import Role

if TYPE_CHECKING:
    from safeguard.web.accounts.models import User


def _challenge(person: User, state: str = "raised", owner: User | None = None) -> Challenge:
    return Challenge.objects.create(
        question="Why are re-referrals rising?", factor="outcomes", raised_on=date(2026, 1, 5), state=state,
        owner=owner, due=date(2026, 2, 5) if owner else None, created_by=person,
    )


def _challenge_id(person: User) -> int:
    return _challenge(person).pk


def _signed_in(make_person, *roles):
    from django.test import Client
    from web_support import sign_in

    person = make_person(*roles)
    return sign_in(Client(), person), person


def _raise_change(make_person, **_):
    from django.urls import reverse

    client, _person = _signed_in(make_person, Role.LEAD_MEMBER)
    return client, reverse("challenge:raise"), {"question": "Why?", "factor": "leadership"}, "raise_challenge"


def _assign_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.DCS)
    data = {"owner": person.pk, "due_day": "1", "due_month": "3", "due_year": "2027", "version": "1"}
    return client, reverse("challenge:assign", args=[_challenge_id(person)]), data, "assign_challenge"


def _step_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.ANALYST)
    item = _challenge(person, state="assigned", owner=person)
    data = {"step": "answer", "version": "1", "reason": "Because of the front door changes."}
    return client, reverse("challenge:step", args=[item.pk]), data, "challenge_answer"


ROUTE_SAMPLES = {"challenge_id": _challenge_id}
POST_CHANGES = {
    "challenge:raise": _raise_change,
    "challenge:assign": _assign_change,
    "challenge:step": _step_change,
}

"""The home page surfaces what the assurance records ask of each person: their overdue actions,
challenges to assign or answer, and answers waiting for the leader who asked."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from web_support import sign_in

from safeguard.governance.challenge import services as challenges
from safeguard.governance.plan import services as plan
from safeguard.roles import Role

pytestmark = pytest.mark.django_db


def _home(person) -> str:
    from django.test import Client

    page = sign_in(Client(), person).get(reverse("home")).content.decode()
    return page[page.index("What needs attention now"):page.index("Your role")]


def test_an_owner_sees_their_overdue_action_and_a_leader_sees_the_plan_s(make_person):
    director, owner, member = make_person(Role.DCS), make_person(Role.PRACTICE_LEAD), make_person(Role.LEAD_MEMBER)
    plan.raise_action(by=director, raised_on=date(2025, 1, 1), title="Late", source="data", factor="leadership", owner=owner, due=date(2025, 2, 1))
    plan.raise_action(by=director, title="On time", source="data", factor="leadership", owner=owner, due=date(2099, 1, 1))
    assert "1 action you own on the improvement plan is past its due date." in _home(owner)
    assert "1 action on the improvement plan is overdue in all." in _home(member)


def test_challenges_surface_to_who_must_act_next(make_person):
    member, director = make_person(Role.LEAD_MEMBER), make_person(Role.DCS)
    item = challenges.raise_challenge(by=member, question="Why?", factor="leadership")
    assert "1 challenge is waiting for someone to answer it." in _home(director)
    item = challenges.assign(item, by=director, seen_version=1, owner=director, due=date(2099, 1, 1))
    assert "1 challenge is waiting for your answer." in _home(director)
    challenges.move_challenge(item, "answer", by=director, seen_version=2, reason="Because.")
    assert "1 challenge you raised has been answered" in _home(member)
    assert "challenge" not in _home(make_person(Role.ADMINISTRATOR))

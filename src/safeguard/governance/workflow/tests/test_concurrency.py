"""Two people saving the same version of one record at the same moment, on the real database
(SQLite here, PostgreSQL in the second run of ``make test``): one wins, the other is told, and
nothing either wrote is lost without a trace (DOMAIN.md §7, "Integrity")."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from django.db import connections

from safeguard.governance.plan import services
from safeguard.governance.plan.models import PlanAction
from safeguard.governance.workflow.transitions import StaleEdit
from safeguard.roles import Role

APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    "safeguard.web.accounts",
    "safeguard.governance.workflow",
    "safeguard.governance.plan",
]
"""The tables these tests touch: only these are emptied afterwards, never the access log (whose
triggers refuse it)."""


def _race(attempts):
    """Run each attempt in its own thread and connection, released together; their outcomes."""
    gate = threading.Barrier(len(attempts))

    def run(attempt):
        try:
            gate.wait(timeout=10)
            attempt()
            return "saved"
        except StaleEdit:
            return "refused as stale"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(len(attempts)) as pool:
        return sorted(pool.map(run, attempts))


@pytest.mark.django_db(transaction=True, available_apps=APPS)
def test_two_edits_of_one_version_at_once_one_wins_and_the_other_is_told(make_person):
    director, analyst = make_person(Role.DCS), make_person(Role.ANALYST)
    action = services.raise_action(by=director, title="Original", source="data", factor="leadership", owner=director, due=date(2027, 1, 1))

    def edit_by(person, title):
        return lambda: services.edit_action(PlanAction.objects.get(pk=action.pk), by=person, seen_version=1, changes={"title": title})

    outcomes = _race([edit_by(director, "Director's wording"), edit_by(analyst, "Analyst's wording")])
    assert outcomes == ["refused as stale", "saved"]
    saved = PlanAction.objects.get(pk=action.pk)
    assert saved.version == 2 and saved.title in {"Director's wording", "Analyst's wording"}
    assert saved.history.count() == 2


@pytest.mark.django_db(transaction=True, available_apps=APPS)
def test_two_moves_of_one_version_at_once_move_it_once(make_person):
    director, analyst = make_person(Role.DCS), make_person(Role.ANALYST)
    action = services.raise_action(by=director, title="Move me", source="data", factor="leadership", owner=director, due=date(2027, 1, 1))

    def start_by(person):
        return lambda: services.move_action(PlanAction.objects.get(pk=action.pk), "start", by=person, seen_version=1)

    assert _race([start_by(director), start_by(analyst)]) == ["refused as stale", "saved"]
    from safeguard.governance.workflow.transitions import transitions_of

    assert len(transitions_of(PlanAction.objects.get(pk=action.pk))) == 1

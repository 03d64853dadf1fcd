"""Sample values for the plan's route parameters, for the permission matrix and audit tests."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from safeguard.governance.plan.models import PlanAction
from safeguard.roles import Role

if TYPE_CHECKING:
    from safeguard.web.accounts.models import User


def _action_id(person: User) -> int:
    action = PlanAction.objects.create(
        title="Sample action", source="data", factor="leadership", owner=person, raised_on=date(2026, 1, 1),
        due=date(2026, 6, 30), state="open", created_by=person,
    )
    return action.pk


ROUTE_SAMPLES = {"action_id": _action_id}


def _signed_in(make_person, *roles):
    from django.test import Client
    from web_support import sign_in

    person = make_person(*roles)
    return sign_in(Client(), person), person


def _add_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.DCS)
    data = {"title": "Audit the front door", "source": "audit", "factor": "leadership", "owner": person.pk,
            "due_day": "30", "due_month": "6", "due_year": "2027"}
    return client, reverse("plan:action_add"), data, "raise_plan_action"


def _edit_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.DCS)
    action_id = _action_id(person)
    data = {"title": "Audit the front door again", "source": "audit", "factor": "leadership", "owner": person.pk,
            "due_day": "30", "due_month": "6", "due_year": "2027", "version": "1"}
    return client, reverse("plan:action_edit", args=[action_id]), data, "change_plan_action"


def _step_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.ANALYST)
    return client, reverse("plan:action_step", args=[_action_id(person)]), {"step": "start", "version": "1"}, "planaction_start"


def _note_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.LEAD_MEMBER)
    return client, reverse("plan:action_note", args=[_action_id(person)]), {"text": "Met the team"}, "note_plan_progress"


POST_CHANGES = {
    "plan:action_add": _add_change,
    "plan:action_edit": _edit_change,
    "plan:action_step": _step_change,
    "plan:action_note": _note_change,
}

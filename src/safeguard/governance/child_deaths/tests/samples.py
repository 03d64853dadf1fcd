"""Sample values for the child death reviews' routes, and one successful POST per route, for the
permission matrix, the access-log coverage and the hardening tests (``tests/web``)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from safeguard.governance.child_deaths.models import ChildDeathReview
from safeguard.roles import Role

if TYPE_CHECKING:
    from safeguard.web.accounts.models import User

CHILD = "CD-SAMPLE-7"


def review(person: User, **fields: object) -> ChildDeathReview:
    details: dict[str, object] = {"notified_on": date(2026, 3, 2), "expected": False, "summary": "An infant died unexpectedly at home.",
                                  "child_reference": CHILD, "state": "notified", "created_by": person}
    return ChildDeathReview.objects.create(**{**details, **fields})


def reviewed_by_panel(person: User) -> ChildDeathReview:
    """A review with the panel's findings recorded, ready to be marked reviewed."""
    return review(person, panel_on=date(2026, 6, 10), category="sudden", modifiable=True, themes=["safer_sleep"],
                  learning="Safer sleep advice was given once only.")


def _review_id(person: User) -> int:
    return review(person).pk


ROUTE_SAMPLES = {"child_death_id": _review_id}


def _signed_in(make_person, *roles):
    from django.test import Client
    from web_support import sign_in

    person = make_person(*roles)
    return sign_in(Client(), person), person


DETAILS = {"notified_on_day": "2", "notified_on_month": "3", "notified_on_year": "2026", "expected": "no",
           "summary": "An infant died unexpectedly at home."}


def _add_change(make_person, **_):
    from django.urls import reverse

    client, _person = _signed_in(make_person, Role.BOARD_MEMBER)
    return client, reverse("child_deaths:review_add"), DETAILS, "record_child_death"


def _edit_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.DCS)
    return client, reverse("child_deaths:review_edit", args=[_review_id(person)]), {**DETAILS, "version": "1"}, "change_child_death"


def _step_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.BOARD_MEMBER)
    url = reverse("child_deaths:review_step", args=[reviewed_by_panel(person).pk])
    return client, url, {"step": "review", "version": "1"}, "childdeathreview_review"


def _action_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.DCS)
    data = {"title": "Repeat the safer sleep advice", "factor": "partnership", "owner": person.pk, "due_day": "30", "due_month": "9",
            "due_year": "2027"}
    return client, reverse("child_deaths:review_action", args=[reviewed_by_panel(person).pk]), data, "raise_child_death_action"


POST_CHANGES = {
    "child_deaths:review_add": _add_change,
    "child_deaths:review_edit": _edit_change,
    "child_deaths:review_step": _step_change,
    "child_deaths:review_action": _action_change,
}

"""Sample values for the disagreements' routes, for the permission matrix and audit tests: each
sample disagreement is raised by the person's own agency, so the person may open it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from safeguard.governance.disagreements.models import AgencyMembership, Disagreement, StageReached
from safeguard.roles import Role

if TYPE_CHECKING:
    from safeguard.web.accounts.models import User


def disagreement(person: User, agency: str = "police") -> Disagreement:
    membership, _ = AgencyMembership.objects.get_or_create(person=person, defaults={"agency": agency, "created_by": person})
    found = Disagreement.objects.create(
        raised_by_agency=membership.agency, with_agency="social_care", people_involved="Police sergeant and duty team manager",
        child_reference="CH-SAMPLE-3", about="Whether a strategy discussion was needed.", theme="enquiry", raised_on=date(2026, 1, 5),
        stage=1, stage_days=5, state="open", created_by=person,
    )
    StageReached.objects.create(disagreement=found, stage=1, started_on=date(2026, 1, 5), due=date(2026, 1, 12), created_by=person)
    return found


def _disagreement_id(person: User) -> int:
    return disagreement(person).pk


ROUTE_SAMPLES = {"disagreement_id": _disagreement_id}


def _signed_in(make_person, *roles):
    from django.test import Client
    from web_support import sign_in

    person = make_person(*roles)
    return sign_in(Client(), person), person


RAISED = {"with_agency": "social_care", "people_involved": "School safeguarding lead and duty social worker",
          "child_reference": "CH-NEW-1", "about": "Referral closed without a visit.", "theme": "threshold", "stage_days": "5"}


def _raise_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.BOARD_MEMBER)
    AgencyMembership.objects.create(person=person, agency="education", created_by=person)
    return client, reverse("disagreements:disagreement_raise"), RAISED, "raise_disagreement"


def _edit_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.BOARD_MEMBER)
    return client, reverse("disagreements:disagreement_edit", args=[_disagreement_id(person)]), {**RAISED, "version": "1"}, "change_disagreement"


def _step_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.BOARD_MEMBER)
    data = {"step": "escalate", "version": "1", "reason": "No agreement between the practitioners."}
    return client, reverse("disagreements:disagreement_step", args=[_disagreement_id(person)]), data, "disagreement_escalate"


def _discussion_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.PRACTICE_LEAD)
    data = {"held_on_day": "6", "held_on_month": "1", "held_on_year": "2026", "who": "Sergeant and team manager",
            "record": "Agreed to hold a strategy discussion."}
    return client, reverse("disagreements:discussion_add", args=[_disagreement_id(person)]), data, "record_disagreement_discussion"


def _agency_change(make_person, **_):
    from django.urls import reverse

    client, _person = _signed_in(make_person, Role.DCS)
    partner = make_person(Role.BOARD_MEMBER)
    return client, reverse("disagreements:agencies"), {"person": partner.pk, "agency": "health", "version": "0"}, "set_agency"


POST_CHANGES = {
    "disagreements:disagreement_raise": _raise_change,
    "disagreements:disagreement_edit": _edit_change,
    "disagreements:disagreement_step": _step_change,
    "disagreements:discussion_add": _discussion_change,
    "disagreements:agencies": _agency_change,
}

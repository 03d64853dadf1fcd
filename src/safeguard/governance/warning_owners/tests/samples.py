"""Sample values for the early warnings' routes, for the permission matrix and audit tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from safeguard.governance.warning_owners.models import Acknowledgement, TrackedWarning, WarningName
from safeguard.roles import Role

if TYPE_CHECKING:
    from safeguard.web.accounts.models import User

SAMPLE_NAME = "re_referral_rate--control_chart--2024-09--concern"


def acknowledged_warning(person: User) -> TrackedWarning:
    """A warning the latest figures no longer show, acknowledged by ``person`` (its page stays open)."""
    named = WarningName.objects.filter(key=SAMPLE_NAME).select_related("warning").first()
    if named is not None:
        return named.warning
    tracked = TrackedWarning.objects.create(
        indicator_id="re_referral_rate", source="control_chart", direction="up", reading="concern",
        title="Re-referrals within 12 months (%)", since=date(2024, 9, 1), until=date(2024, 12, 1),
    )
    WarningName.objects.create(key=SAMPLE_NAME, warning=tracked)
    Acknowledgement.objects.create(
        warning=tracked, person=person, person_name="Sample Person", role=Role.DCS.value,
        acknowledged_at=datetime(2025, 1, 6, tzinfo=UTC), response="Asked for the audit of closed cases.", created_by=person,
    )
    return tracked


ROUTE_SAMPLES = {"warning_id": lambda person: acknowledged_warning(person).pk, "warning_key": lambda person: SAMPLE_NAME}


def _signed_in(make_person, *roles):
    from django.test import Client
    from web_support import sign_in

    person = make_person(*roles)
    return sign_in(Client(), person), person


def _challenge_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.LEAD_MEMBER)
    url = reverse("warning_owners:challenge", args=[acknowledged_warning(person).pk])
    return client, url, {"question": "What is behind the rise in re-referrals?"}, "raise_challenge_from_warning"


def _action_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.DCS)
    url = reverse("warning_owners:action", args=[acknowledged_warning(person).pk])
    return client, url, {"title": "Audit 20 closed cases", "owner": person.pk, "due": "2027-03-31"}, "raise_plan_action_from_warning"


POST_CHANGES = {
    "warning_owners:challenge": _challenge_change,
    "warning_owners:action": _action_change,
}

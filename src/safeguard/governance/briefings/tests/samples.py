"""Sample values for the briefings' routes, for the permission matrix and audit tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from safeguard.governance.briefings.models import BriefingNotice, CaseBriefing
from safeguard.roles import Role

if TYPE_CHECKING:
    from safeguard.web.accounts.models import User


def _briefing(person: User, state: str = "with_director") -> CaseBriefing:
    return CaseBriefing.objects.create(
        category="service_concern", headline="Delays in strategy discussions at weekends", summary="Three cases waited over a weekend.",
        child_reference="CH-SAMPLE-1", aware_on=date(2026, 1, 5), state=state, created_by=person,
        dcs_assessment="Reviewing weekend cover." if state != "with_director" else "",
    )


def _briefing_id(person: User) -> int:
    return _briefing(person).pk


def _notice_id(person: User) -> int:
    briefing = _briefing(person, state="with_leaders")
    notice = BriefingNotice.objects.create(
        briefing=briefing, person=person, role=Role.CHIEF_EXECUTIVE.value, told_at=datetime(2026, 1, 6, 9, tzinfo=UTC),
        told_version=1, created_by=person,
    )
    return notice.pk


ROUTE_SAMPLES = {"briefing_id": _briefing_id, "notice_id": _notice_id}


def _signed_in(make_person, *roles):
    from django.test import Client
    from web_support import sign_in

    person = make_person(*roles)
    return sign_in(Client(), person), person


GOOD = {"category": "media", "headline": "Local paper asking about a family's case", "summary": "Questions from a reporter.",
        "aware_on_day": "5", "aware_on_month": "1", "aware_on_year": "2026"}


def _add_change(make_person, **_):
    from django.urls import reverse

    client, _person = _signed_in(make_person, Role.PRACTICE_LEAD)
    return client, reverse("briefings:briefing_add"), GOOD, "record_case_briefing"


def _edit_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.PRACTICE_LEAD)
    return client, reverse("briefings:briefing_edit", args=[_briefing_id(person)]), {**GOOD, "version": "1"}, "change_case_briefing"


def _step_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.DCS)
    data = {"step": "send", "version": "1", "reason": "A reporter has the family's account; our response is ready."}
    return client, reverse("briefings:briefing_step", args=[_briefing_id(person)]), data, "casebriefing_send"


def _acknowledge_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.CHIEF_EXECUTIVE)
    return client, reverse("briefings:acknowledge", args=[_notice_id(person)]), {"version": "1"}, "acknowledge_case_briefing"


POST_CHANGES = {
    "briefings:briefing_add": _add_change,
    "briefings:briefing_edit": _edit_change,
    "briefings:briefing_step": _step_change,
    "briefings:acknowledge": _acknowledge_change,
}

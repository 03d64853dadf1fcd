"""Sample values for the Local Test of Assurance's route parameters, and one successful POST per
route, for the permission matrix and the access-log coverage tests (``tests/web``)."""

from __future__ import annotations

from typing import Any

from safeguard.governance.local_test.considerations import considerations
from safeguard.governance.local_test.models import LocalTest, LocalTestItem
from safeguard.roles import Role


def make_test(person: Any, status: str = "not_assessed") -> LocalTest:
    test = LocalTest.objects.create(
        title="Local Test of Assurance, 2026", dcs_name="A Director", dcs_other_portfolios="Adults' social care",
        considerations_version=considerations().version, state="in_progress", created_by=person,
    )
    evidence = "Checked at the annual review." if status != "not_assessed" else ""
    for item in considerations().items:
        LocalTestItem.objects.create(test=test, consideration_id=item.id, status=status, evidence=evidence, created_by=person)
    return test


def _test_id(person: Any) -> int:
    return make_test(person).pk


def _consideration_id(person: Any) -> str:
    return considerations().items[0].id


ROUTE_SAMPLES = {"local_test_id": _test_id, "consideration_id": _consideration_id}


def _signed_in(make_person, *roles):
    from django.test import Client
    from web_support import sign_in

    person = make_person(*roles)
    return sign_in(Client(), person), person


def _start_change(make_person, **_):
    from django.urls import reverse

    client, _person = _signed_in(make_person, Role.DCS)
    data = {"title": "Local Test of Assurance, 2026", "dcs_other_portfolios": "Adults' social care"}
    return client, reverse("local_test:test_start"), data, "start_local_test"


def _edit_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.DCS)
    data = {"title": "Local Test of Assurance, 2026", "lead_member_other_portfolios": "Public health", "version": "1"}
    return client, reverse("local_test:test_edit", args=[make_test(person).pk]), data, "change_local_test"


def _item_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.DCS)
    url = reverse("local_test:item_edit", args=[make_test(person).pk, _consideration_id(person)])
    return client, url, {"status": "met", "evidence": "Cabinet report, May.", "version": "1"}, "assess_local_test_item"


def _step_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.DCS)
    url = reverse("local_test:test_step", args=[make_test(person, status="met").pk])
    return client, url, {"step": "complete", "version": "1"}, "localtest_complete"


POST_CHANGES = {
    "local_test:test_start": _start_change,
    "local_test:test_edit": _edit_change,
    "local_test:item_edit": _item_change,
    "local_test:test_step": _step_change,
}

"""Exactly one access record for every child-level read and for every change, generated from
the policy table (DOMAIN.md §7, "Audit"): a new child-level route, or a new route that takes a
POST, fails here until it is shown to record itself exactly once."""

from __future__ import annotations

import importlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from test_data_pages import XLSX_TYPE
from test_permissions_matrix import _parameters
from web_support import enter_enrolment_code, sign_in
from workbooks import annex_a_workbook

from safeguard.web.access.policy import ROUTES, Role
from safeguard.web.audit.models import AccessRecord, Outcome
from safeguard.web.data.models import Upload

CHILD_LEVEL_READS = [name for name, policy in ROUTES.items() if policy.child_level and "GET" in policy.methods]
POSTS = [name for name, policy in ROUTES.items() if "POST" in policy.methods]


def _new_records(since: int) -> list[AccessRecord]:
    return list(AccessRecord.objects.filter(id__gt=since).order_by("id"))


def _last_id() -> int:
    return AccessRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_the_child_level_routes_are_the_ones_expected():
    assert set(CHILD_LEVEL_READS) == {
        "data:import_detail", "data:import_findings_csv", "data:import_findings_xlsx", "data:list_rows", "data:list_rows_csv",
        "audits:case_child", "briefings:briefing_child", "reviews:incident_child", "disagreements:disagreement_child",
        "child_deaths:review_child",
        "allocation:unallocated",
        "sharing:shared_list", "sharing:emergency_child",
    }


@pytest.mark.parametrize("view_name", CHILD_LEVEL_READS)
def test_each_child_level_read_writes_exactly_one_record_with_its_purpose(view_name, make_person, snapshot_id, store_home):
    person = make_person(Role.DCS, Role.ANALYST)
    client = sign_in(Client(), person)
    arguments = _parameters(view_name, person, snapshot_id, store_home)
    if "list_key" in arguments:
        client.post(reverse("data:list_rows", kwargs=arguments), {"purpose": "case_audit"})
    since = _last_id()
    assert client.get(reverse(view_name, kwargs=arguments)).status_code == 200
    [entry] = _new_records(since)
    assert (entry.route, entry.outcome, entry.username) == (view_name, Outcome.ALLOWED, person.username)
    assert entry.purpose, "every look at child-level data says why"


@dataclass(frozen=True)
class Change:
    """One POST made the way a person makes it, and the access record it must leave."""

    client: Client
    url: str
    data: dict
    action: str | None
    """The one record's action, or None where the POST changes nothing to record."""


def _sign_in_change(make_person, **_) -> Change:
    from django.contrib.auth.hashers import make_password

    person = make_person(Role.LEAD_MEMBER, username="councillor")
    person.password = make_password("a long enough password", hasher="md5")
    person.save()
    return Change(Client(), reverse("sign_in"), {"username": "councillor", "password": "a long enough password"}, "sign_in")


def _sign_out_change(make_person, **_) -> Change:
    return Change(sign_in(Client(), make_person(Role.SCRUTINY_MEMBER)), reverse("sign_out"), {}, "sign_out")


def _code_setup_change(make_person, **_) -> Change:
    person = make_person(Role.ANALYST)
    client = sign_in(Client(), person, second_factor=False)
    TOTPDevice.objects.filter(user=person).delete()
    enter_enrolment_code(client, person)
    client.get(reverse("second_factor_setup"))
    device = TOTPDevice.objects.get(user=person, confirmed=False)
    return Change(client, reverse("second_factor_setup"), {"code": f"{totp(device.bin_key):06d}"}, "set_up_second_factor")


def _code_verify_change(make_person, **_) -> Change:
    person = make_person(Role.DCS)
    client = sign_in(Client(), person, second_factor=False)
    device = TOTPDevice.objects.create(user=person, name="phone", confirmed=True)
    return Change(client, reverse("second_factor_verify"), {"code": f"{totp(device.bin_key):06d}"}, "verify_second_factor")


def _acknowledge_change(make_person, request, **_) -> Change:
    request.getfixturevalue("synthetic_council")
    client = sign_in(Client(), make_person(Role.CHIEF_EXECUTIVE))
    number = client.get(reverse("api:warnings")).json()["warnings"][0]["id"]
    return Change(client, reverse("leadership:warning", args=[number]), {"response": "Asked for a report.", "version": 0},
                  "acknowledge_warning")


def _upload_change(make_person, tmp_path, **_) -> Change:
    from django.core.files.uploadedfile import SimpleUploadedFile

    workbook = annex_a_workbook(tmp_path / "return.xlsx")
    document = SimpleUploadedFile("return.xlsx", workbook.read_bytes(), XLSX_TYPE)
    return Change(sign_in(Client(), make_person(Role.ANALYST)), reverse("data:imports"), {"return_file": document},
                  "upload_return")


def _decision_change(make_person, **_) -> Change:
    person = make_person(Role.ANALYST)
    upload = Upload.objects.create(
        id=uuid.uuid4(), original_name="return.xlsx", extension="xlsx", size=1, sha256="0" * 64, uploaded_by=person
    )
    return Change(sign_in(Client(), person), reverse("data:import_decision", args=[upload.id]), {"decision": "reject"},
                  "reject_import")


def _purpose_change(make_person, snapshot_id, **_) -> Change:
    """Stating a purpose shows nothing and changes nothing but the session: the view it leads
    to is the recorded event (with that purpose)."""
    return Change(sign_in(Client(), make_person(Role.DCS)), reverse("data:list_rows", args=[snapshot_id, "referrals"]),
                  {"purpose": "data_quality"}, None)


def _password_change(make_person, **_) -> Change:
    from django.contrib.auth.hashers import make_password

    person = make_person(Role.SCRUTINY_MEMBER)
    person.password = make_password("the old password", hasher="md5")
    person.save()
    new = "a new passphrase for 2026"
    return Change(sign_in(Client(), person), reverse("password_change"),
                  {"old_password": "the old password", "new_password1": new, "new_password2": new}, "change_password")


def _user_add_change(make_person, **_) -> Change:
    data = {"username": "new.person", "full_name": "New Person", "email": "n@example.invalid",
            "password": "a first password, long enough", "roles": ["administrator"]}
    return Change(sign_in(Client(), make_person(Role.ADMINISTRATOR)), reverse("accounts:user_add"), data, "add_user")


def _user_detail_change(make_person, **_) -> Change:
    other = make_person(Role.SCRUTINY_MEMBER)
    return Change(sign_in(Client(), make_person(Role.ADMINISTRATOR)), reverse("accounts:user_detail", args=[other.pk]),
                  {"action": "disable"}, "disable_user")


CHANGES: dict[str, Callable[..., Change]] = {
    "sign_in": _sign_in_change,
    "sign_out": _sign_out_change,
    "second_factor_setup": _code_setup_change,
    "second_factor_verify": _code_verify_change,
    "leadership:warning": _acknowledge_change,
    "data:imports": _upload_change,
    "data:import_decision": _decision_change,
    "data:list_rows": _purpose_change,
    "password_change": _password_change,
    "accounts:user_add": _user_add_change,
    "accounts:user_detail": _user_detail_change,
}


def _governance_changes() -> dict[str, Callable[..., Change]]:
    """Each governance app's changes (``POST_CHANGES`` in its ``tests/samples.py``: view name ->
    a function taking ``make_person`` and keyword fixtures that returns ``(client, url, data,
    action)``), so an app's routes are covered without touching this file."""
    found: dict[str, Callable[..., Change]] = {}
    for app in [*settings.GOVERNANCE_APPS, "safeguard.packs"]:
        try:
            module = importlib.import_module(f"{app}.tests.samples")
        except ModuleNotFoundError:
            continue
        for name, make in getattr(module, "POST_CHANGES", {}).items():
            found[name] = lambda make=make, **fixtures: Change(*make(**fixtures))
    return found


CHANGES.update(_governance_changes())


def test_every_route_that_takes_a_post_is_covered_below():
    assert set(CHANGES) == set(POSTS)


@pytest.mark.parametrize("view_name", POSTS)
def test_each_change_writes_exactly_one_record(view_name, make_person, snapshot_id, tmp_path, request):
    change = CHANGES[view_name](make_person=make_person, snapshot_id=snapshot_id, tmp_path=tmp_path, request=request)
    since = _last_id()
    response = change.client.post(change.url, change.data)
    assert response.status_code == 302, response.status_code
    records = _new_records(since)
    if change.action is None:
        assert records == []
    else:
        assert [(entry.action, entry.outcome) for entry in records] == [(change.action, Outcome.SUCCEEDED)]
        assert records[0].request_id == response["X-Request-Id"]

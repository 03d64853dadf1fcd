"""Deny by default, and every role against every route and method, generated from the policy
table itself (DOMAIN.md §7, "Access and minimisation")."""

from __future__ import annotations

import importlib
import uuid

import pytest
from django.conf import settings
from django.core.checks import run_checks
from django.test import Client, override_settings
from django.urls import path, reverse

from safeguard.web import urls as site_urls
from safeguard.web.access.policy import ROLES, ROUTES, Gate, Role, allows
from safeguard.web.access.routes import served_routes
from safeguard.web.audit.models import AccessRecord, Outcome
from safeguard.web.data.models import Upload

CASES = [
    (view_name, method)
    for view_name, policy in ROUTES.items()
    for method in policy.methods
]


def test_every_served_route_has_an_explicit_policy():
    served = served_routes()
    assert served, "no routes found"
    missing = [route.pattern for route in served if route.view_name not in ROUTES]
    assert missing == []
    assert {route.view_name for route in served} == set(ROUTES)


def test_the_system_check_is_clean_for_the_real_routes():
    assert [message.id for message in run_checks() if message.id.startswith("safeguard.")] == []


def _unpoliced(request):
    from django.http import HttpResponse

    return HttpResponse("secret")


urlpatterns = [*site_urls.urlpatterns, path("unlisted", _unpoliced, name="unlisted")]
"""The real routes plus one that nobody gave a policy (used as ROOT_URLCONF below)."""


@override_settings(ROOT_URLCONF=__name__)
def test_a_route_without_a_policy_is_refused_to_everyone_and_fails_the_check(client_as, db):
    client = client_as(Role.DCS, Role.ADMINISTRATOR)
    response = client.get("/unlisted")
    assert response.status_code == 403
    assert b"secret" not in response.content
    assert AccessRecord.objects.filter(object_id="unlisted", outcome=Outcome.REFUSED).count() == 1
    assert "safeguard.E001" in [message.id for message in run_checks()]


def _parameters(view_name: str, person, snapshot: str, home) -> dict[str, object]:
    """Sample values for each path parameter the route takes; a new parameter fails loudly."""
    upload = Upload.objects.create(
        id=uuid.uuid4(), original_name="return.xlsx", extension="xlsx", size=1, sha256="0" * 64,
        uploaded_by=person,
    )
    upload.path.parent.mkdir(parents=True, exist_ok=True)
    upload.path.with_suffix(".findings.json").write_text('{"findings": []}', encoding="utf-8")
    samples = {
        "upload_id": upload.id, "snapshot_id": snapshot, "list_key": "referrals", "user_id": person.pk,
        "indicator_id": "re_referral_rate", "warning_key": _acknowledged_warning(person),
    }
    route = next(route for route in served_routes() if route.view_name == view_name)
    governance = governance_samples()
    for name in set(route.parameters) - set(samples):
        if name in governance:
            samples[name] = governance[name](person)
    unknown = set(route.parameters) - set(samples)
    assert not unknown, f"give the matrix a sample for {unknown} (a governance app's tests/samples.py ROUTE_SAMPLES)"
    return {name: samples[name] for name in route.parameters}


def governance_samples() -> dict[str, object]:
    """Each governance app's sample makers for its routes' parameters (``ROUTE_SAMPLES`` in the
    app's ``tests/samples.py``: parameter name -> a function of the person that makes a record
    and returns the value), so an app adds its routes to the matrix without touching this file."""
    found: dict[str, object] = {}
    for app in [*settings.GOVERNANCE_APPS, "safeguard.packs"]:
        try:
            module = importlib.import_module(f"{app}.tests.samples")
        except ModuleNotFoundError:
            continue
        found.update(module.ROUTE_SAMPLES)
    return found


def _acknowledged_warning(person) -> str:
    """An acknowledged early warning's old name (its page stays open once later data drops it)."""
    from safeguard.governance.warning_owners.tests.samples import SAMPLE_NAME, acknowledged_warning

    acknowledged_warning(person)
    return SAMPLE_NAME


def _request(client: Client, view_name: str, method: str, kwargs: dict):
    url = reverse(view_name, kwargs=kwargs)
    return client.get(url) if method == "GET" else client.post(url, {})


@pytest.mark.parametrize("role", list(ROLES), ids=lambda role: role.value)
@pytest.mark.parametrize(("view_name", "method"), CASES)
def test_each_role_gets_exactly_what_the_table_gives(view_name, method, role, make_person, snapshot_id, store_home):
    from web_support import sign_in

    person = make_person(role)
    client = sign_in(Client(), person)
    rule = ROUTES[view_name].methods[method]
    response = _request(client, view_name, method, _parameters(view_name, person, snapshot_id, store_home))
    if isinstance(rule, Gate) or allows([role], rule):
        # An empty form posted is bad input (400), or a stale version (409): both are answers to
        # someone let in, unlike the refusal (403) the other branch expects.
        assert response.status_code in ({200, 302} if method == "GET" else {200, 302, 400, 409}), response.status_code
        assert not response.get("Location", "").startswith(reverse("sign_in")) or view_name == "sign_out"
    else:
        assert response.status_code == 403
        assert AccessRecord.objects.filter(username=person.username, outcome=Outcome.REFUSED).count() == 1


@pytest.mark.parametrize(("view_name", "method"), CASES)
def test_nobody_signed_in_gets_only_the_public_routes(view_name, method, make_person, snapshot_id, store_home):
    person = make_person(Role.ANALYST)
    response = _request(Client(), view_name, method, _parameters(view_name, person, snapshot_id, store_home))
    if ROUTES[view_name].methods[method] is Gate.PUBLIC:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("sign_in") + "?next=")


@pytest.mark.parametrize(("view_name", "method"), [case for case in CASES if ROUTES[case[0]].methods[case[1]] is not Gate.PUBLIC])
def test_a_role_needing_codes_gets_nothing_before_the_code(view_name, method, make_person, snapshot_id, store_home):
    from web_support import sign_in

    person = make_person(Role.DCS, Role.ANALYST, Role.ADMINISTRATOR)
    client = sign_in(Client(), person, second_factor=False)
    response = _request(client, view_name, method, _parameters(view_name, person, snapshot_id, store_home))
    if ROUTES[view_name].methods[method] is Gate.PASSWORD_STEP:
        assert response.status_code in {200, 302}
    else:
        assert response.status_code == 302
        assert response["Location"] in {reverse("second_factor_setup"), reverse("second_factor_verify")}


def test_a_method_the_route_does_not_take_is_refused(client_as):
    client = client_as(Role.DCS)
    assert client.post(reverse("home")).status_code == 405
    assert client.delete(reverse("home")).status_code == 405
    assert client.head(reverse("home")).status_code == 200

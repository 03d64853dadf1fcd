"""Deny by default, and every role against every route and method, generated from the policy
table itself (DOMAIN.md §7, "Access and minimisation").

One test per role (and one for nobody signed in, one for someone whose one-time code is still
outstanding) asks every route and method of the table, and lists every cell that disagrees with
it, by route, method, visitor, expected and got.
"""

from __future__ import annotations

import importlib
import uuid
from collections.abc import Callable, Iterator
from copy import deepcopy
from functools import cache

import pytest
from django.conf import settings
from django.core.checks import run_checks
from django.db import transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import path, reverse

from safeguard.web import urls as site_urls
from safeguard.web.access.policy import ROLES, ROUTES, Gate, Role, Rule, allows
from safeguard.web.access.routes import served_routes
from safeguard.web.audit.models import AccessRecord, Outcome
from safeguard.web.data.models import Upload

CODE_ROLES = (Role.DCS, Role.ANALYST, Role.ADMINISTRATOR)
"""The roles whose holders need a one-time code (the person of the "before the code" cells)."""


def test_every_served_route_has_an_explicit_policy():
    served = served_routes()
    assert served, "no routes found"
    missing = [route.pattern for route in served if route.view_name not in ROUTES]
    assert missing == []
    assert {route.view_name for route in served} == set(ROUTES)


def test_the_system_check_is_clean_for_the_real_routes():
    assert [message.id for message in run_checks() if message.id.startswith("safeguard.")] == []


def _unpoliced(request):
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
    """Sample values for each path parameter the route takes (records made by ``person``, for
    the routes that also ask whether the record is theirs); a new parameter fails loudly."""
    samples: dict[str, Callable[[object], object]] = {
        **governance_samples(),
        "upload_id": _upload, "snapshot_id": lambda person: snapshot, "list_key": lambda person: "referrals",
        "user_id": lambda person: person.pk, "indicator_id": lambda person: "re_referral_rate",
        "warning_key": _acknowledged_warning,
    }
    parameters = _route_parameters()[view_name]
    unknown = set(parameters) - set(samples)
    assert not unknown, f"give the matrix a sample for {unknown} (a governance app's tests/samples.py ROUTE_SAMPLES)"
    return {name: samples[name](person) for name in parameters}


@cache
def _route_parameters() -> dict[str, tuple[str, ...]]:
    """Each served route's path parameters, by view name (the URL configuration does not change)."""
    return {route.view_name: route.parameters for route in served_routes()}


@cache
def governance_samples() -> dict[str, Callable[[object], object]]:
    """Each governance app's sample makers for its routes' parameters (``ROUTE_SAMPLES`` in the
    app's ``tests/samples.py``: parameter name -> a function of the person that makes a record
    and returns the value), so an app adds its routes to the matrix without touching this file."""
    found: dict[str, Callable[[object], object]] = {}
    for app in [*settings.GOVERNANCE_APPS, "safeguard.packs"]:
        try:
            module = importlib.import_module(f"{app}.tests.samples")
        except ModuleNotFoundError:
            continue
        found.update(module.ROUTE_SAMPLES)
    return found


def _upload(person) -> uuid.UUID:
    """An upload of ``person``'s, with its (empty) findings beside it."""
    upload = Upload.objects.create(
        id=uuid.uuid4(), original_name="return.xlsx", extension="xlsx", size=1, sha256="0" * 64,
        uploaded_by=person,
    )
    upload.path.parent.mkdir(parents=True, exist_ok=True)
    upload.path.with_suffix(".findings.json").write_text('{"findings": []}', encoding="utf-8")
    return upload.id


def _acknowledged_warning(person) -> str:
    """An acknowledged early warning's old name (its page stays open once later data drops it)."""
    from safeguard.governance.warning_owners.tests.samples import SAMPLE_NAME, acknowledged_warning

    acknowledged_warning(person)
    return SAMPLE_NAME


def _request(client: Client, view_name: str, method: str, kwargs: dict):
    url = reverse(view_name, kwargs=kwargs)
    return client.get(url) if method == "GET" else client.post(url, {})


def _each_cell(client: Client, person, snapshot: str, keep: Callable[[Rule], bool] = lambda rule: True) -> Iterator[tuple[str, str, Rule, object]]:
    """Every route and method whose rule ``keep`` accepts, asked by ``client`` with sample records
    of ``person``'s: ``(view_name, method, rule, response)``, with the person's refusals still to
    count. Each runs in a savepoint rolled back afterwards, and the client's cookies come back as
    they were: what one cell posts (signing out, a record changed) never reaches the next, as if
    each cell were a test of its own, without a test's set-up (a store, a snapshot copy, a person
    signed in) for each of the ~2,900 cells."""
    cookies = deepcopy(client.cookies)
    for view_name, policy in ROUTES.items():
        for method, rule in policy.methods.items():
            if not keep(rule):
                continue
            with transaction.atomic():
                response = _request(client, view_name, method, _parameters(view_name, person, snapshot, None))
                yield view_name, method, rule, response
                transaction.set_rollback(True)
            client.cookies = deepcopy(cookies)


def _signed_in_answer(rule: Rule, role: Role, method: str, response, person, view_name: str) -> str | None:
    """What is wrong with the answer to someone holding ``role`` (codes given), or None when it is right."""
    if isinstance(rule, Gate) or allows([role], rule):
        # An empty form posted is bad input (400), or a stale version (409): both are answers to
        # someone let in, unlike the refusal (403) the other branch expects.
        expected = {200, 302} if method == "GET" else {200, 302, 400, 409}
        if response.status_code not in expected:
            return f"expected one of {sorted(expected)}, got {response.status_code}"
        if response.get("Location", "").startswith(reverse("sign_in")) and view_name != "sign_out":
            return f"expected to be let in, got sent to sign in ({response['Location']})"
        return None
    if response.status_code != 403:
        return f"expected 403, got {response.status_code}"
    refusals = AccessRecord.objects.filter(username=person.username, outcome=Outcome.REFUSED).count()
    if refusals != 1:
        return f"expected the refusal recorded once, got {refusals} records"
    return None


def _nobody_answer(rule: Rule, response) -> str | None:
    """What is wrong with the answer to someone not signed in, or None when it is right."""
    if rule is Gate.PUBLIC:
        return None if response.status_code == 200 else f"expected 200 (a public route), got {response.status_code}"
    if response.status_code != 302 or not response["Location"].startswith(reverse("sign_in") + "?next="):
        return f"expected 302 to sign in, got {response.status_code} {response.get('Location', '')}".rstrip()
    return None


def _before_the_code_answer(rule: Rule, response) -> str | None:
    """What is wrong with the answer to someone signed in whose one-time code is outstanding."""
    if rule is Gate.PASSWORD_STEP:
        return None if response.status_code in {200, 302} else f"expected 200 or 302, got {response.status_code}"
    codes = {reverse("second_factor_setup"), reverse("second_factor_verify")}
    if response.status_code != 302 or response["Location"] not in codes:
        return f"expected 302 to the one-time code, got {response.status_code} {response.get('Location', '')}".rstrip()
    return None


@pytest.mark.parametrize("role", list(ROLES), ids=lambda role: role.value)
def test_each_role_gets_exactly_what_the_table_gives(role, make_person, snapshot_id):
    """Every route and method, asked by someone holding ``role`` (codes given), against the table."""
    from web_support import sign_in

    person = make_person(role)
    client = sign_in(Client(), person)
    wrong = []
    for view_name, method, rule, response in _each_cell(client, person, snapshot_id):
        problem = _signed_in_answer(rule, role, method, response, person, view_name)
        if problem:
            wrong.append(f"{view_name} {method} as {role.value}: {problem}")
    assert not wrong, "\n".join(wrong)


def test_nobody_signed_in_gets_only_the_public_routes(make_person, snapshot_id):
    person = make_person(Role.ANALYST)
    wrong = []
    for view_name, method, rule, response in _each_cell(Client(), person, snapshot_id):
        problem = _nobody_answer(rule, response)
        if problem:
            wrong.append(f"{view_name} {method} with nobody signed in: {problem}")
    assert not wrong, "\n".join(wrong)


def test_a_role_needing_codes_gets_nothing_before_the_code(make_person, snapshot_id):
    from web_support import sign_in

    person = make_person(*CODE_ROLES)
    client = sign_in(Client(), person, second_factor=False)
    wrong = []
    for view_name, method, rule, response in _each_cell(client, person, snapshot_id, keep=lambda rule: rule is not Gate.PUBLIC):
        problem = _before_the_code_answer(rule, response)
        if problem:
            wrong.append(f"{view_name} {method} as {'+'.join(role.value for role in CODE_ROLES)} before the code: {problem}")
    assert not wrong, "\n".join(wrong)


def test_a_method_the_route_does_not_take_is_refused(client_as):
    client = client_as(Role.DCS)
    assert client.post(reverse("home")).status_code == 405
    assert client.delete(reverse("home")).status_code == 405
    assert client.head(reverse("home")).status_code == 200

"""The read-only JSON API (issue 4, point 3): described by a valid OpenAPI 3.1 document, every
answer matching the schema it names, the same permissions as the pages (the policy table) and
the same figures and suppression as the pages and downloads."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

from safeguard.web.access.policy import ROLES, ROUTES, Role, allows
from safeguard.web.leadership.openapi import openapi_document

API_ROUTES = {
    "api:indicators": ({}, "IndicatorList"),
    "api:indicator": ({"indicator_id": "re_referral_rate"}, "IndicatorDetail"),
    "api:indicator_teams": ({"indicator_id": "re_referral_rate"}, "IndicatorTeams"),
    "api:benchmarks": ({}, "BenchmarkList"),
    "api:warnings": ({}, "WarningList"),
}


def _schema(name: str) -> OAS31Validator:
    document = openapi_document()
    return OAS31Validator({"$ref": f"#/components/schemas/{name}", "components": document["components"]})


def test_the_openapi_document_is_valid_and_served(client_as, store_home):
    document = openapi_document()
    validate(document)
    served = client_as(Role.LEAD_MEMBER).get(reverse("api:openapi"))
    assert served.status_code == 200 and served.json() == document


def test_every_api_route_is_described_and_every_described_path_is_served():
    from safeguard.web.access.routes import served_routes

    served = {
        "/" + re.sub(r"<\w+:(\w+)>", r"{\1}", route.pattern)
        for route in served_routes()
        if route.view_name.startswith("api:")
    }
    assert served == set(openapi_document()["paths"])


@pytest.mark.parametrize("role", [Role.LEAD_MEMBER, Role.DCS], ids=lambda role: role.value)
@pytest.mark.parametrize("name", list(API_ROUTES))
def test_each_answer_matches_its_schema(client_as, synthetic_council, role, name):
    kwargs, schema = API_ROUTES[name]
    response = client_as(role).get(reverse(name, kwargs=kwargs))
    if not allows([role], ROUTES[name].methods["GET"]):
        assert response.status_code == 403
        return
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    _schema(schema).validate(response.json())


def test_a_warning_and_an_unknown_one(client_as, synthetic_council):
    client = client_as(Role.LEAD_MEMBER)
    first = client.get(reverse("api:warnings")).json()["warnings"][0]
    detail = client.get(reverse("api:warning", args=[first["id"]])).json()
    _schema("WarningDetail").validate(detail)
    assert detail["current"] is True and detail["warning"]["key"] == first["key"] and detail["warning"]["id"] == first["id"]
    old = client.get(reverse("api:warning_by_name", args=[first["key"]]))
    assert old.status_code == 302 and old["Location"] == reverse("api:warning", args=[first["id"]])
    for missing in (client.get(reverse("api:warning", args=[99999])), client.get(reverse("api:warning_by_name", args=["nothing--here--2020-01--concern"]))):
        assert missing.status_code == 404
        _schema("Error").validate(missing.json())


@pytest.mark.parametrize("role", list(ROLES), ids=lambda role: role.value)
def test_the_api_follows_the_policy_table_like_the_pages(client_as, synthetic_council, role):
    client = client_as(role)
    page = client.get(reverse("leadership:indicator", args=["re_referral_rate"])).status_code
    api = client.get(reverse("api:indicator", args=["re_referral_rate"])).status_code
    assert page == api == (200 if allows([role], ROUTES["api:indicator"].methods["GET"]) else 403)


def test_signed_out_the_api_gives_nothing(client, synthetic_council):
    response = client.get(reverse("api:indicators"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("sign_in"))


@pytest.mark.parametrize("role", [Role.LEAD_MEMBER, Role.DCS], ids=lambda role: role.value)
def test_the_api_page_and_download_show_the_same_cells(client_as, synthetic_council, role):
    client = client_as(role)
    for indicator_id in ("referral_nfa_rate", "cla_starts_per_10k", "cpp_ended_2yrs_rate"):
        months = client.get(reverse("api:indicator", args=[indicator_id])).json()["months"]
        download = list(csv.DictReader(io.StringIO(client.get(reverse("leadership:indicator_months_csv", args=[indicator_id])).content.decode("utf-8-sig"))))
        page = client.get(reverse("leadership:indicator", args=[indicator_id])).content.decode()
        assert len(months) == len(download)
        for item, row in zip(months, download):
            assert str(item["numerator"]) == row["numerator"]
            assert (item["value"] == "[c]") == (row["value"] == "[c]")
        withheld = sum(1 for item in months if item["value"] == "[c]")
        table = page.split("govuk-table__caption--s\">Each month: what was counted")[1].split("</table>")[0]
        hidden_cells = sum(1 for item in months for key in ("numerator", "denominator", "value") if item[key] == "[c]")
        assert table.count(">[c]</td>") == hidden_cells
        if role is Role.DCS:
            assert withheld == 0

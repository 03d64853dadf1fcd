"""Disclosure control on the leaders' pages, downloads and API (issue 4, point 5; DOMAIN.md §7):
for every role without child-level access, no child's id or date of birth in any response, no
published count from 1 to 5, no hidden cell that the published totals give away, and no rate,
percentage or warning figure built on a hidden count."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse
from synthetic_council import identifiers_in
from test_disclosure_tables import worked_out

from safeguard.aggregates.disclosure import CONFIDENTIAL, Total
from safeguard.indicators.catalogue import INDICATORS, Kind, indicator
from safeguard.web.access.policy import ROLES, ROUTES, Gate, Permission, allows
from safeguard.web.access.routes import served_routes

WITHOUT_CHILD_LEVEL = [
    role for role in ROLES
    if Permission.SEE_AGGREGATES in ROLES[role].permissions and Permission.SEE_CHILD_LEVEL not in ROLES[role].permissions
]


def _leader_urls(client, role) -> list[str]:
    """Every leader-facing address this role may open: each indicator's page, downloads and API
    answers, each current warning's page and API answer, and the lists."""
    def allowed(name: str) -> bool:
        rule = ROUTES[name].methods["GET"]
        return isinstance(rule, Gate) or allows([role], rule)

    names = [name for name in ROUTES if name.split(":")[0] in {"leadership", "api"} or name == "home"]
    urls = []
    keys = [item["key"] for item in client.get(reverse("api:warnings")).json()["warnings"]]
    for name in names:
        if not allowed(name):
            continue
        parameters = next(route.parameters for route in served_routes() if route.view_name == name)
        if "indicator_id" in parameters:
            urls += [reverse(name, args=[item.id]) for item in INDICATORS]
        elif "warning_key" in parameters:
            urls += [reverse(name, args=[key]) for key in keys]
        else:
            urls.append(reverse(name))
    return urls


@pytest.mark.parametrize("role", WITHOUT_CHILD_LEVEL, ids=lambda role: role.value)
def test_no_child_identifier_reaches_a_role_without_child_level_access(client_as, synthetic_council, role):
    client = client_as(role)
    urls = _leader_urls(client, role)
    assert len(urls) > 100
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert identifiers_in(response.content.decode("utf-8-sig"), synthetic_council) == [], url


def test_the_identifier_scan_finds_what_it_looks_for(synthetic_council):
    child = sorted(synthetic_council.child_ids)[0]
    born = next(day for day in sorted(synthetic_council.birth_dates) if 1 < day.day < 28)
    assert identifiers_in(f"<td>{child}</td>", synthetic_council) == [child]
    assert identifiers_in(f"coordinates 0.{child}1", synthetic_council) == []
    assert identifiers_in(f"born {born:%d/%m/%Y}", synthetic_council) == [born.strftime("%d/%m/%Y")]


def _counts(document, path=()):
    """Every numerator and denominator in a JSON answer, with where it was."""
    if isinstance(document, dict):
        for key, value in document.items():
            if key in {"numerator", "denominator"} and isinstance(value, int):
                yield path + (key,), value
            else:
                yield from _counts(value, path + (key,))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from _counts(value, path + (index,))


@pytest.fixture
def member(client_as, synthetic_council):
    return client_as(WITHOUT_CHILD_LEVEL[0])


def test_no_published_count_is_1_to_5_in_the_api_or_the_downloads(member):
    small = []
    for item in INDICATORS:
        answer = member.get(reverse("api:indicator", args=[item.id])).json()
        small += [(item.id, path, count) for path, count in _counts(answer) if 1 <= count <= 5]
        download = member.get(reverse("leadership:indicator_months_csv", args=[item.id])).content.decode("utf-8-sig")
        for row in csv.DictReader(io.StringIO(download)):
            small += [(item.id, row["month"], row[key]) for key in ("numerator", "denominator") if row[key] in {"1", "2", "3", "4", "5"}]
    small += [("dashboard", path, count) for path, count in _counts(member.get(reverse("api:indicators")).json()) if 1 <= count <= 5]
    assert small == []


def test_the_director_sees_the_counts_that_are_withheld_from_leaders(client_as, synthetic_council, member):
    director = client_as(*[role for role in ROLES if Permission.SEE_CHILD_LEVEL in ROLES[role].permissions][:1])
    small_for_director = hidden_for_member = 0
    for item in INDICATORS:
        exact = director.get(reverse("api:indicator", args=[item.id])).json()["months"]
        shown = member.get(reverse("api:indicator", args=[item.id])).json()["months"]
        for full, seen in zip(exact, shown):
            if isinstance(full["numerator"], int) and 1 <= full["numerator"] <= 5:
                small_for_director += 1
                assert seen["numerator"] == seen["value"] == CONFIDENTIAL, (item.id, full["label"])
            if seen["numerator"] == CONFIDENTIAL:
                hidden_for_member += 1
                assert seen["value"] == CONFIDENTIAL
            else:
                assert seen["numerator"] == full["numerator"] and seen["value"] == full["value"]
    assert small_for_director > 0 and hidden_for_member >= small_for_director


def _published_structure(item, answer) -> tuple[dict, list[Total], set]:
    """The cells of one indicator's API answer, the totals a reader knows relate them, and the
    hidden ones: a flow's months add up to its year, a stock's year is its March figure, and
    the control chart's mean is the average of its baseline months."""
    cells = {("month", row["start"]): row for row in answer["months"]}
    cells.update({("year", row["end"]): row for row in answer["years"]})
    totals = []
    for row in answer["years"]:
        months = [key for key, month in cells.items() if key[0] == "month" and row["start"] <= month["start"] <= row["end"]]
        if item.kind is Kind.STOCK:
            months = [key for key in months if key[1][5:7] == "03"]
        if months:
            totals.append(Total(("year", row["end"]), tuple(months)))
    limits = answer["control_limits"]
    if limits is not None:
        first, last = re.search(r"\((\d{4}-\d{2}) to (\d{4}-\d{2}),", limits["basis"]).groups()
        baseline = tuple(key for key, row in cells.items() if key[0] == "month" and first <= row["start"][:7] <= last)
        cells[("baseline",)] = {"value": limits["mean"]}
        totals.append(Total(("baseline",), baseline))
    hidden = {key for key, row in cells.items() if row["value"] == CONFIDENTIAL}
    return cells, totals, hidden


def test_no_hidden_cell_can_be_worked_out_from_the_published_totals(member):
    protected = 0
    for item in INDICATORS:
        answer = member.get(reverse("api:indicator", args=[item.id])).json()
        cells, totals, hidden = _published_structure(item, answer)
        assert worked_out(hidden, totals) == set(), item.id
        protected += len(hidden)
    assert protected > 0


def test_a_warning_resting_on_hidden_months_has_its_figures_withheld(member):
    withheld = 0
    for warning in member.get(reverse("api:warnings")).json()["warnings"]:
        months = member.get(reverse("api:indicator", args=[warning["indicator"]])).json()["months"]
        span = [row for row in months if warning["since"] <= row["start"][:7] <= warning["until"]]
        if warning["check"] != "neighbours" and any(row["value"] == CONFIDENTIAL for row in span):
            assert warning["figures_withheld"] is True, warning["key"]
        if warning["figures_withheld"]:
            withheld += 1
            assert warning["value"] == warning["change"] == warning["reference"] == warning["change_text"] == CONFIDENTIAL
            assert "Figures withheld" in warning["what_moved"] or "Figures withheld" in warning["how_unusual"]
            assert not re.search(r"\d+\.\d", warning["what_moved"]), warning["what_moved"]
    assert withheld > 0, "the synthetic council should have a warning resting on small numbers"


def test_the_comparison_year_is_withheld_with_its_rank_and_band_when_its_count_is_small(client_as, synthetic_council, member):
    director = client_as(*[role for role in ROLES if Permission.SEE_CHILD_LEVEL in ROLES[role].permissions][:1])
    for item in INDICATORS:
        seen = member.get(reverse("api:indicator", args=[item.id])).json()
        full = director.get(reverse("api:indicator", args=[item.id])).json()
        comparison = seen["indicator"]["comparison"]
        if comparison is None:
            continue
        year = next((row for row in seen["years"] if row["end"][:4] == comparison["year"][-4:]), None)
        if year is not None and year["value"] == CONFIDENTIAL:
            assert comparison["council"] == CONFIDENTIAL
            assert comparison["band"] in {None, CONFIDENTIAL} and comparison["rank"] in {None, CONFIDENTIAL}
        else:
            assert comparison == full["indicator"]["comparison"], indicator(item.id).id

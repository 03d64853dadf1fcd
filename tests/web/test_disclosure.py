"""Aggregate-only roles never receive a child's identifiers, and see small counts as [c]."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from test_data_pages import list_rows_of
from test_permissions_matrix import _parameters
from workbooks import BIRTH_DATES, CHILD_IDS, POSTCODES

from safeguard.aggregates import CONFIDENTIAL, disclosed
from safeguard.web.access.policy import ROLES, ROUTES, Gate, Role, allows, sees_child_level

AGGREGATE_ONLY = [role for role in ROLES if not sees_child_level([role])]


@given(st.integers(min_value=0, max_value=10_000_000))
def test_small_counts_are_suppressed_for_aggregate_only_viewers_only(count):
    shown = disclosed(count, exact=False)
    if 1 <= count <= 5:
        assert shown == CONFIDENTIAL
    else:
        assert shown.replace(",", "") == str(count)
    assert disclosed(count, exact=True).replace(",", "") == str(count)


def _identifiers() -> list[str]:
    dates = [day.strftime(form) for day in BIRTH_DATES for form in ("%Y-%m-%d", "%d/%m/%Y", "%-d %B %Y")]
    return [*CHILD_IDS, *POSTCODES, *dates]


def _text_of(response) -> str:
    """What a person reads in a response: a PDF's or a Word document's text, or the page itself."""
    import io

    kind = response.get("Content-Type", "")
    if kind.startswith("application/pdf"):
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(response.content)).pages)
    if kind.startswith("application/vnd.openxmlformats-officedocument.wordprocessingml"):
        from docx import Document

        document = Document(io.BytesIO(response.content))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)
    return response.content.decode()


@pytest.mark.parametrize("role", AGGREGATE_ONLY, ids=lambda role: role.value)
def test_no_page_an_aggregate_only_role_can_open_holds_a_child_identifier(role, client_as, snapshot_id, make_person):
    client = client_as(role)
    reachable = [
        view_name for view_name, policy in ROUTES.items()
        if "GET" in policy.methods and not isinstance(policy.methods["GET"], Gate) and allows([role], policy.methods["GET"])
    ]
    assert "home" in reachable
    for view_name in reachable:
        person = make_person(Role.SCRUTINY_MEMBER)
        url = reverse(view_name, kwargs=_parameters(view_name, person, snapshot_id, None))
        body = _text_of(client.get(url))
        for identifier in _identifiers():
            assert identifier not in body, (view_name, identifier)


def test_leaders_home_suppresses_small_counts_and_the_director_sees_them(client_as, snapshot_id):
    leader = list_rows_of(client_as(Role.LEAD_MEMBER).get(reverse("home")).content.decode())
    director = list_rows_of(client_as(Role.DCS).get(reverse("home")).content.decode())
    assert leader[3] == (CONFIDENTIAL, "0") and director[3] == ("3", "0")
    assert leader[7] == (CONFIDENTIAL, CONFIDENTIAL) and director[7] == ("3", "3")


def test_the_administrator_home_shows_no_figures(client_as, snapshot_id):
    text = client_as(Role.ADMINISTRATOR).get(reverse("home")).content.decode()
    assert list_rows_of(text) == {}
    assert "Add people" in text

"""The allocation tool and the workforce page: suggestions, decisions kept with their history,
and who sees what (leaders: team figures only; managers: their own teams' workers by name)."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from web_support import sign_in

from safeguard.governance.allocation.models import AllocationDecision
from safeguard.governance.allocation.tests.samples import manage
from safeguard.roles import Role
from workforce_support import hand_made_council

pytestmark = pytest.mark.django_db

CASE = {"case_reference": "CASE-9", "case_type": "child_protection_plans", "team": "CP 1", "children": "1"}


@pytest.fixture
def council(store_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The hand-made council of ``tests/test_workforce_indicators.py`` as this test's store."""
    home = hand_made_council(tmp_path)
    monkeypatch.setenv("SAFEGUARD_HOME", str(home))
    return home


def test_a_manager_sees_suggestions_from_their_own_team_with_reasons(council, make_person) -> None:
    manager = make_person(Role.PRACTICE_LEAD)
    manage(manager, "CP 1")
    client = sign_in(Client(), manager)

    page = client.get(reverse("allocation:allocate"), CASE).content.decode()

    # Ann holds 3.5 of 22, Bob (half time, newly qualified) 1.25 of 8.8: Ann has more room after 1.5 more.
    assert page.index("<strong>Ann Lee</strong>") < page.index("<strong>Bob Hart</strong>")
    assert "5 of 22 weighted cases after this one (17 to spare)" in page
    assert "Di Fox" not in page, "another team's worker is never shown"


def test_the_decision_is_kept_with_the_suggestions_and_a_worker_elsewhere_is_refused(council, make_person) -> None:
    manager = make_person(Role.PRACTICE_LEAD)
    manage(manager, "CP 1")
    client = sign_in(Client(), manager)

    refused = client.post(reverse("allocation:allocate"), {**CASE, "chosen_worker": "Di Fox"})
    response = client.post(reverse("allocation:allocate"), {**CASE, "chosen_worker": "Bob Hart"})

    assert refused.status_code == 400 and "Choose a worker in a team you manage" in refused.content.decode()
    decision = AllocationDecision.objects.get()
    assert response.status_code == 302
    assert (decision.chosen_worker, decision.chosen_was_suggested, decision.weight) == ("Bob Hart", True, 1.5)
    assert [item["worker"] for item in decision.suggestions] == ["Ann Lee", "Bob Hart"]
    assert decision.history.count() == 1
    assert "Ann Lee" in client.get(reverse("allocation:decision", args=[decision.pk])).content.decode()


def test_choosing_a_worker_with_no_room_needs_a_reason(council, make_person) -> None:
    manager = make_person(Role.PRACTICE_LEAD)
    manage(manager, "CP 1")
    client = sign_in(Client(), manager)
    court = {**CASE, "court": "on", "children": "8"}  # (1.5 + 0.5) x (1 + 0.5 x 7) = 9 weighted cases: too much for Bob's 8.8

    without = client.post(reverse("allocation:allocate"), {**court, "chosen_worker": "Bob Hart"})
    with_reason = client.post(
        reverse("allocation:allocate"), {**court, "chosen_worker": "Bob Hart", "reason": "Only Bob knows the family."}
    )

    assert without.status_code == 400 and "Say why" in without.content.decode()
    assert with_reason.status_code == 302
    assert AllocationDecision.objects.get().chosen_was_suggested is False


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"case_reference": ""}, "Enter the case's reference"),
        ({"children": "none"}, "Enter how many children the case is about as a number, like 2"),
        ({"children": "0"}, "A case is about at least one child"),
        ({"case_type": "something_else"}, "Choose the kind of case from the list"),
        ({"chosen_worker": ""}, "Choose the worker the case goes to"),
    ],
)
def test_bad_input_is_named_in_words_and_records_nothing(council, make_person, changes, message) -> None:
    manager = make_person(Role.PRACTICE_LEAD)
    manage(manager, "CP 1")
    client = sign_in(Client(), manager)

    response = client.post(reverse("allocation:allocate"), {**CASE, "chosen_worker": "Bob Hart", **changes})

    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert AllocationDecision.objects.count() == 0


def test_another_managers_decision_is_not_theirs_to_see(council, make_person) -> None:
    first, second = make_person(Role.PRACTICE_LEAD), make_person(Role.PRACTICE_LEAD)
    manage(first, "CP 1")
    manage(second, "CP 2")
    sign_in(Client(), first).post(reverse("allocation:allocate"), {**CASE, "chosen_worker": "Ann Lee"})
    decision = AllocationDecision.objects.get()

    client = sign_in(Client(), second)
    assert client.get(reverse("allocation:decision", args=[decision.pk])).status_code == 404
    assert "Ann Lee" not in client.get(reverse("allocation:decisions")).content.decode()


@pytest.mark.parametrize("role", [Role.LEAD_MEMBER, Role.DCS, Role.SCRUTINY_MEMBER])
def test_leaders_see_team_figures_but_no_worker_by_name(council, make_person, role) -> None:
    page = sign_in(Client(), make_person(role)).get(reverse("allocation:workforce")).content.decode()

    assert "Workforce and caseloads" in page and "CP 1" in page
    assert "35.7%" in page  # the council's turnover: 1 leaver for 2.8 in post
    for name in ("Ann Lee", "Bob Hart", "Di Fox", "Tom Bell"):
        assert name not in page
    assert sign_in(Client(), make_person(role)).get(reverse("allocation:allocate")).status_code == 403


def test_the_director_sees_each_unallocated_child_and_the_look_is_recorded(council, make_person) -> None:
    from safeguard.web.audit.models import AccessRecord

    client = sign_in(Client(), make_person(Role.DCS))
    page = client.get(reverse("allocation:unallocated")).content.decode()

    assert "None: every open case has a named worker." in page
    entry = AccessRecord.objects.filter(route="allocation:unallocated").get()
    assert entry.purpose.startswith("unallocated cases")
    assert sign_in(Client(), make_person(Role.LEAD_MEMBER)).get(reverse("allocation:unallocated")).status_code == 403

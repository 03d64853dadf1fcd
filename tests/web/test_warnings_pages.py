"""Early warnings (issue 4 point 3, issue 8 point 4, issue 11 points 1, 2 and 8): the list, one
warning in full in plain words with the statistics one click away, a lasting address per warning
(old addresses redirect), acknowledgement per person and role with the reason, one access
record per change, no lost update (409), a challenge or a plan action raised in one step, and
the home page's "what needs attention now"."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from safeguard.governance.challenge.models import Challenge
from safeguard.governance.plan.models import PlanAction
from safeguard.governance.warning_owners.models import Acknowledgement, TrackedWarning, WarningName
from safeguard.indicators.catalogue import indicator
from safeguard.web.access.policy import Role
from safeguard.web.audit.models import AccessRecord, ObjectType, Outcome

JARGON = ("special cause", "special-cause", "sigma", "process limit", "2 of 3", "common cause")


def _named(make_person, role: Role, first: str, last: str, username: str | None = None):
    """A signed-in client for a person with a real name (the acknowledgement records it)."""
    from django.test import Client
    from web_support import sign_in

    person = make_person(role, username=username)
    person.first_name, person.last_name = first, last
    person.save()
    return sign_in(Client(), person)


def _concern(client) -> dict:
    """The planted fall in assessments on time, as the early warning reports it."""
    warnings = client.get(reverse("api:warnings")).json()["warnings"]
    return next(item for item in warnings if item["indicator"] == "assessments_within_45wd" and item["check"] == "control_chart")


def _acknowledge(client, number: int, response: str, version: int):
    return client.post(reverse("leadership:warning", args=[number]), {"response": response, "version": version})


def _main(page: str) -> str:
    return page[page.index('id="main-content"'):]


def test_the_list_puts_concerns_first_and_links_each_by_its_number(client_as, synthetic_council):
    client = client_as(Role.LEAD_MEMBER)
    warnings = client.get(reverse("api:warnings")).json()["warnings"]
    readings = [item["reading"] for item in warnings]
    assert readings == sorted(readings, key=["concern", "unusual", "improvement"].index)
    concern = _concern(client)
    assert concern["reading"] == "concern" and concern["since"] >= "2024-06"
    assert concern["question"] == indicator("assessments_within_45wd").question
    text = client.get(reverse("leadership:warnings")).content.decode()
    assert f'href="/warnings/{concern["id"]}"' in text
    assert concern["links"]["page"] == f"/warnings/{concern['id']}"


def test_no_indicator_is_both_a_concern_and_an_improvement_on_any_leader_page(client_as, synthetic_council):
    client = client_as(Role.LEAD_MEMBER)
    warnings = client.get(reverse("api:warnings")).json()["warnings"]
    readings: dict[str, set[str]] = {}
    for item in warnings:
        readings.setdefault(item["indicator"], set()).add(item["reading"])
    assert all(not {"concern", "improvement"} <= found for found in readings.values()), readings
    assert len({item["id"] for item in warnings}) == len(warnings)


def test_a_warning_in_full_in_plain_words(client_as, synthetic_council):
    client = client_as(Role.DCS)
    concern = _concern(client)
    page = client.get(reverse("leadership:warning", args=[concern["id"]])).content.decode()
    for heading in ("What moved", "Since", "By how much", "How unusual", "How far the data can be trusted", "The question to ask"):
        assert heading in page
    assert concern["change_text"] in page
    assert "Nobody has acknowledged this warning yet." in page
    assert reverse("leadership:indicator", args=["assessments_within_45wd"]) in page
    # The baseline is named by its months and value, never described in terms of itself.
    assert re.search(r"against the average of [A-Z][a-z]+ \d{4} to [A-Z][a-z]+ \d{4} \(\d+ months\), \d+\.\d%", page)
    # Leaders read no control-chart words; the analysts' detail is inside the one closed details block.
    leaders_part = re.sub(r'<details.*?</details>', "", _main(page), flags=re.S)
    assert not [word for word in JARGON if word in leaders_part.lower()]
    assert "The statistics behind this warning (for analysts)" in page
    # The analysts' detail is paragraphs, not their markup printed as text.
    assert '<p class="govuk-body">Rules met: ' in page and "&lt;p" not in page
    sentences = [sentence.strip() for sentence in re.split(r"(?<=\.)\s", re.sub(r"<[^>]+>", " ", leaders_part)) if len(sentence.strip()) > 30]
    assert len(sentences) == len(set(sentences)), "no sentence is said twice"


def test_an_old_address_naming_the_first_month_leads_to_the_warning(client_as, synthetic_council):
    client = client_as(Role.LEAD_MEMBER)
    concern = _concern(client)
    old = reverse("leadership:warning_by_name", args=[concern["key"]])
    assert old == f"/warnings/{concern['key']}"
    response = client.get(old)
    assert response.status_code == 302 and response["Location"] == f"/warnings/{concern['id']}"
    api = client.get(f"/api/warnings/{concern['key']}")
    assert api.status_code == 302 and api["Location"] == f"/api/warnings/{concern['id']}"
    assert client.get(reverse("leadership:warning_by_name", args=["no_such--warning--2020-01--concern"])).status_code == 404


def test_a_warning_keeps_its_number_when_later_data_move_its_first_month(client_as, synthetic_council):
    client = client_as(Role.LEAD_MEMBER)
    concern = _concern(client)
    tracked = TrackedWarning.objects.get(pk=concern["id"])
    # As if the figures had first dated the change a month later, under another name.
    earlier_name = concern["key"].replace(concern["since"], "2099-01")
    WarningName.objects.create(key=earlier_name, warning=tracked)
    response = client.get(f"/warnings/{earlier_name}")
    assert response["Location"] == f"/warnings/{concern['id']}"
    assert client.get(response["Location"]).status_code == 200
    # Looking at the list again finds the same warning under the same number.
    assert _concern(client)["id"] == concern["id"]


def test_each_person_acknowledges_for_themselves_with_their_role_and_reason(make_person, synthetic_council):
    member = _named(make_person, Role.LEAD_MEMBER, "Amina", "Ahmed", username="cllr.ahmed")
    director = _named(make_person, Role.DCS, "Dev", "Director", username="the.dcs")
    number = _concern(member)["id"]
    response = _acknowledge(member, number, "Asked the Director for the audit of closed cases.", 0)
    assert response.status_code == 302 and response["Location"] == f"/warnings/{number}"
    stored = Acknowledgement.objects.get(warning_id=number)
    assert (stored.person_name, stored.role, stored.response, stored.version) == (
        "Amina Ahmed", "lead_member", "Asked the Director for the audit of closed cases.", 1,
    )
    records = AccessRecord.objects.filter(object_type=ObjectType.WARNING, object_id=str(number))
    assert list(records.values_list("action", "outcome", "username", "role")) == [
        ("acknowledge_warning", Outcome.SUCCEEDED, "cllr.ahmed", "lead_member")
    ]
    # The Lead Member's acknowledgement does not clear it for the Director.
    listing = director.get(reverse("leadership:warnings")).content.decode()
    waiting = listing.split("Not yet acknowledged by you")[-1].split("</table>")[0]
    assert f'href="/warnings/{number}"' in waiting and "Amina Ahmed (lead member)" in waiting
    assert _acknowledge(director, number, "Audit booked for June; report to the next briefing.", 0).status_code == 302
    people = list(Acknowledgement.objects.filter(warning_id=number).values_list("person_name", "role"))
    assert people == [("Amina Ahmed", "lead_member"), ("Dev Director", "dcs")]
    page = director.get(f"/warnings/{number}").content.decode()
    assert "Amina Ahmed" in page and "Dev Director" in page and "Audit booked for June" in page


def test_a_second_window_with_a_stale_form_gets_409_and_nothing_is_lost(make_person, synthetic_council):
    member = _named(make_person, Role.LEAD_MEMBER, "Lead", "Member")
    number = _concern(member)["id"]
    assert _acknowledge(member, number, "First response.", 0).status_code == 302
    late = _acknowledge(member, number, "Second response.", 0)
    assert late.status_code == 409
    text = late.content.decode()
    assert "Your acknowledgement changed in another window" in text
    assert "Second response." in text, "the late text is kept in the box"
    assert Acknowledgement.objects.get(warning_id=number).response == "First response."
    assert _acknowledge(member, number, "Noted, and asked for a report.", 1).status_code == 302
    assert _acknowledge(member, number, "Stale change.", 1).status_code == 409
    stored = Acknowledgement.objects.get(warning_id=number)
    assert (stored.response, stored.version) == ("Noted, and asked for a report.", 2)
    assert stored.history.count() == 2
    actions = list(AccessRecord.objects.filter(object_id=str(number)).order_by("id").values_list("action", "outcome"))
    assert actions == [
        ("acknowledge_warning", "succeeded"),
        ("acknowledge_warning", "failed"),
        ("revise_warning_response", "succeeded"),
        ("revise_warning_response", "failed"),
    ]


def test_an_empty_response_is_refused_with_a_message(client_as, synthetic_council):
    client = client_as(Role.LEAD_MEMBER)
    number = _concern(client)["id"]
    response = _acknowledge(client, number, "   ", 0)
    assert response.status_code == 200
    assert "Write your response to this warning" in response.content.decode()
    assert not Acknowledgement.objects.exists()
    assert not AccessRecord.objects.filter(object_type=ObjectType.WARNING).exists()


@pytest.mark.parametrize("role", [Role.SCRUTINY_MEMBER, Role.BOARD_MEMBER, Role.PRACTICE_LEAD])
def test_roles_that_read_warnings_but_do_not_answer_for_them_cannot_acknowledge(client_as, synthetic_council, role):
    client = client_as(role)
    number = _concern(client)["id"]
    page = client.get(reverse("leadership:warning", args=[number])).content.decode()
    assert 'name="response"' not in page
    assert _acknowledge(client, number, "Not mine to answer.", 0).status_code == 403
    assert not Acknowledgement.objects.exists()


def test_a_challenge_is_raised_from_the_warning_in_one_step(make_person, synthetic_council):
    member = _named(make_person, Role.LEAD_MEMBER, "Amina", "Ahmed")
    concern = _concern(member)
    page = member.get(f"/warnings/{concern['id']}").content.decode()
    assert f'action="/warnings/{concern["id"]}/challenge"' in page
    response = member.post(f"/warnings/{concern['id']}/challenge", {"question": "Which closed cases came back, and why?"})
    challenge = Challenge.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("challenge:challenge", args=[challenge.pk])
    assert (challenge.question, challenge.indicator_id, challenge.state) == ("Which closed cases came back, and why?", "assessments_within_45wd", "raised")
    assert challenge.warning_key == WarningName.objects.filter(warning_id=concern["id"]).order_by("id").first().key
    assert f"Challenge {challenge.reference}" in member.get(f"/warnings/{concern['id']}").content.decode()


def test_a_plan_action_is_raised_from_the_warning_in_one_step(make_person, synthetic_council):
    director = _named(make_person, Role.DCS, "Dev", "Director")
    concern = _concern(director)
    owner = make_person(Role.PRACTICE_LEAD)
    response = director.post(
        f"/warnings/{concern['id']}/action", {"title": "Audit 20 closed cases that came back", "owner": owner.pk, "due": "2027-03-31"}
    )
    action = PlanAction.objects.get()
    assert response["Location"] == reverse("plan:action", args=[action.pk])
    # A fall in assessments on time is a concern: the action should bring them back up.
    assert (action.source, action.indicator_id, action.direction, action.owner_id, action.due) == (
        "warning", "assessments_within_45wd", "up", owner.pk, date(2027, 3, 31),
    )
    assert action.source_reference == TrackedWarning.objects.get(pk=concern["id"]).reference
    # A mistake is said beside its field on the warning's page, the rest of what was typed kept, and nothing is made.
    missing = director.post(f"/warnings/{concern['id']}/action", {"title": "", "owner": owner.pk, "due": "2027-03-31"})
    assert missing.status_code == 400 and PlanAction.objects.count() == 1
    page = " ".join(missing.content.decode().split())
    assert 'href="#title"' in page and '<p id="title-error" class="govuk-error-message">' in page and "Say what will be done" in page
    assert f'<option value="{owner.pk}" selected>' in page and 'value="2027-03-31"' in page
    late = director.post(f"/warnings/{concern['id']}/action", {"title": "Audit the closed cases", "owner": owner.pk, "due": "2027-02-30"})
    assert late.status_code == 400 and PlanAction.objects.count() == 1
    page = " ".join(late.content.decode().split())
    assert 'href="#due"' in page and "Give the due date as a real date" in page and 'value="Audit the closed cases"' in page
    past = director.post(f"/warnings/{concern['id']}/action", {"title": "Audit the closed cases", "owner": owner.pk, "due": "2020-01-31"})
    assert past.status_code == 400 and PlanAction.objects.count() == 1  # the plan refuses it: the message beside the date
    page = " ".join(past.content.decode().split())
    assert 'href="#due"' in page and "The due date must be on or after the day the action was raised" in page


def test_a_challenge_with_no_question_is_said_beside_the_box_and_nothing_is_raised(make_person, synthetic_council):
    member = _named(make_person, Role.LEAD_MEMBER, "Amina", "Ahmed")
    concern = _concern(member)
    response = member.post(f"/warnings/{concern['id']}/challenge", {"question": "   "})
    assert response.status_code == 400 and not Challenge.objects.exists()
    page = " ".join(response.content.decode().split())
    assert 'href="#question"' in page and '<p id="question-error" class="govuk-error-message">' in page
    assert "Write the question you want answered" in page


def test_a_member_of_the_public_body_who_may_not_act_is_refused(client_as, synthetic_council):
    client = client_as(Role.SCRUTINY_MEMBER)
    number = _concern(client)["id"]
    assert client.post(f"/warnings/{number}/action", {"title": "x"}).status_code == 403


def test_home_lists_what_this_person_has_not_acknowledged(client_as, synthetic_council):
    client = client_as(Role.LEAD_MEMBER)
    concern = _concern(client)
    home = client.get(reverse("home")).content.decode()
    attention = home.split("What needs attention now")[1].split("<h2")[0]
    assert f'href="/warnings/{concern["id"]}"' in attention
    waiting = int(re.search(r"(\d+) early warnings? you have not acknowledged yet", attention).group(1))
    assert waiting == len(client.get(reverse("api:warnings")).json()["warnings"])
    _acknowledge(client, concern["id"], "Raised at the quarterly briefing.", 0)
    attention = client.get(reverse("home")).content.decode().split("What needs attention now")[1].split("<h2")[0]
    assert f'href="/warnings/{concern["id"]}"' not in attention
    assert f"{waiting - 1} early warning" in attention


def test_an_acknowledged_warning_that_later_data_no_longer_shows_keeps_its_page(client_as, synthetic_council, make_person):
    person = make_person(Role.DCS)
    gone = TrackedWarning.objects.create(
        indicator_id="cla_missing_rate", source="control_chart", direction="up", reading="concern",
        title="Children looked after who went missing (%)", since=date(2023, 6, 1), until=date(2023, 9, 1),
    )
    WarningName.objects.create(key="cla_missing_rate--control_chart--2023-06--concern", warning=gone)
    Acknowledgement.objects.create(
        warning=gone, person=person, person_name="Old Director", role="dcs", acknowledged_at=datetime(2023, 9, 1, tzinfo=UTC),
        response="Joint review with the police.", created_by=person,
    )
    client = client_as(Role.LEAD_MEMBER)
    page = client.get(f"/warnings/{gone.pk}").content.decode()
    assert "The latest figures no longer show this warning" in page and "Joint review with the police." in page
    assert client.get("/warnings/cla_missing_rate--control_chart--2023-06--concern")["Location"] == f"/warnings/{gone.pk}"
    listing = client.get(reverse("leadership:warnings")).content.decode()
    assert "Acknowledged earlier, no longer showing" in listing and f"{gone.reference}: Children looked after" in listing
    assert client.get("/warnings/99999").status_code == 404


def test_the_warnings_download_matches_the_list(client_as, synthetic_council):
    client = client_as(Role.LEAD_MEMBER)
    number = _concern(client)["id"]
    _acknowledge(client, number, "=HYPERLINK(\"http://example.invalid\") asked for a report", 0)
    rows = list(csv.DictReader(io.StringIO(client.get(reverse("leadership:warnings_csv")).content.decode("utf-8-sig"))))
    assert [row["warning"] for row in rows] == [item["reference"] for item in client.get(reverse("api:warnings")).json()["warnings"]]
    assert all(row["address"].endswith(f"/warnings/{row['warning'][1:].lstrip('0') or '0'}") for row in rows)

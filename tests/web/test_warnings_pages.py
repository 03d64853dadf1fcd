"""Early warnings (issue 4, point 3): the list, one warning in full, its acknowledgement by a named
person with a response, every change audited once, no lost update when two people respond at
once (409), and the home page's "what needs attention now"."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC

import pytest
from django.urls import reverse

from safeguard.web.access.policy import Role
from safeguard.web.audit.models import AccessRecord, ObjectType, Outcome
from safeguard.web.leadership.models import WarningAcknowledgement


def _named(make_person, role: Role, first: str, last: str, username: str | None = None):
    """A signed-in client for a person with a real name (the acknowledgement records it)."""
    from django.test import Client
    from web_support import sign_in

    person = make_person(role, username=username)
    person.first_name, person.last_name = first, last
    person.save()
    return sign_in(Client(), person)


def _concern(client) -> dict:
    """The planted rise in re-referrals, as the control chart reports it."""
    warnings = client.get(reverse("api:warnings")).json()["warnings"]
    return next(item for item in warnings if item["indicator"] == "re_referral_rate" and item["check"] == "control_chart")


def _acknowledge(client, key: str, response: str, version: int):
    return client.post(reverse("leadership:warning", args=[key]), {"response": response, "version": version})


def test_the_list_puts_concerns_first_and_each_says_what_since_and_what_to_ask(client_as, synthetic_council):
    client = client_as(Role.LEAD_MEMBER)
    warnings = client.get(reverse("api:warnings")).json()["warnings"]
    readings = [item["reading"] for item in warnings]
    assert readings == sorted(readings, key=["concern", "unusual", "improvement"].index)
    concern = _concern(client)
    assert concern["reading"] == "concern" and concern["since"] >= "2024-09"
    assert concern["question"].startswith("Are cases closing before families' needs are met")
    text = client.get(reverse("leadership:warnings")).content.decode()
    main = text[text.index('id="main-content"'):]
    assert main.index("Re-referrals within 12 months (%)") < main.index("Improvement") if "Improvement" in main else True
    assert f'href="/warnings/{concern["key"]}"' in text


def test_a_warning_in_full(client_as, synthetic_council):
    client = client_as(Role.CHIEF_EXECUTIVE)
    concern = _concern(client)
    text = client.get(reverse("leadership:warning", args=[concern["key"]])).content.decode()
    for heading in ("What moved", "Since", "By how much", "How unusual", "How far the data can be trusted", "The question to ask"):
        assert heading in text
    assert concern["change_text"] in text
    assert "Nobody has acknowledged this warning yet." in text
    assert reverse("leadership:indicator", args=["re_referral_rate"]) in text


def test_acknowledging_records_the_named_person_their_response_and_one_access_record(make_person, synthetic_council):
    client = _named(make_person, Role.LEAD_MEMBER, "Amina", "Ahmed", username="cllr.ahmed")
    key = _concern(client)["key"]
    response = _acknowledge(client, key, "Asked the Director for the audit of closed cases.", 0)
    assert response.status_code == 302 and response["Location"] == reverse("leadership:warning", args=[key])
    stored = WarningAcknowledgement.objects.get(warning_key=key)
    assert (stored.acknowledged_by_name, stored.response, stored.version) == (
        "Amina Ahmed", "Asked the Director for the audit of closed cases.", 1,
    )
    records = AccessRecord.objects.filter(object_type=ObjectType.WARNING, object_id=key)
    assert list(records.values_list("action", "outcome", "username", "role")) == [
        ("acknowledge_warning", Outcome.SUCCEEDED, "cllr.ahmed", "lead_member")
    ]
    page = client.get(response["Location"]).content.decode()
    assert "Amina Ahmed" in page and "Asked the Director for the audit of closed cases." in page
    assert "Your response has been recorded under your name." in page


def test_two_people_acknowledging_at_once_the_second_gets_409_and_nothing_is_lost(make_person, synthetic_council):
    first = _named(make_person, Role.LEAD_MEMBER, "Lead", "Member")
    second = _named(make_person, Role.DCS, "The", "Director")
    key = _concern(first)["key"]
    # Both opened the form before either saved: both send version 0.
    assert _acknowledge(first, key, "First response.", 0).status_code == 302
    late = _acknowledge(second, key, "Second response.", 0)
    assert late.status_code == 409
    text = late.content.decode()
    assert "Someone else recorded a response first" in text and "Lead Member" in text
    assert "Second response." in text, "the late writer's text is kept in the box"
    assert WarningAcknowledgement.objects.get(warning_key=key).response == "First response."
    outcomes = list(AccessRecord.objects.filter(object_id=key).order_by("id").values_list("username", "outcome"))
    assert [outcome for _, outcome in outcomes] == [Outcome.SUCCEEDED, Outcome.FAILED]


def test_a_response_changed_from_a_stale_version_is_refused(client_as, synthetic_council):
    member = client_as(Role.LEAD_MEMBER)
    director = client_as(Role.DCS)
    key = _concern(member)["key"]
    _acknowledge(member, key, "Noted.", 0)
    assert _acknowledge(director, key, "Audit of 20 closed cases booked for June.", 1).status_code == 302
    assert _acknowledge(member, key, "Noted, and asked for a report.", 1).status_code == 409
    stored = WarningAcknowledgement.objects.get(warning_key=key)
    assert (stored.response, stored.version) == ("Audit of 20 closed cases booked for June.", 2)
    assert _acknowledge(member, key, "Noted, and asked for a report.", 2).status_code == 302
    assert WarningAcknowledgement.objects.get(warning_key=key).version == 3
    actions = list(AccessRecord.objects.filter(object_id=key).order_by("id").values_list("action", "outcome"))
    assert actions == [
        ("acknowledge_warning", "succeeded"),
        ("revise_warning_response", "succeeded"),
        ("revise_warning_response", "failed"),
        ("revise_warning_response", "succeeded"),
    ]


def test_an_empty_response_is_refused_with_a_message(client_as, synthetic_council):
    client = client_as(Role.LEAD_MEMBER)
    key = _concern(client)["key"]
    response = _acknowledge(client, key, "   ", 0)
    assert response.status_code == 200
    assert "Write your response to this warning" in response.content.decode()
    assert not WarningAcknowledgement.objects.exists()
    assert not AccessRecord.objects.filter(object_type=ObjectType.WARNING).exists()


@pytest.mark.parametrize("role", [Role.SCRUTINY_MEMBER, Role.BOARD_MEMBER, Role.PRACTICE_LEAD])
def test_roles_that_read_warnings_but_do_not_answer_for_them_cannot_acknowledge(client_as, synthetic_council, role):
    client = client_as(role)
    key = _concern(client)["key"]
    page = client.get(reverse("leadership:warning", args=[key])).content.decode()
    assert 'name="response"' not in page
    assert _acknowledge(client, key, "Not mine to answer.", 0).status_code == 403
    assert not WarningAcknowledgement.objects.exists()


def test_home_lists_what_needs_attention_until_it_is_acknowledged(client_as, synthetic_council):
    client = client_as(Role.LEAD_MEMBER)
    concern = _concern(client)
    home = client.get(reverse("home")).content.decode()
    attention = home.split("What needs attention now")[1].split("<h2")[0]
    assert f'href="/warnings/{concern["key"]}"' in attention
    waiting = int(re.search(r"(\d+) early warnings? nobody has acknowledged yet", attention).group(1))
    assert waiting == len(client.get(reverse("api:warnings")).json()["warnings"])
    listed = attention.split('class="govuk-list app-attention"')[1].split("</ul>")[0]
    assert len(re.findall(r"<li>", listed)) == min(waiting, 10), "the ten most pressing, concerns first"
    _acknowledge(client, concern["key"], "Raised at the quarterly briefing.", 0)
    attention = client.get(reverse("home")).content.decode().split("What needs attention now")[1].split("<h2")[0]
    assert f'href="/warnings/{concern["key"]}"' not in attention
    assert f"{waiting - 1} early warning" in attention


def test_an_acknowledged_warning_that_later_data_no_longer_shows_keeps_its_page(client_as, synthetic_council, make_person):
    from datetime import date, datetime

    person = make_person(Role.DCS)
    WarningAcknowledgement.objects.create(
        warning_key="cla_missing_rate--control_chart--2023-06--concern", indicator_id="cla_missing_rate",
        title="Children looked after who went missing (%)", since=date(2023, 6, 1), reading="concern",
        acknowledged_by=person, acknowledged_by_name="Old Director", acknowledged_at=datetime(2023, 9, 1, tzinfo=UTC),
        response="Joint review with the police.", response_by_name="Old Director", response_at=datetime(2023, 9, 1, tzinfo=UTC),
    )
    client = client_as(Role.LEAD_MEMBER)
    page = client.get(reverse("leadership:warning", args=["cla_missing_rate--control_chart--2023-06--concern"])).content.decode()
    assert "The latest figures no longer show this warning" in page and "Joint review with the police." in page
    listing = client.get(reverse("leadership:warnings")).content.decode()
    assert "Acknowledged earlier, no longer showing" in listing and "Old Director" in listing
    assert client.get(reverse("leadership:warning", args=["no_such--warning--2020-01--concern"])).status_code == 404


def test_the_warnings_download_matches_the_list(client_as, synthetic_council):
    client = client_as(Role.LEAD_MEMBER)
    key = _concern(client)["key"]
    _acknowledge(client, key, "=HYPERLINK(\"http://example.invalid\") asked for a report", 0)
    rows = list(csv.DictReader(io.StringIO(client.get(reverse("leadership:warnings_csv")).content.decode("utf-8-sig"))))
    assert [row["warning"] for row in rows] == [item["key"] for item in client.get(reverse("api:warnings")).json()["warnings"]]
    acknowledged = next(row for row in rows if row["warning"] == key)
    assert acknowledged["response"].startswith("'=HYPERLINK"), "a response cannot run as a formula"

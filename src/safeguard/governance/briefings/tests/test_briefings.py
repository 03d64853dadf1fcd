"""Significant case briefings: who knew what, when. Recording tells the Director; the Director's
assessment goes to the Chief Executive and the Lead Member; each acknowledges under their own
name; an unacknowledged briefing is overdue for the person who should acknowledge it; and no
page or download a leader can open holds the child's reference."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TypedDict

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from web_support import sign_in

from safeguard.governance.briefings import services
from safeguard.governance.briefings.models import BriefingNotice, CaseBriefing
from safeguard.governance.reviews import casework
from safeguard.governance.workflow.transitions import NotAllowed, NotAvailable, StaleEdit
from safeguard.roles import Role
from safeguard.web.audit.models import AccessRecord, ObjectType, Outcome

pytestmark = pytest.mark.django_db

CHILD = "CHB-77310"
class Facts(TypedDict):
    """What a person records about a significant case (``services.FACT_FIELDS``, less the actions)."""

    category: str
    headline: str
    summary: str
    child_reference: str
    aware_on: date


FACTS: Facts = {"category": "review_criteria", "headline": "Baby admitted with unexplained bruising",
         "summary": "Admitted on Friday; police and social care are enquiring.", "child_reference": CHILD, "aware_on": date(2026, 3, 5)}
RECORDED = datetime(2026, 3, 5, 10, tzinfo=UTC)
SENT = datetime(2026, 3, 6, 9, tzinfo=UTC)  # a Friday


@pytest.fixture
def people(make_person):
    return {
        "head": make_person(Role.PRACTICE_LEAD, username="head"),
        "dcs": make_person(Role.DCS, username="dcs"),
        "chief": make_person(Role.CHIEF_EXECUTIVE, username="chief"),
        "member": make_person(Role.LEAD_MEMBER, username="member"),
        "leader": make_person(Role.LEADER, username="leader"),
    }


def _sent(people) -> CaseBriefing:
    briefing = services.record_briefing(by=people["head"], at=RECORDED, **FACTS)
    return services.move_briefing(briefing, "send", by=people["dcs"], seen_version=1, at=SENT,
                                  reason="Meets the criteria for a rapid review: I will notify the panel today.")


def test_recording_tells_the_director_and_sending_tells_the_chief_executive_and_lead_member(people):
    briefing = services.record_briefing(by=people["head"], at=RECORDED, **FACTS)
    [told] = services.notices_of(briefing)
    assert (told.person, told.role, told.told_at, told.told_version, told.acknowledged_at) == (people["dcs"], "dcs", RECORDED, 1, None)
    briefing = services.move_briefing(briefing, "send", by=people["dcs"], seen_version=1, at=SENT, reason="A rapid review is likely.")
    assert briefing.state == "with_leaders" and briefing.dcs_assessment == "A rapid review is likely."
    notices = services.notices_of(briefing)
    assert [(notice.person.username, notice.role, notice.told_at, notice.told_version) for notice in notices] == [
        ("dcs", "dcs", RECORDED, 1), ("chief", "chief_executive", SENT, 2), ("member", "lead_member", SENT, 2),
    ]
    assert "leader" not in [notice.person.username for notice in notices]
    assert notices[0].acknowledged_at == SENT  # the Director knew of it, at the latest, when sending it on
    assert [notice.acknowledged_at for notice in notices[1:]] == [None, None]


def test_each_acknowledges_under_their_own_name_timestamped_and_in_history(people):
    _sent(people)
    notice = BriefingNotice.objects.get(person=people["chief"])
    with pytest.raises(NotAllowed, match="Only Test Person can acknowledge"):
        services.acknowledge(notice, by=people["member"], seen_version=1)
    moment = datetime(2026, 3, 6, 14, 30, tzinfo=UTC)
    services.acknowledge(notice, by=people["chief"], seen_version=1, note="Will brief the Leader.", at=moment)
    notice = BriefingNotice.objects.get(pk=notice.pk)
    assert (notice.acknowledged_at, notice.note, notice.version) == (moment, "Will brief the Leader.", 2)
    told, acknowledged = notice.history.order_by("history_date")
    assert (told.history_date, told.acknowledged_at, told.history_user) == (SENT, None, people["dcs"])
    assert (acknowledged.history_date, acknowledged.acknowledged_at, acknowledged.history_user) == (moment, moment, people["chief"])
    with pytest.raises(NotAvailable, match="already acknowledged"):
        services.acknowledge(notice, by=people["chief"], seen_version=2)


def test_an_unacknowledged_briefing_is_overdue_for_its_reader_after_one_working_day(people):
    _sent(people)  # Friday 6 March 2026: due by the next working day, Monday 9 March
    notice = BriefingNotice.objects.get(person=people["member"])
    assert notice.due == date(2026, 3, 9)
    assert not notice.is_overdue(date(2026, 3, 9)) and notice.is_overdue(date(2026, 3, 10))
    [waiting] = [item for item in casework.waiting_for(people["member"], date(2026, 3, 10)) if item.view_name == "briefings:briefing"]
    assert waiting.overdue and "Acknowledge significant case briefing" in waiting.text
    services.acknowledge(notice, by=people["member"], seen_version=1)
    assert [item for item in casework.waiting_for(people["member"], date(2026, 3, 10)) if item.view_name == "briefings:briefing"] == []
    assert [notice.person.username for notice in services.overdue_notices(date(2026, 3, 10))] == ["chief"]


def test_an_update_tells_everyone_again_about_the_new_version(people):
    briefing = _sent(people)
    for notice in BriefingNotice.objects.filter(acknowledged_at__isnull=True):
        services.acknowledge(notice, by=notice.person, seen_version=1)
    services.move_briefing(briefing, "update", by=people["dcs"], seen_version=briefing.version, reason="The panel has been notified.")
    waiting = BriefingNotice.objects.filter(acknowledged_at__isnull=True)
    assert sorted((notice.person.username, notice.told_version) for notice in waiting) == [("chief", 3), ("member", 3)]


def test_only_the_director_sends_or_assesses(people):
    briefing = services.record_briefing(by=people["head"], **FACTS)
    with pytest.raises(NotAllowed):
        services.move_briefing(briefing, "send", by=people["head"], seen_version=1, reason="Please")
    with pytest.raises(NotAllowed, match="Only the Director"):
        services.edit_briefing(briefing, by=people["head"], seen_version=1, changes={"dcs_assessment": "My view"})
    with pytest.raises(NotAllowed):
        services.record_briefing(by=people["member"], **FACTS)
    assert CaseBriefing.objects.get(pk=briefing.pk).version == 1


def test_bad_facts_are_refused_naming_the_field_and_nothing_is_saved(people):
    with pytest.raises(ValidationError) as refused:
        services.record_briefing(by=people["head"], **(FACTS | {"aware_on": date(2099, 1, 1)}))
    assert "cannot be in the future" in " ".join(refused.value.message_dict["aware_on"])
    assert (CaseBriefing.objects.count(), BriefingNotice.objects.count()) == (0, 0)


def test_a_stale_edit_is_refused(people):
    briefing = services.record_briefing(by=people["head"], **FACTS)
    both = CaseBriefing.objects.get(pk=briefing.pk)
    services.edit_briefing(both, by=people["head"], seen_version=1, changes={"actions": "Strategy discussion held."})
    with pytest.raises(StaleEdit):
        services.edit_briefing(both, by=people["dcs"], seen_version=1, changes={"actions": "Something else"})
    assert CaseBriefing.objects.get(pk=briefing.pk).actions == "Strategy discussion held."


def _scan(client: Client, urls: list[str]) -> None:
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert CHILD not in response.content.decode("utf-8-sig"), url


def test_no_page_or_download_a_lead_member_can_open_holds_the_child_s_reference(people):
    briefing = _sent(people)
    member = sign_in(Client(), people["member"])
    urls = [reverse("home"), reverse("reviews:casework"), reverse("briefings:briefings"), reverse("briefings:briefings_csv"),
            reverse("briefings:briefing", args=[briefing.pk]), reverse("briefings:briefings") + "?category=review_criteria"]
    _scan(member, urls)
    page = member.get(reverse("briefings:briefing", args=[briefing.pk])).content.decode()
    assert "Baby admitted with unexplained bruising" in page and "For you to acknowledge" in page
    assert "See the child&#39;s reference" not in page and "See the child's reference" not in page
    assert member.get(reverse("briefings:briefing_child", args=[briefing.pk])).status_code == 403
    _scan(sign_in(Client(), people["chief"]), urls)


def test_the_director_sees_the_reference_on_its_own_page_recorded_in_the_access_log(people):
    briefing = _sent(people)
    director = sign_in(Client(), people["dcs"])
    assert CHILD not in director.get(reverse("briefings:briefing", args=[briefing.pk])).content.decode()
    response = director.get(reverse("briefings:briefing_child", args=[briefing.pk]))
    assert response.status_code == 200 and CHILD in response.content.decode()
    [entry] = AccessRecord.objects.filter(object_type=ObjectType.CHILD)
    assert (entry.object_id, entry.outcome, entry.purpose) == (CHILD, Outcome.ALLOWED, f"significant case briefing {briefing.reference}")


def test_a_reader_acknowledges_from_the_page_and_a_second_click_is_a_conflict(people):
    _sent(people)
    notice = BriefingNotice.objects.get(person=people["member"])
    member = sign_in(Client(), people["member"])
    url = reverse("briefings:acknowledge", args=[notice.pk])
    assert member.post(url, {"version": "1", "note": "Read."}).status_code == 302
    again = member.post(url, {"version": "1"})
    assert again.status_code == 409 and "You have already acknowledged this briefing" in again.content.decode()
    chief = sign_in(Client(), people["chief"])
    assert chief.post(url, {"version": "2"}).status_code == 403
    assert BriefingNotice.objects.get(pk=notice.pk).note == "Read."


def test_the_director_sends_from_the_page_and_an_empty_assessment_is_named(people):
    briefing = services.record_briefing(by=people["head"], **FACTS)
    director = sign_in(Client(), people["dcs"])
    step = reverse("briefings:briefing_step", args=[briefing.pk])
    empty = director.post(step, {"step": "send", "version": "1", "reason": " "})
    assert empty.status_code == 400 and "Say why, to send it to the chief executive and lead member" in empty.content.decode()
    assert director.post(step, {"step": "send", "version": "1", "reason": "Notify the panel."}).status_code == 302
    page = director.get(reverse("briefings:briefing", args=[briefing.pk])).content.decode()
    assert "Who knew what, when" in page and page.count("Not yet, due by") == 2


def test_the_home_page_tells_each_reader_what_waits_for_them_in_reviews_and_cases(people):
    _sent(people)  # acknowledgements were due in March 2026: overdue by now
    home = sign_in(Client(), people["member"]).get(reverse("home")).content.decode()
    assert "1 thing waits for you in significant case briefings, serious incidents, disagreements and complaints, 1 of them overdue" in home
    assert reverse("reviews:casework") in home
    leader_home = sign_in(Client(), people["leader"]).get(reverse("home")).content.decode()
    assert "waits for you in significant case briefings" not in leader_home

"""Professional disagreements (seed 003 §18.5): raised by a partner for their agency, every stage
of the ladder with its working-day deadline (shortened for the child's safety), dated
discussions, escalation to the partnership, resolution; a partner sees their own agency's and not
another's; the partnership's summary with small numbers suppressed."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from web_support import sign_in

from safeguard.aggregates import CONFIDENTIAL, Viewer
from safeguard.governance.disagreements import services
from safeguard.governance.disagreements.models import AgencyMembership, Disagreement, Discussion
from safeguard.governance.reviews import casework
from safeguard.governance.workflow.transitions import NotAllowed, NotAvailable, StaleEdit
from safeguard.roles import Role
from safeguard.web.audit.models import AccessRecord, ObjectType, Outcome

pytestmark = pytest.mark.django_db

CHILD = "CHD-55120"
FIELDS = {"with_agency": "social_care", "people_involved": "Detective sergeant and duty team manager", "child_reference": CHILD,
          "about": "The police asked for a strategy discussion; social care decided one was not needed.", "theme": "enquiry"}


def _on(day: date, hour: int = 11) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _partner(make_person, agency: str, *roles: Role, username: str | None = None):
    person = make_person(*(roles or (Role.BOARD_MEMBER,)), username=username)
    AgencyMembership.objects.create(person=person, agency=agency, created_by=person)
    return person


def _raised(person, day=date(2026, 3, 2), **fields):
    return services.raise_disagreement(by=person, raised_on=day, at=_on(day), **{**FIELDS, **fields})


def test_a_partner_raises_for_their_own_agency_with_a_working_week_per_stage(make_person):
    police = _partner(make_person, "police")
    item = _raised(police, raised_by_agency="health")  # a partner cannot raise for another agency
    assert (item.raised_by_agency, item.stage, item.stage_days, item.state) == ("police", 1, 5, "open")
    stage = services.current_stage(item)
    assert (stage.started_on, stage.due) == (date(2026, 3, 2), date(2026, 3, 9))  # Monday to the next Monday


def test_the_raiser_shortens_the_stages_when_the_child_needs_it_and_must_say_why(make_person):
    health = _partner(make_person, "health")
    with pytest.raises(ValidationError) as refused:
        _raised(health, stage_days=2)
    assert "Say why the child's safety needs a shorter timescale" in refused.value.message_dict["shortened_because"][0]
    with pytest.raises(ValidationError) as too_long:
        _raised(health, stage_days=8)
    assert "at most 5 working days" in too_long.value.message_dict["stage_days"][0]
    assert Disagreement.objects.count() == 0
    # Raised Thursday 2 April 2026: Good Friday (3 April), the weekend and Easter Monday (6 April) do
    # not count, so the 2 working days are Tuesday 7 and Wednesday 8 April.
    item = _raised(health, day=date(2026, 4, 2), stage_days=2, shortened_because="The baby goes home from hospital on Monday.")
    assert services.current_stage(item).due == date(2026, 4, 8)


def test_a_disagreement_climbs_every_stage_to_the_partnership_and_is_resolved_there(make_person):
    school = _partner(make_person, "education")
    manager = make_person(Role.PRACTICE_LEAD)
    AgencyMembership.objects.create(person=manager, agency="social_care", created_by=manager)
    item = _raised(school, with_agency="social_care", theme="threshold")
    services.record_discussion(item, by=school, held_on=date(2026, 3, 3), who="Designated safeguarding lead and duty worker",
                               record="No agreement on whether the referral met the threshold.", at=_on(date(2026, 3, 3)))
    escalations = [(date(2026, 3, 10), date(2026, 3, 17)), (date(2026, 3, 16), date(2026, 3, 23)), (date(2026, 3, 20), date(2026, 3, 27))]
    for day, due in escalations:
        item = services.move_disagreement(item, "escalate", by=manager if item.stage % 2 else school, seen_version=item.version,
                                          reason="Still no agreement.", at=_on(day))
        assert services.current_stage(Disagreement.objects.get(pk=item.pk)).due == due
    item = Disagreement.objects.get(pk=item.pk)
    assert item.stage == 4 and item.stage_label == "The safeguarding partnership"
    with pytest.raises(NotAvailable, match="last stage"):
        services.move_disagreement(item, "escalate", by=school, seen_version=item.version, reason="More", at=_on(date(2026, 3, 23)))
    item = services.move_disagreement(item, "resolve", by=school, seen_version=item.version, at=_on(date(2026, 3, 25)),
                                      reason="The partnership's chair agreed the referral met the threshold; an assessment started.")
    assert (item.state, item.resolved_on) == ("resolved", date(2026, 3, 25))
    stages = [(stage.stage, stage.started_on, stage.due, stage.ended_on, stage.ending, stage.in_time) for stage in item.stages.all()]
    assert stages == [
        (1, date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 10), "escalated", False),
        (2, date(2026, 3, 10), date(2026, 3, 17), date(2026, 3, 16), "escalated", True),
        (3, date(2026, 3, 16), date(2026, 3, 23), date(2026, 3, 20), "escalated", True),
        (4, date(2026, 3, 20), date(2026, 3, 27), date(2026, 3, 25), "resolved", True),
    ]
    assert services.working_days_to_resolve(item) == 17
    with pytest.raises(NotAvailable, match="resolved"):
        services.record_discussion(item, by=school, held_on=date(2026, 3, 26), who="Chair", record="After the event")


def test_discussions_are_dated_never_in_the_future_nor_before_it_was_raised_and_never_changed(make_person):
    police = _partner(make_person, "police")
    item = _raised(police)
    for day, message in ((date(2099, 1, 1), "in the future"), (date(2026, 3, 1), "before the disagreement was raised")):
        with pytest.raises(ValidationError) as refused:
            services.record_discussion(item, by=police, held_on=day, who="Sergeant", record="Talked")
        assert message in refused.value.message_dict["held_on"][0]
    discussion = services.record_discussion(item, by=police, held_on=date(2026, 3, 2), who="Sergeant", record="Talked")
    discussion.record = "Rewritten"
    with pytest.raises(Exception, match="never changed"):
        discussion.save()
    assert Discussion.objects.get().record == "Talked"


def test_overdue_is_an_open_stage_past_its_deadline_and_waits_for_the_agencies_involved(make_person):
    police = _partner(make_person, "police")
    health = _partner(make_person, "health")
    item = _raised(police)
    assert not services.is_overdue(item, date(2026, 3, 9)) and services.is_overdue(item, date(2026, 3, 10))
    assert [entry.record_id for entry in casework.waiting_for(police, date(2026, 3, 10)) if entry.view_name.startswith("disagreements")] == [item.pk]
    assert [entry for entry in casework.waiting_for(health, date(2026, 3, 10)) if entry.view_name.startswith("disagreements")] == []


def test_a_partner_sees_their_agency_s_disagreements_and_not_another_s(make_person):
    police = _partner(make_person, "police")
    health = _partner(make_person, "health")
    chair = _partner(make_person, "partnership")
    nobody = make_person(Role.BOARD_MEMBER)
    director = make_person(Role.DCS)
    ours = _raised(police, about="Police and social care disagree.")
    theirs = _raised(health, about="Health and social care disagree.")
    assert list(services.visible_to(police)) == [ours] and list(services.visible_to(health)) == [theirs]
    assert list(services.visible_to(nobody)) == [] and list(services.visible_to(chair)) == []
    assert set(services.visible_to(director)) == {ours, theirs}
    with pytest.raises(NotAllowed):
        services.record_discussion(theirs, by=police, held_on=date(2026, 3, 3), who="Me", record="Not mine")
    with pytest.raises(NotAllowed):
        services.move_disagreement(theirs, "resolve", by=police, seen_version=1, reason="Not mine")

    client = sign_in(Client(), police)
    listing = client.get(reverse("disagreements:disagreements")).content.decode()
    assert "Police and social care disagree" not in listing  # the list shows the theme, not the text
    assert reverse("disagreements:disagreement", args=[ours.pk]) in listing
    assert reverse("disagreements:disagreement", args=[theirs.pk]) not in listing
    rows = list(csv.reader(io.StringIO(client.get(reverse("disagreements:disagreements_csv")).content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == [ours.reference]
    assert client.get(reverse("disagreements:disagreement", args=[ours.pk])).status_code == 200
    refused = client.get(reverse("disagreements:disagreement", args=[theirs.pk]))
    assert refused.status_code == 403 and "Health and social care disagree" not in refused.content.decode()
    assert AccessRecord.objects.filter(username=police.username, outcome=Outcome.REFUSED, object_id=f"disagreements.disagreement:{theirs.pk}").count() == 1
    assert client.get(reverse("disagreements:disagreement_child", args=[theirs.pk])).status_code == 403

    # Once a disagreement reaches the partnership, the partnership's own people see it too.
    for day in (date(2026, 3, 10), date(2026, 3, 17), date(2026, 3, 24)):
        theirs = services.move_disagreement(theirs, "escalate", by=health, seen_version=theirs.version, reason="No agreement", at=_on(day))
    assert list(services.visible_to(chair)) == [theirs]


def test_the_child_s_reference_is_shared_with_the_agencies_while_open_and_each_look_recorded(make_person):
    police = _partner(make_person, "police")
    director = make_person(Role.DCS)
    item = _raised(police)
    client = sign_in(Client(), police)
    assert CHILD not in client.get(reverse("disagreements:disagreement", args=[item.pk])).content.decode()
    response = client.get(reverse("disagreements:disagreement_child", args=[item.pk]))
    assert response.status_code == 200 and CHILD in response.content.decode()
    item = services.move_disagreement(item, "resolve", by=police, seen_version=1, reason="Agreed.", at=_on(date(2026, 3, 4)))
    assert client.get(reverse("disagreements:disagreement_child", args=[item.pk])).status_code == 403
    assert sign_in(Client(), director).get(reverse("disagreements:disagreement_child", args=[item.pk])).status_code == 200
    looks = list(AccessRecord.objects.filter(object_type=ObjectType.CHILD, object_id=CHILD).order_by("id").values_list("username", "outcome"))
    assert looks == [(police.username, Outcome.ALLOWED), (police.username, Outcome.REFUSED), (director.username, Outcome.ALLOWED)]


def test_a_leader_reads_the_summary_with_small_numbers_suppressed_and_the_director_exactly(make_person):
    police = _partner(make_person, "police")
    health = _partner(make_person, "health")
    for _ in range(7):
        _raised(police)
    for _ in range(2):
        _raised(health, theme="information")
    exact = services.summarise(Disagreement.objects.all(), Viewer(exact=True, teams=True), None)
    assert [exact.counts.count(key) for key in ("all", "agency:police", "agency:health", "theme:enquiry", "theme:information")] == [9, 7, 2, 7, 2]
    hidden = services.summarise(Disagreement.objects.all(), Viewer(exact=False, teams=False), None)
    assert hidden.counts.count("agency:health") == CONFIDENTIAL and hidden.counts.count("theme:information") == CONFIDENTIAL
    # 2 could be worked out as 9 - 7: one more cell of each total is hidden with it.
    assert CONFIDENTIAL in (hidden.counts.count("agency:police"), hidden.counts.count("all"))
    for row in hidden.rows():
        assert not (isinstance(row[2], int) and 1 <= row[2] <= 5), row

    member = sign_in(Client(), make_person(Role.LEAD_MEMBER))
    assert member.get(reverse("disagreements:disagreements")).status_code == 403
    page = member.get(reverse("disagreements:summary"))
    assert page.status_code == 200 and "[c]" in page.content.decode() and CHILD not in page.content.decode()
    download = member.get(reverse("disagreements:summary_csv")).content.decode("utf-8-sig")
    assert "[c]" in download and CHILD not in download
    director_page = sign_in(Client(), make_person(Role.DCS)).get(reverse("disagreements:summary")).content.decode()
    assert "[c]" not in director_page


def test_the_summary_gives_the_median_working_days_to_resolve(make_person):
    police = _partner(make_person, "police")
    for days, resolved in ((2, date(2026, 3, 4)), (3, date(2026, 3, 5)), (8, date(2026, 3, 12))):
        item = _raised(police)
        services.move_disagreement(item, "resolve", by=police, seen_version=1, reason=f"Agreed after {days} days", at=_on(resolved))
    assert services.summarise(Disagreement.objects.all(), Viewer(exact=True, teams=True), None).median_days_to_resolve == 3
    assert services.summarise(Disagreement.objects.all(), Viewer(exact=False, teams=False), None).median_days_to_resolve == CONFIDENTIAL


def test_the_director_records_which_agency_a_person_works_for_and_a_stale_choice_is_refused(make_person):
    partner = make_person(Role.BOARD_MEMBER)
    director = sign_in(Client(), make_person(Role.DCS))
    url = reverse("disagreements:agencies")
    assert director.post(url, {"person": partner.pk, "agency": "police", "version": "0"}).status_code == 302
    assert services.agency_of(partner) == "police"
    assert director.post(url, {"person": partner.pk, "agency": "health", "version": "1"}).status_code == 302
    stale = director.post(url, {"person": partner.pk, "agency": "probation", "version": "1"})
    assert stale.status_code == 409 and "Someone else recorded" in stale.content.decode()
    bad = director.post(url, {"person": partner.pk, "agency": "the moon", "version": "2"})
    assert bad.status_code == 400 and "Choose one of the agencies" in bad.content.decode()
    assert services.agency_of(partner) == "health"
    assert [row.agency for row in AgencyMembership.history.filter(person=partner).order_by("history_date")] == ["police", "health"]
    with pytest.raises(StaleEdit):
        services.set_agency(partner, "police", by=make_person(Role.DCS), seen_version=0)
    assert sign_in(Client(), partner).post(url, {"person": partner.pk, "agency": "police", "version": "2"}).status_code == 403


def test_raising_from_the_page_names_bad_input_and_changes_nothing(make_person):
    school = _partner(make_person, "education")
    client = sign_in(Client(), school)
    url = reverse("disagreements:disagreement_raise")
    base = {**FIELDS, "stage_days": "5"}
    for changes, message in (({"child_reference": ""}, "Enter the child&#39;s reference"), ({"stage_days": "9"}, "at most 5 working days"),
                             ({"stage_days": "2"}, "Say why the child&#39;s safety needs a shorter timescale"),
                             ({"theme": "weather"}, "Choose one of the themes")):
        response = client.post(url, {**base, **changes})
        assert response.status_code == 400 and message in response.content.decode(), changes
    assert Disagreement.objects.count() == 0
    assert client.post(url, base).status_code == 302
    assert Disagreement.objects.get().raised_by_agency == "education"
    unplaced = sign_in(Client(), make_person(Role.BOARD_MEMBER))
    refused = unplaced.post(url, base)
    assert refused.status_code == 403 and "Your agency is not recorded yet" in refused.content.decode()
    assert Disagreement.objects.count() == 1

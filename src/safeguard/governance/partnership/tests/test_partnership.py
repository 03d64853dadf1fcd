"""The partnership's records: who may keep them, who sees which agency's, attendance and
seniority per agency, section 11 audits with challenge and follow-up, escalation of an agency
(seed 003 §18.3, §18.4.2), and history on every edit."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from web_support import sign_in

from safeguard.governance.partnership import access, services
from safeguard.governance.partnership.models import Attendance, Meeting, Section11Audit, Standard, WorkItem
from safeguard.governance.partnership.services import PresenceEntry, RatingEntry
from safeguard.governance.partnership.tests.members import small_partnership
from safeguard.governance.reporting_year import ReportingYear
from safeguard.governance.workflow.transitions import GovernanceError, NotAllowed, StaleEdit
from safeguard.roles import Role

pytestmark = pytest.mark.django_db
YEAR = ReportingYear(2025)


def _held(chair, day, sub_group=None):
    meeting = services.plan_meeting(by=chair, held_on=day, sub_group=sub_group)
    return services.move_meeting(meeting, "hold", by=chair, seen_version=1, reason="Agreed the plan.")


def test_only_the_chair_and_business_unit_keep_the_partnership_s_records(make_person):
    small = small_partnership(make_person)
    assert access.runs_partnership(small.chair) and not access.runs_partnership(small.police_person)
    with pytest.raises(NotAllowed, match="chair and business unit"):
        services.plan_meeting(by=small.police_person, held_on=date(2025, 6, 1))
    with pytest.raises(NotAllowed):
        services.request_audit(small.health, by=small.police_person, year=2025, due=date(2025, 9, 30))
    assert not Meeting.objects.exists() and not Section11Audit.objects.exists()


def test_the_first_person_who_may_run_it_sets_it_up_and_then_only_the_seated_chair_may(make_person):
    founder, other = make_person(Role.BOARD_MEMBER), make_person(Role.BOARD_MEMBER)
    assert not access.runs_partnership(make_person(Role.DCS)), "the Director's role does not run the partnership"
    unit = services.add_agency(by=founder, name="The partnership", kind="partnership")
    services.add_member(unit, by=founder, name="Ruth Chair", job_title="Independent chair", position="chair", account=founder,
                        joined_on=date(2025, 4, 1))
    assert access.runs_partnership(founder) and not access.runs_partnership(other)
    with pytest.raises(NotAllowed):
        services.add_agency(by=other, name="Police", kind="statutory")


def test_a_partner_sees_their_own_agency_s_records_and_not_another_s(make_person):
    small = small_partnership(make_person)
    assert list(access.agencies_seen_by(small.police_person)) == [small.police]
    assert access.may_see_agency(small.police_person, small.police) and not access.may_see_agency(small.police_person, small.health)
    assert set(access.agencies_seen_by(small.chair)) == {small.unit, small.police, small.health}
    stranger = make_person(Role.BOARD_MEMBER)
    assert not access.agencies_seen_by(stranger).exists()
    health_audit = services.request_audit(small.health, by=small.chair, year=2025, due=date(2025, 9, 30))
    client = sign_in(Client(), small.police_person)
    refused = client.get(reverse("partnership:audit", args=[health_audit.pk]))
    assert refused.status_code == 403 and "Health" not in refused.content.decode()
    assert client.get(reverse("partnership:agency", args=[small.health.pk])).status_code == 403
    assert client.get(reverse("partnership:agency", args=[small.police.pk])).status_code == 200
    overview = client.get(reverse("partnership:overview")).content.decode()
    assert reverse("partnership:audit", args=[health_audit.pk]) not in overview
    health_escalation = services.raise_escalation(by=small.chair, agency=small.health, raised_on=date(2025, 10, 1), concern="Late.",
                                                  why_plan_falls_short="No plan.")
    assert client.get(reverse("partnership:escalation", args=[health_escalation.pk])).status_code == 403
    assert sign_in(Client(), small.health_person).get(reverse("partnership:escalation", args=[health_escalation.pk])).status_code == 200
    with pytest.raises(NotAllowed, match="own members"):
        services.rate_standards(health_audit, [RatingEntry("training", "met", "All trained.", 1)], by=small.police_person)


def test_attendance_and_seniority_per_agency_count_the_year_s_held_board_meetings(make_person):
    small = small_partnership(make_person)
    chair = small.chair
    group = services.add_sub_group(by=chair, name="Learning and review", terms_of_reference="Runs reviews.",
                                   chair=small.chair.partnership_member, established_on=date(2024, 4, 1), terms_review_due=date(2026, 4, 1))
    plan = [
        (date(2025, 5, 10), ("member", True), ("member", True)),
        (date(2025, 9, 10), ("deputy", False), ("member", True)),
        (date(2026, 1, 14), ("apologies", None), ("deputy", True)),
    ]
    for day, police, health in plan:
        meeting = _held(chair, day)
        services.record_attendance(meeting, [
            PresenceEntry(small.police, police[0], "Someone" if police[1] is not None else "", police[1]),
            PresenceEntry(small.health, health[0], "Someone", health[1]),
        ], by=chair)
    # Not counted: a sub-group's meeting, last year's meeting and a cancelled one.
    services.record_attendance(_held(chair, date(2025, 7, 1), group), [PresenceEntry(small.police, "absent")], by=chair)
    services.record_attendance(_held(chair, date(2025, 3, 20)), [PresenceEntry(small.police, "absent")], by=chair)
    cancelled = services.plan_meeting(by=chair, held_on=date(2025, 11, 1))
    services.move_meeting(cancelled, "cancel", by=chair, seen_version=1, reason="No quorum.")
    rows = {row.agency.name: (row.meetings, row.attended, row.senior_enough, row.rate, row.senior_rate)
            for row in services.attendance_by_agency(YEAR)}
    # Police: 2 of 3 attended (67%); of the 2 who came, 1 could commit the agency (50%).
    assert rows == {"Police": (3, 2, 1, 67, 50), "Health": (3, 3, 3, 100, 100)}


def test_attendance_needs_who_came_and_their_seniority_and_keeps_history(make_person):
    small = small_partnership(make_person)
    meeting = _held(small.chair, date(2025, 6, 4))
    with pytest.raises(ValidationError) as refused:
        services.record_attendance(meeting, [PresenceEntry(small.health, "member", "Helen Ward", True),
                                             PresenceEntry(small.police, "deputy", "", None)], by=small.chair)
    assert set(refused.value.message_dict) == {"attendee", "senior_enough"}
    assert not Attendance.objects.exists()
    [line] = services.record_attendance(meeting, [PresenceEntry(small.police, "deputy", "DS Jones", False)], by=small.chair)
    services.record_attendance(meeting, [PresenceEntry(small.police, "member", "DCI Carter", True, seen_version=1)], by=small.chair)
    line.refresh_from_db()
    assert (line.presence, line.version, line.history.count()) == ("member", 2, 2)
    with pytest.raises(StaleEdit):
        services.record_attendance(meeting, [PresenceEntry(small.police, "apologies", seen_version=1)], by=small.chair)


def test_a_meeting_cannot_be_held_before_its_day(make_person):
    small = small_partnership(make_person)
    meeting = services.plan_meeting(by=small.chair, held_on=date(2099, 1, 1))
    with pytest.raises(GovernanceError, match="not before"):
        services.move_meeting(meeting, "hold", by=small.chair, seen_version=1, reason="Done")
    with pytest.raises(GovernanceError, match="once the meeting has been held"):
        services.record_attendance(meeting, [PresenceEntry(small.police, "absent")], by=small.chair)


def test_a_section_11_audit_from_self_assessment_through_challenge_to_follow_up(make_person):
    small = small_partnership(make_person)
    audit = services.request_audit(small.police, by=small.chair, year=2025, due=date(2025, 9, 30))
    assert audit.ratings.count() == len(Standard.values) == 8
    with pytest.raises(GovernanceError, match="8 not rated yet"):
        services.move_audit(audit, "submit", by=small.police_person, seen_version=1)
    services.rate_standards(audit, [RatingEntry(standard, "met", "Evidence.", 1) for standard in Standard.values if standard != "training"]
                            + [RatingEntry("training", "not_met", "Half the officers are trained.", 1)], by=small.police_person)
    audit = services.move_audit(audit, "submit", by=small.police_person, seen_version=1, on=date(2025, 9, 20))
    assert services.audit_tally(audit) == {"met": 7, "partly": 0, "not_met": 1, "": 0}
    with pytest.raises(NotAllowed):
        services.move_audit(audit, "challenge", by=small.police_person, seen_version=2, reason="Marking my own homework")
    audit = services.move_audit(audit, "challenge", by=small.chair, seen_version=2, reason="Show the training records.")
    services.rate_standards(audit, [RatingEntry("training", "partly", "Three quarters trained now.", 2)], by=small.police_person)
    audit = services.move_audit(audit, "answer", by=small.police_person, seen_version=3, reason="Training plan attached.")
    with pytest.raises(GovernanceError, match="check the follow-up"):
        services.move_audit(audit, "accept", by=small.chair, seen_version=4, reason="Accepted")
    audit = services.move_audit(audit, "accept", by=small.chair, seen_version=4, reason="All trained by March.",
                                follow_up_due=date(2026, 3, 31))
    assert (audit.state, audit.challenge, audit.answer, audit.follow_up) == (
        "accepted", "Show the training records.", "Training plan attached.", "All trained by March.")
    assert services.is_follow_up_overdue(audit, date(2026, 4, 1)) and not services.is_follow_up_overdue(audit, date(2026, 3, 31))
    assert audit.ratings.get(standard="training").history.count() == 3


def test_an_agency_not_performing_is_escalated_step_by_step(make_person):
    small = small_partnership(make_person)
    escalation = services.raise_escalation(by=small.chair, agency=small.health, raised_on=date(2025, 10, 1),
                                           concern="Health visitors miss core groups.", why_plan_falls_short="No staff to do it.")
    for step in ("tell_senior", "tell_inspectorate", "tell_department"):
        escalation = services.move_escalation(escalation, step, by=small.chair, seen_version=escalation.version, reason="Told.")
    assert escalation.state == "department_told"
    with pytest.raises(GovernanceError, match="another agency"):
        audit = services.request_audit(small.police, by=small.chair, year=2025, due=date(2025, 9, 30))
        services.raise_escalation(by=small.chair, agency=small.health, raised_on=date(2025, 10, 1), concern="x",
                                  why_plan_falls_short="y", audit=audit)


def test_the_budget_adds_the_year_s_contributions_and_the_work_programme_s_money(make_person):
    small = small_partnership(make_person)
    services.set_contribution(small.police, by=small.chair, year=2025, amount=20_000)
    services.set_contribution(small.health, by=small.chair, year=2025, amount=30_000, in_kind="A designated nurse's time")
    services.set_contribution(small.health, by=small.chair, year=2024, amount=99_000)
    services.set_contribution(small.police, by=small.chair, year=2025, amount=25_000, seen_version=1)
    owner = small.chair.partnership_member
    common = {"objective": "Better.", "priority": "exploitation", "owner": owner}
    services.add_work(by=small.chair, title="A", starts_on=date(2025, 4, 1), due=date(2025, 12, 1), budget=10_000, spent=4_000, **common)
    services.add_work(by=small.chair, title="B", starts_on=date(2025, 6, 1), due=date(2026, 6, 1), budget=5_000, spent=500, **common)
    services.add_work(by=small.chair, title="Last year", starts_on=date(2024, 4, 1), due=date(2025, 1, 1), budget=7_000, **common)
    found = services.budget(YEAR)
    assert (found.received, found.allocated, found.spent, found.unallocated) == (55_000, 15_000, 4_500, 40_000)
    assert [(item.agency.name, item.amount) for item in found.contributions] == [("Health", 30_000), ("Police", 25_000)]


def test_work_moves_through_its_states_and_an_edit_keeps_history(make_person):
    small = small_partnership(make_person)
    item = services.add_work(by=small.chair, title="Exploitation toolkit", objective="Every school uses it.", priority="exploitation",
                             owner=small.chair.partnership_member, starts_on=date(2025, 4, 1), due=date(2025, 10, 1), budget=3_000,
                             at=datetime(2025, 4, 1, 9, tzinfo=UTC))
    assert services.is_work_overdue(item, date(2025, 10, 2))
    item = services.edit_work(item, by=small.chair, seen_version=1, changes={"due": date(2026, 1, 31)})
    with pytest.raises(StaleEdit):
        services.edit_work(item, by=small.chair, seen_version=1, changes={"spent": 5})
    with pytest.raises(ValidationError):
        services.edit_work(item, by=small.chair, seen_version=2, changes={"due": date(2025, 1, 1)})
    item = services.move_work(item, "start", by=small.chair, seen_version=2)
    item = services.move_work(item, "finish", by=small.chair, seen_version=3, reason="Used in 40 schools.")
    kept = WorkItem.objects.get(pk=item.pk)
    assert (kept.state, kept.achieved, kept.due, kept.history.count()) == ("done", "Used in 40 schools.", date(2026, 1, 31), 4)


def test_attendance_and_contributions_as_at_a_moment_are_as_they_stood_then(make_person):
    """At the moment: one meeting (10 May 2025) with the police's apologies and health's member
    there and able to commit; the police's £20,000. Since: the police's line corrected to their
    member coming, a second meeting (police came but could not commit; health absent), the
    police's contribution raised to £25,000 and health's £30,000 added."""
    small = small_partnership(make_person)
    chair = small.chair
    services.set_contribution(small.police, by=chair, year=2025, amount=20_000)
    first = _held(chair, date(2025, 5, 10))
    services.record_attendance(first, [PresenceEntry(small.police, "apologies"), PresenceEntry(small.health, "member", "Helen Ward", True)],
                               by=chair)
    moment = timezone.now()
    services.record_attendance(first, [PresenceEntry(small.police, "member", "Pat Lee", True, seen_version=1)], by=chair)
    services.record_attendance(_held(chair, date(2025, 9, 10)),
                               [PresenceEntry(small.police, "member", "Pat Lee", False), PresenceEntry(small.health, "absent")], by=chair)
    services.set_contribution(small.police, by=chair, year=2025, amount=25_000, seen_version=1)
    services.set_contribution(small.health, by=chair, year=2025, amount=30_000)

    def attendance(as_at):
        return {row.agency.name: (row.meetings, row.attended, row.senior_enough, row.rate, row.senior_rate)
                for row in services.attendance_by_agency(YEAR, as_at)}

    assert attendance(moment) == {"Police": (1, 0, 0, 0, None), "Health": (1, 1, 1, 100, 100)}
    # Now: the police came to both (100%), able to commit at one (50%); health came to 1 of 2.
    assert attendance(None) == {"Police": (2, 2, 1, 100, 50), "Health": (2, 1, 1, 50, 100)}
    then, now = services.budget(YEAR, moment), services.budget(YEAR)
    assert (then.received, [(item.agency.name, item.amount) for item in then.contributions]) == (20_000, [("Police", 20_000)])
    assert (now.received, [(item.agency.name, item.amount) for item in now.contributions]) == (55_000, [("Health", 30_000), ("Police", 25_000)])


def test_the_year_s_section_11_audits_as_at_a_moment_have_the_ratings_they_had_then(make_person):
    """At the moment: the police's audit submitted, seven standards met and training not met.
    Since: challenged, training re-rated partly met, and health's audit requested."""
    small = small_partnership(make_person)
    audit = services.request_audit(small.police, by=small.chair, year=2025, due=date(2025, 9, 30))
    services.rate_standards(audit, [RatingEntry(standard, "met", "Evidence.", 1) for standard in Standard.values if standard != "training"]
                            + [RatingEntry("training", "not_met", "Half the officers are trained.", 1)], by=small.police_person)
    audit = services.move_audit(audit, "submit", by=small.police_person, seen_version=1, on=date(2025, 9, 20))
    moment = timezone.now()
    audit = services.move_audit(audit, "challenge", by=small.chair, seen_version=2, reason="Show the training records.")
    services.rate_standards(audit, [RatingEntry("training", "partly", "Three quarters trained now.", 2)], by=small.police_person)
    services.request_audit(small.health, by=small.chair, year=2025, due=date(2025, 9, 30))
    [then] = services.year_audits(YEAR, moment)
    assert (then.agency.name, then.state, services.audit_tally(then)) == ("Police", "submitted", {"met": 7, "partly": 0, "not_met": 1, "": 0})
    now = services.year_audits(YEAR)
    assert [(item.agency.name, item.state, services.audit_tally(item)) for item in now] == [
        ("Health", "requested", {"met": 0, "partly": 0, "not_met": 0, "": 8}),
        ("Police", "challenged", {"met": 7, "partly": 1, "not_met": 0, "": 0}),
    ]

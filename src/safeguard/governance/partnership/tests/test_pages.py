"""The partnership's pages as its chair and a partner use them: a meeting's attendance, a section
11 audit from request to challenge, bad input refused with a message and nothing changed."""

from __future__ import annotations

from datetime import date
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from web_support import sign_in

from safeguard.governance.partnership import services
from safeguard.governance.partnership.models import Agency, Attendance, Meeting, Section11Audit, WorkItem
from safeguard.governance.partnership.tests.members import small_partnership
from safeguard.web.audit.models import AccessRecord, Outcome

pytestmark = pytest.mark.django_db


def _date(name, day):
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def test_the_chair_records_a_meeting_and_its_attendance_in_the_browser_s_forms(make_person):
    small = small_partnership(make_person)
    chair = sign_in(Client(), small.chair)
    made = chair.post(reverse("partnership:meeting_add"), _date("held_on", date(2025, 6, 4)))
    meeting = Meeting.objects.get()
    assert made["Location"] == reverse("partnership:meeting", args=[meeting.pk])
    page = reverse("partnership:meeting", args=[meeting.pk])
    held = chair.post(reverse("partnership:meeting_step", args=[meeting.pk]), {"step": "hold", "version": "1", "reason": "Agreed the budget."})
    assert held.status_code == 302
    posted = chair.post(page, {f"presence-{small.police.pk}": "deputy", f"attendee-{small.police.pk}": "DS Jones", f"senior-{small.police.pk}": "no",
                               f"presence-{small.health.pk}": "apologies"})
    assert posted.status_code == 302
    assert sorted(Attendance.objects.values_list("agency__name", "presence", "senior_enough")) == [
        ("Health", "apologies", None), ("Police", "deputy", False)]
    shown = chair.get(page).content.decode()
    assert "DS Jones" in shown and "Agreed the budget." in shown
    overview = chair.get(reverse("partnership:overview") + "?year=2025").content.decode()
    assert "1 of 1" in overview and "0 of 1" in overview


def test_bad_attendance_gets_a_clear_message_and_changes_nothing(make_person):
    small = small_partnership(make_person)
    chair = sign_in(Client(), small.chair)
    meeting = services.move_meeting(services.plan_meeting(by=small.chair, held_on=date(2025, 6, 4)), "hold", by=small.chair,
                                    seen_version=1, reason="Met.")
    response = chair.post(reverse("partnership:meeting", args=[meeting.pk]), {f"presence-{small.police.pk}": "member"})
    assert response.status_code == 400
    assert "Say who came" in response.content.decode()
    assert not Attendance.objects.exists()
    bad_date = chair.post(reverse("partnership:work_add"), {"title": "X", "objective": "Y", "priority": "neglect",
                                                              "owner": small.chair.partnership_member.pk, "budget": "-4", "spent": "0",
                                                              **_date("starts_on", date(2025, 4, 1)), "due_day": "31", "due_month": "2", "due_year": "2026"})
    text = bad_date.content.decode()
    assert bad_date.status_code == 400 and "must be a real date" in text and "cannot be negative" in text
    assert not WorkItem.objects.exists()


def test_a_partner_fills_in_their_audit_and_the_chair_challenges_it(make_person):
    small = small_partnership(make_person)
    audit = services.request_audit(small.police, by=small.chair, year=2025, due=date(2025, 9, 30))
    partner, chair = sign_in(Client(), small.police_person), sign_in(Client(), small.chair)
    ratings = {f"rating-{line.standard}": "met" for line in audit.ratings.all()} | {f"version-{line.standard}": "1" for line in audit.ratings.all()}
    assert partner.post(reverse("partnership:audit", args=[audit.pk]), {**ratings, "evidence-training": "All trained."}).status_code == 302
    assert partner.post(reverse("partnership:audit_step", args=[audit.pk]), {"step": "submit", "version": "1"}).status_code == 302
    page = partner.get(reverse("partnership:audit", args=[audit.pk])).content.decode()
    assert "Challenge the self-assessment" not in page, "a partner is not offered the chair's steps"
    refused = partner.post(reverse("partnership:audit_step", args=[audit.pk]), {"step": "challenge", "version": "2", "reason": "Mine"})
    assert refused.status_code == 403
    challenged = chair.post(reverse("partnership:audit_step", args=[audit.pk]), {"step": "challenge", "version": "2", "reason": "Show the records."})
    assert challenged.status_code == 302
    assert Section11Audit.objects.get().challenge == "Show the records."
    health_person = sign_in(Client(), small.health_person)
    assert health_person.get(reverse("partnership:audit", args=[audit.pk])).status_code == 403
    assert AccessRecord.objects.filter(action="view_section_11_audit", outcome=Outcome.REFUSED).count() == 1


def test_every_page_opens_for_the_chair(make_person):
    small = small_partnership(make_person)
    chair = sign_in(Client(), small.chair)
    member = small.chair.partnership_member
    group = services.add_sub_group(by=small.chair, name="Learning", terms_of_reference="Reviews.", chair=member,
                                   established_on=date(2025, 4, 1), terms_review_due=date(2026, 4, 1))
    work = services.add_work(by=small.chair, title="Toolkit", objective="Used.", priority="neglect", owner=member, sub_group=group,
                             starts_on=date(2025, 4, 1), due=date(2026, 3, 1))
    meeting = services.plan_meeting(by=small.chair, held_on=date(2025, 6, 4), sub_group=group)
    audit = services.request_audit(small.health, by=small.chair, year=2025, due=date(2025, 9, 30))
    escalation = services.raise_escalation(by=small.chair, agency=small.health, raised_on=date(2025, 10, 1), concern="Late.",
                                           why_plan_falls_short="No plan.", audit=audit)
    services.set_contribution(small.health, by=small.chair, year=2025, amount=30_000)
    pages = [
        reverse("partnership:overview"), reverse("partnership:agency", args=[small.health.pk]), reverse("partnership:agency_add"),
        reverse("partnership:member_add", args=[small.health.pk]), reverse("partnership:member", args=[member.pk]),
        reverse("partnership:contribution", args=[small.health.pk]) + "?year=2025", reverse("partnership:sub_group_add"),
        reverse("partnership:sub_group", args=[group.pk]), reverse("partnership:meeting_add"), reverse("partnership:meeting", args=[meeting.pk]),
        reverse("partnership:work_add"), reverse("partnership:work", args=[work.pk]), reverse("partnership:audit_add"),
        reverse("partnership:audit", args=[audit.pk]), reverse("partnership:escalation_add"),
        reverse("partnership:escalation", args=[escalation.pk]),
    ]
    for page in pages:
        assert chair.get(page).status_code == 200, page
    assert Agency.objects.count() == 3
    # The work form's empty sub-group choice says what it means, not a bare "None".
    work_form = chair.get(reverse("partnership:work_add")).content.decode()
    assert "None: the partnership itself</option>" in work_form and ">None</option>" not in work_form


def test_what_waits_surfaces_on_the_home_page_of_the_partner_and_of_the_chair(make_person):
    small = small_partnership(make_person)
    police_audit = services.request_audit(small.police, by=small.chair, year=2025, due=date(2025, 9, 30))
    health_audit = services.request_audit(small.health, by=small.chair, year=2025, due=date(2099, 9, 30))
    services.rate_standards(health_audit, [services.RatingEntry(line.standard, "met", "", 1) for line in health_audit.ratings.all()],
                            by=small.health_person)
    services.move_audit(health_audit, "submit", by=small.health_person, seen_version=1, on=date(2025, 9, 1))
    police_home = unescape(sign_in(Client(), small.police_person).get(reverse("home")).content.decode())
    assert "Police's section 11 self-assessment was due by 30 September 2025" in police_home
    assert reverse("partnership:audit", args=[police_audit.pk]) in police_home
    assert "Health" not in police_home
    chair_home = unescape(sign_in(Client(), small.chair).get(reverse("home")).content.decode())
    assert "1 section 11 audit waits for the partnership's decision" in chair_home
    assert "1 section 11 audit is late" in chair_home

"""The demo council's partnership (issue 9, point 8): a year of meetings with attendance, the
section 11 returns at every step, an escalation; seeded once; its chair sees every agency, a
partner only their own."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from web_support import sign_in

from safeguard.governance.partnership import demo, services
from safeguard.governance.partnership.models import Escalation, Meeting, Section11Audit
from safeguard.governance.reporting_year import ReportingYear
from safeguard.governance.workflow.demo_cast import DemoCast

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast() -> DemoCast:
    from safeguard.web.demo_users import create_demo_users, demo_people

    create_demo_users()
    return DemoCast(today=timezone.localdate(), data_month=None, people=demo_people())


def test_the_demo_seeds_a_year_of_the_partnership_once(cast):
    said = demo.seed(cast)
    assert "6 board meetings" in said and demo.seed(cast) == ""
    assert Meeting.objects.filter(state="held", sub_group__isnull=True).count() == 6
    assert sorted(Section11Audit.objects.values_list("state", flat=True)) == [
        "accepted", "accepted", "answered", "challenged", "requested", "submitted"]
    assert Escalation.objects.get().state == "senior_told"
    year = ReportingYear.containing(cast.today)
    in_year = [index for index, days in enumerate(demo.MEETING_DAYS_AGO) if year.holds(cast.day(demo._working(cast, days)))]
    letters = [demo.ATTENDANCE["Probation service"][index] for index in in_year]
    row = next(row for row in services.attendance_by_agency(year) if row.agency.name == "Probation service")
    # Probation's letters: J and D came (J too junior to commit it), A and X did not.
    assert (row.meetings, row.attended, row.senior_enough) == (
        len(letters), sum(letter in "JD" for letter in letters), letters.count("D"))


def test_the_demo_chair_sees_every_agency_and_a_partner_only_their_own(cast):
    demo.seed(cast)
    chair = sign_in(Client(), cast.person("board_member"))
    overview = chair.get(reverse("partnership:overview")).content.decode()
    assert "Probation service" in overview and "Plan a meeting" in overview
    probation = Section11Audit.objects.get(agency__name="Probation service")
    assert chair.get(reverse("partnership:audit", args=[probation.pk])).status_code == 200
    police = sign_in(Client(), cast.person("police_partner"))
    assert police.get(reverse("partnership:audit", args=[probation.pk])).status_code == 403
    own = Section11Audit.objects.get(agency__name="Police")
    page = police.get(reverse("partnership:audit", args=[own.pk])).content.decode()
    assert "The follow-up agreed" in page
    assert "Plan a meeting" not in police.get(reverse("partnership:overview")).content.decode()

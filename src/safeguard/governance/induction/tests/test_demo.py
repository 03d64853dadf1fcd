"""The demo council's induction, briefing cycle and inspection records (issue 9, point 8): a year
of history seeded once, where every page shows something real: the induction plan with one item
overdue, briefings on time, late and missing, two inspections with their recommendations on the
plan, and the readiness checklist."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from web_support import sign_in

from safeguard.governance.induction import demo as induction_demo
from safeguard.governance.induction import services
from safeguard.governance.induction.models import BriefingDelivery, InductionPlan
from safeguard.governance.inspection import demo as inspection_demo
from safeguard.governance.inspection.models import Inspection, ReadinessCheck, Recommendation
from safeguard.governance.workflow.demo_cast import DemoCast

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast() -> DemoCast:
    from safeguard.web.demo_users import create_demo_users, demo_people

    create_demo_users()
    return DemoCast(today=timezone.localdate(), data_month=None, people=demo_people())


def test_the_demo_seeds_a_year_once_and_the_pages_show_it(cast):
    said = [induction_demo.seed(cast), inspection_demo.seed(cast)]
    assert all(said) and [induction_demo.seed(cast), inspection_demo.seed(cast)] == ["", ""]
    plan = InductionPlan.objects.get()
    assert [step.item_id for step in services.overdue_steps(cast.today)] == ["members_development"]
    assert plan.steps.filter(done_on__isnull=False).count() == 11
    standings = {item.standing for item in services.occurrences(cast.day(365), cast.today, cast.today)}
    assert {services.Standing.ON_TIME, services.Standing.LATE, services.Standing.OVERDUE} <= standings
    first = BriefingDelivery.objects.order_by("delivered_on").first()
    assert first is not None
    assert first.history.first().history_date.date() == first.delivered_on
    assert Inspection.objects.count() == 2 and Recommendation.objects.filter(action__isnull=False).count() == 4
    assert Recommendation.objects.filter(action__source="inspection").count() == 4
    assert ReadinessCheck.objects.count() == 10
    member = sign_in(Client(), cast.person("lead_member"))
    overview = member.get(reverse("induction:overview")).content.decode()
    assert "Delivered late" in overview and "Not delivered: overdue" in overview
    assert "Overdue" in member.get(reverse("induction:plan", args=[plan.pk])).content.decode()
    history = member.get(reverse("inspection:inspections")).content.decode()
    assert "Standard inspection (ILACS)" in history and "Focused visit" in history

"""The demo's case audits, seeded on the hand-made council: a completed multi-agency round with
its plan actions, a round under way, and nothing added the second time."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from safeguard.governance.audits import demo, services
from safeguard.governance.audits.models import AuditCase, AuditProgramme
from safeguard.governance.audits.tests.council_rows import commit_council
from safeguard.governance.plan.models import PlanAction
from safeguard.governance.workflow.demo_cast import DemoCast
from safeguard.roles import Role

pytestmark = pytest.mark.django_db

STAFF = {
    "dcs": Role.DCS, "quality_assurance_lead": Role.PRACTICE_LEAD, "head_of_child_protection": Role.PRACTICE_LEAD,
    "principal_social_worker": Role.PRACTICE_LEAD, "health_partner": Role.BOARD_MEMBER, "police_partner": Role.BOARD_MEMBER,
    "education_partner": Role.BOARD_MEMBER,
}


def test_the_demo_seeds_a_completed_round_a_round_under_way_and_two_plan_actions_once(make_person, store_home):
    commit_council(store_home)
    cast = DemoCast(today=date(2025, 6, 30), data_month=date(2025, 3, 1), people={key: make_person(role) for key, role in STAFF.items()})
    said = demo.seed(cast)
    assert said.startswith("Case audits: round R")
    first, second = AuditProgramme.objects.order_by("id")
    assert (first.state, first.kind, first.case_count, first.method) == ("completed", "multi_agency", 12, "risk_weighted")
    assert Counter(first.cases.values_list("state", flat=True)) == {"moderated": 12}
    assert Counter(first.cases.values_list("moderation", flat=True)) == {"agreed": 9, "changed": 3}
    shared = first.cases.get(number=3)
    assert sorted(item.agency for item in services.active_assignments(shared)) == ["health", "police", "social_care"]
    assert second.state == "auditing"
    assert Counter(second.cases.values_list("state", flat=True)) == {"assigned": 3, "in_progress": 2, "submitted": 1, "drawn": 2}
    assert PlanAction.objects.filter(source="audit").count() == 2
    assert list(services.actions_from(first).values_list("owner", flat=True)) == [cast.person("head_of_child_protection").pk, cast.person("health_partner").pk]
    assert first.created_at.date() == date(2025, 4, 11), "back-dated to 80 days before the demo's day"
    cases = AuditCase.objects.count()
    assert demo.seed(cast) == "" and AuditCase.objects.count() == cases

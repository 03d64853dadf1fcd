"""The demo's year of self-assessment, Local Test of Assurance and self-evaluation, seeded the way
``safeguard demo`` seeds it (after the improvement plan), and seeded only once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from safeguard.governance.assessments import demo as assessments_demo
from safeguard.governance.assessments.models import AssessmentComment, AssessmentCycle
from safeguard.governance.assessments.services import compare, previous_agreed
from safeguard.governance.local_test import demo as local_test_demo
from safeguard.governance.local_test.considerations import considerations
from safeguard.governance.local_test.models import LocalTest
from safeguard.governance.plan import demo as plan_demo
from safeguard.governance.self_evaluation import demo as self_evaluation_demo
from safeguard.governance.self_evaluation.models import SelfEvaluation
from safeguard.governance.workflow.demo_cast import DemoCast
from safeguard.roles import Role

pytestmark = pytest.mark.django_db

CAST_ROLES = {
    "dcs": Role.DCS, "analyst": Role.ANALYST, "lead_member": Role.LEAD_MEMBER, "chief_executive": Role.CHIEF_EXECUTIVE,
    "leader": Role.LEADER, "practice_lead": Role.PRACTICE_LEAD, "board_member": Role.BOARD_MEMBER, "scrutiny_member": Role.SCRUTINY_MEMBER,
    "head_of_front_door": Role.PRACTICE_LEAD, "head_of_child_protection": Role.PRACTICE_LEAD, "head_of_children_in_care": Role.PRACTICE_LEAD,
    "quality_assurance_lead": Role.PRACTICE_LEAD, "principal_social_worker": Role.PRACTICE_LEAD, "performance_manager": Role.ANALYST,
    "partnership_manager": Role.BOARD_MEMBER, "police_partner": Role.BOARD_MEMBER, "health_partner": Role.BOARD_MEMBER,
    "education_partner": Role.BOARD_MEMBER, "scrutiny_chair": Role.SCRUTINY_MEMBER,
}


@pytest.mark.parametrize("today", [date(2026, 11, 20), date(2027, 4, 2)])
def test_the_demo_seeds_two_cycles_a_quarter_apart_a_completed_test_and_two_versions(make_person, today):
    cast = DemoCast(today=today, data_month=None, people={key: make_person(role) for key, role in CAST_ROLES.items()})
    said = [module.seed(cast) for module in (plan_demo, assessments_demo, local_test_demo, self_evaluation_demo)]
    assert all(said)
    earlier, later = AssessmentCycle.objects.order_by("period_start")
    assert (earlier.state, later.state) == ("agreed", "submitted")
    assert later.period_start == earlier.period_end + timedelta(days=1)
    assert later.period_end < today and previous_agreed(later) == earlier
    moved = {row.factor.id: row.movement for row in compare(later, earlier)}
    assert moved["culture"] == "improved" and moved["partnership"] == "declined" and moved["leadership"] == "held"
    assert AssessmentComment.objects.count() == 4 and earlier.documents.count() == 1
    test = LocalTest.objects.get()
    assert test.state == "completed" and test.items.count() == len(considerations().items)
    assert not test.items.filter(status="not_assessed").exists()
    evaluation = SelfEvaluation.objects.get()
    assert evaluation.version == 2 and "Practice with children and families is improving" in evaluation.what_we_know
    assert [module.seed(cast) for module in (assessments_demo, local_test_demo, self_evaluation_demo)] == ["", "", ""]

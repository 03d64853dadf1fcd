"""The demo's case audits, seeded on the hand-made council: a year of quarterly rounds named for
their seasons, completed and moderated, with their plan actions, a round under way, the results a
self-assessment may link by a given day, and nothing added the second time."""

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


def test_the_demo_seeds_a_year_of_quarterly_rounds_a_round_under_way_and_three_plan_actions_once(make_person, store_home):
    commit_council(store_home)
    cast = DemoCast(today=date(2025, 6, 30), data_month=date(2025, 3, 1), people={key: make_person(role) for key, role in STAFF.items()})
    said = demo.seed(cast)
    assert said.startswith("Case audits: 4 quarterly rounds completed, the latest R04")
    *earlier, first, second = AuditProgramme.objects.order_by("id")
    # 350, 260 and 170 days before 30 June 2025, then 80 days before it.
    assert [(item.title.split(":")[0], item.created_at.date(), item.state) for item in earlier] == [
        ("Summer audit round", date(2024, 7, 15), "completed"), ("Autumn audit round", date(2024, 10, 13), "completed"),
        ("Winter audit round", date(2025, 1, 11), "completed"),
    ]
    assert first.title.startswith("Spring audit round: ")
    assert first.created_at.date() > first.period_end, "drawn from the data as it stood when the round was set up"
    # Scripts 2, 7 and 10 have their grades changed at moderation: rounds one and two use all three, round three only 2.
    assert [Counter(item.cases.values_list("moderation", flat=True)) for item in earlier] == [
        {"agreed": 5, "changed": 3}, {"agreed": 5, "changed": 3}, {"agreed": 7, "changed": 1},
    ]
    assert AuditCase.objects.filter(programme__in=earlier).exclude(themes=[]).count() == 24
    assert (first.state, first.kind, first.case_count, first.method) == ("completed", "multi_agency", 12, "risk_weighted")
    assert Counter(first.cases.values_list("state", flat=True)) == {"moderated": 12}
    assert Counter(first.cases.values_list("moderation", flat=True)) == {"agreed": 9, "changed": 3}
    shared = first.cases.get(number=3)
    assert sorted(item.agency for item in services.active_assignments(shared)) == ["health", "police", "social_care"]
    assert second.state == "auditing"
    assert Counter(second.cases.values_list("state", flat=True)) == {"assigned": 3, "in_progress": 2, "submitted": 1, "drawn": 2}
    assert PlanAction.objects.filter(source="audit").count() == 3
    assert services.actions_from(earlier[1]).count() == 1
    assert list(services.actions_from(first).values_list("owner", flat=True)) == [cast.person("head_of_child_protection").pk, cast.person("health_partner").pk]
    assert first.created_at.date() == date(2025, 4, 11), "back-dated to 80 days before the demo's day"
    cases = AuditCase.objects.count()
    assert demo.seed(cast) == "" and AuditCase.objects.count() == cases


def test_a_self_assessment_links_only_the_rounds_completed_by_its_day(make_person, store_home):
    commit_council(store_home)
    cast = DemoCast(today=date(2025, 6, 30), data_month=date(2025, 3, 1), people={key: make_person(role) for key, role in STAFF.items()})
    demo.seed(cast)
    rounds = list(AuditProgramme.objects.order_by("id"))
    # 100 days ago: the rounds set up 350, 260 and 170 days ago were complete (50 days after setting up); not the one of 80 days ago.
    linked = demo.evidence_by(cast, cast.day(100))
    assert [reference for reference, _ in linked] == [f"audits.auditprogramme:{item.pk}" for item in rounds[:3]]
    # Eight cases: every grade's count is from 1 to 5 or gives one away, so leaders see no share, only the number moderated.
    assert linked[0][1] == f"{rounds[0].label}. It looked at: whether plans say what must change for the child. 8 cases moderated."
    assert [reference for reference, _ in demo.evidence_by(cast, cast.day(301))] == []
    assert len(demo.evidence_by(cast, cast.today)) == 4

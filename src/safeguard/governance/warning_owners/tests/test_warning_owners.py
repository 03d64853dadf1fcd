"""Warnings get owners (issue 8 point 4): lasting numbers that survive a moved first month,
acknowledgement per person and role with the reason and its history, challenge and plan action
in one step, and the demo's year of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.utils import timezone

from safeguard.governance.plan.models import PlanAction
from safeguard.governance.warning_owners import demo, services
from safeguard.governance.warning_owners.models import Acknowledgement, TrackedWarning
from safeguard.governance.workflow.demo_cast import DemoCast
from safeguard.governance.workflow.transitions import NotAllowed, StaleEdit
from safeguard.roles import Role

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Shown:
    key: str
    indicator_id: str = "assessments_within_45wd"
    source: str = "control_chart"
    direction: str = "down"
    reading: str = "concern"
    title: str = "Assessments within 45 working days (%)"
    since: date = date(2024, 8, 1)
    until: date = date(2025, 1, 1)


def test_a_warning_keeps_its_number_when_its_first_month_moves_and_its_old_name_still_finds_it():
    first = services.track([Shown("assessments_within_45wd--control_chart--2024-08--concern")])
    number = first["assessments_within_45wd--control_chart--2024-08--concern"].pk
    # A month later the change is dated from July: a new name, the same warning.
    later = services.track([Shown("assessments_within_45wd--control_chart--2024-07--concern", since=date(2024, 7, 1), until=date(2025, 2, 1))])
    assert later["assessments_within_45wd--control_chart--2024-07--concern"].pk == number
    named = services.by_name("assessments_within_45wd--control_chart--2024-08--concern")
    assert named is not None and named.pk == number
    tracked = TrackedWarning.objects.get(pk=number)
    assert (tracked.since, tracked.until, tracked.reference) == (date(2024, 7, 1), date(2025, 2, 1), f"W{number:03d}")
    # A change the other way, or one that starts long after this one ended, is another warning.
    other = services.track([
        Shown("assessments_within_45wd--control_chart--2024-08--improvement", direction="up", reading="improvement"),
        Shown("assessments_within_45wd--control_chart--2025-09--concern", since=date(2025, 9, 1), until=date(2025, 11, 1)),
    ])
    assert len({item.pk for item in other.values()} | {number}) == 3


def test_warnings_shown_again_unchanged_are_found_in_one_query_and_a_changed_one_is_updated(django_assert_num_queries):
    shown = [
        Shown("assessments_within_45wd--control_chart--2024-08--concern"),
        Shown("re_referral_rate--control_chart--2024-08--concern", indicator_id="re_referral_rate", direction="up"),
    ]
    first = services.track(shown)
    with django_assert_num_queries(1):
        again = services.track(shown)
    assert {key: item.pk for key, item in again.items()} == {key: item.pk for key, item in first.items()}
    longer = Shown("re_referral_rate--control_chart--2024-08--concern", indicator_id="re_referral_rate", direction="up", until=date(2025, 2, 1))
    updated = services.track([shown[0], longer])[longer.key]
    assert updated.pk == first[longer.key].pk
    assert TrackedWarning.objects.get(pk=updated.pk).until == date(2025, 2, 1)


def test_each_person_acknowledges_under_their_own_role_and_a_stale_change_is_refused(make_person):
    tracked = services.track([Shown("assessments_within_45wd--control_chart--2024-08--concern")])["assessments_within_45wd--control_chart--2024-08--concern"]
    member, director = make_person(Role.LEAD_MEMBER), make_person(Role.DCS, Role.ANALYST)
    services.acknowledge(tracked, by=member, response=" Asked for the audit. ", seen_version=0)
    services.acknowledge(tracked, by=director, response="Reviewing the cases.", seen_version=0)
    assert list(Acknowledgement.objects.values_list("role", "response")) == [("lead_member", "Asked for the audit."), ("dcs", "Reviewing the cases.")]
    with pytest.raises(StaleEdit):
        services.acknowledge(tracked, by=member, response="Again.", seen_version=0)
    changed = services.acknowledge(tracked, by=member, response="Audit booked.", seen_version=1)
    assert (changed.version, changed.history.count()) == (2, 2)
    with pytest.raises(StaleEdit):
        services.acknowledge(tracked, by=member, response="From the old page.", seen_version=1)
    with pytest.raises(NotAllowed):
        services.acknowledge(tracked, by=make_person(Role.SCRUTINY_MEMBER), response="Not mine.", seen_version=0)


def test_an_action_from_an_improvement_keeps_it_going_and_one_from_a_concern_turns_it_back(make_person):
    director, owner = make_person(Role.DCS), make_person(Role.PRACTICE_LEAD)
    found = services.track([
        Shown("assessments_within_45wd--control_chart--2024-08--concern"),
        Shown("re_referral_rate--control_chart--2024-08--improvement", indicator_id="re_referral_rate", direction="down", reading="improvement"),
    ])
    concern, improvement = found.values()
    turned = services.action_from(concern, by=director, title="Clear the assessment backlog", owner=owner, due=date(2027, 3, 31))
    kept = services.action_from(improvement, by=director, title="Keep the step-down checks", owner=owner, due=date(2027, 3, 31))
    assert [(item.direction, item.source, item.source_reference) for item in (turned, kept)] == [
        ("up", "warning", concern.reference), ("down", "warning", improvement.reference),
    ]
    assert services.actions_from(concern) == [turned] and PlanAction.objects.count() == 2


def test_the_demo_seeds_owners_once():
    from safeguard.web.demo_users import create_demo_users, demo_people

    create_demo_users()
    cast = DemoCast(today=timezone.localdate(), data_month=None, people=demo_people())
    said = demo.seed(cast)
    assert said.startswith("Early warnings: ")
    assert demo.seed(cast) == ""
    earlier = TrackedWarning.objects.get(indicator_id="cpp_visit_in_timescale")
    assert [item.role for item in services.acknowledgements_of(earlier)] == ["dcs", "lead_member"]
    assert len(services.challenges_about(earlier)) == 1 and len(services.actions_from(earlier)) == 1

"""Governance records as they stood at a moment (``workflow.as_at``): a challenge raised in March
and answered in May is waiting at the end of April and answered at the end of May; a plan
action is overdue as at one day and not another; a back-dated record's history is dated when it
says it happened."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from safeguard.governance.challenge import services as challenges
from safeguard.governance.challenge.models import Challenge
from safeguard.governance.plan import services as plan
from safeguard.governance.plan.models import PlanAction
from safeguard.governance.workflow.as_at import end_of_day, moved_during, records_as_at
from safeguard.roles import Role

pytestmark = pytest.mark.django_db


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture
def answered_in_may(make_person) -> Challenge:
    """Raised on 10 March 2025, assigned on 12 March, due 2 April, answered on 6 May."""
    member, director, owner = make_person(Role.LEAD_MEMBER), make_person(Role.DCS), make_person(Role.DCS)
    challenge = challenges.raise_challenge(by=member, question="Why did visits slip?", factor="outcomes",
                                           raised_on=date(2025, 3, 10), at=_at(date(2025, 3, 10)))
    challenge = challenges.assign(challenge, by=director, seen_version=challenge.version, owner=owner,
                                  due=date(2025, 4, 2), at=_at(date(2025, 3, 12)))
    return challenges.move_challenge(challenge, "answer", by=owner, seen_version=challenge.version,
                                     reason="Two teams were short.", at=_at(date(2025, 5, 6)))


def test_a_challenge_raised_in_march_and_answered_in_may_is_waiting_in_april_and_answered_in_may(answered_in_may):
    assert not records_as_at(Challenge, end_of_day(date(2025, 3, 9))).exists()
    [april] = records_as_at(Challenge, end_of_day(date(2025, 4, 30)))
    assert (april.pk, april.state, april.answer, april.due) == (answered_in_may.pk, "assigned", "", date(2025, 4, 2))
    [may] = records_as_at(Challenge, end_of_day(date(2025, 5, 31)))
    assert (may.state, may.answer) == ("answered", "Two teams were short.")
    assert records_as_at(Challenge, end_of_day(date(2025, 4, 30))).filter(state__in=("raised", "assigned")).count() == 1
    april_window = (end_of_day(date(2025, 3, 31)), end_of_day(date(2025, 4, 30)))
    may_window = (end_of_day(date(2025, 4, 30)), end_of_day(date(2025, 5, 31)))
    assert moved_during(Challenge, to_states={"answered"}, start=april_window[0], end=april_window[1]) == set()
    assert moved_during(Challenge, to_states={"answered"}, start=may_window[0], end=may_window[1]) == {answered_in_may.pk}


def test_a_back_dated_record_and_its_history_say_when_it_happened(answered_in_may):
    raised = answered_in_may.history.earliest("history_date")
    assert raised.history_date == _at(date(2025, 3, 10))
    assert raised.created_at == raised.updated_at == _at(date(2025, 3, 10))
    assert answered_in_may.history.latest("history_date").updated_at == _at(date(2025, 5, 6))
    assert Challenge.objects.get().created_at == _at(date(2025, 3, 10))


def test_a_plan_action_is_overdue_as_at_one_day_and_not_another(make_person):
    keeper = make_person(Role.DCS)
    action = plan.raise_action(by=keeper, raised_on=date(2025, 1, 6), at=_at(date(2025, 1, 6)), title="Refresh the threshold guide",
                               source="data", factor="partnership", owner=keeper, due=date(2025, 3, 31))
    plan.move_action(action, "complete", by=keeper, seen_version=action.version, reason="Published.", at=_at(date(2025, 4, 15)))

    def overdue_on(day: date) -> list[int]:
        return [item.pk for item in plan.overdue_actions(day, as_at=end_of_day(day))]

    assert overdue_on(date(2025, 3, 31)) == []  # due that day, not yet late
    assert overdue_on(date(2025, 4, 10)) == [action.pk]  # live and past its due date
    assert overdue_on(date(2025, 4, 30)) == []  # completed on 15 April
    assert list(plan.overdue_actions(date(2025, 4, 10))) == []  # as it stands now: completed
    assert PlanAction.objects.get().state == "completed"

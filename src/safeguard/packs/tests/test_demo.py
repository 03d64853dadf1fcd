"""The demo's year of issued packs: the Lead Member's briefing each month and the scrutiny pack
each quarter, issued on working days after their month ended, never in the future, and once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from safeguard.aggregates import published
from safeguard.calendar import months_later
from safeguard.governance.workflow.demo_cast import DemoCast
from safeguard.packs import demo
from safeguard.packs.models import IssuedPack
from safeguard.roles import Role

pytestmark = pytest.mark.django_db


def test_the_demo_issues_a_year_of_packs_on_working_days_after_each_month_and_only_once(synthetic_council, make_person):
    last = published().figures.last_month
    assert last is not None, "the synthetic council has months of data"
    keeper = make_person(Role.ANALYST)
    # The day after the last month's pack went out: all twelve months have theirs.
    cast = DemoCast(today=demo.issue_day(last) + timedelta(days=1), data_month=last, people={"performance_manager": keeper})
    assert demo.seed(cast) == "Packs: 16 issued over the past year (the Lead Member's briefing monthly, the scrutiny pack quarterly)."
    briefings = IssuedPack.objects.filter(pack="lead-member-briefing").order_by("period")
    assert [item.period for item in briefings] == [months_later(last, -back) for back in range(11, -1, -1)]
    scrutiny = IssuedPack.objects.filter(pack="scrutiny")
    assert sorted(item.period.month for item in scrutiny) == [3, 6, 9, 12]
    for item in IssuedPack.objects.all():
        issued_on = item.issued_at.date()
        assert issued_on.weekday() < 5 and issued_on >= months_later(item.period, 1) + timedelta(days=13)
        assert issued_on < cast.today and item.issued_by == keeper and item.format == "html"
    assert demo.seed(cast) == ""
    assert IssuedPack.objects.count() == 16


def test_a_month_whose_issue_day_has_not_come_gets_no_pack_yet(synthetic_council, make_person):
    last = published().figures.last_month
    assert last is not None, "the synthetic council has months of data"
    cast = DemoCast(today=demo.issue_day(last) - timedelta(days=1), data_month=last, people={"performance_manager": make_person(Role.ANALYST)})
    demo.seed(cast)
    assert not IssuedPack.objects.filter(period=last).exists()
    assert IssuedPack.objects.filter(pack="lead-member-briefing").count() == 11

"""The demo's year of issued packs: the Lead Member's briefing each month, the scrutiny and Chief
Executive's packs each quarter, the partnership's annual report in the September after its year;
each issued by the person who asks for it, on a working day a fortnight after its period, never on
a day to come, only once, and each reading the records as they stood at its period's end."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from safeguard.governance.challenge import services as challenges
from safeguard.governance.workflow.demo_cast import DemoCast
from safeguard.packs import demo
from safeguard.packs.issuing import kept_copy, may_have
from safeguard.packs.models import IssuedPack
from safeguard.packs.registry import pack
from safeguard.roles import Role

pytestmark = pytest.mark.django_db


def test_the_year_of_issues_to_november_as_seen_on_7_december():
    issues = demo.year_of_issues(date(2026, 11, 1), date(2026, 12, 7))
    briefings = [(item.period, item.issued_on) for item in issues if item.pack == "lead-member-briefing"]
    # December 2025 to October 2026: November's goes out on Monday 14 December, still to come.
    assert len(briefings) == 11 and briefings[0] == (date(2025, 12, 1), date(2026, 1, 14))
    assert briefings[-1] == (date(2026, 10, 1), date(2026, 11, 16))  # the 14th is a Saturday
    quarters = [date(2025, 12, 1), date(2026, 3, 1), date(2026, 6, 1), date(2026, 9, 1)]
    assert [item.period for item in issues if item.pack == "scrutiny"] == quarters
    assert [item.period for item in issues if item.pack == "chief-executive-assurance"] == quarters
    [report] = [item for item in issues if item.pack == "board-annual-report"]
    assert (report.period, report.issued_on, report.by) == (date(2026, 3, 1), date(2026, 9, 14), "partnership_manager")
    assert len(issues) == 20 and [item.issued_on for item in issues] == sorted(item.issued_on for item in issues)


def test_the_demo_issues_each_pack_as_at_its_month_by_the_person_who_asks_and_only_once(synthetic_council, make_person):
    people = {
        "lead_member": make_person(Role.LEAD_MEMBER), "scrutiny_chair": make_person(Role.SCRUTINY_MEMBER),
        "chief_executive": make_person(Role.CHIEF_EXECUTIVE), "partnership_manager": make_person(Role.BOARD_MEMBER),
    }
    director = make_person(Role.DCS)
    challenge = challenges.raise_challenge(by=people["lead_member"], question="Are June's visits on time?", factor="outcomes",
                                           raised_on=date(2024, 6, 10), at=datetime(2024, 6, 10, 16, tzinfo=UTC))
    challenge = challenges.assign(challenge, by=director, seen_version=challenge.version, owner=director, due=date(2024, 6, 28),
                                  at=datetime(2024, 6, 11, 9, tzinfo=UTC))
    challenges.move_challenge(challenge, "answer", by=director, seen_version=challenge.version, reason="Yes.",
                              at=datetime(2024, 7, 10, 12, tzinfo=UTC))
    # The synthetic council's figures run to March 2025; on 20 July 2024 April's, May's and June's
    # briefings are out (14 May, 14 June, Monday 15 July) and June ends a quarter.
    cast = DemoCast(today=date(2024, 7, 20), data_month=date(2025, 3, 1), people=people)
    said = demo.seed(cast)
    assert said.startswith("Packs: 5 issued over the past year")
    issued = {(item.pack, item.period): item for item in IssuedPack.objects.all()}
    assert sorted(issued) == [
        ("chief-executive-assurance", date(2024, 6, 1)), ("lead-member-briefing", date(2024, 4, 1)),
        ("lead-member-briefing", date(2024, 5, 1)), ("lead-member-briefing", date(2024, 6, 1)), ("scrutiny", date(2024, 6, 1)),
    ]
    june = issued[("lead-member-briefing", date(2024, 6, 1))]
    assert june.issued_at.date() == date(2024, 7, 15) and june.issued_by == people["lead_member"] and june.format == "html"
    assert issued[("scrutiny", date(2024, 6, 1))].issued_by == people["scrutiny_chair"]
    for item in issued.values():
        assert item.issued_by is not None and may_have(item.issued_by.roles, pack(item.pack))
    # Answered on 10 July, after June ended: June's briefing, issued on the 15th, shows it waiting.
    words = " ".join(kept_copy(june).data.decode("utf-8").split())
    assert "In June 2024: 1 raised, 0 answered; 1 waiting on the service on 30 June 2024." in words
    assert demo.seed(cast) == ""
    assert IssuedPack.objects.count() == 5

"""Packs faithful to their day: each reads the governance records as they stood at the end of its
month (or when it was issued, if earlier), so a challenge raised in one month and answered two
months later waits in the middle month's briefing and is answered in the last one's, and a pack
made again on a later day, after the records have moved on, is the same file."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from safeguard.aggregates import Viewer, dashboard, headlines, published
from safeguard.aggregates.figures import warnings_to
from safeguard.aggregates.workforce import workforce_picture
from safeguard.calendar import month_end, months_later
from safeguard.governance.challenge import services as challenges
from safeguard.governance.complaints import services as complaints
from safeguard.governance.partnership import services as partnership
from safeguard.governance.partnership.models import Member
from safeguard.governance.partnership.services import RatingEntry
from safeguard.governance.partnership.tests.members import small_partnership
from safeguard.governance.plan import services as plan
from safeguard.governance.reporting_year import ReportingYear
from safeguard.governance.workflow.transitions import save_edit
from safeguard.home import safeguard_home
from safeguard.packs.issuing import as_at_of, produce, reproduce
from safeguard.packs.lead_member_briefing import charts
from safeguard.packs.registry import pack
from safeguard.packs.tests.entered import entered_in
from safeguard.roles import Permission, Role
from safeguard.web.accounts.models import RoleGrant

pytestmark = pytest.mark.django_db


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _words(data: bytes) -> str:
    return " ".join(data.decode("utf-8").split())


@pytest.fixture
def months(synthetic_council) -> tuple[date, date, date]:
    """The synthetic council's last three months: raised in the first, answered in the last."""
    last = published().figures.last_month
    assert last is not None
    return months_later(last, -2), months_later(last, -1), last


def test_a_challenge_waits_in_the_month_between_and_is_answered_in_the_month_it_was_answered(months, make_person):
    raised_in, waiting_in, answered_in = months
    member, director = make_person(Role.LEAD_MEMBER), make_person(Role.DCS)
    challenge = challenges.raise_challenge(by=member, question="Why are visits late in the west team?", factor="outcomes",
                                           raised_on=raised_in + timedelta(days=9), at=_at(raised_in + timedelta(days=9)))
    challenge = challenges.assign(challenge, by=director, seen_version=challenge.version, owner=director,
                                  due=raised_in + timedelta(days=20), at=_at(raised_in + timedelta(days=10)))
    challenges.move_challenge(challenge, "answer", by=director, seen_version=challenge.version,
                              reason="Two workers left; cover is in place.", at=_at(answered_in + timedelta(days=5)))
    issued_at = _at(months_later(answered_in, 2))  # all three made long after, on one day

    def briefing(month: date) -> str:
        return _words(produce("lead-member-briefing", period=month, output_format="html", by_name="test", at=issued_at).data)

    first, middle, last = briefing(raised_in), briefing(waiting_in), briefing(answered_in)
    assert f"In {raised_in:%B %Y}: 1 raised, 0 answered; 1 waiting on the service on {month_end(raised_in):%-d %B %Y}." in first
    assert f"In {waiting_in:%B %Y}: 0 raised, 0 answered; 1 waiting on the service on {month_end(waiting_in):%-d %B %Y}." in middle
    assert f"{challenge.reference}: Why are visits late in the west team?" in middle
    assert f"In {answered_in:%B %Y}: 0 raised, 1 answered; 0 waiting on the service on {month_end(answered_in):%-d %B %Y}." in last
    assert "Waiting for an answer" not in last


def test_an_action_overdue_at_one_month_s_end_is_not_at_the_next_once_completed(months, make_person):
    _, overdue_in, done_in = months
    keeper = make_person(Role.DCS)
    action = plan.raise_action(by=keeper, raised_on=overdue_in, at=_at(overdue_in), title="Refresh the step-down guidance",
                               source="data", factor="outcomes", owner=keeper, due=overdue_in + timedelta(days=14))
    plan.move_action(action, "complete", by=keeper, seen_version=action.version, reason="Guidance published.",
                     at=_at(done_in + timedelta(days=2)))
    issued_at = _at(months_later(done_in, 1))
    overdue_pack = _words(produce("lead-member-briefing", period=overdue_in, output_format="html", by_name="test", at=issued_at).data)
    done_pack = _words(produce("lead-member-briefing", period=done_in, output_format="html", by_name="test", at=issued_at).data)
    # Due a fortnight into the month and still live at its end: overdue then; completed on the 3rd of the next month.
    assert f"1 actions are live; 1 are past their due date; 0 were completed in {overdue_in:%B %Y}." in overdue_pack
    assert "Overdue actions" in overdue_pack and f"{action.reference}: Refresh the step-down guidance" in overdue_pack
    assert f"0 actions are live; 0 are past their due date; 1 were completed in {done_in:%B %Y}." in done_pack
    assert "Overdue actions" not in done_pack


def test_a_pack_made_again_after_the_records_moved_on_is_the_same_file(months, make_person):
    _, month, _ = months
    member, director = make_person(Role.LEAD_MEMBER), make_person(Role.DCS)
    challenge = challenges.raise_challenge(by=member, question="Is the front door coping?", factor="resourcing",
                                           raised_on=month, at=_at(month))
    issued = produce("lead-member-briefing", period=month, output_format="html", by_name="test", at=_at(months_later(month, 1)))
    # Since the issue: the challenge is assigned and answered, and another is raised.
    challenge = challenges.assign(challenge, by=director, seen_version=challenge.version, owner=director,
                                  due=date.today() + timedelta(days=10))
    challenges.move_challenge(challenge, "answer", by=director, seen_version=challenge.version, reason="Yes, with agency cover.")
    challenges.raise_challenge(by=member, question="And next winter?", factor="resourcing")
    assert reproduce(issued.record) == issued.data
    assert b"And next winter?" not in issued.data


def test_a_pack_reads_as_at_its_period_s_end_or_its_issue_if_that_is_earlier():
    briefing, report = pack("lead-member-briefing"), pack("board-annual-report")
    later = datetime(2025, 6, 16, 9, 30, tzinfo=UTC)
    assert as_at_of(briefing, date(2025, 4, 1), later) == datetime(2025, 4, 30, 23, 59, 59, 999999, tzinfo=UTC)
    assert as_at_of(briefing, date(2025, 6, 1), later) == later  # issued while its month was running
    assert as_at_of(report, date(2024, 9, 1), later) == datetime(2025, 3, 31, 23, 59, 59, 999999, tzinfo=UTC)


def test_the_chief_executive_s_pack_made_again_after_a_complaint_moved_on_is_the_same_file(months, make_person):
    _, month, _ = months
    handler = make_person(Role.PRACTICE_LEAD)
    details: dict[str, Any] = {"complainant": "parent", "service_area": "child_protection", "theme": "communication",
               "summary": "Not told the date of the conference."}
    complaint = complaints.record_complaint(by=handler, received_on=month, handler=handler, at=_at(month), **details)
    issued = produce("chief-executive-assurance", period=month, output_format="html", by_name="test", at=_at(months_later(month, 1)))
    # Since the issue: the complaint answered (upheld) and taken to stage 2, and another received in the month.
    complaint = complaints.move_complaint(complaint, "respond", by=handler, seen_version=1, on=month + timedelta(days=3), finding="upheld",
                                          reason="Apologised.")
    complaints.move_complaint(complaint, "escalate", by=handler, seen_version=complaint.version, on=month + timedelta(days=5),
                              reason="Wants an investigation.")
    complaints.record_complaint(by=handler, received_on=month + timedelta(days=1), handler=handler, **details)
    assert reproduce(issued.record) == issued.data


def _named(person: Any, first: str, last: str) -> Any:
    person.first_name, person.last_name = first, last
    person.save()
    return person


def _people_known_since(moment: datetime) -> None:
    """Date every person's name history to ``moment``, as if their accounts were made then."""
    get_user_model().history.update(history_date=moment)


def test_a_pack_names_people_as_they_were_named_at_its_moment(months, make_person):
    _, month, _ = months
    member = _named(make_person(Role.LEAD_MEMBER), "Pat", "Okafor")
    _people_known_since(_at(month))
    # The Director's account (and so their name's history) begins after the pack's moment: named as first named.
    director = get_user_model().objects.create(username="amorgan", first_name="Alex", last_name="Morgan")
    RoleGrant.objects.create(user=director, role=Role.DCS.value)
    challenge = challenges.raise_challenge(by=member, question="Who holds the front door?", factor="resourcing", raised_on=month,
                                           at=_at(month))
    challenges.assign(challenge, by=director, seen_version=challenge.version, owner=director, due=month + timedelta(days=5),
                      at=_at(month, 11))
    plan.raise_action(by=director, raised_on=month, at=_at(month), title="Recruit two team managers", source="data",
                      factor="resourcing", owner=director, due=month + timedelta(days=7))
    issued = produce("lead-member-briefing", period=month, output_format="html", by_name="test", at=_at(months_later(month, 1)))
    words = _words(issued.data)
    assert "Pat Okafor" in words and "Alex Morgan" in words
    # Since the issue both have changed their names; the pack made again still names them as they were.
    _named(member, "Pat", "Okafor-Reid")
    _named(director, "Alex", "Lewis")
    assert reproduce(issued.record) == issued.data
    assert b"Okafor-Reid" not in issued.data and b"Alex Lewis" not in issued.data


def test_a_person_s_history_keeps_their_names_and_nothing_else(make_person):
    person = _named(make_person(Role.DCS), "Alex", "Morgan")
    person.set_password("a new and long passphrase")
    person.save()
    person.last_login = datetime.now(UTC)
    person.save(update_fields=["last_login"])
    assert [(row.first_name, row.last_name) for row in person.history.order_by("history_date", "history_id")] == [
        ("Test", "Person"), ("Alex", "Morgan")]
    assert not hasattr(person.history.first(), "password")


def test_the_annual_report_names_agencies_and_members_as_they_were_at_the_year_s_end(synthetic_council, make_person):
    month = published().figures.last_month
    assert month is not None
    year = ReportingYear.containing(month)
    small = small_partnership(make_person)
    chair = small.chair
    sam = Member.objects.get(name="Sam Police")
    partnership.add_sub_group(by=chair, name="Exploitation", terms_of_reference="Children at risk outside the home.", chair=sam,
                              established_on=year.start, terms_review_due=year.end)
    partnership.add_work(by=chair, title="Safer recruitment checks", objective="Every agency checks.", priority="safer_recruitment", owner=sam,
                         starts_on=year.start, due=year.start + timedelta(days=100), budget=1_000)
    partnership.set_contribution(small.police, by=chair, year=year.first, amount=20_000)
    partnership.raise_escalation(by=chair, agency=small.police, raised_on=year.start + timedelta(days=50), concern="No audit.",
                                 why_plan_falls_short="No dates.")
    audit = partnership.request_audit(small.police, by=chair, year=year.first, due=year.start + timedelta(days=60))
    partnership.rate_standards(audit, [RatingEntry(line.standard, "partly", "Evidence.", 1) for line in audit.ratings.all()],
                               by=small.police_person)
    partnership.move_audit(audit, "submit", by=small.police_person, seen_version=1, on=year.start + timedelta(days=40))
    _people_known_since(entered_in(month))
    issued = produce("board-annual-report", period=month, output_format="html", by_name="test", at=_at(months_later(month, 2)))
    words = _words(issued.data)
    assert "chaired by Sam Police (Police)" in words and "owned by Sam Police" in words
    # Since the year's end: the police force renamed, and its member with it.
    save_edit(small.police, by=chair, seen_version=small.police.version, changes={"name": "Thames Valley Police"},
              permission=Permission.RUN_PARTNERSHIP)
    partnership.edit_member(sam, by=chair, seen_version=sam.version, changes={"name": "Sam Constable"})
    assert reproduce(issued.record) == issued.data
    assert b"Thames Valley" not in issued.data and b"Sam Constable" not in issued.data


def test_the_warnings_worked_out_to_the_figures_last_month_are_the_current_ones(months):
    figures = published().figures
    assert figures.last_month == months[-1]
    assert warnings_to(figures, figures.last_month, safeguard_home()) == figures.warnings


def test_a_pack_lists_the_early_warnings_showing_at_its_month_s_end_not_the_latest(months):
    _, february, march = months
    july = months_later(march, -8)

    def briefing(month: date) -> str:
        return _words(produce("lead-member-briefing", period=month, output_format="html", by_name="test", at=_at(months_later(march, 1))).data)

    # The synthetic council's figures run to March 2025; timeliness of assessments fell from August 2024. The year
    # 2024-25 was not over until March, so before then the neighbours are compared in 2023-24.
    before, made, latest = briefing(july), briefing(february), briefing(march)
    timeliness = "Assessments completed within 45 working days (%): concern since August 2024"
    assert timeliness in latest and timeliness in made and "45 working days (%): concern since" not in before
    assert "Children looked after per 10,000 children: unusual since April 2024" in latest and "In 2024-25 the council" in latest
    assert "Children looked after per 10,000 children: unusual since April 2023" in made and "In 2023-24 the council" in made
    assert "since April 2024" not in made and "In 2024-25 the council" not in made


def test_a_pack_for_an_earlier_month_charts_the_two_years_to_that_month_and_none_after(months):
    earlier, _, last = months
    viewer = Viewer(exact=False, teams=False)
    figures = headlines(dashboard(viewer, as_of=earlier), viewer, as_of=earlier)
    every = {headline.summary.id for headline in figures}

    then = charts(figures, viewer, every, month=earlier)
    now = charts(figures, viewer, every, month=last)

    assert then and now
    for chart in then:
        assert chart["rows"][-1].end == month_end(earlier)
        assert len(chart["rows"]) <= 24
    assert all(chart["rows"][-1].end == month_end(last) for chart in now)


def test_a_pack_for_an_earlier_month_shows_the_workforce_as_the_returns_then_showed_it(months):
    earlier, _, _ = months
    viewer = Viewer(exact=False, teams=False)

    then, now = workforce_picture(viewer, as_of=earlier).as_at, workforce_picture(viewer).as_at

    assert then is not None and now is not None
    assert then <= month_end(earlier) < now

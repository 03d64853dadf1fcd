"""Complaints through their three stages against their timescales, findings, lessons and the
plan actions they raise; compliments; and the year's summary with its CSV (seed 004)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from web_support import sign_in

from safeguard.aggregates import CONFIDENTIAL, Viewer
from safeguard.governance.complaints import services
from safeguard.governance.complaints.models import Complaint, ComplaintStage, Compliment
from safeguard.governance.plan.models import PlanAction
from safeguard.governance.reporting_year import ReportingYear
from safeguard.governance.reviews import casework
from safeguard.governance.workflow.as_at import end_of_day
from safeguard.governance.workflow.transitions import GovernanceError, NotAllowed, NotAvailable, StaleEdit
from safeguard.roles import Role

pytestmark = pytest.mark.django_db

DETAILS = {"complainant": "parent", "service_area": "child_protection", "theme": "communication",
           "summary": "Not told the date of the child protection conference."}


def _complaint(handler, received=date(2025, 12, 15), **fields):
    return services.record_complaint(by=handler, received_on=received, handler=handler, at=datetime(2025, 12, 15, 9, tzinfo=UTC),
                                     **{**DETAILS, **fields})


def test_each_stage_runs_to_its_own_timescale_in_working_days(make_person):
    handler = make_person(Role.PRACTICE_LEAD)
    complaint = _complaint(handler)
    # Received Monday 15 December 2025: 10 working days step over Christmas Day and Boxing Day.
    assert services.current_stage(complaint).due == date(2025, 12, 31)
    complaint = services.move_complaint(complaint, "respond", by=handler, seen_version=1, on=date(2025, 12, 30), finding="not_upheld",
                                        reason="The letter was sent; a copy is on file.")
    assert services.current_stage(Complaint.objects.get(pk=complaint.pk)).in_time is True
    # Asked for stage 2 on Friday 9 January 2026: 25 working days end on Friday 13 February.
    complaint = services.move_complaint(complaint, "escalate", by=handler, seen_version=complaint.version, on=date(2026, 1, 9),
                                        reason="Wants an independent investigation.")
    assert (complaint.stage, complaint.state, services.current_stage(complaint).due) == (2, "awaiting_response", date(2026, 2, 13))
    complaint = services.move_complaint(complaint, "respond", by=handler, seen_version=complaint.version, on=date(2026, 2, 16),
                                        finding="partly_upheld", reason="The invitation went to an old address.")
    complaint = services.move_complaint(complaint, "escalate", by=handler, seen_version=complaint.version, on=date(2026, 2, 20),
                                        reason="Asks for a review panel.")
    # Friday 20 February 2026 plus 30 working days: six weeks take it to Friday 27 March (25), then
    # 30 March to 2 April (29); Good Friday and Easter Monday do not count, so Tuesday 7 April.
    assert services.current_stage(complaint).due == date(2026, 4, 7)
    complaint = services.move_complaint(complaint, "respond", by=handler, seen_version=complaint.version, on=date(2026, 3, 30),
                                        finding="upheld", reason="The panel upheld the complaint.")
    with pytest.raises(NotAvailable, match="Stage 3 is the last stage"):
        services.move_complaint(complaint, "escalate", by=handler, seen_version=complaint.version, on=date(2026, 4, 1), reason="More")
    complaint = services.move_complaint(complaint, "close", by=handler, seen_version=complaint.version,
                                        reason="Check the address before every conference invitation.")
    assert (complaint.state, complaint.finding, complaint.lessons) == ("closed", "upheld", "Check the address before every conference invitation.")
    timing = [(stage.stage, stage.in_time, stage.finding) for stage in ComplaintStage.objects.filter(complaint=complaint)]
    assert timing == [(1, True, "not_upheld"), (2, False, "partly_upheld"), (3, True, "upheld")]


def test_a_response_needs_its_date_and_finding_and_cannot_come_before_the_stage(make_person):
    handler = make_person(Role.PRACTICE_LEAD)
    complaint = _complaint(handler)
    with pytest.raises(GovernanceError, match="Enter the date the response was sent"):
        services.move_complaint(complaint, "respond", by=handler, seen_version=1, finding="upheld")
    with pytest.raises(GovernanceError, match="upheld, partly upheld or not upheld"):
        services.move_complaint(complaint, "respond", by=handler, seen_version=1, on=date(2025, 12, 20))
    with pytest.raises(ValidationError) as refused:
        services.move_complaint(complaint, "respond", by=handler, seen_version=1, on=date(2025, 12, 1), finding="upheld", reason="Early")
    assert "before the stage started" in refused.value.message_dict["responded_on"][0]
    kept = Complaint.objects.get(pk=complaint.pk)
    assert (kept.state, kept.version, services.current_stage(kept).responded_on) == ("awaiting_response", 1, None)


def test_lessons_raise_actions_on_the_plan_from_a_complaint(make_person):
    handler = make_person(Role.PRACTICE_LEAD)
    director = make_person(Role.DCS)
    complaint = _complaint(handler)
    with pytest.raises(NotAllowed):
        services.raise_complaint_action(complaint, by=make_person(Role.LEAD_MEMBER), title="x", factor="culture", owner=handler, due=date(2026, 6, 30))
    action = services.raise_complaint_action(complaint, by=director, title="Send conference dates in writing", factor="culture",
                                             owner=handler, due=date(2026, 6, 30), raised_on=date(2026, 1, 5))
    assert (action.source, action.source_reference) == ("complaint", f"Complaint {complaint.reference}, stage 1: local resolution")
    assert [link.action for link in complaint.actions.all()] == [action]
    assert PlanAction.objects.get().owner == handler


def test_an_overdue_response_waits_for_its_handler_and_any_other_handler(make_person):
    handler = make_person(Role.PRACTICE_LEAD)
    colleague = make_person(Role.PRACTICE_LEAD)
    member = make_person(Role.LEAD_MEMBER)
    complaint = _complaint(handler)
    on_the_day, after = date(2025, 12, 31), date(2026, 1, 2)
    assert not services.is_overdue(complaint, on_the_day) and services.is_overdue(complaint, after)
    mine = [item for item in casework.waiting_for(handler, on_the_day) if item.view_name == "complaints:complaint"]
    assert len(mine) == 1 and not mine[0].overdue
    assert [item for item in casework.waiting_for(colleague, on_the_day) if item.view_name == "complaints:complaint"] == []
    assert [item.overdue for item in casework.waiting_for(colleague, after) if item.view_name == "complaints:complaint"] == [True]
    assert [item for item in casework.waiting_for(member, after) if item.view_name == "complaints:complaint"] == []
    assert services.overdue_complaints(after, handler) == [complaint]


def test_moving_the_day_received_moves_the_first_due_date_but_only_at_stage_1(make_person):
    handler = make_person(Role.PRACTICE_LEAD)
    complaint = _complaint(handler)
    complaint = services.edit_complaint(complaint, by=handler, seen_version=1, changes={"received_on": date(2025, 12, 12)})
    assert services.current_stage(complaint).due == date(2025, 12, 30)
    with pytest.raises(StaleEdit):
        services.edit_complaint(complaint, by=handler, seen_version=1, changes={"theme": "delay"})
    complaint = services.move_complaint(complaint, "respond", by=handler, seen_version=2, on=date(2025, 12, 19), finding="upheld", reason="Sorry")
    complaint = services.move_complaint(complaint, "escalate", by=handler, seen_version=3, on=date(2026, 1, 5), reason="Stage 2 please")
    with pytest.raises(GovernanceError, match="only while the complaint is at stage 1"):
        services.edit_complaint(complaint, by=handler, seen_version=4, changes={"received_on": date(2025, 12, 10)})


def test_compliments_are_recorded_and_changed_with_history(make_person):
    handler = make_person(Role.PRACTICE_LEAD)
    compliment = services.record_compliment(by=handler, received_on=date(2026, 1, 7), from_whom="child", service_area="care_leavers",
                                            summary="My adviser helped me find a flat.")
    services.edit_compliment(compliment, by=handler, seen_version=1, changes={"service_area": "children_in_care"})
    with pytest.raises(StaleEdit):
        services.edit_compliment(compliment, by=handler, seen_version=1, changes={"summary": "Other"})
    assert Compliment.objects.get().history.count() == 2
    with pytest.raises(NotAllowed):
        services.record_compliment(by=make_person(Role.LEAD_MEMBER), received_on=date(2026, 1, 7), from_whom="child",
                                   service_area="care_leavers", summary="x")


def _year_of_complaints(handler):
    """Eight complaints received in 2025-26: five answered at stage 1 in time (two upheld), one late
    at stage 1 and still waiting at stage 2, one waiting at stage 1, and one from March 2025 (the
    year before)."""
    for day, finding in ((date(2025, 5, 1), "upheld"), (date(2025, 6, 2), "upheld"), (date(2025, 7, 1), "not_upheld"),
                         (date(2025, 9, 1), "not_upheld"), (date(2025, 10, 1), "partly_upheld")):
        item = _complaint(handler, received=day, theme="delay")
        services.move_complaint(item, "respond", by=handler, seen_version=1, on=day.replace(day=day.day + 3), finding=finding, reason="Answer")
    late = _complaint(handler, received=date(2025, 11, 3), theme="decision", service_area="children_in_care")
    late = services.move_complaint(late, "respond", by=handler, seen_version=1, on=date(2025, 11, 28), finding="not_upheld", reason="Answer")
    services.move_complaint(late, "escalate", by=handler, seen_version=late.version, on=date(2025, 12, 1), reason="Stage 2")
    _complaint(handler, received=date(2026, 3, 2), theme="delay")
    _complaint(handler, received=date(2025, 3, 20))
    services.record_compliment(by=handler, received_on=date(2025, 8, 1), from_whom="parent", service_area="early_help", summary="Thanks")


def test_the_year_s_summary_counts_stages_timeliness_findings_and_themes(make_person):
    handler = make_person(Role.PRACTICE_LEAD)
    _year_of_complaints(handler)
    summary = services.summarise(ReportingYear(2025), Viewer(exact=True, teams=True))
    counts = summary.counts
    assert [counts.count(key) for key in ("all", "stage:1", "stage:2", "reached:2", "compliments")] == [7, 6, 1, 1, 1]
    assert [counts.count(f"{kind}:1") for kind in ("in_time", "late", "waiting")] == [5, 1, 1]
    assert [counts.count(f"{kind}:2") for kind in ("in_time", "late", "waiting")] == [0, 0, 1]
    assert [counts.count(f"finding:{value}") for value in ("upheld", "partly_upheld", "not_upheld", "none")] == [2, 1, 3, 1]
    assert counts.share("finding:upheld", "decided") == pytest.approx(100 * 2 / 6)
    assert counts.share("in_time:1", "reached:1") == pytest.approx(100 * 5 / 7)
    assert [counts.count(f"theme:{value}") for value in ("delay", "decision", "communication")] == [6, 1, 0]


def test_leaders_see_the_summary_with_small_numbers_suppressed_and_download_it(make_person):
    handler = make_person(Role.PRACTICE_LEAD)
    _year_of_complaints(handler)
    hidden = services.summarise(ReportingYear(2025), Viewer(exact=False, teams=False))
    assert hidden.counts.count("stage:2") == CONFIDENTIAL and hidden.counts.count("compliments") == CONFIDENTIAL
    assert hidden.counts.share("finding:upheld", "decided") == CONFIDENTIAL
    for row in hidden.rows():
        assert not (isinstance(row[2], int) and 1 <= row[2] <= 5), row

    scrutiny = sign_in(Client(), make_person(Role.SCRUTINY_MEMBER))
    assert scrutiny.get(reverse("complaints:complaints")).status_code == 403
    page = scrutiny.get(reverse("complaints:summary") + "?year=2025")
    assert page.status_code == 200 and "Reporting year 2025-26" in page.content.decode() and "[c]" in page.content.decode()
    rows = list(csv.reader(io.StringIO(scrutiny.get(reverse("complaints:summary_csv") + "?year=2025").content.decode("utf-8-sig"))))
    assert rows[0] == ["group", "item", "count", "percent"]
    assert rows[1] == ["complaints", "received", "7", ""]
    assert ["highest stage reached", "Stage 2: investigation", "[c]", "[c]"] in rows
    director = sign_in(Client(), make_person(Role.DCS))
    exact_rows = list(csv.reader(io.StringIO(director.get(reverse("complaints:summary_csv") + "?year=2025").content.decode("utf-8-sig"))))
    assert ["highest stage reached", "Stage 2: investigation", "1", "14.3"] in exact_rows


def test_the_pages_record_a_response_naming_a_missing_finding_and_keep_leaders_to_reading(make_person):
    handler = make_person(Role.PRACTICE_LEAD)
    complaint = _complaint(handler)
    client = sign_in(Client(), handler)
    step = reverse("complaints:complaint_step", args=[complaint.pk])
    data = {"step": "respond", "version": "1", "on_day": "22", "on_month": "12", "on_year": "2025", "reason": "Apologised."}
    missing = client.post(step, data)
    assert missing.status_code == 400 and 'href="#respond-finding"' in missing.content.decode()
    assert client.post(step, {**data, "finding": "partly_upheld"}).status_code == 302
    assert Complaint.objects.get().state == "responded"
    member = sign_in(Client(), make_person(Role.LEAD_MEMBER))
    page = member.get(reverse("complaints:complaint", args=[complaint.pk]))
    assert page.status_code == 200 and "Partly upheld" in page.content.decode() and "Record the response" not in page.content.decode()
    assert member.post(step, {**data, "step": "close", "version": "2", "reason": "x"}).status_code == 403
    bad = client.post(reverse("complaints:complaint_add"), {**DETAILS, "received_on_day": "31", "received_on_month": "2",
                                                            "received_on_year": "2026", "handler": handler.pk})
    assert bad.status_code == 400 and "The day it was received must be a real date" in bad.content.decode()
    assert Complaint.objects.count() == 1


def test_the_summary_as_at_a_moment_counts_the_complaints_and_stages_as_they_stood_then(make_person):
    """Received Thursday 1 May 2025 and answered on 14 May, in time (due 16 May: ten working days
    without the bank holiday on 5 May); stage 2 asked for on 10 June; a second
    complaint received on 2 June. As at 31 May: one complaint, answered at stage 1 in time, none
    at stage 2. Now: two, one waiting at each stage."""
    handler = make_person(Role.PRACTICE_LEAD)
    first = services.record_complaint(by=handler, received_on=date(2025, 5, 1), handler=handler, at=datetime(2025, 5, 1, 9, tzinfo=UTC), **DETAILS)
    first = services.move_complaint(first, "respond", by=handler, seen_version=1, on=date(2025, 5, 14), finding="not_upheld",
                                    reason="Answer", at=datetime(2025, 5, 14, 9, tzinfo=UTC))
    services.move_complaint(first, "escalate", by=handler, seen_version=first.version, on=date(2025, 6, 10), reason="Stage 2",
                            at=datetime(2025, 6, 10, 9, tzinfo=UTC))
    services.record_complaint(by=handler, received_on=date(2025, 6, 2), handler=handler, at=datetime(2025, 6, 2, 9, tzinfo=UTC), **DETAILS)
    year, viewer = ReportingYear(2025), Viewer(exact=True, teams=True)
    keys = ("all", "stage:1", "stage:2", "reached:2", "in_time:1", "waiting:1", "waiting:2", "finding:not_upheld", "finding:none")
    then = services.summarise(year, viewer, as_at=end_of_day(date(2025, 5, 31))).counts
    assert [then.count(key) for key in keys] == [1, 1, 0, 0, 1, 0, 0, 1, 0]
    now = services.summarise(year, viewer).counts
    assert [now.count(key) for key in keys] == [2, 1, 1, 1, 1, 1, 1, 1, 1]

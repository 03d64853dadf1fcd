"""Re-dating a Lead Member's induction plan: a new day of taking office counts every item's due
date again (done items keep the day they were done), the plan's history keeps the old day and
the reason, and a re-dating without a reason, of someone else's plan, of a completed plan or from
a stale page changes nothing. The plan's progress is what the page and the command line show."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from web_support import sign_in

from safeguard.governance.induction import services
from safeguard.governance.workflow.transitions import GovernanceError, NotAllowed, StaleEdit
from safeguard.governance.workflow.views import history_of
from safeguard.roles import Role

pytestmark = pytest.mark.django_db

TOOK_OFFICE = date(2026, 5, 18)  # a Monday
SWORN_IN = date(2026, 6, 1)  # two weeks later


def _dues(plan):
    return {step.item_id: step.due for step in plan.steps.all()}


def test_a_new_start_counts_every_due_date_again_and_keeps_the_reason(make_person):
    member = make_person(Role.LEAD_MEMBER)
    plan = services.start_plan(by=member, lead_member=member, took_office_on=TOOK_OFFICE)
    first = plan.steps.get(item_id="meet_dcs")
    services.record_step(first, by=member, seen_version=1, changes={"done_on": date(2026, 5, 19), "note": "Met."})
    moved = services.redate_plan(plan, by=member, seen_version=1, took_office_on=SWORN_IN, reason="Sworn in at the June council.")
    dues = _dues(moved)
    # A week, a month and six months from Monday 1 June 2026.
    assert dues["meet_dcs"] == date(2026, 6, 8)
    assert set(dues.values()) == {date(2026, 6, 8), date(2026, 7, 1), date(2026, 12, 1)}
    done = moved.steps.get(item_id="meet_dcs")
    assert (done.done_on, done.version) == (date(2026, 5, 19), 3)
    assert (moved.took_office_on, moved.version, moved.redated_because) == (SWORN_IN, 2, "Sworn in at the June council.")
    said = [line.what for line in history_of(moved, {"took_office_on": "the day they took office", "redated_because": "the reason"})]
    assert "changed the reason from nothing to Sworn in at the June council.; the day they took office from 18 May 2026 to 1 June 2026" in said
    assert done.history.first().history_change_reason == "Sworn in at the June council."


def test_a_re_dating_that_cannot_be_made_changes_nothing(make_person):
    director, member, other = make_person(Role.DCS), make_person(Role.LEAD_MEMBER), make_person(Role.LEAD_MEMBER)
    plan = services.start_plan(by=director, lead_member=member, took_office_on=TOOK_OFFICE)
    before = _dues(plan)
    with pytest.raises(GovernanceError, match="Say why"):
        services.redate_plan(plan, by=member, seen_version=1, took_office_on=SWORN_IN, reason="  ")
    with pytest.raises(NotAllowed):
        services.redate_plan(plan, by=other, seen_version=1, took_office_on=SWORN_IN, reason="Not theirs.")
    with pytest.raises(GovernanceError, match="already counts from 18 May 2026"):
        services.redate_plan(plan, by=member, seen_version=1, took_office_on=TOOK_OFFICE, reason="The same day.")
    services.redate_plan(plan, by=director, seen_version=1, took_office_on=SWORN_IN, reason="Sworn in later.")
    with pytest.raises(StaleEdit):
        services.redate_plan(plan, by=member, seen_version=1, took_office_on=date(2026, 6, 8), reason="From an old page.")
    plan.refresh_from_db()
    assert plan.took_office_on == SWORN_IN and _dues(plan) != before and plan.version == 2


def test_the_page_re_dates_the_plan_and_refuses_bad_input_with_nothing_changed(make_person):
    member = make_person(Role.LEAD_MEMBER)
    plan = services.start_plan(by=member, lead_member=member, took_office_on=TOOK_OFFICE)
    client = sign_in(Client(), member)
    url = reverse("induction:plan_redate", args=[plan.pk])
    assert url.encode() in client.get(reverse("induction:plan", args=[plan.pk])).content
    day = {"took_office_on_day": "1", "took_office_on_month": "6", "took_office_on_year": "2026", "version": "1"}
    refused = client.post(url, {**day, "reason": ""})
    assert refused.status_code == 400 and b"Say why the day they took office is changing" in refused.content
    wrong = client.post(url, {**day, "took_office_on_month": "13", "reason": "Sworn in later."})
    assert wrong.status_code == 400 and b"must be a real date" in wrong.content
    plan.refresh_from_db()
    assert (plan.took_office_on, plan.version) == (TOOK_OFFICE, 1)
    assert client.post(url, {**day, "reason": "Sworn in later."}).status_code == 302
    stale = client.post(url, {**day, "took_office_on_day": "8", "reason": "From an old page."})
    assert stale.status_code == 409
    plan.refresh_from_db()
    assert (plan.took_office_on, plan.version) == (SWORN_IN, 2)
    assert sign_in(Client(), make_person(Role.LEADER)).get(url).status_code == 403


def test_progress_counts_done_and_overdue_items_as_the_page_shows_them(make_person):
    member = make_person(Role.LEAD_MEMBER)
    plan = services.start_plan(by=member, lead_member=member, took_office_on=TOOK_OFFICE)
    step = plan.steps.get(item_id="meet_dcs")
    services.record_step(step, by=member, seen_version=1, changes={"done_on": date(2026, 5, 20), "note": ""})
    # On 2 July 2026 the first week's and first month's items are past their dates (25 May, 18 June).
    found = services.progress(plan, date(2026, 7, 2))
    week_and_month = [item for item in plan.steps.all() if item.due <= date(2026, 6, 18)]
    assert (found.done, found.total) == (1, plan.steps.count())
    assert len(found.overdue) == len(week_and_month) - 1

"""The Lead Member's induction plan (LMCS guide Appendix A) and the briefing cycle (LGA Must know
for lead members, "performance information"): the data files, the dated checklist with who did
what when, the periods and due dates on England's calendar, what was and was not delivered, and
the pages (bad input refused with a clear message and nothing changed, stale edits answered 409)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from web_support import sign_in

from safeguard.errors import SafeguardError
from safeguard.governance.induction import briefing_cycle as cycle
from safeguard.governance.induction import induction_plan as plan_data
from safeguard.governance.induction import services
from safeguard.governance.induction.briefing_cycle import Frequency, period_containing
from safeguard.governance.induction.models import BriefingDelivery, InductionPlan, InductionStep
from safeguard.governance.workflow.transitions import GovernanceError, NotAllowed
from safeguard.roles import Role

TOOK_OFFICE = date(2026, 5, 18)  # a Monday


def test_the_shipped_plan_follows_appendix_a_point_by_point():
    contents = plan_data.induction_plan()
    assert [stage.id for stage in contents.stages] == ["first_week", "first_month", "first_six_months"]
    cited = [item.source.split(",")[1].split(";")[0].strip() for item in contents.items]
    assert cited == [f"point {number}" for number in range(1, 13)]
    assert all(item.source.startswith("LMCS guide Appendix A") for item in contents.items)


@pytest.mark.parametrize(("text", "message"), [
    ('version = 1\n[[stages]]\nid = "w"\ntitle = "Week"\nwithin = "a fortnight"\n', "stage 1 (w) field 'within' is 'a fortnight'"),
    ('version = 1\n[[stages]]\nid = "w"\ntitle = "Week"\nwithin = "1 week"\n[[items]]\nid = "x"\nstage = "m"\ntext = "T"\nsource = "S"\n',
     "item 1 (x) names the stage 'm'"),
    ('version = 1\n[[stages]]\nid = "w"\ntitle = "Week"\nwithin = "1 week"\n[[items]]\nid = "x"\nstage = "w"\ntext = "T"\n',
     "item 1 (x) has no source"),
])
def test_a_broken_induction_file_is_refused_naming_the_entry_and_field(text, message):
    with pytest.raises(SafeguardError, match=message.replace("(", r"\(").replace(")", r"\)")):
        plan_data.parse(text, where="induction.toml")


def test_a_broken_briefing_file_is_refused_naming_the_briefing_and_field():
    text = 'version = 1\n[[briefings]]\nid = "p"\ntitle = "P"\nwhat = "W"\nfrequency = "fortnightly"\ndue_working_days = 5\nsource = "S"\n'
    with pytest.raises(SafeguardError, match=r"briefing 1 \(p\) field 'frequency' is 'fortnightly'"):
        cycle.parse(text)
    with pytest.raises(SafeguardError, match=r"briefing 1 \(p\) field 'due_working_days'"):
        cycle.parse(text.replace("fortnightly", "monthly").replace("= 5", '= "five"'))


def test_each_item_is_due_at_the_end_of_its_stage_from_the_day_of_taking_office(make_person):
    director, member = make_person(Role.DCS), make_person(Role.LEAD_MEMBER)
    plan = services.start_plan(by=director, lead_member=member, took_office_on=TOOK_OFFICE)
    due = {step.item_id: step.due for step in plan.steps.all()}
    assert due["meet_leader"] == date(2026, 5, 25)  # one week
    assert due["meet_partners"] == date(2026, 6, 18)  # one month
    assert due["members_development"] == date(2026, 11, 18)  # six months
    assert len(due) == 12 and plan.state == "in_progress"


def test_ticking_off_records_when_and_by_whom_keeps_history_and_completion_needs_every_item(make_person):
    director, member = make_person(Role.DCS), make_person(Role.LEAD_MEMBER)
    plan = services.start_plan(by=director, lead_member=member, took_office_on=TOOK_OFFICE)
    step = services.step_of(plan, "meet_leader")
    step = services.record_step(step, by=member, seen_version=1, changes={"done_on": date(2026, 5, 20), "note": "Priorities agreed."})
    assert (step.done_on, step.done_by, step.version) == (date(2026, 5, 20), member, 2)
    step = services.record_step(step, by=director, seen_version=2, changes={"done_on": None, "note": "Meeting postponed."})
    assert (step.done_on, step.done_by) == (None, None)
    assert step.history.count() == 3
    with pytest.raises(GovernanceError, match="12 not yet done"):
        services.move_plan(plan, "complete", by=member, seen_version=plan.version)
    for item in plan.steps.all():
        services.record_step(item, by=member, seen_version=item.version, changes={"done_on": date(2026, 6, 1), "note": ""})
    plan = services.move_plan(InductionPlan.objects.get(pk=plan.pk), "complete", by=member, seen_version=plan.version)
    assert plan.state == "completed"
    item = services.step_of(plan, "meet_leader")
    with pytest.raises(GovernanceError, match="completed"):
        services.record_step(item, by=member, seen_version=item.version, changes={"done_on": None, "note": ""})


def test_a_scrutiny_member_cannot_start_a_plan_nor_tick_an_item(make_person):
    member = make_person(Role.LEAD_MEMBER)
    with pytest.raises(NotAllowed):
        services.start_plan(by=make_person(Role.SCRUTINY_MEMBER), lead_member=member, took_office_on=TOOK_OFFICE)
    assert not InductionPlan.objects.exists()


def test_overdue_items_are_those_of_plans_under_way_past_their_date(make_person):
    director, member, other = make_person(Role.DCS), make_person(Role.LEAD_MEMBER), make_person(Role.LEAD_MEMBER)
    plan = services.start_plan(by=director, lead_member=member, took_office_on=TOOK_OFFICE)
    services.start_plan(by=director, lead_member=other, took_office_on=date(2026, 6, 1))
    step = services.step_of(plan, "meet_leader")
    services.record_step(step, by=member, seen_version=1, changes={"done_on": date(2026, 5, 20), "note": ""})
    # On 26 May the first week's other three items of the first plan are late; the second plan's first week ends 8 June.
    assert sorted(item.item_id for item in services.overdue_steps(date(2026, 5, 26))) == ["meet_dcs", "meet_member_services", "plan_diary"]
    assert services.overdue_steps(date(2026, 5, 26), lead_member=other) == []


@pytest.mark.parametrize(("frequency", "day", "start", "end", "label"), [
    (Frequency.MONTHLY, date(2026, 2, 14), date(2026, 2, 1), date(2026, 2, 28), "February 2026"),
    (Frequency.QUARTERLY, date(2026, 2, 14), date(2026, 1, 1), date(2026, 3, 31), "January to March 2026"),
    (Frequency.QUARTERLY, date(2026, 4, 1), date(2026, 4, 1), date(2026, 6, 30), "April to June 2026"),
    (Frequency.YEARLY, date(2026, 2, 14), date(2025, 4, 1), date(2026, 3, 31), "2025-26"),
    (Frequency.YEARLY, date(2026, 4, 1), date(2026, 4, 1), date(2027, 3, 31), "2026-27"),
])
def test_periods_follow_months_and_the_councils_year_from_april(frequency, day, start, end, label):
    period = period_containing(frequency, day)
    assert (period.start, period.end, period.label) == (start, end, label)


def test_due_dates_count_working_days_past_easter_and_the_may_bank_holidays():
    briefings = cycle.briefing_cycle()
    march = period_containing(Frequency.MONTHLY, date(2026, 3, 1))
    # 15 working days after Tuesday 31 March 2026, without Good Friday (3 April) and Easter Monday (6 April).
    assert briefings.get("performance").due(march) == date(2026, 4, 23)
    april = period_containing(Frequency.MONTHLY, date(2026, 4, 1))
    # After Thursday 30 April, without the early May bank holiday (4 May).
    assert briefings.get("performance").due(april) == date(2026, 5, 22)
    year = period_containing(Frequency.YEARLY, date(2026, 3, 1))
    # 40 working days after 31 March 2026: Easter, 4 May and the spring bank holiday (25 May) do not count.
    assert briefings.get("complaints").due(year) == date(2026, 6, 1)


def _deliver(person, briefing_id: str, start: date, on: date) -> BriefingDelivery:
    return services.record_delivery(by=person, briefing_id=briefing_id, period_start=start, delivered_on=on, sent_to=["lead_member"], note="")


def test_the_cycle_shows_what_came_on_time_late_or_not_at_all(make_person):
    analyst = make_person(Role.ANALYST)
    _deliver(analyst, "performance", date(2026, 3, 1), date(2026, 4, 22))
    _deliver(analyst, "case_audits", date(2026, 1, 1), date(2026, 5, 5))
    found = services.occurrences(date(2026, 4, 1), date(2027, 3, 31), today=date(2026, 5, 20))
    lines = [(item.briefing.id, item.period.label, item.due, item.standing.value) for item in found]
    assert lines == [
        ("performance", "March 2026", date(2026, 4, 23), "on_time"),
        ("case_audits", "January to March 2026", date(2026, 4, 30), "late"),
        ("workforce", "January to March 2026", date(2026, 4, 30), "overdue"),
        ("children_in_care", "January to March 2026", date(2026, 4, 30), "overdue"),
        ("performance", "April 2026", date(2026, 5, 22), "waiting"),
        ("complaints", "2025-26", date(2026, 6, 1), "waiting"),
        ("iro_annual_report", "2025-26", date(2026, 6, 29), "waiting"),
    ]
    overdue = services.overdue_briefings(date(2026, 5, 20))
    assert {(item.briefing.id, item.period.start) for item in overdue} >= {("workforce", date(2026, 1, 1)), ("children_in_care", date(2026, 1, 1))}
    assert all(item.standing is services.Standing.OVERDUE for item in overdue)


def test_a_delivery_for_a_wrong_period_a_future_day_or_twice_is_refused_and_nothing_saved(make_person):
    analyst = make_person(Role.ANALYST)
    with pytest.raises(ValidationError) as refused:
        _deliver(analyst, "performance", date(2026, 3, 2), date(2026, 4, 1))
    assert "does not start a period" in refused.value.message_dict["period_start"][0]
    with pytest.raises(ValidationError) as refused:
        _deliver(analyst, "case_audits", date(2026, 1, 1), timezone.localdate().replace(year=timezone.localdate().year + 1))
    assert "cannot be in the future" in refused.value.message_dict["delivered_on"][0]
    assert not BriefingDelivery.objects.exists()
    _deliver(analyst, "performance", date(2026, 3, 1), date(2026, 4, 22))
    with pytest.raises(GovernanceError, match="already recorded"):
        _deliver(analyst, "performance", date(2026, 3, 1), date(2026, 4, 24))
    assert BriefingDelivery.objects.count() == 1


def test_recording_a_delivery_in_the_browser_and_bad_input_changing_nothing(client_as):
    client = client_as(Role.ANALYST)
    url = reverse("induction:delivery_add")
    page = client.get(url + "?occurrence=performance:2026-03-01")
    assert page.status_code == 200 and 'value="performance:2026-03-01" selected' in page.content.decode()
    bad = client.post(url, {"occurrence": "performance:2026-03-02", "delivered_on_day": "31", "delivered_on_month": "2",
                            "delivered_on_year": "2026", "sent_to": ["lead_member"]})
    text = bad.content.decode()
    assert bad.status_code == 400 and "Choose a briefing and period from the list" in text and "must be a real date" in text
    none_sent = client.post(url, {"occurrence": "performance:2026-03-01", "delivered_on_day": "22", "delivered_on_month": "4",
                                  "delivered_on_year": "2026"})
    assert none_sent.status_code == 400 and "Choose the leaders it went to" in none_sent.content.decode()
    undated = client.post(url, {"occurrence": "performance:2026-03-01", "sent_to": ["lead_member"]})
    assert undated.status_code == 400 and "Enter the day it was delivered" in undated.content.decode()
    assert not BriefingDelivery.objects.exists()
    good = client.post(url, {"occurrence": "performance:2026-03-01", "delivered_on_day": "22", "delivered_on_month": "4",
                             "delivered_on_year": "2026", "sent_to": ["lead_member", "chief_executive"], "note": "With the warnings."})
    assert good.status_code == 302
    saved = BriefingDelivery.objects.get()
    assert (saved.briefing_id, saved.period_start, saved.sent_to) == ("performance", date(2026, 3, 1), ["lead_member", "chief_executive"])


def test_changing_a_delivery_keeps_history_and_a_stale_edit_gets_409(client_as, make_person):
    client = client_as(Role.ANALYST)
    saved = _deliver(make_person(Role.ANALYST), "performance", date(2026, 3, 1), date(2026, 4, 22))
    url = reverse("induction:delivery", args=[saved.pk])
    data = {"delivered_on_day": "24", "delivered_on_month": "4", "delivered_on_year": "2026", "sent_to": ["lead_member"], "version": "1"}
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "delivered_on_day": "27"})
    assert stale.status_code == 409
    saved.refresh_from_db()
    assert (saved.delivered_on, saved.version) == (date(2026, 4, 24), 2)
    page = client.get(url).content.decode()
    assert "the day it was delivered from 22 April 2026 to 24 April 2026" in page
    # A delivery saved without a note says so in words, not as a bare "None".
    assert '<dd class="govuk-summary-list__value app-response">Nothing noted</dd>' in page and ">None<" not in page


def test_leaders_read_the_cycle_and_plans_but_only_the_keepers_change_them(client_as, make_person):
    director, member = make_person(Role.DCS), make_person(Role.LEAD_MEMBER)
    plan = services.start_plan(by=director, lead_member=member, took_office_on=TOOK_OFFICE)
    scrutiny = client_as(Role.SCRUTINY_MEMBER)
    overview = scrutiny.get(reverse("induction:overview"))
    assert overview.status_code == 200 and "Record a briefing delivered" not in overview.content.decode()
    page = scrutiny.get(reverse("induction:plan", args=[plan.pk])).content.decode()
    assert "Meet the Leader or Mayor" in page and "Record<span" not in page
    url = reverse("induction:step_edit", args=[plan.pk, "meet_leader"])
    assert scrutiny.post(url, {"done_on_day": "20", "done_on_month": "5", "done_on_year": "2026", "version": "1"}).status_code == 403
    assert InductionStep.objects.get(plan=plan, item_id="meet_leader").done_on is None


def test_ticking_an_item_in_the_browser_with_a_bad_date_changes_nothing(make_person):
    director, member = make_person(Role.DCS), make_person(Role.LEAD_MEMBER)
    client = sign_in(Client(), member)
    plan = services.start_plan(by=director, lead_member=member, took_office_on=TOOK_OFFICE)
    url = reverse("induction:step_edit", args=[plan.pk, "meet_dcs"])
    bad = client.post(url, {"done_on_day": "31", "done_on_month": "6", "done_on_year": "2026", "version": "1"})
    assert bad.status_code == 400 and "The day it was done must be a real date" in bad.content.decode()
    future = timezone.localdate().replace(year=timezone.localdate().year + 1)
    later = client.post(url, {"done_on_day": future.day, "done_on_month": future.month, "done_on_year": future.year, "version": "1"})
    assert later.status_code == 400 and "cannot be in the future" in later.content.decode()
    assert InductionStep.objects.get(plan=plan, item_id="meet_dcs").version == 1
    good = client.post(url, {"done_on_day": "21", "done_on_month": "5", "done_on_year": "2026", "note": "Table 1 agreed.", "version": "1"})
    assert good.status_code == 302
    assert client.get(reverse("induction:plan", args=[plan.pk])).content.decode().count("ticked off by") == 1
    missing = client.get(reverse("induction:step_edit", args=[plan.pk, "no-such-item"]))
    assert missing.status_code == 404 and "no item" in missing.content.decode()


def test_overdue_items_and_missed_briefings_reach_the_home_page(make_person):
    member, director = make_person(Role.LEAD_MEMBER), make_person(Role.DCS)
    services.start_plan(by=director, lead_member=member, took_office_on=timezone.localdate() - timedelta(days=400))
    home = sign_in(Client(), member).get(reverse("home")).content.decode()
    assert "12 items of your induction plan are past their date." in home
    assert "due to leaders in the last year were not delivered." in home
    other = sign_in(Client(), make_person(Role.SCRUTINY_MEMBER)).get(reverse("home")).content.decode()
    assert "your induction plan" not in other and "were not delivered." in other


def test_a_lead_member_keeps_only_their_own_plan_and_the_director_keeps_every_plan(make_person):
    director, member, other = make_person(Role.DCS), make_person(Role.LEAD_MEMBER), make_person(Role.LEAD_MEMBER)
    with pytest.raises(NotAllowed, match="only their own induction plan"):
        services.start_plan(by=other, lead_member=member, took_office_on=TOOK_OFFICE)
    plan = services.start_plan(by=member, lead_member=member, took_office_on=TOOK_OFFICE)
    step = services.step_of(plan, "meet_leader")
    with pytest.raises(NotAllowed):
        services.record_step(step, by=other, seen_version=1, changes={"done_on": date(2026, 5, 19), "note": ""})
    assert services.step_of(plan, "meet_leader").version == 1
    done = services.record_step(step, by=director, seen_version=1, changes={"done_on": date(2026, 5, 19), "note": ""})
    assert done.done_by == director
    page = sign_in(Client(), other).get(reverse("induction:plan", args=[plan.pk])).content.decode()
    assert "Record<span" not in page
    refused = sign_in(Client(), other).post(reverse("induction:step_edit", args=[plan.pk, "meet_dcs"]),
                                            {"done_on_day": "20", "done_on_month": "5", "done_on_year": "2026", "version": "1"})
    assert refused.status_code == 403 and "only their own induction plan" in refused.content.decode()

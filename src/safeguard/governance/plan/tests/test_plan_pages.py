"""The improvement plan in the browser's terms: who sees and changes what, bad input, conflicts,
downloads, and an action's impact measured against the figures frozen when it was raised."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from datetime import date

import pytest
from django.urls import reverse

from safeguard.aggregates import Measure, current_measure, measure_to
from safeguard.governance.plan import services
from safeguard.governance.plan.models import PlanAction
from safeguard.roles import Role

pytestmark = pytest.mark.django_db

GOOD = {"title": "Audit the front door", "source": "audit", "factor": "leadership", "due_day": "30", "due_month": "6", "due_year": "2027"}


def test_a_lead_member_reads_the_plan_but_cannot_add_to_it(client_as, make_person):
    director = make_person(Role.DCS)
    services.raise_action(by=director, title="Stabilise the assessment teams", source="data", factor="resourcing", owner=director, due=date(2027, 1, 31))
    member = client_as(Role.LEAD_MEMBER)
    page = member.get(reverse("plan:actions"))
    assert page.status_code == 200
    assert "Stabilise the assessment teams" in page.content.decode()
    assert "Add an action" not in page.content.decode()
    assert member.get(reverse("plan:action_add")).status_code == 403


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"due_year": "2020"}, "The due date must be on or after the day the action was raised"),
        ({"due_month": "13"}, "The due date must be a real date"),
        ({"factor": "nonsense"}, "Choose one of the seven factors"),
        ({"indicator_id": "not_an_indicator", "direction": "up"}, "Choose one of the indicators"),
        ({"indicator_id": "re_referral_rate"}, "Say which way the indicator should move"),
        ({"title": ""}, "Enter what the action is"),
    ],
)
def test_bad_input_is_named_and_changes_nothing(client_as, make_person, changes, message):
    director = client_as(Role.DCS)
    owner = make_person(Role.ANALYST)
    response = director.post(reverse("plan:action_add"), {**GOOD, "owner": owner.pk, **changes})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert PlanAction.objects.count() == 0


def test_the_director_adds_an_action_then_a_stale_edit_is_refused_with_the_text_kept(client_as, make_person):
    owner = make_person(Role.PRACTICE_LEAD)
    director = client_as(Role.DCS)
    response = director.post(reverse("plan:action_add"), {**GOOD, "owner": owner.pk})
    assert response.status_code == 302
    action = PlanAction.objects.get()
    edit = reverse("plan:action_edit", args=[action.pk])
    first = director.post(edit, {**GOOD, "owner": owner.pk, "title": "Audit the front door twice", "version": "1"})
    assert first.status_code == 302
    second = client_as(Role.ANALYST).post(edit, {**GOOD, "owner": owner.pk, "title": "My own wording", "version": "1"})
    assert second.status_code == 409
    body = second.content.decode()
    assert "Someone else changed this record" in body and "My own wording" in body
    assert PlanAction.objects.get().title == "Audit the front door twice"


def test_the_plan_downloads_with_the_columns_an_inspector_expects(client_as, make_person):
    director = make_person(Role.DCS)
    services.raise_action(by=director, title="=cmd|' /C calc'!A0", source="inspection", factor="outcomes", owner=director, due=date(2027, 1, 31))
    response = client_as(Role.SCRUTINY_MEMBER).get(reverse("plan:actions_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:10] == ["id", "source", "factor", "owner", "due", "status", "indicator", "direction", "baseline", "latest"]
    assert rows[1][1:6] == ["inspection", "outcomes", director.username, "2027-01-31", "open"]
    assert rows[1][10].startswith("'=")  # never runs as a formula in Excel


def test_filters_narrow_the_plan(client_as, make_person):
    director = make_person(Role.DCS)
    for factor in ("leadership", "culture"):
        services.raise_action(by=director, title=f"About {factor}", source="data", factor=factor, owner=director, due=date(2027, 1, 31))
    page = client_as(Role.CHIEF_EXECUTIVE).get(reverse("plan:actions") + "?factor=culture").content.decode()
    assert "About culture" in page and "About leadership" not in page


def test_an_action_s_baseline_stays_as_it_was_when_later_data_arrives(synthetic_council, make_person, workbook):
    """Evidence is frozen: importing another return changes the figures now, never the figure the
    action was raised against."""
    from safeguard.snapshots import Store

    director = make_person(Role.DCS)
    action = services.raise_action(
        by=director, title="Fewer repeat referrals", source="warning", factor="outcomes", owner=director,
        due=date(2027, 1, 31), indicator_id="re_referral_rate", direction="down",
    )
    assert action.baseline is not None
    frozen = Measure.from_json(action.baseline)
    assert frozen == current_measure("re_referral_rate")
    assert frozen.period_end.day >= 28 and (frozen.period_end - frozen.period_start).days > 330
    with Store(synthetic_council.home) as store:
        outcome = store.import_file(workbook, loaded_by="test", confirmation="A test return, smaller than the council's own.")
        assert outcome.snapshot is not None
    now = current_measure("re_referral_rate")
    assert now is not None and now.fingerprint != frozen.fingerprint
    kept = PlanAction.objects.get(pk=action.pk).baseline
    assert kept is not None and Measure.from_json(kept) == frozen


def test_the_year_measure_adds_up_the_months_it_covers(synthetic_council):
    from safeguard.aggregates.published import published

    months = [value for value in published().figures.indicators["re_referral_rate"].months if value.team is None][-12:]
    measure = measure_to("re_referral_rate")
    counts = [(month.numerator, month.denominator) for month in months if month.numerator is not None and month.denominator is not None]
    assert len(counts) == len(months)
    assert measure is not None and measure.numerator is not None and measure.denominator is not None
    assert measure.numerator == sum(numerator for numerator, _ in counts)
    assert measure.denominator == sum(denominator for _, denominator in counts)
    assert measure.value == pytest.approx(100 * measure.numerator / measure.denominator)
    earlier = measure_to("re_referral_rate", months[-4].period_start)
    assert earlier is not None and earlier.period_end == months[-4].period_end


def test_impact_is_read_against_the_direction_wanted():
    baseline = Measure("re_referral_rate", "Re-referrals", "percent", date(2024, 1, 1), date(2024, 12, 31), 30, 100, 30.0, "a")
    lower = Measure("re_referral_rate", "Re-referrals", "percent", date(2024, 4, 1), date(2025, 3, 31), 20, 100, 20.0, "b")
    assert services.Impact(baseline, lower, "down").verdict == "better"
    assert services.Impact(baseline, lower, "up").verdict == "worse"
    assert services.Impact(baseline, baseline, "down").verdict == "no_new_data"
    assert services.Impact(baseline, None, "down").verdict == "not_measured"


def test_an_empty_due_date_is_asked_for_in_words_and_the_page_repeats_no_id(client_as, make_person):
    """The date boxes' own wording, not Django's "This field is required.", and the date's
    wrapper does not share its id with the day box the error summary links to."""
    director = client_as(Role.DCS)
    owner = make_person(Role.ANALYST)
    empty_date = {"due_day": "", "due_month": "", "due_year": ""}
    response = director.post(reverse("plan:action_add"), {**GOOD, **empty_date, "owner": owner.pk})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter the due date" in page
    assert "This field is required" not in page
    repeated = [name for name, count in Counter(re.findall(r'\sid="([^"]+)"', page)).items() if count > 1]
    assert repeated == []
    assert 'href="#due"' in page and 'id="due"' in page
    assert PlanAction.objects.count() == 0

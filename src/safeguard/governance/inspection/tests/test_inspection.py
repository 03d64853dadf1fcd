"""Inspection: Ofsted's judgements and limiting rules as data (checked against every council's
published grades), the council's and its neighbours' latest grades, the readiness checklist, and
the inspection history whose recommendations become plan actions; bad input is refused with a
clear message and changes nothing."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from published_data import BENCHMARKS, needs_benchmarks
from safeguard.benchmarks.loader import load_benchmarks
from safeguard.council import Council, save_council
from safeguard.errors import SafeguardError
from safeguard.governance.inspection import services
from safeguard.governance.inspection.judgements import judgements, parse_judgements, readiness
from safeguard.governance.inspection.models import Inspection, ReadinessCheck, Recommendation
from safeguard.governance.inspection.published_grades import grades_picture
from safeguard.governance.plan.models import PlanAction
from safeguard.governance.workflow.transitions import GovernanceError, NotAllowed, StaleEdit
from safeguard.roles import Role

GOOD: dict[str, Any] = {"impact_of_leaders": "good", "help_and_protection": "good", "in_care": "good", "care_leavers": "good"}
DATES: dict[str, Any] = {"kind": "ilacs_standard", "started_on": date(2025, 3, 10), "ended_on": date(2025, 3, 21)}


def test_the_rules_cap_the_overall_grade_as_worked_out_by_hand():
    data = judgements()
    with_inadequate = {**GOOD, "help_and_protection": "inadequate"}
    assert [(rule.id, cap.id) for rule, cap in data.limits(with_inadequate)] == [
        ("one_step_above_worst", "requires_improvement"), ("help_and_protection_inadequate", "inadequate")]
    ceiling = data.ceiling(with_inadequate)
    assert ceiling is not None and ceiling.id == "inadequate"
    assert [rule.id for rule in data.broken({**with_inadequate, "overall_effectiveness": "requires_improvement"})] == ["help_and_protection_inadequate"]
    one_weak = {**GOOD, "care_leavers": "requires_improvement"}
    ceiling = data.ceiling(one_weak)
    assert ceiling is not None and ceiling.id == "good"
    assert [rule.id for rule in data.broken({**one_weak, "overall_effectiveness": "outstanding"})] == ["one_step_above_worst"]
    assert data.broken({**one_weak, "overall_effectiveness": "good"}) == []


def test_each_rule_cites_public_guidance_or_ofsted_never_the_team_s_own_notes():
    """The rules' sources are printed on the Inspection page for leaders, who cannot read DOMAIN.md."""
    sources = [rule.source for rule in judgements().rules]
    assert sources == [
        "Ofsted's published ILACS grades: true of every council's latest inspection",
        'LGA Must know for lead members, "Ofsted" (the limiting judgement)',
    ]


@needs_benchmarks
def test_every_published_councils_grades_obey_the_rules(tmp_path: Path):
    load = load_benchmarks(BENCHMARKS, home=tmp_path)
    rows = pq.read_table(load.table("ofsted_grades")).to_pylist()
    data = judgements()
    graded = []
    for row in rows:
        grades = {area.id: grade.id for area in data.areas if (grade := data.from_published(row[area.id]))}
        if "overall_effectiveness" in grades:
            graded.append(grades)
    assert len(graded) > 140
    assert [grades for grades in graded if data.broken(grades)] == []
    capped_by_help = [grades for grades in graded if grades.get("help_and_protection") == "inadequate"]
    assert capped_by_help and all(grades["overall_effectiveness"] == "inadequate" for grades in capped_by_help)


@pytest.mark.parametrize(("change", "message"), [
    (('kind = "area_limits"', 'kind = "worst_of_all"'), r"rule 2 \(help_and_protection_inadequate\) field 'kind' is 'worst_of_all'"),
    (('limit = "inadequate"', 'limit = "poor"'), r"rule 2 \(help_and_protection_inadequate\) field 'limit' is 'poor'"),
    (("overall = true", "overall = false"), "exactly one area must be marked overall"),
])
def test_a_broken_judgements_file_is_refused_naming_the_entry_and_field(change, message):
    text = (Path(__file__).parents[1] / "judgements.toml").read_text(encoding="utf-8").replace(*change)
    with pytest.raises(SafeguardError, match=message):
        parse_judgements(text)


def test_an_inspection_whose_overall_grade_breaks_a_rule_is_refused_and_not_saved(make_person):
    director = make_person(Role.DCS)
    with pytest.raises(ValidationError) as refused:
        services.record_inspection(by=director, at=None, **DATES, **{**GOOD, "help_and_protection": "requires_improvement"},
                                   overall_effectiveness="outstanding")
    assert "never more than one step better" in refused.value.message_dict["overall_effectiveness"][0]
    with pytest.raises(ValidationError) as refused:
        services.record_inspection(by=director, at=None, **DATES, **GOOD)
    assert "missing: overall effectiveness" in refused.value.message_dict["overall_effectiveness"][0]
    with pytest.raises(ValidationError) as refused:
        services.record_inspection(by=director, kind="focused_visit", started_on=date(2025, 3, 10), ended_on=date(2025, 3, 7), in_care="good")
    assert set(refused.value.message_dict) == {"ended_on", "overall_effectiveness"}
    assert not Inspection.objects.exists()


def test_recommendations_become_plan_actions_from_an_inspection_once_each(make_person):
    director = make_person(Role.DCS)
    found = services.record_inspection(by=director, at=None, **DATES, **GOOD, overall_effectiveness="good")
    first = services.add_recommendation(found, by=director, text="Make sure  that strategy discussions\nalways include the police.")
    second = services.add_recommendation(found, by=director, text="Improve the timeliness of return interviews.")
    assert (first.number, second.number, first.text) == (1, 2, "Make sure that strategy discussions always include the police.")
    action = services.raise_recommendation_action(first, by=director, title="Police at every strategy discussion", factor="partnership",
                                                  owner=director, due=date(2027, 3, 31), raised_on=date(2025, 5, 6))
    assert (action.source, action.source_reference) == ("inspection", "Standard inspection (ILACS), March 2025, recommendation 1")
    with pytest.raises(GovernanceError, match="already has its plan action"):
        services.raise_recommendation_action(Recommendation.objects.get(pk=first.pk), by=director, title="Again", factor="partnership",
                                             owner=director, due=date(2027, 3, 31))
    with pytest.raises(NotAllowed):
        services.raise_recommendation_action(second, by=make_person(Role.BOARD_MEMBER), title="Interviews", factor="outcomes",
                                             owner=director, due=date(2027, 3, 31))
    assert PlanAction.objects.count() == 1


def test_a_readiness_item_keeps_its_history_and_refuses_a_stale_edit(make_person):
    analyst = make_person(Role.ANALYST)
    item_id = readiness().items[0].id
    with pytest.raises(ValidationError) as refused:
        services.record_check(item_id, by=analyst, seen_version=None, changes={"status": "ready", "evidence": " "})
    assert "evidence" in refused.value.message_dict
    check = services.record_check(item_id, by=analyst, seen_version=None, changes={"status": "in_hand", "evidence": "Questions booked for June."})
    check = services.record_check(item_id, by=analyst, seen_version=1, changes={"status": "ready", "evidence": "Gone through on 3 June."})
    with pytest.raises(StaleEdit):
        services.record_check(item_id, by=analyst, seen_version=1, changes={"status": "not_started", "evidence": ""})
    assert (ReadinessCheck.objects.get().status, check.history.count()) == ("ready", 2)
    counts = services.readiness_counts()
    assert (counts["ready"], counts["not_started"], sum(counts.values())) == (1, len(readiness().items) - 1, len(readiness().items))


@needs_benchmarks
def test_the_council_and_its_ten_neighbours_grades_from_the_published_file(store_home: Path, client_as):
    load_benchmarks(BENCHMARKS, home=store_home)
    save_council(Council(name="Demo council", la_code="370"), store_home)
    picture = grades_picture()
    assert picture.council is not None and picture.council.name == "Barnsley"
    assert {area: grade.id for area, grade in picture.council.grades.items() if grade} == {
        "impact_of_leaders": "good", "help_and_protection": "requires_improvement", "in_care": "good", "care_leavers": "good",
        "overall_effectiveness": "good"}
    assert [item.la_number for item in picture.neighbours] == [372, 384, 357, 371, 332, 894, 840, 390, 807, 394]
    assert picture.neighbours[8].name == "Redcar and Cleveland", "named as the council list spells it, not the file's lower case"
    overall = {grade.id: picture.count("overall_effectiveness", grade) for grade in judgements().grades}
    assert overall == {"outstanding": 4, "good": 4, "requires_improvement": 1, "inadequate": 1}
    client = client_as(Role.SCRUTINY_MEMBER)
    page = client.get(reverse("inspection:overview")).content.decode()
    assert "Barnsley" in page and "Neighbour 10" in page
    rows = list(csv.reader(io.StringIO(client.get(reverse("inspection:grades_csv")).content.decode())))
    assert len(rows) == 12 and rows[1][:3] == ["0", "370", "Barnsley"]


def test_without_the_published_file_the_page_says_what_to_do(store_home: Path, client_as):
    save_council(Council(name="Demo council", la_code="370"), store_home)
    page = client_as(Role.LEAD_MEMBER).get(reverse("inspection:overview"))
    assert page.status_code == 200 and "safeguard benchmarks load" in page.content.decode()


def test_recording_an_inspection_in_the_browser_refuses_bad_input_and_saves_nothing(client_as):
    client = client_as(Role.DCS)
    url = reverse("inspection:inspection_add")
    data = {"kind": "ilacs_standard", "started_on_day": "10", "started_on_month": "3", "started_on_year": "2025", "ended_on_day": "21",
            "ended_on_month": "3", "ended_on_year": "2025", **GOOD, "help_and_protection": "inadequate", "overall_effectiveness": "requires_improvement"}
    bad = client.post(url, data)
    assert bad.status_code == 400 and "When help and protection is inadequate, so is overall effectiveness." in bad.content.decode()
    odd = client.post(url, {**data, "overall_effectiveness": "excellent", "report_link": "not a link"})
    assert odd.status_code == 400 and "four grades for overall effectiveness" in odd.content.decode() and "web address" in odd.content.decode()
    assert not Inspection.objects.exists()
    good = client.post(url, {**data, "overall_effectiveness": "inadequate"})
    assert good.status_code == 302
    found = Inspection.objects.get()
    edit = reverse("inspection:inspection_edit", args=[found.pk])
    assert client.post(edit, {**data, "overall_effectiveness": "inadequate", "summary": "Weak front door.", "version": "1"}).status_code == 302
    assert client.post(edit, {**data, "overall_effectiveness": "inadequate", "summary": "Other.", "version": "1"}).status_code == 409
    page = client.get(reverse("inspection:inspection", args=[found.pk])).content.decode()
    assert "the summary from nothing to Weak front door." in page and "allows at best inadequate" in page

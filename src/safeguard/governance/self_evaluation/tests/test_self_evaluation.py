"""The Ofsted self-evaluation: drafted from the records, edited into numbered versions by people,
stale edits refused, and exported as Word and PDF with the three questions."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from docx import Document
from docx.text.paragraph import Paragraph
from pypdf import PdfReader

from safeguard.governance.assessments.tests.cycles import agreed, graded_cycle
from safeguard.governance.plan import services as plan
from safeguard.governance.self_evaluation import services
from safeguard.governance.self_evaluation.models import QUESTIONS, SelfEvaluation
from safeguard.governance.workflow.transitions import NotAllowed, StaleEdit
from safeguard.roles import Role

pytestmark = pytest.mark.django_db
TODAY = date(2027, 3, 1)
THREE_QUESTIONS = [question for _, question in QUESTIONS]


def _texts(evaluation: SelfEvaluation) -> str:
    return "\n".join([evaluation.what_we_know, evaluation.how_we_know, evaluation.our_plans])


def test_the_draft_with_no_records_yet_says_so_plainly(make_person):
    evaluation = services.start_evaluation(by=make_person(Role.ANALYST), title="Ofsted self-evaluation", today=TODAY)
    assert (evaluation.version, evaluation.headline_figures) == (1, [])
    text = _texts(evaluation)
    assert "There are no figures to compare" in text
    assert "No self-assessment has been agreed yet." in text
    assert "The improvement plan has no actions yet." in text


def test_the_draft_brings_in_the_agreed_grades_and_the_plan_with_its_impact(make_person):
    analyst, director = make_person(Role.ANALYST), make_person(Role.DCS)
    cycle = agreed(graded_cycle(analyst, {"culture": "requires_improvement"}), analyst, director)
    cycle.factors.filter(factor="outcomes").update(audit_evidence="Child's voice evident in 8 of 10 audits.")
    late = plan.raise_action(by=director, title="Clear unallocated cases", source="warning", factor="resourcing", owner=analyst,
                             raised_on=TODAY - timedelta(days=60), due=TODAY - timedelta(days=1))
    done = plan.raise_action(by=director, title="Weekly tracker of assessments", source="data", factor="performance_and_quality",
                             owner=analyst, raised_on=TODAY - timedelta(days=90), due=TODAY + timedelta(days=30))
    plan.move_action(done, "complete", by=director, seen_version=1, reason="Tracker reviewed every Monday.")
    evaluation = services.start_evaluation(by=analyst, title="Ofsted self-evaluation", today=TODAY)
    assert f"Our last agreed self-assessment ({cycle.title}) graded" in evaluation.what_we_know
    assert "Culture: requires improvement to be good" in evaluation.what_we_know
    assert "Child's voice evident in 8 of 10 audits." in evaluation.how_we_know
    assert "1 live action, 1 of them overdue, and 1 completed" in evaluation.our_plans
    assert f"- {late.title} (resourcing; {analyst.display_name}; due {late.due:%-d %B %Y}, overdue)." in evaluation.our_plans
    assert "- Weekly tracker of assessments: Tracker reviewed every Monday." in evaluation.our_plans


def test_the_draft_compares_the_headline_figures_with_england_and_the_neighbours(synthetic_council, make_person):
    evaluation = services.start_evaluation(by=make_person(Role.DCS), title="Ofsted self-evaluation", today=TODAY)
    assert evaluation.headline_figures, "the synthetic council has benchmarks loaded"
    first = evaluation.headline_figures[0]
    assert set(first) == {"indicator", "year", "council", "england", "neighbours", "band"}
    assert f"- {first['indicator']}: {first['council']} in {first['year']}, against {first['england']} in England" in evaluation.what_we_know
    assert "early warning" in evaluation.what_we_know


def test_each_save_is_a_numbered_version_with_who_and_when_and_a_stale_one_is_refused(make_person):
    analyst = make_person(Role.ANALYST, username="analyst")
    director = make_person(Role.DCS, username="director")
    evaluation = services.start_evaluation(by=analyst, title="Ofsted self-evaluation", today=TODAY)
    opened_by_both = SelfEvaluation.objects.get(pk=evaluation.pk)
    services.save_version(opened_by_both, by=director, seen_version=1, changes={"what_we_know": "Practice is improving."})
    with pytest.raises(StaleEdit):
        services.save_version(opened_by_both, by=analyst, seen_version=1, changes={"what_we_know": "My stale words"})
    with pytest.raises(NotAllowed):
        services.save_version(opened_by_both, by=make_person(Role.LEAD_MEMBER), seen_version=2, changes={"our_plans": "x"})
    versions = services.versions(SelfEvaluation.objects.get(pk=evaluation.pk))
    assert [(item.number, item.saved_by) for item in versions] == [(2, director.display_name), (1, analyst.display_name)]
    assert versions[0].what_we_know == "Practice is improving."
    assert versions[1].what_we_know == evaluation.what_we_know
    assert services.version_of(evaluation, 7) is None


def test_a_stale_edit_on_the_page_is_answered_409_with_the_text_kept(client_as, make_person):
    evaluation = services.start_evaluation(by=make_person(Role.ANALYST), title="Ofsted self-evaluation", today=TODAY)
    url = reverse("self_evaluation:evaluation_edit", args=[evaluation.pk])
    data = {"title": "Ofsted self-evaluation", "how_we_know": "Audits.", "our_plans": "Plans.", "version": "1"}
    assert client_as(Role.DCS).post(url, {**data, "what_we_know": "The Director's words."}).status_code == 302
    second = client_as(Role.ANALYST).post(url, {**data, "what_we_know": "The analyst's own paragraph"})
    assert second.status_code == 409
    body = second.content.decode()
    assert "The analyst&#39;s own paragraph" in body and "The Director&#39;s words." in body
    assert SelfEvaluation.objects.get().what_we_know == "The Director's words."


def test_bad_input_is_named_and_changes_nothing(client_as, make_person):
    evaluation = services.start_evaluation(by=make_person(Role.ANALYST), title="Ofsted self-evaluation", today=TODAY)
    response = client_as(Role.DCS).post(
        reverse("self_evaluation:evaluation_edit", args=[evaluation.pk]),
        {"title": "", "what_we_know": "", "how_we_know": "x", "our_plans": "y", "version": "1"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Give the self-evaluation a title" in body and "Write what we know about the quality and impact of practice" in body
    assert SelfEvaluation.objects.get().version == 1


def test_a_redraft_from_the_records_is_only_a_proposal_until_saved(client_as, make_person):
    evaluation = services.start_evaluation(by=make_person(Role.ANALYST), title="Ofsted self-evaluation", today=TODAY)
    services.save_version(evaluation, by=make_person(Role.DCS), seen_version=1, changes={"what_we_know": "Our own words."})
    page = client_as(Role.DCS).get(reverse("self_evaluation:evaluation_edit", args=[evaluation.pk]) + "?from_records=yes").content.decode()
    assert "drafted afresh from today" in page and "No self-assessment has been agreed yet." in page
    assert SelfEvaluation.objects.get().what_we_know == "Our own words."


def test_leaders_read_every_version_but_only_the_director_and_analyst_edit(client_as, make_person):
    evaluation = services.start_evaluation(by=make_person(Role.ANALYST), title="Ofsted self-evaluation", today=TODAY)
    services.save_version(evaluation, by=make_person(Role.DCS), seen_version=1, changes={"our_plans": "Version two's plans."})
    member = client_as(Role.LEAD_MEMBER)
    page = member.get(reverse("self_evaluation:evaluation", args=[evaluation.pk])).content.decode()
    assert "Version two&#39;s plans." in page and "Edit</a>" not in page
    first = member.get(reverse("self_evaluation:version", args=[evaluation.pk, 1])).content.decode()
    assert "This is version 1, not the latest." in first
    assert member.get(reverse("self_evaluation:version", args=[evaluation.pk, 9])).status_code == 404
    assert member.get(reverse("self_evaluation:evaluation_edit", args=[evaluation.pk])).status_code == 403
    assert member.post(reverse("self_evaluation:evaluation_start")).status_code == 403
    assert client_as(Role.PRACTICE_LEAD).get(reverse("self_evaluation:evaluation_edit", args=[evaluation.pk])).status_code == 403


def _evaluation_with_figures(make_person) -> SelfEvaluation:
    evaluation = services.start_evaluation(by=make_person(Role.ANALYST), title="Northbrook self-evaluation, March 2027", today=TODAY)
    figures = [{"indicator": "Re-referrals within 12 months (%)", "year": "2025-26", "council": "21.0%", "england": "22.4%",
                "neighbours": "20.9%", "band": "Band B"}]
    SelfEvaluation.objects.filter(pk=evaluation.pk).update(headline_figures=figures)
    evaluation = SelfEvaluation.objects.get(pk=evaluation.pk)
    director = make_person(Role.DCS)
    director.first_name, director.last_name = "Dana", "Director"
    director.save()
    return services.save_version(
        evaluation, by=director, seen_version=1,
        changes={"what_we_know": "Practice is good and improving.\n- Audits show the child's voice.", "audit_evidence": "Spring round: 70% good."},
    )


def test_the_word_document_has_the_three_questions_as_headings_a_figures_table_and_its_properties(client_as, make_person):
    evaluation = _evaluation_with_figures(make_person)
    response = client_as(Role.CHIEF_EXECUTIVE).get(reverse("self_evaluation:evaluation_docx", args=[evaluation.pk]))
    assert response.status_code == 200 and "v2.docx" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    headings = [(_style(paragraph), paragraph.text) for paragraph in document.paragraphs if _style(paragraph).startswith(("Heading", "Title"))]
    assert headings == [
        ("Title", "Northbrook self-evaluation, March 2027"),
        *[("Heading 1", question) for question in THREE_QUESTIONS],
        ("Heading 1", "What case audits show"),
        ("Heading 1", "Headline figures"),
    ]
    [table] = document.tables
    assert [cell.text for cell in table.rows[0].cells] == ["Indicator", "Year", "Us", "England", "Statistical neighbours", "Band"]
    assert [cell.text for cell in table.rows[1].cells] == ["Re-referrals within 12 months (%)", "2025-26", "21.0%", "22.4%", "20.9%", "Band B"]
    assert document.core_properties.title == "Northbrook self-evaluation, March 2027"
    assert document.core_properties.author == "Dana Director"
    bullets = [paragraph.text for paragraph in document.paragraphs if _style(paragraph) == "List Bullet"]
    assert "Audits show the child's voice." in bullets
    first = client_as(Role.CHIEF_EXECUTIVE).get(reverse("self_evaluation:evaluation_docx", args=[evaluation.pk]) + "?version=1")
    assert "v1.docx" in first["Content-Disposition"]


def test_the_pdf_holds_the_three_questions_and_their_answers(client_as, make_person):
    evaluation = _evaluation_with_figures(make_person)
    response = client_as(Role.SCRUTINY_MEMBER).get(reverse("self_evaluation:evaluation_pdf", args=[evaluation.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    for question in THREE_QUESTIONS:
        assert question in text
    assert "Practice is good and improving." in text and "Re-referrals within 12 months (%)" in text and "22.4%" in text
    assert reader.metadata is not None
    assert reader.metadata.title == "Northbrook self-evaluation, March 2027"
    assert reader.metadata.author == "Dana Director"
    assert reader.root_object["/Lang"] == "en-GB"


def _style(paragraph: Paragraph) -> str:
    """The name of a paragraph's style (python-docx gives every paragraph one: the default at least)."""
    assert paragraph.style is not None
    return paragraph.style.name


def test_starting_a_draft_lands_on_it_and_a_refused_draft_is_said_on_the_list_with_nothing_drafted(client_as, monkeypatch):
    from django.core.exceptions import ValidationError

    from safeguard.web.audit.models import AccessRecord

    director = client_as(Role.DCS)
    started = director.post(reverse("self_evaluation:evaluation_start"))
    made = SelfEvaluation.objects.get()
    assert started.status_code == 302 and started["Location"] == reverse("self_evaluation:evaluation", args=[made.pk])

    def refuse(today: date) -> None:
        raise ValidationError("The records could not be read: the store is being restored.")

    monkeypatch.setattr(services, "draft_from_records", refuse)
    refused = director.post(reverse("self_evaluation:evaluation_start"))
    assert refused.status_code == 400
    page = " ".join(refused.content.decode().split())
    assert "Your change has not been saved" in page and "The records could not be read: the store is being restored." in page
    assert made.title in page  # the list of self-evaluations, as it was
    assert SelfEvaluation.objects.count() == 1
    outcomes = list(AccessRecord.objects.filter(action="draft_self_evaluation").order_by("id").values_list("outcome", flat=True))
    assert outcomes == ["succeeded", "failed"]

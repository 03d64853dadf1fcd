"""The self-assessment in the browser's terms: who sees and does what, bad input, conflicts,
documents, the comparison with the last agreed cycle, and evidence frozen against later imports."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from safeguard.aggregates import Measure, current_measure
from safeguard.governance.assessments import services
from safeguard.governance.assessments.models import AssessmentComment, AssessmentCycle, EvidenceDocument, FactorAssessment
from safeguard.governance.assessments.tests.cycles import agreed, graded_cycle
from safeguard.roles import Role

pytestmark = pytest.mark.django_db


def test_a_lead_member_reads_and_comments_but_cannot_draft(client_as, make_person):
    cycle = services.start_cycle(by=make_person(Role.ANALYST))
    member = client_as(Role.LEAD_MEMBER)
    listing = member.get(reverse("assessments:cycles")).content.decode()
    assert cycle.title in listing and "Start a self-assessment" not in listing
    assert 'href="/self-assessment/"' in listing  # the one navigation entry
    assert "Local Test of Assurance" in listing and "Ofsted self-evaluation" in listing
    page = member.get(reverse("assessments:cycle", args=[cycle.pk])).content.decode()
    assert "Add the comment" in page and "Upload the document" not in page and "Grade leadership" not in page
    assert member.get(reverse("assessments:cycle_start")).status_code == 403
    assert member.get(reverse("assessments:factor_edit", args=[cycle.pk, "leadership"])).status_code == 403
    response = member.post(reverse("assessments:comment_add", args=[cycle.pk]), {"about": "culture", "text": "How do staff feel?"})
    assert response.status_code == 302
    assert AssessmentComment.objects.get().factor == "culture"


def test_the_director_starts_a_cycle_from_the_form(client_as):
    director = client_as(Role.DCS)
    data = {"title": "", "period_start_day": "1", "period_start_month": "10", "period_start_year": "2026",
            "period_end_day": "31", "period_end_month": "12", "period_end_year": "2026", "due_day": "15", "due_month": "1", "due_year": "2027"}
    response = director.post(reverse("assessments:cycle_start"), data)
    assert response.status_code == 302
    cycle = AssessmentCycle.objects.get()
    assert cycle.title == "Quarter 3, 2026-27" and cycle.factors.count() == 7


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"grade": "excellent"}, "Choose one of Ofsted&#39;s four grades"),
        ({"grade": "good", "narrative": "x" * 8001}, "The narrative must be 8,000 characters or fewer"),
    ],
)
def test_bad_grades_are_named_and_change_nothing(client_as, make_person, data, message):
    cycle = services.start_cycle(by=make_person(Role.ANALYST))
    response = client_as(Role.PRACTICE_LEAD).post(reverse("assessments:factor_edit", args=[cycle.pk, "culture"]), {**data, "version": "1"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert FactorAssessment.objects.get(cycle=cycle, factor="culture").version == 1


def test_an_unknown_factor_is_named_and_changes_nothing(client_as, make_person):
    cycle = services.start_cycle(by=make_person(Role.ANALYST))
    response = client_as(Role.DCS).post(reverse("assessments:factor_edit", args=[cycle.pk, "leadershp"]), {"grade": "good", "version": "1"})
    assert response.status_code == 404
    assert "There is no factor &#39;leadershp&#39;" in response.content.decode()
    assert set(FactorAssessment.objects.values_list("version", flat=True)) == {1}
    comment = client_as(Role.LEAD_MEMBER).post(reverse("assessments:comment_add", args=[cycle.pk]), {"about": "leadershp", "text": "Hm?"})
    assert comment.status_code == 400
    assert "Choose one of the seven factors, or the whole self-assessment" in comment.content.decode()
    assert AssessmentComment.objects.count() == 0


def test_two_people_grading_one_factor_one_wins_the_other_gets_409_with_their_text_kept(client_as, make_person):
    cycle = services.start_cycle(by=make_person(Role.ANALYST))
    url = reverse("assessments:factor_edit", args=[cycle.pk, "workforce_development"])
    first = client_as(Role.DCS).post(url, {"grade": "good", "narrative": "Supervision is monthly.", "version": "1"})
    assert first.status_code == 302
    second = client_as(Role.PRACTICE_LEAD).post(url, {"grade": "inadequate", "narrative": "My own careful wording", "version": "1"})
    assert second.status_code == 409
    body = second.content.decode()
    assert "Someone else changed this record" in body and "My own careful wording" in body and "Supervision is monthly." in body
    kept = FactorAssessment.objects.get(cycle=cycle, factor="workforce_development")
    assert (kept.grade, kept.narrative, kept.version) == ("good", "Supervision is monthly.", 2)


def test_a_document_is_uploaded_and_downloaded_under_its_own_name(client_as, make_person):
    cycle = services.start_cycle(by=make_person(Role.ANALYST))
    director = client_as(Role.DCS)
    upload = SimpleUploadedFile("Board minutes (May).txt", b"The board met.\n", "text/plain")
    response = director.post(reverse("assessments:document_add", args=[cycle.pk]), {"document": upload, "factor": "partnership"})
    assert response.status_code == 302
    document = EvidenceDocument.objects.get()
    download = client_as(Role.SCRUTINY_MEMBER).get(reverse("assessments:document", args=[document.pk]))
    assert download.status_code == 200
    assert download.content == b"The board met.\n"
    assert download["Content-Disposition"].startswith("attachment;") and "Board minutes" in download["Content-Disposition"]
    assert download["Content-Type"].startswith("text/plain")
    page = director.get(reverse("assessments:cycle", args=[cycle.pk])).content.decode()
    assert "Board minutes (May).txt" in page and document.sha256[:12] in page


def test_an_upload_that_is_not_a_document_gets_a_clear_message_and_changes_nothing(client_as, make_person, store_home):
    cycle = services.start_cycle(by=make_person(Role.ANALYST))
    upload = SimpleUploadedFile("budget.xlsx", b"MZ\x90\x00 not a workbook", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response = client_as(Role.DCS).post(reverse("assessments:document_add", args=[cycle.pk]), {"document": upload})
    assert response.status_code == 400
    assert "“budget.xlsx” is not a document Safeguard keeps" in response.content.decode()
    assert EvidenceDocument.objects.count() == 0 and list((store_home / "documents").iterdir()) == []
    access_log = apps.get_model("audit", "AccessRecord")
    assert access_log.objects.filter(action="add_assessment_document").values_list("outcome", flat=True).get() == "failed"


@override_settings(EVIDENCE_MAX_BYTES=2 * 1024 * 1024)
def test_an_oversized_upload_gets_a_clear_message_and_changes_nothing(client_as, make_person, store_home):
    cycle = services.start_cycle(by=make_person(Role.ANALYST))
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.7\n" + b"0" * (3 * 1024 * 1024), "application/pdf")
    response = client_as(Role.DCS).post(reverse("assessments:document_add", args=[cycle.pk]), {"document": upload})
    assert response.status_code == 400
    assert "“scan.pdf” is larger than the 2 MB limit for evidence documents" in response.content.decode()
    assert EvidenceDocument.objects.count() == 0 and list((store_home / "documents").iterdir()) == []


def test_a_cycle_shows_beside_the_last_agreed_one_with_who_agreed_it(client_as, make_person):
    analyst, director = make_person(Role.ANALYST), make_person(Role.DCS, username="the.director")
    director.first_name, director.last_name = "Dana", "Director"
    director.save()
    spring = agreed(graded_cycle(analyst, {"culture": "requires_improvement"}), analyst, director)
    summer = graded_cycle(analyst, {"culture": "good", "outcomes": "inadequate"}, start=spring.period_end.replace(day=1).replace(month=7))
    services.edit_factor(
        summer.factors.get(factor="culture"), by=analyst, seen_version=2,
        changes={"what_changed": "Reflective supervision now reaches every team."},
    )
    page = client_as(Role.CHIEF_EXECUTIVE).get(reverse("assessments:cycle", args=[summer.pk])).content.decode()
    assert f"Grade in {spring.title}" in page
    assert "Improved" in page and "Declined" in page and "No change" in page
    assert "Reflective supervision now reaches every team." in page
    earlier = client_as(Role.LEAD_MEMBER).get(reverse("assessments:cycle", args=[spring.pk])).content.decode()
    assert "Dana Director" in earlier and "First assessment" in earlier


def test_indicators_are_frozen_when_submitted_and_later_imports_never_change_them(synthetic_council, make_person, workbook, client_as):
    """The evidence a cycle was agreed on stays as it stood that day, whatever data arrives after."""
    from safeguard.snapshots import Store

    analyst, director = make_person(Role.ANALYST), make_person(Role.DCS)
    cycle = graded_cycle(analyst)
    before = current_measure("re_referral_rate")
    cycle = services.move_cycle(cycle, "submit", by=analyst, seen_version=cycle.version)
    cycle = services.move_cycle(cycle, "agree", by=director, seen_version=cycle.version)
    frozen = FactorAssessment.objects.get(cycle=cycle, factor="performance_and_quality").indicators
    assert frozen is not None and before is not None
    assert set(frozen) == set(services.indicators_of("performance_and_quality")) - {
        key for key in services.indicators_of("performance_and_quality") if current_measure(key) is None
    }
    assert Measure.from_json(frozen["re_referral_rate"]) == before
    with Store(synthetic_council.home) as store:
        assert store.import_file(workbook, loaded_by="test", confirmation="A test return, smaller than the council's own.").snapshot
    after = current_measure("re_referral_rate")
    assert after is not None
    assert after.fingerprint != before.fingerprint
    kept = FactorAssessment.objects.get(cycle=cycle, factor="performance_and_quality").indicators
    assert kept == frozen
    row = next(row for row in services.compare(AssessmentCycle.objects.get(pk=cycle.pk), None) if row.factor.id == "performance_and_quality")
    assert next(line.now for line in row.indicators if line.indicator_id == "re_referral_rate") == before
    page = client_as(Role.LEAD_MEMBER).get(reverse("assessments:cycle", args=[cycle.pk])).content.decode()
    assert "Now (frozen)" in page and before.period_text in page


def test_a_refused_upload_is_named_beside_the_file_box_with_the_rest_of_the_form_kept(client_as, make_person, store_home):
    cycle = services.start_cycle(by=make_person(Role.ANALYST))
    upload = SimpleUploadedFile("notes.exe", b"MZ\x90\x00 a program", "application/octet-stream")
    data = {"document": upload, "factor": "partnership", "description": "The partnership's minutes for May"}
    response = client_as(Role.DCS).post(reverse("assessments:document_add", args=[cycle.pk]), data)
    assert response.status_code == 400
    page = " ".join(response.content.decode().split())
    assert 'href="#document"' in page and '<p id="document-error" class="govuk-error-message">' in page
    assert "“notes.exe” is not a document Safeguard keeps" in page
    assert "The partnership&#39;s minutes for May" in page and '<option value="partnership" selected>' in page
    assert EvidenceDocument.objects.count() == 0 and list((store_home / "documents").iterdir()) == []

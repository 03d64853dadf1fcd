"""Self-assessment cycles: quarters, grades, the workflow with who and when, comments, evidence
documents checked by their bytes, and the comparison with the last agreed cycle."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from safeguard.factors import FACTORS
from safeguard.governance.assessments import evidence_files, services
from safeguard.governance.assessments.models import AssessmentComment, AssessmentCycle, EvidenceDocument, FactorAssessment
from safeguard.governance.assessments.tests.cycles import agreed, graded_cycle
from safeguard.governance.workflow.transitions import GovernanceError, NotAllowed, NotAvailable, StaleEdit, transitions_of
from safeguard.roles import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "start", "end", "title"),
    [
        (date(2026, 11, 5), date(2026, 10, 1), date(2026, 12, 31), "Quarter 3, 2026-27"),
        (date(2027, 2, 28), date(2027, 1, 1), date(2027, 3, 31), "Quarter 4, 2026-27"),
        (date(2026, 4, 1), date(2026, 4, 1), date(2026, 6, 30), "Quarter 1, 2026-27"),
        (date(2026, 3, 31), date(2026, 1, 1), date(2026, 3, 31), "Quarter 4, 2025-26"),
    ],
)
def test_a_cycle_is_a_quarter_of_the_financial_year_by_default(make_person, day, start, end, title):
    cycle = services.start_cycle(by=make_person(Role.ANALYST), today=day)
    assert (cycle.period_start, cycle.period_end, cycle.due, cycle.title, cycle.state) == (start, end, end, title, "draft")
    assert sorted(cycle.factors.values_list("factor", flat=True)) == sorted(item.id for item in FACTORS)
    assert set(cycle.factors.values_list("grade", flat=True)) == {""}


def test_leaders_cannot_start_or_grade_a_cycle(make_person):
    member = make_person(Role.LEAD_MEMBER)
    with pytest.raises(NotAllowed):
        services.start_cycle(by=member)
    cycle = services.start_cycle(by=make_person(Role.PRACTICE_LEAD))
    factor = cycle.factors.first()
    assert factor is not None
    with pytest.raises(NotAllowed):
        services.edit_factor(factor, by=member, seen_version=1, changes={"grade": "good"})
    assert set(cycle.factors.values_list("grade", flat=True)) == {""}


def test_a_grade_that_is_not_one_of_ofsted_s_four_is_refused_and_nothing_changes(make_person):
    analyst = make_person(Role.ANALYST)
    assessment = services.start_cycle(by=analyst).factors.get(factor="culture")
    with pytest.raises(ValidationError) as refused:
        services.edit_factor(assessment, by=analyst, seen_version=1, changes={"grade": "excellent", "narrative": "Great."})
    assert "grade" in refused.value.message_dict
    kept = FactorAssessment.objects.get(pk=assessment.pk)
    assert (kept.grade, kept.narrative, kept.version) == ("", "", 1)


def test_an_unknown_factor_is_named(make_person):
    cycle = services.start_cycle(by=make_person(Role.ANALYST))
    with pytest.raises(KeyError, match="no factor 'leadershp'.*leadership, culture"):
        services.factor_assessment(cycle, "leadershp")


def test_submitting_needs_every_factor_graded_and_narrated(make_person):
    analyst = make_person(Role.ANALYST)
    cycle = services.start_cycle(by=analyst)
    services.edit_factor(cycle.factors.get(factor="leadership"), by=analyst, seen_version=1, changes={"grade": "good", "narrative": "Stable."})
    with pytest.raises(GovernanceError, match="Culture, Resourcing") as refused:
        services.move_cycle(cycle, "submit", by=analyst, seen_version=1, measure=lambda _id: None)
    assert "Leadership," not in str(refused.value)
    assert AssessmentCycle.objects.get(pk=cycle.pk).state == "draft"


def test_the_team_drafts_only_the_director_agrees_and_each_step_says_who_when_and_why(make_person):
    analyst = make_person(Role.ANALYST, username="analyst")
    lead = make_person(Role.PRACTICE_LEAD, username="lead")
    director = make_person(Role.DCS, username="director")
    cycle = services.start_cycle(by=analyst)
    for assessment in cycle.factors.all():
        services.edit_factor(assessment, by=lead, seen_version=1, changes={"grade": "requires_improvement", "narrative": "Not yet good."})
    cycle = services.move_cycle(cycle, "submit", by=analyst, seen_version=1, measure=lambda _id: None)
    with pytest.raises(NotAllowed):
        services.move_cycle(cycle, "agree", by=analyst, seen_version=2)
    with pytest.raises(GovernanceError, match="Say why"):
        services.move_cycle(cycle, "send_back", by=director, seen_version=2)
    cycle = services.move_cycle(cycle, "agree", by=director, seen_version=2)
    with pytest.raises(NotAvailable):
        services.move_cycle(cycle, "agree", by=director, seen_version=3)
    factor = cycle.factors.first()
    assert factor is not None
    with pytest.raises(GovernanceError, match="no longer be changed"):
        services.edit_factor(factor, by=lead, seen_version=2, changes={"grade": "good"})
    cycle = services.move_cycle(cycle, "reopen", by=director, seen_version=3, reason="Ofsted's focused visit found more")
    steps = [(step.transition, step.by_name, step.role, step.reason) for step in transitions_of(cycle)]
    assert steps == [
        ("submit", analyst.display_name, "analyst", ""),
        ("agree", director.display_name, "dcs", ""),
        ("reopen", director.display_name, "dcs", "Ofsted's focused visit found more"),
    ]
    who = services.accountability(cycle)
    assert who.drafted_by == (analyst.display_name, lead.display_name)
    agreement = who.last("agree")
    assert agreement is not None and agreement.who == director.display_name


def test_two_people_grading_the_same_factor_at_once_one_wins_and_the_other_is_told(make_person):
    first, second = make_person(Role.ANALYST), make_person(Role.PRACTICE_LEAD)
    cycle = services.start_cycle(by=first)
    seen_by_both = cycle.factors.get(factor="resourcing")
    services.edit_factor(seen_by_both, by=first, seen_version=1, changes={"grade": "good", "narrative": "Caseloads are down."})
    with pytest.raises(StaleEdit) as stale:
        services.edit_factor(seen_by_both, by=second, seen_version=1, changes={"grade": "inadequate", "narrative": "Agency staff."})
    assert isinstance(stale.value.current, FactorAssessment) and stale.value.current.narrative == "Caseloads are down."
    kept = FactorAssessment.objects.get(pk=seen_by_both.pk)
    assert (kept.grade, kept.version, kept.history.count()) == ("good", 2, 2)


def test_comments_are_records_of_their_own_reworded_only_by_their_author_and_never_lost(make_person):
    member = make_person(Role.LEAD_MEMBER)
    chief = make_person(Role.CHIEF_EXECUTIVE)
    cycle = services.start_cycle(by=make_person(Role.ANALYST))
    note = services.comment(cycle, by=member, text="Why is partnership graded good?", factor_id="partnership")
    with pytest.raises(NotAllowed):
        services.reword_comment(note, by=chief, seen_version=1, text="Not mine")
    note = services.reword_comment(note, by=member, seen_version=1, text="What evidence shows partnership is good?")
    assert services.earlier_wordings(note) == ["Why is partnership graded good?"]
    with pytest.raises(StaleEdit):
        services.reword_comment(note, by=member, seen_version=1, text="Stale")
    with pytest.raises(Exception, match="never deleted"):
        note.delete()
    with pytest.raises(NotAllowed):
        services.comment(cycle, by=make_person(Role.PRACTICE_LEAD), text="Practice leads draft; they do not comment.")
    assert AssessmentComment.objects.count() == 1


def test_what_moved_since_the_last_agreed_cycle(make_person):
    analyst, director = make_person(Role.ANALYST), make_person(Role.DCS)
    spring = agreed(graded_cycle(analyst, {"culture": "requires_improvement", "outcomes": "good"}), analyst, director)
    summer = graded_cycle(analyst, {"culture": "good", "outcomes": "requires_improvement"}, start=date(2026, 7, 1))
    assert services.previous_agreed(summer) == spring
    assert services.previous_agreed(spring) is None
    movement = {row.factor.id: row.movement for row in services.compare(summer, spring)}
    assert movement["culture"] == "improved"
    assert movement["outcomes"] == "declined"
    assert movement["leadership"] == "held"
    assert {row.movement for row in services.compare(spring, None)} == {"first"}


def _docx() -> bytes:
    from docx import Document

    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("Audit summary")
    document.save(buffer)
    return buffer.getvalue()


def _xlsx() -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    workbook.add_worksheet().write(0, 0, "Caseloads")
    workbook.close()
    return buffer.getvalue()


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office:document-content/>"})


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "pdf"),
        ("audit.docx", None, "docx"),
        ("caseloads.xlsx", None, "xlsx"),
        ("minutes.odt", ODT, "odt"),
        ("notes.txt", "Notes from the meeting, café included.\n".encode(), "txt"),
        ("no extension", b"Plain words are a document too.", "txt"),
    ],
)
def test_real_documents_are_kept_by_their_sha256_with_their_name_only_in_the_database(make_person, store_home, name, content, kind):
    import hashlib

    data = content if content is not None else (_docx() if kind == "docx" else _xlsx())
    analyst = make_person(Role.ANALYST)
    cycle = services.start_cycle(by=analyst)
    kept = services.add_document(cycle, by=analyst, upload=SimpleUploadedFile(name, data), factor_id="leadership")
    digest = hashlib.sha256(data).hexdigest()
    assert (kept.kind, kept.sha256, kept.size, kept.original_name) == (kind, digest, len(data), name)
    stored = store_home / "documents" / digest
    assert stored.read_bytes() == data
    assert [path.name for path in (store_home / "documents").iterdir()] == [digest]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00 a Windows program", "“report.pdf” is not a document Safeguard keeps"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "“photo.txt” is not a document Safeguard keeps"),
        ("bundle.docx", _zip({"a.txt": b"hello"}), "“bundle.docx” is a zip archive, not a document"),
        ("macros.docx", _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>", "word/vbaProject.bin": b"\x00"}), "“macros.docx” contains macros"),
        ("empty.pdf", b"", "“empty.pdf” is empty"),
        ("bomb.docx", _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"0" * 2_000_000}), "would unpack to far more"),
    ],
)
def test_an_upload_that_is_not_a_document_is_refused_naming_the_file_and_nothing_is_kept(make_person, store_home, name, content, message):
    analyst = make_person(Role.ANALYST)
    cycle = services.start_cycle(by=analyst)
    with pytest.raises(evidence_files.DocumentRefused, match=message):
        services.add_document(cycle, by=analyst, upload=SimpleUploadedFile(name, content))
    assert EvidenceDocument.objects.count() == 0
    assert list((store_home / "documents").iterdir()) == []


@override_settings(EVIDENCE_MAX_BYTES=1024)
def test_an_oversized_upload_is_refused_naming_the_file_and_the_limit(make_person, store_home):
    analyst = make_person(Role.ANALYST)
    cycle = services.start_cycle(by=analyst)
    with pytest.raises(evidence_files.DocumentRefused, match="“long.txt” is larger than the 1 KB limit for evidence documents"):
        services.add_document(cycle, by=analyst, upload=SimpleUploadedFile("long.txt", b"a" * 2048))
    assert EvidenceDocument.objects.count() == 0
    assert list((store_home / "documents").iterdir()) == []


def test_a_name_with_folders_in_it_never_becomes_a_path(make_person, store_home):
    analyst = make_person(Role.ANALYST)
    cycle = services.start_cycle(by=analyst)
    kept = services.add_document(cycle, by=analyst, upload=SimpleUploadedFile("../../outside.txt", b"Text."))
    assert kept.original_name == "outside.txt"
    assert not (store_home.parent / "outside.txt").exists()
    assert [path.name for path in (store_home / "documents").iterdir()] == [kept.sha256]


def test_evidence_cannot_be_added_once_the_cycle_is_submitted(make_person, store_home):
    analyst = make_person(Role.ANALYST)
    cycle = services.move_cycle(graded_cycle(analyst), "submit", by=analyst, seen_version=1, measure=lambda _id: None)
    with pytest.raises(GovernanceError, match="submitted for agreement"):
        services.add_document(cycle, by=analyst, upload=SimpleUploadedFile("late.txt", b"Too late."))
    assert not (store_home / "documents").exists() or list((store_home / "documents").iterdir()) == []


def test_case_audit_results_link_in_as_evidence(make_person):
    analyst = make_person(Role.ANALYST)
    cycle = services.start_cycle(by=analyst)
    link = services.link_evidence(
        cycle, by=analyst, kind="case_audit", reference="audits.auditround:3", summary="Child's voice evident in 8 of 10.", factor_id="outcomes"
    )
    assert list(cycle.evidence_links.all()) == [link]


def test_the_grades_agreed_by_a_moment_are_read_as_they_stood_then(make_person):
    """At the moment: the cycle agreed with every factor good. Since: reopened, one factor
    regraded requires improvement, and a new cycle started. As at the moment: that cycle is the
    latest agreed, every grade good; now none is agreed and one factor requires improvement."""
    lead, director = make_person(Role.PRACTICE_LEAD), make_person(Role.DCS)
    cycle = agreed(graded_cycle(lead), lead, director)
    moment = timezone.now()
    cycle = services.move_cycle(cycle, "reopen", by=director, seen_version=cycle.version, reason="Ofsted's focused visit found more")
    first = cycle.factors.order_by("id").first()
    assert first is not None
    services.edit_factor(first, by=lead, seen_version=first.version, changes={"grade": "requires_improvement"})
    services.start_cycle(by=lead, period_start=date(2026, 7, 1))
    assert services.latest_agreed(moment) == cycle and services.latest_agreed() is None
    then, now = services.factors_of(cycle, moment), services.factors_of(cycle)
    assert [item.grade for item in then] == ["good"] * len(FACTORS)
    assert [item.grade for item in now] == ["requires_improvement"] + ["good"] * (len(FACTORS) - 1)

"""Sample values for the self-assessment's route parameters, and one successful POST per route,
for the permission matrix and the access-log coverage tests (``tests/web``)."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from safeguard.factors import FACTORS
from safeguard.governance.assessments.models import AssessmentComment, AssessmentCycle, EvidenceDocument, FactorAssessment
from safeguard.roles import Role

SAMPLE_TEXT = b"Minutes of the quarterly performance meeting.\n"


def make_cycle(person: Any, state: str = "draft", grade: str = "") -> AssessmentCycle:
    cycle = AssessmentCycle.objects.create(
        title="Quarter 1, 2026-27", period_start=date(2026, 4, 1), period_end=date(2026, 6, 30), due=date(2026, 7, 31),
        state=state, created_by=person,
    )
    for item in FACTORS:
        FactorAssessment.objects.create(
            cycle=cycle, factor=item.id, grade=grade, narrative="Sample narrative." if grade else "", created_by=person
        )
    return cycle


def _cycle_id(person: Any) -> int:
    return make_cycle(person).pk


def _factor_id(person: Any) -> str:
    return FACTORS[0].id


def _document_id(person: Any) -> int:
    from safeguard.governance.assessments.evidence_files import stored_path

    digest = hashlib.sha256(SAMPLE_TEXT).hexdigest()
    path = stored_path(digest)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(SAMPLE_TEXT)
    document = EvidenceDocument.objects.create(
        cycle=make_cycle(person), original_name="minutes.txt", sha256=digest, size=len(SAMPLE_TEXT), kind="txt", created_by=person
    )
    return document.pk


def _comment_id(person: Any) -> int:
    return AssessmentComment.objects.create(cycle=make_cycle(person), text="How do we know?", created_by=person).pk


ROUTE_SAMPLES = {
    "cycle_id": _cycle_id,
    "factor_id": _factor_id,
    "assessment_document_id": _document_id,
    "assessment_comment_id": _comment_id,
}


def _signed_in(make_person, *roles):
    from django.test import Client
    from web_support import sign_in

    person = make_person(*roles)
    return sign_in(Client(), person), person


PERIOD = {
    "period_start_day": "1", "period_start_month": "10", "period_start_year": "2026",
    "period_end_day": "31", "period_end_month": "12", "period_end_year": "2026",
    "due_day": "31", "due_month": "1", "due_year": "2027",
}


def _start_change(make_person, **_):
    from django.urls import reverse

    client, _person = _signed_in(make_person, Role.ANALYST)
    return client, reverse("assessments:cycle_start"), {"title": "Quarter 3, 2026-27", **PERIOD}, "start_self_assessment"


def _edit_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.DCS)
    url = reverse("assessments:cycle_edit", args=[make_cycle(person).pk])
    return client, url, {"title": "Quarter 3", **PERIOD, "version": "1"}, "change_self_assessment"


def _factor_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.PRACTICE_LEAD)
    url = reverse("assessments:factor_edit", args=[make_cycle(person).pk, "culture"])
    return client, url, {"grade": "good", "narrative": "Learning culture is visible.", "version": "1"}, "grade_factor"


def _step_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.DCS)
    cycle = make_cycle(person, state="submitted", grade="good")
    return client, reverse("assessments:cycle_step", args=[cycle.pk]), {"step": "agree", "version": "1"}, "assessmentcycle_agree"


def _document_change(make_person, **_):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.DCS)
    upload = SimpleUploadedFile("minutes.txt", SAMPLE_TEXT, "text/plain")
    url = reverse("assessments:document_add", args=[make_cycle(person).pk])
    return client, url, {"document": upload, "factor": "leadership"}, "add_assessment_document"


def _comment_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.LEAD_MEMBER)
    url = reverse("assessments:comment_add", args=[make_cycle(person).pk])
    return client, url, {"about": "outcomes", "text": "What do children say?"}, "comment_on_self_assessment"


def _reword_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.SCRUTINY_MEMBER)
    url = reverse("assessments:comment_edit", args=[_comment_id(person)])
    return client, url, {"text": "How do we know, and who checked?", "version": "1"}, "reword_assessment_comment"


POST_CHANGES = {
    "assessments:cycle_start": _start_change,
    "assessments:cycle_edit": _edit_change,
    "assessments:factor_edit": _factor_change,
    "assessments:cycle_step": _step_change,
    "assessments:document_add": _document_change,
    "assessments:comment_add": _comment_change,
    "assessments:comment_edit": _reword_change,
}

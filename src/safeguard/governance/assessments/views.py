"""The self-assessment's pages: the cycles, one cycle beside the last agreed one, the forms that
start and change a cycle and grade a factor, its evidence documents, and leaders' comments."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import content_disposition_header

from safeguard.factors import FACTORS
from safeguard.governance.assessments import evidence_files, services
from safeguard.governance.assessments.forms import CommentForm, CycleForm, DocumentForm, FactorForm, RewordForm
from safeguard.governance.assessments.models import AssessmentComment, AssessmentCycle, EvidenceDocument, FactorAssessment, Grade
from safeguard.governance.workflow.transitions import GovernanceError, NotAllowed
from safeguard.governance.workflow.views import (
    EDIT_ANSWERS,
    Answer,
    history_of,
    posted_version,
    steps_for,
    take_step,
    today,
    versioned_edit,
    viewer_of,
)
from safeguard.roles import Permission, permissions_of
from safeguard.web.access.requests import SignedInRequest

FIELD_LABELS = {
    "title": "the title", "period_start": "the start of the period", "period_end": "the end of the period", "due": "the due date",
    "evidence_frozen_at": "the day the evidence was frozen",
}
MOVEMENT_WORDS = {
    "improved": "Improved", "declined": "Declined", "held": "No change", "first": "First assessment", "ungraded": "Not graded yet",
}

DOCUMENT_ANSWERS: Mapping[type[Exception], Answer] = {
    **EDIT_ANSWERS,
    evidence_files.DocumentRefused: Answer(400, field="document"),
    GovernanceError: Answer(400, field="document"),
    NotAllowed: Answer(403, field="document"),
}
"""An upload the store refuses (not a document, too large, empty) or the cycle cannot take is said
beside the file box, the rest of the form kept; one the person may not add is answered 403 there."""


def _may(request: SignedInRequest, permission: Permission) -> bool:
    return permission in permissions_of(request.user.roles)


def cycles(request: SignedInRequest) -> HttpResponse:
    found = list(AssessmentCycle.objects.select_related("created_by").prefetch_related("factors"))
    return render(
        request,
        "assessments/cycles.html",
        {"cycles": found, "can_draft": _may(request, Permission.DRAFT_SELF_ASSESSMENT), "grades": dict(Grade.choices), "factors": FACTORS},
    )


def cycle_start(request: SignedInRequest) -> HttpResponse:
    quarter = services.financial_quarter(today())
    form = CycleForm(
        request.POST or None, initial={"title": quarter.title, "period_start": quarter.start, "period_end": quarter.end, "due": quarter.end}
    )
    return versioned_edit(
        request, form, lambda: services.start_cycle(by=request.user, **form.details()),
        record=None, action="start_self_assessment", done=lambda started: f"{started.title} is started: grade each factor, then submit it for agreement.",
        then=lambda started: reverse("assessments:cycle", args=[started.pk]), template="assessments/cycle_form.html",
        context=lambda _: {"form": form, "cycle": None},
    )


def _cycle_context(request: SignedInRequest, cycle: AssessmentCycle, **extra: Any) -> dict[str, Any]:
    previous = services.previous_agreed(cycle)
    notes = list(cycle.comments.select_related("created_by"))
    return {
        "cycle": cycle,
        "previous": previous,
        "rows": services.compare(cycle, previous),
        "movement_words": MOVEMENT_WORDS,
        "viewer": viewer_of(request),
        "who": services.accountability(cycle),
        "steps": steps_for(request, cycle),
        "history": history_of(cycle, FIELD_LABELS),
        "documents": list(cycle.documents.select_related("created_by")),
        "links": list(cycle.evidence_links.select_related("created_by")),
        "comments": [(note, services.earlier_wordings(note)) for note in notes],
        "can_draft": _may(request, Permission.DRAFT_SELF_ASSESSMENT) and cycle.state == "draft",
        "can_comment": _may(request, Permission.COMMENT_ON_ASSESSMENTS),
        "document_form": extra.pop("document_form", DocumentForm()),
        "comment_form": extra.pop("comment_form", CommentForm()),
        "user_id": request.user.pk,
        **extra,
    }


def _cycle(cycle_id: int) -> AssessmentCycle:
    return get_object_or_404(AssessmentCycle.objects.select_related("created_by"), pk=cycle_id)


def cycle(request: SignedInRequest, cycle_id: int) -> HttpResponse:
    return render(request, "assessments/cycle.html", _cycle_context(request, _cycle(cycle_id)))


def cycle_edit(request: SignedInRequest, cycle_id: int) -> HttpResponse:
    found = _cycle(cycle_id)
    initial = {name: getattr(found, name) for name in services.CYCLE_FIELDS} | {"version": found.version}
    form = CycleForm(request.POST or None, initial=initial)
    return versioned_edit(
        request, form, lambda: services.edit_cycle(found, by=request.user, seen_version=posted_version(request), changes=form.details()),
        record=found, action="change_self_assessment", done="Your changes are saved.", then=reverse("assessments:cycle", args=[found.pk]),
        template="assessments/cycle_form.html", context=lambda shown: {"form": form, "cycle": shown},
    )


def factor_edit(request: SignedInRequest, cycle_id: int, factor_id: str) -> HttpResponse:
    found = _cycle(cycle_id)
    try:
        assessment = services.factor_assessment(found, factor_id)
    except KeyError as unknown:
        explanation = str(unknown.args[0]).replace("no factor", "There is no factor", 1) + "."
        return render(request, "error.html", {"title": "There is no such factor", "explanation": explanation}, status=404)
    initial = {name: getattr(assessment, name) for name in services.FACTOR_FIELDS} | {"version": assessment.version}
    form = FactorForm(request.POST or None, initial=initial)

    def page(shown: FactorAssessment) -> dict[str, Any]:
        previous = services.previous_agreed(found)
        before = previous.factors.filter(factor=shown.factor).first() if previous else None
        return {"form": form, "cycle": found, "assessment": shown, "previous": previous, "before": before, "grades": dict(Grade.choices)}

    return versioned_edit(
        request, form,
        lambda: services.edit_factor(assessment, by=request.user, seen_version=posted_version(request), changes=form.details()),
        record=assessment, action="grade_factor", done=f"{assessment.get_factor_display()}: your changes are saved.",
        then=reverse("assessments:cycle", args=[found.pk]) + f"#factor-{assessment.factor}", template="assessments/factor_form.html",
        context=page,
    )


def cycle_step(request: SignedInRequest, cycle_id: int) -> HttpResponse:
    found = _cycle(cycle_id)
    return take_step(
        request, found, services.move_cycle,
        back_to=reverse("assessments:cycle", args=[found.pk]), conflict_template="assessments/cycle.html",
        conflict_context=_cycle_context(request, _cycle(cycle_id)),
    )


def document_add(request: SignedInRequest, cycle_id: int) -> HttpResponse:
    found = _cycle(cycle_id)
    form = DocumentForm(request.POST, request.FILES)
    return versioned_edit(
        request, form,
        lambda: services.add_document(found, by=request.user, upload=form.cleaned_data["document"], factor_id=form.cleaned_data["factor"],
                                      description=form.cleaned_data["description"]),
        record=found, action="add_assessment_document", done=lambda kept: f"“{kept.original_name}” is kept as evidence.",
        then=reverse("assessments:cycle", args=[found.pk]) + "#documents", template="assessments/cycle.html",
        context=lambda shown: _cycle_context(request, shown, document_form=form), answers=DOCUMENT_ANSWERS,
    )


def document(request: SignedInRequest, assessment_document_id: int) -> HttpResponse:
    """The document as it was uploaded, under the name it was uploaded with (never a path). Read
    whole: evidence documents are capped at ``EVIDENCE_MAX_BYTES``."""
    found = get_object_or_404(EvidenceDocument, pk=assessment_document_id)
    path = evidence_files.stored_path(found.sha256)
    if not path.is_file():
        return render(
            request, "error.html",
            {"title": "The document is missing", "explanation": "Its file is not in the store. Tell your administrator."}, status=404,
        )
    response = HttpResponse(path.read_bytes(), content_type=evidence_files.KINDS[found.kind][1])
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=found.original_name)
    return response


def comment_add(request: SignedInRequest, cycle_id: int) -> HttpResponse:
    found = _cycle(cycle_id)
    form = CommentForm(request.POST)
    return versioned_edit(
        request, form,
        lambda: services.comment(found, by=request.user, text=form.cleaned_data["text"], factor_id=form.cleaned_data["about"]),
        record=found, action="comment_on_self_assessment", done="Your comment is recorded under your name.",
        then=reverse("assessments:cycle", args=[found.pk]) + "#comments", template="assessments/cycle.html",
        context=lambda _: _cycle_context(request, found, comment_form=form), answers={},
    )


def comment_edit(request: SignedInRequest, assessment_comment_id: int) -> HttpResponse:
    note = get_object_or_404(AssessmentComment.objects.select_related("cycle", "created_by"), pk=assessment_comment_id)
    if note.created_by_id != request.user.pk:
        return render(request, "error.html", {"title": "You cannot reword this comment", "explanation": "Only the person who wrote a comment can reword it."}, status=403)
    form = RewordForm(request.POST or None, initial={"text": note.text, "version": note.version})
    return versioned_edit(
        request, form, lambda: services.reword_comment(note, by=request.user, seen_version=posted_version(request), text=form.cleaned_data["text"]),
        record=note, action="reword_assessment_comment", done="Your comment is reworded; the earlier wording is kept in its history.",
        then=reverse("assessments:cycle", args=[note.cycle_id]) + "#comments", template="assessments/comment_form.html",
        context=lambda shown: {"form": form, "note": shown},
    )

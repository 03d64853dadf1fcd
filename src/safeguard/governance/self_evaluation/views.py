"""The self-evaluation's pages: the self-evaluations, one with its versions, the editor (with a
fresh draft from the records on request), one earlier version, and the Word and PDF downloads."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from safeguard.aggregates import dashboard
from safeguard.governance.self_evaluation import services
from safeguard.governance.self_evaluation.forms import EvaluationForm
from safeguard.governance.self_evaluation.models import QUESTIONS, SelfEvaluation
from safeguard.governance.self_evaluation.word_document import FIGURE_COLUMNS, self_evaluation_docx
from safeguard.governance.workflow.printing import pdf_response
from safeguard.governance.workflow.transitions import GovernanceError, NotAllowed
from safeguard.governance.workflow.views import Answer, posted_version, today, versioned_edit
from safeguard.roles import Permission, permissions_of
from safeguard.web.access.requests import SignedInRequest

WORD_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
STARTING_ANSWERS: Mapping[type[Exception], Answer] = {
    GovernanceError: Answer(400, "problem"),
    ValidationError: Answer(400, "problem"),
    NotAllowed: Answer(403, "problem"),
}
"""Starting posts no form: whatever refuses the draft is said above the page as its ``problem``."""


def _may_edit(request: SignedInRequest) -> bool:
    return Permission.EDIT_SELF_EVALUATION in permissions_of(request.user.roles)


def _evaluation(evaluation_id: int) -> SelfEvaluation:
    return get_object_or_404(SelfEvaluation.objects.select_related("created_by"), pk=evaluation_id)


def _version(evaluation: SelfEvaluation, number: int | None) -> services.Version:
    found = services.version_of(evaluation, number)
    if found is None:
        raise Http404("no such version")
    return found


def _requested_version(request: SignedInRequest) -> int | None:
    text = request.GET.get("version", "")
    return int(text) if text.isdigit() else None


def _evaluations_context(request: SignedInRequest) -> dict[str, Any]:
    return {"evaluations": list(SelfEvaluation.objects.select_related("created_by")), "can_edit": _may_edit(request)}


def evaluations(request: SignedInRequest) -> HttpResponse:
    return render(request, "self_evaluation/evaluations.html", _evaluations_context(request))


def evaluation_start(request: SignedInRequest) -> HttpResponse:
    """Draft a self-evaluation from the records: the button posts no form, so a draft that cannot
    be made is said above the list of self-evaluations (``problem``), and nothing is drafted."""
    return versioned_edit(
        request, None, lambda: services.start_evaluation(by=request.user, title=f"Ofsted self-evaluation, {today():%B %Y}", today=today()),
        record=None, action="draft_self_evaluation",
        done="A first version is drafted from the records: rewrite it in your own words and save.",
        then=lambda started: reverse("self_evaluation:evaluation", args=[started.pk]), template="self_evaluation/evaluations.html",
        context=lambda _: _evaluations_context(request), answers=STARTING_ANSWERS,
    )


def _page_context(evaluation: SelfEvaluation, shown: services.Version, request: SignedInRequest) -> dict[str, Any]:
    return {
        "evaluation": evaluation,
        "shown": shown,
        "versions": services.versions(evaluation),
        "columns": FIGURE_COLUMNS,
        "links": list(evaluation.evidence_links.select_related("created_by")),
        "can_edit": _may_edit(request),
    }


def evaluation(request: SignedInRequest, evaluation_id: int) -> HttpResponse:
    found = _evaluation(evaluation_id)
    return render(request, "self_evaluation/evaluation.html", _page_context(found, _version(found, None), request))


def version(request: SignedInRequest, evaluation_id: int, version_number: int) -> HttpResponse:
    found = _evaluation(evaluation_id)
    return render(request, "self_evaluation/evaluation.html", _page_context(found, _version(found, version_number), request))


def evaluation_edit(request: SignedInRequest, evaluation_id: int) -> HttpResponse:
    found = _evaluation(evaluation_id)
    redraft = request.GET.get("from_records") == "yes"
    initial = {field: getattr(found, field) for field in ("title", *services.ANSWER_FIELDS)} | {"version": found.version}
    if redraft:
        initial |= {key: value for key, value in services.draft_from_records(today()).fields().items() if key != "headline_figures"}
        initial["redrafted"] = True
    form = EvaluationForm(request.POST or None, initial=initial)
    redrafting = request.method == "POST" and form.is_valid() and form.cleaned_data["redrafted"]
    fresh = services.draft_from_records(today()) if redrafting else None
    return versioned_edit(
        request, form,
        lambda: services.save_version(found, by=request.user, seen_version=posted_version(request), changes=form.details(), redrafted=fresh),
        record=found, action="save_self_evaluation", done=lambda saved: f"Saved as version {saved.version}.",
        then=lambda saved: reverse("self_evaluation:evaluation", args=[saved.pk]), template="self_evaluation/evaluation_form.html",
        context=lambda shown: {"form": form, "evaluation": shown, "redraft": redraft, "questions": QUESTIONS},
    )


def _council() -> str:
    return dashboard(services.READERS).council


def evaluation_docx(request: SignedInRequest, evaluation_id: int) -> HttpResponse:
    found = _evaluation(evaluation_id)
    shown = _version(found, _requested_version(request))
    response = HttpResponse(self_evaluation_docx(shown, council=_council()), content_type=WORD_TYPE)
    response["Content-Disposition"] = f'attachment; filename="self-evaluation-{found.pk}-v{shown.number}.docx"'
    return response


def evaluation_pdf(request: SignedInRequest, evaluation_id: int) -> HttpResponse:
    found = _evaluation(evaluation_id)
    shown = _version(found, _requested_version(request))
    context = {"shown": shown, "columns": FIGURE_COLUMNS, "council": _council(), "document_title": shown.title, "author": shown.saved_by}
    return pdf_response(
        "self_evaluation/record.html", context, title=shown.title, author=shown.saved_by,
        filename=f"self-evaluation-{found.pk}-v{shown.number}.pdf",
    )

"""The self-evaluation's pages: the self-evaluations, one with its versions, the editor (with a
fresh draft from the records on request), one earlier version, and the Word and PDF downloads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from safeguard.aggregates import dashboard
from safeguard.governance.self_evaluation import services
from safeguard.governance.self_evaluation.forms import EvaluationForm
from safeguard.governance.self_evaluation.models import QUESTIONS, SelfEvaluation
from safeguard.governance.self_evaluation.word_document import FIGURE_COLUMNS, self_evaluation_docx
from safeguard.governance.workflow.printing import pdf_response
from safeguard.governance.workflow.transitions import StaleEdit
from safeguard.governance.workflow.views import posted_version, today
from safeguard.roles import Permission, permissions_of
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.audit.models import ObjectType, record_id
from safeguard.web.audit.recording import recorded_change

WORD_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


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


def evaluations(request: SignedInRequest) -> HttpResponse:
    found = list(SelfEvaluation.objects.select_related("created_by"))
    return render(request, "self_evaluation/evaluations.html", {"evaluations": found, "can_edit": _may_edit(request)})


def evaluation_start(request: SignedInRequest) -> HttpResponse:
    title = f"Ofsted self-evaluation, {today():%B %Y}"
    with recorded_change(request, action="draft_self_evaluation", object_type=ObjectType.RECORD):
        started = services.start_evaluation(by=request.user, title=title, today=today())
    messages.success(request, "A first version is drafted from the records: rewrite it in your own words and save.")
    return redirect("self_evaluation:evaluation", evaluation_id=started.pk)


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
    status, conflict, current = 200, None, found
    if request.method == "POST" and form.is_valid():
        fresh = services.draft_from_records(today()) if form.cleaned_data["redrafted"] else None
        try:
            with recorded_change(request, action="save_self_evaluation", object_type=ObjectType.RECORD, object_id=record_id(found)):
                saved = services.save_version(
                    found, by=request.user, seen_version=posted_version(request), changes=form.details(), redrafted=fresh,
                )
        except StaleEdit as stale:
            conflict, status, current = str(stale), 409, stale.current  # type: ignore[assignment]
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, f"Saved as version {saved.version}.")
            return redirect("self_evaluation:evaluation", evaluation_id=saved.pk)
    if form.errors and status == 200:
        status = 400
    context = {"form": form, "evaluation": current, "conflict": conflict, "redraft": redraft, "questions": QUESTIONS}
    return render(request, "self_evaluation/evaluation_form.html", context, status=status)


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

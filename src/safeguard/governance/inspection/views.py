"""The inspection pages: the judgements and their limiting rules, the latest grades of the
council and its neighbours (page and CSV), the readiness checklist and its items, and the
council's inspection history with each inspection's recommendations and their plan actions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from safeguard.errors import SafeguardError
from safeguard.governance.inspection import services
from safeguard.governance.inspection.forms import ActionForm, CheckForm, InspectionForm, RecommendationForm
from safeguard.governance.inspection.judgements import judgements, readiness
from safeguard.governance.inspection.models import GRADE_CHOICES, Inspection, ReadinessCheck, ReadinessStatus, Recommendation
from safeguard.governance.inspection.published_grades import grades_picture
from safeguard.governance.workflow.transitions import GovernanceError, NotAllowed
from safeguard.governance.workflow.views import Answer, history_of, posted_version, versioned_edit
from safeguard.roles import Permission, permissions_of
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.audit.models import record_id
from safeguard.web.leadership.downloads import csv_response

GRADES = dict(GRADE_CHOICES)
FIELD_LABELS = {
    "kind": "the kind", "started_on": "the first day", "ended_on": "the last day", "published_on": "the publication date",
    "report_link": "the report's address", "summary": "the summary", "status": "where it stands", "evidence": "the evidence",
    "owner": "the owner", "review_by": "the review date", "action": "the plan action", "text": "the recommendation",
    **{area.id: area.title.lower() for area in judgements().areas},
}
STATUSES = dict(ReadinessStatus.choices)


def _grade_words(value: Any) -> str:
    return str(GRADES.get(value, value))


def _status_words(value: Any) -> str:
    return str(STATUSES.get(value, value))


WORDS = {area.id: _grade_words for area in judgements().areas} | {"status": _status_words}


def _may(request: SignedInRequest, permission: Permission) -> bool:
    return permission in permissions_of(request.user.roles)


def overview(request: SignedInRequest) -> HttpResponse:
    picture, problem = None, None
    try:
        picture = grades_picture()
    except SafeguardError as error:
        problem = str(error)
    latest = Inspection.objects.filter(overall_effectiveness__gt="").first()
    return render(request, "inspection/overview.html", {
        "judgements": judgements(), "picture": picture, "problem": problem, "latest": latest,
        "counts": services.readiness_counts(), "statuses": dict(ReadinessStatus.choices),
    })


def grades_csv(request: SignedInRequest) -> HttpResponse:
    data = judgements()
    try:
        picture = grades_picture()
    except SafeguardError:
        rows: list[list[object]] = []
    else:
        everyone = ([picture.council] if picture.council else []) + list(picture.neighbours)
        rows = [[item.neighbour_rank, item.la_number, item.name, *[(grade.title if (grade := item.grades[area.id]) else "")
                 for area in data.areas], item.inspected, item.published] for item in everyone]
    columns = ["neighbour_rank", "la_number", "council", *[area.id for area in data.areas], "inspection_ended", "published"]
    return csv_response("ofsted-grades-council-and-neighbours.csv", columns, rows)


def readiness_page(request: SignedInRequest) -> HttpResponse:
    return render(request, "inspection/readiness.html", {
        "sections": services.checklist(), "counts": services.readiness_counts(), "statuses": dict(ReadinessStatus.choices),
        "can_prepare": _may(request, Permission.PREPARE_FOR_INSPECTION),
    })


def readiness_item(request: SignedInRequest, readiness_item_id: str) -> HttpResponse:
    item_id = readiness_item_id
    try:
        item = readiness().get(item_id)
    except KeyError:
        explanation = f"The readiness checklist has no item {item_id!r}. Go back to the checklist and choose one from its list."
        return render(request, "error.html", {"title": "There is no such item", "explanation": explanation}, status=404)
    check = ReadinessCheck.objects.filter(item_id=item_id).select_related("owner").first()
    initial = {"status": ReadinessStatus.NOT_STARTED.value, "version": 0}
    if check is not None:
        initial = {name: getattr(check, name) for name in services.CHECK_FIELDS} | {"owner": check.owner_id, "version": check.version}
    form = CheckForm(request.POST or None, initial=initial)
    seen = posted_version(request)

    def page(shown: ReadinessCheck | None) -> dict[str, Any]:
        # With no record when the page was opened, a conflict means someone else made the first one: show theirs.
        current = shown if shown is not None else ReadinessCheck.objects.filter(item_id=item_id).first()
        return {"form": form, "item": item, "check": current, "history": history_of(current, FIELD_LABELS, WORDS) if current else []}

    return versioned_edit(
        request, form,
        lambda: services.record_check(item_id, by=request.user, seen_version=seen if seen > 0 else None, changes=form.details()),
        record=check, action="record_readiness_item", object_id=record_id(check) if check else f"inspection.readinesscheck:{item_id}",
        done="Saved under your name.", then=reverse("inspection:readiness") + f"#{item_id}", template="inspection/readiness_item.html",
        context=page,
    )


def inspections(request: SignedInRequest) -> HttpResponse:
    found = list(Inspection.objects.prefetch_related("recommendations"))
    return render(request, "inspection/inspections.html", {
        "inspections": found, "grades": GRADES, "can_prepare": _may(request, Permission.PREPARE_FOR_INSPECTION),
    })


def inspection_add(request: SignedInRequest) -> HttpResponse:
    form = InspectionForm(request.POST or None)
    return versioned_edit(
        request, form, lambda: services.record_inspection(by=request.user, **form.details()),
        record=None, action="record_inspection", done="The inspection is recorded: add its recommendations.",
        then=lambda made: reverse("inspection:inspection", args=[made.pk]), template="inspection/inspection_form.html",
        context=lambda _: _form_context(form, None),
    )


def _form_context(form: InspectionForm, found: Inspection | None, **extra: Any) -> dict[str, Any]:
    return {"form": form, "inspection": found, "judgements": judgements(), **extra}


def _inspection(inspection_id: int) -> Inspection:
    return get_object_or_404(Inspection.objects.select_related("created_by"), pk=inspection_id)


def inspection(request: SignedInRequest, inspection_id: int) -> HttpResponse:
    found = _inspection(inspection_id)
    recommendations = list(found.recommendations.select_related("action", "action__owner"))
    return render(request, "inspection/inspection.html", {
        "inspection": found, "recommendations": recommendations, "judgements": judgements(), "grades": GRADES,
        "limits": judgements().limits({key: value for key, value in found.grades.items() if value}),
        "history": history_of(found, FIELD_LABELS, WORDS), "can_prepare": _may(request, Permission.PREPARE_FOR_INSPECTION),
        "may_raise_action": _may(request, Permission.MANAGE_PLAN),
    })


def inspection_edit(request: SignedInRequest, inspection_id: int) -> HttpResponse:
    found = _inspection(inspection_id)
    initial = {name: getattr(found, name) for name in services.INSPECTION_FIELDS} | {"version": found.version}
    form = InspectionForm(request.POST or None, initial=initial)
    return versioned_edit(
        request, form, lambda: services.edit_inspection(found, by=request.user, seen_version=posted_version(request), changes=form.details()),
        record=found, action="change_inspection", done="Your changes are saved.", then=reverse("inspection:inspection", args=[found.pk]),
        template="inspection/inspection_form.html", context=lambda shown: _form_context(form, shown),
    )


def recommendation_add(request: SignedInRequest, inspection_id: int) -> HttpResponse:
    found = _inspection(inspection_id)
    form = RecommendationForm(request.POST or None)
    return versioned_edit(
        request, form, lambda: services.add_recommendation(found, by=request.user, text=form.cleaned_data["text"]),
        record=found, action="add_inspection_recommendation", done=lambda added: f"Recommendation {added.number} is recorded.",
        then=reverse("inspection:inspection", args=[found.pk]), template="inspection/recommendation_form.html",
        context=lambda _: {"form": form, "inspection": found},
    )


def recommendation_action(request: SignedInRequest, inspection_recommendation_id: int) -> HttpResponse:
    found = get_object_or_404(Recommendation.objects.select_related("inspection", "action"), pk=inspection_recommendation_id)
    form = ActionForm(request.POST or None, initial={"title": found.text[:200]})
    return versioned_edit(
        request, form, lambda: services.raise_recommendation_action(found, by=request.user, **form.cleaned_data),
        record=found, action="raise_inspection_action", done=lambda made: f"Action {made.reference} is on the improvement plan.",
        then=reverse("inspection:inspection", args=[found.inspection_id]), template="inspection/recommendation_action.html",
        context=lambda _: {"form": form, "recommendation": found},
        answers={ValidationError: Answer(400), NotAllowed: Answer(403, "problem"), GovernanceError: Answer(400, "problem")},
    )

"""The pages of complaints and compliments: the year's complaints and compliments, one complaint
with its stages and steps, recording and changing them, a plan action from a complaint's lessons,
and the year's summary for leaders."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from safeguard.governance.complaints import services
from safeguard.governance.complaints.forms import ActionForm, ComplaintForm, ComplimentForm, StepForm
from safeguard.governance.complaints.models import DATED_STEPS, WORKFLOW, Complaint, Compliment, Finding
from safeguard.governance.reporting_year import ReportingYear, parse_year
from safeguard.governance.workflow.transitions import GovernanceError
from safeguard.governance.workflow.views import (
    EDIT_ANSWERS,
    REFUSAL_ANSWERS,
    Answer,
    history_of,
    posted_version,
    step_error_list,
    steps_for,
    take_step,
    today,
    versioned_edit,
    viewer_of,
)
from safeguard.roles import Permission, permissions_of
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.leadership.downloads import csv_response

FIELD_LABELS = {
    "received_on": "the day it was received", "complainant": "who complained", "service_area": "the service", "theme": "the theme",
    "summary": "the summary", "handler": "who responds", "stage": "the stage", "finding": "the finding", "lessons": "the lessons",
    "from_whom": "who paid it",
}
FINDING_CHOICE = {"name": "finding", "legend": "The finding", "items": [{"value": value, "text": label} for value, label in Finding.choices]}


def _may(request: SignedInRequest, permission: Permission) -> bool:
    return permission in permissions_of(request.user.roles)


def _years() -> list[ReportingYear]:
    first = Complaint.objects.order_by("received_on").values_list("received_on", flat=True).first()
    start = ReportingYear.containing(first).first if first else ReportingYear.containing(today()).first
    return [ReportingYear(year) for year in range(ReportingYear.containing(today()).first, start - 1, -1)]


def _selection(request: SignedInRequest) -> tuple[ReportingYear, str]:
    state = request.GET.get("state", "")
    return parse_year(request.GET.get("year", ""), today()), state if state in WORKFLOW.states else ""


def complaints(request: SignedInRequest) -> HttpResponse:
    year, state = _selection(request)
    found = services.complaints(state, year)
    lines = [(item, services.current_stage(item), services.is_overdue(item, today())) for item in found]
    return render(request, "complaints/complaints.html", {
        "lines": lines, "compliments": list(services.compliments(year)), "year": year, "years": _years(), "state": state,
        "states": WORKFLOW.choices(), "query": request.GET.urlencode(), "can_handle": _may(request, Permission.HANDLE_COMPLAINTS),
    })


def complaints_csv(request: SignedInRequest) -> HttpResponse:
    year, state = _selection(request)
    found = services.complaints(state, year)
    return csv_response(f"complaints-{year.label}.csv", services.EXPORT_COLUMNS, services.export_rows(found, today()))


def _complaint(complaint_id: int) -> Complaint:
    return get_object_or_404(Complaint.objects.select_related("handler", "created_by").prefetch_related("stages"), pk=complaint_id)


def _context(request: SignedInRequest, item: Complaint, **extra: Any) -> dict[str, Any]:
    step_form = extra.pop("step_form", None)
    steps = steps_for(request, item)
    if item.stage >= services.LAST_STAGE:
        steps = [step for step in steps if step.name != "escalate"]
    return {
        "complaint": item,
        "stages": list(item.stages.all()),
        "overdue": services.is_overdue(item, today()),
        "actions": [link.action for link in item.actions.select_related("action", "action__owner")],
        "steps": steps,
        "dated": DATED_STEPS,
        "choices": {"respond": FINDING_CHOICE},
        "step_form": step_form,
        "step_errors": step_error_list(extra.get("kept_step", ""), step_form),
        "can_handle": _may(request, Permission.HANDLE_COMPLAINTS),
        "may_raise_action": _may(request, Permission.MANAGE_PLAN),
        "history": history_of(item, FIELD_LABELS),
        **extra,
    }


def complaint(request: SignedInRequest, complaint_id: int) -> HttpResponse:
    return render(request, "complaints/complaint.html", _context(request, _complaint(complaint_id)))


def complaint_add(request: SignedInRequest) -> HttpResponse:
    form = ComplaintForm(request.POST or None, initial={"handler": request.user.pk})
    return versioned_edit(
        request, form, lambda: services.record_complaint(by=request.user, **form.details()),
        record=None, action="record_complaint",
        done=lambda made: f"Complaint {made.reference} is recorded: the stage 1 response is due by {services.current_stage(made).due:%-d %B %Y}.",
        then=lambda made: reverse("complaints:complaint", args=[made.pk]), template="complaints/complaint_form.html",
        context=lambda _: {"form": form, "complaint": None},
    )


def complaint_edit(request: SignedInRequest, complaint_id: int) -> HttpResponse:
    found = _complaint(complaint_id)
    initial = {name: getattr(found, name) for name in services.DETAIL_FIELDS} | {"version": found.version}
    form = ComplaintForm(request.POST or None, initial=initial)
    return versioned_edit(
        request, form, lambda: services.edit_complaint(found, by=request.user, seen_version=posted_version(request), changes=form.details()),
        record=found, action="change_complaint", done="Your changes are saved.", then=reverse("complaints:complaint", args=[found.pk]),
        template="complaints/complaint_form.html", context=lambda shown: {"form": form, "complaint": shown},
        answers={**EDIT_ANSWERS, GovernanceError: Answer(400, field="received_on")},
    )


def complaint_step(request: SignedInRequest, complaint_id: int) -> HttpResponse:
    found = _complaint(complaint_id)
    name = request.POST.get("step", "")
    form = StepForm(request.POST)
    valid = form.is_valid()
    if valid and name in DATED_STEPS and form.cleaned_data["on"] is None:
        form.add_error("on", f"Enter {DATED_STEPS[name][0].lower()}{DATED_STEPS[name][1:]}")
        valid = False
    if valid and name == "respond" and not form.cleaned_data["finding"]:
        form.add_error("finding", "Say whether the complaint was upheld, partly upheld or not upheld")
        valid = False
    if not valid:
        context = _context(request, found, step_form=form, kept_step=name, kept_reason=request.POST.get("reason", ""))
        return render(request, "complaints/complaint.html", context, status=400)
    move = partial(services.move_complaint, on=form.cleaned_data["on"], finding=form.cleaned_data["finding"])
    return take_step(
        request, found, move, back_to=reverse("complaints:complaint", args=[found.pk]), conflict_template="complaints/complaint.html",
        conflict_context=_context(request, _complaint(found.pk), step_form=form, kept_step=name),
    )


def complaint_action(request: SignedInRequest, complaint_id: int) -> HttpResponse:
    found = _complaint(complaint_id)
    form = ActionForm(request.POST or None, initial={"owner": found.handler_id})
    return versioned_edit(
        request, form, lambda: services.raise_complaint_action(found, by=request.user, **form.cleaned_data),
        record=found, action="raise_complaint_action", done=lambda made: f"Action {made.reference} is on the improvement plan.",
        then=reverse("complaints:complaint", args=[found.pk]), template="complaints/complaint_action.html",
        context=lambda _: {"form": form, "complaint": found}, answers=REFUSAL_ANSWERS,
    )


def summary(request: SignedInRequest) -> HttpResponse:
    year = parse_year(request.GET.get("year", ""), today())
    viewer = viewer_of(request)
    return render(request, "complaints/summary.html", {
        "summary": services.summarise(year, viewer), "years": _years(), "year": year, "viewer": viewer,
        "query": request.GET.urlencode(), "reads_complaints": _may(request, Permission.SEE_COMPLAINTS),
    })


def summary_csv(request: SignedInRequest) -> HttpResponse:
    year = parse_year(request.GET.get("year", ""), today())
    found = services.summarise(year, viewer_of(request))
    return csv_response(f"complaints-summary-{year.label}.csv", services.SUMMARY_COLUMNS, found.rows())


def compliment_add(request: SignedInRequest) -> HttpResponse:
    form = ComplimentForm(request.POST or None)
    return versioned_edit(
        request, form, lambda: services.record_compliment(by=request.user, **form.details()),
        record=None, action="record_compliment", done=lambda made: f"Compliment {made.reference} is recorded.",
        then=reverse("complaints:complaints"), template="complaints/compliment.html",
        context=lambda _: {"form": form, "compliment": None},
    )


def compliment(request: SignedInRequest, compliment_id: int) -> HttpResponse:
    """A compliment: read by anyone who reads complaints, changed (with history) by those who handle them."""
    found = get_object_or_404(Compliment.objects.select_related("created_by"), pk=compliment_id)
    initial = {name: getattr(found, name) for name in services.COMPLIMENT_FIELDS} | {"version": found.version}
    form = ComplimentForm(request.POST or None, initial=initial)
    return versioned_edit(
        request, form, lambda: services.edit_compliment(found, by=request.user, seen_version=posted_version(request), changes=form.details()),
        record=found, action="change_compliment", done="Your changes are saved.", then=reverse("complaints:compliment", args=[found.pk]),
        template="complaints/compliment.html",
        context=lambda shown: {
            "form": form, "compliment": shown, "can_handle": _may(request, Permission.HANDLE_COMPLAINTS), "history": history_of(shown, FIELD_LABELS),
        },
    )

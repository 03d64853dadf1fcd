"""The pages of complaints and compliments: the year's complaints and compliments, one complaint
with its stages and steps, recording and changing them, a plan action from a complaint's lessons,
and the year's summary for leaders."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from safeguard.governance.complaints import services
from safeguard.governance.complaints.forms import ActionForm, ComplaintForm, ComplimentForm, StepForm
from safeguard.governance.complaints.models import DATED_STEPS, WORKFLOW, Complaint, Compliment, Finding
from safeguard.governance.reporting_year import ReportingYear, parse_year
from safeguard.governance.workflow.transitions import GovernanceError, NotAllowed, StaleEdit
from safeguard.governance.workflow.views import history_of, posted_version, step_error_list, steps_for, take_step, today, viewer_of
from safeguard.roles import Permission, permissions_of
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.audit.models import ObjectType, record_id
from safeguard.web.audit.recording import recorded_change
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


def _apply_validation(form: Any, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def complaint_add(request: SignedInRequest) -> HttpResponse:
    form = ComplaintForm(request.POST or None, initial={"handler": request.user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            with recorded_change(request, action="record_complaint", object_type=ObjectType.RECORD):
                created = services.record_complaint(by=request.user, **form.details())
        except ValidationError as error:
            _apply_validation(form, error)
        else:
            due = services.current_stage(created).due
            messages.success(request, f"Complaint {created.reference} is recorded: the stage 1 response is due by {due:%-d %B %Y}.")
            return redirect("complaints:complaint", complaint_id=created.pk)
    return render(request, "complaints/complaint_form.html", {"form": form, "complaint": None}, status=400 if form.errors else 200)


def complaint_edit(request: SignedInRequest, complaint_id: int) -> HttpResponse:
    found = _complaint(complaint_id)
    initial = {name: getattr(found, name) for name in services.DETAIL_FIELDS} | {"version": found.version}
    form = ComplaintForm(request.POST or None, initial=initial)
    status, conflict = 200, None
    if request.method == "POST" and form.is_valid():
        try:
            with recorded_change(request, action="change_complaint", object_type=ObjectType.RECORD, object_id=record_id(found)):
                services.edit_complaint(found, by=request.user, seen_version=posted_version(request), changes=form.details())
        except StaleEdit as stale:
            conflict, status, found = str(stale), 409, stale.current  # type: ignore[assignment]
        except ValidationError as error:
            _apply_validation(form, error)
        except GovernanceError as problem:
            form.add_error("received_on", str(problem))
        else:
            messages.success(request, "Your changes are saved.")
            return redirect("complaints:complaint", complaint_id=found.pk)
    if form.errors and status == 200:
        status = 400
    return render(request, "complaints/complaint_form.html", {"form": form, "complaint": found, "conflict": conflict}, status=status)


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
    status, problem = 200, None
    if request.method == "POST" and form.is_valid():
        try:
            with recorded_change(request, action="raise_complaint_action", object_type=ObjectType.RECORD, object_id=record_id(found)):
                action = services.raise_complaint_action(found, by=request.user, **form.cleaned_data)
        except NotAllowed as refusal:
            status, problem = 403, str(refusal)
        except ValidationError as error:
            _apply_validation(form, error)
        else:
            messages.success(request, f"Action {action.reference} is on the improvement plan.")
            return redirect("complaints:complaint", complaint_id=found.pk)
    if form.errors and status == 200:
        status = 400
    return render(request, "complaints/complaint_action.html", {"form": form, "complaint": found, "problem": problem}, status=status)


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
    if request.method == "POST" and form.is_valid():
        try:
            with recorded_change(request, action="record_compliment", object_type=ObjectType.RECORD):
                created = services.record_compliment(by=request.user, **form.details())
        except ValidationError as error:
            _apply_validation(form, error)
        else:
            messages.success(request, f"Compliment {created.reference} is recorded.")
            return redirect("complaints:complaints")
    return render(request, "complaints/compliment.html", {"form": form, "compliment": None}, status=400 if form.errors else 200)


def compliment(request: SignedInRequest, compliment_id: int) -> HttpResponse:
    """A compliment: read by anyone who reads complaints, changed (with history) by those who handle them."""
    found = get_object_or_404(Compliment.objects.select_related("created_by"), pk=compliment_id)
    initial = {name: getattr(found, name) for name in services.COMPLIMENT_FIELDS} | {"version": found.version}
    form = ComplimentForm(request.POST or None, initial=initial)
    status, conflict = 200, None
    if request.method == "POST" and form.is_valid():
        try:
            with recorded_change(request, action="change_compliment", object_type=ObjectType.RECORD, object_id=record_id(found)):
                services.edit_compliment(found, by=request.user, seen_version=posted_version(request), changes=form.details())
        except StaleEdit as stale:
            conflict, status, found = str(stale), 409, stale.current  # type: ignore[assignment]
        except ValidationError as error:
            _apply_validation(form, error)
        else:
            messages.success(request, "Your changes are saved.")
            return redirect("complaints:compliment", compliment_id=found.pk)
    if form.errors and status == 200:
        status = 400
    context = {"form": form, "compliment": found, "conflict": conflict, "can_handle": _may(request, Permission.HANDLE_COMPLAINTS),
               "history": history_of(found, FIELD_LABELS)}
    return render(request, "complaints/compliment.html", context, status=status)

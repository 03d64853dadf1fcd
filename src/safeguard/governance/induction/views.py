"""The pages of induction and the briefing cycle: the cycle for a year (what was delivered, late
or missing) with the induction plans; recording and changing a delivery; starting a plan, one
plan by stage, ticking an item off, and completing the plan."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from safeguard.governance.induction import services
from safeguard.governance.induction.forms import DeliveryForm, PlanForm, RedateForm, StepForm
from safeguard.governance.induction.induction_plan import induction_plan
from safeguard.governance.induction.models import RECIPIENT_CHOICES, BriefingDelivery, InductionPlan
from safeguard.governance.reporting_year import ReportingYear, parse_year
from safeguard.governance.workflow.transitions import GovernanceError, NotAllowed, StaleEdit
from safeguard.governance.workflow.views import history_of, posted_version, steps_for, take_step, today
from safeguard.roles import Permission, permissions_of
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.audit.models import ObjectType, record_id
from safeguard.web.audit.recording import recorded_change
from safeguard.web.leadership.downloads import csv_response

RECIPIENTS = dict(RECIPIENT_CHOICES)
FIELD_LABELS = {
    "done_on": "the day it was done", "done_by": "ticked off by", "note": "the note", "delivered_on": "the day it was delivered",
    "sent_to": "sent to", "took_office_on": "the day they took office", "redated_because": "the reason for re-dating", "due": "the due date",
}
WORDS = {"sent_to": lambda roles: ", ".join(RECIPIENTS.get(role, role) for role in roles)}


def _may(request: SignedInRequest, permission: Permission) -> bool:
    return permission in permissions_of(request.user.roles)


def _apply_validation(form: Any, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def _years() -> list[ReportingYear]:
    first = BriefingDelivery.objects.order_by("period_start").values_list("period_start", flat=True).first()
    current = ReportingYear.containing(today()).first
    start = ReportingYear.containing(first).first if first else current
    return [ReportingYear(year) for year in range(current, start - 1, -1)]


def overview(request: SignedInRequest) -> HttpResponse:
    year = parse_year(request.GET.get("year", ""), today())
    found = services.year_occurrences(year, today())
    counts = {standing: sum(1 for item in found if item.standing is standing) for standing in services.Standing}
    plans = list(InductionPlan.objects.select_related("lead_member").prefetch_related("steps"))
    return render(request, "induction/overview.html", {
        "year": year, "years": _years(), "occurrences": found, "counts": counts, "Standing": services.Standing,
        "cycle": services.briefing_cycle().briefings, "plans": plans, "today": today(), "recipients": RECIPIENTS,
        "can_record": _may(request, Permission.RECORD_BRIEFINGS), "can_keep": _may(request, Permission.KEEP_INDUCTION),
        "query": request.GET.urlencode(),
    })


def briefings_csv(request: SignedInRequest) -> HttpResponse:
    year = parse_year(request.GET.get("year", ""), today())
    return csv_response(f"briefing-cycle-{year.label}.csv", services.CYCLE_COLUMNS, services.cycle_rows(services.year_occurrences(year, today())))


def _waiting_occurrences() -> list[tuple[str, str]]:
    """Briefings not yet recorded, over the last two years, newest first, as form choices."""
    now = today()
    found = services.occurrences(date(now.year - 2, now.month, 1), date(now.year + 1, 12, 31), now)
    return [(f"{item.briefing.id}:{item.period.start.isoformat()}", f"{item.briefing.title}, {item.period.label}")
            for item in reversed(found) if item.delivery is None]


def delivery_add(request: SignedInRequest) -> HttpResponse:
    initial = {"occurrence": request.GET.get("occurrence", ""), "sent_to": ["lead_member", "chief_executive"]}
    form = DeliveryForm(request.POST or None, initial=initial, occurrences=_waiting_occurrences())
    if request.method == "POST" and form.is_valid():
        briefing_id, start = form.cleaned_data["occurrence"].split(":")
        try:
            with recorded_change(request, action="record_briefing_delivery", object_type=ObjectType.RECORD):
                created = services.record_delivery(by=request.user, briefing_id=briefing_id, period_start=date.fromisoformat(start),
                                                   **form.details())
        except ValidationError as error:
            _apply_validation(form, error)
        except GovernanceError as problem:
            form.add_error("occurrence", str(problem))
        else:
            messages.success(request, f"The {created.briefing.title.lower()} is recorded as delivered.")
            return redirect("induction:overview")
    return render(request, "induction/delivery.html", {"form": form, "delivery": None}, status=400 if form.errors else 200)


def delivery(request: SignedInRequest, delivery_id: int) -> HttpResponse:
    found = get_object_or_404(BriefingDelivery.objects.select_related("delivered_by", "created_by"), pk=delivery_id)
    initial = {"delivered_on": found.delivered_on, "sent_to": found.sent_to, "note": found.note, "version": found.version}
    form = DeliveryForm(request.POST or None, initial=initial)
    status, conflict = 200, None
    if request.method == "POST" and form.is_valid():
        try:
            with recorded_change(request, action="change_briefing_delivery", object_type=ObjectType.RECORD, object_id=record_id(found)):
                services.edit_delivery(found, by=request.user, seen_version=posted_version(request), changes=form.details())
        except StaleEdit as stale:
            conflict, status, found = str(stale), 409, stale.current  # type: ignore[assignment]
        except ValidationError as error:
            _apply_validation(form, error)
        else:
            messages.success(request, "Your changes are saved.")
            return redirect("induction:delivery", delivery_id=found.pk)
    if form.errors and status == 200:
        status = 400
    period = found.briefing.period_starting(found.period_start)
    return render(request, "induction/delivery.html", {
        "form": form, "delivery": found, "period": period, "due": found.briefing.due(period), "conflict": conflict,
        "recipients": RECIPIENTS, "can_record": _may(request, Permission.RECORD_BRIEFINGS), "history": history_of(found, FIELD_LABELS, WORDS),
    }, status=status)


def plan_start(request: SignedInRequest) -> HttpResponse:
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with recorded_change(request, action="start_induction_plan", object_type=ObjectType.RECORD):
                started = services.start_plan(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_validation(form, error)
        except NotAllowed as refusal:
            form.add_error("lead_member", str(refusal))
            return render(request, "induction/plan_form.html", {"form": form}, status=403)
        else:
            messages.success(request, "The induction plan is started: each item is dated from the day they took office.")
            return redirect("induction:plan", induction_plan_id=started.pk)
    return render(request, "induction/plan_form.html", {"form": form}, status=400 if form.errors else 200)


def _plan(plan_id: int) -> InductionPlan:
    return get_object_or_404(InductionPlan.objects.select_related("lead_member", "created_by"), pk=plan_id)


def _plan_context(request: SignedInRequest, plan: InductionPlan, **extra: Any) -> dict[str, Any]:
    done = services.progress(plan, today())
    return {
        "plan": plan, "sections": services.sections(plan), "today": today(), "done": done.done, "total": done.total,
        "overdue": len(done.overdue), "steps": steps_for(request, plan),
        "history": history_of(plan, FIELD_LABELS),
        "can_keep": services.may_keep(plan.lead_member_id, request.user) and plan.state == "in_progress",
        **extra,
    }


def plan(request: SignedInRequest, induction_plan_id: int) -> HttpResponse:
    return render(request, "induction/plan.html", _plan_context(request, _plan(induction_plan_id)))


def step_edit(request: SignedInRequest, induction_plan_id: int, induction_item_id: str) -> HttpResponse:
    found = _plan(induction_plan_id)
    try:
        step = services.step_of(found, induction_item_id)
    except KeyError:
        explanation = f"This induction plan has no item {induction_item_id!r}. Go back to the plan and choose one from its list."
        return render(request, "error.html", {"title": "There is no such item", "explanation": explanation}, status=404)
    form = StepForm(request.POST or None, initial={"done_on": step.done_on, "note": step.note, "version": step.version})
    status, conflict = 200, None
    if request.method == "POST" and form.is_valid():
        try:
            with recorded_change(request, action="record_induction_item", object_type=ObjectType.RECORD, object_id=record_id(step)):
                services.record_step(step, by=request.user, seen_version=posted_version(request), changes=form.details())
        except StaleEdit as stale:
            conflict, status, step = str(stale), 409, stale.current  # type: ignore[assignment]
        except ValidationError as error:
            _apply_validation(form, error)
        except NotAllowed as refusal:
            form.add_error(None, str(refusal))
            status = 403
        except GovernanceError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, "Saved under your name.")
            return redirect(reverse("induction:plan", args=[found.pk]) + f"#{step.item_id}")
    if form.errors and status == 200:
        status = 400
    return render(request, "induction/step_form.html", {
        "form": form, "plan": found, "step": step, "item": induction_plan().get(step.item_id), "conflict": conflict,
        "history": history_of(step, FIELD_LABELS),
    }, status=status)


def plan_step(request: SignedInRequest, induction_plan_id: int) -> HttpResponse:
    found = _plan(induction_plan_id)
    return take_step(request, found, services.move_plan, back_to=reverse("induction:plan", args=[found.pk]),
                     conflict_template="induction/plan.html", conflict_context=_plan_context(request, _plan(induction_plan_id)))


def plan_redate(request: SignedInRequest, induction_plan_id: int) -> HttpResponse:
    """A new day the plan counts from: every item's due date is counted again, with the reason."""
    found = _plan(induction_plan_id)
    form = RedateForm(request.POST or None, initial={"took_office_on": found.took_office_on, "version": found.version})
    status, conflict = 200, None
    if request.method == "POST" and form.is_valid():
        try:
            with recorded_change(request, action="redate_induction_plan", object_type=ObjectType.RECORD, object_id=record_id(found)):
                services.redate_plan(found, by=request.user, seen_version=posted_version(request), **form.details())
        except StaleEdit as stale:
            conflict, status, found = str(stale), 409, stale.current  # type: ignore[assignment]
        except ValidationError as error:
            _apply_validation(form, error)
        except NotAllowed as refusal:
            form.add_error(None, str(refusal))
            status = 403
        except GovernanceError as problem:
            form.add_error("took_office_on", str(problem))
        else:
            messages.success(request, "The plan is re-dated: every item's due date is counted from the new day.")
            return redirect("induction:plan", induction_plan_id=found.pk)
    if form.errors and status == 200:
        status = 400
    return render(request, "induction/plan_redate.html", {"form": form, "plan": found, "conflict": conflict}, status=status)

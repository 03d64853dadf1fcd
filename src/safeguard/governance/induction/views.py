"""The pages of induction and the briefing cycle: the cycle for a year (what was delivered, late
or missing) with the induction plans; recording and changing a delivery; starting a plan, one
plan by stage, ticking an item off, and completing the plan."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from safeguard.governance.induction import services
from safeguard.governance.induction.forms import DeliveryForm, PlanForm, RedateForm, StepForm
from safeguard.governance.induction.induction_plan import induction_plan
from safeguard.governance.induction.models import RECIPIENT_CHOICES, BriefingDelivery, InductionPlan
from safeguard.governance.reporting_year import ReportingYear, parse_year
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
)
from safeguard.roles import Permission, permissions_of
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.leadership.downloads import csv_response

RECIPIENTS = dict(RECIPIENT_CHOICES)
FIELD_LABELS = {
    "done_on": "the day it was done", "done_by": "ticked off by", "note": "the note", "delivered_on": "the day it was delivered",
    "sent_to": "sent to", "took_office_on": "the day they took office", "redated_because": "the reason for re-dating", "due": "the due date",
}
WORDS = {"sent_to": lambda roles: ", ".join(RECIPIENTS.get(role, role) for role in roles)}


def _may(request: SignedInRequest, permission: Permission) -> bool:
    return permission in permissions_of(request.user.roles)


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

    def save() -> BriefingDelivery:
        briefing_id, start = form.cleaned_data["occurrence"].split(":")
        return services.record_delivery(by=request.user, briefing_id=briefing_id, period_start=date.fromisoformat(start), **form.details())

    return versioned_edit(
        request, form, save, record=None, action="record_briefing_delivery",
        done=lambda made: f"The {made.briefing.title.lower()} is recorded as delivered.", then=reverse("induction:overview"),
        template="induction/delivery.html", context=lambda _: {"form": form, "delivery": None},
        answers={ValidationError: Answer(400), GovernanceError: Answer(400, field="occurrence")},
    )


def delivery(request: SignedInRequest, delivery_id: int) -> HttpResponse:
    found = get_object_or_404(BriefingDelivery.objects.select_related("delivered_by", "created_by"), pk=delivery_id)
    initial = {"delivered_on": found.delivered_on, "sent_to": found.sent_to, "note": found.note, "version": found.version}
    form = DeliveryForm(request.POST or None, initial=initial)

    def page(shown: BriefingDelivery) -> dict[str, Any]:
        period = shown.briefing.period_starting(shown.period_start)
        return {
            "form": form, "delivery": shown, "period": period, "due": shown.briefing.due(period), "recipients": RECIPIENTS,
            "can_record": _may(request, Permission.RECORD_BRIEFINGS), "history": history_of(shown, FIELD_LABELS, WORDS),
        }

    return versioned_edit(
        request, form, lambda: services.edit_delivery(found, by=request.user, seen_version=posted_version(request), changes=form.details()),
        record=found, action="change_briefing_delivery", done="Your changes are saved.", then=reverse("induction:delivery", args=[found.pk]),
        template="induction/delivery.html", context=page,
    )


def plan_start(request: SignedInRequest) -> HttpResponse:
    form = PlanForm(request.POST or None)
    return versioned_edit(
        request, form, lambda: services.start_plan(by=request.user, **form.cleaned_data),
        record=None, action="start_induction_plan", done="The induction plan is started: each item is dated from the day they took office.",
        then=lambda started: reverse("induction:plan", args=[started.pk]), template="induction/plan_form.html",
        context=lambda _: {"form": form}, answers={ValidationError: Answer(400), NotAllowed: Answer(403, field="lead_member")},
    )


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
    return versioned_edit(
        request, form, lambda: services.record_step(step, by=request.user, seen_version=posted_version(request), changes=form.details()),
        record=step, action="record_induction_item", done="Saved under your name.",
        then=reverse("induction:plan", args=[found.pk]) + f"#{step.item_id}", template="induction/step_form.html",
        context=lambda shown: {
            "form": form, "plan": found, "step": shown, "item": induction_plan().get(shown.item_id), "history": history_of(shown, FIELD_LABELS),
        },
        answers={**EDIT_ANSWERS, NotAllowed: Answer(403)},
    )


def plan_step(request: SignedInRequest, induction_plan_id: int) -> HttpResponse:
    found = _plan(induction_plan_id)
    return take_step(request, found, services.move_plan, back_to=reverse("induction:plan", args=[found.pk]),
                     conflict_template="induction/plan.html", conflict_context=_plan_context(request, _plan(induction_plan_id)))


def plan_redate(request: SignedInRequest, induction_plan_id: int) -> HttpResponse:
    """A new day the plan counts from: every item's due date is counted again, with the reason."""
    found = _plan(induction_plan_id)
    form = RedateForm(request.POST or None, initial={"took_office_on": found.took_office_on, "version": found.version})
    return versioned_edit(
        request, form, lambda: services.redate_plan(found, by=request.user, seen_version=posted_version(request), **form.details()),
        record=found, action="redate_induction_plan", done="The plan is re-dated: every item's due date is counted from the new day.",
        then=reverse("induction:plan", args=[found.pk]), template="induction/plan_redate.html",
        context=lambda shown: {"form": form, "plan": shown},
        answers={**EDIT_ANSWERS, NotAllowed: Answer(403), GovernanceError: Answer(400, field="took_office_on")},
    )

"""The improvement plan's pages: the plan (filtered, downloadable), one action with its impact,
progress and history, and the forms that add, change and move actions on."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from safeguard.factors import FACTORS
from safeguard.governance.plan import services
from safeguard.governance.plan.forms import ActionForm, NoteForm
from safeguard.governance.plan.models import WORKFLOW, PlanAction, Source
from safeguard.governance.workflow.transitions import GovernanceError, NotAllowed
from safeguard.governance.workflow.views import Answer, history_of, posted_version, steps_for, take_step, today, versioned_edit, viewer_of
from safeguard.indicators.catalogue import indicator_ids
from safeguard.roles import Permission, permissions_of
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.leadership.downloads import csv_response

FIELD_LABELS = {
    "title": "the action", "description": "the description", "source": "the source", "source_reference": "what it came from",
    "factor": "the factor", "owner": "the owner", "due": "the due date", "indicator_id": "the indicator",
    "direction": "the direction", "evidence_of_impact": "the evidence of impact",
}


def _selection(request: SignedInRequest) -> services.PlanFilter:
    query = request.GET
    return services.PlanFilter(
        factor=query.get("factor", ""), owner=query.get("owner", ""), state=query.get("state", ""),
        source=query.get("source", ""), overdue=query.get("overdue") == "yes",
    )


def actions(request: SignedInRequest) -> HttpResponse:
    selection = _selection(request)
    found = list(services.plan_actions(selection, today()))
    viewer = viewer_of(request)
    lines = [(action, services.impact_of(action), services.is_overdue(action, today())) for action in found]
    return render(
        request,
        "plan/actions.html",
        {
            "lines": lines,
            "selection": selection,
            "factors": FACTORS,
            "states": WORKFLOW.choices(),
            "sources": Source.choices,
            "owners": sorted({action.owner for action in PlanAction.objects.select_related("owner")}, key=lambda person: person.display_name),
            "viewer": viewer,
            "query": request.GET.urlencode(),
            "can_manage": Permission.MANAGE_PLAN in permissions_of(request.user.roles),
            "overdue_count": services.overdue_actions(today()).count(),
        },
    )


def actions_csv(request: SignedInRequest) -> HttpResponse:
    found = services.plan_actions(_selection(request), today())
    return csv_response("improvement-plan.csv", services.EXPORT_COLUMNS, services.export_rows(found, viewer_of(request), today()))


def _action_context(request: SignedInRequest, action: PlanAction, **extra: Any) -> dict[str, Any]:
    return {
        "action": action,
        "impact": services.impact_of(action),
        "viewer": viewer_of(request),
        "overdue": services.is_overdue(action, today()),
        "steps": steps_for(request, action),
        "history": history_of(action, FIELD_LABELS),
        "note_form": extra.pop("note_form", NoteForm()),
        "may_note": services.may_note_progress(action, request.user),
        "can_manage": Permission.MANAGE_PLAN in permissions_of(request.user.roles),
        **extra,
    }


def action(request: SignedInRequest, action_id: int) -> HttpResponse:
    found = get_object_or_404(PlanAction.objects.select_related("owner", "created_by"), pk=action_id)
    return render(request, "plan/action.html", _action_context(request, found))


def action_add(request: SignedInRequest) -> HttpResponse:
    initial = {key: request.GET[key] for key in ("source", "source_reference", "factor", "indicator_id", "title") if key in request.GET}
    if initial.get("indicator_id") not in (None, *indicator_ids()):
        initial.pop("indicator_id")
    form = ActionForm(request.POST or None, initial=initial)
    return versioned_edit(
        request, form, lambda: services.raise_action(by=request.user, **form.details()),
        record=None, action="raise_plan_action", done=lambda made: f"Action {made.reference} is on the plan.",
        then=lambda made: reverse("plan:action", args=[made.pk]), template="plan/action_form.html",
        context=lambda _: {"form": form, "action": None},
    )


def action_edit(request: SignedInRequest, action_id: int) -> HttpResponse:
    found = get_object_or_404(PlanAction, pk=action_id)
    initial = {name: getattr(found, name) for name in services.EDITABLE_FIELDS} | {"version": found.version}
    form = ActionForm(request.POST or None, initial=initial)
    return versioned_edit(
        request, form, lambda: services.edit_action(found, by=request.user, seen_version=posted_version(request), changes=form.details()),
        record=found, action="change_plan_action", done="Your changes are saved.", then=reverse("plan:action", args=[found.pk]),
        template="plan/action_form.html", context=lambda shown: {"form": form, "action": shown},
    )


def action_step(request: SignedInRequest, action_id: int) -> HttpResponse:
    found = get_object_or_404(PlanAction.objects.select_related("owner"), pk=action_id)
    return take_step(
        request, found, services.move_action,
        back_to=reverse("plan:action", args=[found.pk]), conflict_template="plan/action.html",
        conflict_context=_action_context(request, PlanAction.objects.select_related("owner").get(pk=found.pk)),
    )


def action_note(request: SignedInRequest, action_id: int) -> HttpResponse:
    found = get_object_or_404(PlanAction.objects.select_related("owner"), pk=action_id)
    form = NoteForm(request.POST)
    return versioned_edit(
        request, form, lambda: services.note_progress(found, by=request.user, text=form.cleaned_data["text"]),
        record=found, action="note_plan_progress", done="Your progress note is recorded.", then=reverse("plan:action", args=[found.pk]),
        template="plan/action.html", context=lambda _: _action_context(request, found, note_form=form),
        answers={NotAllowed: Answer(403, "refusal"), GovernanceError: Answer(400, field="text")},
    )

"""The workforce pages: the leaders' picture (team figures only), and for managers the
allocation tool, its decisions and each decision's history."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from safeguard.aggregates.workforce import workforce_picture
from safeguard.governance.allocation import services
from safeguard.governance.allocation.forms import CaseForm, DecisionForm
from safeguard.governance.allocation.models import AllocationDecision, CaseType
from safeguard.governance.workflow.views import Answer, history_of, versioned_edit, viewer_of
from safeguard.roles import Permission, permissions_of
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.audit.models import ObjectType, Outcome
from safeguard.web.audit.recording import record

FIELD_LABELS = {"chosen_worker": "the worker chosen", "reason": "the reason", "case_reference": "the case reference"}


def workforce(request: SignedInRequest) -> HttpResponse:
    """Vacancies, turnover, agency, absence, supervision and caseloads, for the council and by team."""
    picture = workforce_picture(viewer_of(request))
    allocates = Permission.ALLOCATE_CASES in permissions_of(request.user.roles)
    return render(request, "allocation/workforce.html", {"picture": picture, "allocates": allocates})


def allocate(request: SignedInRequest) -> HttpResponse:
    """Describe a case to see who has room for it; choose, and the decision is kept."""
    teams = services.managed_teams(request.user)
    if request.method == "POST":
        return _decide(request, teams)
    form = CaseForm(request.GET or None, teams=teams)
    allocation = None
    if request.GET and form.is_valid():
        allocation = services.allocation_for(request.user, form.case(), services.current_picture())
    status = 400 if request.GET and form.errors else 200
    return render(request, "allocation/allocate.html", _context(form, teams, allocation), status=status)


def _decide(request: SignedInRequest, teams: list[str]) -> HttpResponse:
    form = DecisionForm(request.POST, teams=teams)
    if not form.is_valid():
        return render(request, "allocation/allocate.html", _context(form, teams, None), status=400)
    picture = services.current_picture()
    allocation = services.allocation_for(request.user, form.case(), picture)
    return versioned_edit(
        request, form,
        lambda: services.record_decision(
            by=request.user, case_reference=form.cleaned_data["case_reference"], case=form.case(),
            chosen_worker=form.cleaned_data["chosen_worker"], reason=form.cleaned_data["reason"], picture=picture,
        ),
        record=None, action="record_allocation",
        done=lambda decision: f"Decision {decision.reference} is recorded: {decision.chosen_worker} holds the case.",
        then=lambda decision: reverse("allocation:decision", args=[decision.pk]), template="allocation/allocate.html",
        context=lambda _: _context(form, teams, allocation), answers={ValidationError: Answer(400)},
    )


def _context(form: CaseForm, teams: list[str], allocation: services.Allocation | None) -> dict[str, object]:
    chosen = form.data.get("chosen_worker") or (allocation.suggestions[0].worker.worker if allocation and allocation.suggestions else "")
    items = [
        {
            "value": worker.worker,
            "text": f"{worker.worker} ({worker.team}: {worker.weighted:g} of {worker.capacity:g} weighted cases)",
            "selected": worker.worker == chosen,
        }
        for worker in (allocation.workers if allocation else ())
    ]
    return {"form": form, "teams": teams, "allocation": allocation, "case_types": CaseType.choices, "worker_items": items}


def decisions(request: SignedInRequest) -> HttpResponse:
    found = services.decisions_for(request.user)
    return render(request, "allocation/decisions.html", {"decisions": found, "case_types": dict(CaseType.choices)})


def decision(request: SignedInRequest, decision_id: int) -> HttpResponse:
    found = get_object_or_404(AllocationDecision.objects.select_related("created_by"), pk=decision_id)
    if found.team not in services.managed_teams(request.user):
        raise Http404("No such decision among your teams.")
    return render(
        request,
        "allocation/decision.html",
        {
            "decision": found,
            "case_types": dict(CaseType.choices),
            "history": history_of(found, FIELD_LABELS),
        },
    )


UNALLOCATED_PURPOSE = "unallocated cases: making sure every child in need, on a plan or in care has a social worker"


def unallocated(request: SignedInRequest) -> HttpResponse:
    """Every child with an open case and no named worker: how long, who answers for them, the
    last visit (seed 003 sections 18.4.12 to 18.4.15). Child-level: each look is recorded."""
    picture = services.current_picture_or_none()
    cases = picture.unallocated if picture else ()
    record(request, action="view_unallocated_cases", object_type=ObjectType.CHILD, purpose=UNALLOCATED_PURPOSE,
           outcome=Outcome.ALLOWED, children=[case.child_id for case in cases])
    return render(request, "allocation/unallocated.html", {"picture": picture, "cases": cases, "purpose": UNALLOCATED_PURPOSE})

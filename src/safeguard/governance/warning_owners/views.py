"""Acting on a warning in one step, from its page: raise a challenge, or put an action on the plan.

Either form posts here and, when it is valid, the record is made at once (linked to the
warning) and the person lands on it; a form with a mistake returns to the warning's page with
the message beside the field.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect

from safeguard.governance.warning_owners import services
from safeguard.governance.warning_owners.forms import ActionFromWarningForm, ChallengeFromWarningForm
from safeguard.governance.warning_owners.models import TrackedWarning
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.audit.models import ObjectType
from safeguard.web.audit.recording import recorded_change


def _back(request: SignedInRequest, tracked: TrackedWarning, form: ChallengeFromWarningForm | ActionFromWarningForm) -> HttpResponse:
    for problems in form.errors.values():
        for problem in problems:
            messages.error(request, str(problem))
    return redirect("leadership:warning", warning_id=tracked.pk)


def challenge(request: SignedInRequest, warning_id: int) -> HttpResponse:
    tracked = get_object_or_404(TrackedWarning, pk=warning_id)
    form = ChallengeFromWarningForm(request.POST)
    if not form.is_valid():
        return _back(request, tracked, form)
    with recorded_change(request, action="raise_challenge_from_warning", object_type=ObjectType.WARNING, object_id=str(tracked.pk)):
        raised = services.challenge_from(tracked, by=request.user, question=form.cleaned_data["question"])
    messages.success(request, f"Challenge {raised.reference} is raised; it waits for an owner.")
    return redirect("challenge:challenge", challenge_id=raised.pk)


def action(request: SignedInRequest, warning_id: int) -> HttpResponse:
    tracked = get_object_or_404(TrackedWarning, pk=warning_id)
    form = ActionFromWarningForm(request.POST)
    if not form.is_valid():
        return _back(request, tracked, form)
    try:
        with recorded_change(request, action="raise_plan_action_from_warning", object_type=ObjectType.WARNING, object_id=str(tracked.pk)):
            raised = services.action_from(
                tracked, by=request.user, title=form.cleaned_data["title"], owner=form.cleaned_data["owner"], due=form.cleaned_data["due"],
            )
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, str(problem))
        return redirect("leadership:warning", warning_id=tracked.pk)
    messages.success(request, f"Action {raised.reference} is on the plan.")
    return redirect("plan:action", action_id=raised.pk)

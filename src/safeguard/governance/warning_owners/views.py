"""Acting on a warning in one step, from its page: raise a challenge, or put an action on the plan.

Either form posts here and, when it is valid, the record is made at once (linked to the
warning) and the person lands on it. Otherwise the answer is the shared one of every governance
form (``versioned_edit``): the warning's page again (400), the message beside the field it names,
the person's text kept in the form, and nothing made.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from safeguard.governance.warning_owners import services
from safeguard.governance.warning_owners.forms import ActionFromWarningForm, ChallengeFromWarningForm
from safeguard.governance.warning_owners.models import TrackedWarning
from safeguard.governance.workflow.views import versioned_edit
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.audit.models import ObjectType
from safeguard.web.leadership.warnings import warning_context

WARNING_PAGE = "leadership/warning.html"


def challenge(request: SignedInRequest, warning_id: int) -> HttpResponse:
    tracked = get_object_or_404(TrackedWarning, pk=warning_id)
    form = ChallengeFromWarningForm(request.POST)
    return versioned_edit(
        request, form, lambda: services.challenge_from(tracked, by=request.user, question=form.cleaned_data["question"]),
        record=None, object_type=ObjectType.WARNING, object_id=str(tracked.pk), action="raise_challenge_from_warning",
        done=lambda raised: f"Challenge {raised.reference} is raised; it waits for an owner.",
        then=lambda raised: reverse("challenge:challenge", args=[raised.pk]),
        template=WARNING_PAGE, context=lambda _: warning_context(request, tracked, challenge_form=form),
    )


def action(request: SignedInRequest, warning_id: int) -> HttpResponse:
    tracked = get_object_or_404(TrackedWarning, pk=warning_id)
    form = ActionFromWarningForm(request.POST)
    return versioned_edit(
        request, form,
        lambda: services.action_from(
            tracked, by=request.user, title=form.cleaned_data["title"], owner=form.cleaned_data["owner"], due=form.cleaned_data["due"],
        ),
        record=None, object_type=ObjectType.WARNING, object_id=str(tracked.pk), action="raise_plan_action_from_warning",
        done=lambda raised: f"Action {raised.reference} is on the plan.", then=lambda raised: reverse("plan:action", args=[raised.pk]),
        template=WARNING_PAGE, context=lambda _: warning_context(request, tracked, action_form=form),
    )

"""The pages of sharing: the Director's register of agreements with partner agencies, what an
agreement in force shows a partner, and emergency looks at a child's records with their review.

Every look at a child's records here writes one access record naming the children shown, and
every refusal (outside an agreement's dates, beyond its lists, another person's emergency look,
one that has ended) is recorded too, with the reason the person is given.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from safeguard.governance.sharing import services
from safeguard.governance.sharing.forms import AgreementForm, EmergencyForm, ReviewForm
from safeguard.governance.sharing.models import EMERGENCY_HOURS, EmergencyAccess, Outcome, SharingAgreement
from safeguard.governance.workflow.transitions import GovernanceError, NotAllowed, StaleEdit
from safeguard.governance.workflow.views import Answer, history_of, posted_version, steps_for, take_step, today, versioned_edit
from safeguard.roles import Permission, permissions_of
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.audit.models import ObjectType, record_id
from safeguard.web.audit.models import Outcome as AccessOutcome
from safeguard.web.audit.recording import record
from safeguard.web.errors import refused

FIELD_LABELS = {
    "partner": "the partner", "purpose": "the purpose", "lists": "the lists", "starts_on": "the first day", "ends_on": "the last day",
    "approved_by": "who approved it", "approved_at": "when it was approved", "outcome": "the review's finding",
    "reviewed_by": "who reviewed it", "reviewed_at": "when it was reviewed",
}


def _now() -> datetime:
    return datetime.now(UTC)


def _agreement(agreement_id: int) -> SharingAgreement:
    return get_object_or_404(SharingAgreement.objects.select_related("created_by", "approved_by"), pk=agreement_id)


def _emergency(emergency_id: int) -> EmergencyAccess:
    return get_object_or_404(EmergencyAccess.objects.select_related("created_by", "reviewed_by"), pk=emergency_id)


def agreements(request: SignedInRequest) -> HttpResponse:
    found = list(SharingAgreement.objects.select_related("approved_by"))
    lines = [(agreement, services.list_titles(agreement), agreement.in_force_on(today())) for agreement in found]
    return render(request, "sharing/agreements.html", {"lines": lines})


def agreement_add(request: SignedInRequest) -> HttpResponse:
    form = AgreementForm(request.POST or None)
    return versioned_edit(
        request, form, lambda: services.propose(by=request.user, **form.cleaned_data),
        record=None, action="propose_sharing_agreement",
        done=lambda made: f"Agreement {made.reference} is proposed: nothing is shared until it is approved.",
        then=lambda made: reverse("sharing:agreement", args=[made.pk]), template="sharing/agreement_form.html", context=lambda _: {"form": form},
    )


def _agreement_context(request: SignedInRequest, agreement: SharingAgreement, **extra: Any) -> dict[str, Any]:
    return {
        "agreement": agreement,
        "titles": services.list_titles(agreement),
        "in_force": agreement.in_force_on(today()),
        "steps": steps_for(request, agreement),
        "history": history_of(agreement, FIELD_LABELS),
        **extra,
    }


def agreement(request: SignedInRequest, agreement_id: int) -> HttpResponse:
    return render(request, "sharing/agreement.html", _agreement_context(request, _agreement(agreement_id)))


def agreement_step(request: SignedInRequest, agreement_id: int) -> HttpResponse:
    found = _agreement(agreement_id)
    return take_step(
        request, found, services.move_agreement, back_to=reverse("sharing:agreement", args=[found.pk]),
        conflict_template="sharing/agreement.html", conflict_context=_agreement_context(request, found),
    )


def shared(request: SignedInRequest) -> HttpResponse:
    """What the person's agency may see today, agreement by agreement."""
    found = services.agreements_for(request.user, today())
    lines = [(agreement, [(key, services.SHAREABLE_LISTS[key]) for key in agreement.lists if key in services.SHAREABLE_LISTS]) for agreement in found]
    return render(request, "sharing/shared.html", {
        "lines": lines, "agency": services.agency_of(request.user),
        "manages_sharing": Permission.MANAGE_SHARING in permissions_of(request.user.roles),
    })


def shared_list(request: SignedInRequest, agreement_id: int, granted_list: str) -> HttpResponse:
    """One list an agreement shares, as the partner sees it; refused and recorded outside the
    agreement's dates, beyond its lists, or for another agency."""
    found = _agreement(agreement_id)
    purpose = f"sharing agreement {found.reference}: {found.purpose}"[:200]
    try:
        rows = services.shared_list(request.user, found, granted_list, today())
    except services.NotShared as refusal:
        record(request, action="view_shared_list", object_type=ObjectType.RECORD, object_id=record_id(found), purpose=purpose,
               outcome=AccessOutcome.REFUSED)
        return refused(request, str(refusal))
    record(request, action="view_shared_list", object_type=ObjectType.RECORD, object_id=record_id(found), purpose=purpose,
           outcome=AccessOutcome.ALLOWED, children=rows.child_ids)
    return render(request, "sharing/shared_list.html", {"agreement": found, "rows": rows, "purpose": purpose})


def emergency_open(request: SignedInRequest) -> HttpResponse:
    form = EmergencyForm(request.POST or None)
    return versioned_edit(
        request, form, lambda: services.open_emergency(by=request.user, **form.cleaned_data),
        record=None, action="open_emergency_access", object_type=ObjectType.CHILD,
        object_id=form.cleaned_data["child_id"].strip().upper() if form.is_valid() else "",
        done=lambda look: f"Emergency look {look.reference} is open for {EMERGENCY_HOURS} hours. The Director's team has been told.",
        then=lambda look: reverse("sharing:emergency_child", args=[look.pk]), template="sharing/emergency_form.html",
        context=lambda _: {"form": form, "hours": EMERGENCY_HOURS},
        answers={ValidationError: Answer(400), services.NotShared: Answer(400, field="child_id")},
    )


def emergency_child(request: SignedInRequest, emergency_id: int) -> HttpResponse:
    """The child's records under an emergency look: its opener only, until it ends."""
    look = _emergency(emergency_id)
    purpose = f"emergency look {look.reference}: {look.reason}"[:200]
    try:
        lists = services.emergency_rows(request.user, look, _now())
    except services.NotShared as refusal:
        record(request, action="view_child_in_emergency", object_type=ObjectType.CHILD, object_id=look.child_id, purpose=purpose,
               outcome=AccessOutcome.REFUSED)
        return refused(request, str(refusal))
    record(request, action="view_child_in_emergency", object_type=ObjectType.CHILD, object_id=look.child_id, purpose=purpose,
           outcome=AccessOutcome.ALLOWED, children=[look.child_id])
    return render(request, "sharing/emergency_child.html", {"look": look, "lists": lists, "purpose": purpose})


def emergencies(request: SignedInRequest) -> HttpResponse:
    found = list(EmergencyAccess.objects.select_related("created_by", "reviewed_by"))
    moment = _now()
    return render(request, "sharing/emergencies.html", {
        "waiting": [(look, look.review_overdue(moment)) for look in found if look.state == "open"],
        "reviewed": [look for look in found if look.state == "reviewed"],
    })


def _emergency_context(request: SignedInRequest, look: EmergencyAccess, **extra: Any) -> dict[str, Any]:
    return {
        "look": look, "form": extra.pop("form", None) or ReviewForm(), "outcomes": Outcome.choices,
        "may_review": bool(steps_for(request, look)), "history": history_of(look, FIELD_LABELS), **extra,
    }


def emergency(request: SignedInRequest, emergency_id: int) -> HttpResponse:
    """One emergency look for the Director's team, and its review."""
    look = _emergency(emergency_id)
    form = ReviewForm(request.POST if request.method == "POST" else None)
    return versioned_edit(
        request, form, lambda: services.review(look, by=request.user, seen_version=posted_version(request), **form.cleaned_data),
        record=look, action="review_emergency_access", done=f"The review of {look.reference} is recorded under your name.",
        then=reverse("sharing:emergency", args=[look.pk]), template="sharing/emergency.html",
        context=lambda shown: _emergency_context(request, shown, form=form),
        answers={
            StaleEdit: Answer(409, "conflict"), NotAllowed: Answer(403, "refusal"),
            GovernanceError: Answer(400, "step_error"), ValidationError: Answer(400, "step_error"),
        },
    )

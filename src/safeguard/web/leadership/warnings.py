"""Early warnings: the list, one warning in full, and each person's acknowledgement.

Each warning says what moved, since when, by how much, against England and the neighbours, how
unusual it is, how far the data can be trusted and the question to ask (DOMAIN.md §2.B), in
words a councillor uses; the statistics behind it are one click away for analysts. Every
warning has a lasting number and address (``/warnings/12``, kept by
``safeguard.governance.warning_owners``); an address naming the indicator, check and first
month still leads to it. Each person acknowledges a warning under their own name and role with
their reason: one person's acknowledgement does not clear it for anyone else. Every
acknowledgement writes one access record (``recorded_change``), and a reason changed from a
stale version is refused with 409 and shown back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from safeguard import aggregates
from safeguard.aggregates import Viewer, WarningView
from safeguard.governance.warning_owners import services as owners
from safeguard.governance.warning_owners.models import RESPONSE_MAX_LENGTH, Acknowledgement, TrackedWarning
from safeguard.governance.workflow.transitions import Lockable, StaleEdit
from safeguard.web.access.policy import ROUTES, allows
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.accounts.models import User
from safeguard.web.audit.models import ObjectType
from safeguard.web.audit.recording import recorded_change
from safeguard.web.leadership.downloads import csv_response

WARNING_COLUMNS = (
    "warning", "address", "indicator", "title", "reading", "check", "since", "until", "what moved", "change",
    "against England and neighbours", "how unusual", "data confidence", "question", "acknowledged by",
)


class AcknowledgementForm(forms.Form):
    response = forms.CharField(
        max_length=RESPONSE_MAX_LENGTH,
        strip=True,
        error_messages={
            "required": "Write your response to this warning",
            "max_length": f"Your response must be {RESPONSE_MAX_LENGTH:,} characters or fewer",
        },
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput, error_messages={"required": "Reload the page and try again"})


@dataclass(frozen=True)
class WarningLine:
    """A warning as listed: what the figures say, its lasting record, and who acknowledged it."""

    view: WarningView
    tracked: TrackedWarning
    acknowledgements: tuple[Acknowledgement, ...]
    mine: bool
    """Whether the person looking has acknowledged it."""

    @property
    def acknowledged_by(self) -> str:
        return "; ".join(f"{item.person_name} ({item.get_role_display()})" for item in self.acknowledgements)


def current_lines(viewer: Viewer, person: object | None = None) -> list[WarningLine]:
    """Every current warning with its number and acknowledgements (the engine's order: concerns first)."""
    views = aggregates.current_warnings(viewer)
    tracked = owners.track(views)
    acknowledged: dict[int, list[Acknowledgement]] = {}
    for item in Acknowledgement.objects.filter(warning__in=tracked.values()).order_by("acknowledged_at", "id"):
        acknowledged.setdefault(item.warning_id, []).append(item)
    person_id = getattr(person, "pk", None)
    lines = []
    for view in views:
        record = tracked[view.key]
        mine = any(item.person_id == person_id for item in acknowledged.get(record.pk, []))
        lines.append(WarningLine(view, record, tuple(acknowledged.get(record.pk, [])), mine))
    return lines


def new_warnings(viewer: Viewer, person: object | None = None) -> list[WarningLine]:
    """Current warnings this person has not acknowledged (with no person: that nobody has)."""
    return [line for line in current_lines(viewer, person) if not (line.mine if person is not None else line.acknowledgements)]


def warnings(request: SignedInRequest) -> HttpResponse:
    viewer = Viewer.of(request.user.roles)
    lines = current_lines(viewer, request.user)
    current = {line.tracked.pk for line in lines}
    earlier = (
        TrackedWarning.objects.filter(acknowledgements__isnull=False).exclude(pk__in=current).distinct().order_by("-since")[:50]
    )
    return render(
        request,
        "leadership/warnings.html",
        {
            "waiting": [line for line in lines if not line.mine],
            "done": [line for line in lines if line.mine],
            "earlier": earlier,
            "suppressed": not viewer.exact,
            "can_acknowledge": allows(request.user.roles, ROUTES["leadership:warning"].methods["POST"]),
        },
    )


def warnings_csv(request: SignedInRequest) -> HttpResponse:
    rows = []
    for line in current_lines(Viewer.of(request.user.roles), request.user):
        view = line.view
        rows.append(
            (
                line.tracked.reference, request.build_absolute_uri(f"/warnings/{line.tracked.pk}"), view.indicator_id, view.title,
                view.reading, view.source, f"{view.since:%Y-%m}", f"{view.until:%Y-%m}", view.what_moved, view.change_text,
                view.comparison, view.how_unusual, view.data_confidence, view.question, line.acknowledged_by,
            )
        )
    return csv_response("early-warnings.csv", WARNING_COLUMNS, rows)


def shown_warning(tracked: TrackedWarning, viewer: Viewer) -> WarningView | None:
    """The warning as the latest figures show it, found by any name it has gone by."""
    names = set(owners.names_of(tracked))
    return next((view for view in aggregates.current_warnings(viewer) if view.key in names), None)


def warning_by_name(request: SignedInRequest, warning_key: str) -> HttpResponse:
    """An address that named the warning's indicator, check and first month: on to its number."""
    tracked = owners.by_name(warning_key)
    if tracked is None:
        views = [view for view in aggregates.current_warnings(Viewer.of(request.user.roles)) if view.key == warning_key]
        tracked = owners.track(views).get(warning_key)
    if tracked is None:
        raise Http404("no such warning")
    return redirect("leadership:warning", warning_id=tracked.pk)


def _own(tracked: TrackedWarning, person: User) -> Acknowledgement | None:
    return next((item for item in owners.acknowledgements_of(tracked) if item.person_id == person.pk), None)


def warning_context(
    request: SignedInRequest,
    tracked: TrackedWarning,
    *,
    form: forms.Form | None = None,
    conflict: Lockable | None = None,
    challenge_form: forms.Form | None = None,
    action_form: forms.Form | None = None,
) -> dict[str, Any]:
    """What the warning's page shows, with whichever of its three forms was posted and not saved
    (its text kept, its mistakes beside their fields): the acknowledgement here, a challenge or a
    plan action raised from it by ``safeguard.governance.warning_owners``."""
    acknowledgements = owners.acknowledgements_of(tracked)
    own = next((item for item in acknowledgements if item.person_id == request.user.pk), None)
    roles = request.user.roles
    owner = str(action_form["owner"].value() or "") if action_form is not None else ""
    return {
        "tracked": tracked,
        "view": shown_warning(tracked, Viewer.of(roles)),
        "acknowledgements": acknowledgements,
        "own": own,
        "form": form if form is not None else _acknowledgement_form(None, own),
        "conflict": conflict,
        "challenge_form": challenge_form,
        "action_form": action_form,
        "fresh_version": own.version if own else 0,
        "can_respond": allows(roles, ROUTES["leadership:warning"].methods["POST"]),
        "can_challenge": allows(roles, ROUTES["warning_owners:challenge"].methods["POST"]),
        "can_plan": allows(roles, ROUTES["warning_owners:action"].methods["POST"]),
        "owner_items": [{"value": "", "text": "Choose a person"}]
        + [{"value": person.pk, "text": person.display_name, "selected": str(person.pk) == owner}
           for person in User.objects.filter(is_active=True).order_by("first_name", "last_name", "username")],
        "challenges": owners.challenges_about(tracked),
        "actions": owners.actions_from(tracked),
    }


def _acknowledgement_form(data: Any, own: Acknowledgement | None) -> AcknowledgementForm:
    return AcknowledgementForm(data, initial={"version": own.version if own else 0, "response": own.response if own else ""})


def warning(request: SignedInRequest, warning_id: int) -> HttpResponse:
    tracked = get_object_or_404(TrackedWarning, pk=warning_id)
    form = _acknowledgement_form(request.POST or None, _own(tracked, request.user))
    status, conflict = 200, None
    if request.method == "POST" and form.is_valid():
        try:
            with recorded_change(request, action="acknowledge_warning" if form.cleaned_data["version"] == 0 else "revise_warning_response",
                                 object_type=ObjectType.WARNING, object_id=str(tracked.pk)):
                owners.acknowledge(tracked, by=request.user, response=form.cleaned_data["response"], seen_version=form.cleaned_data["version"])
        except StaleEdit as stale:
            conflict, status = stale.current, 409
        else:
            messages.success(request, "Your acknowledgement has been recorded under your name.")
            return redirect("leadership:warning", warning_id=tracked.pk)
    return render(request, "leadership/warning.html", warning_context(request, tracked, form=form, conflict=conflict), status=status)

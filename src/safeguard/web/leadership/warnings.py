"""Early warnings: the list, one warning in full, and its acknowledgement.

Each warning says what moved, since when, by how much, how unusual it is, how far the data can
be trusted and the question to ask (DOMAIN.md §2.B). A leader acknowledges it under their own
name with a response in their own words; every acknowledgement or change of response writes
one access record (``recorded_change``), and a response written while someone else's was saved
is refused with 409 and shown back, never silently overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from safeguard import aggregates
from safeguard.aggregates import Viewer, WarningView
from safeguard.web.access.policy import ROUTES, allows
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.audit.models import ObjectType
from safeguard.web.audit.recording import recorded_change
from safeguard.web.leadership.downloads import csv_response
from safeguard.web.leadership.models import RESPONSE_MAX_LENGTH, WarningAcknowledgement

WARNING_COLUMNS = (
    "warning", "indicator", "title", "reading", "check", "since", "until", "what moved", "change", "how unusual",
    "data confidence", "question", "acknowledged by", "acknowledged at", "response",
)


class ConflictingAcknowledgement(Exception):
    """Someone else acknowledged the warning, or changed the response, after this form was opened."""


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
    """A warning as listed: what the figures say, and who has acknowledged it."""

    view: WarningView
    acknowledgement: WarningAcknowledgement | None


def acknowledgements_of(keys: list[str]) -> dict[str, WarningAcknowledgement]:
    return {item.warning_key: item for item in WarningAcknowledgement.objects.filter(warning_key__in=keys)}


def current_lines(viewer: Viewer) -> list[WarningLine]:
    """Every current warning with its acknowledgement, if any (the engine's order: concerns first)."""
    views = aggregates.current_warnings(viewer)
    acknowledged = acknowledgements_of([view.key for view in views])
    return [WarningLine(view, acknowledged.get(view.key)) for view in views]


def new_warnings(viewer: Viewer) -> list[WarningView]:
    """Current warnings nobody has acknowledged yet: what needs attention now."""
    return [line.view for line in current_lines(viewer) if line.acknowledgement is None]


def warnings(request: SignedInRequest) -> HttpResponse:
    viewer = Viewer.of(request.user.roles)
    lines = current_lines(viewer)
    current_keys = {line.view.key for line in lines}
    earlier = WarningAcknowledgement.objects.exclude(warning_key__in=current_keys)[:50]
    return render(
        request,
        "leadership/warnings.html",
        {
            "new": [line for line in lines if line.acknowledgement is None],
            "acknowledged": [line for line in lines if line.acknowledgement is not None],
            "earlier": earlier,
            "suppressed": not viewer.exact,
        },
    )


def warnings_csv(request: SignedInRequest) -> HttpResponse:
    rows = []
    for line in current_lines(Viewer.of(request.user.roles)):
        view, acknowledgement = line.view, line.acknowledgement
        rows.append(
            (
                view.key, view.indicator_id, view.title, view.reading, view.source, f"{view.since:%Y-%m}", f"{view.until:%Y-%m}",
                view.what_moved, view.change_text, view.how_unusual, view.data_confidence, view.question,
                acknowledgement.acknowledged_by_name if acknowledgement else "",
                acknowledgement.acknowledged_at.isoformat() if acknowledgement else "",
                acknowledgement.response if acknowledgement else "",
            )
        )
    return csv_response("early-warnings.csv", WARNING_COLUMNS, rows)


def warning(request: SignedInRequest, warning_key: str) -> HttpResponse:
    view = aggregates.warning(warning_key, Viewer.of(request.user.roles))
    acknowledgement = WarningAcknowledgement.objects.filter(warning_key=warning_key).first()
    if view is None and acknowledgement is None:
        raise Http404("no such warning")
    seen = acknowledgement.version if acknowledgement else 0
    form = AcknowledgementForm(request.POST or None, initial={"version": seen, "response": acknowledgement.response if acknowledgement else ""})
    status = 200
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            record_response(request, warning_key, view, form.cleaned_data["response"], form.cleaned_data["version"])
        except ConflictingAcknowledgement:
            acknowledgement = WarningAcknowledgement.objects.filter(warning_key=warning_key).first()
            conflict = acknowledgement
            status = 409
        else:
            messages.success(request, "Your response has been recorded under your name.")
            return redirect("leadership:warning", warning_key=warning_key)
    context = {
        "view": view,
        "acknowledgement": acknowledgement,
        "form": form,
        "conflict": conflict,
        "fresh_version": acknowledgement.version if acknowledgement else 0,
        "can_respond": allows(request.user.roles, ROUTES["leadership:warning"].methods["POST"]),
    }
    return render(request, "leadership/warning.html", context, status=status)


def record_response(request: SignedInRequest, key: str, view: WarningView | None, response: str, seen_version: int) -> None:
    """Acknowledge a warning (``seen_version`` 0) or change the response from the version the
    person saw; either way one access record, and a conflict if someone else got there first."""
    now = datetime.now(UTC)
    name = request.user.display_name
    action = "acknowledge_warning" if seen_version == 0 else "revise_warning_response"
    with recorded_change(request, action=action, object_type=ObjectType.WARNING, object_id=key):
        if seen_version == 0:
            if view is None:
                raise Http404("this warning is no longer current")
            try:
                with transaction.atomic():
                    WarningAcknowledgement.objects.create(
                        warning_key=key,
                        indicator_id=view.indicator_id,
                        title=view.title,
                        since=view.since,
                        reading=view.reading,
                        acknowledged_by=request.user,
                        acknowledged_by_name=name,
                        acknowledged_at=now,
                        response=response,
                        response_by_name=name,
                        response_at=now,
                    )
            except IntegrityError as error:
                raise ConflictingAcknowledgement from error
            return
        changed = WarningAcknowledgement.objects.filter(warning_key=key, version=seen_version).update(
            response=response, response_by_name=name, response_at=now, version=F("version") + 1
        )
        if changed != 1:
            raise ConflictingAcknowledgement

"""The pages of significant case briefings: the list (with what waits for the reader), one
briefing with who knew what and when, recording and changing one, the Director's steps, an
acknowledgement, and the child's reference for those who may see it."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from safeguard.governance.briefings import services
from safeguard.governance.briefings.forms import AcknowledgementForm, BriefingForm
from safeguard.governance.briefings.models import WORKFLOW, BriefingNotice, CaseBriefing, Category
from safeguard.governance.workflow.transitions import NotAllowed, NotAvailable, StaleEdit
from safeguard.governance.workflow.views import (
    EDIT_ANSWERS,
    Answer,
    HistoryLine,
    history_of,
    posted_version,
    steps_for,
    take_step,
    today,
    versioned_edit,
)
from safeguard.roles import Permission, permissions_of
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.audit.models import ObjectType, Outcome, record_id
from safeguard.web.audit.recording import record
from safeguard.web.errors import refused
from safeguard.web.leadership.downloads import csv_response

FIELD_LABELS = {
    "category": "why it is briefed", "headline": "the headline", "summary": "the summary", "child_reference": "the child's reference",
    "aware_on": "the day the service became aware", "actions": "the actions", "dcs_assessment": "the Director's assessment",
}


def _may(request: SignedInRequest, permission: Permission) -> bool:
    return permission in permissions_of(request.user.roles)


def briefings(request: SignedInRequest) -> HttpResponse:
    category = request.GET.get("category", "")
    state = request.GET.get("state", "")
    found = services.briefings(category if category in Category.values else "", state if state in WORKFLOW.states else "")
    lines = [(item, services.acknowledgement_counts(item, today())) for item in found]
    waiting = list(services.waiting_notices(request.user))
    return render(request, "briefings/briefings.html", {
        "lines": lines, "categories": Category.choices, "category": category, "states": WORKFLOW.choices(), "state": state,
        "query": request.GET.urlencode(), "waiting": [(notice, notice.is_overdue(today())) for notice in waiting],
        "can_record": _may(request, Permission.RECORD_CASE_BRIEFINGS),
    })


def briefings_csv(request: SignedInRequest) -> HttpResponse:
    category = request.GET.get("category", "")
    state = request.GET.get("state", "")
    found = services.briefings(category if category in Category.values else "", state if state in WORKFLOW.states else "")
    return csv_response("significant-case-briefings.csv", services.EXPORT_COLUMNS, services.export_rows(found, today()))


def _briefing(briefing_id: int) -> CaseBriefing:
    return get_object_or_404(CaseBriefing.objects.select_related("created_by"), pk=briefing_id)


def _history(briefing: CaseBriefing, notices: list[BriefingNotice]) -> list[HistoryLine]:
    """The briefing's own history, with each telling and each acknowledgement in it."""
    lines = history_of(briefing, FIELD_LABELS)
    for notice in notices:
        lines.append(HistoryLine(notice.told_at, notice.created_by.display_name,
                                 f"told {notice.person.display_name} ({notice.role_title}) of version {notice.told_version}"))
        if notice.acknowledged_at:
            said = f": {notice.note}" if notice.note else ""
            lines.append(HistoryLine(notice.acknowledged_at, notice.person.display_name, f"acknowledged version {notice.told_version}{said}"))
    return sorted(lines, key=lambda line: line.at, reverse=True)


def _context(request: SignedInRequest, briefing: CaseBriefing, **extra: Any) -> dict[str, Any]:
    notices = services.notices_of(briefing)
    mine = [notice for notice in notices if notice.person_id == request.user.pk and notice.acknowledged_at is None]
    return {
        "briefing": briefing,
        "notices": [(notice, notice.is_overdue(today())) for notice in notices],
        "my_notice": mine[0] if mine else None,
        "my_notice_overdue": bool(mine) and mine[0].is_overdue(today()),
        "acknowledgement_form": extra.pop("acknowledgement_form", AcknowledgementForm()),
        "steps": steps_for(request, briefing),
        "may_see_child": services.may_see_child_reference(request.user),
        "may_edit": briefing.state != "closed" and _may(request, Permission.RECORD_CASE_BRIEFINGS),
        "history": _history(briefing, notices),
        **extra,
    }


def briefing(request: SignedInRequest, briefing_id: int) -> HttpResponse:
    return render(request, "briefings/briefing.html", _context(request, _briefing(briefing_id)))


def briefing_add(request: SignedInRequest) -> HttpResponse:
    form = BriefingForm(request.POST or None)
    return versioned_edit(
        request, form, lambda: services.record_briefing(by=request.user, **form.details(with_assessment=False)),
        record=None, action="record_case_briefing", done=lambda made: f"Briefing {made.reference} is recorded and the Director has been told.",
        then=lambda made: reverse("briefings:briefing", args=[made.pk]), template="briefings/briefing_form.html",
        context=lambda _: {"form": form, "briefing": None, "assesses": False},
    )


def briefing_edit(request: SignedInRequest, briefing_id: int) -> HttpResponse:
    found = _briefing(briefing_id)
    assesses = _may(request, Permission.ASSESS_CASE_BRIEFINGS)
    initial = {name: getattr(found, name) for name in (*services.FACT_FIELDS, *services.ASSESSMENT_FIELDS)} | {"version": found.version}
    form = BriefingForm(request.POST or None, initial=initial)
    return versioned_edit(
        request, form,
        lambda: services.edit_briefing(found, by=request.user, seen_version=posted_version(request), changes=form.details(with_assessment=assesses)),
        record=found, action="change_case_briefing", done="Your changes are saved. They are not sent until the Director sends an update.",
        then=reverse("briefings:briefing", args=[found.pk]), template="briefings/briefing_form.html",
        context=lambda shown: {"form": form, "briefing": shown, "assesses": assesses},
        answers={**EDIT_ANSWERS, NotAllowed: Answer(403, "conflict"), NotAvailable: Answer(409, "conflict")},
    )


def briefing_step(request: SignedInRequest, briefing_id: int) -> HttpResponse:
    found = _briefing(briefing_id)
    return take_step(
        request, found, services.move_briefing, back_to=reverse("briefings:briefing", args=[found.pk]),
        conflict_template="briefings/briefing.html", conflict_context=_context(request, _briefing(found.pk)),
    )


def acknowledge(request: SignedInRequest, notice_id: int) -> HttpResponse:
    notice = get_object_or_404(BriefingNotice.objects.select_related("briefing", "person"), pk=notice_id)
    found = notice.briefing
    form = AcknowledgementForm(request.POST)
    return versioned_edit(
        request, form, lambda: services.acknowledge(notice, by=request.user, seen_version=posted_version(request), note=form.cleaned_data["note"]),
        record=notice, action="acknowledge_case_briefing",
        done=f"You have acknowledged briefing {found.reference}: the time is recorded under your name.",
        then=reverse("briefings:briefing", args=[found.pk]), template="briefings/briefing.html",
        context=lambda _: _context(request, found, acknowledgement_form=form),
        answers={StaleEdit: Answer(409, "conflict"), NotAllowed: Answer(403, "refusal"), NotAvailable: Answer(409, "conflict")},
    )


def briefing_child(request: SignedInRequest, briefing_id: int) -> HttpResponse:
    """The child's reference, for those who record briefings in a role that sees children's
    records, each look recorded under the child's reference and the briefing's purpose."""
    found = _briefing(briefing_id)
    allowed = services.may_see_child_reference(request.user)
    purpose = f"significant case briefing {found.reference}"
    record(request, action="view_briefing_child", object_type=ObjectType.CHILD, object_id=found.child_reference or record_id(found),
           purpose=purpose, outcome=Outcome.ALLOWED if allowed else Outcome.REFUSED)
    if not allowed:
        return refused(request, "Only those who record briefings in a role that may see children's records can see the child's reference.")
    return render(request, "briefings/briefing_child.html", {"briefing": found, "purpose": purpose})

"""The challenge log's pages: the log (filtered, downloadable), raising a challenge from the page
where the question arose, and one challenge with its thread, its evidence and its next steps."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from safeguard.factors import FACTORS
from safeguard.governance.challenge import services
from safeguard.governance.challenge.forms import AssignForm, RaiseForm
from safeguard.governance.challenge.models import WORKFLOW, Challenge
from safeguard.governance.workflow.transitions import NotAllowed, StaleEdit
from safeguard.governance.workflow.views import Answer, history_of, posted_version, steps_for, take_step, today, versioned_edit, viewer_of
from safeguard.indicators.catalogue import indicator_ids
from safeguard.roles import Permission, permissions_of
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.leadership.downloads import csv_response


def _selection(request: SignedInRequest) -> services.ChallengeFilter:
    query = request.GET
    return services.ChallengeFilter(
        factor=query.get("factor", ""), person=query.get("person", ""), state=query.get("state", ""),
        overdue=query.get("overdue") == "yes", indicator_id=query.get("indicator", ""), warning_key=query.get("warning", ""),
    )


def _may(request: SignedInRequest, permission: Permission) -> bool:
    return permission in permissions_of(request.user.roles)


def log(request: SignedInRequest) -> HttpResponse:
    selection = _selection(request)
    found = list(services.challenge_log(selection, today()))
    people = {item.created_by for item in Challenge.objects.select_related("created_by")} | {
        item.owner for item in Challenge.objects.select_related("owner") if item.owner
    }
    return render(
        request,
        "challenge/log.html",
        {
            "lines": [(item, services.is_overdue(item, today())) for item in found],
            "selection": selection,
            "factors": FACTORS,
            "states": WORKFLOW.choices(),
            "people": sorted(people, key=lambda person: person.display_name),
            "query": request.GET.urlencode(),
            "can_raise": _may(request, Permission.RAISE_CHALLENGE),
            "overdue_count": services.overdue_challenges(today()).count(),
        },
    )


def log_csv(request: SignedInRequest) -> HttpResponse:
    found = services.challenge_log(_selection(request), today())
    return csv_response("challenge-log.csv", services.EXPORT_COLUMNS, services.export_rows(found, today()))


def raise_challenge(request: SignedInRequest) -> HttpResponse:
    initial = {
        "indicator_id": request.GET.get("indicator", ""), "warning_key": request.GET.get("warning", ""),
        "framework_question": request.GET.get("question", ""), "factor": request.GET.get("factor", ""),
        "question": request.GET.get("text", ""),
    }
    if initial["indicator_id"] not in ("", *indicator_ids()):
        initial["indicator_id"] = ""
    form = RaiseForm(request.POST or None, initial=initial)
    return versioned_edit(
        request, form, lambda: services.raise_challenge(by=request.user, **form.cleaned_data),
        record=None, action="raise_challenge",
        done=lambda made: f"Your challenge {made.reference} is in the log. The Director's team will assign it.",
        then=lambda made: reverse("challenge:challenge", args=[made.pk]), template="challenge/raise.html", context=lambda _: {"form": form},
    )


def _context(request: SignedInRequest, item: Challenge, **extra: Any) -> dict[str, Any]:
    steps = [step for step in steps_for(request, item) if step.name != "assign"]
    if item.created_by_id != request.user.pk:
        steps = [step for step in steps if step.name not in services.ASKER_ONLY]
    may_assign = _may(request, Permission.ANSWER_CHALLENGES) and item.state in {"raised", "assigned"}
    return {
        "challenge": item,
        "viewer": viewer_of(request),
        "evidence": services.frozen_evidence(item),
        "overdue": services.is_overdue(item, today()),
        "steps": steps,
        "assign_form": extra.pop("assign_form", None) or (AssignForm(initial={"owner": item.owner_id, "due": item.due}) if may_assign else None),
        "history": history_of(item),
        **extra,
    }


def challenge(request: SignedInRequest, challenge_id: int) -> HttpResponse:
    item = get_object_or_404(Challenge.objects.select_related("owner", "created_by"), pk=challenge_id)
    return render(request, "challenge/challenge.html", _context(request, item))


def assign(request: SignedInRequest, challenge_id: int) -> HttpResponse:
    item = get_object_or_404(Challenge.objects.select_related("owner", "created_by"), pk=challenge_id)
    form = AssignForm(request.POST)
    return versioned_edit(
        request, form,
        lambda: services.assign(item, by=request.user, seen_version=posted_version(request), owner=form.cleaned_data["owner"], due=form.cleaned_data["due"]),
        record=item, action="assign_challenge", done="The challenge is assigned.", then=reverse("challenge:challenge", args=[item.pk]),
        template="challenge/challenge.html", context=lambda shown: _context(request, shown, assign_form=form),
        answers={StaleEdit: Answer(409, "conflict"), NotAllowed: Answer(403, "refusal"), ValidationError: Answer(400)},
    )


def step(request: SignedInRequest, challenge_id: int) -> HttpResponse:
    item = get_object_or_404(Challenge.objects.select_related("owner", "created_by"), pk=challenge_id)
    return take_step(
        request, item, services.move_challenge, back_to=reverse("challenge:challenge", args=[item.pk]),
        conflict_template="challenge/challenge.html", conflict_context=_context(request, item),
    )

"""The pages of professional disagreements: the list of the reader's agency's disagreements,
raising one, one disagreement with its stages, discussions and steps, the child's reference for
those it is shared with, the partnership's summary, and the agency each person works for."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from safeguard.governance.disagreements import services
from safeguard.governance.disagreements.forms import AgencyForm, DisagreementForm, DiscussionForm, partners
from safeguard.governance.disagreements.models import Agency, AgencyMembership, Disagreement, Stage, standard_stage_days
from safeguard.governance.reporting_year import ReportingYear, parse_year
from safeguard.governance.workflow.transitions import GovernanceError, StaleEdit
from safeguard.governance.workflow.views import (
    REFUSAL_ANSWERS,
    Answer,
    history_of,
    posted_version,
    steps_for,
    take_step,
    today,
    versioned_edit,
    viewer_of,
)
from safeguard.roles import Permission, permissions_of
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.audit.models import ObjectType, Outcome, record_id
from safeguard.web.audit.recording import record
from safeguard.web.errors import refused
from safeguard.web.leadership.downloads import csv_response

FIELD_LABELS = {
    "raised_by_agency": "the raising agency", "with_agency": "the other agency", "people_involved": "the people involved",
    "child_reference": "the child's reference", "about": "what it is about", "theme": "the theme", "stage": "the stage",
    "outcome": "the outcome", "resolved_on": "the day it was resolved",
}
NOT_YOURS = "This disagreement is not one your agency is involved in, so you cannot see it."


def _may(request: SignedInRequest, permission: Permission) -> bool:
    return permission in permissions_of(request.user.roles)


def _visible(request: SignedInRequest) -> Any:
    return services.visible_to(request.user).prefetch_related("stages")


def disagreements(request: SignedInRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    found = _visible(request)
    if state in {"open", "resolved"}:
        found = found.filter(state=state)
    lines = [(item, services.current_stage(item), services.is_overdue(item, today())) for item in found]
    return render(request, "disagreements/disagreements.html", {
        "lines": lines, "state": state, "query": request.GET.urlencode(), "agency": services.agency_of(request.user),
        "oversees": services.oversees(request.user), "agencies": dict(Agency.choices),
    })


def disagreements_csv(request: SignedInRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    found = _visible(request)
    if state in {"open", "resolved"}:
        found = found.filter(state=state)
    return csv_response("professional-disagreements.csv", services.EXPORT_COLUMNS, services.export_rows(found, today()))


def _opened(request: SignedInRequest, disagreement_id: int, action: str) -> Disagreement | HttpResponse:
    """The disagreement, if the person's agency may see it; a recorded refusal otherwise."""
    found = get_object_or_404(Disagreement.objects.select_related("created_by").prefetch_related("stages"), pk=disagreement_id)
    if services.may_open(request.user, found):
        return found
    record(request, action=action, object_type=ObjectType.RECORD, object_id=record_id(found), outcome=Outcome.REFUSED)
    return refused(request, NOT_YOURS)


def _context(request: SignedInRequest, item: Disagreement, **extra: Any) -> dict[str, Any]:
    stage = services.current_stage(item)
    steps = steps_for(request, item)
    if item.stage >= services.LAST_STAGE:
        steps = [step for step in steps if step.name != "escalate"]
    return {
        "disagreement": item,
        "stages": list(item.stages.all()),
        "stage": stage,
        "overdue": services.is_overdue(item, today()),
        "discussions": list(item.discussions.select_related("created_by")),
        "discussion_form": extra.pop("discussion_form", DiscussionForm()),
        "steps": steps if item.state == "open" else [],
        "agencies": dict(Agency.choices),
        "may_see_child": services.may_see_child_reference(request.user, item),
        "next_stage": Stage(item.stage + 1).label if item.stage < services.LAST_STAGE else "",
        "history": history_of(item, FIELD_LABELS),
        **extra,
    }


def disagreement(request: SignedInRequest, disagreement_id: int) -> HttpResponse:
    found = _opened(request, disagreement_id, "open_disagreement")
    if isinstance(found, HttpResponse):
        return found
    return render(request, "disagreements/disagreement.html", _context(request, found))


def disagreement_raise(request: SignedInRequest) -> HttpResponse:
    oversees = services.oversees(request.user)
    own = services.agency_of(request.user)
    form = DisagreementForm(request.POST or None, names_raising_agency=oversees, initial={"stage_days": standard_stage_days()})
    return versioned_edit(
        request, form, lambda: services.raise_disagreement(by=request.user, **form.raising()),
        record=None, action="raise_disagreement",
        done=lambda made: f"Disagreement {made.reference} is raised: the practitioners have until "
                          f"{services.current_stage(made).due:%-d %B %Y} to resolve it.",
        then=lambda made: reverse("disagreements:disagreement", args=[made.pk]), template="disagreements/disagreement_form.html",
        context=lambda _: {
            "form": form, "disagreement": None, "oversees": oversees, "own_agency": dict(Agency.choices).get(own or "", ""),
            "standard": standard_stage_days(),
        },
        answers=REFUSAL_ANSWERS,
    )


def disagreement_edit(request: SignedInRequest, disagreement_id: int) -> HttpResponse:
    found = _opened(request, disagreement_id, "change_disagreement")
    if isinstance(found, HttpResponse):
        return found
    initial = {name: getattr(found, name) for name in services.EDITABLE_FIELDS} | {"version": found.version, "stage_days": found.stage_days}
    form = DisagreementForm(request.POST or None, initial=initial)
    return versioned_edit(
        request, form,
        lambda: services.edit_disagreement(found, by=request.user, seen_version=posted_version(request), changes=form.changes()),
        record=found, action="change_disagreement", done="Your changes are saved.",
        then=reverse("disagreements:disagreement", args=[found.pk]), template="disagreements/disagreement_form.html",
        context=lambda shown: {"form": form, "disagreement": shown, "standard": standard_stage_days()},
    )


def disagreement_step(request: SignedInRequest, disagreement_id: int) -> HttpResponse:
    found = _opened(request, disagreement_id, "move_disagreement")
    if isinstance(found, HttpResponse):
        return found
    return take_step(
        request, found, services.move_disagreement, back_to=reverse("disagreements:disagreement", args=[found.pk]),
        conflict_template="disagreements/disagreement.html",
        conflict_context=_context(request, Disagreement.objects.prefetch_related("stages").get(pk=found.pk)),
    )


def discussion_add(request: SignedInRequest, disagreement_id: int) -> HttpResponse:
    found = _opened(request, disagreement_id, "record_disagreement_discussion")
    if isinstance(found, HttpResponse):
        return found
    form = DiscussionForm(request.POST)
    return versioned_edit(
        request, form, lambda: services.record_discussion(found, by=request.user, **form.cleaned_data),
        record=found, action="record_disagreement_discussion", done="The discussion is recorded, with its date, under your name.",
        then=reverse("disagreements:disagreement", args=[found.pk]), template="disagreements/disagreement.html",
        context=lambda _: _context(request, found, discussion_form=form),
    )


def disagreement_child(request: SignedInRequest, disagreement_id: int) -> HttpResponse:
    """The child's reference: shared with the agencies involved while the disagreement is open,
    and with those who oversee every disagreement; each look (or refusal) recorded."""
    found = get_object_or_404(Disagreement, pk=disagreement_id)
    allowed = services.may_see_child_reference(request.user, found)
    purpose = f"professional disagreement {found.reference}: resolving it"
    record(request, action="view_disagreement_child", object_type=ObjectType.CHILD, object_id=found.child_reference, purpose=purpose,
           outcome=Outcome.ALLOWED if allowed else Outcome.REFUSED)
    if not allowed:
        return refused(request, "The child's reference is shared with the agencies involved while the disagreement is being resolved.")
    return render(request, "disagreements/disagreement_child.html", {"disagreement": found, "purpose": purpose})


def _summary_year(request: SignedInRequest) -> ReportingYear | None:
    text = request.GET.get("year", "")
    return None if text in {"", "all"} else parse_year(text, today())


def summary(request: SignedInRequest) -> HttpResponse:
    year = _summary_year(request)
    viewer = viewer_of(request)
    found = Disagreement.objects.all()
    first = found.order_by("raised_on").values_list("raised_on", flat=True).first()
    years = [ReportingYear(first_year) for first_year in range(ReportingYear.containing(first).first, ReportingYear.containing(today()).first + 1)] if first else []
    outcomes = services.resolved_in(request.user, year) if _may(request, Permission.WORK_ON_DISAGREEMENTS) else []
    return render(request, "disagreements/summary.html", {
        "summary": services.summarise(found, viewer, year), "years": list(reversed(years)), "year": year,
        "outcomes": outcomes, "viewer": viewer, "query": request.GET.urlencode(),
    })


def summary_csv(request: SignedInRequest) -> HttpResponse:
    found = services.summarise(Disagreement.objects.all(), viewer_of(request), _summary_year(request))
    return csv_response("professional-disagreements-summary.csv", services.SUMMARY_COLUMNS, found.rows())


def agencies(request: SignedInRequest) -> HttpResponse:
    """Who works for which agency (the Director keeps it): partners see their agency's disagreements."""
    form = AgencyForm(request.POST or None)
    chosen = form.cleaned_data if request.method == "POST" and form.is_valid() else {}
    person = chosen.get("person")
    stale = Answer(409, "conflict", words=(
        f"Someone else recorded {person.display_name}'s agency while you were working, so your change "
        "has not been saved. Their choice is shown below: choose again if it is wrong."
    ) if person else "")

    def page(_: None) -> dict[str, Any]:
        memberships = {item.person_id: item for item in AgencyMembership.objects.all()}
        people = [(someone, memberships.get(someone.pk)) for someone in partners()]
        return {"form": form, "people": people, "agencies": Agency.choices, "labels": dict(Agency.choices)}

    return versioned_edit(
        request, form, lambda: services.set_agency(person, chosen["agency"], by=request.user, seen_version=chosen["version"] or 0),
        record=None, action="set_agency", object_type=ObjectType.USER, object_id=str(person.pk) if person else "",
        done=lambda _: f"{chosen['person'].display_name} now works for {dict(Agency.choices)[chosen['agency']]}.",
        then=reverse("disagreements:agencies"), template="disagreements/agencies.html", context=page,
        answers={StaleEdit: stale, GovernanceError: Answer(409, "conflict")},
    )

"""The pages of serious incidents and practice reviews, and the "Reviews and cases" page that
leads to the casework records and lists what waits for the person reading it."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from safeguard.governance.plan import services as plan_services
from safeguard.governance.reviews import casework, services
from safeguard.governance.reviews.forms import STEP_DATES, IncidentForm, RecommendationActionForm, RecommendationForm, StepForm
from safeguard.governance.reviews.models import DATED_STEPS, RECOMMENDATION_STATES, WORKFLOW, Recommendation, SeriousIncident
from safeguard.governance.workflow.transitions import GovernanceError, NotAllowed, NotAvailable, StaleEdit
from safeguard.governance.workflow.views import (
    EDIT_ANSWERS,
    Answer,
    history_of,
    posted_version,
    step_error_list,
    steps_for,
    take_step,
    today,
    versioned_edit,
    viewer_of,
)
from safeguard.roles import Permission, permissions_of
from safeguard.web.access.policy import ROUTES, allows
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.audit.models import ObjectType, Outcome, record_id
from safeguard.web.audit.recording import record
from safeguard.web.errors import refused
from safeguard.web.leadership.downloads import csv_response
from safeguard.web.leadership.partnership_attention import partnership_items

FIELD_LABELS = {
    "title": "the description", "summary": "the circumstances", "harm": "the harm", "child_reference": "the child's reference",
    "agencies": "the agencies", "aware_on": "the day the council became aware", "owner": "who takes the steps",
    "notified_on": "the notification date", "rapid_review_on": "the rapid review date", "decided_on": "the decision date",
    "decision_reasons": "the reasons for the decision", "published_on": "the publication date", "publication": "where it was published",
    "completion_note": "what the partnership checked", "action": "the plan action",
}
SECTIONS = (
    ("briefings:briefings", "Significant case briefings",
     "Cases that may meet review criteria, draw attention, point to a concern or show good practice: who was told, and who acknowledged, when."),
    ("reviews:incidents", "Serious incidents and practice reviews",
     "Notification to the national panel, rapid review, the decision, the review against its six months, publication and the actions on its recommendations."),
    ("disagreements:disagreements", "Professional disagreements",
     "Disagreements between agencies about a child's case, each stage of the escalation ladder against its deadline."),
    ("disagreements:summary", "Professional disagreements: outcomes and themes",
     "What the partnership learns from disagreements: the stages they reached, the agencies, the themes and the time to resolve."),
    ("complaints:complaints", "Complaints and compliments",
     "Each complaint through its three stages, whether it was upheld, the lessons and the actions they raised."),
    ("complaints:summary", "The year's complaints", "Counts by stage, timeliness, the upheld share and the themes, for the annual report."),
    ("child_deaths:reviews", "Child death reviews",
     "Each child's death the partnership is told of, the panel's review, what it learnt and the actions on the plan."),
    ("child_deaths:learning", "Learning from child deaths",
     "The year's figures as the annual report gives them: deaths by category and whether expected, the themes and the plan's actions."),
    ("partnership:overview", "The safeguarding partnership",
     "Its members, meetings and attendance, sub-groups, work programme, budget, section 11 audits and escalations of agencies."),
)


def _may(request: SignedInRequest, permission: Permission) -> bool:
    return permission in permissions_of(request.user.roles)


def casework_page(request: SignedInRequest) -> HttpResponse:
    """The casework records this person may open, and what waits for them in each (the
    partnership's, as the home page gives them)."""
    roles = request.user.roles
    sections = [
        {"href": reverse(name), "title": title, "text": text}
        for name, title, text in SECTIONS
        if allows(roles, ROUTES[name].methods["GET"])
    ]
    return render(request, "reviews/casework.html", {
        "sections": sections, "waiting": casework.waiting_for(request.user, today()),
        "partnership": partnership_items(request.user, permissions_of(roles), today()),
    })


def incidents(request: SignedInRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    overdue_only = request.GET.get("overdue") == "yes"
    found = list(services.incidents(state if state in WORKFLOW.states else ""))
    lines = [(item, item.next_step(), services.is_overdue(item, today())) for item in found]
    if overdue_only:
        lines = [line for line in lines if line[2]]
    return render(request, "reviews/incidents.html", {
        "lines": lines, "states": WORKFLOW.choices(), "state": state, "overdue_only": overdue_only,
        "query": request.GET.urlencode(), "can_manage": _may(request, Permission.MANAGE_REVIEWS),
        "overdue_count": len(services.overdue_incidents(today())),
    })


def incidents_csv(request: SignedInRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    found = services.incidents(state if state in WORKFLOW.states else "")
    return csv_response("serious-incidents.csv", services.EXPORT_COLUMNS, services.export_rows(found, today()))


def _incident(incident_id: int) -> SeriousIncident:
    return get_object_or_404(SeriousIncident.objects.select_related("owner", "created_by"), pk=incident_id)


def _recommendation_lines(request: SignedInRequest, incident: SeriousIncident) -> list[dict[str, Any]]:
    viewer = viewer_of(request)
    lines = []
    for item in incident.recommendations.select_related("action", "action__owner"):
        action = item.action
        lines.append({
            "recommendation": item,
            "action": action,
            "impact": plan_services.impact_of(action).text(viewer) if action else "",
            "overdue": action is not None and plan_services.is_overdue(action, today()),
        })
    return lines


def _context(request: SignedInRequest, incident: SeriousIncident, **extra: Any) -> dict[str, Any]:
    step_form = extra.pop("step_form", None)
    kept_step = extra.get("kept_step", "")
    return {
        "incident": incident,
        "deadlines": incident.deadlines,
        "timings": services.timings(incident),
        "next_step": incident.next_step(),
        "overdue": services.is_overdue(incident, today()),
        "steps": steps_for(request, incident),
        "dated": {name: label for name, (_, label) in DATED_STEPS.items()},
        "step_form": step_form,
        "step_errors": step_error_list(kept_step, step_form),
        "recommendations": _recommendation_lines(request, incident),
        "recommendation_form": extra.pop("recommendation_form", RecommendationForm()),
        "may_add_recommendation": _may(request, Permission.MANAGE_REVIEWS) and incident.state in RECOMMENDATION_STATES,
        "may_raise_action": _may(request, Permission.MANAGE_PLAN),
        "may_see_child": services.may_see_child_reference(request.user, incident),
        "can_manage": _may(request, Permission.MANAGE_REVIEWS),
        "history": history_of(incident, FIELD_LABELS),
        **extra,
    }


def incident(request: SignedInRequest, incident_id: int) -> HttpResponse:
    return render(request, "reviews/incident.html", _context(request, _incident(incident_id)))


def incident_add(request: SignedInRequest) -> HttpResponse:
    form = IncidentForm(request.POST or None, initial={"owner": request.user.pk})
    return versioned_edit(
        request, form, lambda: services.record_incident(by=request.user, **form.details([])),
        record=None, action="record_serious_incident",
        done=lambda made: f"Serious incident {made.reference} is recorded: the national panel is to be told by "
                          f"{made.deadlines.panel_notification_due:%-d %B %Y}.",
        then=lambda made: reverse("reviews:incident", args=[made.pk]), template="reviews/incident_form.html",
        context=lambda _: {"form": form, "incident": None, "dates": []},
    )


def incident_edit(request: SignedInRequest, incident_id: int) -> HttpResponse:
    found = _incident(incident_id)
    dates = services.changeable_dates(found)
    initial = {name: getattr(found, name) for name in (*services.DETAIL_FIELDS, *STEP_DATES)} | {"version": found.version}
    form = IncidentForm(request.POST or None, initial=initial)
    return versioned_edit(
        request, form,
        lambda: services.edit_incident(found, by=request.user, seen_version=posted_version(request), changes=form.details(dates)),
        record=found, action="change_serious_incident", done="Your changes are saved.", then=reverse("reviews:incident", args=[found.pk]),
        template="reviews/incident_form.html", context=lambda shown: {"form": form, "incident": shown, "dates": dates},
    )


def incident_step(request: SignedInRequest, incident_id: int) -> HttpResponse:
    found = _incident(incident_id)
    name = request.POST.get("step", "")
    form = StepForm(request.POST)
    valid = form.is_valid()
    if valid and name in DATED_STEPS and form.cleaned_data["on"] is None:
        form.add_error("on", f"Enter {DATED_STEPS[name][1][0].lower()}{DATED_STEPS[name][1][1:]}")
        valid = False
    if not valid:
        context = _context(request, found, step_form=form, kept_step=name, kept_reason=request.POST.get("reason", ""))
        return render(request, "reviews/incident.html", context, status=400)
    return take_step(
        request, found, partial(services.move_incident, on=form.cleaned_data["on"]),
        back_to=reverse("reviews:incident", args=[found.pk]), conflict_template="reviews/incident.html",
        conflict_context=_context(request, _incident(found.pk), step_form=form, kept_step=name),
    )


def incident_child(request: SignedInRequest, incident_id: int) -> HttpResponse:
    """The child's reference: for those who run reviews in a role that sees children's records,
    each look recorded in the access log under the child's reference and the review's purpose."""
    found = _incident(incident_id)
    allowed = services.may_see_child_reference(request.user, found)
    purpose = f"serious incident {found.reference}: practice review"
    record(request, action="view_incident_child", object_type=ObjectType.CHILD, object_id=found.child_reference or record_id(found),
           purpose=purpose, outcome=Outcome.ALLOWED if allowed else Outcome.REFUSED)
    if not allowed:
        return refused(request, "The child's reference is shared with those who run the practice review, while the review is under way.")
    return render(request, "reviews/incident_child.html", {"incident": found, "purpose": purpose})


def recommendation_add(request: SignedInRequest, incident_id: int) -> HttpResponse:
    found = _incident(incident_id)
    form = RecommendationForm(request.POST)
    return versioned_edit(
        request, form, lambda: services.add_recommendation(found, by=request.user, text=form.cleaned_data["text"]),
        record=found, action="add_review_recommendation", done="The recommendation is added: raise its action on the improvement plan next.",
        then=reverse("reviews:incident", args=[found.pk]), template="reviews/incident.html",
        context=lambda _: _context(request, found, recommendation_form=form),
        answers={NotAllowed: Answer(403, "refusal"), ValidationError: Answer(400, field="text"), GovernanceError: Answer(400, field="text")},
    )


def recommendation_action(request: SignedInRequest, recommendation_id: int) -> HttpResponse:
    item = get_object_or_404(Recommendation.objects.select_related("incident", "action"), pk=recommendation_id)
    incident = item.incident
    initial = {"title": item.text[:200], "owner": incident.owner_id, "version": item.version}
    form = RecommendationActionForm(request.POST or None, initial=initial)
    return versioned_edit(
        request, form,
        lambda: services.raise_recommendation_action(item, by=request.user, seen_version=posted_version(request), **form.details()),
        record=item, action="raise_recommendation_action", done=f"Recommendation {item.number} is on the improvement plan.",
        then=reverse("reviews:incident", args=[incident.pk]), template="reviews/recommendation_action.html",
        context=lambda shown: {"form": form, "recommendation": shown, "incident": incident},
        answers={
            **EDIT_ANSWERS, StaleEdit: Answer(409, "problem"), NotAllowed: Answer(403, "problem"), NotAvailable: Answer(409, "problem"),
        },
    )

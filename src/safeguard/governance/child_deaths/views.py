"""The pages of child death reviews: the year's reviews with what the panel learnt, one review
with its findings, steps, plan actions and history, recording and changing a review, raising a
plan action from its learning, the child's reference for those who may see it, and the year's
learning for leaders and the partnership's chair, counted and never by child."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from safeguard.governance.child_deaths import services
from safeguard.governance.child_deaths.forms import ActionForm, ReviewForm, yes_no
from safeguard.governance.child_deaths.models import WORKFLOW, Category, ChildDeathReview, Theme
from safeguard.governance.reporting_year import ReportingYear, parse_year
from safeguard.governance.workflow.views import (
    REFUSAL_ANSWERS,
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

FIELD_LABELS = {
    "notified_on": "the day the partnership was told", "expected": "whether it was expected", "summary": "the circumstances",
    "child_reference": "the child's reference", "panel_on": "the panel's meeting", "category": "the category",
    "modifiable": "modifiable factors found", "themes": "the learning themes", "learning": "the learning",
}
CATEGORIES = dict(Category.choices)
THEMES = dict(Theme.choices)
WORDS = {
    "expected": lambda value: "yes" if value else "no",
    "modifiable": lambda value: "yes" if value else "no",
    "category": lambda value: CATEGORIES.get(value, value),
    "themes": lambda values: ", ".join(THEMES.get(value, value) for value in values),
}


def _may(request: SignedInRequest, permission: Permission) -> bool:
    return permission in permissions_of(request.user.roles)


def _years() -> list[ReportingYear]:
    first = ChildDeathReview.objects.order_by("notified_on").values_list("notified_on", flat=True).first()
    current = ReportingYear.containing(today()).first
    start = ReportingYear.containing(first).first if first else current
    return [ReportingYear(year) for year in range(current, start - 1, -1)]


def reviews(request: SignedInRequest) -> HttpResponse:
    year = parse_year(request.GET.get("year", ""), today())
    state = request.GET.get("state", "")
    state = state if state in WORKFLOW.states else ""
    return render(request, "child_deaths/reviews.html", {
        "found": list(services.reviews(state, year)), "learning": services.year_learning(year, viewer_of(request)),
        "year": year, "years": _years(), "state": state, "states": WORKFLOW.choices(),
        "can_manage": _may(request, Permission.MANAGE_REVIEWS),
    })


def learning(request: SignedInRequest) -> HttpResponse:
    """The year's learning from child deaths for those who hold the service to account: the
    figures the partnership's annual report gives (``services.year_learning``, the same call),
    small numbers hidden for those who see no children, no review's record and no child."""
    year = parse_year(request.GET.get("year", ""), today())
    viewer = viewer_of(request)
    found = services.year_learning(year, viewer)
    return render(request, "child_deaths/learning.html", {
        "learning": found, "year": year, "years": _years(), "viewer": viewer,
        "category_rows": [(f"category:{value}", label) for value, label in found.categories],
        "theme_rows": [(f"theme:{value}", label) for value, label in found.themes],
    })


def _review(child_death_id: int) -> ChildDeathReview:
    return get_object_or_404(ChildDeathReview.objects.select_related("created_by"), pk=child_death_id)


def _context(request: SignedInRequest, found: ChildDeathReview, **extra: Any) -> dict[str, Any]:
    return {
        "review": found,
        "actions": [link.action for link in found.actions.select_related("action", "action__owner")],
        "steps": steps_for(request, found),
        "can_manage": _may(request, Permission.MANAGE_REVIEWS),
        "may_raise_action": _may(request, Permission.MANAGE_PLAN),
        "may_see_child": services.may_see_child_reference(request.user),
        "history": history_of(found, FIELD_LABELS, WORDS),
        **extra,
    }


def review(request: SignedInRequest, child_death_id: int) -> HttpResponse:
    return render(request, "child_deaths/review.html", _context(request, _review(child_death_id)))


def review_add(request: SignedInRequest) -> HttpResponse:
    form = ReviewForm(request.POST or None)
    return versioned_edit(
        request, form, lambda: services.record_review(by=request.user, **form.details(with_panel=False)),
        record=None, action="record_child_death",
        done=lambda made: f"Child death review {made.reference} is recorded: it waits for the panel's review.",
        then=lambda made: reverse("child_deaths:review", args=[made.pk]), template="child_deaths/review_form.html",
        context=lambda _: {"form": form, "review": None},
    )


def review_edit(request: SignedInRequest, child_death_id: int) -> HttpResponse:
    found = _review(child_death_id)
    initial = {name: getattr(found, name) for name in services.DETAIL_FIELDS} | {
        "expected": yes_no(found.expected), "modifiable": yes_no(found.modifiable), "version": found.version}
    form = ReviewForm(request.POST or None, initial=initial)
    return versioned_edit(
        request, form,
        lambda: services.edit_review(found, by=request.user, seen_version=posted_version(request), changes=form.details(with_panel=True)),
        record=found, action="change_child_death", done="Your changes are saved.", then=reverse("child_deaths:review", args=[found.pk]),
        template="child_deaths/review_form.html", context=lambda shown: {"form": form, "review": shown},
    )


def review_step(request: SignedInRequest, child_death_id: int) -> HttpResponse:
    found = _review(child_death_id)
    return take_step(request, found, services.move_review, back_to=reverse("child_deaths:review", args=[found.pk]),
                     conflict_template="child_deaths/review.html", conflict_context=_context(request, _review(child_death_id)))


def review_child(request: SignedInRequest, child_death_id: int) -> HttpResponse:
    """The child's reference: for those who run reviews in a role that sees children's records,
    each look recorded in the access log under the child's reference and the review's purpose."""
    found = _review(child_death_id)
    allowed = services.may_see_child_reference(request.user)
    purpose = f"child death review {found.reference}"
    record(request, action="view_child_death_child", object_type=ObjectType.CHILD, object_id=found.child_reference or record_id(found),
           purpose=purpose, outcome=Outcome.ALLOWED if allowed else Outcome.REFUSED)
    if not allowed:
        return refused(request, "The child's reference is shared only with those who run the review in a role that sees children's records.")
    return render(request, "child_deaths/review_child.html", {"review": found, "purpose": purpose})


def review_action(request: SignedInRequest, child_death_id: int) -> HttpResponse:
    found = _review(child_death_id)
    form = ActionForm(request.POST or None, initial={"owner": request.user.pk})
    return versioned_edit(
        request, form, lambda: services.raise_review_action(found, by=request.user, **form.cleaned_data),
        record=found, action="raise_child_death_action", done=lambda made: f"Action {made.reference} is on the improvement plan.",
        then=reverse("child_deaths:review", args=[found.pk]), template="child_deaths/review_action.html",
        context=lambda _: {"form": form, "review": found}, answers=REFUSAL_ANSWERS,
    )

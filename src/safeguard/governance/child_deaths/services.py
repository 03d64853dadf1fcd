"""Keeping child death reviews: recording a death notified to the partnership, the panel's
findings, moving the review on, raising plan actions from its learning, and the year's learning
for the annual report and the reviews' page.

Every change goes through ``safeguard.governance.workflow.transitions`` (permission, version
check, history); the panel's findings are checked by the record itself before the review can be
marked reviewed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from safeguard.aggregates import Tally, Viewer, tally
from safeguard.governance.child_deaths.models import REVIEWED_STATES, Category, ChildDeathAction, ChildDeathReview, Theme
from safeguard.governance.plan import services as plan_services
from safeguard.governance.plan.models import PlanAction, Source
from safeguard.governance.reporting_year import ReportingYear
from safeguard.governance.workflow.as_at import children_of, records_of, related_as_at
from safeguard.governance.workflow.transitions import Actor, apply_transition, create_record, save_edit
from safeguard.roles import Permission, permissions_of, sees_child_level

NOTIFICATION_FIELDS = ("notified_on", "expected", "summary", "child_reference")
PANEL_FIELDS = ("panel_on", "category", "modifiable", "themes", "learning")
DETAIL_FIELDS = (*NOTIFICATION_FIELDS, *PANEL_FIELDS)


def _only(fields: Mapping[str, Any], allowed: Sequence[str], what: str) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"these fields are not part of {what}: {sorted(unknown)}")


def record_review(*, by: Actor, at: datetime | None = None, **fields: Any) -> ChildDeathReview:
    """Record a death the partnership has been told of, waiting for the panel's review."""
    _only(fields, NOTIFICATION_FIELDS, "recording a child's death")
    return create_record(ChildDeathReview, by=by, permission=Permission.MANAGE_REVIEWS, at=at, **fields)


def edit_review(
    review: ChildDeathReview, *, by: Actor, seen_version: int, changes: Mapping[str, Any], at: datetime | None = None,
) -> ChildDeathReview:
    """Change the notification's details or record the panel's findings (refused if stale)."""
    _only(changes, DETAIL_FIELDS, "a child death review")
    return save_edit(review, by=by, seen_version=seen_version, changes=changes, permission=Permission.MANAGE_REVIEWS, at=at)


def move_review(
    review: ChildDeathReview, name: str, *, by: Actor, seen_version: int, reason: str = "", at: datetime | None = None,
) -> ChildDeathReview:
    """Mark the review as done by the panel (its findings must be recorded), close it or reopen it."""
    return apply_transition(review, name, by=by, seen_version=seen_version, reason=reason, at=at)


def raise_review_action(
    review: ChildDeathReview, *, by: Actor, title: str, factor: str, owner: Any, due: date,
    raised_on: date | None = None, at: datetime | None = None,
) -> PlanAction:
    """Put an action the panel's learning calls for onto the improvement plan (source: the partnership)."""
    with transaction.atomic():
        action = plan_services.raise_action(
            by=by, raised_on=raised_on, at=at, title=title, source=Source.PARTNERSHIP,
            source_reference=f"Child death review {review.reference}", factor=factor, owner=owner, due=due,
        )
        create_record(ChildDeathAction, by=by, permission=Permission.MANAGE_PLAN, at=at, review=review, action=action)
    return action


def may_see_child_reference(person: Actor) -> bool:
    """Those who run reviews in a role that may see children's records; never leaders."""
    return Permission.MANAGE_REVIEWS in permissions_of(person.roles) and sees_child_level(person.roles)


def reviews(state: str = "", year: ReportingYear | None = None) -> QuerySet[ChildDeathReview]:
    """The reviews (in a state, of deaths notified in a year), their actions fetched with them."""
    found = ChildDeathReview.objects.prefetch_related("actions__action")
    if state:
        found = found.filter(state=state)
    if year is not None:
        found = found.filter(notified_on__gte=year.start, notified_on__lte=year.end)
    return found


@dataclass(frozen=True)
class YearLearning:
    """The year's child deaths and what the panel learnt from them, as the annual report gives
    them (seed 003 §18.2.20): deaths notified, the reviews the panel finished, their categories,
    how often factors that could be changed were found, the themes, the learning and its actions."""

    year: ReportingYear
    counts: Tally
    categories: Sequence[tuple[str, str]]
    themes: Sequence[tuple[str, str]]
    lessons: Sequence[str]
    actions: Sequence[PlanAction]


def year_learning(year: ReportingYear, viewer: Viewer, as_at: datetime | None = None) -> YearLearning:
    """Deaths notified in the year, and the reviews the panel finished in it; small numbers
    hidden (with their complements) for viewers without child-level access. With ``as_at`` (the
    partnership's annual report), the reviews and the plan actions they raised are as they stood
    then (``workflow.as_at``), their owners named as they were; without it (the leaders' page), as
    they stand now."""
    found = records_of(ChildDeathReview, as_at)
    notified = list(found.filter(notified_on__gte=year.start, notified_on__lte=year.end))
    reviewed = list(found.filter(state__in=REVIEWED_STATES, panel_on__gte=year.start, panel_on__lte=year.end).order_by("panel_on", "id"))
    links = children_of(ChildDeathAction, parent="review_id", parents=reviewed, as_at=as_at)
    raised = [link.action_id for item in reviewed for link in links[item.pk]]
    actions = {action.pk: action for action in records_of(PlanAction, as_at).filter(pk__in=raised)}
    related_as_at(actions.values(), ("owner",), as_at)
    counts: Counter[str] = Counter({"notified": len(notified), "reviewed": len(reviewed)})
    for item in notified:
        counts["expected" if item.expected else "unexpected"] += 1
    for item in reviewed:
        counts["modifiable" if item.modifiable else "not_modifiable"] += 1
        counts[f"category:{item.category}"] += 1
        for theme in item.themes:
            counts[f"theme:{theme}"] += 1
    relations: list[tuple[str, Sequence[str]]] = [
        ("notified", ["expected", "unexpected"]),
        ("reviewed", ["modifiable", "not_modifiable"]),
        ("reviewed", [f"category:{value}" for value in Category.values]),
    ]
    return YearLearning(
        year=year, counts=tally(counts, relations, viewer),
        categories=[(value, label) for value, label in Category.choices if counts[f"category:{value}"]],
        themes=[(value, label) for value, label in Theme.choices if counts[f"theme:{value}"]],
        lessons=[item.learning for item in reviewed if item.learning],
        actions=[actions[key] for key in raised if key in actions],
    )

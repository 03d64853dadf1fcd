"""Giving warnings lasting numbers, recording who acknowledged them, and acting on them.

``track`` is called with the warnings as a page shows them: a warning already known by its name
keeps its number; one whose name is new but which continues a known warning (same indicator,
check and direction, its months overlapping or touching) takes that warning's number and the new
name is remembered; anything else is a new warning. From a warning a person acknowledges it
under their own name and role, raises a challenge, or puts an action on the plan, each in one
step.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Protocol

from django.db import IntegrityError, transaction

from safeguard.calendar import months_later
from safeguard.governance.challenge.models import Challenge
from safeguard.governance.challenge.services import raise_challenge
from safeguard.governance.plan.models import PlanAction
from safeguard.governance.plan.services import raise_action
from safeguard.governance.warning_owners.models import Acknowledgement, TrackedWarning, WarningName
from safeguard.governance.workflow.transitions import Actor, NotAllowed, StaleEdit, create_record, save_edit
from safeguard.indicators.catalogue import indicator
from safeguard.roles import Permission, granting_role


class ShownWarning(Protocol):
    """What tracking needs of a warning as shown (``safeguard.aggregates.WarningView``)."""

    @property
    def key(self) -> str: ...
    @property
    def indicator_id(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def direction(self) -> str: ...
    @property
    def reading(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def since(self) -> date: ...
    @property
    def until(self) -> date: ...


def _continued(view: ShownWarning) -> TrackedWarning | None:
    """The known warning this one continues: same indicator, check and direction, months
    overlapping or touching."""
    return (
        TrackedWarning.objects.filter(
            indicator_id=view.indicator_id,
            source=view.source,
            direction=view.direction,
            since__lte=months_later(view.until, 1),
            until__gte=months_later(view.since, -1),
        )
        .order_by("-until", "-id")
        .first()
    )


def _track_one(view: ShownWarning) -> TrackedWarning:
    named = WarningName.objects.select_related("warning").filter(key=view.key).first()
    tracked = named.warning if named else _continued(view)
    if tracked is None:
        tracked = TrackedWarning.objects.create(
            indicator_id=view.indicator_id, source=view.source, direction=view.direction, reading=view.reading,
            title=view.title, since=view.since, until=view.until,
        )
    elif not _as_shown(tracked, view):
        tracked.since, tracked.until, tracked.reading, tracked.title = view.since, view.until, view.reading, view.title
        tracked.save()
    if named is None:
        WarningName.objects.create(key=view.key, warning=tracked)
    return tracked


def _as_shown(tracked: TrackedWarning, view: ShownWarning) -> bool:
    return (tracked.since, tracked.until, tracked.reading, tracked.title) == (view.since, view.until, view.reading, view.title)


def track(views: Iterable[ShownWarning]) -> dict[str, TrackedWarning]:
    """Each shown warning's lasting record, by the warning's current name. Every page that lists
    warnings calls this, so the warnings already known as shown are found in one query and only
    new or changed ones are written."""
    shown = list(views)
    known = {
        named.key: named.warning
        for named in WarningName.objects.select_related("warning").filter(key__in=[view.key for view in shown])
    }
    found: dict[str, TrackedWarning] = {}
    for view in shown:
        tracked = known.get(view.key)
        if tracked is not None and _as_shown(tracked, view):
            found[view.key] = tracked
            continue
        try:
            with transaction.atomic():
                found[view.key] = _track_one(view)
        except IntegrityError:
            # Another request remembered the same name at the same moment: use theirs.
            found[view.key] = WarningName.objects.select_related("warning").get(key=view.key).warning
    return found


def by_name(key: str) -> TrackedWarning | None:
    """The warning an old address named, if it was ever shown."""
    named = WarningName.objects.select_related("warning").filter(key=key).first()
    return named.warning if named else None


def names_of(tracked: TrackedWarning) -> list[str]:
    return list(tracked.names.order_by("id").values_list("key", flat=True))


def acknowledgements_of(tracked: TrackedWarning) -> list[Acknowledgement]:
    return list(tracked.acknowledgements.select_related("person"))


def acknowledged_by(person: Actor, warnings: Sequence[TrackedWarning]) -> set[int]:
    """The numbers of those warnings this person has acknowledged."""
    return set(
        Acknowledgement.objects.filter(person_id=person.pk, warning__in=warnings).values_list("warning_id", flat=True)
    )


class AlreadyAcknowledged(StaleEdit):
    """The person's acknowledgement was saved from another window after this form was opened."""


def acknowledge(tracked: TrackedWarning, *, by: Actor, response: str, seen_version: int, at: datetime | None = None) -> Acknowledgement:
    """Record this person's acknowledgement (``seen_version`` 0) or change their reason from the
    version they saw; the role recorded is the one that lets them acknowledge warnings."""
    role = granting_role(by.roles, Permission.ACKNOWLEDGE_WARNINGS)
    if role is None:
        raise NotAllowed("Your roles do not allow you to acknowledge early warnings.")
    own = Acknowledgement.objects.filter(warning=tracked, person_id=by.pk).first()
    if seen_version == 0:
        if own is not None:
            raise AlreadyAcknowledged(own)
        try:
            with transaction.atomic():
                return create_record(
                    Acknowledgement, by=by, permission=Permission.ACKNOWLEDGE_WARNINGS, at=at,
                    warning=tracked, person_id=by.pk, person_name=by.display_name, role=role.value,
                    acknowledged_at=at or datetime.now().astimezone(), response=response.strip(),
                )
        except IntegrityError as error:
            raise AlreadyAcknowledged(Acknowledgement.objects.get(warning=tracked, person_id=by.pk)) from error
    if own is None:
        raise NotAllowed("You have not acknowledged this warning yet: reload the page and acknowledge it.")
    return save_edit(
        own, by=by, seen_version=seen_version, changes={"response": response.strip(), "role": role.value},
        permission=Permission.ACKNOWLEDGE_WARNINGS, reason="changed the response", at=at,
    )


def challenge_from(tracked: TrackedWarning, *, by: Actor, question: str, at: datetime | None = None) -> Challenge:
    """A challenge about this warning, raised in one step, filed under the warning's first name."""
    first = tracked.names.order_by("id").first()
    return raise_challenge(
        by=by, question=question, indicator_id=tracked.indicator_id, warning_key=first.key if first else "", at=at,
        raised_on=at.date() if at else None,
    )


def action_from(
    tracked: TrackedWarning, *, by: Actor, title: str, owner: Actor, due: date, at: datetime | None = None
) -> PlanAction:
    """A plan action raised from this warning in one step: its source is the warning, and the
    indicator should move back the other way (for an improvement, keep going the same way)."""
    direction = tracked.direction if tracked.reading == "improvement" else ("down" if tracked.direction == "up" else "up")
    return raise_action(
        by=by, at=at, raised_on=at.date() if at else None, title=title.strip(), source="warning",
        source_reference=tracked.reference, factor=indicator(tracked.indicator_id).factors[0],
        owner=owner, due=due, indicator_id=tracked.indicator_id, direction=direction,
    )


def challenges_about(tracked: TrackedWarning) -> list[Challenge]:
    return list(Challenge.objects.filter(warning_key__in=names_of(tracked)).order_by("raised_on", "id"))


def actions_from(tracked: TrackedWarning) -> list[PlanAction]:
    return list(PlanAction.objects.filter(source="warning", source_reference=tracked.reference).order_by("raised_on", "id"))

"""Keeping professional disagreements: whose they are, raising one, recording discussions,
escalating, resolving, and the partnership's summary of outcomes and themes.

Every change goes through ``safeguard.governance.workflow.transitions``. Who may see a
disagreement is decided here, once, for pages, downloads and changes alike: those who oversee
every agency's disagreements see them all; anyone else who works on disagreements sees those
their own agency raised or is party to, and the partnership's own people also see those that
reached the partnership. Someone whose agency is not recorded sees none.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from statistics import median
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from safeguard.aggregates import Tally, Viewer, tally
from safeguard.calendar import working_days_after
from safeguard.governance.disagreements.models import (
    STAGE_TIMESCALE,
    Agency,
    AgencyMembership,
    Disagreement,
    Discussion,
    Stage,
    StageReached,
    Theme,
    standard_stage_days,
)
from safeguard.governance.reporting_year import ReportingYear
from safeguard.governance.workflow.transitions import (
    Actor,
    GovernanceError,
    NotAllowed,
    NotAvailable,
    StaleEdit,
    apply_transition,
    create_record,
    save_edit,
)
from safeguard.roles import Permission, permissions_of, sees_child_level
from safeguard.timescales import timescale

RAISING_FIELDS = ("raised_by_agency", "with_agency", "people_involved", "child_reference", "about", "theme", "stage_days", "shortened_because")
EDITABLE_FIELDS = ("with_agency", "people_involved", "child_reference", "about", "theme")
"""What can be corrected once raised; the stages' timescale is set when it is raised."""
LAST_STAGE = max(Stage)


def agency_of(person: Actor) -> str | None:
    membership = AgencyMembership.objects.filter(person_id=person.pk).first()
    return membership.agency if membership else None


def oversees(person: Actor) -> bool:
    return Permission.OVERSEE_DISAGREEMENTS in permissions_of(person.roles)


def set_agency(person: Any, agency: str, *, by: Actor, seen_version: int, at: datetime | None = None) -> AgencyMembership:
    """Record the agency a person works for (``seen_version`` 0 when none was recorded yet)."""
    with transaction.atomic():
        current = AgencyMembership.objects.select_for_update().filter(person_id=person.pk).first()
        if current is None:
            if seen_version != 0:
                raise GovernanceError("This person's agency was removed while you were working; start again.")
            return create_record(AgencyMembership, by=by, permission=Permission.OVERSEE_DISAGREEMENTS, at=at, person=person, agency=agency)
        if seen_version == 0:
            raise StaleEdit(current)
        return save_edit(current, by=by, seen_version=seen_version, changes={"agency": agency}, permission=Permission.OVERSEE_DISAGREEMENTS, at=at)


def visible_to(person: Actor) -> QuerySet[Disagreement]:
    """The disagreements this person may see (nothing for someone whose agency is not recorded)."""
    found = Disagreement.objects.all()
    held = permissions_of(person.roles)
    if Permission.OVERSEE_DISAGREEMENTS in held:
        return found
    agency = agency_of(person)
    if Permission.WORK_ON_DISAGREEMENTS not in held or agency is None:
        return found.none()
    mine = Q(raised_by_agency=agency) | Q(with_agency=agency)
    if agency == Agency.PARTNERSHIP:
        mine |= Q(stage=Stage.PARTNERSHIP)
    return found.filter(mine)


def may_open(person: Actor, disagreement: Disagreement) -> bool:
    return visible_to(person).filter(pk=disagreement.pk).exists()


def may_see_child_reference(person: Actor, disagreement: Disagreement) -> bool:
    """The case is shared with the agencies involved for the purpose of resolving the
    disagreement, while it is open; those who oversee every agency's see it always. Only ever
    for roles that may see children's records."""
    if not sees_child_level(person.roles) or not may_open(person, disagreement):
        return False
    return oversees(person) or disagreement.state == "open"


def _check_may_open(person: Actor, disagreement: Disagreement) -> None:
    if not may_open(person, disagreement):
        raise NotAllowed("This disagreement is not one your agency is involved in.")


def stage_due(started_on: date, days: int) -> date:
    """The last working day of a stage of ``days`` working days (at most the council's standard,
    checked by the record), from the timescales file and the one calendar."""
    return timescale(STAGE_TIMESCALE, {STAGE_TIMESCALE: days}).due(started_on)


def _today(at: datetime | None) -> date:
    return timezone.localtime(at).date() if at else timezone.localdate()


def raise_disagreement(
    *, by: Actor, raised_on: date | None = None, at: datetime | None = None, stage_days: int | None = None, **fields: Any
) -> Disagreement:
    """Record a disagreement at its first stage. A partner raises it for their own agency; the
    stage's deadline is a working week unless ``stage_days`` shortens it for the child's safety."""
    unknown = set(fields) - set(RAISING_FIELDS)
    if unknown:
        raise ValueError(f"these fields are not part of raising a disagreement: {sorted(unknown)}")
    if not oversees(by):
        own = agency_of(by)
        if own is None:
            raise NotAllowed("Your agency is not recorded yet: ask the Director to record it, then raise the disagreement.")
        fields["raised_by_agency"] = own
    day = raised_on or _today(at)
    days = stage_days or standard_stage_days()
    with transaction.atomic():
        disagreement = create_record(
            Disagreement, by=by, permission=Permission.WORK_ON_DISAGREEMENTS, at=at, raised_on=day, stage=Stage.PRACTITIONERS,
            stage_days=days, **fields,
        )
        _start_stage(disagreement, Stage.PRACTITIONERS, day, by=by, at=at)
    return disagreement


def edit_disagreement(disagreement: Disagreement, *, by: Actor, seen_version: int, changes: dict[str, Any]) -> Disagreement:
    """Correct a disagreement's details (the agencies involved only)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"these fields cannot be edited: {sorted(unknown)}")
    _check_may_open(by, disagreement)
    return save_edit(disagreement, by=by, seen_version=seen_version, changes=changes, permission=Permission.WORK_ON_DISAGREEMENTS)


def _start_stage(disagreement: Disagreement, stage: int, day: date, *, by: Actor, at: datetime | None) -> StageReached:
    return create_record(
        StageReached, by=by, permission=Permission.WORK_ON_DISAGREEMENTS, at=at, disagreement=disagreement, stage=stage,
        started_on=day, due=stage_due(day, disagreement.stage_days),
    )


def _end_stage(disagreement: Disagreement, day: date, ending: str, *, by: Actor, at: datetime | None) -> None:
    current = current_stage(disagreement)
    if day < current.started_on:
        raise GovernanceError(f"This stage started on {current.started_on:%-d %B %Y}: it cannot end before then.")
    save_edit(current, by=by, seen_version=current.version, changes={"ended_on": day, "ending": ending},
              permission=Permission.WORK_ON_DISAGREEMENTS, at=at)


def current_stage(disagreement: Disagreement) -> StageReached:
    """The stage the disagreement is at (read from the prefetched stages when there are some)."""
    return next(stage for stage in disagreement.stages.all() if stage.stage == disagreement.stage)


def move_disagreement(
    disagreement: Disagreement, name: str, *, by: Actor, seen_version: int, reason: str = "", at: datetime | None = None
) -> Disagreement:
    """Escalate to the next stage or record the resolution, on the day it happens (today)."""
    _check_may_open(by, disagreement)
    day = _today(at)
    with transaction.atomic():
        if name == "escalate":
            if disagreement.stage >= LAST_STAGE:
                raise NotAvailable("This disagreement is with the partnership already: the last stage. Record its resolution.")
            moved = apply_transition(disagreement, "escalate", by=by, seen_version=seen_version, reason=reason,
                                     changes={"stage": disagreement.stage + 1}, at=at)
            _end_stage(disagreement, day, StageReached.Ending.ESCALATED, by=by, at=at)
            _start_stage(moved, moved.stage, day, by=by, at=at)
        else:
            moved = apply_transition(disagreement, name, by=by, seen_version=seen_version, reason=reason,
                                     changes={"outcome": reason.strip(), "resolved_on": day} if name == "resolve" else None, at=at)
            if name == "resolve":
                _end_stage(disagreement, day, StageReached.Ending.RESOLVED, by=by, at=at)
    return moved


def record_discussion(
    disagreement: Disagreement, *, by: Actor, held_on: date, who: str, record: str, at: datetime | None = None
) -> Discussion:
    """Add a dated record of a discussion, at the stage the disagreement is at."""
    _check_may_open(by, disagreement)
    if disagreement.state != "open":
        raise NotAvailable("This disagreement is resolved: discussions are recorded while it is being resolved.")
    return create_record(
        Discussion, by=by, permission=Permission.WORK_ON_DISAGREEMENTS, at=at, disagreement=disagreement, held_on=held_on,
        stage=disagreement.stage, who=who.strip(), record=record.strip(),
    )


def is_overdue(disagreement: Disagreement, today: date) -> bool:
    """Open, and its present stage is past its deadline: it should be escalated (or resolved) now."""
    return disagreement.state == "open" and current_stage(disagreement).due < today


def overdue_disagreements(person: Actor, today: date) -> list[Disagreement]:
    found = visible_to(person).filter(state="open").prefetch_related("stages")
    return [item for item in found if is_overdue(item, today)]


def working_days_to_resolve(disagreement: Disagreement) -> int | None:
    if disagreement.resolved_on is None:
        return None
    return working_days_after(disagreement.raised_on, disagreement.resolved_on)


@dataclass(frozen=True)
class DisagreementSummary:
    """The partnership's view of one reporting year's disagreements (or all of them)."""

    year: ReportingYear | None
    counts: Tally
    stages: Sequence[tuple[int, str]]
    agencies: Sequence[tuple[str, str]]
    themes: Sequence[tuple[str, str]]
    median_days_to_resolve: float | str | None
    """``[c]`` when the number resolved is hidden; None when none was resolved."""

    def rows(self) -> list[list[object]]:
        """The summary as rows for CSV: group, item, count as shown, percentage of all as shown."""
        counts = self.counts
        rows: list[list[object]] = [["disagreements", "raised", counts.count("all"), ""]]
        groups = (
            ("highest stage reached", "stage", [(str(value), label) for value, label in self.stages]),
            ("raised by", "agency", list(self.agencies)),
            ("theme", "theme", list(self.themes)),
            ("status", "state", [("open", "Being resolved"), ("resolved", "Resolved")]),
        )
        for group, prefix, items in groups:
            for value, label in items:
                share = counts.share(f"{prefix}:{value}", "all")
                rows.append([group, label, counts.count(f"{prefix}:{value}"), round(share, 1) if isinstance(share, float) else share])
        middle = self.median_days_to_resolve
        rows.append(["time to resolve", "median working days", "" if middle is None else middle, ""])
        return rows


SUMMARY_COLUMNS: Sequence[str] = ("group", "item", "count", "percent")


def summarise(found: Iterable[Disagreement], viewer: Viewer, year: ReportingYear | None) -> DisagreementSummary:
    """Counts by the stage reached, the raising agency and the theme, open and resolved, and the
    median working days to resolve; small numbers hidden for viewers without child-level access
    (and the median, when the count it rests on is hidden)."""
    items = [item for item in found if year is None or year.holds(item.raised_on)]
    counts: Counter[str] = Counter({"all": len(items)})
    for item in items:
        counts[f"stage:{item.stage}"] += 1
        counts[f"agency:{item.raised_by_agency}"] += 1
        counts[f"theme:{item.theme}"] += 1
        counts[f"state:{item.state}"] += 1
    stages = [(stage.value, stage.label) for stage in Stage]
    agencies = list(Agency.choices)
    themes = list(Theme.choices)
    totals = [
        ("all", [f"stage:{value}" for value, _ in stages]),
        ("all", [f"agency:{value}" for value, _ in agencies]),
        ("all", [f"theme:{value}" for value, _ in themes]),
        ("all", ["state:open", "state:resolved"]),
    ]
    shown = tally(counts, totals, viewer)
    days = [value for value in (working_days_to_resolve(item) for item in items) if value is not None]
    if not days:
        middle: float | str | None = None
    elif shown.shown("state:resolved"):
        middle = median(days)
    else:
        middle = shown.count("state:resolved")
    return DisagreementSummary(year, shown, stages, agencies, themes, middle)


def resolved_in(person: Actor, year: ReportingYear | None) -> list[Disagreement]:
    """The resolved disagreements this person may open, with their outcomes, for the summary."""
    found = visible_to(person).filter(state="resolved").order_by("-resolved_on", "-id")
    return [item for item in found if year is None or year.holds(item.raised_on)]


EXPORT_COLUMNS: Sequence[str] = (
    "id", "raised", "raised_by_agency", "with_agency", "theme", "stage", "stage_due", "status", "overdue", "resolved", "working_days_to_resolve",
)


def export_rows(found: Iterable[Disagreement], today: date) -> list[list[object]]:
    """Disagreements as rows for CSV: never the child's reference or the people involved."""
    rows = []
    for item in found:
        stage = current_stage(item)
        rows.append([
            item.reference, item.raised_on.isoformat(), item.raised_by_agency, item.with_agency, item.theme, item.stage,
            stage.due.isoformat(), item.state, "yes" if is_overdue(item, today) else "no",
            item.resolved_on.isoformat() if item.resolved_on else "",
            "" if item.resolved_on is None else working_days_to_resolve(item),
        ])
    return rows

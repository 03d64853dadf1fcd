"""Keeping the Local Test of Assurance: starting a test with every consideration unassessed,
recording who holds which other portfolios, assessing each consideration, and completing it.

Every change goes through ``safeguard.governance.workflow.transitions`` (permission, version
check, history, transition log), so two people assessing the same consideration at once cannot
overwrite each other: the second is refused and keeps what they wrote.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction

from safeguard.governance.local_test.considerations import Consideration, Group, considerations
from safeguard.governance.local_test.models import LocalTest, LocalTestItem, Status
from safeguard.governance.workflow.as_at import records_of
from safeguard.governance.workflow.transitions import Actor, GovernanceError, apply_transition, create_record, save_edit
from safeguard.roles import Permission

TEST_FIELDS = ("title", "dcs_name", "dcs_other_portfolios", "lead_member_name", "lead_member_other_portfolios", "next_review")
ITEM_FIELDS = ("status", "evidence", "review_date")


def start_test(*, by: Actor, title: str, at: datetime | None = None, **details: Any) -> LocalTest:
    """A new test, with one unassessed item for every consideration in the current file."""
    unknown = set(details) - set(TEST_FIELDS)
    if unknown:
        raise ValueError(f"these fields cannot be set: {sorted(unknown)}")
    data = considerations()
    with transaction.atomic():
        test = create_record(
            LocalTest, by=by, permission=Permission.MANAGE_LOCAL_TEST, at=at, title=title.strip(),
            considerations_version=data.version, **details,
        )
        for item in data.items:
            create_record(LocalTestItem, by=by, permission=Permission.MANAGE_LOCAL_TEST, at=at, test=test, consideration_id=item.id)
    return test


def _being_assessed(test: LocalTest) -> None:
    if test.state != "in_progress":
        raise GovernanceError("This Local Test of Assurance is completed, so it can no longer be changed. Reopen it, giving a reason.")


def edit_test(test: LocalTest, *, by: Actor, seen_version: int, changes: Mapping[str, Any]) -> LocalTest:
    unknown = set(changes) - set(TEST_FIELDS)
    if unknown:
        raise ValueError(f"these fields cannot be edited: {sorted(unknown)}")
    _being_assessed(test)
    return save_edit(test, by=by, seen_version=seen_version, changes=changes, permission=Permission.MANAGE_LOCAL_TEST)


def item_of(test: LocalTest, consideration_id: str) -> LocalTestItem:
    """One consideration of a test; ``KeyError`` if the test has no such consideration."""
    found = test.items.filter(consideration_id=consideration_id).first()
    if found is None:
        raise KeyError(f"no consideration {consideration_id!r} in this Local Test of Assurance")
    return found


def assess_item(
    item: LocalTestItem, *, by: Actor, seen_version: int, changes: Mapping[str, Any], at: datetime | None = None
) -> LocalTestItem:
    """Record a consideration's status, evidence and review date; a status needs its evidence."""
    unknown = set(changes) - set(ITEM_FIELDS)
    if unknown:
        raise ValueError(f"these fields cannot be edited: {sorted(unknown)}")
    with transaction.atomic():
        _being_assessed(LocalTest.objects.select_for_update().get(pk=item.test_id))
        return save_edit(item, by=by, seen_version=seen_version, changes=changes, permission=Permission.MANAGE_LOCAL_TEST, at=at)


def move_test(
    test: LocalTest, name: str, *, by: Actor, seen_version: int, reason: str = "", at: datetime | None = None, on: date | None = None
) -> LocalTest:
    """Complete the test (every consideration assessed, the other portfolios named; it records
    who assessed it and when) or reopen it with a reason."""
    changes: dict[str, Any] = {}
    if name == "complete":
        if not test.portfolios_named:
            raise GovernanceError("Say which other portfolios the Director or the Lead Member holds before completing the test.")
        waiting = test.items.filter(status=Status.NOT_ASSESSED).count()
        if waiting:
            raise GovernanceError(f"Assess every consideration before completing the test: {waiting} not yet assessed.")
        changes = {"assessed_by": by, "assessed_on": on or (at.date() if at else date.today())}
    return apply_transition(test, name, by=by, seen_version=seen_version, reason=reason, changes=changes, at=at)


@dataclass(frozen=True)
class AssessedItem:
    consideration: Consideration
    item: LocalTestItem


@dataclass(frozen=True)
class Section:
    group: Group
    items: tuple[AssessedItem, ...]


def _items(test: LocalTest, as_at: datetime | None) -> Any:
    """The test's items, as they stood at ``as_at`` (``workflow.as_at``) or stand now."""
    return records_of(LocalTestItem, as_at).filter(test_id=test.pk)


def sections(test: LocalTest, as_at: datetime | None = None) -> list[Section]:
    """The test's items in the considerations file's groups and order (as assessed at ``as_at``, if given)."""
    data = considerations()
    by_id = {item.consideration_id: item for item in _items(test, as_at).select_related("created_by")}
    found = []
    for group in data.groups:
        lines = tuple(AssessedItem(entry, by_id[entry.id]) for entry in data.in_group(group.id) if entry.id in by_id)
        if lines:
            found.append(Section(group, lines))
    return found


def status_counts(test: LocalTest, as_at: datetime | None = None) -> dict[str, int]:
    counts = {value: 0 for value, _ in Status.choices}
    for status in _items(test, as_at).values_list("status", flat=True):
        counts[status] += 1
    return counts

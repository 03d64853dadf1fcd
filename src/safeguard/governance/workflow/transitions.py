"""Moving and editing governance records: one table of transitions per record type, and the two
functions through which every record changes.

A ``Workflow`` names a record type's states and its transitions: for each, the states it may
start from, the state it leads to, the permission it needs (from ``safeguard.roles``, the one
table of who may do what) and whether a reason must be given. ``apply_transition`` moves a
record and logs the move (who, in which role, when, from, to, why); ``save_edit`` changes a
record's fields. Both take the version the person saw and refuse the change (``StaleEdit``) if
the record has moved on since, so two people editing at once cannot silently overwrite each
other: one wins, the other is told and keeps what they wrote.

Concurrency: the read of the version and the write happen in one transaction holding the row
(``select_for_update`` on PostgreSQL; on SQLite every transaction begins ``IMMEDIATE`` and holds
the database's write lock, which serialises the same way).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar, Protocol, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from safeguard.governance.workflow.models import GovernanceRecord, TransitionRecord, WorkflowRecord
from safeguard.roles import Permission, Role, granting_role, permissions_of


class Actor(Protocol):
    """Whoever changes a record: a signed-in person (``safeguard.web.accounts.models.User``)."""

    pk: Any

    @property
    def roles(self) -> frozenset[Role]: ...

    @property
    def display_name(self) -> str: ...


class GovernanceError(Exception):
    """A change that cannot be made; the message says why in plain words."""


class Lockable(Protocol):
    """A model row changed only from the version a person saw: a governance record, or an
    uploaded return (``safeguard.web.data.models.Upload``)."""

    _meta: ClassVar[Any]
    pk: Any
    version: int


class Movable(Lockable, Protocol):
    """What ``apply_transition`` moves: a ``WorkflowRecord``, or another model that keeps its
    state and version the same way (an uploaded return)."""

    WORKFLOW: ClassVar[Any]
    state: str

    @property
    def state_label(self) -> str: ...

    def full_clean(self) -> None: ...

    def save(self) -> None: ...


class StaleEdit(GovernanceError):
    """The record changed after the person opened it; their change was not saved."""

    def __init__(self, current: Lockable) -> None:
        super().__init__(
            "Someone else changed this record while you were working on it, so your change has not been saved. "
            "Their version is shown below; your text is kept in the form so that you can compare and save again."
        )
        self.current = current


class NotAllowed(GovernanceError):
    """The person's roles do not allow this change."""


class NotAvailable(GovernanceError):
    """The transition cannot be made from the record's present state."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    """The button that makes it ("Agree the assessment")."""
    sources: frozenset[str]
    target: str
    permission: Permission
    needs_reason: bool = False
    reason_label: str = ""
    """What the form asks for, when a reason is needed ("Your answer, with its evidence")."""


def transition(
    name: str,
    label: str,
    *,
    sources: Iterable[str],
    target: str,
    permission: Permission,
    needs_reason: bool = False,
    reason_label: str = "",
) -> Transition:
    return Transition(name, label, frozenset(sources), target, permission, needs_reason, reason_label or f"{label}: say why")


class Workflow:
    """A record type's states (in order, with their labels) and its table of transitions."""

    def __init__(self, *, states: Mapping[str, str], initial: str, transitions: Sequence[Transition]) -> None:
        self.states = dict(states)
        self.initial = initial
        self.transitions = {item.name: item for item in transitions}
        for item in transitions:
            unknown = (set(item.sources) | {item.target}) - set(self.states)
            if unknown:
                raise ValueError(f"transition {item.name!r} names states that do not exist: {sorted(unknown)}")
        if initial not in self.states:
            raise ValueError(f"the initial state {initial!r} is not one of the states")

    def label(self, state: str) -> str:
        return self.states.get(state, state)

    def choices(self) -> list[tuple[str, str]]:
        return list(self.states.items())

    def get(self, name: str) -> Transition:
        try:
            return self.transitions[name]
        except KeyError:
            raise NotAvailable(f"There is no step called {name!r}.") from None

    def available(self, state: str, roles: Iterable[Role]) -> list[Transition]:
        """The transitions a person with these roles can make from this state, in table order."""
        held = permissions_of(roles)
        return [item for item in self.transitions.values() if state in item.sources and item.permission in held]


Record = TypeVar("Record", bound=GovernanceRecord)
Locked = TypeVar("Locked", bound=Lockable)
Moved = TypeVar("Moved", bound=Movable)


def _locked(record: Locked, seen_version: int) -> Locked:
    fresh: Locked = record._meta.default_manager.select_for_update().get(pk=record.pk)
    if fresh.version != seen_version:
        raise StaleEdit(fresh)
    return fresh


def _check_permission(actor: Actor, permission: Permission, what: str) -> Role:
    role = granting_role(actor.roles, permission)
    if role is None:
        raise NotAllowed(f"Your roles do not allow you to {what}.")
    return role


def _stamp(record: object, by: Actor, at: datetime | None, reason: str | None = None) -> None:
    """Who saves this version, and why, for its history row; ``at`` back-dates the row (the demo
    council's year of history only: no page or command lets a person choose it)."""
    record._history_user = by  # type: ignore[attr-defined]
    record._change_reason = reason[:100] if reason else None  # type: ignore[attr-defined]
    if at is not None:
        record._history_date = at  # type: ignore[attr-defined]


def _backdate(record: GovernanceRecord, at: datetime | None, *, created: bool = False) -> None:
    """Date a back-dated save's record and its historical row ``at``, not when the demo ran: the
    row's history is already dated by ``_stamp``, and its own ``created_at``/``updated_at`` are
    stamped by the clock (so a record "created in March" read as at April says March)."""
    if at is None:
        return
    dates = {"updated_at": at, **({"created_at": at} if created else {})}
    type(record)._default_manager.filter(pk=record.pk).update(**dates)
    history: Any = type(record).history
    history.filter(**{record._meta.pk.attname: record.pk, "history_date": at}).update(**dates)
    for field, value in dates.items():
        setattr(record, field, value)


def save_edit(
    record: Record,
    *,
    by: Actor,
    seen_version: int,
    changes: Mapping[str, Any],
    permission: Permission,
    reason: str = "",
    at: datetime | None = None,
) -> Record:
    """Change a record's fields, if the person may and nobody changed it since ``seen_version``."""
    _check_permission(by, permission, "change this record")
    with transaction.atomic():
        fresh = _locked(record, seen_version)
        for field, value in changes.items():
            setattr(fresh, field, value)
        fresh.version = seen_version + 1
        fresh.full_clean()
        _stamp(fresh, by, at, reason)
        fresh.save()
        _backdate(fresh, at)
    return fresh


def apply_transition(
    record: Moved,
    name: str,
    *,
    by: Actor,
    seen_version: int,
    reason: str = "",
    changes: Mapping[str, Any] | None = None,
    at: datetime | None = None,
) -> Moved:
    """Move a record by one of its workflow's transitions, with the changes that go with it, and
    log the move; refused if the person may not, the record is in the wrong state, a needed
    reason is missing, or the record changed since ``seen_version``."""
    step = record.WORKFLOW.get(name)
    role = _check_permission(by, step.permission, step.label.lower())
    reason = reason.strip()
    if step.needs_reason and not reason:
        raise GovernanceError(f"Say why, to {step.label.lower()}.")
    with transaction.atomic():
        fresh = _locked(record, seen_version)
        if fresh.state not in step.sources:
            raise NotAvailable(
                f"This record is {fresh.state_label.lower()}, so you cannot {step.label.lower()} now."
            )
        before = fresh.state
        for field, value in (changes or {}).items():
            setattr(fresh, field, value)
        fresh.state = step.target
        fresh.version = seen_version + 1
        fresh.full_clean()
        _stamp(fresh, by, at, step.label)
        fresh.save()
        if isinstance(fresh, GovernanceRecord):
            _backdate(fresh, at)
        TransitionRecord.objects.create(
            content_type=ContentType.objects.get_for_model(fresh._meta.model),
            object_id=fresh.pk,
            transition=step.name,
            from_state=before,
            to_state=step.target,
            by_id=by.pk,
            by_name=by.display_name,
            role=role.value,
            at=at or datetime.now(UTC),
            reason=reason,
        )
    return fresh


def create_record(
    model: type[Record], *, by: Actor, permission: Permission, at: datetime | None = None, **fields: Any
) -> Record:
    """Make a new record (in its workflow's initial state, if it has one) under the person's name."""
    _check_permission(by, permission, f"add a {model._meta.verbose_name}")
    record = model(created_by_id=by.pk, **fields)
    if isinstance(record, WorkflowRecord) and not fields.get("state"):
        record.state = record.WORKFLOW.initial
    record.full_clean()
    _stamp(record, by, at)
    with transaction.atomic():
        record.save()
        _backdate(record, at, created=True)
    return record


def transitions_of(record: GovernanceRecord) -> list[TransitionRecord]:
    """Every move of this record, oldest first."""
    return list(
        TransitionRecord.objects.filter(content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk)
    )

"""Keeping the challenge log: raising, assigning, answering, following up, closing, reopening.

Every change goes through ``safeguard.governance.workflow.transitions`` and adds one entry to the
challenge's thread, so the log reads as the conversation it was. Only the person who asked may
follow up or close their own challenge: an answer is accepted by the one who needed it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from safeguard.aggregates import Measure, current_measure
from safeguard.governance.challenge.models import OPEN_STATES, Challenge, Entry
from safeguard.governance.workflow.transitions import Actor, NotAllowed, apply_transition, create_record
from safeguard.indicators.catalogue import indicator, indicator_ids
from safeguard.roles import Permission

ASKER_ONLY = frozenset({"follow_up", "close"})
RETURNS_TO_OWNER = frozenset({"follow_up", "reopen"})
"""Steps that send the challenge back to its owner, who gets as long again to answer."""


def _fresh_due(challenge: Challenge, day: date) -> date:
    """A follow-up or a reopened challenge is due as long after ``day`` as the first answer was
    after the question (never earlier than the date already set)."""
    window = challenge.due - challenge.raised_on if challenge.due else timedelta(days=20)
    return max(challenge.due or day, day + window)


def _entry(challenge: Challenge, kind: str, text: str, by: Actor, at: datetime | None) -> Entry:
    return create_record(
        Entry, by=by, permission=Permission.SEE_ASSURANCE_RECORDS, at=at, challenge=challenge, kind=kind, text=text
    )


def raise_challenge(
    *,
    by: Actor,
    question: str,
    factor: str = "",
    indicator_id: str = "",
    warning_key: str = "",
    framework_question: str = "",
    raised_on: date | None = None,
    at: datetime | None = None,
) -> Challenge:
    """Record a leader's question. Raised about an indicator, it takes the indicator's first
    factor unless another is chosen, and keeps the indicator as it stood that day."""
    known = indicator_id in indicator_ids()
    if known and not factor:
        factor = indicator(indicator_id).factors[0]
    measure = current_measure(indicator_id) if known else None
    with transaction.atomic():
        challenge = create_record(
            Challenge, by=by, permission=Permission.RAISE_CHALLENGE, at=at,
            question=question.strip(), factor=factor, indicator_id=indicator_id, warning_key=warning_key,
            framework_question=framework_question, raised_on=raised_on or date.today(),
            evidence=measure.to_json() if measure else None,
        )
        _entry(challenge, Entry.Kind.QUESTION, challenge.question, by, at)
    return challenge


def assign(
    challenge: Challenge, *, by: Actor, seen_version: int, owner: Any, due: date, at: datetime | None = None
) -> Challenge:
    """Give the challenge to the person who will answer it, and the date the answer is due."""
    with transaction.atomic():
        moved = apply_transition(
            challenge, "assign", by=by, seen_version=seen_version, changes={"owner": owner, "due": due}, at=at,
            reason=f"Assigned to {owner.display_name}, due {due:%-d %B %Y}",
        )
        _entry(challenge, Entry.Kind.ASSIGNMENT, f"Assigned to {owner.display_name}, due {due:%-d %B %Y}.", by, at)
    return moved


def move_challenge(
    challenge: Challenge, name: str, *, by: Actor, seen_version: int, reason: str = "", at: datetime | None = None
) -> Challenge:
    """Answer, follow up, close or reopen, with the words that go with it."""
    if name == "assign":
        raise NotAllowed("Choose the owner and the due date to assign a challenge.")
    if name in ASKER_ONLY and challenge.created_by_id != by.pk:
        raise NotAllowed(f"Only the person who asked, {challenge.created_by.display_name}, can {name.replace('_', ' ')} this challenge.")
    changes: dict[str, Any] | None = {"answer": reason.strip()} if name == "answer" else None
    if name in RETURNS_TO_OWNER and challenge.due is not None:
        changes = {"due": _fresh_due(challenge, (at.date() if at else date.today()))}
    with transaction.atomic():
        moved = apply_transition(challenge, name, by=by, seen_version=seen_version, reason=reason, changes=changes, at=at)
        _entry(challenge, name, reason.strip(), by, at)
    return moved


def is_overdue(challenge: Challenge, today: date) -> bool:
    return challenge.state in OPEN_STATES and challenge.due is not None and challenge.due < today


def overdue_challenges(today: date, owner: Actor | None = None) -> QuerySet[Challenge]:
    """Challenges still waiting on the service past their due date; one owner's, if named."""
    found = Challenge.objects.filter(state__in=OPEN_STATES, due__lt=today).select_related("owner", "created_by")
    if owner is not None:
        found = found.filter(owner_id=owner.pk)
    return found.order_by("due", "id")


def waiting_on(person: Actor) -> QuerySet[Challenge]:
    """Answered challenges this person raised: waiting for them to close or follow up."""
    return Challenge.objects.filter(state="answered", created_by_id=person.pk).order_by("raised_on", "id")


def frozen_evidence(challenge: Challenge) -> Measure | None:
    return Measure.from_json(challenge.evidence) if challenge.evidence else None


@dataclass(frozen=True)
class ChallengeFilter:
    """What the log is narrowed to (each empty value means "any")."""

    factor: str = ""
    person: str = ""
    """A username: challenges this person raised or owns."""
    state: str = ""
    overdue: bool = False
    indicator_id: str = ""
    warning_key: str = ""

    def apply(self, found: QuerySet[Challenge], today: date) -> QuerySet[Challenge]:
        if self.factor:
            found = found.filter(factor=self.factor)
        if self.person:
            found = found.filter(Q(created_by__username=self.person) | Q(owner__username=self.person))
        if self.state:
            found = found.filter(state=self.state)
        if self.overdue:
            found = found.filter(state__in=OPEN_STATES, due__lt=today)
        if self.indicator_id:
            found = found.filter(indicator_id=self.indicator_id)
        if self.warning_key:
            found = found.filter(warning_key=self.warning_key)
        return found


def challenge_log(selection: ChallengeFilter, today: date) -> QuerySet[Challenge]:
    return selection.apply(Challenge.objects.select_related("owner", "created_by"), today).order_by("-raised_on", "-id")


EXPORT_COLUMNS: Sequence[str] = (
    "id", "raised", "raised_by", "factor", "indicator", "warning", "framework_question", "question",
    "owner", "due", "status", "overdue", "answer",
)


def export_rows(challenges: Iterable[Challenge], today: date) -> list[list[object]]:
    return [
        [
            item.reference, item.raised_on.isoformat(), item.created_by.display_name, item.factor, item.indicator_id,
            item.warning_key, item.framework_question, item.question, item.owner.display_name if item.owner else "",
            item.due.isoformat() if item.due else "", item.state, "yes" if is_overdue(item, today) else "no", item.answer,
        ]
        for item in challenges
    ]

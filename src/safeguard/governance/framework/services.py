"""Adding, retiring and importing a council's own questions, and the framework with them.

Every change goes through ``safeguard.governance.workflow.transitions`` (``create_record`` and
``apply_transition``), which check the person's permission (``MANAGE_FRAMEWORK``), keep the
history and refuse a stale change. An import from a file is all or nothing: every row is checked
first (``safeguard.framework.additions``), then every question is added in one transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from safeguard.framework import Framework, Question, load_framework
from safeguard.framework.additions import Addition, same_question_key
from safeguard.governance.framework.models import IN_USE, CouncilQuestion
from safeguard.governance.workflow.transitions import Actor, NotAllowed, apply_transition, create_record
from safeguard.roles import Permission


def council_questions(*, in_use_only: bool = True) -> list[CouncilQuestion]:
    questions = CouncilQuestion.objects.all()
    if in_use_only:
        questions = questions.filter(state=IN_USE)
    return list(questions.order_by("factor", "id"))


def framework_with_council_questions(framework: Framework | None = None) -> Framework:
    """The framework with the council's questions in use added after each factor's own."""
    by_factor: dict[str, list[Question]] = defaultdict(list)
    for question in council_questions():
        by_factor[question.factor].append(question.as_question())
    return (framework or load_framework()).with_council_questions(by_factor)


def add_question(
    *, by: Actor, factor: str, text: str, indicators: Sequence[str] = (), audience: str | None = None, at: datetime | None = None
) -> CouncilQuestion:
    """Add one question under the person's name (``django.core.exceptions.ValidationError`` if
    it is not a question the framework can take); ``at`` dates it back (the demo's year only)."""
    return create_record(
        CouncilQuestion,
        by=by,
        permission=Permission.MANAGE_FRAMEWORK,
        at=at,
        factor=factor,
        text=" ".join(text.split()),
        indicators=list(indicators),
        audience=audience or "",
    )


def retire_question(question: CouncilQuestion, *, by: Actor, seen_version: int, reason: str) -> CouncilQuestion:
    """Take a question out of use, saying why; it stays on record with its history."""
    return apply_transition(question, "retire", by=by, seen_version=seen_version, reason=reason)


def reinstate_question(question: CouncilQuestion, *, by: Actor, seen_version: int, reason: str) -> CouncilQuestion:
    return apply_transition(question, "reinstate", by=by, seen_version=seen_version, reason=reason)


@dataclass(frozen=True)
class ImportOutcome:
    added: list[CouncilQuestion]
    """Empty when only checking (``validate_only``)."""
    to_add: list[Addition]
    already_there: list[tuple[Addition, str]]
    """Rows whose question the framework already holds, with that question's id: left as they are."""


def import_additions(additions: Sequence[Addition], *, by: Actor | None, validate_only: bool = False) -> ImportOutcome:
    """Add a council's checked questions all together, or none: a row that repeats a question
    the framework already asks (the same words for the same factor, in use) is left out and
    reported, so importing the same file twice adds nothing the second time."""
    existing = {same_question_key(part.id, question.text): question.id for part, question in framework_with_council_questions().questions()}
    to_add = [addition for addition in additions if addition.key not in existing]
    already_there = [(addition, existing[addition.key]) for addition in additions if addition.key in existing]
    if validate_only:
        return ImportOutcome([], to_add, already_there)
    if by is None:
        raise NotAllowed("Name the person the questions are added under.")
    with transaction.atomic():
        added = [
            add_question(by=by, factor=item.factor, text=item.text, indicators=item.indicators, audience=item.audience)
            for item in to_add
        ]
    return ImportOutcome(added, to_add, already_there)

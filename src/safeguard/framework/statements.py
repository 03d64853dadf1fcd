"""What the assurance framework holds: per factor, what good looks like and the questions to ask.

Plain values, no Django: the command line, the governance records (self-assessments and
challenges point at a question by its id), the packs and the web pages all read the same
``Framework``. The product's own statements and questions come from the data files beside this
module (``safeguard.framework.reading``); a council's own questions, kept in the application
database, are added to a copy with ``Framework.with_council_questions``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from safeguard.factors import Factor, factor

COUNCIL_SOURCE = "council"
"""The source of every question a council adds itself (its id is ``council.<factor>.NNN``)."""


@dataclass(frozen=True)
class Statement:
    """One statement of what good looks like, and the seed section it rests on."""

    text: str
    source: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Question:
    id: str
    """Stable for ever: ``leadership.q03`` for the product's, ``council.leadership.004`` for a
    council's own. Records that cite a question keep this id, so it is never reused."""
    text: str
    source: str
    """The seed document and section ("seed 004, workforce"), or ``council``."""
    indicators: tuple[str, ...]
    """Ids of the indicators (``safeguard.indicators.catalogue``) whose figures inform it."""
    audience: str | None = None
    """The leader it is meant for, where the seed meant it for one (``Framework.audiences``)."""

    @property
    def from_council(self) -> bool:
        return self.source == COUNCIL_SOURCE


@dataclass(frozen=True)
class FactorStatements:
    """One factor's part of the framework."""

    id: str
    title: str
    good: tuple[Statement, ...]
    questions: tuple[Question, ...]

    @property
    def factor(self) -> Factor:
        return factor(self.id)


@dataclass(frozen=True)
class Framework:
    version: str
    factors: tuple[FactorStatements, ...]
    sources: Mapping[str, str] = field(default_factory=dict, compare=False)
    """Each seed document a statement may cite ("seed 000") and its title."""
    audiences: Mapping[str, str] = field(default_factory=dict, compare=False)
    """Each audience tag ("lead_member") and the leader it names ("Lead Member")."""

    def factor(self, factor_id: str) -> FactorStatements:
        for candidate in self.factors:
            if candidate.id == factor_id:
                return candidate
        raise KeyError(f"no factor {factor_id!r} in the framework")

    def questions(self) -> Iterator[tuple[FactorStatements, Question]]:
        """Every question with its factor, in the framework's order."""
        for part in self.factors:
            for question in part.questions:
                yield part, question

    def question(self, question_id: str) -> Question:
        for _, question in self.questions():
            if question.id == question_id:
                return question
        raise KeyError(f"no question {question_id!r} in the framework")

    def informed_by(self, indicator_id: str) -> list[Question]:
        """The questions an indicator's figures inform: what to ask when it moves."""
        return [question for _, question in self.questions() if indicator_id in question.indicators]

    def with_council_questions(self, additions: Mapping[str, Sequence[Question]]) -> Framework:
        """A copy with a council's own questions (by factor id) after each factor's own."""
        unknown = set(additions) - {part.id for part in self.factors}
        if unknown:
            raise KeyError(f"council questions for factors the framework does not have: {sorted(unknown)}")
        return replace(
            self,
            factors=tuple(replace(part, questions=part.questions + tuple(additions.get(part.id, ()))) for part in self.factors),
        )

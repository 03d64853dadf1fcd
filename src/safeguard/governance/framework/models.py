"""A council's own question in the assurance framework: a governance record, so it keeps its
history and is retired rather than deleted (challenges and assessments may cite it by id)."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models

from safeguard.framework import COUNCIL_SOURCE, Question, load_framework
from safeguard.framework.additions import TEXT_MAX_LENGTH, addition_problems
from safeguard.governance.workflow.models import WorkflowRecord
from safeguard.governance.workflow.transitions import Workflow, transition
from safeguard.roles import Permission

IN_USE = "active"
RETIRED = "retired"

QUESTION_WORKFLOW = Workflow(
    states={IN_USE: "In use", RETIRED: "Retired"},
    initial=IN_USE,
    transitions=[
        transition(
            "retire", "Retire the question", sources=[IN_USE], target=RETIRED,
            permission=Permission.MANAGE_FRAMEWORK, needs_reason=True,
        ),
        transition(
            "reinstate", "Put the question back in use", sources=[RETIRED], target=IN_USE,
            permission=Permission.MANAGE_FRAMEWORK, needs_reason=True,
        ),
    ],
)


class CouncilQuestion(WorkflowRecord):
    """A question the council asks itself, beside the framework's own for one factor."""

    WORKFLOW: ClassVar[Workflow] = QUESTION_WORKFLOW

    factor = models.CharField(max_length=40, help_text="A factor id from safeguard.factors.")
    text = models.TextField(max_length=TEXT_MAX_LENGTH)
    indicators = models.JSONField(default=list, blank=True, help_text="Ids of the indicators that inform the question.")
    audience = models.CharField(max_length=32, blank=True, help_text="The leader it is meant for, if one (framework.toml [audiences]).")

    class Meta:
        ordering = ["factor", "id"]
        verbose_name = "council question"

    def __str__(self) -> str:
        return f"{self.public_id}: {self.text[:60]}"

    @property
    def public_id(self) -> str:
        """The id records cite: ``council.<factor>.NNN`` (NNN from the record's own number)."""
        return f"council.{self.factor}.{self.pk:03d}"

    @property
    def in_use(self) -> bool:
        return self.state == IN_USE

    def as_question(self) -> Question:
        return Question(
            id=self.public_id,
            text=self.text,
            source=COUNCIL_SOURCE,
            indicators=tuple(self.indicators),
            audience=self.audience or None,
        )

    def clean(self) -> None:
        """The same checks as a question imported from a file (``addition_problems``)."""
        indicators = self.indicators if isinstance(self.indicators, list) else []
        problems = addition_problems(
            factor=self.factor, text=self.text or "", indicators=indicators, audience=self.audience or None, framework=load_framework()
        )
        if not isinstance(self.indicators, list):
            problems_by_field = {"indicators": "Give the indicators as a list of ids."}
        else:
            problems_by_field = {}
        for problem in problems:
            value = f" ({problem.value})" if problem.value and problem.field != "text" else ""
            problems_by_field.setdefault(problem.field, f"The {problem.field}{value} {problem.message}: {problem.what_to_do[0].lower()}{problem.what_to_do[1:]}.")
        if problems_by_field:
            raise ValidationError(problems_by_field)

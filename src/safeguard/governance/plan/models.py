"""An action on the improvement plan, its progress notes, and its transition table."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from safeguard.factors import FACTORS
from safeguard.governance.workflow.models import GovernanceRecord, RecordCannotBeDeleted, WorkflowRecord
from safeguard.governance.workflow.transitions import Workflow, transition
from safeguard.indicators.catalogue import indicator_ids
from safeguard.roles import Permission

TITLE_MAX = 200
TEXT_MAX = 4000


class Source(models.TextChoices):
    """Where an action came from (DOMAIN.md §2.D): the plan is one plan for every source."""

    DATA = "data", "The data"
    WARNING = "warning", "An early warning"
    AUDIT = "audit", "A case audit"
    INSPECTION = "inspection", "An inspection"
    PRACTICE_REVIEW = "practice_review", "A practice review"
    COMPLAINT = "complaint", "A complaint"
    PEER_REVIEW = "peer_review", "A peer review"
    SELF_ASSESSMENT = "self_assessment", "The self-assessment"
    CHALLENGE = "challenge", "A leader's challenge"
    PARTNERSHIP = "partnership", "The safeguarding partnership"


class Direction(models.TextChoices):
    UP = "up", "Up"
    DOWN = "down", "Down"


FACTOR_CHOICES = [(factor.id, factor.title) for factor in FACTORS]

WORKFLOW = Workflow(
    states={
        "open": "Not started",
        "in_progress": "In progress",
        "completed": "Completed",
        "closed": "Closed: impact reviewed",
        "withdrawn": "Withdrawn",
    },
    initial="open",
    transitions=[
        transition("start", "Start the action", sources={"open"}, target="in_progress", permission=Permission.MANAGE_PLAN),
        transition(
            "complete", "Mark the action completed", sources={"open", "in_progress"}, target="completed",
            permission=Permission.MANAGE_PLAN, needs_reason=True,
        ),
        transition(
            "close", "Close the action: its impact has been reviewed", sources={"completed"}, target="closed",
            permission=Permission.MANAGE_PLAN, needs_reason=True,
        ),
        transition(
            "reopen", "Reopen the action", sources={"completed", "closed"}, target="in_progress",
            permission=Permission.MANAGE_PLAN, needs_reason=True,
        ),
        transition(
            "withdraw", "Withdraw the action", sources={"open", "in_progress"}, target="withdrawn",
            permission=Permission.MANAGE_PLAN, needs_reason=True,
        ),
    ],
)
LIVE_STATES = frozenset({"open", "in_progress"})
"""Actions still to be done: the ones that can be overdue."""
DONE_STATES = frozenset({"completed", "closed"})
"""Actions done: completed, or closed once their impact was reviewed."""


class PlanAction(WorkflowRecord):
    WORKFLOW = WORKFLOW

    title = models.CharField(max_length=TITLE_MAX)
    description = models.TextField(max_length=TEXT_MAX, blank=True)
    source = models.CharField(max_length=24, choices=Source.choices)
    source_reference = models.CharField(
        max_length=200, blank=True, help_text="What it came from: the warning, audit, challenge or report, in words or by its id."
    )
    factor = models.CharField(max_length=32, choices=FACTOR_CHOICES)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="plan_actions")
    raised_on = models.DateField()
    due = models.DateField()
    indicator_id = models.CharField(max_length=64, blank=True, help_text="The indicator this action should move.")
    direction = models.CharField(max_length=4, choices=Direction.choices, blank=True)
    baseline = models.JSONField(null=True, blank=True, help_text="The indicator as it stood when the action was raised (frozen).")
    evidence_of_impact = models.TextField(max_length=TEXT_MAX, blank=True)

    class Meta:
        ordering = ["due", "id"]
        verbose_name = "improvement plan action"

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def reference(self) -> str:
        return f"A{self.pk:03d}" if self.pk else "new action"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.raised_on and self.due and self.due < self.raised_on:
            errors["due"] = "The due date must be on or after the day the action was raised"
        if self.indicator_id and self.indicator_id not in indicator_ids():
            errors["indicator_id"] = f"There is no indicator {self.indicator_id!r}"
        if self.indicator_id and not self.direction:
            errors["direction"] = "Say which way the indicator should move"
        if self.direction and not self.indicator_id:
            errors["indicator_id"] = "Choose the indicator that should move"
        if errors:
            raise ValidationError(errors)


class ActionUpdate(GovernanceRecord):
    """A dated note of progress on an action, by its owner or the plan's keepers. Never edited."""

    action = models.ForeignKey(PlanAction, on_delete=models.PROTECT, related_name="updates")
    text = models.TextField(max_length=TEXT_MAX)

    class Meta:
        ordering = ["created_at", "id"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RecordCannotBeDeleted("a progress note, once written, is never changed")
        super().save(*args, **kwargs)

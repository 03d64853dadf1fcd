"""A challenge, the thread of what was said about it, and its transition table."""

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

QUESTION_MAX = 2000
TEXT_MAX = 6000
FACTOR_CHOICES = [(factor.id, factor.title) for factor in FACTORS]

WORKFLOW = Workflow(
    states={
        "raised": "Raised, waiting for an owner",
        "assigned": "With its owner for an answer",
        "answered": "Answered, waiting for the asker",
        "closed": "Closed",
    },
    initial="raised",
    transitions=[
        transition("assign", "Assign it to an owner", sources={"raised", "assigned"}, target="assigned",
                   permission=Permission.ANSWER_CHALLENGES),
        transition("answer", "Send the answer", sources={"assigned"}, target="answered",
                   permission=Permission.ANSWER_CHALLENGES, needs_reason=True,
                   reason_label="Your answer, with the evidence for it"),
        transition("follow_up", "Ask a follow-up question", sources={"answered"}, target="assigned",
                   permission=Permission.RAISE_CHALLENGE, needs_reason=True, reason_label="Your follow-up question"),
        transition("close", "Close the challenge: the answer holds", sources={"answered"}, target="closed",
                   permission=Permission.RAISE_CHALLENGE, needs_reason=True, reason_label="Why the answer satisfies you"),
        transition("reopen", "Reopen the challenge", sources={"closed"}, target="assigned",
                   permission=Permission.RAISE_CHALLENGE, needs_reason=True),
    ],
)
OPEN_STATES = frozenset({"raised", "assigned"})
"""Waiting on the service: the states in which a challenge can be overdue."""


class Challenge(WorkflowRecord):
    WORKFLOW = WORKFLOW

    question = models.TextField(max_length=QUESTION_MAX)
    factor = models.CharField(max_length=32, choices=FACTOR_CHOICES)
    indicator_id = models.CharField(max_length=64, blank=True)
    warning_key = models.CharField(max_length=160, blank=True, help_text="The early warning it was raised from, if any.")
    framework_question = models.CharField(max_length=64, blank=True, help_text="The framework question it asks, if any.")
    raised_on = models.DateField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="challenges_owned")
    due = models.DateField(null=True, blank=True)
    answer = models.TextField(max_length=TEXT_MAX, blank=True, help_text="The latest answer, with its evidence.")
    evidence = models.JSONField(null=True, blank=True, help_text="The indicator as it stood when the challenge was raised (frozen).")

    class Meta:
        ordering = ["-raised_on", "-id"]

    def __str__(self) -> str:
        return f"{self.reference}: {self.question[:60]}"

    @property
    def reference(self) -> str:
        return f"C{self.pk:03d}" if self.pk else "new challenge"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.indicator_id and self.indicator_id not in indicator_ids():
            errors["indicator_id"] = f"There is no indicator {self.indicator_id!r}"
        if self.due and self.raised_on and self.due < self.raised_on:
            errors["due"] = "The answer cannot be due before the challenge was raised"
        if self.state in OPEN_STATES - {"raised"} and (self.owner_id is None or self.due is None):
            errors["owner"] = "Choose who will answer, and by when"
        if errors:
            raise ValidationError(errors)


class Entry(GovernanceRecord):
    """One thing said about a challenge, in order: the question, each answer, each follow-up,
    the closing word. Written once, never changed."""

    class Kind(models.TextChoices):
        QUESTION = "question", "Asked"
        ASSIGNMENT = "assignment", "Assigned"
        ANSWER = "answer", "Answered"
        FOLLOW_UP = "follow_up", "Followed up"
        CLOSING = "close", "Closed"
        REOPENING = "reopen", "Reopened"

    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    text = models.TextField(max_length=TEXT_MAX)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "entries"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RecordCannotBeDeleted("what was said about a challenge is never changed")
        super().save(*args, **kwargs)

"""A self-assessment cycle, its seven factor assessments, the evidence they rest on, and leaders'
comments (seed 000 §3.1 and §4.1; DOMAIN.md §2.C).

A cycle (a quarter by default) grades each of the seven factors on Ofsted's four-point scale,
with a narrative, what changed since the last assessment, and evidence: the factor's indicators
frozen the day the draft goes for agreement, case audit results, and uploaded documents kept by
their SHA-256. The Director's team drafts; only the Director agrees; leaders read and comment.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from safeguard.factors import FACTORS
from safeguard.governance.workflow.models import GovernanceRecord, RecordCannotBeDeleted, WorkflowRecord
from safeguard.governance.workflow.transitions import Workflow, transition
from safeguard.roles import Permission

TITLE_MAX = 120
TEXT_MAX = 8000
FACTOR_CHOICES = [(factor.id, factor.title) for factor in FACTORS]


class Grade(models.TextChoices):
    """Ofsted's four grades (ILACS; DOMAIN.md §5), kept as a code; the label is Ofsted's words."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement to be good"
    INADEQUATE = "inadequate", "Inadequate"


GRADE_RANK = {Grade.OUTSTANDING.value: 1, Grade.GOOD.value: 2, Grade.REQUIRES_IMPROVEMENT.value: 3, Grade.INADEQUATE.value: 4}
"""Ofsted numbers its grades from 1 (outstanding) to 4 (inadequate): a lower number is better."""

WORKFLOW = Workflow(
    states={
        "draft": "Draft",
        "submitted": "Submitted for agreement",
        "agreed": "Agreed",
    },
    initial="draft",
    transitions=[
        transition(
            "submit", "Submit for the Director's agreement", sources={"draft"}, target="submitted",
            permission=Permission.DRAFT_SELF_ASSESSMENT,
        ),
        transition(
            "agree", "Agree the self-assessment", sources={"submitted"}, target="agreed",
            permission=Permission.AGREE_SELF_ASSESSMENT,
        ),
        transition(
            "send_back", "Send it back to be redrafted", sources={"submitted"}, target="draft",
            permission=Permission.AGREE_SELF_ASSESSMENT, needs_reason=True,
        ),
        transition(
            "reopen", "Reopen the agreed self-assessment", sources={"agreed"}, target="draft",
            permission=Permission.AGREE_SELF_ASSESSMENT, needs_reason=True,
        ),
    ],
)


class AssessmentCycle(WorkflowRecord):
    """One round of self-assessment: a period (a quarter by default), a due date, seven grades."""

    WORKFLOW = WORKFLOW

    title = models.CharField(max_length=TITLE_MAX, help_text='For example "Quarter 3, 2026-27".')
    period_start = models.DateField()
    period_end = models.DateField()
    due = models.DateField(help_text="When the Director should have it for agreement.")
    evidence_frozen_at = models.DateTimeField(
        null=True, blank=True, help_text="When the indicators were frozen as evidence (the first submission for agreement)."
    )

    class Meta:
        ordering = ["-period_start", "-id"]
        verbose_name = "self-assessment"

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = "The period must end on or after the day it starts"
        if self.period_start and self.due and self.due < self.period_start:
            errors["due"] = "The due date must be on or after the start of the period"
        if errors:
            raise ValidationError(errors)


class FactorAssessment(GovernanceRecord):
    """One factor's grade, narrative and evidence in one cycle. Edited only while the cycle is a draft."""

    cycle = models.ForeignKey(AssessmentCycle, on_delete=models.PROTECT, related_name="factors")
    factor = models.CharField(max_length=32, choices=FACTOR_CHOICES)
    grade = models.CharField(max_length=24, choices=Grade.choices, blank=True)
    narrative = models.TextField(max_length=TEXT_MAX, blank=True, help_text="What we know about this factor, and how we know it.")
    what_changed = models.TextField(
        max_length=TEXT_MAX, blank=True, help_text="What changed since the last assessment, and why the grade moved or held."
    )
    audit_evidence = models.TextField(
        max_length=TEXT_MAX,
        blank=True,
        help_text="What case audits found for this factor. The case audits app links its results here as evidence links.",
    )
    indicators = models.JSONField(
        null=True, blank=True,
        help_text="The factor's indicators as they stood when the draft went for agreement: indicator id -> frozen measure.",
    )

    class Meta:
        ordering = ["cycle", "id"]
        constraints = [models.UniqueConstraint(fields=["cycle", "factor"], name="one_assessment_per_factor_per_cycle")]

    def __str__(self) -> str:
        return f"{self.cycle}: {self.get_factor_display()}"

    @property
    def rank(self) -> int | None:
        return GRADE_RANK.get(self.grade)


class EvidenceKind(models.TextChoices):
    CASE_AUDIT = "case_audit", "Case audit result"
    OTHER = "other", "Other record"


class EvidenceLink(GovernanceRecord):
    """A pointer from a cycle (or one factor of it) to another record that evidences it.

    The extension point for case audit results: the case audits app adds a link per audit round
    or finding (``services.link_evidence``), naming the record by its access-log id
    (``audits.auditround:3``) and saying what it found, without this app importing it.
    """

    cycle = models.ForeignKey(AssessmentCycle, on_delete=models.PROTECT, related_name="evidence_links")
    factor = models.CharField(max_length=32, choices=FACTOR_CHOICES, blank=True)
    kind = models.CharField(max_length=24, choices=EvidenceKind.choices)
    reference = models.CharField(max_length=200, help_text="The record linked, as the access log names it.")
    summary = models.TextField(max_length=TEXT_MAX)

    class Meta:
        ordering = ["created_at", "id"]


class EvidenceDocument(GovernanceRecord):
    """An uploaded document kept as evidence. The file lives under ``SAFEGUARD_HOME/documents/``
    named by its SHA-256; the name it was uploaded with is kept here only, never used as a path."""

    cycle = models.ForeignKey(AssessmentCycle, on_delete=models.PROTECT, related_name="documents")
    factor = models.CharField(max_length=32, choices=FACTOR_CHOICES, blank=True)
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=8, help_text="What the bytes showed it to be: pdf, docx, xlsx, odt or txt.")
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RecordCannotBeDeleted("an evidence document, once kept, is never changed")
        super().save(*args, **kwargs)


class AssessmentComment(GovernanceRecord):
    """A leader's comment on a cycle or one of its factors: a record of its own, kept with its
    history (its author may reword it; every wording is kept), never deleted."""

    cycle = models.ForeignKey(AssessmentCycle, on_delete=models.PROTECT, related_name="comments")
    factor = models.CharField(max_length=32, choices=FACTOR_CHOICES, blank=True)
    text = models.TextField(max_length=TEXT_MAX)

    class Meta:
        ordering = ["created_at", "id"]

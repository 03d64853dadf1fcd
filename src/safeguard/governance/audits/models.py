"""A round of case audits, each audited case, and who audits it; their transition tables.

A round (``AuditProgramme``) records how its cases were drawn (the snapshot, the method, the
number and the seed), so anyone can draw it again and get the same children. Each case
(``AuditCase``) holds the child's id, which only its auditors and the people running audits ever
see, and the judgements on it: the auditor's grades and findings, then the moderator's.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from safeguard.governance.audits.judgements import (
    AGENCIES,
    DOMAIN_KEYS,
    GRADE_KEYS,
    GRADE_WORDS,
    GRADES,
    THEME_KEYS,
    VOICE_ANSWERS,
    domain_title,
)
from safeguard.governance.audits.sampling import METHOD_LABELS, Method
from safeguard.governance.workflow.models import GovernanceRecord, WorkflowRecord
from safeguard.governance.workflow.transitions import Workflow, transition
from safeguard.roles import Permission

TITLE_MAX = 200
TEXT_MAX = 4000
MOST_CASES = 100
"""The largest round: audits are read by people, one case at a time."""
LARGEST_SEED = 2**31 - 1


class AuditKind(models.TextChoices):
    SINGLE_AGENCY = "single_agency", "Single-agency"
    MULTI_AGENCY = "multi_agency", "Multi-agency"


PROGRAMME_WORKFLOW = Workflow(
    states={"auditing": "Auditing under way", "completed": "Completed"},
    initial="auditing",
    transitions=[
        transition(
            "complete", "Complete the round", sources={"auditing"}, target="completed",
            permission=Permission.RUN_CASE_AUDITS, needs_reason=True,
        ),
        transition(
            "reopen", "Reopen the round", sources={"completed"}, target="auditing",
            permission=Permission.RUN_CASE_AUDITS, needs_reason=True,
        ),
    ],
)


class AuditProgramme(WorkflowRecord):
    """One round of case audits and how its cases were drawn."""

    WORKFLOW = PROGRAMME_WORKFLOW

    title = models.CharField(max_length=TITLE_MAX)
    theme = models.CharField(max_length=TITLE_MAX, help_text="What the round looks at, in words.")
    kind = models.CharField(max_length=16, choices=AuditKind.choices)
    snapshot_id = models.CharField(max_length=32, help_text="The snapshot the cases were drawn from.")
    period_end = models.DateField(help_text="The last day the snapshot's data covers.")
    case_count = models.PositiveSmallIntegerField()
    method = models.CharField(max_length=16, choices=[(method.value, label) for method, label in METHOD_LABELS.items()])
    seed = models.PositiveIntegerField()
    eligible = models.PositiveIntegerField(help_text="How many children the snapshot let the round draw from.")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "case audit round"

    def __str__(self) -> str:
        return self.label

    @property
    def reference(self) -> str:
        return f"R{self.pk:02d}" if self.pk else "new round"

    @property
    def label(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def plan_reference(self) -> str:
        """How a plan action names the round it came from (``source_reference``)."""
        return f"Case audit {self.label}"[:200]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.case_count is not None and not 1 <= self.case_count <= MOST_CASES:
            errors["case_count"] = f"Choose between 1 and {MOST_CASES} cases"
        if self.seed is not None and self.seed > LARGEST_SEED:
            errors["seed"] = f"The seed must be a whole number from 0 to {LARGEST_SEED:,}"
        if self.method and self.method not in {method.value for method in Method}:
            errors["method"] = "Choose at random or weighted to risk"
        if errors:
            raise ValidationError(errors)


CASE_WORKFLOW = Workflow(
    states={
        "drawn": "Waiting for an auditor",
        "assigned": "Assigned",
        "in_progress": "Being audited",
        "submitted": "Submitted for moderation",
        "moderated": "Moderated",
        "withdrawn": "Withdrawn from the round",
    },
    initial="drawn",
    transitions=[
        transition("assign", "Assign the auditors", sources={"drawn", "assigned"}, target="assigned", permission=Permission.RUN_CASE_AUDITS),
        transition("start", "Start the audit", sources={"assigned"}, target="in_progress", permission=Permission.AUDIT_CASES),
        transition("submit", "Submit the audit for moderation", sources={"in_progress"}, target="submitted", permission=Permission.AUDIT_CASES),
        transition(
            "send_back", "Send the audit back to the auditor", sources={"submitted"}, target="in_progress",
            permission=Permission.RUN_CASE_AUDITS, needs_reason=True,
        ),
        transition("moderate", "Moderate the audit", sources={"submitted"}, target="moderated", permission=Permission.RUN_CASE_AUDITS),
        transition(
            "withdraw", "Withdraw the case from the round", sources={"drawn", "assigned", "in_progress"}, target="withdrawn",
            permission=Permission.RUN_CASE_AUDITS, needs_reason=True,
        ),
    ],
)
FORM_STEPS = frozenset({"assign", "moderate"})
"""Transitions taken through their own forms (choosing auditors, moderating), not a plain button."""
CLOSED_STATES = frozenset({"moderated", "withdrawn"})


class Moderation(models.TextChoices):
    AGREED = "agreed", "Agreed the auditor's grades"
    CHANGED = "changed", "Changed the grades"


def _grade_problems(field: str, grades: Any) -> dict[str, str]:
    if not isinstance(grades, dict):
        return {field: "The grades must be given domain by domain"}
    for domain, grade in grades.items():
        if domain not in DOMAIN_KEYS:
            return {field: f"There is no domain called {domain!r}"}
        if grade not in GRADE_KEYS:
            return {field: f"The grade for {domain_title(domain).lower()} must be {GRADE_WORDS}"}
    return {}


class AuditCase(WorkflowRecord):
    """One child's case in a round: who drew it and why, and the judgements on it."""

    WORKFLOW = CASE_WORKFLOW

    programme = models.ForeignKey(AuditProgramme, on_delete=models.PROTECT, related_name="cases")
    number = models.PositiveSmallIntegerField(help_text="The case's place in the draw, from 1.")
    child_id = models.CharField(max_length=64)
    team = models.CharField(max_length=200, blank=True, help_text="The team the child's open case was allocated to in the snapshot.")
    risks = models.JSONField(default=list, blank=True, help_text="The risks the snapshot showed when the case was drawn.")
    weight = models.FloatField(help_text="The child's weight in the draw.")
    grades = models.JSONField(default=dict, blank=True, help_text="The auditor's grade for each domain.")
    overall_grade = models.CharField(max_length=24, choices=GRADES, blank=True)
    child_voice_evident = models.CharField(max_length=3, choices=VOICE_ANSWERS, blank=True)
    findings = models.TextField(max_length=TEXT_MAX, blank=True)
    themes = models.JSONField(default=list, blank=True, help_text="Learning themes from the controlled list.")
    other_themes = models.CharField(max_length=TITLE_MAX, blank=True, help_text="Learning in the auditor's own words.")
    moderation = models.CharField(max_length=8, choices=Moderation.choices, blank=True)
    moderated_grades = models.JSONField(default=dict, blank=True)
    moderated_overall = models.CharField(max_length=24, choices=GRADES, blank=True)
    moderation_reason = models.TextField(max_length=TEXT_MAX, blank=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["programme_id", "number"]
        verbose_name = "audited case"
        constraints = [models.UniqueConstraint(fields=["programme", "number"], name="one_number_per_case_in_a_round")]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"{self.programme.reference}-{self.number:02d}"

    @property
    def final_grades(self) -> dict[str, str]:
        """The grades that count: the moderator's once moderated."""
        return dict(self.moderated_grades) if self.state == "moderated" else dict(self.grades)

    @property
    def final_overall(self) -> str:
        return self.moderated_overall if self.state == "moderated" else self.overall_grade

    def clean(self) -> None:
        errors = _grade_problems("grades", self.grades) | _grade_problems("moderated_grades", self.moderated_grades)
        if not isinstance(self.themes, list) or any(theme not in THEME_KEYS for theme in self.themes):
            errors["themes"] = "Choose learning themes from the list, or describe others in your own words"
        if self.moderation == Moderation.CHANGED and not self.moderation_reason.strip():
            errors["moderation_reason"] = "Say why you changed the grades"
        if errors:
            raise ValidationError(errors)


class CaseAuditor(GovernanceRecord):
    """One person auditing one case, for one agency. Ended (never deleted) when the auditors change."""

    case = models.ForeignKey(AuditCase, on_delete=models.PROTECT, related_name="assignments")
    auditor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_audits")
    agency = models.CharField(max_length=16, choices=AGENCIES)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["case_id", "id"]
        verbose_name = "case auditor"

    def __str__(self) -> str:
        return f"{self.case} audited by {self.auditor_id} ({self.agency})"

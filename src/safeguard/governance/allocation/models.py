"""Who manages which team, and each allocation decision with the suggestions it was made from."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safeguard.governance.workflow.models import GovernanceRecord

REFERENCE_MAX = 40
REASON_MAX = 2000


class CaseType(models.TextChoices):
    CHILD_IN_NEED = "children_in_need", "Child in need"
    CHILD_PROTECTION = "child_protection_plans", "Child protection"
    CHILD_IN_CARE = "children_in_care", "Child in care"


class ManagedTeam(GovernanceRecord):
    """A manager's team: the workers they may see by name and allocate cases to."""

    manager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="managed_teams")
    team = models.CharField(max_length=120, help_text="The team, written as in Annex A and the workforce file.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["manager", "team"], name="one_row_per_manager_and_team")]
        ordering = ["team"]

    def __str__(self) -> str:
        return f"{self.team} ({self.manager})"


class AllocationDecision(GovernanceRecord):
    """A manager's choice of worker for a new case, with what the tool suggested at the time."""

    case_reference = models.CharField(max_length=REFERENCE_MAX, help_text="The case system's reference (never a name).")
    case_type = models.CharField(max_length=32, choices=CaseType.choices)
    team = models.CharField(max_length=120)
    court = models.BooleanField(default=False)
    children = models.PositiveSmallIntegerField(default=1)
    weight = models.FloatField(help_text="The case's weight in the council's caseload model.")
    data_as_at = models.DateField(help_text="The day the caseloads the suggestions used describe.")
    suggestions = models.JSONField(default=list, blank=True, help_text="Each suggested worker, their caseload after the case, and why (none when no worker had room for the case).")
    chosen_worker = models.CharField(max_length=120)
    chosen_was_suggested = models.BooleanField()
    reason = models.TextField(max_length=REASON_MAX, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def reference(self) -> str:
        return f"AL-{self.pk:04d}"

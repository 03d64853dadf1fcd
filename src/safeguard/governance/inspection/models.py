"""The council's inspections, their recommendations (each may raise a plan action), and its
record of each readiness item."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from safeguard.governance.inspection.judgements import judgements, readiness
from safeguard.governance.plan.models import PlanAction
from safeguard.governance.workflow.models import GovernanceRecord

TEXT_MAX = 4000
GRADE_CHOICES = [(grade.id, grade.title) for grade in judgements().grades]


class Kind(models.TextChoices):
    STANDARD = "ilacs_standard", "Standard inspection (ILACS)"
    SHORT = "ilacs_short", "Short inspection (ILACS)"
    FOCUSED_VISIT = "focused_visit", "Focused visit"
    MONITORING_VISIT = "monitoring_visit", "Monitoring visit"
    JOINT_TARGETED = "joint_targeted", "Joint targeted area inspection"


GRADED_KINDS = frozenset({Kind.STANDARD.value, Kind.SHORT.value})
"""Only full inspections give grades; visits and joint inspections write findings only."""


def _grade_field() -> models.CharField:
    return models.CharField(max_length=24, choices=GRADE_CHOICES, blank=True)


class Inspection(GovernanceRecord):
    """One inspection or visit of the council's children's services, with its grades (one field
    per judgement area of ``judgements.toml``) and its recommendations."""

    kind = models.CharField(max_length=24, choices=Kind.choices)
    started_on = models.DateField()
    ended_on = models.DateField()
    published_on = models.DateField(null=True, blank=True)
    impact_of_leaders = _grade_field()
    help_and_protection = _grade_field()
    in_care = _grade_field()
    care_leavers = _grade_field()
    overall_effectiveness = _grade_field()
    report_link = models.URLField(blank=True, help_text="Where Ofsted publishes the report.")
    summary = models.TextField(max_length=TEXT_MAX, blank=True, help_text="What the inspectors found, in brief.")

    class Meta:
        ordering = ["-ended_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.ended_on:%B %Y}"

    @property
    def grades(self) -> dict[str, str]:
        return {area.id: getattr(self, area.id) for area in judgements().areas}

    def clean(self) -> None:
        errors: dict[str, str] = {}
        today = timezone.localdate()
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = "The inspection cannot end before it started"
        if self.ended_on and self.ended_on > today:
            errors["ended_on"] = "Record an inspection once it has ended: the last day cannot be in the future"
        if self.published_on and self.ended_on and self.published_on < self.ended_on:
            errors["published_on"] = "The report cannot be published before the inspection ended"
        if self.published_on and self.published_on > today:
            errors["published_on"] = "The day the report was published cannot be in the future"
        graded = {area: grade for area, grade in self.grades.items() if grade}
        if graded and self.kind not in GRADED_KINDS:
            errors["overall_effectiveness"] = f"A {self.get_kind_display().lower()} gives no grades: leave them blank"
        elif self.kind in GRADED_KINDS and len(graded) != len(self.grades):
            missing = [area.title.lower() for area in judgements().areas if not graded.get(area.id)]
            errors[next(area for area in self.grades if not graded.get(area))] = f"Give every judgement's grade; missing: {'; '.join(missing)}"
        else:
            broken = judgements().broken(graded)
            if broken:
                errors["overall_effectiveness"] = "The overall grade breaks the rule: " + " ".join(rule.text for rule in broken)
        if errors:
            raise ValidationError(errors)


class Recommendation(GovernanceRecord):
    """One recommendation of an inspection, and the plan action that answers it."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    text = models.TextField(max_length=TEXT_MAX)
    action = models.OneToOneField(PlanAction, on_delete=models.PROTECT, null=True, blank=True, related_name="inspection_recommendation")

    class Meta:
        ordering = ["inspection", "number"]
        constraints = [models.UniqueConstraint(fields=["inspection", "number"], name="each_recommendation_number_once")]

    def __str__(self) -> str:
        return f"Recommendation {self.number} of the {self.inspection}"


class ReadinessStatus(models.TextChoices):
    READY = "ready", "Ready"
    IN_HAND = "in_hand", "In hand"
    NOT_STARTED = "not_started", "Not started"


class ReadinessCheck(GovernanceRecord):
    """Where the council stands on one item of the readiness checklist."""

    item_id = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=16, choices=ReadinessStatus.choices)
    evidence = models.TextField(max_length=TEXT_MAX, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    review_by = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["item_id"]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.item_id not in readiness().ids():
            errors["item_id"] = f"There is no item {self.item_id!r} in the readiness checklist"
        if self.status != ReadinessStatus.NOT_STARTED and not self.evidence.strip():
            errors["evidence"] = "Say what shows it (the evidence) for anything ready or in hand"
        if errors:
            raise ValidationError(errors)

"""A professional disagreement, the stages it reached, the discussions recorded about it, and
the agency each person works for."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from safeguard.governance.workflow.models import GovernanceRecord, RecordCannotBeDeleted, WorkflowRecord
from safeguard.governance.workflow.transitions import Workflow, transition
from safeguard.roles import Permission
from safeguard.timescales import timescale

TEXT_MAX = 4000
ABOUT_MAX = 2000
CHILD_REFERENCE_MAX = 40
STAGE_TIMESCALE = "disagreement_stage"


class Agency(models.TextChoices):
    """The agencies of the local safeguarding arrangements (seed 003 §18.3: the statutory
    partners, schools), and the partnership itself (its chair and business unit)."""

    SOCIAL_CARE = "social_care", "Children's social care"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Schools and education"
    PROBATION = "probation", "Probation"
    PARTNERSHIP = "partnership", "The safeguarding partnership"
    OTHER = "other", "Another agency"


class Stage(models.IntegerChoices):
    """The escalation ladder (seed 003 §18.5.4-18.5.13)."""

    PRACTITIONERS = 1, "Practitioners"
    MANAGERS = 2, "First-line managers"
    HEADS_OF_SERVICE = 3, "Heads of service or designated leads"
    PARTNERSHIP = 4, "The safeguarding partnership"


class Theme(models.TextChoices):
    """What disagreements are about (seed 003 §18.5.3 and §18.5.10), for the partnership's learning."""

    THRESHOLD = "threshold", "The threshold for a referral or a service"
    ASSESSMENT = "assessment", "An assessment or its outcome"
    ENQUIRY = "enquiry", "A strategy discussion or section 47 enquiry"
    PLAN = "plan", "Carrying out a child protection plan"
    INFORMATION = "information", "Sharing information"
    CLOSURE = "closure", "Closing a case or stepping it down"
    OTHER = "other", "Something else"


WORKFLOW = Workflow(
    states={"open": "Being resolved", "resolved": "Resolved"},
    initial="open",
    transitions=[
        transition("escalate", "Escalate to the next stage", sources={"open"}, target="open",
                   permission=Permission.WORK_ON_DISAGREEMENTS, needs_reason=True,
                   reason_label="Why it is unresolved, and what the next stage is asked to decide"),
        transition("resolve", "Record the resolution", sources={"open"}, target="resolved",
                   permission=Permission.WORK_ON_DISAGREEMENTS, needs_reason=True,
                   reason_label="The outcome: what was agreed, and what happens now for the child"),
    ],
)


def standard_stage_days() -> int:
    """A working week unless the council sets its own (``timescales.toml``)."""
    return timescale(STAGE_TIMESCALE).amount


class AgencyMembership(GovernanceRecord):
    """The agency a person works for, as the Director recorded it: partners see their own
    agency's disagreements, and raise disagreements for it."""

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="agency_membership")
    agency = models.CharField(max_length=16, choices=Agency.choices)

    def __str__(self) -> str:
        return f"{self.person_id}: {self.agency}"


class Disagreement(WorkflowRecord):
    WORKFLOW = WORKFLOW

    raised_by_agency = models.CharField(max_length=16, choices=Agency.choices)
    with_agency = models.CharField(max_length=16, choices=Agency.choices, help_text="The agency whose decision or action is disputed.")
    people_involved = models.TextField(max_length=1000, help_text="Who disagrees with whom, by role.")
    child_reference = models.CharField(
        max_length=CHILD_REFERENCE_MAX,
        help_text="The child's reference in the case management system: shown only to those who may see it.",
    )
    about = models.TextField(max_length=ABOUT_MAX, help_text="What the disagreement is about, without identifying the child.")
    theme = models.CharField(max_length=16, choices=Theme.choices)
    raised_on = models.DateField()
    stage = models.PositiveSmallIntegerField(choices=Stage.choices, default=Stage.PRACTITIONERS)
    stage_days = models.PositiveSmallIntegerField(help_text="Working days each stage has: a working week, or fewer for the child's safety.")
    shortened_because = models.TextField(max_length=1000, blank=True, help_text="Why the child's safety needs a shorter timescale.")
    outcome = models.TextField(max_length=TEXT_MAX, blank=True)
    resolved_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_on", "-id"]
        verbose_name = "professional disagreement"

    def __str__(self) -> str:
        return f"{self.reference}: {self.get_theme_display()}"

    @property
    def reference(self) -> str:
        return f"D{self.pk:03d}" if self.pk else "new disagreement"

    @property
    def stage_label(self) -> str:
        return Stage(self.stage).label

    def clean(self) -> None:
        errors: dict[str, str] = {}
        today = timezone.localdate()
        standard = standard_stage_days()
        if self.raised_on and self.raised_on > today:
            errors["raised_on"] = "The day it was raised cannot be in the future"
        if self.stage_days is not None and not 1 <= self.stage_days <= standard:
            errors["stage_days"] = f"Each stage has at most {standard} working days (a working week), and at least 1"
        elif self.stage_days is not None and self.stage_days < standard and not self.shortened_because.strip():
            errors["shortened_because"] = "Say why the child's safety needs a shorter timescale"
        if self.state == "resolved":
            if not self.outcome.strip():
                errors["outcome"] = "Record the outcome"
            if self.resolved_on is None:
                errors["resolved_on"] = "Enter the day it was resolved"
        if self.resolved_on and self.raised_on and self.resolved_on < self.raised_on:
            errors["resolved_on"] = "It cannot be resolved before it was raised"
        if errors:
            raise ValidationError(errors)


class StageReached(GovernanceRecord):
    """One stage of one disagreement: when it started, its deadline (fixed when it started, so a
    later change of the council's timescale never rewrites it) and how it ended."""

    class Ending(models.TextChoices):
        ESCALATED = "escalated", "Escalated"
        RESOLVED = "resolved", "Resolved"

    disagreement = models.ForeignKey(Disagreement, on_delete=models.PROTECT, related_name="stages")
    stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    started_on = models.DateField()
    due = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    ending = models.CharField(max_length=16, choices=Ending.choices, blank=True)

    class Meta:
        ordering = ["disagreement", "stage"]
        constraints = [models.UniqueConstraint(fields=["disagreement", "stage"], name="each_stage_reached_once")]

    @property
    def in_time(self) -> bool | None:
        return None if self.ended_on is None else self.ended_on <= self.due


class Discussion(GovernanceRecord):
    """A dated record of one discussion (seed 003 §18.5.9: recorded at the time, dated, and kept).
    Written once, never changed."""

    disagreement = models.ForeignKey(Disagreement, on_delete=models.PROTECT, related_name="discussions")
    held_on = models.DateField()
    stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    who = models.CharField(max_length=500, help_text="Who took part, by role and agency.")
    record = models.TextField(max_length=TEXT_MAX, help_text="What was discussed and agreed.")

    class Meta:
        ordering = ["held_on", "id"]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.held_on and self.held_on > timezone.localdate():
            errors["held_on"] = "A discussion cannot be recorded before it is held: the date is in the future"
        raised_on = self.disagreement.raised_on if self.disagreement_id else None
        if self.held_on and raised_on and self.held_on < raised_on:
            errors["held_on"] = "The discussion cannot be before the disagreement was raised"
        if errors:
            raise ValidationError(errors)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RecordCannotBeDeleted("a discussion, once recorded, is never changed")
        super().save(*args, **kwargs)

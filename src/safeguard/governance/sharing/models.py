"""Sharing agreements with partner agencies, and emergency looks at a child's records.

A partner agency (the police, health, schools) sees children's records only through an agreement
the Director approved: which agency, for what purpose, which of the Annex A lists, from when to
when (DfE's information-sharing advice: share what is necessary and proportionate, for a purpose,
and record it; seed 003 §18.3.48). Outside its dates, or beyond its lists, nothing is shown.

An emergency look ("break glass") lets a named role open one child's records at once, when a child
may be at risk and nobody with access can be reached: it needs a reason, ends after a few hours,
is put in front of the Director's team straight away and is reviewed afterwards, the review kept.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from safeguard.governance.disagreements.models import Agency
from safeguard.governance.workflow.models import WorkflowRecord
from safeguard.governance.workflow.transitions import Workflow, transition
from safeguard.roles import Permission

PURPOSE_MAX = 2000
REASON_MIN = 20
"""An emergency reason says what is happening, not just "urgent"."""
CHILD_ID_MAX = 40
EMERGENCY_HOURS = 4
"""How long an emergency look stays open: long enough to act, short enough to need a new reason."""
REVIEW_DUE_DAYS = 2
"""An emergency look not reviewed within this many days shows as overdue to the Director's team."""

AGREEMENT_WORKFLOW = Workflow(
    states={
        "proposed": "Proposed: not yet approved, nothing shared",
        "approved": "Approved: shared within its dates",
        "ended": "Ended: nothing shared any more",
        "withdrawn": "Withdrawn before approval",
    },
    initial="proposed",
    transitions=[
        transition("approve", "Approve the agreement", sources={"proposed"}, target="approved",
                   permission=Permission.MANAGE_SHARING, needs_reason=True,
                   reason_label="Why sharing these lists is necessary and proportionate for the purpose"),
        transition("end", "End the agreement now", sources={"approved"}, target="ended",
                   permission=Permission.MANAGE_SHARING, needs_reason=True, reason_label="Why it ends early"),
        transition("withdraw", "Withdraw the proposal", sources={"proposed"}, target="withdrawn",
                   permission=Permission.MANAGE_SHARING, needs_reason=True),
    ],
)


class SharingAgreement(WorkflowRecord):
    WORKFLOW = AGREEMENT_WORKFLOW

    partner = models.CharField(max_length=16, choices=Agency.choices, help_text="The agency the lists are shared with.")
    purpose = models.TextField(max_length=PURPOSE_MAX, help_text="What the partner needs the records for.")
    lists = models.JSONField(default=list, help_text="The keys of the Annex A lists it grants.")
    starts_on = models.DateField()
    ends_on = models.DateField()
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return f"{self.reference}: {self.get_partner_display()}"

    @property
    def reference(self) -> str:
        return f"S{self.pk:03d}" if self.pk else "new agreement"

    def in_force_on(self, day: date) -> bool:
        """Approved, and the day within its dates (both included)."""
        return self.state == "approved" and self.starts_on <= day <= self.ends_on

    def grants(self, list_key: str) -> bool:
        return list_key in self.lists

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not self.lists:
            errors["lists"] = "Choose at least one list to share"
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "The end date must be on or after the start date"
        if errors:
            raise ValidationError(errors)


class Outcome(models.TextChoices):
    JUSTIFIED = "justified", "Justified: an emergency, and only what was needed was seen"
    NOT_JUSTIFIED = "not_justified", "Not justified: to be taken up with the person"


EMERGENCY_WORKFLOW = Workflow(
    states={"open": "Waiting for review", "reviewed": "Reviewed"},
    initial="open",
    transitions=[
        transition("review", "Record the review", sources={"open"}, target="reviewed",
                   permission=Permission.REVIEW_EMERGENCY_ACCESS, needs_reason=True,
                   reason_label="What the review found, and anything to follow up"),
    ],
)


class EmergencyAccess(WorkflowRecord):
    WORKFLOW = EMERGENCY_WORKFLOW

    child_id = models.CharField(max_length=CHILD_ID_MAX)
    reason = models.TextField(max_length=PURPOSE_MAX, help_text="Why the child's records are needed now.")
    role = models.CharField(max_length=32, help_text="The role the person opened it in.")
    expires_at = models.DateTimeField()
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "emergency look at a child's records"

    def __str__(self) -> str:
        return f"{self.reference}: child {self.child_id}"

    @property
    def reference(self) -> str:
        return f"E{self.pk:03d}" if self.pk else "new emergency look"

    def open_at(self, moment: datetime) -> bool:
        return moment < self.expires_at

    def review_overdue(self, moment: datetime) -> bool:
        return self.state == "open" and moment - self.created_at > timedelta(days=REVIEW_DUE_DAYS)

    def clean(self) -> None:
        if len((self.reason or "").strip()) < REASON_MIN:
            raise ValidationError({"reason": f"Say why the child's records are needed now, in at least {REASON_MIN} characters"})
        if self.state == "reviewed" and not self.outcome:
            raise ValidationError({"outcome": "Say whether the look was justified"})

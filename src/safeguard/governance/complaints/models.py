"""A complaint and its stages, the plan actions its lessons raised, and compliments."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from safeguard.governance.plan.models import PlanAction
from safeguard.governance.workflow.models import GovernanceRecord, WorkflowRecord
from safeguard.governance.workflow.transitions import Workflow, transition
from safeguard.roles import Permission
from safeguard.timescales import timescale

SUMMARY_MAX = 2000
TEXT_MAX = 4000
LAST_STAGE = 3


class Person(models.TextChoices):
    """Who made the complaint or paid the compliment (never their name)."""

    CHILD = "child", "A child or young person"
    PARENT = "parent", "A parent or carer"
    RELATIVE = "relative", "Another relative"
    ADVOCATE = "advocate", "An advocate or representative"
    PROFESSIONAL = "professional", "A professional"
    OTHER = "other", "Someone else"


class ServiceArea(models.TextChoices):
    FRONT_DOOR = "front_door", "The front door and assessment"
    CHILD_PROTECTION = "child_protection", "Child protection"
    CHILDREN_IN_CARE = "children_in_care", "Children in care"
    CARE_LEAVERS = "care_leavers", "Care leavers"
    DISABLED_CHILDREN = "disabled_children", "Disabled children"
    EARLY_HELP = "early_help", "Early help"
    OTHER = "other", "Another service"


class Theme(models.TextChoices):
    COMMUNICATION = "communication", "Communication and keeping people informed"
    DELAY = "delay", "Delay"
    DECISION = "decision", "A decision the person disagrees with"
    CONDUCT = "conduct", "Staff conduct or attitude"
    QUALITY = "quality", "The quality of the service"
    RECORDS = "records", "Records and information"
    OTHER = "other", "Something else"


class Finding(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"


STAGE_NAMES = {1: "Stage 1: local resolution", 2: "Stage 2: investigation", 3: "Stage 3: review panel"}


def stage_timescale_id(stage: int) -> str:
    return f"complaint_stage_{stage}"


def stage_due(stage: int, started_on: date) -> date:
    """The last day for the stage's response, from the timescales file and the one calendar."""
    return timescale(stage_timescale_id(stage)).due(started_on)


WORKFLOW = Workflow(
    states={
        "awaiting_response": "Waiting for the stage's response",
        "responded": "Responded: the complainant may take it further",
        "closed": "Closed",
        "withdrawn": "Withdrawn",
    },
    initial="awaiting_response",
    transitions=[
        transition("respond", "Record the response", sources={"awaiting_response"}, target="responded",
                   permission=Permission.HANDLE_COMPLAINTS, needs_reason=True, reason_label="What the response said, in brief"),
        transition("escalate", "Move to the next stage", sources={"responded"}, target="awaiting_response",
                   permission=Permission.HANDLE_COMPLAINTS, needs_reason=True,
                   reason_label="What the complainant asked for at the next stage"),
        transition("close", "Close the complaint", sources={"responded"}, target="closed",
                   permission=Permission.HANDLE_COMPLAINTS, needs_reason=True,
                   reason_label="The lessons learnt (or why there are none)"),
        transition("withdraw", "Record that it was withdrawn", sources={"awaiting_response"}, target="withdrawn",
                   permission=Permission.HANDLE_COMPLAINTS, needs_reason=True),
    ],
)
DATED_STEPS: dict[str, str] = {
    "respond": "The date the response was sent",
    "escalate": "The date the complainant asked for the next stage",
}


class Complaint(WorkflowRecord):
    WORKFLOW = WORKFLOW

    received_on = models.DateField()
    complainant = models.CharField(max_length=16, choices=Person.choices)
    service_area = models.CharField(max_length=24, choices=ServiceArea.choices)
    theme = models.CharField(max_length=16, choices=Theme.choices)
    summary = models.TextField(max_length=SUMMARY_MAX, help_text="What the complaint is about, without naming anyone.")
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="complaints_handled")
    stage = models.PositiveSmallIntegerField(default=1)
    finding = models.CharField(max_length=16, choices=Finding.choices, blank=True, help_text="The latest stage's finding.")
    lessons = models.TextField(max_length=TEXT_MAX, blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.reference}: {self.get_theme_display()}"

    @property
    def reference(self) -> str:
        return f"K{self.pk:03d}" if self.pk else "new complaint"

    @property
    def stage_name(self) -> str:
        return STAGE_NAMES.get(self.stage, f"Stage {self.stage}")

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.received_on and self.received_on > timezone.localdate():
            errors["received_on"] = "The day it was received cannot be in the future"
        if not 1 <= (self.stage or 0) <= LAST_STAGE:
            errors["stage"] = f"A complaint has stages 1 to {LAST_STAGE}"
        if self.state in {"responded", "closed"} and not self.finding:
            errors["finding"] = "Say whether the complaint was upheld, partly upheld or not upheld"
        if errors:
            raise ValidationError(errors)


class ComplaintStage(GovernanceRecord):
    """One stage of one complaint: when it started, its due date (fixed when it started) and the
    response, with its finding."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="stages")
    stage = models.PositiveSmallIntegerField()
    started_on = models.DateField()
    due = models.DateField()
    responded_on = models.DateField(null=True, blank=True)
    finding = models.CharField(max_length=16, choices=Finding.choices, blank=True)
    response = models.TextField(max_length=TEXT_MAX, blank=True)

    class Meta:
        ordering = ["complaint", "stage"]
        constraints = [models.UniqueConstraint(fields=["complaint", "stage"], name="each_complaint_stage_once")]

    @property
    def name(self) -> str:
        return STAGE_NAMES.get(self.stage, f"Stage {self.stage}")

    @property
    def in_time(self) -> bool | None:
        return None if self.responded_on is None else self.responded_on <= self.due

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.responded_on is not None:
            if self.responded_on < self.started_on:
                errors["responded_on"] = "The response cannot be sent before the stage started"
            elif self.responded_on > timezone.localdate():
                errors["responded_on"] = "The date the response was sent cannot be in the future"
            if not self.finding:
                errors["finding"] = "Say whether the complaint was upheld, partly upheld or not upheld"
        if errors:
            raise ValidationError(errors)


class ComplaintAction(GovernanceRecord):
    """An improvement plan action a complaint's lessons raised."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="actions")
    action = models.OneToOneField(PlanAction, on_delete=models.PROTECT, related_name="complaint_link")

    class Meta:
        ordering = ["complaint", "id"]


class Compliment(GovernanceRecord):
    """Thanks received about the service, recorded so the good is seen as well as the bad."""

    received_on = models.DateField()
    from_whom = models.CharField(max_length=16, choices=Person.choices)
    service_area = models.CharField(max_length=24, choices=ServiceArea.choices)
    summary = models.TextField(max_length=SUMMARY_MAX, help_text="What the compliment said, without naming anyone.")

    class Meta:
        ordering = ["-received_on", "-id"]

    @property
    def reference(self) -> str:
        return f"P{self.pk:03d}" if self.pk else "new compliment"

    def clean(self) -> None:
        if self.received_on and self.received_on > timezone.localdate():
            raise ValidationError({"received_on": "The day it was received cannot be in the future"})

"""A significant case briefing, the notice each person told of it holds, and its transitions."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from safeguard.governance.workflow.models import GovernanceRecord, WorkflowRecord
from safeguard.governance.workflow.transitions import Workflow, transition
from safeguard.roles import ROLES, Permission, Role
from safeguard.timescales import timescale

HEADLINE_MAX = 200
TEXT_MAX = 4000
CHILD_REFERENCE_MAX = 40
ACKNOWLEDGEMENT = "briefing_acknowledgement"


class Category(models.TextChoices):
    """Why the case is briefed (seed 004, "significant cases and complaints")."""

    REVIEW_CRITERIA = "review_criteria", "May meet the criteria for a practice review"
    MEDIA = "media", "Media or political attention, now or likely"
    SERVICE_CONCERN = "service_concern", "Points to a concern about the service"
    GOOD_PRACTICE = "good_practice", "Good practice worth recognising"


WORKFLOW = Workflow(
    states={
        "with_director": "With the Director for assessment",
        "with_leaders": "Sent to the Chief Executive and Lead Member",
        "closed": "Closed",
    },
    initial="with_director",
    transitions=[
        transition("send", "Send it to the Chief Executive and Lead Member", sources={"with_director"}, target="with_leaders",
                   permission=Permission.ASSESS_CASE_BRIEFINGS, needs_reason=True,
                   reason_label="Your assessment of the case, for the Chief Executive and Lead Member"),
        transition("update", "Send them an update", sources={"with_leaders"}, target="with_leaders",
                   permission=Permission.ASSESS_CASE_BRIEFINGS, needs_reason=True,
                   reason_label="What has changed, and your assessment now"),
        transition("close", "Close the briefing", sources={"with_director", "with_leaders"}, target="closed",
                   permission=Permission.ASSESS_CASE_BRIEFINGS, needs_reason=True,
                   reason_label="Why no further briefing is needed"),
        transition("reopen", "Reopen the briefing", sources={"closed"}, target="with_director",
                   permission=Permission.ASSESS_CASE_BRIEFINGS, needs_reason=True),
    ],
)

TOLD_ON_RECORDING: tuple[Role, ...] = (Role.DCS,)
"""Who is told as soon as a briefing is recorded: the Director."""
TOLD_ON_SENDING: tuple[Role, ...] = (Role.CHIEF_EXECUTIVE, Role.LEAD_MEMBER)
"""Who the Director's assessment goes to (seed 004: the chief executive and key members)."""
SENDING_STEPS = frozenset({"send", "update"})


class CaseBriefing(WorkflowRecord):
    WORKFLOW = WORKFLOW

    category = models.CharField(max_length=24, choices=Category.choices)
    headline = models.CharField(max_length=HEADLINE_MAX, help_text="The case in a line, in words that do not identify the child.")
    summary = models.TextField(max_length=TEXT_MAX, help_text="What happened and why it matters, without identifying the child.")
    child_reference = models.CharField(
        max_length=CHILD_REFERENCE_MAX, blank=True,
        help_text="The child's reference in the case management system: shown only to roles that see children's records.",
    )
    aware_on = models.DateField(help_text="The day the service became aware of the case.")
    actions = models.TextField(max_length=TEXT_MAX, blank=True, help_text="What is being done, and by whom.")
    dcs_assessment = models.TextField(max_length=TEXT_MAX, blank=True, help_text="The Director's assessment, sent with the briefing.")

    class Meta:
        ordering = ["-aware_on", "-id"]
        verbose_name = "significant case briefing"

    def __str__(self) -> str:
        return f"{self.reference}: {self.headline}"

    @property
    def reference(self) -> str:
        return f"B{self.pk:03d}" if self.pk else "new briefing"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.aware_on and self.aware_on > timezone.localdate():
            errors["aware_on"] = "The day the service became aware cannot be in the future"
        if self.state == "with_leaders" and not self.dcs_assessment.strip():
            errors["dcs_assessment"] = "Give the Director's assessment before the briefing goes to the Chief Executive and Lead Member"
        if errors:
            raise ValidationError(errors)


class BriefingNotice(GovernanceRecord):
    """One person told of one version of a briefing, and their acknowledgement."""

    briefing = models.ForeignKey(CaseBriefing, on_delete=models.PROTECT, related_name="notices")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="briefing_notices")
    role = models.CharField(max_length=32, help_text="The role in which the person was told.")
    told_at = models.DateTimeField()
    told_version = models.PositiveIntegerField(help_text="The version of the briefing the person was told about.")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(max_length=TEXT_MAX, blank=True, help_text="What the person said or did on acknowledging.")

    class Meta:
        ordering = ["told_at", "id"]

    def __str__(self) -> str:
        return f"{self.briefing.reference} told to {self.person_id} at {self.told_at:%Y-%m-%d %H:%M}"

    @property
    def role_title(self) -> str:
        return ROLES[Role(self.role)].title

    @property
    def due(self) -> date:
        """The last day on which acknowledging is in time."""
        return timescale(ACKNOWLEDGEMENT).due(timezone.localtime(self.told_at).date())

    def is_overdue(self, today: date) -> bool:
        return self.acknowledged_at is None and self.due < today

    def clean(self) -> None:
        if self.acknowledged_at and self.told_at and self.acknowledged_at < self.told_at:
            raise ValidationError({"acknowledged_at": "A briefing cannot be acknowledged before the person was told of it"})

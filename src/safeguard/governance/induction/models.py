"""A Lead Member's induction plan and its items, and each briefing delivered to leaders."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from safeguard.governance.induction.briefing_cycle import Briefing, briefing_cycle
from safeguard.governance.induction.induction_plan import InductionItem as PlanContentsItem
from safeguard.governance.induction.induction_plan import induction_plan
from safeguard.governance.workflow.models import GovernanceRecord, WorkflowRecord
from safeguard.governance.workflow.transitions import Workflow, transition
from safeguard.roles import Permission, Role

TEXT_MAX = 2000

WORKFLOW = Workflow(
    states={"in_progress": "Under way", "completed": "Completed"},
    initial="in_progress",
    transitions=[
        transition("complete", "Mark the induction completed", sources={"in_progress"}, target="completed",
                   permission=Permission.KEEP_INDUCTION),
        transition("reopen", "Reopen the induction", sources={"completed"}, target="in_progress",
                   permission=Permission.KEEP_INDUCTION, needs_reason=True),
    ],
)


class InductionPlan(WorkflowRecord):
    """One new Lead Member's induction, dated from the day they took office."""

    WORKFLOW = WORKFLOW

    lead_member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="induction_plans")
    took_office_on = models.DateField()
    contents_version = models.PositiveIntegerField(help_text="The version of the induction file it was made from.")
    redated_because = models.TextField(max_length=TEXT_MAX, blank=True, help_text="Why the day they took office was last changed.")

    class Meta:
        ordering = ["-took_office_on", "-id"]
        verbose_name = "induction plan"

    def __str__(self) -> str:
        return f"Induction of {self.lead_member.display_name}"

    def clean(self) -> None:
        if self.took_office_on and self.took_office_on > timezone.localdate() + timedelta(days=366):
            raise ValidationError({"took_office_on": "The day they take office must be within the next year"})


class InductionStep(GovernanceRecord):
    """One item of one plan: when it is due, and when and by whom it was done."""

    plan = models.ForeignKey(InductionPlan, on_delete=models.PROTECT, related_name="steps")
    item_id = models.CharField(max_length=64)
    due = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    note = models.TextField(max_length=TEXT_MAX, blank=True, help_text="Who was met, what was agreed, what follows.")

    class Meta:
        ordering = ["plan", "due", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "item_id"], name="each_induction_item_once_per_plan")]

    @property
    def contents(self) -> PlanContentsItem:
        return induction_plan().get(self.item_id)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.item_id not in induction_plan().ids():
            errors["item_id"] = f"There is no item {self.item_id!r} in the induction plan"
        if self.done_on is not None:
            if self.done_on > timezone.localdate():
                errors["done_on"] = "The day it was done cannot be in the future"
            elif self.plan_id and self.done_on < self.plan.took_office_on - timedelta(days=31):
                errors["done_on"] = "The day it was done cannot be more than a month before they took office"
        if errors:
            raise ValidationError(errors)


LEADER_ROLES = (Role.LEAD_MEMBER, Role.CHIEF_EXECUTIVE, Role.LEADER, Role.SCRUTINY_MEMBER)
RECIPIENT_CHOICES = [(role.value, {"lead_member": "Lead Member", "chief_executive": "Chief Executive", "leader": "Leader or Mayor",
                                   "scrutiny_member": "Scrutiny committee"}[role.value]) for role in LEADER_ROLES]


class BriefingDelivery(GovernanceRecord):
    """One briefing of the cycle, for one period, as delivered: when, by whom, to whom."""

    briefing_id = models.CharField(max_length=64)
    period_start = models.DateField(help_text="The first day of the month, quarter or year it covers.")
    delivered_on = models.DateField()
    delivered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_to = models.JSONField(default=list, help_text="The leaders it went to (role values).")
    note = models.TextField(max_length=TEXT_MAX, blank=True, help_text="What it said in brief, or where it is kept.")

    class Meta:
        ordering = ["-period_start", "briefing_id"]
        verbose_name = "briefing delivery"
        constraints = [models.UniqueConstraint(fields=["briefing_id", "period_start"], name="one_delivery_per_briefing_period")]

    @property
    def briefing(self) -> Briefing:
        return briefing_cycle().get(self.briefing_id)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.briefing_id not in briefing_cycle().ids():
            errors["briefing_id"] = f"There is no briefing {self.briefing_id!r} in the briefing cycle"
        elif self.period_start:
            try:
                period = self.briefing.period_starting(self.period_start)
            except ValueError as problem:
                errors["period_start"] = str(problem)
            else:
                if self.delivered_on and self.delivered_on < period.start:
                    errors["delivered_on"] = "A briefing cannot be delivered before the period it covers begins"
        if self.delivered_on and self.delivered_on > timezone.localdate():
            errors["delivered_on"] = "The day it was delivered cannot be in the future"
        known = {value for value, _ in RECIPIENT_CHOICES}
        if not isinstance(self.sent_to, list) or not self.sent_to or set(self.sent_to) - known:
            errors["sent_to"] = "Choose the leaders it went to"
        if errors:
            raise ValidationError(errors)

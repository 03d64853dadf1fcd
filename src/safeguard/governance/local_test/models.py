"""A Local Test of Assurance, and its assessment of each consideration (LMCS guide §2.6, Appendix B)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from safeguard.governance.local_test.considerations import Consideration, considerations
from safeguard.governance.workflow.models import GovernanceRecord, WorkflowRecord
from safeguard.governance.workflow.transitions import Workflow, transition
from safeguard.roles import Permission

TEXT_MAX = 4000
NAME_MAX = 150


class Status(models.TextChoices):
    MET = "met", "Met"
    PARTLY_MET = "partly_met", "Partly met"
    NOT_MET = "not_met", "Not met"
    NOT_ASSESSED = "not_assessed", "Not yet assessed"


WORKFLOW = Workflow(
    states={"in_progress": "Being assessed", "completed": "Completed"},
    initial="in_progress",
    transitions=[
        transition(
            "complete", "Complete the test", sources={"in_progress"}, target="completed", permission=Permission.MANAGE_LOCAL_TEST,
        ),
        transition(
            "reopen", "Reopen the test", sources={"completed"}, target="in_progress", permission=Permission.MANAGE_LOCAL_TEST,
            needs_reason=True,
        ),
    ],
)


class LocalTest(WorkflowRecord):
    """One Local Test of Assurance: who holds which other portfolios, and who assessed it when."""

    WORKFLOW = WORKFLOW

    title = models.CharField(max_length=120)
    dcs_name = models.CharField(max_length=NAME_MAX, blank=True, help_text="The Director of Children's Services.")
    dcs_other_portfolios = models.TextField(
        max_length=TEXT_MAX, blank=True, help_text="What else the Director is responsible for (adults' services, say)."
    )
    lead_member_name = models.CharField(max_length=NAME_MAX, blank=True, help_text="The Lead Member for Children's Services.")
    lead_member_other_portfolios = models.TextField(max_length=TEXT_MAX, blank=True, help_text="What else the Lead Member holds.")
    considerations_version = models.PositiveIntegerField(help_text="The version of the considerations file it was made from.")
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    assessed_on = models.DateField(null=True, blank=True)
    next_review = models.DateField(null=True, blank=True, help_text="When the test as a whole is next reviewed.")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "Local Test of Assurance"

    def __str__(self) -> str:
        return self.title

    @property
    def portfolios_named(self) -> bool:
        return bool(self.dcs_other_portfolios.strip() or self.lead_member_other_portfolios.strip())


class LocalTestItem(GovernanceRecord):
    """One consideration of one test: its status, the evidence for it, and when to look again."""

    test = models.ForeignKey(LocalTest, on_delete=models.PROTECT, related_name="items")
    consideration_id = models.CharField(max_length=64)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NOT_ASSESSED)
    evidence = models.TextField(max_length=TEXT_MAX, blank=True)
    review_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["test", "id"]
        constraints = [models.UniqueConstraint(fields=["test", "consideration_id"], name="one_item_per_consideration_per_test")]

    def __str__(self) -> str:
        return f"{self.test}: {self.consideration_id}"

    @property
    def consideration(self) -> Consideration:
        return considerations().get(self.consideration_id)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.consideration_id not in considerations().ids():
            errors["consideration_id"] = f"There is no consideration {self.consideration_id!r} in the Local Test of Assurance"
        if self.status != Status.NOT_ASSESSED and not self.evidence.strip():
            errors["evidence"] = "Give the evidence for this status"
        if errors:
            raise ValidationError(errors)

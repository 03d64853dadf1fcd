"""A child death review, its way from notification to the panel's review and closure, and the
plan actions its learning raised."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from safeguard.governance.plan.models import PlanAction
from safeguard.governance.workflow.models import GovernanceRecord, WorkflowRecord
from safeguard.governance.workflow.transitions import Workflow, transition
from safeguard.roles import Permission

SUMMARY_MAX = 2000
TEXT_MAX = 4000
CHILD_REFERENCE_MAX = 40


class Category(models.TextChoices):
    """The category the panel gives the death: the categories child death overview panels in
    England use, in our own words."""

    HARM = "harm", "Deliberately inflicted injury, abuse or neglect"
    SUICIDE = "suicide", "Suicide or deliberate self-inflicted harm"
    TRAUMA = "trauma", "Trauma and other external factors"
    MALIGNANCY = "malignancy", "Malignancy"
    ACUTE = "acute", "Acute medical or surgical condition"
    CHRONIC = "chronic", "Chronic medical condition"
    CONGENITAL = "congenital", "Chromosomal, genetic and congenital anomalies"
    PERINATAL = "perinatal", "Perinatal or neonatal event"
    INFECTION = "infection", "Infection"
    SUDDEN = "sudden", "Sudden unexpected, unexplained death"


class Theme(models.TextChoices):
    """The learning themes the panel draws out, for the partnership's prevention work."""

    SAFER_SLEEP = "safer_sleep", "Safer sleeping for babies"
    SMOKING = "smoking", "Smoking in pregnancy and around babies"
    ROAD_SAFETY = "road_safety", "Road and water safety"
    MENTAL_HEALTH = "mental_health", "Young people's mental health and self-harm"
    EXPLOITATION = "exploitation", "Exploitation and serious youth violence"
    RECOGNISING_ILLNESS = "recognising_illness", "Recognising a seriously ill child"
    ACCESS_TO_CARE = "access_to_care", "Access to health care and services"
    INFORMATION_SHARING = "information_sharing", "Sharing information between agencies"
    BEREAVEMENT = "bereavement", "Support for bereaved families"


WORKFLOW = Workflow(
    states={
        "notified": "Notified: waiting for the panel's review",
        "reviewed": "Reviewed by the panel: learning being acted on",
        "closed": "Closed",
    },
    initial="notified",
    transitions=[
        transition("review", "Record that the panel has reviewed the death", sources={"notified"}, target="reviewed",
                   permission=Permission.MANAGE_REVIEWS),
        transition("close", "Close the review", sources={"reviewed"}, target="closed", permission=Permission.MANAGE_REVIEWS,
                   needs_reason=True, reason_label="What the partnership checked before closing (the learning shared, the actions under way)"),
        transition("reopen", "Reopen the review", sources={"closed"}, target="reviewed", permission=Permission.MANAGE_REVIEWS,
                   needs_reason=True),
    ],
)
REVIEWED_STATES = frozenset({"reviewed", "closed"})
"""The states in which the panel's findings must all be recorded."""
PANEL_FIELDS = {
    "panel_on": "Enter the date of the panel's meeting",
    "category": "Choose the category the panel gave the death",
    "modifiable": "Say whether the panel found modifiable factors",
    "learning": "Say what the panel learnt",
}


class ChildDeathReview(WorkflowRecord):
    WORKFLOW = WORKFLOW

    notified_on = models.DateField(help_text="The day the partnership was told of the death.")
    expected = models.BooleanField(help_text="Whether the death was expected; an unexpected death has a rapid response.")
    summary = models.TextField(max_length=SUMMARY_MAX, help_text="The circumstances, in words that do not identify the child.")
    child_reference = models.CharField(
        max_length=CHILD_REFERENCE_MAX, blank=True,
        help_text="The child's reference in the case management system: shown only to roles that see children's records.",
    )
    panel_on = models.DateField(null=True, blank=True, help_text="The day the child death overview panel reviewed the death.")
    category = models.CharField(max_length=16, choices=Category.choices, blank=True)
    modifiable = models.BooleanField(null=True, blank=True, help_text="Whether the panel found factors that could be changed.")
    themes = models.JSONField(default=list, blank=True, help_text="The panel's learning themes (Theme values).")
    learning = models.TextField(max_length=TEXT_MAX, blank=True, help_text="What the panel learnt, in words that do not identify the child.")

    class Meta:
        ordering = ["-notified_on", "-id"]
        verbose_name = "child death review"

    def __str__(self) -> str:
        return f"{self.reference}: {self.get_category_display() or 'not yet categorised'}"

    @property
    def reference(self) -> str:
        return f"CD{self.pk:03d}" if self.pk else "new child death review"

    @property
    def theme_labels(self) -> list[str]:
        labels = dict(Theme.choices)
        return [labels.get(value, value) for value in self.themes]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        today = timezone.localdate()
        if self.notified_on and self.notified_on > today:
            errors["notified_on"] = "The day the partnership was told cannot be in the future"
        if self.panel_on is not None:
            if self.panel_on > today:
                errors["panel_on"] = "The panel's meeting cannot be in the future: record it once the panel has met"
            elif self.notified_on and self.panel_on < self.notified_on:
                errors["panel_on"] = "The panel cannot review a death before the partnership was told of it"
        if not isinstance(self.themes, list) or set(self.themes) - set(Theme.values):
            errors["themes"] = "Choose the themes from the list"
        if self.state in REVIEWED_STATES:
            for field, message in PANEL_FIELDS.items():
                if getattr(self, field) in (None, "") and field not in errors:
                    errors[field] = message
        if errors:
            raise ValidationError(errors)


class ChildDeathAction(GovernanceRecord):
    """An improvement plan action the panel's learning raised."""

    review = models.ForeignKey(ChildDeathReview, on_delete=models.PROTECT, related_name="actions")
    action = models.OneToOneField(PlanAction, on_delete=models.PROTECT, related_name="child_death_link")

    class Meta:
        ordering = ["review", "id"]

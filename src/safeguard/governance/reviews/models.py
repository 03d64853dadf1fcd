"""A serious incident, its way through notification, rapid review, decision and practice review,
and the review's recommendations (each raised as an action on the improvement plan)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from safeguard.governance.plan.models import PlanAction
from safeguard.governance.reviews.deadlines import IncidentDeadlines, incident_deadlines, practice_review_due
from safeguard.governance.workflow.models import GovernanceRecord, WorkflowRecord
from safeguard.governance.workflow.transitions import Workflow, transition
from safeguard.roles import Permission

TITLE_MAX = 200
TEXT_MAX = 4000
CHILD_REFERENCE_MAX = 40


class Harm(models.TextChoices):
    """The criteria for a review (seed 003 §18.2.28; seed 001): abuse or neglect known or
    suspected, and a child has died or been seriously harmed."""

    DEATH = "death", "A child has died"
    SERIOUS_HARM = "serious_harm", "A child has been seriously harmed"


WORKFLOW = Workflow(
    states={
        "aware": "Known: the national panel to be notified",
        "notified": "Notified: rapid review under way",
        "rapid_review_done": "Rapid review done: decision to be made",
        "no_review": "Decided: no local practice review",
        "review_in_progress": "Local practice review in progress",
        "published": "Review published: actions being followed up",
        "actions_complete": "Every recommendation's action complete",
    },
    initial="aware",
    transitions=[
        transition("notify", "Record the notification to the national panel", sources={"aware"}, target="notified",
                   permission=Permission.MANAGE_REVIEWS),
        transition("complete_rapid_review", "Record the rapid review as sent to the panel", sources={"notified"},
                   target="rapid_review_done", permission=Permission.MANAGE_REVIEWS),
        transition("decide_review", "Decide to hold a local practice review", sources={"rapid_review_done"},
                   target="review_in_progress", permission=Permission.MANAGE_REVIEWS, needs_reason=True,
                   reason_label="Why a local practice review is needed"),
        transition("decide_no_review", "Decide not to hold a local practice review", sources={"rapid_review_done"},
                   target="no_review", permission=Permission.MANAGE_REVIEWS, needs_reason=True,
                   reason_label="Why no local review is needed, and how the learning will be taken forward"),
        transition("publish", "Record the review's publication", sources={"review_in_progress"}, target="published",
                   permission=Permission.MANAGE_REVIEWS, needs_reason=True,
                   reason_label="Where it was published (or why it was not published in full)"),
        transition("complete_actions", "Confirm every recommendation's action is complete", sources={"published"},
                   target="actions_complete", permission=Permission.MANAGE_REVIEWS, needs_reason=True,
                   reason_label="What the partnership checked before closing the review"),
    ],
)

DATED_STEPS: dict[str, tuple[str, str]] = {
    "notify": ("notified_on", "The date the national panel was notified"),
    "complete_rapid_review": ("rapid_review_on", "The date the rapid review was sent to the panel"),
    "decide_review": ("decided_on", "The date of the decision"),
    "decide_no_review": ("decided_on", "The date of the decision"),
    "publish": ("published_on", "The date the review was published"),
}
"""The steps that record a date, the field it goes in and how the form asks for it."""

REACHED: dict[str, frozenset[str]] = {
    "notified_on": frozenset({"notified", "rapid_review_done", "no_review", "review_in_progress", "published", "actions_complete"}),
    "rapid_review_on": frozenset({"rapid_review_done", "no_review", "review_in_progress", "published", "actions_complete"}),
    "decided_on": frozenset({"no_review", "review_in_progress", "published", "actions_complete"}),
    "published_on": frozenset({"published", "actions_complete"}),
}
"""For each step's date, the states in which it has been recorded (and must be)."""
DATE_ORDER = ("aware_on", "notified_on", "rapid_review_on", "decided_on", "published_on")
DATE_WORDS = {
    "aware_on": "the day the council became aware", "notified_on": "the notification to the panel",
    "rapid_review_on": "the rapid review", "decided_on": "the decision", "published_on": "the publication",
}
DATE_LABELS = {
    "aware_on": "The day the council became aware", "notified_on": "The date of the notification to the panel",
    "rapid_review_on": "The date of the rapid review", "decided_on": "The date of the decision",
    "published_on": "The date of publication",
}
RECOMMENDATION_STATES = frozenset({"review_in_progress", "published"})
"""Recommendations are added while the review reports and once it is published."""
FINISHED_ACTION_STATES = frozenset({"completed", "closed", "withdrawn"})


@dataclass(frozen=True)
class NextStep:
    what: str
    due: date | None


class SeriousIncident(WorkflowRecord):
    WORKFLOW = WORKFLOW

    title = models.CharField(max_length=TITLE_MAX, help_text="What happened, in words that do not identify the child.")
    summary = models.TextField(max_length=TEXT_MAX, help_text="The circumstances and the agencies involved, without identifying the child.")
    harm = models.CharField(max_length=16, choices=Harm.choices)
    child_reference = models.CharField(
        max_length=CHILD_REFERENCE_MAX, blank=True,
        help_text="The child's reference in the case management system: shown only to roles that see children's records.",
    )
    agencies = models.CharField(max_length=300, blank=True, help_text="The agencies involved with the child, in words.")
    aware_on = models.DateField(help_text="The day the council became aware of the incident.")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="serious_incidents")
    notified_on = models.DateField(null=True, blank=True)
    rapid_review_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decision_reasons = models.TextField(max_length=TEXT_MAX, blank=True)
    published_on = models.DateField(null=True, blank=True)
    publication = models.CharField(max_length=300, blank=True, help_text="Where the review was published, or why not in full.")
    completion_note = models.TextField(max_length=TEXT_MAX, blank=True)

    class Meta:
        ordering = ["-aware_on", "-id"]
        verbose_name = "serious incident"

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def reference(self) -> str:
        return f"SI{self.pk:03d}" if self.pk else "new incident"

    @property
    def deadlines(self) -> IncidentDeadlines:
        return incident_deadlines(aware=self.aware_on, notified=self.notified_on)

    @property
    def review_due(self) -> date | None:
        """When the local practice review should be complete, once it has been decided on."""
        if self.decided_on is None or self.state == "no_review":
            return None
        return practice_review_due(self.decided_on)

    def next_step(self) -> NextStep | None:
        """What the incident is waiting for now, and by when (None once nothing is due)."""
        deadlines = self.deadlines
        return {
            "aware": NextStep("Notify the national panel", deadlines.panel_notification_due),
            "notified": NextStep("Send the rapid review to the panel", deadlines.rapid_review_due),
            "rapid_review_done": NextStep("Decide whether to hold a local practice review", deadlines.rapid_review_due),
            "review_in_progress": NextStep("Complete and publish the local practice review", self.review_due),
            "published": NextStep("Complete the actions on the review's recommendations", None),
        }.get(self.state)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        today = timezone.localdate()
        for field, reached in REACHED.items():
            if self.state in reached and getattr(self, field) is None:
                errors[field] = f"Enter {DATE_LABELS[field][0].lower()}{DATE_LABELS[field][1:]}"
            if self.state not in reached and getattr(self, field) is not None:
                errors[field] = f"{DATE_LABELS[field]} is recorded with its step, not before"
        dates = [(field, getattr(self, field)) for field in DATE_ORDER]
        for field, day in dates:
            if day is not None and day > today and field not in errors:
                errors[field] = f"{DATE_LABELS[field]} cannot be in the future"
        known = [(field, day) for field, day in dates if day is not None]
        for (earlier, before), (later, after) in zip(known, known[1:]):
            if after < before and later not in errors:
                errors[later] = f"{DATE_LABELS[later]} cannot be before {DATE_WORDS[earlier]}"
        if self.state in REACHED["decided_on"] and not self.decision_reasons.strip():
            errors["decision_reasons"] = "Give the reasons for the decision"
        if errors:
            raise ValidationError(errors)


class Recommendation(GovernanceRecord):
    """One recommendation of a review, in its words, and the plan action that answers it."""

    incident = models.ForeignKey(SeriousIncident, on_delete=models.PROTECT, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    text = models.TextField(max_length=TEXT_MAX)
    action = models.OneToOneField(
        PlanAction, on_delete=models.PROTECT, null=True, blank=True, related_name="practice_review_recommendation"
    )

    class Meta:
        ordering = ["incident", "number"]
        constraints = [models.UniqueConstraint(fields=["incident", "number"], name="one_number_per_recommendation")]

    def __str__(self) -> str:
        return f"{self.incident.reference} recommendation {self.number}"

    @property
    def finished(self) -> bool:
        return self.action is not None and self.action.state in FINISHED_ACTION_STATES

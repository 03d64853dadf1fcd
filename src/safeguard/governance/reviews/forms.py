"""The forms of serious incidents: the incident's details, a step with its date, a
recommendation, and the plan action that answers it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from safeguard.governance.plan.models import FACTOR_CHOICES, TITLE_MAX
from safeguard.governance.reviews.models import CHILD_REFERENCE_MAX, TEXT_MAX, Harm
from safeguard.governance.reviews.models import TITLE_MAX as INCIDENT_TITLE_MAX
from safeguard.roles import Permission, permissions_of
from safeguard.web.forms import DateField


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name


def people_with(permission: Permission) -> Any:
    """Active people whose roles hold the permission, by name."""
    people = get_user_model().objects.filter(is_active=True).prefetch_related("role_grants").order_by("first_name", "last_name", "username")
    return get_user_model().objects.filter(pk__in=[person.pk for person in people if permission in permissions_of(person.roles)]).order_by(
        "first_name", "last_name", "username"
    )


STEP_DATES = ("notified_on", "rapid_review_on", "decided_on", "published_on")


class IncidentForm(forms.Form):
    title = forms.CharField(max_length=INCIDENT_TITLE_MAX, error_messages={
        "required": "Say what happened, in a line", "max_length": f"The description must be {INCIDENT_TITLE_MAX} characters or fewer"})
    summary = forms.CharField(max_length=TEXT_MAX, widget=forms.Textarea, error_messages={
        "required": "Describe the circumstances", "max_length": f"The circumstances must be {TEXT_MAX:,} characters or fewer"})
    harm = forms.ChoiceField(choices=Harm.choices, error_messages={
        "required": "Say whether the child died or was seriously harmed", "invalid_choice": "Say whether the child died or was seriously harmed"})
    child_reference = forms.CharField(max_length=CHILD_REFERENCE_MAX, required=False, error_messages={
        "max_length": f"The child's reference must be {CHILD_REFERENCE_MAX} characters or fewer"})
    agencies = forms.CharField(max_length=300, required=False, error_messages={"max_length": "The agencies must be 300 characters or fewer"})
    aware_on = DateField(label_text="The day the council became aware")
    owner = PersonChoice(queryset=get_user_model().objects.none(), empty_label="Choose who takes the steps", error_messages={
        "required": "Choose who takes the next steps", "invalid_choice": "Choose someone who tracks practice reviews"})
    notified_on = DateField(label_text="The date of the notification to the panel", required=False)
    rapid_review_on = DateField(label_text="The date of the rapid review", required=False)
    decided_on = DateField(label_text="The date of the decision", required=False)
    published_on = DateField(label_text="The date of publication", required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people_with(Permission.MANAGE_REVIEWS)  # type: ignore[attr-defined]

    def details(self, dates: list[str]) -> dict[str, Any]:
        """The incident's details, with the steps' dates that may be corrected now."""
        keep = {"title", "summary", "harm", "child_reference", "agencies", "aware_on", "owner", *dates}
        return {key: value for key, value in self.cleaned_data.items() if key in keep}


class StepForm(forms.Form):
    """A step: the day it happened (for the steps that record one) and its words."""

    on = DateField(label_text="The date", required=False)
    reason = forms.CharField(max_length=TEXT_MAX, required=False, error_messages={"max_length": f"Keep it to {TEXT_MAX:,} characters"})


class RecommendationForm(forms.Form):
    text = forms.CharField(max_length=TEXT_MAX, widget=forms.Textarea, error_messages={
        "required": "Write the recommendation", "max_length": f"The recommendation must be {TEXT_MAX:,} characters or fewer"})


class RecommendationActionForm(forms.Form):
    title = forms.CharField(max_length=TITLE_MAX, error_messages={
        "required": "Say what the action is", "max_length": f"The action must be {TITLE_MAX} characters or fewer"})
    factor = forms.ChoiceField(choices=[("", "Choose a factor"), *FACTOR_CHOICES], error_messages={
        "required": "Choose the factor the action serves", "invalid_choice": "Choose one of the seven factors"})
    owner = PersonChoice(queryset=get_user_model().objects.none(), empty_label="Choose the owner", error_messages={
        "required": "Choose who owns the action", "invalid_choice": "Choose an active person as the owner"})
    due = DateField(label_text="The due date")
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name", "username")  # type: ignore[attr-defined]

    def details(self) -> dict[str, Any]:
        return {key: self.cleaned_data[key] for key in ("title", "factor", "owner", "due")}

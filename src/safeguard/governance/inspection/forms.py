"""The forms of inspection: an inspection with its grades, a recommendation, the plan action
that answers it, and a readiness item."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from safeguard.governance.inspection.models import GRADE_CHOICES, TEXT_MAX, Kind, ReadinessStatus
from safeguard.governance.plan.models import FACTOR_CHOICES, TITLE_MAX
from safeguard.web.forms import DateField


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name


def _people() -> Any:
    return get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name", "username")


def _grade(what: str) -> forms.ChoiceField:
    return forms.ChoiceField(choices=[("", "No grade"), *GRADE_CHOICES], required=False, error_messages={
        "invalid_choice": f"Choose one of Ofsted's four grades for {what}, or no grade"})


class InspectionForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "Choose the kind"), *Kind.choices], error_messages={
        "required": "Choose the kind of inspection", "invalid_choice": "Choose the kind of inspection from the list"})
    started_on = DateField(label_text="The first day", error_messages={"required": "Enter the first day of the inspection"})
    ended_on = DateField(label_text="The last day", error_messages={"required": "Enter the last day of the inspection"})
    published_on = DateField(label_text="The day the report was published", required=False)
    impact_of_leaders = _grade("the impact of leaders")
    help_and_protection = _grade("help and protection")
    in_care = _grade("children in care")
    care_leavers = _grade("care leavers")
    overall_effectiveness = _grade("overall effectiveness")
    report_link = forms.URLField(required=False, max_length=200, assume_scheme="https", error_messages={"invalid": "Enter the report's web address, starting https://"})
    summary = forms.CharField(max_length=TEXT_MAX, required=False, widget=forms.Textarea, error_messages={
        "max_length": f"The summary must be {TEXT_MAX:,} characters or fewer"})
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def details(self) -> dict[str, Any]:
        return {key: value for key, value in self.cleaned_data.items() if key != "version"}


class RecommendationForm(forms.Form):
    text = forms.CharField(max_length=TEXT_MAX, widget=forms.Textarea, error_messages={
        "required": "Write the recommendation", "max_length": f"The recommendation must be {TEXT_MAX:,} characters or fewer"})


class ActionForm(forms.Form):
    title = forms.CharField(max_length=TITLE_MAX, error_messages={
        "required": "Say what the action is", "max_length": f"The action must be {TITLE_MAX} characters or fewer"})
    factor = forms.ChoiceField(choices=[("", "Choose a factor"), *FACTOR_CHOICES], error_messages={
        "required": "Choose the factor the action serves", "invalid_choice": "Choose one of the seven factors"})
    owner = PersonChoice(queryset=get_user_model().objects.none(), empty_label="Choose the owner", error_messages={
        "required": "Choose who owns the action", "invalid_choice": "Choose an active person as the owner"})
    due = DateField(label_text="The due date", error_messages={"required": "Enter the due date"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people()  # type: ignore[attr-defined]


class CheckForm(forms.Form):
    status = forms.ChoiceField(choices=ReadinessStatus.choices, error_messages={
        "required": "Choose where it stands", "invalid_choice": "Choose ready, in hand or not started"})
    evidence = forms.CharField(max_length=TEXT_MAX, required=False, widget=forms.Textarea, error_messages={
        "max_length": f"The evidence must be {TEXT_MAX:,} characters or fewer"})
    owner = PersonChoice(queryset=get_user_model().objects.none(), required=False, empty_label="Nobody yet", error_messages={
        "invalid_choice": "Choose an active person as the owner"})
    review_by = DateField(label_text="The review date", required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") and data["status"] != ReadinessStatus.NOT_STARTED and not (data.get("evidence") or "").strip():
            self.add_error("evidence", "Say what shows it (the evidence) for anything ready or in hand")
        return data

    def details(self) -> dict[str, Any]:
        return {key: value for key, value in self.cleaned_data.items() if key != "version"}

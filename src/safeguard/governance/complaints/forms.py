"""The forms of complaints and compliments: a complaint, a step with its date and finding, a
plan action from its lessons, and a compliment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from safeguard.governance.complaints.models import SUMMARY_MAX, TEXT_MAX, Finding, Person, ServiceArea, Theme
from safeguard.governance.plan.models import FACTOR_CHOICES, TITLE_MAX
from safeguard.roles import Permission, permissions_of
from safeguard.web.forms import DateField


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name


def handlers() -> Any:
    """Active people whose roles let them handle complaints."""
    people = get_user_model().objects.filter(is_active=True).prefetch_related("role_grants")
    chosen = [person.pk for person in people if Permission.HANDLE_COMPLAINTS in permissions_of(person.roles)]
    return get_user_model().objects.filter(pk__in=chosen).order_by("first_name", "last_name", "username")


def _choice(choices: Any, what: str) -> forms.ChoiceField:
    return forms.ChoiceField(choices=[("", f"Choose {what}"), *choices], error_messages={"required": f"Choose {what}", "invalid_choice": f"Choose {what}"})


class ComplaintForm(forms.Form):
    received_on = DateField(label_text="The day it was received")
    complainant = _choice(Person.choices, "who made the complaint")
    service_area = _choice(ServiceArea.choices, "the service it is about")
    theme = _choice(Theme.choices, "what it is about")
    summary = forms.CharField(max_length=SUMMARY_MAX, widget=forms.Textarea, error_messages={
        "required": "Say what the complaint is about", "max_length": f"The summary must be {SUMMARY_MAX:,} characters or fewer"})
    handler = PersonChoice(queryset=get_user_model().objects.none(), empty_label="Choose who responds", error_messages={
        "required": "Choose who will respond", "invalid_choice": "Choose someone who handles complaints"})
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers()  # type: ignore[attr-defined]

    def details(self) -> dict[str, Any]:
        return {key: value for key, value in self.cleaned_data.items() if key != "version"}


class StepForm(forms.Form):
    on = DateField(label_text="The date", required=False)
    finding = forms.ChoiceField(choices=Finding.choices, required=False, error_messages={
        "invalid_choice": "Say whether the complaint was upheld, partly upheld or not upheld"})
    reason = forms.CharField(max_length=TEXT_MAX, required=False, error_messages={"max_length": f"Keep it to {TEXT_MAX:,} characters"})


class ActionForm(forms.Form):
    title = forms.CharField(max_length=TITLE_MAX, error_messages={
        "required": "Say what the action is", "max_length": f"The action must be {TITLE_MAX} characters or fewer"})
    factor = forms.ChoiceField(choices=[("", "Choose a factor"), *FACTOR_CHOICES], error_messages={
        "required": "Choose the factor the action serves", "invalid_choice": "Choose one of the seven factors"})
    owner = PersonChoice(queryset=get_user_model().objects.none(), empty_label="Choose the owner", error_messages={
        "required": "Choose who owns the action", "invalid_choice": "Choose an active person as the owner"})
    due = DateField(label_text="The due date")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name", "username")  # type: ignore[attr-defined]


class ComplimentForm(forms.Form):
    received_on = DateField(label_text="The day it was received")
    from_whom = _choice(Person.choices, "who paid the compliment")
    service_area = _choice(ServiceArea.choices, "the service it is about")
    summary = forms.CharField(max_length=SUMMARY_MAX, widget=forms.Textarea, error_messages={
        "required": "Say what the compliment said", "max_length": f"The summary must be {SUMMARY_MAX:,} characters or fewer"})
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def details(self) -> dict[str, Any]:
        return {key: value for key, value in self.cleaned_data.items() if key != "version"}

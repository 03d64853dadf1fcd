"""The improvement plan's forms: an action's details, and a progress note."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from safeguard.governance.plan.models import FACTOR_CHOICES, TEXT_MAX, TITLE_MAX, Direction, Source
from safeguard.indicators.catalogue import INDICATORS
from safeguard.web.forms import DateField

INDICATOR_CHOICES = [("", "None: the impact is judged from the evidence")] + [(item.id, item.title) for item in INDICATORS]


class OwnerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name


class ActionForm(forms.Form):
    title = forms.CharField(max_length=TITLE_MAX, error_messages={"required": "Enter what the action is", "max_length": f"The action must be {TITLE_MAX} characters or fewer"})
    description = forms.CharField(max_length=TEXT_MAX, required=False, widget=forms.Textarea)
    source = forms.ChoiceField(choices=[("", "Choose where it came from"), *Source.choices], error_messages={"required": "Choose where the action came from", "invalid_choice": "Choose where the action came from"})
    source_reference = forms.CharField(max_length=200, required=False)
    factor = forms.ChoiceField(choices=[("", "Choose a factor"), *FACTOR_CHOICES], error_messages={"required": "Choose the factor the action serves", "invalid_choice": "Choose one of the seven factors"})
    owner = OwnerChoice(queryset=get_user_model().objects.none(), empty_label="Choose the owner", error_messages={"required": "Choose who owns the action", "invalid_choice": "Choose an active person as the owner"})
    due = DateField(label_text="The due date")
    indicator_id = forms.ChoiceField(choices=INDICATOR_CHOICES, required=False, error_messages={"invalid_choice": "Choose one of the indicators"})
    direction = forms.ChoiceField(choices=[("", "Not applicable"), *Direction.choices], required=False, error_messages={"invalid_choice": "Choose up or down"})
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name", "username")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("indicator_id") and not data.get("direction"):
            self.add_error("direction", "Say which way the indicator should move")
        if data.get("direction") and not data.get("indicator_id"):
            self.add_error("indicator_id", "Choose the indicator that should move")
        return data

    def details(self) -> dict[str, Any]:
        """The cleaned fields as the plan's services take them."""
        return {key: value for key, value in self.cleaned_data.items() if key != "version"}


class NoteForm(forms.Form):
    text = forms.CharField(max_length=TEXT_MAX, strip=True, error_messages={"required": "Write the progress note", "max_length": f"The note must be {TEXT_MAX:,} characters or fewer"})

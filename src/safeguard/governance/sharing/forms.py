"""The forms of sharing: a proposed agreement, a step on one, an emergency look and its review."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguard.governance.disagreements.models import Agency
from safeguard.governance.sharing.models import CHILD_ID_MAX, PURPOSE_MAX, REASON_MIN, Outcome
from safeguard.governance.sharing.services import SHAREABLE_LISTS
from safeguard.web.forms import DateField


class AgreementForm(forms.Form):
    partner = forms.ChoiceField(choices=[("", "Choose the partner agency"), *Agency.choices], error_messages={
        "required": "Choose the partner agency", "invalid_choice": "Choose the partner agency"})
    purpose = forms.CharField(max_length=PURPOSE_MAX, widget=forms.Textarea, error_messages={
        "required": "Say what the partner needs the records for", "max_length": f"Keep the purpose to {PURPOSE_MAX:,} characters"})
    lists = forms.MultipleChoiceField(choices=list(SHAREABLE_LISTS.items()), error_messages={
        "required": "Choose at least one list to share", "invalid_choice": "Choose lists about children only"})
    starts_on = DateField(label_text="The first day")
    ends_on = DateField(label_text="The last day")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The last day must be on or after the first day")
        return cleaned


class EmergencyForm(forms.Form):
    child_id = forms.CharField(max_length=CHILD_ID_MAX, error_messages={
        "required": "Enter the child's identifier", "max_length": f"A child's identifier has at most {CHILD_ID_MAX} characters"})
    reason = forms.CharField(max_length=PURPOSE_MAX, min_length=REASON_MIN, widget=forms.Textarea, error_messages={
        "required": "Say why the child's records are needed now",
        "min_length": f"Say why the child's records are needed now, in at least {REASON_MIN} characters",
        "max_length": f"Keep the reason to {PURPOSE_MAX:,} characters"})


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(choices=Outcome.choices, error_messages={
        "required": "Say whether the look was justified", "invalid_choice": "Say whether the look was justified"})
    reason = forms.CharField(max_length=PURPOSE_MAX, error_messages={
        "required": "Say what the review found", "max_length": f"Keep it to {PURPOSE_MAX:,} characters"})

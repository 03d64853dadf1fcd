"""The forms of significant case briefings: the briefing itself, and an acknowledgement."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguard.governance.briefings.models import CHILD_REFERENCE_MAX, HEADLINE_MAX, TEXT_MAX, Category
from safeguard.web.forms import DateField


class BriefingForm(forms.Form):
    category = forms.ChoiceField(choices=Category.choices, error_messages={
        "required": "Choose why the case is being briefed", "invalid_choice": "Choose why the case is being briefed"})
    headline = forms.CharField(max_length=HEADLINE_MAX, error_messages={
        "required": "Give the case in a line", "max_length": f"The headline must be {HEADLINE_MAX} characters or fewer"})
    summary = forms.CharField(max_length=TEXT_MAX, widget=forms.Textarea, error_messages={
        "required": "Say what happened and why it matters", "max_length": f"The summary must be {TEXT_MAX:,} characters or fewer"})
    child_reference = forms.CharField(max_length=CHILD_REFERENCE_MAX, required=False, error_messages={
        "max_length": f"The child's reference must be {CHILD_REFERENCE_MAX} characters or fewer"})
    aware_on = DateField(label_text="The day the service became aware")
    actions = forms.CharField(max_length=TEXT_MAX, required=False, widget=forms.Textarea, error_messages={
        "max_length": f"The actions must be {TEXT_MAX:,} characters or fewer"})
    dcs_assessment = forms.CharField(max_length=TEXT_MAX, required=False, widget=forms.Textarea, error_messages={
        "max_length": f"The assessment must be {TEXT_MAX:,} characters or fewer"})
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def details(self, *, with_assessment: bool) -> dict[str, Any]:
        keep = {"category", "headline", "summary", "child_reference", "aware_on", "actions"} | ({"dcs_assessment"} if with_assessment else set())
        return {key: value for key, value in self.cleaned_data.items() if key in keep}


class AcknowledgementForm(forms.Form):
    note = forms.CharField(max_length=TEXT_MAX, required=False, strip=True, error_messages={
        "max_length": f"Keep your note to {TEXT_MAX:,} characters"})

"""The Local Test of Assurance's forms: who holds which portfolios, and one consideration's assessment."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguard.governance.local_test.models import NAME_MAX, TEXT_MAX, Status
from safeguard.web.forms import DateField

TOO_LONG = f"must be {TEXT_MAX:,} characters or fewer"


class TestForm(forms.Form):
    title = forms.CharField(max_length=120, error_messages={"required": "Give the test a title", "max_length": "The title must be 120 characters or fewer"})
    dcs_name = forms.CharField(max_length=NAME_MAX, required=False)
    dcs_other_portfolios = forms.CharField(max_length=TEXT_MAX, required=False, widget=forms.Textarea, error_messages={"max_length": f"The Director's other portfolios {TOO_LONG}"})
    lead_member_name = forms.CharField(max_length=NAME_MAX, required=False)
    lead_member_other_portfolios = forms.CharField(max_length=TEXT_MAX, required=False, widget=forms.Textarea, error_messages={"max_length": f"The Lead Member's other portfolios {TOO_LONG}"})
    next_review = DateField(label_text="The next review", required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def details(self) -> dict[str, Any]:
        return {key: value for key, value in self.cleaned_data.items() if key != "version"}


class ItemForm(forms.Form):
    status = forms.ChoiceField(
        choices=Status.choices,
        error_messages={"required": "Choose a status", "invalid_choice": "Choose met, partly met, not met or not yet assessed"},
    )
    evidence = forms.CharField(max_length=TEXT_MAX, required=False, widget=forms.Textarea, error_messages={"max_length": f"The evidence {TOO_LONG}"})
    review_date = DateField(label_text="The review date", required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") and data["status"] != Status.NOT_ASSESSED and not (data.get("evidence") or "").strip():
            self.add_error("evidence", "Give the evidence for this status")
        return data

    def details(self) -> dict[str, Any]:
        return {key: value for key, value in self.cleaned_data.items() if key != "version"}

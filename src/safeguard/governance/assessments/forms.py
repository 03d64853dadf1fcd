"""The self-assessment's forms: a cycle's period, one factor's grade and narrative, a document,
and a leader's comment. Each message names the field, in the words the page uses."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguard.governance.assessments.models import FACTOR_CHOICES, TEXT_MAX, TITLE_MAX, Grade
from safeguard.web.forms import DateField

FACTOR_OR_WHOLE = [("", "The whole self-assessment"), *FACTOR_CHOICES]
NOT_A_FACTOR = "Choose one of the seven factors, or the whole self-assessment"
TOO_LONG = f"must be {TEXT_MAX:,} characters or fewer"


class CycleForm(forms.Form):
    title = forms.CharField(
        max_length=TITLE_MAX, required=False, error_messages={"max_length": f"The title must be {TITLE_MAX} characters or fewer"}
    )
    period_start = DateField(label_text="The start of the period")
    period_end = DateField(label_text="The end of the period")
    due = DateField(label_text="The due date")
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end, due = data.get("period_start"), data.get("period_end"), data.get("due")
        if start and end and end < start:
            self.add_error("period_end", "The period must end on or after the day it starts")
        if start and due and due < start:
            self.add_error("due", "The due date must be on or after the start of the period")
        return data

    def details(self) -> dict[str, Any]:
        return {key: value for key, value in self.cleaned_data.items() if key != "version"}


class FactorForm(forms.Form):
    grade = forms.ChoiceField(
        choices=[("", "Not graded yet"), *Grade.choices],
        required=False,
        error_messages={"invalid_choice": "Choose one of Ofsted's four grades: outstanding, good, requires improvement to be good, or inadequate"},
    )
    narrative = forms.CharField(max_length=TEXT_MAX, required=False, widget=forms.Textarea, error_messages={"max_length": f"The narrative {TOO_LONG}"})
    what_changed = forms.CharField(
        max_length=TEXT_MAX, required=False, widget=forms.Textarea, error_messages={"max_length": f"What changed {TOO_LONG}"}
    )
    audit_evidence = forms.CharField(
        max_length=TEXT_MAX, required=False, widget=forms.Textarea, error_messages={"max_length": f"The case audit evidence {TOO_LONG}"}
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def details(self) -> dict[str, Any]:
        return {key: value for key, value in self.cleaned_data.items() if key != "version"}


class DocumentForm(forms.Form):
    document = forms.FileField(
        error_messages={"required": "Choose a document to upload", "empty": "The document is empty"}, allow_empty_file=True
    )
    factor = forms.ChoiceField(choices=FACTOR_OR_WHOLE, required=False, error_messages={"invalid_choice": NOT_A_FACTOR})
    description = forms.CharField(
        max_length=300, required=False, error_messages={"max_length": "The description must be 300 characters or fewer"}
    )


class CommentForm(forms.Form):
    about = forms.ChoiceField(choices=FACTOR_OR_WHOLE, required=False, error_messages={"invalid_choice": NOT_A_FACTOR})
    text = forms.CharField(
        max_length=TEXT_MAX, error_messages={"required": "Write your comment", "max_length": f"The comment {TOO_LONG}"}
    )


class RewordForm(forms.Form):
    text = forms.CharField(
        max_length=TEXT_MAX, error_messages={"required": "Write your comment", "max_length": f"The comment {TOO_LONG}"}
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

"""The self-evaluation's form: its title, the three answers and what case audits show."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguard.governance.self_evaluation.models import ANSWER_MAX, TITLE_MAX

TOO_LONG = f"must be {ANSWER_MAX:,} characters or fewer"


def _answer(what: str) -> forms.CharField:
    return forms.CharField(
        max_length=ANSWER_MAX, widget=forms.Textarea, error_messages={"required": f"Write {what}", "max_length": f"The answer {TOO_LONG}"}
    )


class EvaluationForm(forms.Form):
    title = forms.CharField(max_length=TITLE_MAX, error_messages={"required": "Give the self-evaluation a title", "max_length": f"The title must be {TITLE_MAX} characters or fewer"})
    what_we_know = _answer("what we know about the quality and impact of practice")
    how_we_know = _answer("how we know it")
    our_plans = _answer("our plans to maintain or improve practice")
    audit_evidence = forms.CharField(max_length=ANSWER_MAX, required=False, widget=forms.Textarea, error_messages={"max_length": f"What case audits show {TOO_LONG}"})
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    redrafted = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def details(self) -> dict[str, Any]:
        return {key: value for key, value in self.cleaned_data.items() if key not in {"version", "redrafted"}}

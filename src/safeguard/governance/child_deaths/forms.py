"""The form of a child death review: the notification, and the panel's findings.
A plan action from the panel's learning uses the same form as a complaint's (``ActionForm``)."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguard.governance.child_deaths.models import CHILD_REFERENCE_MAX, SUMMARY_MAX, TEXT_MAX, Category, Theme
from safeguard.governance.complaints.forms import ActionForm
from safeguard.web.forms import DateField

__all__ = ["ActionForm", "ReviewForm"]

YES_NO = [("yes", "Yes"), ("no", "No")]


def _as_bool(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def yes_no(value: bool | None) -> str:
    """A stored yes or no as the form's choice ("" when not yet known)."""
    return "" if value is None else ("yes" if value else "no")


class ReviewForm(forms.Form):
    notified_on = DateField(label_text="The day the partnership was told")
    expected = forms.ChoiceField(choices=YES_NO, error_messages={
        "required": "Say whether the death was expected", "invalid_choice": "Say whether the death was expected"})
    summary = forms.CharField(max_length=SUMMARY_MAX, widget=forms.Textarea, error_messages={
        "required": "Describe the circumstances", "max_length": f"The circumstances must be {SUMMARY_MAX:,} characters or fewer"})
    child_reference = forms.CharField(max_length=CHILD_REFERENCE_MAX, required=False, error_messages={
        "max_length": f"The child's reference must be {CHILD_REFERENCE_MAX} characters or fewer"})
    panel_on = DateField(label_text="The date of the panel's meeting", required=False)
    category = forms.ChoiceField(choices=[("", "Not yet categorised"), *Category.choices], required=False, error_messages={
        "invalid_choice": "Choose one of the categories"})
    modifiable = forms.ChoiceField(choices=YES_NO, required=False, error_messages={
        "invalid_choice": "Say whether the panel found modifiable factors"})
    themes = forms.MultipleChoiceField(choices=Theme.choices, required=False, error_messages={
        "invalid_choice": "Choose the themes from the list"})
    learning = forms.CharField(max_length=TEXT_MAX, widget=forms.Textarea, required=False, error_messages={
        "max_length": f"The learning must be {TEXT_MAX:,} characters or fewer"})
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def details(self, *, with_panel: bool) -> dict[str, Any]:
        """The review's fields as the services take them (the panel's only once it can have met)."""
        data = {key: value for key, value in self.cleaned_data.items() if key != "version"}
        data["expected"] = _as_bool(data["expected"])
        data["modifiable"] = _as_bool(data["modifiable"])
        if not with_panel:
            for field in ("panel_on", "category", "modifiable", "themes", "learning"):
                data.pop(field)
        return data

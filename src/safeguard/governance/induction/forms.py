"""The forms of induction and the briefing cycle: starting a plan, re-dating it, ticking an item
off, and recording a briefing's delivery."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from safeguard.governance.induction.models import RECIPIENT_CHOICES, TEXT_MAX
from safeguard.roles import Role
from safeguard.web.forms import DateField

TOO_LONG = f"The note must be {TEXT_MAX:,} characters or fewer"


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name


def lead_members() -> Any:
    """Active people who hold the Lead Member's role."""
    return get_user_model().objects.filter(is_active=True, role_grants__role=Role.LEAD_MEMBER.value).distinct().order_by(
        "first_name", "last_name", "username")


class PlanForm(forms.Form):
    lead_member = PersonChoice(queryset=get_user_model().objects.none(), empty_label="Choose the Lead Member", error_messages={
        "required": "Choose the new Lead Member", "invalid_choice": "Choose someone who holds the Lead Member's role"})
    took_office_on = DateField(label_text="The day they took office", error_messages={"required": "Enter the day they took office"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_member"].queryset = lead_members()  # type: ignore[attr-defined]


class RedateForm(forms.Form):
    took_office_on = DateField(label_text="The day they took office", error_messages={"required": "Enter the day they took office"})
    reason = forms.CharField(max_length=TEXT_MAX, widget=forms.Textarea, error_messages={
        "required": "Say why the day they took office is changing", "max_length": f"The reason must be {TEXT_MAX:,} characters or fewer"})
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def details(self) -> dict[str, Any]:
        return {"took_office_on": self.cleaned_data["took_office_on"], "reason": self.cleaned_data["reason"]}


class StepForm(forms.Form):
    done_on = DateField(label_text="The day it was done", required=False)
    note = forms.CharField(max_length=TEXT_MAX, required=False, widget=forms.Textarea, error_messages={"max_length": TOO_LONG})
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def details(self) -> dict[str, Any]:
        return {"done_on": self.cleaned_data["done_on"], "note": self.cleaned_data["note"]}


class DeliveryForm(forms.Form):
    """A delivery; ``occurrence`` ("<briefing id>:<period start>") is asked only when recording a new one."""

    occurrence = forms.ChoiceField(choices=[], error_messages={
        "required": "Choose the briefing and the period it covers", "invalid_choice": "Choose a briefing and period from the list"})
    delivered_on = DateField(label_text="The day it was delivered", error_messages={"required": "Enter the day it was delivered"})
    sent_to = forms.MultipleChoiceField(choices=RECIPIENT_CHOICES, widget=forms.CheckboxSelectMultiple, error_messages={
        "required": "Choose the leaders it went to", "invalid_choice": "Choose the leaders it went to from the list"})
    note = forms.CharField(max_length=TEXT_MAX, required=False, widget=forms.Textarea, error_messages={"max_length": TOO_LONG})
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, occurrences: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if occurrences is None:
            del self.fields["occurrence"]
        else:
            self.fields["occurrence"].choices = [("", "Choose the briefing and period"), *occurrences]  # type: ignore[attr-defined]

    def details(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("delivered_on", "sent_to", "note")}

"""The forms of professional disagreements: raising one, changing its details, a discussion,
and the agency a person works for."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from safeguard.governance.disagreements.models import ABOUT_MAX, CHILD_REFERENCE_MAX, TEXT_MAX, Agency, Theme, standard_stage_days
from safeguard.roles import Permission, permissions_of
from safeguard.web.forms import DateField

AGENCY_ERRORS = {"required": "Choose the agency", "invalid_choice": "Choose one of the agencies"}


class DisagreementForm(forms.Form):
    raised_by_agency = forms.ChoiceField(choices=Agency.choices, required=False, error_messages=AGENCY_ERRORS)
    with_agency = forms.ChoiceField(choices=Agency.choices, error_messages={
        "required": "Choose the agency you disagree with", "invalid_choice": "Choose one of the agencies"})
    people_involved = forms.CharField(max_length=1000, widget=forms.Textarea, error_messages={
        "required": "Say who disagrees with whom, by role", "max_length": "Keep the people involved to 1,000 characters"})
    child_reference = forms.CharField(max_length=CHILD_REFERENCE_MAX, error_messages={
        "required": "Enter the child's reference, so that the agencies involved can find the case",
        "max_length": f"The child's reference must be {CHILD_REFERENCE_MAX} characters or fewer"})
    about = forms.CharField(max_length=ABOUT_MAX, widget=forms.Textarea, error_messages={
        "required": "Say what the disagreement is about", "max_length": f"Keep it to {ABOUT_MAX:,} characters"})
    theme = forms.ChoiceField(choices=Theme.choices, error_messages={
        "required": "Choose what the disagreement is about", "invalid_choice": "Choose one of the themes"})
    stage_days = forms.IntegerField(required=False, error_messages={"invalid": "Enter the working days as a whole number, for example 2"})
    shortened_because = forms.CharField(max_length=1000, required=False, widget=forms.Textarea, error_messages={
        "max_length": "Keep the reason to 1,000 characters"})
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, names_raising_agency: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.names_raising_agency = names_raising_agency
        self.fields["raised_by_agency"].required = names_raising_agency

    def clean_stage_days(self) -> int:
        days = self.cleaned_data.get("stage_days")
        standard = standard_stage_days()
        if days is None:
            return standard
        if not 1 <= days <= standard:
            raise forms.ValidationError(f"Each stage has at most {standard} working days (a working week), and at least 1")
        return days

    def raising(self) -> dict[str, Any]:
        keep = {"with_agency", "people_involved", "child_reference", "about", "theme", "stage_days", "shortened_because"}
        if self.names_raising_agency:
            keep.add("raised_by_agency")
        return {key: value for key, value in self.cleaned_data.items() if key in keep}

    def changes(self) -> dict[str, Any]:
        return {key: self.cleaned_data[key] for key in ("with_agency", "people_involved", "child_reference", "about", "theme")}


class DiscussionForm(forms.Form):
    held_on = DateField(label_text="The day of the discussion")
    who = forms.CharField(max_length=500, error_messages={
        "required": "Say who took part, by role and agency", "max_length": "Keep who took part to 500 characters"})
    record = forms.CharField(max_length=TEXT_MAX, widget=forms.Textarea, error_messages={
        "required": "Record what was discussed and agreed", "max_length": f"Keep the record to {TEXT_MAX:,} characters"})


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name


def partners() -> list[Any]:
    """Active people who work on disagreements: the ones whose agency matters."""
    people = get_user_model().objects.filter(is_active=True).prefetch_related("role_grants").order_by("first_name", "last_name", "username")
    return [person for person in people if Permission.WORK_ON_DISAGREEMENTS in permissions_of(person.roles)]


class AgencyForm(forms.Form):
    person = PersonChoice(queryset=get_user_model().objects.none(), empty_label="Choose the person", error_messages={
        "required": "Choose the person", "invalid_choice": "Choose someone who works on disagreements"})
    agency = forms.ChoiceField(choices=[("", "Choose the agency"), *Agency.choices], error_messages=AGENCY_ERRORS)
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = get_user_model().objects.filter(pk__in=[person.pk for person in partners()])  # type: ignore[attr-defined]

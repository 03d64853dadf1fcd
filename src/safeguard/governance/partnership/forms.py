"""The partnership's forms. Each field's label is the question the page asks; the pages draw
every form with one macro (``partnership/_fields.html``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from safeguard.governance.partnership.models import (
    NAME_MAX,
    TEXT_MAX,
    AgencyKind,
    Member,
    Position,
    Priority,
    Section11Audit,
    SubGroup,
)
from safeguard.governance.partnership.models import Agency as AgencyRecord
from safeguard.web.forms import DateField


def _choice(choices: Any, what: str, label: str) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=[("", f"Choose {what}"), *choices],
                             error_messages={"required": f"Choose {what}", "invalid_choice": f"Choose {what}"})


def _text(label: str, what: str, *, long: bool = False, required: bool = True, hint: str = "") -> forms.CharField:
    limit = TEXT_MAX if long else NAME_MAX
    return forms.CharField(label=label, max_length=limit, required=required, help_text=hint,
                           widget=forms.Textarea if long else forms.TextInput,
                           error_messages={"required": f"Enter {what}", "max_length": f"Keep {what} to {limit:,} characters"})


def _pounds(label: str, what: str) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=10_000_000, help_text="Whole pounds, for example 25000",
                              error_messages={"required": f"Enter {what}", "invalid": f"Enter {what} in whole pounds, for example 25000",
                                              "min_value": f"{what[0].upper()}{what[1:]} cannot be negative",
                                              "max_value": f"{what[0].upper()}{what[1:]} must be under ten million pounds"})


class Named(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return getattr(obj, "display_name", None) or str(obj)


class RecordForm(forms.Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def details(self) -> dict[str, Any]:
        return {key: value for key, value in self.cleaned_data.items() if key != "version"}


class AgencyForm(RecordForm):
    name = _text("The agency's name", "the agency's name")
    kind = _choice(AgencyKind.choices, "what kind of member it is", "What kind of member is it?")
    core_funder = forms.BooleanField(label="It pays into the partnership's core budget", required=False)


class MemberForm(RecordForm):
    name = _text("Their name", "their name")
    job_title = _text("Their job title", "their job title", hint="Members speak for their agency with authority (seed 003 §18.3.16).")
    position = _choice(Position.choices, "their place on the partnership", "Their place on the partnership")
    account = Named(queryset=get_user_model().objects.none(), required=False, label="The account they sign in with (if any)",
                    empty_label="No account", error_messages={"invalid_choice": "Choose an active account"})
    joined_on = DateField(label_text="The day they joined")
    left_on = DateField(label_text="The day they left", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name")  # type: ignore[attr-defined]


class SubGroupForm(RecordForm):
    name = _text("The sub-group's name", "the sub-group's name")
    terms_of_reference = _text("Its terms of reference", "its terms of reference", long=True,
                               hint="What it does, who sits on it, and how it reports to the partnership.")
    chair = Named(queryset=Member.objects.none(), label="Its chair", empty_label="Choose its chair",
                  error_messages={"required": "Choose its chair", "invalid_choice": "Choose a current member as its chair"})
    established_on = DateField(label_text="The day it was set up")
    terms_review_due = DateField(label_text="When its terms of reference are next reviewed")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = Member.objects.filter(left_on__isnull=True)  # type: ignore[attr-defined]


class MeetingForm(forms.Form):
    held_on = DateField(label_text="The day of the meeting")
    sub_group = Named(queryset=SubGroup.objects.all(), required=False, label="Which body meets",
                      empty_label="The partnership itself", error_messages={"invalid_choice": "Choose one of the sub-groups"})


class WorkForm(RecordForm):
    title = _text("What the work is", "what the work is")
    objective = _text("Its objective", "its objective", long=True, hint="What will be different for children when it is done.")
    priority = _choice(Priority.choices, "the priority it serves", "The priority it serves")
    owner = Named(queryset=Member.objects.none(), label="Its owner", empty_label="Choose its owner",
                  error_messages={"required": "Choose its owner", "invalid_choice": "Choose a current member as its owner"})
    sub_group = Named(queryset=SubGroup.objects.all(), required=False, label="The sub-group doing it", empty_label="None: the partnership itself")
    starts_on = DateField(label_text="The day it starts")
    due = DateField(label_text="The day it is due")
    budget = _pounds("The money set aside for it", "the money set aside")
    spent = _pounds("The money spent so far", "the money spent")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Member.objects.filter(left_on__isnull=True)  # type: ignore[attr-defined]


class ContributionForm(RecordForm):
    year = forms.IntegerField(label="The reporting year it is for, by the year it starts", min_value=2000, max_value=2100,
                              help_text="For example 2025 for April 2025 to March 2026",
                              error_messages={"required": "Enter the year", "invalid": "Enter the year as four digits, for example 2025",
                                              "min_value": "Enter a year from 2000", "max_value": "Enter a year before 2100"})
    amount = _pounds("The money committed to the pooled budget", "the money committed")
    in_kind = _text("What it gives in kind", "what it gives in kind", required=False, hint="Staff time, rooms, training places.")


class AuditRequestForm(forms.Form):
    agency = Named(queryset=AgencyRecord.objects.none(), label="The agency", empty_label="Choose the agency",
                   error_messages={"required": "Choose the agency", "invalid_choice": "Choose one of the partnership's agencies"})
    year = ContributionForm.base_fields["year"]
    due = DateField(label_text="When its self-assessment is due")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = AgencyRecord.objects.filter(active=True).exclude(kind=AgencyKind.PARTNERSHIP)  # type: ignore[attr-defined]


class EscalationForm(forms.Form):
    agency = AuditRequestForm.base_fields["agency"]
    raised_on = DateField(label_text="The day the concern was raised")
    concern = _text("How the agency is not performing, with the evidence", "the concern", long=True)
    why_plan_falls_short = _text("Why the agency's own plan will not be enough", "why its plan falls short", long=True)
    audit = Named(queryset=Section11Audit.objects.select_related("agency"), required=False, empty_label="None",
                  label="The section 11 audit it follows from (if any)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = AgencyRecord.objects.filter(active=True).exclude(kind=AgencyKind.PARTNERSHIP)  # type: ignore[attr-defined]


class StepForm(forms.Form):
    on = DateField(label_text="The date", required=False)
    follow_up_due = DateField(label_text="The date the partnership will check the follow-up", required=False)
    reason = forms.CharField(max_length=TEXT_MAX, required=False, error_messages={"max_length": f"Keep it to {TEXT_MAX:,} characters"})

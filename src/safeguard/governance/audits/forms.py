"""The case audits' forms: setting up a round, choosing a case's auditors, the audit itself,
moderation, and an action for the plan."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from safeguard.governance.audits.judgements import AGENCIES, DOMAINS, GRADE_WORDS, GRADES, LEARNING_THEMES, VOICE_ANSWERS
from safeguard.governance.audits.models import LARGEST_SEED, MOST_CASES, TEXT_MAX, TITLE_MAX, AuditKind
from safeguard.governance.audits.sampling import METHOD_LABELS, snapshots_to_draw_from
from safeguard.governance.plan.forms import OwnerChoice
from safeguard.governance.plan.models import FACTOR_CHOICES
from safeguard.roles import ROLES, Permission
from safeguard.web.forms import DateField

MOST_AUDITORS = 4
"""Rows of the auditors' form: a multi-agency audit rarely has more than four agencies."""


def grade_field_name(domain_key: str) -> str:
    return f"grade_{domain_key}"


def _grade_field(title: str, *, required: bool) -> forms.ChoiceField:
    message = f"Choose a grade for {title.lower()}: {GRADE_WORDS}"
    return forms.ChoiceField(
        choices=GRADES, required=required, widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


class ProgrammeForm(forms.Form):
    title = forms.CharField(max_length=TITLE_MAX, error_messages={"required": "Enter the round's title", "max_length": f"The title must be {TITLE_MAX} characters or fewer"})
    theme = forms.CharField(max_length=TITLE_MAX, error_messages={"required": "Say what the round looks at", "max_length": f"The theme must be {TITLE_MAX} characters or fewer"})
    kind = forms.ChoiceField(choices=AuditKind.choices, widget=forms.RadioSelect, error_messages={"required": "Choose single-agency or multi-agency", "invalid_choice": "Choose single-agency or multi-agency"})
    snapshot_id = forms.ChoiceField(error_messages={"required": "Choose the snapshot the round draws its cases from", "invalid_choice": "Choose one of the snapshots in the store"})
    case_count = forms.IntegerField(
        min_value=1, max_value=MOST_CASES,
        error_messages={"required": "Enter how many cases to draw", "invalid": "Enter the number of cases as a whole number",
                        "min_value": f"Choose between 1 and {MOST_CASES} cases", "max_value": f"Choose between 1 and {MOST_CASES} cases"},
    )
    method = forms.ChoiceField(
        choices=[(method.value, label) for method, label in METHOD_LABELS.items()], widget=forms.RadioSelect,
        error_messages={"required": "Choose how the cases are drawn", "invalid_choice": "Choose at random or weighted to risk"},
    )
    seed = forms.IntegerField(
        min_value=0, max_value=LARGEST_SEED,
        error_messages={"required": "Enter the seed", "invalid": "Enter the seed as a whole number",
                        "min_value": f"The seed must be a whole number from 0 to {LARGEST_SEED:,}",
                        "max_value": f"The seed must be a whole number from 0 to {LARGEST_SEED:,}"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        snapshots = snapshots_to_draw_from()
        self.has_snapshots = bool(snapshots)
        self.fields["snapshot_id"].choices = [(snapshot.id, snapshot.label) for snapshot in snapshots]  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("seed", secrets.randbelow(LARGEST_SEED))
            self.initial.setdefault("method", "risk_weighted")
            if snapshots:
                self.initial.setdefault("snapshot_id", snapshots[0].id)
        if not snapshots:
            self.fields["snapshot_id"].error_messages["required"] = "There are no snapshots to draw from yet: import a return first"
            self.fields["snapshot_id"].error_messages["invalid_choice"] = "There are no snapshots to draw from yet: import a return first"


def auditor_queryset() -> Any:
    """Active people whose roles let them audit cases."""
    roles = [role.value for role, definition in ROLES.items() if Permission.AUDIT_CASES in definition.permissions]
    return (
        get_user_model().objects.filter(is_active=True, role_grants__role__in=roles).distinct()
        .order_by("first_name", "last_name", "username")
    )


class AssignForm(forms.Form):
    """Up to ``MOST_AUDITORS`` rows of auditor and agency; empty rows are left out."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = auditor_queryset()
        for row in range(1, MOST_AUDITORS + 1):
            self.fields[f"auditor_{row}"] = OwnerChoice(
                queryset=people, required=False, empty_label="Nobody",
                error_messages={"invalid_choice": "Choose someone whose role lets them audit cases"},
            )
            self.fields[f"agency_{row}"] = forms.ChoiceField(
                choices=[("", "Choose the agency"), *AGENCIES], required=False,
                error_messages={"invalid_choice": "Choose one of the agencies"},
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for row in range(1, MOST_AUDITORS + 1):
            if data.get(f"auditor_{row}") and not data.get(f"agency_{row}"):
                self.add_error(f"agency_{row}", "Choose the agency this auditor audits for")
        if not any(data.get(f"auditor_{row}") for row in range(1, MOST_AUDITORS + 1)):
            self.add_error("auditor_1", "Choose who audits the case")
        return data

    def chosen(self) -> list[tuple[Any, str]]:
        return [
            (self.cleaned_data[f"auditor_{row}"], self.cleaned_data[f"agency_{row}"])
            for row in range(1, MOST_AUDITORS + 1)
            if self.cleaned_data.get(f"auditor_{row}")
        ]


class AuditForm(forms.Form):
    """The auditor's record of a case. Everything may be left for later except that what is
    given must be valid; submitting checks that nothing is missing."""

    overall_grade = _grade_field("the case overall", required=False)
    child_voice_evident = forms.ChoiceField(
        choices=VOICE_ANSWERS, required=False, widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Say whether the child's voice is evident: yes or no"},
    )
    findings = forms.CharField(max_length=TEXT_MAX, required=False, widget=forms.Textarea, error_messages={"max_length": f"The findings must be {TEXT_MAX:,} characters or fewer"})
    themes = forms.MultipleChoiceField(
        choices=LEARNING_THEMES, required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose learning themes from the list, or describe others in your own words"},
    )
    other_themes = forms.CharField(max_length=TITLE_MAX, required=False, error_messages={"max_length": f"Other learning must be {TITLE_MAX} characters or fewer"})
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for domain in DOMAINS:
            self.fields[grade_field_name(domain.key)] = _grade_field(domain.title, required=False)

    def changes(self) -> dict[str, Any]:
        """The cleaned answers as the case's fields."""
        data = self.cleaned_data
        return {
            "grades": {domain.key: data[grade_field_name(domain.key)] for domain in DOMAINS if data.get(grade_field_name(domain.key))},
            "overall_grade": data.get("overall_grade") or "",
            "child_voice_evident": data.get("child_voice_evident") or "",
            "findings": data.get("findings", "").strip(),
            "themes": list(data.get("themes") or []),
            "other_themes": data.get("other_themes", "").strip(),
        }


class ModerationForm(forms.Form):
    overall = _grade_field("the case overall", required=True)
    reason = forms.CharField(max_length=TEXT_MAX, required=False, widget=forms.Textarea, error_messages={"max_length": f"The reason must be {TEXT_MAX:,} characters or fewer"})
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for domain in DOMAINS:
            self.fields[grade_field_name(domain.key)] = _grade_field(domain.title, required=True)

    def grades(self) -> dict[str, str]:
        return {domain.key: self.cleaned_data[grade_field_name(domain.key)] for domain in DOMAINS}


class PlanActionForm(forms.Form):
    title = forms.CharField(max_length=TITLE_MAX, error_messages={"required": "Enter what the action is", "max_length": f"The action must be {TITLE_MAX} characters or fewer"})
    description = forms.CharField(max_length=TEXT_MAX, required=False, widget=forms.Textarea)
    factor = forms.ChoiceField(choices=[("", "Choose a factor"), *FACTOR_CHOICES], error_messages={"required": "Choose the factor the action serves", "invalid_choice": "Choose one of the seven factors"})
    owner = OwnerChoice(queryset=get_user_model().objects.none(), empty_label="Choose the owner", error_messages={"required": "Choose who owns the action", "invalid_choice": "Choose an active person as the owner"})
    due = DateField(label_text="The due date")
    case = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name", "username")  # type: ignore[attr-defined]

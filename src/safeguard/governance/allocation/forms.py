"""The allocation form: the case as the manager describes it, and their choice."""

from __future__ import annotations

from typing import cast

from django import forms

from safeguard.governance.allocation.models import REASON_MAX, REFERENCE_MAX, CaseType
from safeguard.indicators.caseloads import NewCase

MOST_CHILDREN = 8


class CaseForm(forms.Form):
    case_reference = forms.CharField(max_length=REFERENCE_MAX, strip=True, error_messages={
        "required": "Enter the case's reference",
        "max_length": f"The case's reference must be {REFERENCE_MAX} characters or fewer",
    })
    case_type = forms.ChoiceField(choices=CaseType.choices, error_messages={
        "required": "Choose the kind of case", "invalid_choice": "Choose the kind of case from the list",
    })
    team = forms.ChoiceField(choices=(), error_messages={
        "required": "Choose the team", "invalid_choice": "Choose one of the council's teams",
    })
    court = forms.BooleanField(required=False)
    children = forms.IntegerField(min_value=1, max_value=MOST_CHILDREN, initial=1, error_messages={
        "required": "Enter how many children the case is about",
        "invalid": "Enter how many children the case is about as a number, like 2",
        "min_value": "A case is about at least one child",
        "max_value": f"Enter no more than {MOST_CHILDREN} children: a larger family needs a manager's own judgement",
    })

    def __init__(self, *args, teams: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        team = cast(forms.ChoiceField, self.fields["team"])  # the copy of the field declared above
        team.choices = [(name, name) for name in teams]

    def case(self) -> NewCase:
        data = self.cleaned_data
        return NewCase(data["case_type"], team=data["team"], court=data["court"], children=data["children"])


class DecisionForm(CaseForm):
    chosen_worker = forms.CharField(max_length=120, error_messages={
        "required": "Choose the worker the case goes to", "max_length": "Choose the worker from the list",
    })
    reason = forms.CharField(max_length=REASON_MAX, required=False, strip=True, error_messages={
        "max_length": f"Keep the reason to {REASON_MAX:,} characters",
    })

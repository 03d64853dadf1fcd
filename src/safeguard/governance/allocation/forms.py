"""The allocation form: the case as the manager describes it, and their choice."""

from __future__ import annotations

from typing import cast

from django import forms

from safeguard.governance.allocation.models import REASON_MAX, REFERENCE_MAX, CaseType
from safeguard.indicators.caseloads import NewCase

MOST_CHILDREN = 8


class CaseForm(forms.Form):
    case_reference = forms.CharField(max_length=REFERENCE_MAX, strip=True)
    case_type = forms.ChoiceField(choices=CaseType.choices)
    team = forms.ChoiceField(choices=())
    court = forms.BooleanField(required=False)
    children = forms.IntegerField(min_value=1, max_value=MOST_CHILDREN, initial=1)

    def __init__(self, *args, teams: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        team = cast(forms.ChoiceField, self.fields["team"])  # the copy of the field declared above
        team.choices = [(name, name) for name in teams]

    def case(self) -> NewCase:
        data = self.cleaned_data
        return NewCase(data["case_type"], team=data["team"], court=data["court"], children=data["children"])


class DecisionForm(CaseForm):
    chosen_worker = forms.CharField(max_length=120)
    reason = forms.CharField(max_length=REASON_MAX, required=False, strip=True)

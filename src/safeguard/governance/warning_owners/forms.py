"""The one-step forms on a warning's page: a challenge about it, an action on the plan."""

from __future__ import annotations

from django import forms

from safeguard.governance.challenge.models import QUESTION_MAX
from safeguard.governance.plan.models import TITLE_MAX
from safeguard.web.accounts.models import User


class ChallengeFromWarningForm(forms.Form):
    question = forms.CharField(
        max_length=QUESTION_MAX, strip=True,
        error_messages={"required": "Write the question you want answered", "max_length": f"The question must be {QUESTION_MAX:,} characters or fewer"},
    )


class ActionFromWarningForm(forms.Form):
    title = forms.CharField(
        max_length=TITLE_MAX, strip=True,
        error_messages={"required": "Say what will be done", "max_length": f"The action must be {TITLE_MAX} characters or fewer"},
    )
    owner = forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True).order_by("first_name", "last_name", "username"),
        error_messages={"required": "Choose who owns the action", "invalid_choice": "Choose who owns the action"},
    )
    due = forms.DateField(
        input_formats=["%Y-%m-%d"], widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Give the date the action is due", "invalid": "Give the due date as a real date"},
    )

"""The challenge log's forms: raising a challenge, and assigning it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from safeguard.governance.challenge.models import FACTOR_CHOICES, QUESTION_MAX
from safeguard.indicators.catalogue import INDICATORS
from safeguard.roles import Permission, permissions_of
from safeguard.web.forms import DateField


class RaiseForm(forms.Form):
    question = forms.CharField(
        max_length=QUESTION_MAX, strip=True,
        error_messages={"required": "Write your question", "max_length": f"Your question must be {QUESTION_MAX:,} characters or fewer"},
    )
    factor = forms.ChoiceField(
        choices=[("", "The indicator's own factor"), *FACTOR_CHOICES], required=False,
        error_messages={"invalid_choice": "Choose one of the seven factors"},
    )
    indicator_id = forms.ChoiceField(
        choices=[("", "None: the question is not about one indicator"), *((item.id, item.title) for item in INDICATORS)], required=False,
        error_messages={"invalid_choice": "Choose one of the indicators"},
    )
    warning_key = forms.CharField(max_length=160, required=False, widget=forms.HiddenInput)
    framework_question = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("factor") and not data.get("indicator_id"):
            self.add_error("factor", "Choose the factor your question is about")
        return data


class OwnerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name


def answerers() -> list[Any]:
    """Active people whose roles let them answer challenges."""
    people = get_user_model().objects.filter(is_active=True).prefetch_related("role_grants").order_by("first_name", "last_name")
    return [person for person in people if Permission.ANSWER_CHALLENGES in permissions_of(person.roles)]


class AssignForm(forms.Form):
    owner = OwnerChoice(
        queryset=get_user_model().objects.none(), empty_label="Choose who will answer",
        error_messages={"required": "Choose who will answer", "invalid_choice": "Choose someone who can answer challenges"},
    )
    due = DateField(label_text="The date the answer is due")
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = get_user_model().objects.filter(pk__in=[person.pk for person in answerers()])  # type: ignore[attr-defined]

"""The Assurance framework page, a council question's page with its history, and the form that
adds one.

Everyone who sees the figures reads the framework: per factor, what good looks like and the
questions to ask, each with its source and links to the indicators that inform it, the council's
own questions marked. Those who may manage it (``MANAGE_FRAMEWORK``) add questions and retire
them; every such change writes one access record (``recorded_change``) and keeps the question's
history, and a retirement made from an out-of-date page is refused with 409, never applied over
someone else's.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from safeguard.factors import FACTORS
from safeguard.framework import FactorStatements, Framework, Question, load_framework
from safeguard.framework.additions import TEXT_MAX_LENGTH
from safeguard.framework.exports import CSV_COLUMNS, csv_rows
from safeguard.governance.framework.models import CouncilQuestion
from safeguard.governance.framework.services import (
    add_question,
    council_questions,
    framework_with_council_questions,
    reinstate_question,
    retire_question,
)
from safeguard.governance.workflow.transitions import GovernanceError, StaleEdit, transitions_of
from safeguard.governance.workflow.views import Answer, versioned_edit
from safeguard.indicators.catalogue import INDICATORS
from safeguard.roles import ROLES, Permission, permissions_of
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.leadership.downloads import csv_response

REASON_MAX_LENGTH = 2000


class QuestionForm(forms.Form):
    factor = forms.ChoiceField(
        choices=[(factor.id, factor.title) for factor in FACTORS],
        error_messages={"required": "Choose the factor the question is about", "invalid_choice": "Choose one of the seven factors"},
    )
    text = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        strip=True,
        error_messages={"required": "Write the question", "max_length": f"The question must be {TEXT_MAX_LENGTH:,} characters or fewer"},
    )
    indicators = forms.MultipleChoiceField(
        required=False,
        choices=[(item.id, item.title) for item in INDICATORS],
        error_messages={"invalid_choice": "Choose indicators from the list"},
    )
    audience = forms.ChoiceField(required=False, choices=[], error_messages={"invalid_choice": "Choose who the question is for from the list"})

    def __init__(self, *args: object, framework: Framework, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["audience"].choices = [("", "Anyone"), *framework.audiences.items()]  # type: ignore[attr-defined]


class ChangeForm(forms.Form):
    """Retire a question, or put a retired one back in use, saying why."""

    step = forms.ChoiceField(choices=[("retire", "Retire"), ("reinstate", "Put back in use")], error_messages={"required": "Reload the page and try again"})
    reason = forms.CharField(
        max_length=REASON_MAX_LENGTH,
        strip=True,
        error_messages={"required": "Say why", "max_length": f"The reason must be {REASON_MAX_LENGTH:,} characters or fewer"},
    )
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput, error_messages={"required": "Reload the page and try again"})


@dataclass(frozen=True)
class FactorSection:
    """One factor as the page shows it: the framework's statements and questions, then the
    council's own questions in use."""

    part: FactorStatements
    questions: list[Question]
    council: list[CouncilQuestion]


def _may_manage(request: SignedInRequest) -> bool:
    return Permission.MANAGE_FRAMEWORK in permissions_of(request.user.roles)


def framework(request: SignedInRequest) -> HttpResponse:
    product = load_framework()
    chosen = request.GET.get("for", "")
    audience = chosen if chosen in product.audiences else None
    everything = council_questions(in_use_only=False)
    sections = []
    for part in product.factors:
        questions = [question for question in part.questions if audience in (None, question.audience)]
        council = [item for item in everything if item.factor == part.id and item.in_use and audience in (None, item.audience)]
        sections.append(FactorSection(part, questions, council))
    context = {
        "framework": product,
        "sections": sections,
        "retired": [item for item in everything if not item.in_use],
        "audience": audience,
        "indicator_titles": {item.id: item.title for item in INDICATORS},
        "can_manage": _may_manage(request),
        "shown": sum(len(section.questions) + len(section.council) for section in sections),
    }
    return render(request, "framework/framework.html", context)


def framework_csv(request: SignedInRequest) -> HttpResponse:
    return csv_response("assurance-framework.csv", CSV_COLUMNS, csv_rows(framework_with_council_questions()))


def question_add(request: SignedInRequest) -> HttpResponse:
    product = load_framework()
    form = QuestionForm(request.POST or None, framework=product, initial={"factor": request.GET.get("factor", "")})

    def save() -> CouncilQuestion:
        data = form.cleaned_data
        return add_question(by=request.user, factor=data["factor"], text=data["text"], indicators=data["indicators"], audience=data["audience"] or None)

    return versioned_edit(
        request, form, save, record=None, action="add_framework_question",
        object_id=f"council.{form.cleaned_data['factor']}" if form.is_valid() else "",
        done=lambda question: f"Your question has been added to the framework as {question.public_id}.",
        then=lambda question: reverse("framework:question", args=[question.pk]), template="framework/question_add.html",
        context=lambda _: {"form": form, **_choices_for_macros(form)}, answers={ValidationError: Answer(200)}, mistakes=200,
    )


def _choices_for_macros(form: QuestionForm) -> dict[str, list[dict[str, object]]]:
    """The form's choices in the shape the GOV.UK radios and checkboxes macros take, with what
    the person chose (or the page was opened with) still chosen."""
    factor = form["factor"].value() or ""
    audience = form["audience"].value() or ""
    indicators = set(form["indicators"].value() or [])
    return {
        "factor_items": [{"value": value, "text": text, "checked": value == factor} for value, text in form.fields["factor"].choices],  # type: ignore[attr-defined]
        "audience_items": [{"value": value, "text": text, "checked": value == audience} for value, text in form.fields["audience"].choices],  # type: ignore[attr-defined]
        "indicator_items": [
            {"value": value, "text": text, "checked": value in indicators} for value, text in form.fields["indicators"].choices  # type: ignore[attr-defined]
        ],
    }


def question(request: SignedInRequest, question_id: int) -> HttpResponse:
    record = get_object_or_404(CouncilQuestion.objects.select_related("created_by"), pk=question_id)
    form = ChangeForm(request.POST or None, initial={"version": record.version})
    step = form.cleaned_data["step"] if request.method == "POST" and form.is_valid() else ""
    change = retire_question if step == "retire" else reinstate_question
    return versioned_edit(
        request, form, lambda: change(record, by=request.user, seen_version=form.cleaned_data["version"], reason=form.cleaned_data["reason"]),
        record=record, action=f"{step}_framework_question", object_id=record.public_id,
        done=f"{record.public_id} has been {'retired' if step == 'retire' else 'put back in use'}, and your reason recorded under your name.",
        then=reverse("framework:question", args=[record.pk]), template="framework/question.html",
        context=lambda shown: {
            "record": shown,
            "form": form,
            "history": transitions_of(shown),
            "factor": load_framework().factor(shown.factor),
            "audiences": load_framework().audiences,
            "indicator_titles": {item.id: item.title for item in INDICATORS},
            "can_manage": _may_manage(request),
            "role_names": {role.value: definition.title for role, definition in ROLES.items()},
        },
        answers={StaleEdit: Answer(409, "conflict"), GovernanceError: Answer(200)}, mistakes=200,
    )

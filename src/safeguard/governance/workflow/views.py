"""What every governance record's pages share: who is looking, the steps a person may take, a
step taken from a form (with its conflict answered 409), a change saved from a form against the
version the person saw or a new record made from one (``versioned_edit``), and the record's
history in words.

Each app's own views call these; templates draw them with ``workflow/_record.html``. Every
governance route needs a permission, so each view's request has a signed-in person
(``SignedInRequest``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from safeguard.aggregates import Viewer
from safeguard.governance.workflow.models import GovernanceRecord, WorkflowRecord
from safeguard.governance.workflow.transitions import GovernanceError, NotAllowed, StaleEdit, Transition, transitions_of
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.audit.models import ObjectType, record_id
from safeguard.web.audit.recording import recorded_change


def viewer_of(request: SignedInRequest) -> Viewer:
    return Viewer.of(request.user.roles)


def today() -> date:
    """Today where the council is (Europe/London), for due dates."""
    return timezone.localdate()


def steps_for(request: SignedInRequest, record: WorkflowRecord) -> list[Transition]:
    """The transitions this person may make on this record now."""
    return record.WORKFLOW.available(record.state, request.user.roles)


def posted_version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def take_step(
    request: SignedInRequest,
    record: WorkflowRecord,
    move: Callable[..., Any],
    *,
    back_to: str,
    conflict_template: str,
    conflict_context: dict[str, Any],
) -> HttpResponse:
    """Apply the transition named in the posted form (``step``, ``version``, ``reason``) with one
    access record; a stale version is answered 409 on the record's page with the person's text kept."""
    name = request.POST.get("step", "")
    reason = request.POST.get("reason", "")
    try:
        with recorded_change(request, action=f"{record._meta.model_name}_{name}"[:64], object_type=ObjectType.RECORD, object_id=record_id(record)):
            move(record, name, by=request.user, seen_version=posted_version(request), reason=reason)
    except StaleEdit as conflict:
        context = {**conflict_context, "conflict": str(conflict), "kept_reason": reason, "kept_step": name}
        return render(request, conflict_template, context, status=409)
    except NotAllowed as refusal:
        messages.error(request, str(refusal))
        return render(request, conflict_template, {**conflict_context, "refusal": str(refusal)}, status=403)
    except (GovernanceError, ValidationError) as problem:
        text = "; ".join(problem.messages) if isinstance(problem, ValidationError) else str(problem)
        context = {**conflict_context, "step_error": text, "kept_reason": reason, "kept_step": name}
        return render(request, conflict_template, context, status=400)
    messages.success(request, "Done: the change is recorded under your name.")
    return redirect(back_to)


@dataclass(frozen=True)
class Answer:
    """How a page answers a change that could not be made: with ``status``, and the error's words
    either on the form (``shown_as`` None: beside the field a ``ValidationError`` names, else beside
    ``field``, or above the form) or in the page's context under ``shown_as`` (``conflict``,
    ``refusal``, ``problem``), where its template says them; ``words`` are the page's own, said
    there in place of the error's."""

    status: int
    shown_as: str | None = None
    field: str | None = None
    words: str = ""


EDIT_ANSWERS: Mapping[type[Exception], Answer] = {
    StaleEdit: Answer(409, "conflict"),
    ValidationError: Answer(400),
    GovernanceError: Answer(400),
}
"""The usual answers: someone else's newer version is a 409 with the conflict explained; a
value the service refuses, or any other change that cannot be made, is on the form (400)."""
REFUSAL_ANSWERS: Mapping[type[Exception], Answer] = {**EDIT_ANSWERS, NotAllowed: Answer(403, "problem")}
"""The usual answers, but a change the person may not make is said above the form (403) as the
page's ``problem``: raising a plan action from a record, or a record only some may raise."""

Shown = TypeVar("Shown", bound=Model | None)
Saved = TypeVar("Saved")


def _answer_for(error: Exception, answers: Mapping[type[Exception], Answer]) -> Answer:
    """The answer for the most particular kind of ``error`` named (a ``NotAllowed`` before the
    ``GovernanceError`` it is); ``error`` is one of the kinds ``answers`` names."""
    return next(answers[kind] for kind in type(error).__mro__ if kind in answers)


def _put_on_form(form: forms.BaseForm, error: Exception, *, field: str | None, field_names: Mapping[str, str]) -> None:
    """A service's refusal beside the form field it is about (``field_names`` maps a record's
    field to the form's where they differ), else beside ``field``, or above the form."""
    if not isinstance(error, ValidationError):
        form.add_error(field, str(error))
        return
    if not hasattr(error, "error_dict"):
        form.add_error(field, error.messages)
        return
    for named, problems in error.message_dict.items():
        name = field_names.get(named, named)
        form.add_error(name if name in form.fields else None, problems)


def versioned_edit(
    request: SignedInRequest,
    form: forms.BaseForm | None,
    save: Callable[[], Saved],
    *,
    record: Shown,
    action: str,
    done: str | Callable[[Saved], str],
    then: str | Callable[[Saved], str],
    template: str,
    context: Callable[[Shown], dict[str, Any]],
    object_type: ObjectType = ObjectType.RECORD,
    object_id: str | None = None,
    answers: Mapping[type[Exception], Answer] = EDIT_ANSWERS,
    field_names: Mapping[str, str] | None = None,
    mistakes: int = 400,
) -> HttpResponse:
    """A page that changes a record from the version the person saw, or (``record`` None) makes
    a new one: the page itself (``form`` as given) until a valid form is posted; then ``save`` (the
    service call, carrying the version posted) with one access record (``action`` on ``record``,
    or on ``object_type`` ``object_id``, which a new record's page may leave empty).

    Saved: ``done`` is said and the person goes on to ``then`` (each may be worked out from what
    ``save`` returned). Not saved: the page again, the person's text kept in the form, with the
    problem answered as ``answers`` says (any kind of error it names, a refused upload as well as
    the records' own refusals; a kind it does not name is not caught); when someone else saved
    first, their version is the one ``context`` is given, so that the person can compare. A form
    with mistakes is answered ``mistakes`` (400; the framework's question page has always answered 200).
    ``form`` is None for a page that posts no form of its own (its rows are read in ``save``)."""
    shown = record
    said: dict[str, str] = {}
    status = 200
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            with recorded_change(
                request, action=action, object_type=object_type,
                object_id=object_id if object_id is not None else record_id(record) if record is not None else "",
            ):
                saved = save()
        except tuple(answers) as problem:
            answer = _answer_for(problem, answers)
            if isinstance(problem, StaleEdit) and isinstance(problem.current, type(record)):
                shown = problem.current
            if answer.shown_as is not None:
                said[answer.shown_as] = answer.words or ("; ".join(problem.messages) if isinstance(problem, ValidationError) else str(problem))
            elif form is not None:
                _put_on_form(form, problem, field=answer.field, field_names=field_names or {})
            status = answer.status
        else:
            messages.success(request, done if isinstance(done, str) else done(saved))
            return redirect(then if isinstance(then, str) else then(saved))
    if status == 200 and form is not None and form.errors:
        status = mistakes
    return render(request, template, {**context(shown), **said}, status=status)


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    who: str
    what: str


def _shown(value: Any, in_words: Callable[[Any], object] | None = None) -> str:
    if value in (None, "", [], {}):
        return "nothing"
    if in_words is not None:
        value = in_words(value)
    if isinstance(value, date):
        return value.strftime("%-d %B %Y")
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def history_of(
    record: GovernanceRecord, labels: dict[str, str] | None = None, words: Mapping[str, Callable[[Any], object]] | None = None
) -> list[HistoryLine]:
    """Every saved version of the record and every step it took, newest first, in words.
    ``labels`` names fields; ``words`` puts a field's stored value (a code, a list) into words."""
    labels = labels or {}
    words = words or {}
    lines: list[HistoryLine] = []
    versions = list(record.history.all().order_by("history_date", "history_id").select_related("history_user"))
    hidden = {"version", "updated_at", "state", "baseline"}
    for earlier, later in zip([None, *versions], versions):
        who = later.history_user.display_name if later.history_user else "the system"
        if earlier is None:
            lines.append(HistoryLine(later.history_date, who, "created the record"))
            continue
        changes = [
            f"{labels.get(change.field, change.field.replace('_', ' '))} from {_shown(change.old, words.get(change.field))} "
            f"to {_shown(change.new, words.get(change.field))}"
            for change in later.diff_against(earlier).changes
            if change.field not in hidden
        ]
        if changes:
            lines.append(HistoryLine(later.history_date, who, "changed " + "; ".join(changes)))
    if isinstance(record, WorkflowRecord):
        for step in transitions_of(record):
            said = f": {step.reason}" if step.reason else ""
            lines.append(
                HistoryLine(step.at, step.by_name, f"moved it from {record.WORKFLOW.label(step.from_state).lower()} to {record.WORKFLOW.label(step.to_state).lower()}{said}")
            )
    return sorted(lines, key=lambda line: line.at, reverse=True)


def step_error_list(kept_step: str, form: Any) -> list[dict[str, str]]:
    """A step form's errors for the page's error summary, each linking to its box in that step's
    own form (``workflow/_dated_steps.html`` gives each box the id ``<step>-<field>``)."""
    if form is None or not form.is_bound:
        return []
    return [{"text": problem, "href": f"#{kept_step}-{name}"} for name, problems in form.errors.items() for problem in problems]

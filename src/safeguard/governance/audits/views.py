"""The case audits' pages: the rounds (and, for auditors, their own cases), one round with its
results and actions, the results over time (downloadable), one case's audit, the child's rows
behind a case, and the forms that set up, assign, record, moderate and act.

Who sees what: leaders (``SEE_ASSURANCE_RECORDS``) see rounds and results, never a case or a
child's id; auditors see the cases assigned to them; the people running audits see every case.
A child's id appears on one page only, the child's rows behind a case, and every look at it (or
refusal) is in the access log under the child's id with the round as its purpose.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from safeguard.errors import SafeguardError
from safeguard.governance.audits import sampling, services
from safeguard.governance.audits.forms import (
    MOST_AUDITORS,
    AssignForm,
    AuditForm,
    ModerationForm,
    PlanActionForm,
    ProgrammeForm,
    grade_field_name,
)
from safeguard.governance.audits.judgements import AGENCIES, DOMAINS, GRADES, agency_label, domain_title, grade_label, theme_label
from safeguard.governance.audits.models import CASE_WORKFLOW, FORM_STEPS, AuditCase, AuditKind, AuditProgramme
from safeguard.governance.audits.results import CSV_COLUMNS, csv_rows, over_time, results_over_time, round_results, sees_exact_results
from safeguard.governance.workflow.transitions import NotAllowed, NotAvailable, StaleEdit
from safeguard.governance.workflow.views import EDIT_ANSWERS, Answer, history_of, posted_version, steps_for, take_step, versioned_edit
from safeguard.roles import Permission, permissions_of
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.audit.models import ObjectType, Outcome, record_id
from safeguard.web.audit.recording import record
from safeguard.web.errors import refused
from safeguard.web.leadership.downloads import csv_response

FIELD_LABELS = {
    "title": "the title", "theme": "the theme", "grades": "the grades", "overall_grade": "the overall grade",
    "child_voice_evident": "whether the child's voice is evident", "findings": "the findings", "themes": "the learning themes",
    "other_themes": "other learning", "moderation": "the moderation", "moderated_grades": "the moderated grades",
    "moderated_overall": "the moderated overall grade", "moderation_reason": "the moderator's reason",
    "moderated_by": "the moderator", "active": "whether still auditing",
}


def _grades_in_words(grades: dict[str, str]) -> str:
    return "; ".join(f"{domain_title(key)} {grade_label(grade).lower()}" for key, grade in grades.items())


def _grade_in_words(grade: str) -> str:
    return grade_label(grade).lower()


def _themes_in_words(themes: list[str]) -> str:
    return "; ".join(theme_label(theme).lower() for theme in themes)


def _person_in_words(pk: int) -> str:
    person = get_user_model().objects.filter(pk=pk).first()
    return person.display_name if person is not None else "someone"


HISTORY_WORDS: dict[str, Callable[[Any], str]] = {
    "grades": _grades_in_words, "moderated_grades": _grades_in_words, "overall_grade": _grade_in_words,
    "moderated_overall": _grade_in_words, "themes": _themes_in_words, "agency": agency_label, "moderated_by": _person_in_words,
}
"""How a case's history puts its stored grades and themes into words."""
NOT_YOUR_CASE = "You can open only the cases you are assigned to audit."
CASE_ANSWERS = {**EDIT_ANSWERS, NotAllowed: Answer(403, "refusal")}
"""A case's audit or moderation refused to the person is said on the case's page."""


def _held(request: SignedInRequest) -> frozenset[Permission]:
    return permissions_of(request.user.roles)


def _exact(request: SignedInRequest) -> bool:
    return sees_exact_results(request.user.roles)


# Rounds


def programmes(request: SignedInRequest) -> HttpResponse:
    rounds = list(AuditProgramme.objects.select_related("created_by").order_by("-created_at", "-id"))
    progress = {
        programme.pk: Counter(programme.cases.values_list("state", flat=True)) for programme in rounds
    }
    held = _held(request)
    mine = list(services.cases_assigned_to(request.user)) if Permission.AUDIT_CASES in held else []
    return render(
        request,
        "audits/programmes.html",
        {"rounds": [(programme, progress[programme.pk]) for programme in rounds], "mine": mine,
         "can_run": Permission.RUN_CASE_AUDITS in held},
    )


def programme_add(request: SignedInRequest) -> HttpResponse:
    form = ProgrammeForm(request.POST or None)
    return versioned_edit(
        request, form, lambda: services.set_up_round(by=request.user, **form.cleaned_data),
        record=None, action="set_up_audit_round", done=lambda made: f"Round {made.reference} is set up with {made.case_count} cases drawn.",
        then=lambda made: reverse("audits:programme", args=[made.pk]), template="audits/programme_form.html",
        context=lambda _: {"form": form},
    )


def _programme_context(request: SignedInRequest, programme: AuditProgramme, **extra: Any) -> dict[str, Any]:
    held = _held(request)
    cases = services.visible_cases(programme, request.user)
    return {
        "programme": programme,
        "results": round_results(programme, exact=_exact(request)),
        "cases": [(case, services.auditor_names(case)) for case in cases],
        "progress": _progress_text(programme),
        "steps": steps_for(request, programme),
        "history": history_of(programme, FIELD_LABELS),
        "actions": list(services.actions_from(programme)),
        "can_run": Permission.RUN_CASE_AUDITS in held,
        "may_raise": {Permission.RUN_CASE_AUDITS, Permission.MANAGE_PLAN} <= held,
        "action_form": extra.pop("action_form", PlanActionForm()),
        "risk_label": sampling.risk_label,
        "grade_label": grade_label,
        **extra,
    }


def _progress_text(programme: AuditProgramme) -> str:
    """How far the round has got: '8 moderated; 4 being audited'."""
    counted = Counter(programme.cases.values_list("state", flat=True))
    return "; ".join(f"{counted[state]} {label.lower()}" for state, label in CASE_WORKFLOW.choices() if counted[state])


def programme(request: SignedInRequest, programme_id: int) -> HttpResponse:
    found = get_object_or_404(AuditProgramme.objects.select_related("created_by"), pk=programme_id)
    return render(request, "audits/programme.html", _programme_context(request, found))


def programme_step(request: SignedInRequest, programme_id: int) -> HttpResponse:
    found = get_object_or_404(AuditProgramme, pk=programme_id)
    return take_step(
        request, found, services.move_round,
        back_to=reverse("audits:programme", args=[found.pk]), conflict_template="audits/programme.html",
        conflict_context=_programme_context(request, AuditProgramme.objects.get(pk=found.pk)),
    )


def raise_action(request: SignedInRequest, programme_id: int) -> HttpResponse:
    """An action for the plan from a round, or from one of its moderated cases (``case``)."""
    found = get_object_or_404(AuditProgramme, pk=programme_id)
    form = PlanActionForm(request.POST)
    case = None
    if form.is_valid() and form.cleaned_data.get("case"):
        case = found.cases.filter(pk=form.cleaned_data["case"]).first()
        if case is None:
            form.add_error(None, "That case is not part of this round")

    def page(_: Any) -> dict[str, Any]:
        if case is not None:
            return _case_context(request, case, action_form=form)
        return _programme_context(request, found, action_form=form)

    return versioned_edit(
        request, form,
        lambda: services.raise_plan_action(found, by=request.user, case=case, **{key: value for key, value in form.cleaned_data.items() if key != "case"}),
        record=case or found, action="raise_plan_action_from_audit", done=lambda made: f"Action {made.reference} is on the improvement plan.",
        then=lambda made: reverse("plan:action", args=[made.pk]), template="audits/case.html" if case is not None else "audits/programme.html",
        context=page,
    )


def results(request: SignedInRequest) -> HttpResponse:
    exact = _exact(request)
    return render(request, "audits/results.html", {"tables": over_time(results_over_time(exact=exact)), "exact": exact})


def results_csv(request: SignedInRequest) -> HttpResponse:
    return csv_response("case-audit-results.csv", CSV_COLUMNS, csv_rows(results_over_time(exact=_exact(request))))


# Cases


def _case(case_id: int) -> AuditCase:
    return get_object_or_404(AuditCase.objects.select_related("programme", "moderated_by").prefetch_related("assignments__auditor"), pk=case_id)


def _refuse_case(request: SignedInRequest, case: AuditCase) -> HttpResponse:
    record(request, action="open_audit_case", object_type=ObjectType.RECORD, object_id=record_id(case), outcome=Outcome.REFUSED)
    return refused(request, NOT_YOUR_CASE)


def _audit_form_for(case: AuditCase) -> AuditForm:
    initial = {
        "overall_grade": case.overall_grade, "child_voice_evident": case.child_voice_evident, "findings": case.findings,
        "themes": case.themes, "other_themes": case.other_themes, "version": case.version,
        **{grade_field_name(key): grade for key, grade in case.grades.items()},
    }
    return AuditForm(initial=initial)


def _moderation_form_for(case: AuditCase) -> ModerationForm:
    initial = {"overall": case.overall_grade, "version": case.version, **{grade_field_name(key): grade for key, grade in case.grades.items()}}
    return ModerationForm(initial=initial)


def _case_context(request: SignedInRequest, case: AuditCase, **extra: Any) -> dict[str, Any]:
    held = _held(request)
    auditor = services.is_auditor(case, request.user)
    running = Permission.RUN_CASE_AUDITS in held
    steps = [
        step for step in steps_for(request, case)
        if step.name not in FORM_STEPS and (auditor or step.name not in {"start", "submit"})
    ]
    return {
        "case": case,
        "programme": case.programme,
        "auditors": services.active_assignments(case),
        "domains": DOMAINS,
        "grades": GRADES,
        "grade_label": grade_label,
        "domain_title": domain_title,
        "theme_label": theme_label,
        "risk_label": sampling.risk_label,
        "agencies": dict(AGENCIES),
        "is_auditor": auditor,
        "can_run": running,
        "may_assign": running and case.state in {"drawn", "assigned"},
        "may_record": auditor and case.state in {"assigned", "in_progress"},
        "may_moderate": running and not auditor and case.state == "submitted",
        "may_raise": {Permission.RUN_CASE_AUDITS, Permission.MANAGE_PLAN} <= held and case.state == "moderated",
        "missing": services.missing_for_submission(case) if case.state == "in_progress" else [],
        "steps": steps,
        "history": history_of(case, FIELD_LABELS, HISTORY_WORDS),
        "audit_form": extra.pop("audit_form", _audit_form_for(case)),
        "moderation_form": extra.pop("moderation_form", _moderation_form_for(case)),
        "action_form": extra.pop("action_form", PlanActionForm(initial={"case": case.pk})),
        "grade_field_name": grade_field_name,
        **extra,
    }


def case(request: SignedInRequest, case_id: int) -> HttpResponse:
    found = _case(case_id)
    if not services.may_open_case(found, request.user):
        return _refuse_case(request, found)
    return render(request, "audits/case.html", _case_context(request, found))


def case_child(request: SignedInRequest, case_id: int) -> HttpResponse:
    """The child's rows in the snapshot the round drew from: for the case's auditors and those
    who may see every child's record, each look recorded under the child's id."""
    found = _case(case_id)
    purpose = f"case audit {found.programme.label}"
    allowed = services.may_see_child(found, request.user)
    record(
        request, action="view_audited_child", object_type=ObjectType.CHILD, object_id=found.child_id, purpose=purpose,
        outcome=Outcome.ALLOWED if allowed else Outcome.REFUSED,
    )
    if not allowed:
        return refused(request, NOT_YOUR_CASE)
    try:
        lists, problem = sampling.child_rows(found.programme.snapshot_id, found.child_id), None
    except SafeguardError as error:
        lists, problem = [], str(error)
    return render(request, "audits/case_child.html", {"case": found, "programme": found.programme, "lists": lists, "problem": problem, "purpose": purpose})


def case_assign(request: SignedInRequest, case_id: int) -> HttpResponse:
    found = _case(case_id)
    current = services.active_assignments(found)
    initial: dict[str, Any] = {"version": found.version}
    for row, assignment in enumerate(current[:MOST_AUDITORS], start=1):
        initial[f"auditor_{row}"] = assignment.auditor_id
        initial[f"agency_{row}"] = assignment.agency
    if not current and found.programme.kind == AuditKind.SINGLE_AGENCY:
        initial["agency_1"] = "social_care"
    form = AssignForm(request.POST or None, initial=initial)
    rows = range(1, (MOST_AUDITORS if found.programme.kind == AuditKind.MULTI_AGENCY else 1) + 1)

    def save() -> None:
        chosen = [services.Assignment(person, agency) for person, agency in form.chosen()]
        services.assign_auditors(found, by=request.user, seen_version=posted_version(request), auditors=chosen)

    return versioned_edit(
        request, form, save, record=found, action="assign_case_auditors", done=f"Case {found.reference} is assigned.",
        then=reverse("audits:case", args=[found.pk]), template="audits/case_assign.html",
        context=lambda _: {"case": _case(case_id), "form": form, "rows": rows},
        answers={StaleEdit: Answer(409, "conflict"), ValidationError: Answer(400), NotAvailable: Answer(400)}, field_names={"auditors": "auditor_1"},
    )


def _case_or_refusal(request: SignedInRequest, case_id: int) -> tuple[AuditCase, HttpResponse | None]:
    found = _case(case_id)
    if not services.may_open_case(found, request.user):
        return found, _refuse_case(request, found)
    return found, None


def case_record(request: SignedInRequest, case_id: int) -> HttpResponse:
    """The auditor saves their grades, findings and themes."""
    found, refusal = _case_or_refusal(request, case_id)
    if refusal:
        return refusal
    form = AuditForm(request.POST)
    return versioned_edit(
        request, form, lambda: services.record_audit(found, by=request.user, seen_version=posted_version(request), changes=form.changes()),
        record=found, action="record_case_audit", done="Your audit is saved.", then=reverse("audits:case", args=[found.pk]),
        template="audits/case.html", context=lambda shown: _case_context(request, shown, audit_form=form), answers=CASE_ANSWERS,
    )


def case_step(request: SignedInRequest, case_id: int) -> HttpResponse:
    found, refusal = _case_or_refusal(request, case_id)
    if refusal:
        return refusal
    return take_step(
        request, found, services.move_case,
        back_to=reverse("audits:case", args=[found.pk]), conflict_template="audits/case.html",
        conflict_context=_case_context(request, _case(case_id)),
    )


def case_moderate(request: SignedInRequest, case_id: int) -> HttpResponse:
    found = _case(case_id)
    form = ModerationForm(request.POST)
    return versioned_edit(
        request, form,
        lambda: services.moderate(
            found, by=request.user, seen_version=posted_version(request),
            grades=form.grades(), overall=form.cleaned_data["overall"], reason=form.cleaned_data["reason"],
        ),
        record=found, action="moderate_case_audit", done=f"Case {found.reference} is moderated.", then=reverse("audits:case", args=[found.pk]),
        template="audits/case.html", context=lambda shown: _case_context(request, shown, moderation_form=form), answers=CASE_ANSWERS,
        field_names={"moderation_reason": "reason", "moderated_overall": "overall"},
    )

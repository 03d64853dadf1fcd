"""Running case audits: setting up a round and drawing its cases, assigning auditors, recording
and submitting an audit, moderating it, completing the round, and raising plan actions from what
it found; and who may open which case.

Every change goes through ``safeguard.governance.workflow.transitions`` (permission, version
check, history, transition log). Auditors see only the children they are assigned (DOMAIN.md §1):
``may_open_case`` and ``may_see_child`` are the one answer to "may this person look at this case",
asked by every page that shows one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from safeguard.governance.audits import sampling
from safeguard.governance.audits.judgements import DOMAIN_KEYS, GRADE_KEYS, GRADE_WORDS, agency_label, domain_title
from safeguard.governance.audits.models import (
    CLOSED_STATES,
    MOST_CASES,
    AuditCase,
    AuditKind,
    AuditProgramme,
    CaseAuditor,
    Moderation,
)
from safeguard.governance.plan import services as plan_services
from safeguard.governance.plan.models import PlanAction
from safeguard.governance.workflow.transitions import (
    Actor,
    GovernanceError,
    NotAllowed,
    NotAvailable,
    apply_transition,
    create_record,
    save_edit,
)
from safeguard.roles import Permission, permissions_of

AUDIT_FIELDS = ("grades", "overall_grade", "child_voice_evident", "findings", "themes", "other_themes")
"""What an auditor records on a case."""


def _holds(person: Actor, permission: Permission) -> bool:
    return permission in permissions_of(person.roles)


def may_run_audits(person: Actor) -> bool:
    return _holds(person, Permission.RUN_CASE_AUDITS)


def active_assignments(case: AuditCase) -> list[CaseAuditor]:
    return [assignment for assignment in case.assignments.all() if assignment.active]


def is_auditor(case: AuditCase, person: Actor) -> bool:
    return any(assignment.auditor_id == person.pk for assignment in active_assignments(case))


def may_open_case(case: AuditCase, person: Actor) -> bool:
    """A case's record is open to its assigned auditors and to the people running audits."""
    return is_auditor(case, person) or may_run_audits(person)


def may_see_child(case: AuditCase, person: Actor) -> bool:
    """The child's rows are open to whoever may open the case, and to those who may see every
    child's record (the Director, the analysts)."""
    return may_open_case(case, person) or _holds(person, Permission.SEE_CHILD_LEVEL)


def cases_assigned_to(person: Actor) -> QuerySet[AuditCase]:
    """The cases this person is auditing now, newest round first."""
    return (
        AuditCase.objects.filter(assignments__auditor_id=person.pk, assignments__active=True)
        .select_related("programme")
        .order_by("-programme__created_at", "number")
        .distinct()
    )


def visible_cases(programme: AuditProgramme, person: Actor) -> list[AuditCase]:
    """A round's cases this person may open: all of them for those running audits, otherwise
    only their own."""
    cases = list(programme.cases.prefetch_related("assignments__auditor").order_by("number"))
    if may_run_audits(person):
        return cases
    return [case for case in cases if is_auditor(case, person)]


# Rounds


def set_up_round(
    *,
    by: Actor,
    title: str,
    theme: str,
    kind: str,
    snapshot_id: str,
    case_count: int,
    method: str,
    seed: int,
    at: datetime | None = None,
) -> AuditProgramme:
    """Make a round and draw its cases from the snapshot, all or nothing. Bad input is a
    ``ValidationError`` naming the field, and nothing is made."""
    if not may_run_audits(by):
        raise NotAllowed("Your roles do not allow you to set up a round of case audits.")
    if not 1 <= case_count <= MOST_CASES:
        raise ValidationError({"case_count": f"Choose between 1 and {MOST_CASES} cases"})
    try:
        chosen_method = sampling.Method(method)
    except ValueError:
        raise ValidationError({"method": "Choose at random or weighted to risk"}) from None
    try:
        drawn = sampling.draw(snapshot_id, count=case_count, method=chosen_method, seed=seed)
    except sampling.NoSnapshot as problem:
        raise ValidationError({"snapshot_id": str(problem)}) from None
    except sampling.TooFewChildren as problem:
        raise ValidationError({"case_count": str(problem)}) from None
    with transaction.atomic():
        programme = create_record(
            AuditProgramme, by=by, permission=Permission.RUN_CASE_AUDITS, at=at,
            title=title.strip(), theme=theme.strip(), kind=kind, snapshot_id=drawn.snapshot_id, period_end=drawn.period_end,
            case_count=case_count, method=chosen_method.value, seed=seed, eligible=drawn.eligible,
        )
        for number, candidate in enumerate(drawn.chosen, start=1):
            create_record(
                AuditCase, by=by, permission=Permission.RUN_CASE_AUDITS, at=at, programme=programme, number=number,
                child_id=candidate.child_id, team=candidate.team, risks=list(candidate.risks),
                weight=candidate.weight(chosen_method),
            )
    return programme


def move_round(
    programme: AuditProgramme, name: str, *, by: Actor, seen_version: int, reason: str = "", at: datetime | None = None
) -> AuditProgramme:
    """Complete a round (once every case is moderated or withdrawn) or reopen it."""
    if name == "complete":
        open_cases = programme.cases.exclude(state__in=CLOSED_STATES).count()
        if open_cases:
            raise GovernanceError(
                f"{open_cases} {'case is' if open_cases == 1 else 'cases are'} not yet moderated or withdrawn, "
                "so the round cannot be completed."
            )
    return apply_transition(programme, name, by=by, seen_version=seen_version, reason=reason, at=at)


# Cases


@dataclass(frozen=True)
class Assignment:
    auditor: Any
    """A person (``safeguard.web.accounts.models.User``)."""
    agency: str


def _check_auditors(programme: AuditProgramme, auditors: Sequence[Assignment]) -> None:
    problems = []
    people = [item.auditor.pk for item in auditors]
    agencies = [item.agency for item in auditors]
    if programme.kind == AuditKind.SINGLE_AGENCY and len(auditors) != 1:
        problems.append("A single-agency audit has one auditor: choose one")
    if programme.kind == AuditKind.MULTI_AGENCY and len(auditors) < 2:
        problems.append("A multi-agency audit needs auditors from at least two agencies")
    if len(set(people)) != len(people):
        problems.append("Choose each auditor once")
    if programme.kind == AuditKind.MULTI_AGENCY and len(set(agencies)) != len(agencies):
        problems.append("Each auditor of a multi-agency audit comes from a different agency")
    for item in auditors:
        if not item.auditor.is_active or not _holds(item.auditor, Permission.AUDIT_CASES):
            problems.append(f"{item.auditor.display_name} cannot audit cases: their roles do not allow it")
    if problems:
        raise ValidationError({"auditors": problems})


def assign_auditors(
    case: AuditCase,
    *,
    by: Actor,
    seen_version: int,
    auditors: Sequence[Assignment],
    reason: str = "",
    at: datetime | None = None,
) -> AuditCase:
    """Give a case its auditors (before the audit starts). Auditors no longer chosen are ended,
    never deleted; those kept stay as they were."""
    _check_auditors(case.programme, auditors)
    wanted = {(item.auditor.pk, item.agency) for item in auditors}
    with transaction.atomic():
        moved = apply_transition(case, "assign", by=by, seen_version=seen_version, reason=reason, at=at)
        kept = set()
        for assignment in active_assignments(case):
            if (assignment.auditor_id, assignment.agency) in wanted:
                kept.add((assignment.auditor_id, assignment.agency))
            else:
                save_edit(
                    assignment, by=by, seen_version=assignment.version, changes={"active": False},
                    permission=Permission.RUN_CASE_AUDITS, reason="auditors changed", at=at,
                )
        for item in auditors:
            if (item.auditor.pk, item.agency) not in kept:
                create_record(CaseAuditor, by=by, permission=Permission.RUN_CASE_AUDITS, at=at, case=moved, auditor=item.auditor, agency=item.agency)
    return moved


def _check_is_auditor(case: AuditCase, person: Actor, what: str) -> None:
    if not is_auditor(case, person):
        raise NotAllowed(f"Only the case's assigned auditors can {what}.")


def record_audit(
    case: AuditCase, *, by: Actor, seen_version: int, changes: Mapping[str, Any], at: datetime | None = None
) -> AuditCase:
    """Save an auditor's grades, findings and themes; saving an assigned case starts its audit."""
    unknown = set(changes) - set(AUDIT_FIELDS)
    if unknown:
        raise ValueError(f"these fields are not part of an audit: {sorted(unknown)}")
    _check_is_auditor(case, by, "record the audit")
    if case.state == "assigned":
        return apply_transition(case, "start", by=by, seen_version=seen_version, changes=changes, at=at)
    if case.state != "in_progress":
        raise NotAvailable(f"This case is {case.state_label.lower()}, so its audit can no longer be changed.")
    return save_edit(case, by=by, seen_version=seen_version, changes=changes, permission=Permission.AUDIT_CASES, at=at)


def missing_for_submission(case: AuditCase) -> list[str]:
    """What an audit still needs before it can go to moderation, in words."""
    missing = [f"a grade for {domain_title(key).lower()}" for key in DOMAIN_KEYS if not case.grades.get(key)]
    if not case.overall_grade:
        missing.append("an overall grade")
    if not case.child_voice_evident:
        missing.append("whether the child's voice is evident")
    if not case.findings.strip():
        missing.append("the findings")
    if not case.themes and not case.other_themes.strip():
        missing.append("at least one learning theme")
    return missing


def move_case(
    case: AuditCase, name: str, *, by: Actor, seen_version: int, reason: str = "", at: datetime | None = None
) -> AuditCase:
    """Start, submit, send back or withdraw a case (assigning and moderating have their own forms)."""
    if name in {"start", "submit"}:
        _check_is_auditor(case, by, "start or submit the audit")
    if name == "submit":
        missing = missing_for_submission(case)
        if missing:
            raise GovernanceError("Before submitting, add " + ", ".join(missing) + ".")
    if name in {"assign", "moderate"}:
        raise NotAvailable("Use the form on the case's page for this step.")
    return apply_transition(case, name, by=by, seen_version=seen_version, reason=reason, at=at)


def moderate(
    case: AuditCase,
    *,
    by: Actor,
    seen_version: int,
    grades: Mapping[str, str],
    overall: str,
    reason: str = "",
    at: datetime | None = None,
) -> AuditCase:
    """Agree the auditor's grades or change them (saying why). The moderator is someone who did
    not audit the case, so that the judgement is checked independently (LMCS guide §4.1, factor 5)."""
    if is_auditor(case, by):
        raise NotAllowed("A case is moderated by someone who did not audit it.")
    problems = {}
    if set(grades) != set(DOMAIN_KEYS) or any(grade not in GRADE_KEYS for grade in grades.values()):
        problems["moderated_grades"] = f"Give every domain a grade: {GRADE_WORDS}"
    if overall not in GRADE_KEYS:
        problems["moderated_overall"] = f"Give the overall grade: {GRADE_WORDS}"
    if problems:
        raise ValidationError(problems)
    agreed = dict(grades) == dict(case.grades) and overall == case.overall_grade
    changes = {
        "moderation": Moderation.AGREED if agreed else Moderation.CHANGED,
        "moderated_grades": dict(grades),
        "moderated_overall": overall,
        "moderation_reason": reason.strip(),
        "moderated_by_id": by.pk,
    }
    return apply_transition(case, "moderate", by=by, seen_version=seen_version, reason=reason, changes=changes, at=at)


def auditor_names(case: AuditCase) -> str:
    return ", ".join(f"{item.auditor.display_name} ({agency_label(item.agency)})" for item in active_assignments(case))


# Plan actions


def raise_plan_action(
    programme: AuditProgramme,
    *,
    by: Actor,
    title: str,
    factor: str,
    owner: Any,
    due: date,
    description: str = "",
    case: AuditCase | None = None,
    raised_on: date | None = None,
    at: datetime | None = None,
) -> PlanAction:
    """Put what a round (or one of its moderated cases) found on the improvement plan, in one
    step, naming the round as the action's source."""
    if not may_run_audits(by):
        raise NotAllowed("Your roles do not allow you to raise actions from case audits.")
    reference = f"Case audit {programme.reference}"
    if case is not None:
        if case.programme_id != programme.pk:
            raise GovernanceError("That case is not part of this round.")
        if case.state != "moderated":
            raise GovernanceError("Raise actions from a case once its audit is moderated.")
        reference += f" case {case.reference}"
    return plan_services.raise_action(
        by=by, raised_on=raised_on, at=at, title=title.strip(), description=description.strip(), source="audit",
        source_reference=f"{reference}: {programme.title}"[:200], factor=factor, owner=owner, due=due,
    )


def actions_from(programme: AuditProgramme) -> QuerySet[PlanAction]:
    """The plan actions raised from this round or its cases."""
    prefix = f"Case audit {programme.reference}"
    return (
        PlanAction.objects.filter(source="audit")
        .filter(Q(source_reference__startswith=prefix + ":") | Q(source_reference__startswith=prefix + " case "))
        .select_related("owner")
        .order_by("raised_on", "id")
    )

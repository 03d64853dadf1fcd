"""Sample values for the case audits' route parameters, and one successful POST per route, for
the permission matrix and the access log's coverage tests (``tests/web``).

Records are made directly, as the matrix needs them whoever the person is: a round drawn from the
store's newest snapshot, and a case being audited by the person the matrix signs in (so that the
roles allowed at the door are let in by the case's own check too).
"""

from __future__ import annotations

from typing import Any

from safeguard.governance.audits import sampling
from safeguard.governance.audits.judgements import DOMAIN_KEYS
from safeguard.governance.audits.models import AuditCase, AuditKind, AuditProgramme, CaseAuditor
from safeguard.roles import Role

ALL_GOOD = {key: "good" for key in DOMAIN_KEYS}


def make_round(person: Any, *, kind: str = AuditKind.SINGLE_AGENCY, state: str = "auditing", count: int = 2) -> AuditProgramme:
    """A round of ``count`` cases drawn from the newest snapshot (cases waiting for an auditor)."""
    drawn = sampling.draw(sampling.LATEST, count=count, method=sampling.Method.RISK_WEIGHTED, seed=1)
    programme = AuditProgramme.objects.create(
        title="Sample round", theme="Children on plans", kind=kind, snapshot_id=drawn.snapshot_id, period_end=drawn.period_end,
        case_count=count, method=drawn.method.value, seed=drawn.seed, eligible=drawn.eligible, state=state, created_by=person,
    )
    for number, candidate in enumerate(drawn.chosen, start=1):
        AuditCase.objects.create(
            programme=programme, number=number, child_id=candidate.child_id, team=candidate.team, risks=list(candidate.risks),
            weight=candidate.weight(drawn.method), state="drawn", created_by=person,
        )
    return programme


def make_case(person: Any, *, state: str = "in_progress", auditor: Any = None, **fields: Any) -> AuditCase:
    """The first case of a new round, in ``state``, audited by ``auditor`` (default: ``person``)."""
    case = make_round(person).cases.get(number=1)
    AuditCase.objects.filter(pk=case.pk).update(state=state, **fields)
    CaseAuditor.objects.create(case=case, auditor=auditor or person, agency="social_care", created_by=person)
    return AuditCase.objects.get(pk=case.pk)


ROUTE_SAMPLES = {
    "programme_id": lambda person: make_round(person).pk,
    "case_id": lambda person: make_case(person).pk,
}


def _signed_in(make_person, *roles):
    from django.test import Client
    from web_support import sign_in

    person = make_person(*roles)
    return sign_in(Client(), person), person


def _set_up_change(make_person, snapshot_id, **_):
    from django.urls import reverse

    client, _ = _signed_in(make_person, Role.DCS)
    data = {"title": "Spring round", "theme": "Long plans", "kind": "single_agency", "snapshot_id": snapshot_id,
            "case_count": "2", "method": "risk_weighted", "seed": "42"}
    return client, reverse("audits:programme_add"), data, "set_up_audit_round"


def _round_step_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.PRACTICE_LEAD)
    programme = make_round(person, state="completed")
    return client, reverse("audits:programme_step", args=[programme.pk]), {"step": "reopen", "version": "1", "reason": "One more case"}, "auditprogramme_reopen"


def _raise_action_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.PRACTICE_LEAD)
    programme = make_round(person)
    data = {"title": "Refresh the supervision policy", "factor": "performance_and_quality", "owner": person.pk,
            "due_day": "30", "due_month": "6", "due_year": "2027"}
    return client, reverse("audits:raise_action", args=[programme.pk]), data, "raise_plan_action_from_audit"


def _assign_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.DCS)
    auditor = make_person(Role.PRACTICE_LEAD)
    case = make_round(person).cases.get(number=1)
    data = {"auditor_1": auditor.pk, "agency_1": "social_care", "version": "1"}
    return client, reverse("audits:case_assign", args=[case.pk]), data, "assign_case_auditors"


def _record_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.BOARD_MEMBER)
    case = make_case(person)
    return client, reverse("audits:case_record", args=[case.pk]), {"grade_planning": "good", "version": "1"}, "record_case_audit"


def _case_step_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.PRACTICE_LEAD)
    case = make_case(person, state="assigned")
    return client, reverse("audits:case_step", args=[case.pk]), {"step": "start", "version": "1"}, "auditcase_start"


def _moderate_change(make_person, **_):
    from django.urls import reverse

    client, person = _signed_in(make_person, Role.DCS)
    case = make_case(person, state="submitted", auditor=make_person(Role.PRACTICE_LEAD), grades=ALL_GOOD, overall_grade="good")
    data = {f"grade_{key}": "good" for key in DOMAIN_KEYS} | {"overall": "good", "version": "1"}
    return client, reverse("audits:case_moderate", args=[case.pk]), data, "moderate_case_audit"


POST_CHANGES = {
    "audits:programme_add": _set_up_change,
    "audits:programme_step": _round_step_change,
    "audits:raise_action": _raise_action_change,
    "audits:case_assign": _assign_change,
    "audits:case_record": _record_change,
    "audits:case_step": _case_step_change,
    "audits:case_moderate": _moderate_change,
}

"""A round from set-up to completion through the services: drawing, assigning single and
multi-agency auditors, recording, submitting, sending back, moderating, completing, and raising
plan actions; with the refusals along the way."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from safeguard.governance.audits import results, services
from safeguard.governance.audits.judgements import DOMAIN_KEYS
from safeguard.governance.audits.models import AuditCase, AuditProgramme, CaseAuditor
from safeguard.governance.audits.tests.council_rows import commit_council
from safeguard.governance.plan.models import PlanAction
from safeguard.governance.workflow.transitions import GovernanceError, NotAllowed, NotAvailable, StaleEdit, transitions_of
from safeguard.roles import Role

pytestmark = pytest.mark.django_db

GOOD = {key: "good" for key in DOMAIN_KEYS}
COMPLETE = {"grades": GOOD, "overall_grade": "good", "child_voice_evident": "yes", "findings": "Plan reviewed on time.", "themes": ["recording"]}


@pytest.fixture
def council(store_home) -> str:
    return commit_council(store_home)


def _round(lead, council, kind="single_agency", count=3) -> AuditProgramme:
    return services.set_up_round(
        by=lead, title="Spring round", theme="Long plans", kind=kind, snapshot_id=council, case_count=count,
        method="risk_weighted", seed=2026,
    )


def test_setting_up_a_round_draws_its_cases_with_their_teams_and_risks(make_person, council):
    lead = make_person(Role.PRACTICE_LEAD)
    programme = _round(lead, council, count=5)
    assert (programme.state, programme.eligible, programme.snapshot_id, programme.period_end) == ("auditing", 18, council, date(2025, 3, 31))
    cases = list(programme.cases.order_by("number"))
    assert [case.child_id for case in cases] == ["CH0003", "CH0004", "CH0001", "CH0020", "CH0011"]
    assert [case.state for case in cases] == ["drawn"] * 5
    assert (cases[2].team, cases[2].risks, cases[2].weight) == ("Child Protection East", ["long_plan", "repeat_plan", "unallocated"], 11.0)
    assert programme.reference == f"R{programme.pk:02d}" and cases[0].reference == f"{programme.reference}-01"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"case_count": 19}, "case_count", "The snapshot has 18 children who can be audited; choose 18 cases or fewer"),
        ({"case_count": 0}, "case_count", "Choose between 1 and 100 cases"),
        ({"snapshot_id": ""}, "snapshot_id", "Choose the snapshot the round draws its cases from"),
        ({"snapshot_id": "20990101-00000000"}, "snapshot_id", "There is no snapshot '20990101-00000000'"),
        ({"method": "by_hand"}, "method", "Choose at random or weighted to risk"),
        ({"title": ""}, "title", "This field cannot be blank"),
    ],
)
def test_a_round_with_bad_input_is_refused_naming_the_field_and_nothing_is_made(make_person, council, changes, field, message):
    lead = make_person(Role.PRACTICE_LEAD)
    arguments = {"title": "Spring", "theme": "Plans", "kind": "single_agency", "snapshot_id": council, "case_count": 3,
                 "method": "random", "seed": 1} | changes
    with pytest.raises(ValidationError) as refused:
        services.set_up_round(by=lead, **arguments)
    assert any(message in text for text in refused.value.message_dict[field]), refused.value.message_dict
    assert AuditProgramme.objects.count() == 0 and AuditCase.objects.count() == 0


def test_only_people_running_audits_set_up_rounds(make_person, council):
    with pytest.raises(NotAllowed):
        _round(make_person(Role.BOARD_MEMBER), council)
    assert AuditProgramme.objects.count() == 0


def test_a_single_agency_case_is_audited_submitted_sent_back_moderated_and_the_round_completed(make_person, council):
    lead, auditor, director = make_person(Role.PRACTICE_LEAD), make_person(Role.PRACTICE_LEAD), make_person(Role.DCS)
    programme = _round(lead, council, count=1)
    case = programme.cases.get()

    with pytest.raises(ValidationError, match="A single-agency audit has one auditor"):
        services.assign_auditors(case, by=lead, seen_version=1, auditors=[services.Assignment(auditor, "social_care"), services.Assignment(director, "social_care")])
    with pytest.raises(ValidationError, match="cannot audit cases"):
        services.assign_auditors(case, by=lead, seen_version=1, auditors=[services.Assignment(make_person(Role.LEAD_MEMBER), "social_care")])
    case = services.assign_auditors(case, by=lead, seen_version=1, auditors=[services.Assignment(auditor, "social_care")])
    assert case.state == "assigned" and services.is_auditor(case, auditor) and not services.is_auditor(case, lead)

    with pytest.raises(NotAllowed, match="Only the case's assigned auditors"):
        services.record_audit(case, by=director, seen_version=case.version, changes={"findings": "Not mine"})
    case = services.record_audit(case, by=auditor, seen_version=case.version, changes={"grades": {"planning": "good"}})
    assert case.state == "in_progress", "saving an assigned case starts its audit"
    with pytest.raises(GovernanceError, match="Before submitting, add a grade for the child's voice"):
        services.move_case(case, "submit", by=auditor, seen_version=case.version)
    case = services.record_audit(case, by=auditor, seen_version=case.version, changes=COMPLETE)
    case = services.move_case(case, "submit", by=auditor, seen_version=case.version)

    with pytest.raises(GovernanceError, match="Say why"):
        services.move_case(case, "send_back", by=lead, seen_version=case.version)
    case = services.move_case(case, "send_back", by=lead, seen_version=case.version, reason="Say more about the father's role.")
    assert case.state == "in_progress"
    case = services.move_case(case, "submit", by=auditor, seen_version=case.version)

    with pytest.raises(NotAllowed, match="moderated by someone who did not audit it"):
        services.moderate(case, by=auditor, seen_version=case.version, grades=GOOD, overall="good")
    with pytest.raises(GovernanceError, match="cannot be completed"):
        services.move_round(programme, "complete", by=lead, seen_version=programme.version, reason="Done")
    changed = GOOD | {"planning": "requires_improvement"}
    with pytest.raises(ValidationError, match="Say why you changed the grades"):
        services.moderate(case, by=director, seen_version=case.version, grades=changed, overall="good")
    case = services.moderate(case, by=director, seen_version=case.version, grades=changed, overall="requires_improvement", reason="The plan has no dates.")
    assert (case.state, case.moderation, case.final_grades["planning"], case.final_overall) == ("moderated", "changed", "requires_improvement", "requires_improvement")
    assert case.grades["planning"] == "good", "the auditor's own grade is kept beside the moderator's"
    assert [step.transition for step in transitions_of(case)] == ["assign", "start", "submit", "send_back", "submit", "moderate"]

    programme = services.move_round(programme, "complete", by=lead, seen_version=programme.version, reason="All cases moderated.")
    assert programme.state == "completed"


def test_agreeing_the_grades_needs_no_reason(make_person, council):
    lead, auditor = make_person(Role.PRACTICE_LEAD), make_person(Role.PRACTICE_LEAD)
    case = _round(lead, council, count=1).cases.get()
    case = services.assign_auditors(case, by=lead, seen_version=1, auditors=[services.Assignment(auditor, "social_care")])
    case = services.record_audit(case, by=auditor, seen_version=case.version, changes=COMPLETE)
    case = services.move_case(case, "submit", by=auditor, seen_version=case.version)
    case = services.moderate(case, by=lead, seen_version=case.version, grades=GOOD, overall="good")
    assert (case.moderation, case.moderated_by_id) == ("agreed", lead.pk)


def test_a_multi_agency_case_needs_auditors_from_different_agencies_and_each_may_record(make_person, council):
    lead = make_person(Role.PRACTICE_LEAD)
    social_worker, nurse, detective = make_person(Role.PRACTICE_LEAD), make_person(Role.BOARD_MEMBER), make_person(Role.BOARD_MEMBER)
    case = _round(lead, council, kind="multi_agency", count=1).cases.get()
    with pytest.raises(ValidationError, match="at least two agencies"):
        services.assign_auditors(case, by=lead, seen_version=1, auditors=[services.Assignment(nurse, "health")])
    with pytest.raises(ValidationError, match="different agency"):
        services.assign_auditors(case, by=lead, seen_version=1, auditors=[services.Assignment(nurse, "health"), services.Assignment(detective, "health")])
    case = services.assign_auditors(
        case, by=lead, seen_version=1,
        auditors=[services.Assignment(social_worker, "social_care"), services.Assignment(nurse, "health"), services.Assignment(detective, "police")],
    )
    case = services.record_audit(case, by=nurse, seen_version=case.version, changes={"findings": "Health visitor not invited to the core group."})
    case = services.record_audit(case, by=detective, seen_version=case.version, changes={"findings": case.findings + " Police checks done late."})
    assert case.findings == "Health visitor not invited to the core group. Police checks done late."
    assert services.auditor_names(case).count("(") == 3


def test_changing_the_auditors_ends_the_old_assignment_and_keeps_it(make_person, council):
    lead, first, second = make_person(Role.PRACTICE_LEAD), make_person(Role.PRACTICE_LEAD), make_person(Role.PRACTICE_LEAD)
    case = _round(lead, council, count=1).cases.get()
    case = services.assign_auditors(case, by=lead, seen_version=1, auditors=[services.Assignment(first, "social_care")])
    case = services.assign_auditors(case, by=lead, seen_version=case.version, auditors=[services.Assignment(second, "social_care")])
    assert [(item.auditor_id, item.active) for item in CaseAuditor.objects.filter(case=case).order_by("id")] == [(first.pk, False), (second.pk, True)]
    assert not services.is_auditor(case, first) and services.is_auditor(case, second)
    case = services.record_audit(case, by=second, seen_version=case.version, changes={"findings": "Started."})
    with pytest.raises(NotAvailable):
        services.assign_auditors(case, by=lead, seen_version=case.version, auditors=[services.Assignment(first, "social_care")])


def test_two_auditors_saving_the_same_version_one_wins_and_the_other_is_told(make_person, council):
    lead, one, other = make_person(Role.PRACTICE_LEAD), make_person(Role.PRACTICE_LEAD), make_person(Role.BOARD_MEMBER)
    case = _round(lead, council, kind="multi_agency", count=1).cases.get()
    case = services.assign_auditors(case, by=lead, seen_version=1, auditors=[services.Assignment(one, "social_care"), services.Assignment(other, "health")])
    seen = case.version
    services.record_audit(case, by=one, seen_version=seen, changes={"findings": "First words."})
    with pytest.raises(StaleEdit):
        services.record_audit(case, by=other, seen_version=seen, changes={"findings": "Second words."})
    assert AuditCase.objects.get(pk=case.pk).findings == "First words."


def test_an_unknown_grade_is_refused_by_the_record_itself(make_person, council):
    lead, auditor = make_person(Role.PRACTICE_LEAD), make_person(Role.PRACTICE_LEAD)
    case = _round(lead, council, count=1).cases.get()
    case = services.assign_auditors(case, by=lead, seen_version=1, auditors=[services.Assignment(auditor, "social_care")])
    with pytest.raises(ValidationError, match="The grade for planning must be outstanding, good, requires improvement or inadequate"):
        services.record_audit(case, by=auditor, seen_version=case.version, changes={"grades": {"planning": "brilliant"}})
    assert AuditCase.objects.get(pk=case.pk).grades == {}


def test_findings_raise_plan_actions_naming_the_round(make_person, council):
    lead, auditor, owner = make_person(Role.PRACTICE_LEAD), make_person(Role.PRACTICE_LEAD), make_person(Role.PRACTICE_LEAD)
    programme = _round(lead, council, count=2)
    case = programme.cases.get(number=1)
    with pytest.raises(GovernanceError, match="once its audit is moderated"):
        services.raise_plan_action(programme, by=lead, case=case, title="Act", factor="outcomes", owner=owner, due=date(2027, 1, 31))
    case = services.assign_auditors(case, by=lead, seen_version=1, auditors=[services.Assignment(auditor, "social_care")])
    case = services.record_audit(case, by=auditor, seen_version=case.version, changes=COMPLETE)
    case = services.move_case(case, "submit", by=auditor, seen_version=case.version)
    case = services.moderate(case, by=lead, seen_version=case.version, grades=GOOD, overall="good")
    from_case = services.raise_plan_action(programme, by=lead, case=case, title="Record supervision on file", factor="workforce_development", owner=owner, due=date(2027, 1, 31))
    from_round = services.raise_plan_action(programme, by=lead, title="Re-audit plans in six months", factor="performance_and_quality", owner=owner, due=date(2027, 3, 31))
    assert (from_case.source, from_case.source_reference) == ("audit", f"Case audit {programme.reference} case {case.reference}: Spring round")
    assert from_round.source_reference == f"Case audit {programme.reference}: Spring round"
    assert list(services.actions_from(programme)) == [from_case, from_round]
    with pytest.raises(NotAllowed):
        services.raise_plan_action(programme, by=make_person(Role.ANALYST), title="Act", factor="outcomes", owner=owner, due=date(2027, 1, 31))
    assert PlanAction.objects.count() == 2


def _moderated(case, lead, auditor, overall):
    case = services.assign_auditors(case, by=lead, seen_version=case.version, auditors=[services.Assignment(auditor, "social_care")])
    case = services.record_audit(case, by=auditor, seen_version=case.version, changes=COMPLETE)
    case = services.move_case(case, "submit", by=auditor, seen_version=case.version)
    grades = {key: overall for key in DOMAIN_KEYS}
    return services.moderate(case, by=lead, seen_version=case.version, grades=grades, overall=overall,
                             reason="" if overall == "good" else "The plan has no dates.")


def test_results_as_at_a_moment_count_only_the_cases_moderated_by_then(make_person, council):
    """At the moment: one of the round's two cases moderated, good. Since: the other moderated,
    requires improvement, and a second round drawn and one of its cases moderated."""
    lead, auditor = make_person(Role.PRACTICE_LEAD), make_person(Role.PRACTICE_LEAD)
    first, second = _round(lead, council, count=2).cases.order_by("number")
    _moderated(first, lead, auditor, "good")
    moment = timezone.now()
    _moderated(second, lead, auditor, "requires_improvement")
    _moderated(_round(lead, council, count=1).cases.get(), lead, auditor, "good")
    [then] = results.results_over_time(exact=True, as_at=moment)
    assert (then.moderated, then.overall.good_or_better, then.overall.share, then.voice_evident) == (1, 1, 100, 1)
    now = results.results_over_time(exact=True)
    assert [(item.moderated, item.overall.good_or_better, item.overall.share) for item in now] == [(2, 1, 50), (1, 1, 100)]

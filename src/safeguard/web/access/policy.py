"""The web application's half of the policy table: what each route needs.

The roles and their permissions are ``safeguard.roles`` (re-exported here, so that web code
asks one module); this module says, for every route, which permission (or gate) each HTTP method
needs. Everything that decides access on the web reads it: the middleware that guards every
request (``safeguard.web.access.enforcement``), the navigation each person sees, the system check
that refuses to start while a route has no policy, and the tests, which generate their
permissions matrix from these same tables. A route missing from ``ROUTES`` is refused (deny by
default).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from safeguard.roles import (
    PERMISSION_DESCRIPTIONS,
    ROLES,
    ChildAccess,
    Permission,
    Role,
    RoleDefinition,
    granting_role,
    needs_second_factor,
    permissions_of,
    sees_child_level,
)

__all__ = [
    "PERMISSION_DESCRIPTIONS",
    "ROLES",
    "ROUTES",
    "ChildAccess",
    "Gate",
    "Permission",
    "Role",
    "RoleDefinition",
    "RoutePolicy",
    "Rule",
    "allows",
    "granting_role",
    "needs_second_factor",
    "permissions_of",
    "sees_child_level",
]


class Gate(str, Enum):
    """Access that no permission grants, for the few routes used before or while signing in."""

    PUBLIC = "public"
    """Anyone, signed in or not."""
    PASSWORD_STEP = "password step"
    """Signed in with a password; the one-time code may still be outstanding."""


Rule = Permission | Gate


@dataclass(frozen=True)
class RoutePolicy:
    """What each HTTP method of one route needs. A method not listed is not allowed (405)."""

    methods: dict[str, Rule]
    title: str
    child_level: bool = False
    """Pages that show child-level data: never cached, and each view asks for a purpose."""
    in_navigation: bool = False
    record_level: bool = False
    """The view also asks whether this person has a part in the record (the case's assigned
    auditor, a comment's author, an agency involved): someone the table lets in may still be
    refused, with the reason, for a record that is not theirs."""

    def rule(self, method: str) -> Rule | None:
        return self.methods.get("GET" if method == "HEAD" else method)


def _read(rule: Rule, title: str, **options: bool) -> RoutePolicy:
    return RoutePolicy({"GET": rule}, title, **options)


def _read_write(rule: Rule, title: str, **options: bool) -> RoutePolicy:
    return RoutePolicy({"GET": rule, "POST": rule}, title, **options)


ROUTES: dict[str, RoutePolicy] = {
    "health": _read(Gate.PUBLIC, "Health check"),
    "sign_in": _read_write(Gate.PUBLIC, "Sign in"),
    "sign_out": _read_write(Gate.PASSWORD_STEP, "Sign out"),
    "second_factor_setup": _read_write(Gate.PASSWORD_STEP, "Set up your one-time codes"),
    "second_factor_verify": _read_write(Gate.PASSWORD_STEP, "Enter your one-time code"),
    "home": _read(Permission.SEE_OWN_HOME, "Home", in_navigation=True),
    "leadership:dashboard": _read(Permission.SEE_AGGREGATES, "Indicators", in_navigation=True),
    "leadership:dashboard_csv": _read(Permission.SEE_AGGREGATES, "Indicators (CSV)"),
    "leadership:indicator": _read(Permission.SEE_AGGREGATES, "An indicator"),
    "leadership:indicator_months_csv": _read(Permission.SEE_AGGREGATES, "An indicator month by month (CSV)"),
    "leadership:indicator_comparison_csv": _read(Permission.SEE_AGGREGATES, "An indicator beside other councils (CSV)"),
    "leadership:indicator_teams_csv": _read(Permission.SEE_TEAM_DETAIL, "An indicator by team (CSV)"),
    "leadership:warnings": _read(Permission.SEE_AGGREGATES, "Early warnings", in_navigation=True),
    "leadership:warnings_csv": _read(Permission.SEE_AGGREGATES, "Early warnings (CSV)"),
    "leadership:warning": RoutePolicy(
        {"GET": Permission.SEE_AGGREGATES, "POST": Permission.ACKNOWLEDGE_WARNINGS}, "An early warning"
    ),
    "leadership:warning_by_name": _read(Permission.SEE_AGGREGATES, "An early warning by its old address"),
    "framework:framework": _read(Permission.SEE_AGGREGATES, "Assurance framework", in_navigation=True),
    "framework:framework_csv": _read(Permission.SEE_AGGREGATES, "Assurance framework (CSV)"),
    "framework:question_add": _read_write(Permission.MANAGE_FRAMEWORK, "Add a question to the framework"),
    "framework:question": RoutePolicy(
        {"GET": Permission.SEE_AGGREGATES, "POST": Permission.MANAGE_FRAMEWORK}, "A council's own framework question"
    ),
    # Induction and the briefing cycle (safeguard.governance.induction); inspection
    # (safeguard.governance.inspection). Everyone who reads the assurance records reads them.
    "induction:overview": _read(Permission.SEE_ASSURANCE_RECORDS, "Induction and briefings", in_navigation=True),
    "induction:briefings_csv": _read(Permission.SEE_ASSURANCE_RECORDS, "The briefing cycle (CSV)"),
    "induction:delivery_add": _read_write(Permission.RECORD_BRIEFINGS, "Record a briefing delivered"),
    "induction:delivery": RoutePolicy(
        {"GET": Permission.SEE_ASSURANCE_RECORDS, "POST": Permission.RECORD_BRIEFINGS}, "A briefing delivered"
    ),
    "induction:plan_start": _read_write(Permission.KEEP_INDUCTION, "Start an induction plan"),
    "induction:plan": _read(Permission.SEE_ASSURANCE_RECORDS, "An induction plan"),
    "induction:step_edit": _read_write(Permission.KEEP_INDUCTION, "Record an induction item"),
    "induction:plan_step": RoutePolicy({"POST": Permission.KEEP_INDUCTION}, "Complete or reopen an induction plan"),
    "induction:plan_redate": _read_write(Permission.KEEP_INDUCTION, "Change the day an induction plan counts from"),
    "inspection:overview": _read(Permission.SEE_ASSURANCE_RECORDS, "Inspection", in_navigation=True),
    "inspection:grades_csv": _read(Permission.SEE_ASSURANCE_RECORDS, "Ofsted grades of the council and its neighbours (CSV)"),
    "inspection:readiness": _read(Permission.SEE_ASSURANCE_RECORDS, "Inspection readiness"),
    "inspection:readiness_item": RoutePolicy(
        {"GET": Permission.PREPARE_FOR_INSPECTION, "POST": Permission.PREPARE_FOR_INSPECTION}, "Record a readiness item"
    ),
    "inspection:inspections": _read(Permission.SEE_ASSURANCE_RECORDS, "Inspection history"),
    "inspection:inspection_add": _read_write(Permission.PREPARE_FOR_INSPECTION, "Record an inspection"),
    "inspection:inspection": _read(Permission.SEE_ASSURANCE_RECORDS, "An inspection"),
    "inspection:inspection_edit": _read_write(Permission.PREPARE_FOR_INSPECTION, "Change an inspection"),
    "inspection:recommendation_add": _read_write(Permission.PREPARE_FOR_INSPECTION, "Add an inspection's recommendation"),
    "inspection:recommendation_action": _read_write(Permission.MANAGE_PLAN, "Raise a plan action from a recommendation"),
    "api:openapi": _read(Permission.SEE_AGGREGATES, "Description of the API (OpenAPI)"),
    "api:indicators": _read(Permission.SEE_AGGREGATES, "Indicators (API)"),
    "api:indicator": _read(Permission.SEE_AGGREGATES, "An indicator (API)"),
    "api:indicator_teams": _read(Permission.SEE_TEAM_DETAIL, "An indicator by team (API)"),
    "api:benchmarks": _read(Permission.SEE_AGGREGATES, "Benchmarks (API)"),
    "api:warnings": _read(Permission.SEE_AGGREGATES, "Early warnings (API)"),
    "api:warning": _read(Permission.SEE_AGGREGATES, "An early warning (API)"),
    "api:warning_by_name": _read(Permission.SEE_AGGREGATES, "An early warning by its old address (API)"),
    "password_change": _read_write(Permission.MANAGE_OWN_ACCOUNT, "Change your password"),
    "data:snapshots": _read(Permission.SEE_DATA_QUALITY, "Snapshots", in_navigation=True),
    "data:snapshots_csv": _read(Permission.SEE_DATA_QUALITY, "Snapshots (CSV)"),
    "data:imports": _read_write(Permission.IMPORT_RETURNS, "Imports", in_navigation=True),
    "data:imports_csv": _read(Permission.IMPORT_RETURNS, "Imports (CSV)"),
    "data:import_detail": _read(Permission.IMPORT_RETURNS, "Check an import", child_level=True),
    "data:import_findings_csv": _read(Permission.IMPORT_RETURNS, "An import's findings (CSV)", child_level=True),
    "data:import_findings_xlsx": _read(Permission.IMPORT_RETURNS, "An import's findings (Excel)", child_level=True),
    "data:import_decision": RoutePolicy(
        {"POST": Permission.IMPORT_RETURNS}, "Accept or reject an import"
    ),
    "data:list_rows": _read_write(Permission.SEE_CHILD_LEVEL, "Rows of a list", child_level=True),
    "data:list_rows_csv": _read(Permission.SEE_CHILD_LEVEL, "Rows of a list (CSV)", child_level=True),
    "audit:log": _read(Permission.SEE_AUDIT_LOG, "Access log", in_navigation=True),
    "audit:log_csv": _read(Permission.SEE_AUDIT_LOG, "Access log (CSV)"),
    "audit:child_trail": _read(Permission.SEE_AUDIT_LOG, "Who saw this child"),
    "audit:child_trail_csv": _read(Permission.SEE_AUDIT_LOG, "Who saw this child (CSV)"),
    "audit:person_trail": _read(Permission.SEE_AUDIT_LOG, "What this person saw"),
    "audit:person_trail_csv": _read(Permission.SEE_AUDIT_LOG, "What this person saw (CSV)"),
    "accounts:users": _read(Permission.MANAGE_USERS, "Users", in_navigation=True),
    "accounts:users_csv": _read(Permission.MANAGE_USERS, "Users (CSV)"),
    "accounts:user_add": _read_write(Permission.MANAGE_USERS, "Add a user"),
    "accounts:user_detail": _read_write(Permission.MANAGE_USERS, "A user's account"),
    # The improvement plan (safeguard.governance.plan). Noting progress is open to every reader
    # of the plan at the door; the service lets only the action's owner or the plan's keepers in.
    "plan:actions": _read(Permission.SEE_ASSURANCE_RECORDS, "Improvement plan", in_navigation=True),
    "plan:actions_csv": _read(Permission.SEE_ASSURANCE_RECORDS, "Improvement plan (CSV)"),
    "plan:action": _read(Permission.SEE_ASSURANCE_RECORDS, "An action on the improvement plan"),
    "plan:action_add": _read_write(Permission.MANAGE_PLAN, "Add an action to the plan"),
    "plan:action_edit": _read_write(Permission.MANAGE_PLAN, "Change an action"),
    "plan:action_step": RoutePolicy({"POST": Permission.MANAGE_PLAN}, "Move an action on"),
    "plan:action_note": RoutePolicy({"POST": Permission.SEE_ASSURANCE_RECORDS}, "Note progress on an action"),
    # The challenge log (safeguard.governance.challenge). A step is open at the door to every
    # reader; its transition's own permission (answer, follow up, close, reopen) is checked by
    # the service from the same roles table, and only the asker may follow up or close.
    "challenge:log": _read(Permission.SEE_ASSURANCE_RECORDS, "Challenge log", in_navigation=True),
    "challenge:log_csv": _read(Permission.SEE_ASSURANCE_RECORDS, "Challenge log (CSV)"),
    "challenge:raise": _read_write(Permission.RAISE_CHALLENGE, "Raise a challenge"),
    "challenge:challenge": _read(Permission.SEE_ASSURANCE_RECORDS, "A challenge"),
    "challenge:assign": RoutePolicy({"POST": Permission.ANSWER_CHALLENGES}, "Assign a challenge"),
    "challenge:step": RoutePolicy({"POST": Permission.SEE_ASSURANCE_RECORDS}, "Answer, follow up, close or reopen a challenge"),
    # Packs (safeguard.packs). Every reader of the assurance records reaches the page; each pack's
    # own permission (safeguard.packs.registry) decides who may have it, refusals logged.
    "packs:packs": _read_write(Permission.SEE_ASSURANCE_RECORDS, "Packs", in_navigation=True),
    "packs:issued": _read(Permission.SEE_ASSURANCE_RECORDS, "An issued pack"),
    # Case audits (safeguard.governance.audits). Leaders read rounds and results (aggregates, no
    # child's id). A case opens at the door to anyone who audits cases; the service then lets in
    # only the case's own auditors and the people running audits, recording any refusal. The
    # child's rows behind a case are the one child-level page, recorded under the child's id.
    "audits:programmes": _read(Permission.SEE_ASSURANCE_RECORDS, "Case audits", in_navigation=True),
    "audits:programme_add": _read_write(Permission.RUN_CASE_AUDITS, "Set up a round of case audits"),
    "audits:results": _read(Permission.SEE_ASSURANCE_RECORDS, "Case audit results over time"),
    "audits:results_csv": _read(Permission.SEE_ASSURANCE_RECORDS, "Case audit results over time (CSV)"),
    "audits:programme": _read(Permission.SEE_ASSURANCE_RECORDS, "A round of case audits"),
    "audits:programme_step": RoutePolicy({"POST": Permission.RUN_CASE_AUDITS}, "Complete or reopen a round"),
    "audits:raise_action": RoutePolicy({"POST": Permission.RUN_CASE_AUDITS}, "Raise a plan action from a case audit"),
    "audits:case": _read(Permission.AUDIT_CASES, "An audited case", record_level=True),
    "audits:case_child": _read(Permission.AUDIT_CASES, "The child's records behind an audited case", child_level=True, record_level=True),
    "audits:case_assign": _read_write(Permission.RUN_CASE_AUDITS, "Assign a case's auditors"),
    "audits:case_record": RoutePolicy({"POST": Permission.AUDIT_CASES}, "Record a case audit"),
    "audits:case_step": RoutePolicy({"POST": Permission.AUDIT_CASES}, "Move a case audit on"),
    "audits:case_moderate": RoutePolicy({"POST": Permission.RUN_CASE_AUDITS}, "Moderate a case audit"),
    # Self-assessment (safeguard.governance.assessments). Steps are open at the door to the
    # Director's team; the transition table lets only the Director agree, send back or reopen.
    # Rewording a comment is open to commenters at the door; the view lets only its author in.
    "assessments:cycles": _read(Permission.SEE_ASSURANCE_RECORDS, "Self-assessment", in_navigation=True),
    "assessments:cycle_start": _read_write(Permission.DRAFT_SELF_ASSESSMENT, "Start a self-assessment"),
    "assessments:cycle": _read(Permission.SEE_ASSURANCE_RECORDS, "A self-assessment"),
    "assessments:cycle_edit": _read_write(Permission.DRAFT_SELF_ASSESSMENT, "Change a self-assessment's period"),
    "assessments:factor_edit": _read_write(Permission.DRAFT_SELF_ASSESSMENT, "Grade a factor"),
    "assessments:cycle_step": RoutePolicy({"POST": Permission.DRAFT_SELF_ASSESSMENT}, "Submit, agree or reopen a self-assessment"),
    "assessments:document_add": RoutePolicy({"POST": Permission.DRAFT_SELF_ASSESSMENT}, "Add a document to a self-assessment"),
    "assessments:document": _read(Permission.SEE_ASSURANCE_RECORDS, "A self-assessment's document"),
    "assessments:comment_add": RoutePolicy({"POST": Permission.COMMENT_ON_ASSESSMENTS}, "Comment on a self-assessment"),
    "assessments:comment_edit": _read_write(Permission.COMMENT_ON_ASSESSMENTS, "Reword your comment", record_level=True),
    # The Local Test of Assurance (safeguard.governance.local_test).
    "local_test:tests": _read(Permission.SEE_ASSURANCE_RECORDS, "Local Test of Assurance"),
    "local_test:test_start": _read_write(Permission.MANAGE_LOCAL_TEST, "Start a Local Test of Assurance"),
    "local_test:test": _read(Permission.SEE_ASSURANCE_RECORDS, "A Local Test of Assurance"),
    "local_test:test_edit": _read_write(Permission.MANAGE_LOCAL_TEST, "Change who holds which portfolios"),
    "local_test:item_edit": _read_write(Permission.MANAGE_LOCAL_TEST, "Assess one consideration"),
    "local_test:test_step": RoutePolicy({"POST": Permission.MANAGE_LOCAL_TEST}, "Complete or reopen a Local Test of Assurance"),
    "local_test:test_print": _read(Permission.SEE_ASSURANCE_RECORDS, "A Local Test of Assurance to print"),
    "local_test:test_pdf": _read(Permission.SEE_ASSURANCE_RECORDS, "A Local Test of Assurance (PDF)"),
    # The Ofsted self-evaluation (safeguard.governance.self_evaluation).
    "self_evaluation:evaluations": _read(Permission.SEE_ASSURANCE_RECORDS, "Ofsted self-evaluation"),
    "self_evaluation:evaluation_start": RoutePolicy({"POST": Permission.EDIT_SELF_EVALUATION}, "Draft a self-evaluation from the records"),
    "self_evaluation:evaluation": _read(Permission.SEE_ASSURANCE_RECORDS, "An Ofsted self-evaluation"),
    "self_evaluation:evaluation_edit": _read_write(Permission.EDIT_SELF_EVALUATION, "Edit a self-evaluation"),
    "self_evaluation:version": _read(Permission.SEE_ASSURANCE_RECORDS, "One version of a self-evaluation"),
    "self_evaluation:evaluation_docx": _read(Permission.SEE_ASSURANCE_RECORDS, "A self-evaluation (Word)"),
    "self_evaluation:evaluation_pdf": _read(Permission.SEE_ASSURANCE_RECORDS, "A self-evaluation (PDF)"),
    # Reviews and cases: one page leading to the casework records, with what waits for the
    # reader in each (safeguard.governance.reviews.casework).
    "reviews:casework": _read(Permission.SEE_ASSURANCE_RECORDS, "Reviews and cases", in_navigation=True),
    # Significant case briefings (safeguard.governance.briefings). Leaders read them without the
    # child's reference, which is a page of its own for those who record briefings in a role that
    # sees children's records, each look recorded. Acknowledging is open at the door to every
    # reader; the service lets only the person the notice was sent to acknowledge it.
    "briefings:briefings": _read(Permission.SEE_CASE_BRIEFINGS, "Significant case briefings"),
    "briefings:briefings_csv": _read(Permission.SEE_CASE_BRIEFINGS, "Significant case briefings (CSV)"),
    "briefings:briefing_add": _read_write(Permission.RECORD_CASE_BRIEFINGS, "Record a significant case"),
    "briefings:briefing": _read(Permission.SEE_CASE_BRIEFINGS, "A significant case briefing"),
    "briefings:briefing_edit": _read_write(Permission.RECORD_CASE_BRIEFINGS, "Change a significant case briefing"),
    "briefings:briefing_step": RoutePolicy({"POST": Permission.ASSESS_CASE_BRIEFINGS}, "Send, update, close or reopen a briefing"),
    "briefings:briefing_child": _read(Permission.RECORD_CASE_BRIEFINGS, "The child's reference of a briefing", child_level=True),
    "briefings:acknowledge": RoutePolicy({"POST": Permission.SEE_CASE_BRIEFINGS}, "Acknowledge a briefing sent to you"),
    # Serious incidents and practice reviews (safeguard.governance.reviews). Everyone who reads the
    # assurance records sees where each stands (no child's reference); the partnership and the
    # Director take the steps; a recommendation's plan action is raised by the plan's keepers.
    "reviews:incidents": _read(Permission.SEE_ASSURANCE_RECORDS, "Serious incidents and practice reviews"),
    "reviews:incidents_csv": _read(Permission.SEE_ASSURANCE_RECORDS, "Serious incidents and practice reviews (CSV)"),
    "reviews:incident_add": _read_write(Permission.MANAGE_REVIEWS, "Record a serious incident"),
    "reviews:incident": _read(Permission.SEE_ASSURANCE_RECORDS, "A serious incident"),
    "reviews:incident_edit": _read_write(Permission.MANAGE_REVIEWS, "Change a serious incident"),
    "reviews:incident_step": RoutePolicy({"POST": Permission.MANAGE_REVIEWS}, "Take a serious incident's next step"),
    "reviews:incident_child": _read(Permission.MANAGE_REVIEWS, "The child's reference of a serious incident", child_level=True),
    "reviews:recommendation_add": RoutePolicy({"POST": Permission.MANAGE_REVIEWS}, "Add a review's recommendation"),
    "reviews:recommendation_action": _read_write(Permission.MANAGE_PLAN, "Raise a recommendation's plan action"),
    # Professional disagreements (safeguard.governance.disagreements). The door lets in whoever
    # works on disagreements; the service then shows a partner only their own agency's, recording
    # any refusal. The summary of outcomes and themes is for every reader of the assurance records,
    # small numbers suppressed for roles without child-level access.
    "disagreements:disagreements": _read(Permission.WORK_ON_DISAGREEMENTS, "Professional disagreements"),
    "disagreements:disagreements_csv": _read(Permission.WORK_ON_DISAGREEMENTS, "Professional disagreements (CSV)"),
    "disagreements:disagreement_raise": _read_write(Permission.WORK_ON_DISAGREEMENTS, "Raise a professional disagreement"),
    "disagreements:summary": _read(Permission.SEE_ASSURANCE_RECORDS, "Professional disagreements: outcomes and themes"),
    "disagreements:summary_csv": _read(Permission.SEE_ASSURANCE_RECORDS, "Professional disagreements: outcomes and themes (CSV)"),
    "disagreements:agencies": _read_write(Permission.OVERSEE_DISAGREEMENTS, "Which agency each person works for"),
    "disagreements:disagreement": _read(Permission.WORK_ON_DISAGREEMENTS, "A professional disagreement", record_level=True),
    "disagreements:disagreement_edit": _read_write(Permission.WORK_ON_DISAGREEMENTS, "Correct a professional disagreement", record_level=True),
    "disagreements:disagreement_step": RoutePolicy({"POST": Permission.WORK_ON_DISAGREEMENTS}, "Escalate or resolve a disagreement", record_level=True),
    "disagreements:discussion_add": RoutePolicy({"POST": Permission.WORK_ON_DISAGREEMENTS}, "Record a discussion of a disagreement", record_level=True),
    "disagreements:disagreement_child": _read(Permission.WORK_ON_DISAGREEMENTS, "The child's reference of a disagreement", child_level=True, record_level=True),
    # Complaints and compliments (safeguard.governance.complaints). Leaders and the service read
    # them (no one is named); everyone who reads the assurance records sees the year's summary.
    "complaints:complaints": _read(Permission.SEE_COMPLAINTS, "Complaints and compliments"),
    "complaints:complaints_csv": _read(Permission.SEE_COMPLAINTS, "Complaints (CSV)"),
    "complaints:complaint_add": _read_write(Permission.HANDLE_COMPLAINTS, "Record a complaint"),
    "complaints:summary": _read(Permission.SEE_ASSURANCE_RECORDS, "Complaints: the year's summary"),
    "complaints:summary_csv": _read(Permission.SEE_ASSURANCE_RECORDS, "Complaints: the year's summary (CSV)"),
    "complaints:complaint": _read(Permission.SEE_COMPLAINTS, "A complaint"),
    "complaints:complaint_edit": _read_write(Permission.HANDLE_COMPLAINTS, "Change a complaint"),
    "complaints:complaint_step": RoutePolicy({"POST": Permission.HANDLE_COMPLAINTS}, "Respond to, escalate, close or withdraw a complaint"),
    "complaints:complaint_action": _read_write(Permission.MANAGE_PLAN, "Raise a plan action from a complaint"),
    "complaints:compliment_add": _read_write(Permission.HANDLE_COMPLAINTS, "Record a compliment"),
    "complaints:compliment": RoutePolicy(
        {"GET": Permission.SEE_COMPLAINTS, "POST": Permission.HANDLE_COMPLAINTS}, "A compliment"
    ),
    # Child death reviews (safeguard.governance.child_deaths). Everyone who reads the assurance
    # records sees each review and the year's learning, also on a page of its own in figures only
    # (small numbers hidden); never the child's reference. The partnership and the Director keep
    # them; the child's reference is a page of its own for those who keep them in a role that
    # sees children's records, each look recorded; the plan's keepers raise actions.
    "child_deaths:reviews": _read(Permission.SEE_ASSURANCE_RECORDS, "Child death reviews"),
    "child_deaths:learning": _read(Permission.SEE_ASSURANCE_RECORDS, "Learning from child deaths: the year's figures"),
    "child_deaths:review_add": _read_write(Permission.MANAGE_REVIEWS, "Record a child's death"),
    "child_deaths:review": _read(Permission.SEE_ASSURANCE_RECORDS, "A child death review"),
    "child_deaths:review_edit": _read_write(Permission.MANAGE_REVIEWS, "Change a child death review"),
    "child_deaths:review_step": RoutePolicy({"POST": Permission.MANAGE_REVIEWS}, "Mark a child death review as reviewed, close or reopen it"),
    "child_deaths:review_child": _read(Permission.MANAGE_REVIEWS, "The child's reference of a child death review", child_level=True),
    "child_deaths:review_action": _read_write(Permission.MANAGE_PLAN, "Raise a plan action from a child death review"),
    # Workforce and allocation (safeguard.governance.allocation): leaders see team figures only;
    # managers see their own teams' workers by name when they allocate a case.
    "allocation:workforce": _read(Permission.SEE_AGGREGATES, "Workforce and caseloads", in_navigation=True),
    "allocation:allocate": _read_write(Permission.ALLOCATE_CASES, "Allocate a new case"),
    "allocation:decisions": _read(Permission.ALLOCATE_CASES, "Allocation decisions"),
    "allocation:decision": _read(Permission.ALLOCATE_CASES, "An allocation decision"),
    "allocation:unallocated": _read(Permission.SEE_CHILD_LEVEL, "Children with no social worker", child_level=True),
    # Partner sharing and emergency access (safeguard.governance.sharing; issue 12 point 11). The
    # door lets partners in to "shared"; the service then shows a list only under an agreement
    # with their own agency, approved, within its dates and granting that list, recording any
    # refusal. An emergency look's child page is for the person who opened it, until it ends.
    "sharing:agreements": _read(Permission.MANAGE_SHARING, "Sharing agreements"),
    "sharing:agreement_add": _read_write(Permission.MANAGE_SHARING, "Propose a sharing agreement"),
    "sharing:agreement": _read(Permission.MANAGE_SHARING, "A sharing agreement"),
    "sharing:agreement_step": RoutePolicy({"POST": Permission.MANAGE_SHARING}, "Approve, end or withdraw a sharing agreement"),
    "sharing:shared": _read(Permission.SEE_SHARED_DATA, "Sharing", in_navigation=True),
    "sharing:shared_list": _read(Permission.SEE_SHARED_DATA, "A list shared with your agency", child_level=True, record_level=True),
    "sharing:emergency_open": _read_write(Permission.BREAK_GLASS, "Emergency access", in_navigation=True),
    "sharing:emergency_child": _read(Permission.BREAK_GLASS, "A child's records in an emergency", child_level=True, record_level=True),
    "sharing:emergencies": _read(Permission.REVIEW_EMERGENCY_ACCESS, "Emergency looks at children's records"),
    "sharing:emergency": _read_write(Permission.REVIEW_EMERGENCY_ACCESS, "An emergency look and its review"),
    # The safeguarding partnership (safeguard.governance.partnership). Its readers come in at the
    # door; the service then opens an agency's own records (its page, section 11 audits and
    # escalations) only to that agency's members and the partnership's chair, recording any
    # refusal, and lets only the chair and business unit keep the partnership's records.
    "partnership:overview": _read(Permission.SEE_PARTNERSHIP, "Safeguarding partnership", in_navigation=True),
    "partnership:agency_add": _read_write(Permission.RUN_PARTNERSHIP, "Add an agency to the partnership"),
    "partnership:agency": _read(Permission.SEE_PARTNERSHIP, "A partner agency", record_level=True),
    "partnership:member_add": _read_write(Permission.RUN_PARTNERSHIP, "Add a partnership member"),
    "partnership:contribution": _read_write(Permission.RUN_PARTNERSHIP, "An agency's contribution to the budget"),
    "partnership:member": RoutePolicy({"GET": Permission.SEE_PARTNERSHIP, "POST": Permission.RUN_PARTNERSHIP}, "A partnership member"),
    "partnership:sub_group_add": _read_write(Permission.RUN_PARTNERSHIP, "Add a sub-group"),
    "partnership:sub_group": RoutePolicy({"GET": Permission.SEE_PARTNERSHIP, "POST": Permission.RUN_PARTNERSHIP}, "A sub-group"),
    "partnership:meeting_add": _read_write(Permission.RUN_PARTNERSHIP, "Plan a partnership meeting"),
    "partnership:meeting": RoutePolicy({"GET": Permission.SEE_PARTNERSHIP, "POST": Permission.RUN_PARTNERSHIP}, "A partnership meeting"),
    "partnership:meeting_step": RoutePolicy({"POST": Permission.RUN_PARTNERSHIP}, "Record a meeting as held or cancelled"),
    "partnership:work_add": _read_write(Permission.RUN_PARTNERSHIP, "Add to the work programme"),
    "partnership:work": RoutePolicy({"GET": Permission.SEE_PARTNERSHIP, "POST": Permission.RUN_PARTNERSHIP}, "A piece of the work programme"),
    "partnership:work_step": RoutePolicy({"POST": Permission.RUN_PARTNERSHIP}, "Start, finish or drop a piece of work"),
    "partnership:audit_add": _read_write(Permission.RUN_PARTNERSHIP, "Ask an agency for its section 11 audit"),
    "partnership:audit": RoutePolicy({"GET": Permission.SEE_PARTNERSHIP, "POST": Permission.WORK_WITH_PARTNERSHIP}, "A section 11 audit", record_level=True),
    "partnership:audit_step": RoutePolicy({"POST": Permission.WORK_WITH_PARTNERSHIP}, "Submit, challenge, answer or accept a section 11 audit", record_level=True),
    "partnership:escalation_add": _read_write(Permission.RUN_PARTNERSHIP, "Escalate an agency that is not performing"),
    "partnership:escalation": _read(Permission.SEE_PARTNERSHIP, "An escalation of an agency", record_level=True),
    "partnership:escalation_step": RoutePolicy({"POST": Permission.RUN_PARTNERSHIP}, "Take an escalation to its next step", record_level=True),
    # Acting on an early warning in one step (safeguard.governance.warning_owners).
    "warning_owners:challenge": RoutePolicy({"POST": Permission.RAISE_CHALLENGE}, "Raise a challenge about an early warning"),
    "warning_owners:action": RoutePolicy({"POST": Permission.MANAGE_PLAN}, "Put an action on the plan from an early warning"),
}


def allows(roles: Iterable[Role], rule: Rule) -> bool:
    """Whether roles alone satisfy a rule (the gates are decided by the sign-in state instead)."""
    if isinstance(rule, Gate):
        return True
    return rule in permissions_of(roles)

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

    def rule(self, method: str) -> Rule | None:
        return self.methods.get("GET" if method == "HEAD" else method)


def _read(rule: Rule, title: str, **options: object) -> RoutePolicy:
    return RoutePolicy({"GET": rule}, title, **options)


def _read_write(rule: Rule, title: str, **options: object) -> RoutePolicy:
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
    "api:openapi": _read(Permission.SEE_AGGREGATES, "Description of the API (OpenAPI)"),
    "api:indicators": _read(Permission.SEE_AGGREGATES, "Indicators (API)"),
    "api:indicator": _read(Permission.SEE_AGGREGATES, "An indicator (API)"),
    "api:indicator_teams": _read(Permission.SEE_TEAM_DETAIL, "An indicator by team (API)"),
    "api:benchmarks": _read(Permission.SEE_AGGREGATES, "Benchmarks (API)"),
    "api:warnings": _read(Permission.SEE_AGGREGATES, "Early warnings (API)"),
    "api:warning": _read(Permission.SEE_AGGREGATES, "An early warning (API)"),
    "password_change": _read_write(Permission.MANAGE_OWN_ACCOUNT, "Change your password"),
    "data:snapshots": _read(Permission.SEE_DATA_QUALITY, "Snapshots", in_navigation=True),
    "data:snapshots_csv": _read(Permission.SEE_DATA_QUALITY, "Snapshots (CSV)"),
    "data:imports": _read_write(Permission.IMPORT_RETURNS, "Imports", in_navigation=True),
    "data:imports_csv": _read(Permission.IMPORT_RETURNS, "Imports (CSV)"),
    "data:import_detail": _read(Permission.IMPORT_RETURNS, "Check an import", child_level=True),
    "data:import_findings_csv": _read(Permission.IMPORT_RETURNS, "An import's findings (CSV)", child_level=True),
    "data:import_decision": RoutePolicy(
        {"POST": Permission.IMPORT_RETURNS}, "Accept or reject an import"
    ),
    "data:list_rows": _read_write(Permission.SEE_CHILD_LEVEL, "Rows of a list", child_level=True),
    "data:list_rows_csv": _read(Permission.SEE_CHILD_LEVEL, "Rows of a list (CSV)", child_level=True),
    "audit:log": _read(Permission.SEE_AUDIT_LOG, "Access log", in_navigation=True),
    "audit:log_csv": _read(Permission.SEE_AUDIT_LOG, "Access log (CSV)"),
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
    # Reviews and cases: one page leading to the four casework records, with what waits for the
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
    "disagreements:disagreement": _read(Permission.WORK_ON_DISAGREEMENTS, "A professional disagreement"),
    "disagreements:disagreement_edit": _read_write(Permission.WORK_ON_DISAGREEMENTS, "Correct a professional disagreement"),
    "disagreements:disagreement_step": RoutePolicy({"POST": Permission.WORK_ON_DISAGREEMENTS}, "Escalate or resolve a disagreement"),
    "disagreements:discussion_add": RoutePolicy({"POST": Permission.WORK_ON_DISAGREEMENTS}, "Record a discussion of a disagreement"),
    "disagreements:disagreement_child": _read(Permission.WORK_ON_DISAGREEMENTS, "The child's reference of a disagreement", child_level=True),
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
}


def allows(roles: Iterable[Role], rule: Rule) -> bool:
    """Whether roles alone satisfy a rule (the gates are decided by the sign-in state instead)."""
    if isinstance(rule, Gate):
        return True
    return rule in permissions_of(roles)

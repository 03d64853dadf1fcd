"""Who each role is and what each may do: the one table of roles and permissions.

Everything that decides access reads this module: the web application's policy of routes
(``safeguard.web.access.policy``), the governance records' transition tables (who may move a
record from one state to the next), the packs (who may have which pack) and the tests, which
generate their permission matrices from these tables. It sits below the web application so that
the command line, the governance services and the packs ask the same question the same way.

The roles follow DOMAIN.md §1. Leaders stay strategic (seed 000 §5.1): they see the picture
through aggregates, never case files; information about a child is shared only when relevant
and proportionate (seed 003 §18.3.48), so child-level permissions are few and every use of one
is recorded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum


class Role(str, Enum):
    LEAD_MEMBER = "lead_member"
    LEADER = "leader"
    CHIEF_EXECUTIVE = "chief_executive"
    DCS = "dcs"
    ANALYST = "analyst"
    PRACTICE_LEAD = "practice_lead"
    BOARD_MEMBER = "board_member"
    SCRUTINY_MEMBER = "scrutiny_member"
    ADMINISTRATOR = "administrator"


class ChildAccess(str, Enum):
    """How far a role can reach into child-level records, whatever pages exist today."""

    NONE = "none"
    ALL = "all"
    AUDITED_CHILDREN = "the children in their own case audits"
    SHARED_CASES = "cases explicitly shared with them for a stated purpose"


class Permission(str, Enum):
    SEE_OWN_HOME = "see_own_home"
    MANAGE_OWN_ACCOUNT = "manage_own_account"
    SEE_AGGREGATES = "see_aggregates"
    SEE_DATA_QUALITY = "see_data_quality"
    IMPORT_RETURNS = "import_returns"
    SEE_CHILD_LEVEL = "see_child_level"
    SEE_AUDIT_LOG = "see_audit_log"
    MANAGE_USERS = "manage_users"
    SEE_TEAM_DETAIL = "see_team_detail"
    ACKNOWLEDGE_WARNINGS = "acknowledge_warnings"
    SEE_ASSURANCE_RECORDS = "see_assurance_records"
    RAISE_CHALLENGE = "raise_challenge"
    ANSWER_CHALLENGES = "answer_challenges"
    COMMENT_ON_ASSESSMENTS = "comment_on_assessments"
    DRAFT_SELF_ASSESSMENT = "draft_self_assessment"
    AGREE_SELF_ASSESSMENT = "agree_self_assessment"
    MANAGE_PLAN = "manage_plan"
    RUN_CASE_AUDITS = "run_case_audits"
    AUDIT_CASES = "audit_cases"
    MANAGE_FRAMEWORK = "manage_framework"
    MANAGE_LOCAL_TEST = "manage_local_test"
    EDIT_SELF_EVALUATION = "edit_self_evaluation"
    KEEP_INDUCTION = "keep_induction"
    RECORD_BRIEFINGS = "record_briefings"
    PREPARE_FOR_INSPECTION = "prepare_for_inspection"
    SEE_CASE_BRIEFINGS = "see_case_briefings"
    RECORD_CASE_BRIEFINGS = "record_case_briefings"
    ASSESS_CASE_BRIEFINGS = "assess_case_briefings"
    MANAGE_REVIEWS = "manage_reviews"
    WORK_ON_DISAGREEMENTS = "work_on_disagreements"
    OVERSEE_DISAGREEMENTS = "oversee_disagreements"
    SEE_COMPLAINTS = "see_complaints"
    HANDLE_COMPLAINTS = "handle_complaints"
    ALLOCATE_CASES = "allocate_cases"
    MANAGE_SHARING = "manage_sharing"
    SEE_SHARED_DATA = "see_shared_data"
    BREAK_GLASS = "break_glass"
    REVIEW_EMERGENCY_ACCESS = "review_emergency_access"
    # The safeguarding partnership (safeguard.governance.partnership).
    SEE_PARTNERSHIP = "see_partnership"
    WORK_WITH_PARTNERSHIP = "work_with_partnership"
    RUN_PARTNERSHIP = "run_partnership"


PERMISSION_DESCRIPTIONS: dict[Permission, str] = {
    Permission.ALLOCATE_CASES: "Allocate new cases in the teams you manage: see those teams' workers by name and their caseloads",
    Permission.SEE_OWN_HOME: "See your home page",
    Permission.MANAGE_OWN_ACCOUNT: "Change your own password",
    Permission.SEE_AGGREGATES: "See the council's figures, with small numbers suppressed",
    Permission.SEE_DATA_QUALITY: "See every snapshot's rows and findings per list",
    Permission.IMPORT_RETURNS: "Upload Annex A returns, check them, and accept or reject them",
    Permission.SEE_CHILD_LEVEL: "See the child-level rows behind a snapshot, for a stated purpose",
    Permission.SEE_AUDIT_LOG: "Read the access log: who saw or changed what, when, from where and why",
    Permission.MANAGE_USERS: "Add people, give them roles you hold yourself, and disable accounts",
    Permission.SEE_TEAM_DETAIL: "See each indicator broken down by team, with every count shown",
    Permission.ACKNOWLEDGE_WARNINGS: "Acknowledge an early warning under your name and record your response",
    Permission.SEE_ASSURANCE_RECORDS: "Read the assurance records: self-assessments, challenges, the improvement plan and audit results",
    Permission.RAISE_CHALLENGE: "Raise a challenge: a question to the service that must be answered with evidence",
    Permission.ANSWER_CHALLENGES: "Answer the challenges assigned to you, and assign challenges to owners",
    Permission.COMMENT_ON_ASSESSMENTS: "Comment on the service's self-assessments",
    Permission.DRAFT_SELF_ASSESSMENT: "Draft a self-assessment: grades, narrative and evidence for each factor",
    Permission.AGREE_SELF_ASSESSMENT: "Agree a self-assessment, so that it becomes the service's view",
    Permission.MANAGE_PLAN: "Add actions to the improvement plan, change them and move them on",
    Permission.RUN_CASE_AUDITS: "Run case audit programmes: draw the cases, assign auditors, moderate",
    Permission.AUDIT_CASES: "Audit the cases assigned to you (you see only those children)",
    Permission.MANAGE_FRAMEWORK: "Add the council's own questions to the assurance framework, and retire them",
    Permission.MANAGE_LOCAL_TEST: "Record the Local Test of Assurance: the other portfolios held, and each consideration's status and evidence",
    Permission.EDIT_SELF_EVALUATION: "Draft and edit the Ofsted self-evaluation, saving each change as a new version",
    Permission.KEEP_INDUCTION: "Start a new Lead Member's induction plan and tick off its items, with when and by whom",
    Permission.RECORD_BRIEFINGS: "Record each briefing delivered to leaders in the briefing cycle (what, for which period, when)",
    Permission.PREPARE_FOR_INSPECTION: "Keep the inspection readiness checklist and the council's inspection history and its recommendations",
    Permission.SEE_CASE_BRIEFINGS: "Read significant case briefings and acknowledge those sent to you (a child's reference only if your role sees children's records)",
    Permission.RECORD_CASE_BRIEFINGS: "Record a significant case briefing for the Director, and keep it up to date",
    Permission.ASSESS_CASE_BRIEFINGS: "Give the Director's assessment of a significant case and send it to the Chief Executive and Lead Member",
    Permission.MANAGE_REVIEWS: "Track serious incidents and practice reviews (notification, rapid review, decision, publication and recommendations) and child death reviews",
    Permission.WORK_ON_DISAGREEMENTS: "Raise a professional disagreement about a child's case and record its discussions, escalation and resolution (your own agency's)",
    Permission.OVERSEE_DISAGREEMENTS: "See every agency's professional disagreements, and say which agency each person works for",
    Permission.SEE_COMPLAINTS: "Read complaints and compliments (written without naming anyone)",
    Permission.HANDLE_COMPLAINTS: "Record complaints and compliments, each stage's response and the lessons learnt",
    Permission.MANAGE_SHARING: "Record sharing agreements with partner agencies, approve them and end them",
    Permission.SEE_SHARED_DATA: "See the lists a sharing agreement in force grants your agency, and nothing more",
    Permission.BREAK_GLASS: "Open a child's records in an emergency, saying why; the Director's team is told at once",
    Permission.REVIEW_EMERGENCY_ACCESS: "Review each emergency look at a child's records after the event",
    Permission.SEE_PARTNERSHIP: "Read the safeguarding partnership's business: members, meetings, sub-groups, work programme and budget; your own agency's audits and escalations",
    Permission.WORK_WITH_PARTNERSHIP: "Complete your own agency's section 11 self-assessment and answer the partnership's challenge",
    Permission.RUN_PARTNERSHIP: "Keep the partnership's records, challenge agencies' section 11 audits and escalate an agency (its chair and business unit)",
}

_EVERYONE = frozenset({Permission.SEE_OWN_HOME, Permission.MANAGE_OWN_ACCOUNT})
_LEADERSHIP = _EVERYONE | {Permission.SEE_AGGREGATES, Permission.SEE_ASSURANCE_RECORDS}
_CHALLENGERS = _LEADERSHIP | {Permission.RAISE_CHALLENGE, Permission.COMMENT_ON_ASSESSMENTS}
"""Those who hold the service to account (seed 000 §2 and §5; seed 004): the quartet, scrutiny and
the partnership's chair ask the questions and comment on the service's own view of itself."""
_QUARTET = _CHALLENGERS | {Permission.ACKNOWLEDGE_WARNINGS}
"""The strategic quartet (seed 000 §2) answers for what the early warnings show."""
_DIRECTION_OF_DATA = _QUARTET | {Permission.SEE_TEAM_DETAIL}
"""Roles that manage the service (Director) or its data (analyst) also see it team by team."""
_SERVICE_TEAM = frozenset(
    {Permission.ANSWER_CHALLENGES, Permission.DRAFT_SELF_ASSESSMENT, Permission.MANAGE_PLAN}
)
"""The Director's team: they answer challenges, draft the self-assessment and keep the plan."""
_SIGNIFICANT_CASE_READERS = frozenset({Permission.SEE_CASE_BRIEFINGS, Permission.SEE_COMPLAINTS})
"""Those who must know of significant cases and read complaints (seed 004, "significant cases and
complaints"): the Director, the Chief Executive and key members, and the heads of service who
brief them. The analyst, scrutiny and partners see the complaints summary only."""
_PARTNERSHIP_CASEWORK = frozenset({Permission.MANAGE_REVIEWS, Permission.WORK_ON_DISAGREEMENTS})
"""The safeguarding partnership runs practice reviews (seed 003 §18.2.28) and child death reviews
(seed 003 §18.2.26-18.2.27), and resolves professional disagreements between agencies (seed 003 §18.5)."""


_PARTNERSHIP_READERS = frozenset({Permission.SEE_PARTNERSHIP})
"""The partnership's members, the Director (whose council is a statutory partner) and the Lead
Member, who sits in as a participating observer (seed 003 §18.3.19)."""
_PARTNERS = _PARTNERSHIP_READERS | {Permission.WORK_WITH_PARTNERSHIP}
_PARTNERSHIP_MEMBERS = _PARTNERS | {Permission.RUN_PARTNERSHIP}
"""Running the partnership is further limited, record by record, to its chair and business unit
(``safeguard.governance.partnership.access``)."""


_EMERGENCY_LOOK = frozenset({Permission.BREAK_GLASS})
"""An emergency look at a child's records ("break glass"; issue 12, DOMAIN.md §7): with a reason,
shown to the Director's team at once and reviewed after the event."""
_SHARED_WITH_PARTNERS = _EMERGENCY_LOOK | {Permission.SEE_SHARED_DATA}
"""A partner agency sees children's records only through a sharing agreement the Director
approved, for its period and within what it grants (``safeguard.governance.sharing``)."""
_SHARING_OVERSIGHT = _SHARED_WITH_PARTNERS | {Permission.MANAGE_SHARING, Permission.REVIEW_EMERGENCY_ACCESS}
"""The Director approves the agreements and reviews every emergency look."""
_READY_FOR_INSPECTION = frozenset({Permission.PREPARE_FOR_INSPECTION})
"""The service team keeps the council ready for inspection (seed 000 §6.7)."""
_BRIEFING_LEADERS = _READY_FOR_INSPECTION | {Permission.RECORD_BRIEFINGS}
"""The service team records what it delivered to leaders (seed 001, "performance information")."""
_INDUCTION = frozenset({Permission.KEEP_INDUCTION})
"""The Director and the Lead Member keep the Lead Member's induction plan (seed 000 Appendix A)."""


@dataclass(frozen=True)
class RoleDefinition:
    title: str
    who: str
    child_access: ChildAccess
    second_factor: bool
    """Whether signing in needs a one-time code as well as the password (ASVS 5.0 V6)."""
    permissions: frozenset[Permission]


ROLES: dict[Role, RoleDefinition] = {
    Role.LEAD_MEMBER: RoleDefinition(
        title="Lead Member for Children's Services",
        who="The councillor politically accountable for children's services.",
        child_access=ChildAccess.NONE,
        second_factor=False,
        permissions=_QUARTET | _SIGNIFICANT_CASE_READERS | _PARTNERSHIP_READERS | _INDUCTION,
    ),
    Role.LEADER: RoleDefinition(
        title="Leader or Mayor",
        who="The council's political leader, one of the strategic quartet.",
        child_access=ChildAccess.NONE,
        second_factor=False,
        permissions=_QUARTET | _SIGNIFICANT_CASE_READERS,
    ),
    Role.CHIEF_EXECUTIVE: RoleDefinition(
        title="Chief Executive",
        who="The head of paid service, who holds the Director to account.",
        child_access=ChildAccess.NONE,
        second_factor=False,
        permissions=_QUARTET | _SIGNIFICANT_CASE_READERS,
    ),
    Role.DCS: RoleDefinition(
        title="Director of Children's Services",
        who="The statutory chief officer for children's services.",
        child_access=ChildAccess.ALL,
        second_factor=True,
        permissions=_DIRECTION_OF_DATA
        | _SERVICE_TEAM
        | {
            Permission.SEE_DATA_QUALITY,
            Permission.SEE_CHILD_LEVEL,
            Permission.SEE_AUDIT_LOG,
            Permission.AGREE_SELF_ASSESSMENT,
            Permission.RUN_CASE_AUDITS,
            Permission.AUDIT_CASES,
            Permission.MANAGE_FRAMEWORK,
            Permission.MANAGE_LOCAL_TEST,
            Permission.EDIT_SELF_EVALUATION,
            Permission.RECORD_CASE_BRIEFINGS,
            Permission.ASSESS_CASE_BRIEFINGS,
            Permission.OVERSEE_DISAGREEMENTS,
            Permission.HANDLE_COMPLAINTS,
        }
        | _SIGNIFICANT_CASE_READERS
        | _PARTNERSHIP_CASEWORK
        | _PARTNERS
        | _SHARING_OVERSIGHT
        | _BRIEFING_LEADERS
        | _INDUCTION,
    ),
    Role.ANALYST: RoleDefinition(
        title="Performance analyst",
        who="The council's data team, who load the returns and fix the data.",
        child_access=ChildAccess.ALL,
        second_factor=True,
        permissions=_DIRECTION_OF_DATA
        | _SERVICE_TEAM
        | {
            Permission.SEE_DATA_QUALITY,
            Permission.IMPORT_RETURNS,
            Permission.SEE_CHILD_LEVEL,
            Permission.MANAGE_FRAMEWORK,
            Permission.EDIT_SELF_EVALUATION,
        }
        | _BRIEFING_LEADERS,
    ),
    Role.PRACTICE_LEAD: RoleDefinition(
        title="Practice lead or auditor",
        who="Heads of service and quality assurance officers who audit cases.",
        child_access=ChildAccess.AUDITED_CHILDREN,
        second_factor=True,
        permissions=_LEADERSHIP
        | _SERVICE_TEAM
        | _SIGNIFICANT_CASE_READERS
        | {
            Permission.RUN_CASE_AUDITS,
            Permission.AUDIT_CASES,
            Permission.RECORD_CASE_BRIEFINGS,
            Permission.WORK_ON_DISAGREEMENTS,
            Permission.HANDLE_COMPLAINTS,
            Permission.ALLOCATE_CASES,
        }
        | _EMERGENCY_LOOK
        | _READY_FOR_INSPECTION,
    ),
    Role.BOARD_MEMBER: RoleDefinition(
        title="Safeguarding partnership chair or member",
        who="The independent chair and the police, health and education members.",
        child_access=ChildAccess.SHARED_CASES,
        second_factor=True,
        permissions=_CHALLENGERS | _PARTNERSHIP_CASEWORK | {Permission.AUDIT_CASES} | _PARTNERSHIP_MEMBERS | _SHARED_WITH_PARTNERS,
    ),
    Role.SCRUTINY_MEMBER: RoleDefinition(
        title="Scrutiny member",
        who="The chair and members of the scrutiny committee.",
        child_access=ChildAccess.NONE,
        second_factor=False,
        permissions=_CHALLENGERS,
    ),
    Role.ADMINISTRATOR: RoleDefinition(
        title="Administrator",
        who="The system owner, who looks after accounts and settings.",
        child_access=ChildAccess.NONE,
        second_factor=True,
        permissions=_EVERYONE | {Permission.MANAGE_USERS, Permission.SEE_AUDIT_LOG},
    ),
}


def permissions_of(roles: Iterable[Role]) -> frozenset[Permission]:
    """Everything a person holding these roles may do."""
    granted: set[Permission] = set()
    for role in roles:
        granted |= ROLES[role].permissions
    return frozenset(granted)


def granting_role(roles: Iterable[Role], permission: Permission) -> Role | None:
    """The first of these roles (in table order) that grants the permission: the role recorded
    in the audit log as the one the person acted in."""
    held = set(roles)
    for role in ROLES:
        if role in held and permission in ROLES[role].permissions:
            return role
    return None


def needs_second_factor(roles: Iterable[Role]) -> bool:
    return any(ROLES[role].second_factor for role in roles)


def sees_child_level(roles: Iterable[Role]) -> bool:
    """Whether any role may ever see a child's record; those that may not get aggregates only."""
    return any(ROLES[role].child_access is not ChildAccess.NONE for role in roles)

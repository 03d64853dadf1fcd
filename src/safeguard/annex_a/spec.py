"""Ofsted's Annex A, lists 1 to 11: the one description that the reader, the validator, the
snapshot store and the synthetic council all work from.

Each list has a stable key (the Parquet file's name in a snapshot) and columns with stable keys
(the Parquet column names), Ofsted's header, the kind of value, whether it is required, and
the code list for coded fields. Header spellings vary between councils; `header_aliases` adds
spellings seen in real returns, and the reader also matches headers loosely (case, spacing,
punctuation), so only genuinely different wordings need listing here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from safeguard.annex_a import codes
from safeguard.annex_a.codes import CodeList


class Kind(str, Enum):
    """What a column holds, which decides how a cell is read and checked."""

    ID = "id"
    TEXT = "text"
    DATE = "date"
    INTEGER = "integer"
    CODE = "code"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: Kind
    required: bool
    code_list: CodeList | None = None
    header_aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnnexAList:
    number: int
    key: str
    title: str
    columns: tuple[Column, ...]
    entity_id: str = "child_id"
    """The column naming whom each row is about (children, or adopters on list 11)."""

    @property
    def sheet(self) -> str:
        """The sheet name Ofsted's template uses."""
        return f"List {self.number}"

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(f"list {self.number} has no column {key!r}")


def _col(
    key: str,
    header: str,
    kind: Kind,
    required: bool = False,
    code_list: CodeList | None = None,
    aliases: tuple[str, ...] = (),
) -> Column:
    return Column(key, header, kind, required, code_list, aliases)


CHILD_ID = _col(
    "child_id",
    "Child Unique ID",
    Kind.ID,
    True,
    aliases=("Child ID", "Unique Child ID", "ChildID", "Child Identifier", "LA Child ID", "Person ID"),
)
GENDER = _col("gender", "Gender", Kind.CODE, True, codes.GENDER, ("Sex",))
ETHNICITY = _col("ethnicity", "Ethnicity", Kind.CODE, True, codes.ETHNICITY, ("Ethnic Origin", "Ethnic Group"))
DATE_OF_BIRTH = _col("date_of_birth", "Date of Birth", Kind.DATE, aliases=("DOB", "Birth Date"))
AGE = _col("age", "Age of Child (Years)", Kind.INTEGER, aliases=("Age", "Age of Child"))
DISABILITY = _col(
    "disability", "Does the Child have a Disability", Kind.CODE, True, codes.YES_NO_UNKNOWN, ("Disability", "Disabled")
)
TEAM = _col("team", "Allocated Team", Kind.TEXT, True, aliases=("Team",))
WORKER = _col("worker", "Allocated Worker", Kind.TEXT, True, aliases=("Worker", "Allocated Social Worker"))

PERSON = (CHILD_ID, GENDER, ETHNICITY, DATE_OF_BIRTH, AGE)
ALLOCATION = (TEAM, WORKER)

CONTACTS = AnnexAList(
    1,
    "contacts",
    "Contacts",
    PERSON
    + (
        _col("contact_date", "Date of Contact", Kind.DATE, True, aliases=("Contact Date",)),
        _col("contact_source", "Contact Source", Kind.CODE, True, codes.SOURCE, ("Source of Contact",)),
    ),
)

EARLY_HELP = AnnexAList(
    2,
    "early_help",
    "Early help assessments",
    PERSON
    + (
        _col("assessment_start_date", "Assessment start date", Kind.DATE, True),
        _col("assessment_completion_date", "Assessment completion date", Kind.DATE),
        _col("organisation", "Organisation completing assessment", Kind.TEXT, True),
    ),
)

REFERRALS = AnnexAList(
    3,
    "referrals",
    "Referrals",
    PERSON
    + (
        _col("referral_date", "Date of referral", Kind.DATE, True, aliases=("Referral Date",)),
        _col("referral_source", "Referral Source", Kind.CODE, True, codes.SOURCE, ("Source of Referral",)),
        _col("referral_nfa", "Referral NFA?", Kind.CODE, True, codes.YES_NO, ("Referral NFA", "NFA")),
        _col(
            "referrals_last_12_months",
            "Number of Referrals in Last 12 Months",
            Kind.INTEGER,
            True,
        ),
    )
    + ALLOCATION,
)

ASSESSMENTS = AnnexAList(
    4,
    "assessments",
    "Assessments",
    PERSON
    + (
        DISABILITY,
        _col("assessment_start_date", "Continuous Assessment Start Date", Kind.DATE, True, aliases=("Assessment Start Date",)),
        _col("child_seen", "Child Seen During Continuous Assessment", Kind.CODE, False, codes.YES_NO_UNKNOWN),
        _col(
            "assessment_authorised_date",
            "Continuous Assessment Date of Authorisation",
            Kind.DATE,
            aliases=("Assessment Authorisation Date", "Assessment Completion Date"),
        ),
        _col(
            "further_action",
            "Was the child assessed as requiring LA children's social care support?",
            Kind.CODE,
            False,
            codes.YES_NO,
        ),
    )
    + ALLOCATION,
)

S47_ENQUIRIES = AnnexAList(
    5,
    "s47_enquiries",
    "Section 47 enquiries and initial child protection conferences",
    PERSON
    + (
        DISABILITY,
        _col(
            "s47_start_date",
            "Strategy discussion initiating Section 47 Enquiry Start Date",
            Kind.DATE,
            True,
            aliases=("Section 47 Enquiry Start Date", "S47 Start Date"),
        ),
        _col(
            "icpc_not_required",
            "Was an Initial Child Protection Conference deemed unnecessary?",
            Kind.CODE,
            False,
            codes.YES_NO,
        ),
        _col(
            "icpc_date",
            "Date of Initial Child Protection Conference",
            Kind.DATE,
            aliases=("ICPC Date", "Initial Child Protection Conference Date"),
        ),
        _col(
            "icpc_outcome_plan",
            "Did the Initial Child Protection Conference Result in a Child Protection Plan",
            Kind.CODE,
            False,
            codes.YES_NO_UNKNOWN,
        ),
        _col("s47_last_12_months", "Number of Section 47 Enquiries in the last 12 months", Kind.INTEGER, True),
        _col("icpc_last_12_months", "Number of ICPCs in the last 12 months", Kind.INTEGER, True),
    )
    + ALLOCATION,
)

CHILDREN_IN_NEED = AnnexAList(
    6,
    "children_in_need",
    "Children in need",
    PERSON
    + (
        DISABILITY,
        _col("cin_start_date", "CIN Start Date", Kind.DATE, aliases=("Child in Need Start Date",)),
        _col("primary_need", "Primary Need Code", Kind.CODE, True, codes.NEED, ("Primary Need", "Category of Need")),
        _col("last_seen_date", "Date Child Was Last Seen", Kind.DATE),
        _col("cin_closure_date", "CIN Closure Date", Kind.DATE, aliases=("CIN End Date", "Child in Need Closure Date")),
        _col("closure_reason", "Reason for Closure", Kind.CODE, False, codes.CIN_CLOSURE_REASON),
        _col("case_status", "Case Status", Kind.CODE, True, codes.CASE_STATUS),
    )
    + ALLOCATION,
)

CHILD_PROTECTION_PLANS = AnnexAList(
    7,
    "child_protection_plans",
    "Children subject to a child protection plan",
    PERSON
    + (
        DISABILITY,
        _col("cpp_start_date", "Child Protection Plan Start Date", Kind.DATE, True, aliases=("CP Plan Start Date",)),
        _col("initial_category", "Initial Category of Abuse", Kind.CODE, True, codes.ABUSE_CATEGORY),
        _col("latest_category", "Latest Category of Abuse", Kind.CODE, True, codes.ABUSE_CATEGORY),
        _col("last_visit_date", "Date of the Last Statutory Visit", Kind.DATE),
        _col("seen_alone", "Was the Child Seen Alone?", Kind.CODE, False, codes.YES_NO_UNKNOWN),
        _col("last_review_date", "Date of latest review conference", Kind.DATE),
        _col("cpp_end_date", "Child Protection Plan End Date", Kind.DATE, aliases=("CP Plan End Date",)),
        _col(
            "emergency_protection",
            "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
            Kind.CODE,
            True,
            codes.YES_NO,
        ),
        _col("previous_plans", "Number of Previous Child Protection Plans", Kind.INTEGER, True),
    )
    + ALLOCATION,
)

CHILDREN_IN_CARE = AnnexAList(
    8,
    "children_in_care",
    "Children in care",
    PERSON
    + (
        _col(
            "uasc",
            "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
            Kind.CODE,
            True,
            codes.YES_NO,
        ),
        DISABILITY,
        _col(
            "care_start_date",
            "Date Started to be Looked After",
            Kind.DATE,
            True,
            aliases=("Date Became Looked After", "Care Start Date", "CLA Start Date"),
        ),
        _col("category_of_need", "Child's Category of Need", Kind.CODE, True, codes.NEED, ("Category of Need",)),
        _col(
            "subsequent_period",
            "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
            Kind.CODE,
            True,
            codes.YES_NO,
        ),
        _col("legal_status_start_date", "Start date of current legal status", Kind.DATE, True),
        _col("legal_status", "Child's Legal Status", Kind.CODE, True, codes.LEGAL_STATUS, ("Legal Status",)),
        _col("last_review_date", "Date of Latest Statutory Review", Kind.DATE),
        _col("last_visit_date", "Date of Last Social Work Visit", Kind.DATE),
        _col("permanence_plan", "What is the permanence plan for this child?", Kind.CODE, False, codes.PERMANENCE_PLAN),
        _col("last_iro_contact_date", "Date of Last IRO Visit / Contact to the Child", Kind.DATE),
        _col("last_health_assessment_date", "Date of Last Health Assessment", Kind.DATE),
        _col("last_dental_check_date", "Date of Last Dental Check", Kind.DATE),
        _col("placements_last_12_months", "Number of Placements in the Last 12 months", Kind.INTEGER, True),
        _col(
            "care_end_date", "Date Ceased to be Looked After", Kind.DATE, aliases=("Care End Date", "Date Ceased Care")
        ),
        _col("care_end_reason", "Reason Ceased to be Looked After", Kind.CODE, False, codes.CARE_END_REASON),
        _col(
            "placement_start_date", "Start Date of Most Recent Placement", Kind.DATE, True, aliases=("Placement Start Date",)
        ),
        _col("placement_type", "Placement Type", Kind.CODE, True, codes.PLACEMENT_TYPE),
        _col("placement_provider", "Placement Provider", Kind.CODE, True, codes.PLACEMENT_PROVIDER),
        _col("placement_postcode", "Placement postcode", Kind.TEXT, True),
        _col("placement_urn", "URN of Placement", Kind.TEXT),
        _col("placement_location", "Placement Location", Kind.CODE, True, codes.PLACEMENT_LOCATION),
        _col("placement_la", "LA of Placement", Kind.TEXT, True),
        _col(
            "missing_episodes",
            "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
            Kind.INTEGER,
            True,
        ),
        _col(
            "absent_episodes",
            "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
            Kind.INTEGER,
            True,
        ),
        _col(
            "return_interview_offered",
            "Was the child offered a Return Interview after their last missing episode (Y/N)?",
            Kind.CODE,
            False,
            codes.YES_NO,
        ),
        _col(
            "return_interview_accepted",
            "Did the child accept a Return Interview after their last missing episode (Y/N)?",
            Kind.CODE,
            False,
            codes.YES_NO,
        ),
    )
    + ALLOCATION,
)

CARE_LEAVERS = AnnexAList(
    9,
    "care_leavers",
    "Care leavers",
    PERSON
    + (
        _col(
            "uasc",
            "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
            Kind.CODE,
            True,
            codes.YES_NO,
        ),
        DISABILITY,
        TEAM,
        WORKER,
        _col("personal_advisor", "Allocated Personal Advisor", Kind.TEXT, True),
        _col("eligibility", "Eligibility Category", Kind.CODE, True, codes.CARE_LEAVER_ELIGIBILITY),
        _col("pathway_plan_review_date", "Latest Pathway Plan Review Date", Kind.DATE),
        _col("in_touch", "LA in Touch", Kind.CODE, True, codes.IN_TOUCH),
        _col("latest_contact_date", "Latest Date of Contact", Kind.DATE),
        _col("accommodation", "Type of Accommodation", Kind.CODE, False, codes.CARE_LEAVER_ACCOMMODATION),
        _col("accommodation_suitable", "Suitability of Accommodation", Kind.CODE, False, codes.ACCOMMODATION_SUITABILITY),
        _col("activity", "Activity Status", Kind.CODE, False, codes.ACTIVITY),
    ),
)

ADOPTION = AnnexAList(
    10,
    "adoption",
    "Children with an adoption decision",
    (
        CHILD_ID,
        _col("family_id", "Family identifier", Kind.ID),
        GENDER,
        ETHNICITY,
        DATE_OF_BIRTH,
        AGE,
        DISABILITY,
        _col("care_start_date", "Date the Child Entered Care", Kind.DATE, True),
        _col("adoption_decision_date", "Date of Decision that Child Should be Placed for Adoption", Kind.DATE, True),
        _col("placement_order_date", "Date of Placement Order", Kind.DATE),
        _col("matched_date", "Date of Matching Child and Prospective Adopters", Kind.DATE),
        _col("placed_date", "Date Placed for Adoption", Kind.DATE),
        _col("adoption_order_date", "Date of Adoption Order", Kind.DATE),
        _col("adoption_stopped_date", "Date of Decision that Child Should No Longer be Placed for Adoption", Kind.DATE),
        _col(
            "adoption_stopped_reason",
            "Reason Why Child No Longer Placed for Adoption",
            Kind.CODE,
            False,
            codes.ADOPTION_STOPPED_REASON,
        ),
        _col(
            "ffa_placed_date",
            "Date the child was placed for fostering in FFA or concurrent planning placement",
            Kind.DATE,
        ),
    ),
)

ADOPTERS = AnnexAList(
    11,
    "adopters",
    "Adopters",
    (
        _col("adopter_id", "Individual adopter identifier", Kind.ID, True, aliases=("Adopter ID",)),
        _col("family_id", "Family identifier", Kind.ID),
        GENDER,
        ETHNICITY,
        _col("disability", "Disability", Kind.CODE, True, codes.YES_NO_UNKNOWN),
        _col("fostering_for_adoption", "Is the (prospective) adopter fostering for adoption?", Kind.CODE, True, codes.YES_NO),
        _col("enquiry_date", "Date enquiry received", Kind.DATE, True),
        _col("stage1_start_date", "Date Stage 1 started", Kind.DATE),
        _col("stage1_end_date", "Date Stage 1 ended", Kind.DATE),
        _col("stage2_start_date", "Date Stage 2 started", Kind.DATE),
        _col("stage2_end_date", "Date Stage 2 ended", Kind.DATE),
        _col("application_date", "Date application submitted", Kind.DATE),
        _col("approved_date", "Date application approved", Kind.DATE),
        _col("matched_date", "Date adopter matched with child(ren)", Kind.DATE),
        _col("placed_date", "Date child/children placed with adopter(s)", Kind.DATE),
        _col("children_placed", "No. of children placed", Kind.INTEGER),
        _col("adoption_order_date", "Date of Adoption Order", Kind.DATE),
        _col("left_date", "Date of leaving adoption process", Kind.DATE),
        _col("left_reason", "Reason for leaving adoption process", Kind.CODE, False, codes.ADOPTER_LEFT_REASON),
    ),
    entity_id="adopter_id",
)

LISTS: tuple[AnnexAList, ...] = (
    CONTACTS,
    EARLY_HELP,
    REFERRALS,
    ASSESSMENTS,
    S47_ENQUIRIES,
    CHILDREN_IN_NEED,
    CHILD_PROTECTION_PLANS,
    CHILDREN_IN_CARE,
    CARE_LEAVERS,
    ADOPTION,
    ADOPTERS,
)


def list_by_key(key: str) -> AnnexAList:
    """The list with this key (for example "referrals")."""
    for annex_list in LISTS:
        if annex_list.key == key:
            return annex_list
    raise KeyError(f"Annex A has no list called {key!r}")


def list_by_number(number: int) -> AnnexAList:
    """List ``number`` (1 to 11)."""
    for annex_list in LISTS:
        if annex_list.number == number:
            return annex_list
    raise KeyError(f"Annex A has no list {number}")

"""What happens to a child, as records: the episode that a referral opens and everything inside it
(assessment, section 47 enquiry and conference, child in need plan, child protection plan,
care), and what can follow (leaving care, adoption, early help).

These are the simulation's truth. Dates are day numbers (`safeguard.synth.timeline`); an
unset date is None (not happened, or not by the end of the generated history). Annex A's
lists are views of these records as they stood on a given day (`safeguard.synth.extract`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from safeguard.synth.children import Child
from safeguard.synth.council import CaseFile


class Destiny(str, Enum):
    """Where a referral's episode is heading, decided when it arrives so yearly rates can be exact."""

    NO_FURTHER_ACTION = "nfa"
    CHILD_PROTECTION_PLAN = "plan"
    CONFERENCE_NO_PLAN = "conference_no_plan"
    S47_INTO_CARE = "s47_care"
    S47_CHILD_IN_NEED = "s47_cin"
    S47_CLOSED = "s47_close"
    ASSESSMENT_INTO_CARE = "assessment_care"
    ASSESSMENT_CHILD_IN_NEED = "assessment_cin"
    ASSESSMENT_CLOSED = "assessment_close"

    @property
    def has_s47(self) -> bool:
        return self in _S47_DESTINIES

    @property
    def has_conference(self) -> bool:
        return self in (Destiny.CHILD_PROTECTION_PLAN, Destiny.CONFERENCE_NO_PLAN)


_S47_DESTINIES = frozenset(
    {
        Destiny.CHILD_PROTECTION_PLAN,
        Destiny.CONFERENCE_NO_PLAN,
        Destiny.S47_INTO_CARE,
        Destiny.S47_CHILD_IN_NEED,
        Destiny.S47_CLOSED,
    }
)


@dataclass(slots=True, eq=False)
class Assessment:
    start: int
    authorised: int | None = None
    slipped: bool = False
    further_action: bool | None = None
    child_seen: str = "true"


@dataclass(slots=True, eq=False)
class Section47:
    start: int
    conference_working_days: int | None
    """Working days from the strategy discussion to the planned conference; None when no conference."""
    conference: int | None = None
    """The day the initial child protection conference was held."""
    decided_unnecessary: int | None = None
    """The day a conference was judged unnecessary (enquiries that end without one)."""
    outcome_plan: bool | None = None
    slipped: bool = False
    emergency_protection: bool = False
    """Police protection or an emergency protection order was used at the start."""


@dataclass(slots=True, eq=False)
class ChildProtectionPlan:
    number: int
    child: Child
    episode: Episode
    start: int
    previous_plans: int
    long: bool
    """Planned to run past two years (decided at the start so the share ending after 2+ years is exact)."""
    categories: list[tuple[int, str]]
    """(from day, category of abuse): the first is the initial category."""
    end: int | None = None
    end_reason: str | None = None
    reviews: list[int] = field(default_factory=list)
    visits: list[int] = field(default_factory=list)
    seen_alone: list[str] = field(default_factory=list)
    """Whether the child was seen alone at each visit (a YES_NO_UNKNOWN value)."""


@dataclass(slots=True, eq=False)
class Placement:
    start: int
    placement_type: str
    provider: str
    postcode: str
    urn: str | None
    location: str
    local_authority: str


@dataclass(slots=True, eq=False)
class Adoption:
    child: Child
    spell: CareSpell
    decision: int
    placement_order: int | None
    matched: int | None
    placed: int | None
    order: int | None
    stopped: int | None = None
    stopped_reason: str | None = None
    fostering_for_adoption: int | None = None
    family: AdopterFamily | None = None


@dataclass(slots=True, eq=False)
class CareSpell:
    number: int
    child: Child
    episode: Episode
    start: int
    route: str
    """How the child came into care: "s47", "plan", "assessment", or "established" (already in care when the simulation began)."""
    category_of_need: str
    subsequent_period: bool
    end: int | None = None
    end_reason: str | None = None
    token: int = 0
    """Changes whenever the planned end changes, so stale scheduled ends are ignored."""
    adoption: Adoption | None = None
    legal_statuses: list[tuple[int, str]] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    reviews: list[int] = field(default_factory=list)
    visits: list[int] = field(default_factory=list)
    iro_contacts: list[int] = field(default_factory=list)
    health_assessments: list[int] = field(default_factory=list)
    dental_checks: list[int] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)
    return_interviews: list[tuple[bool, bool]] = field(default_factory=list)
    """(offered, accepted) after each missing episode."""
    absent: list[int] = field(default_factory=list)
    permanence: list[tuple[int, str]] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class Episode:
    """A child in need episode: from the referral to the case's closure."""

    number: int
    child: Child
    referral_day: int
    contact_day: int
    source: str
    destiny: Destiny
    primary_need: str
    case: CaseFile
    plan_long: bool = False
    """If the episode leads to a plan: it is planned to run past two years."""
    assessment: Assessment | None = None
    s47: Section47 | None = None
    plan: ChildProtectionPlan | None = None
    care: CareSpell | None = None
    support_start: int | None = None
    """When a child in need plan began (after assessment, a conference, or a child protection plan)."""
    support_end: int | None = None
    support_token: int = 0
    close_day: int | None = None
    closure_reason: str | None = None
    visits: list[int] = field(default_factory=list)
    """Visits while on a child in need plan."""

    @property
    def nfa(self) -> bool:
        return self.destiny is Destiny.NO_FURTHER_ACTION

    @property
    def started_assessment(self) -> Assessment:
        """The assessment, for the steps scheduled once it has started."""
        if self.assessment is None:
            raise ValueError(f"episode {self.number} has no assessment yet")
        return self.assessment

    @property
    def started_enquiry(self) -> Section47:
        """The section 47 enquiry, for the steps scheduled once it has started."""
        if self.s47 is None:
            raise ValueError(f"episode {self.number} has no section 47 enquiry yet")
        return self.s47


@dataclass(slots=True, eq=False)
class LeaverStatus:
    day: int
    in_touch: str
    accommodation: str | None
    suitable: str | None
    activity: str | None


@dataclass(slots=True, eq=False)
class CareLeaver:
    child: Child
    spell: CareSpell
    left: int
    until: int
    """The 22nd birthday, when the young person leaves Annex A's care leaver list."""
    case: CaseFile
    pathway_reviews: list[int] = field(default_factory=list)
    contacts: list[int] = field(default_factory=list)
    statuses: list[LeaverStatus] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class Contact:
    child: Child
    day: int
    source: str


@dataclass(slots=True, eq=False)
class EarlyHelpAssessment:
    child: Child
    start: int
    completion: int | None
    organisation: str


@dataclass(slots=True, eq=False)
class Adopter:
    adopter_id: str
    gender: str
    ethnicity: str
    disability: str


@dataclass(slots=True, eq=False)
class AdopterFamily:
    family_id: str
    adopters: list[Adopter]
    fostering_for_adoption: bool
    enquiry: int
    stage1_start: int | None = None
    stage1_end: int | None = None
    stage2_start: int | None = None
    stage2_end: int | None = None
    application: int | None = None
    approved: int | None = None
    matched: int | None = None
    placed: int | None = None
    children_placed: int | None = None
    order: int | None = None
    left: int | None = None
    left_reason: str | None = None

"""The catalogue of indicators: the one place each indicator is described and defined.

Everything else reads it: the engine runs each indicator's SQL, the benchmarks match LAIT codes,
the early warning uses polarity and the leader's question, data confidence uses the lists an
indicator depends on, and ``docs/indicators.md`` is generated from it (``safeguard indicators
docs``). Nothing about an indicator is written anywhere else.

Definitions follow DfE's published statistics (LAIT codes from DOMAIN §3; wording and
polarity checked against LAIT's data dictionary) as far as Annex A's child-level lists allow.
Where Annex A holds less than DfE's own returns, ``method`` says exactly what is approximated.
Each computation is a SQL file in ``definitions/`` (see ``safeguard.indicators.history`` for
the tables it may read and the columns it must return).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cache
from importlib import resources


class Unit(str, Enum):
    PER_10K = "per_10k"
    """Per 10,000 children aged 0-17 living in the area."""
    PERCENT = "percent"
    COUNT = "count"
    PER_FTE = "per_fte"
    """Cases for each full-time-equivalent worker holding cases."""


class Polarity(str, Enum):
    """Which direction is better, as benchmarks rank and warnings read it."""

    HIGH = "high"
    """Higher is better."""
    LOW = "low"
    """Lower is better."""
    CONTEXT = "context"
    """Neither: a measure of demand or activity to understand, not to push up or down."""
    ZERO = "zero"
    """The target is none at all."""


class Kind(str, Enum):
    FLOW = "flow"
    """Events in the period (started, held, ended) or children seen at any time in it."""
    STOCK = "stock"
    """What is open at the period's last day."""


POPULATION = "Children aged 0-17 living in the area (ONS mid-year estimate of the year before the financial year ends)"
NO_DENOMINATOR = "None: a number of children"


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    definition: str
    """What it measures, in plain English."""
    numerator: str
    denominator: str
    unit: Unit
    polarity: Polarity
    lait_code: str | None
    """DfE's LAIT measure code, for benchmarking; None for local measures."""
    factors: tuple[str, ...]
    """Ids of the seven factors (``safeguard.factors``) this indicator informs."""
    question: str
    """What a leader should ask when it moves."""
    lists: tuple[str, ...]
    """Annex A lists it is computed from (keys of ``safeguard.annex_a.spec``)."""
    kind: Kind
    method: str
    """Exactly how it is computed from Annex A, and what that approximates."""
    by_team: bool
    """Whether a figure per team makes sense (rates per 10,000 children do not: teams have no population)."""
    as_at: bool = False
    """Whether it reads fields Annex A records only as at the return's end (the latest visit or
    review, the allocated worker, the last 12 months' placements or missing episodes): such a
    figure needs a return that ends at the period's end (``history.AS_AT_GRACE``)."""
    workforce: bool = False
    """Whether it reads the workforce file (``safeguard.indicators.workforce`` builds its tables)."""
    summed: bool = False
    """Whether its definition returns amounts to add up (``numerator_amount``,
    ``denominator_amount``: full-time equivalents, weighted cases) rather than items to count."""
    rolling_year_count: bool = False
    """Whether its numerator is a plain count of events in the 12 months to each period's end
    (turnover counts leavers in the year), so the early warning judges it by each month's own
    events. Measures that look back a year but count children (went missing, moved three times)
    are not: children join and leave care, so a month's change in them is not that month's events."""

    @property
    def sql(self) -> str:
        """The definition: SQL returning one row per counted item (see ``history``)."""
        return definition_sql(self.id)


@cache
def definition_sql(indicator_id: str) -> str:
    return resources.files("safeguard.indicators").joinpath("definitions", f"{indicator_id}.sql").read_text(encoding="utf-8")


def _per_10k(
    id: str,
    title: str,
    definition: str,
    numerator: str,
    lait_code: str | None,
    factors: tuple[str, ...],
    question: str,
    lists: tuple[str, ...],
    kind: Kind,
    method: str,
) -> Indicator:
    return Indicator(
        id, title, definition, numerator, POPULATION, Unit.PER_10K, Polarity.CONTEXT, lait_code, factors, question, lists, kind, method, False
    )


INDICATORS: tuple[Indicator, ...] = (
    _per_10k(
        "contacts_per_10k",
        "Contacts per 10,000 children",
        "How much comes through the front door: every contact made about a child, whoever made "
        "it, for each 10,000 children in the area. Many contacts are answered with advice or "
        "early help and never become referrals.",
        "Contacts received in the period",
        None,
        ("resourcing", "partnership"),
        "Is demand at the front door changing, and do partners know when to contact us and when "
        "to offer early help themselves?",
        ("contacts",),
        Kind.FLOW,
        "Each contact is one child, date and source (Annex A list 1); a contact carried by several "
        "returns counts once.",
    ),
    _per_10k(
        "referrals_per_10k",
        "Referrals per 10,000 children",
        "Requests for a social care service for children not already open to the council, for "
        "each 10,000 children in the area. A child referred twice in the period counts twice.",
        "Referrals received in the period",
        "CPP_Total_Rateper10,000",
        ("resourcing", "partnership", "outcomes"),
        "Why is the number of referrals moving, and does every partner read the threshold for "
        "social care the same way?",
        ("referrals",),
        Kind.FLOW,
        "Each referral is one child and referral date (Annex A list 3).",
    ),
    Indicator(
        "re_referral_rate",
        "Re-referrals within 12 months (%)",
        "The share of referrals about a child who had already been referred in the year before: "
        "a sign that earlier help did not last.",
        "Referrals in the period whose child had an earlier referral in the 12 months before it",
        "Referrals received in the period",
        Unit.PERCENT,
        Polarity.LOW,
        "ReReferral",
        ("performance_and_quality", "outcomes", "partnership"),
        "Are cases closing before families' needs are met, and what help would stop them coming back?",
        ("referrals",),
        Kind.FLOW,
        "A referral is a re-referral when the same child's previous referral was on or after the "
        "same date twelve calendar months earlier: a referral on 15 May 2024 looks back to 15 May "
        "2023, and one on 29 February 2024 to 28 February 2023. Calendar months follow DfE's "
        "wording ('within 12 months') in every year, where a fixed 365 days would fall a day short "
        "across a 29 February. Earlier referrals from before the period count, back to the start "
        "of the earliest snapshot loaded.",
        True,
    ),
    Indicator(
        "referral_nfa_rate",
        "Referrals with no further action (%)",
        "The share of referrals that ended with no further action from social care.",
        "Referrals received in the period marked 'no further action'",
        "Referrals received in the period",
        Unit.PERCENT,
        Polarity.CONTEXT,
        "CIN_Refferals_NFA",
        ("partnership", "performance_and_quality"),
        "Are partners referring children who do not need social care, and do those families get "
        "the right help somewhere else?",
        ("referrals",),
        Kind.FLOW,
        "Uses Annex A's own 'Referral NFA?' flag on each referral (list 3). DfE also counts as "
        "NFA a referral closed after assessment with no further action; Annex A's flag is the "
        "council's own record of that decision.",
        True,
    ),
    Indicator(
        "assessments_within_45wd",
        "Assessments completed within 45 working days (%)",
        "The share of social work assessments finished and authorised within the 45 working days "
        "that statutory guidance allows.",
        "Assessments authorised in the period on or before the 45th working day after they started",
        "Assessments authorised in the period",
        Unit.PERCENT,
        Polarity.HIGH,
        "Continue_Assess_Comp",
        ("resourcing", "performance_and_quality", "workforce_development"),
        "Where are assessments getting stuck, and are children waiting too long for a decision "
        "about the help they need?",
        ("assessments",),
        Kind.FLOW,
        "Counted when authorised (Annex A list 4). The start date is day 0; the deadline is the "
        "45th working day after it, skipping weekends and England's bank holidays; authorised on "
        "or before the deadline is in time. Assessments not yet authorised are not counted.",
        True,
    ),
    _per_10k(
        "s47_per_10k",
        "Section 47 enquiries per 10,000 children",
        "Child protection enquiries started because a child may be suffering significant harm, for "
        "each 10,000 children in the area.",
        "Section 47 enquiries started in the period (by the date of the strategy discussion that began them)",
        "Section_47",
        ("partnership", "resourcing"),
        "Is the use of child protection enquiries rising or falling, and is the threshold for "
        "them applied consistently?",
        ("s47_enquiries",),
        Kind.FLOW,
        "Each enquiry is one child and strategy discussion date (Annex A list 5).",
    ),
    _per_10k(
        "icpc_per_10k",
        "Initial child protection conferences per 10,000 children",
        "Initial child protection conferences held, for each 10,000 children in the area.",
        "Initial child protection conferences held in the period",
        "ISCP_Conf",
        ("partnership", "resourcing"),
        "How many enquiries lead to a conference, and are conferences held for the right children?",
        ("s47_enquiries",),
        Kind.FLOW,
        "Counted by the conference date recorded against each enquiry (Annex A list 5). "
        "Conferences for children moving in on a plan from another council are not in Annex A.",
    ),
    Indicator(
        "icpc_within_15wd",
        "Initial conferences within 15 working days (%)",
        "The share of initial child protection conferences held within 15 working days of the "
        "strategy discussion that began the enquiry.",
        "Conferences held in the period on or before the 15th working day after the enquiry's strategy discussion",
        "Initial child protection conferences held in the period",
        Unit.PERCENT,
        Polarity.HIGH,
        "CP_conf_15days",
        ("partnership", "performance_and_quality"),
        "Can partners come together quickly enough to protect a child once an enquiry has begun?",
        ("s47_enquiries",),
        Kind.FLOW,
        "Working days as for assessments: the strategy discussion is day 0, the deadline the 15th "
        "working day after it, and a conference on or before it is in time.",
        True,
    ),
    _per_10k(
        "cin_per_10k",
        "Children in need per 10,000 children",
        "Children the council is supporting as children in need (including those on protection "
        "plans and in care) on the period's last day, for each 10,000 children in the area.",
        "Children with an open episode of need at the end of the period (each child once)",
        "CIN",
        ("resourcing", "outcomes"),
        "Is the number of children we support growing, and have we the staff to match?",
        ("children_in_need",),
        Kind.STOCK,
        "An episode (Annex A list 6) is open on a day if it started on or before it and has no "
        "closure date or closes after it. An episode with no closure date is taken to be open only "
        "as far as the latest return that lists it; an episode with no start date cannot be placed "
        "in time and is left out.",
    ),
    _per_10k(
        "cpp_per_10k",
        "Child protection plans per 10,000 children",
        "Children subject to a child protection plan on the period's last day, for each 10,000 "
        "children in the area.",
        "Children subject to a child protection plan at the end of the period",
        "CPP_rate",
        ("resourcing", "outcomes", "partnership"),
        "Why is the number of children on plans changing, and do plans end when risk has truly fallen?",
        ("child_protection_plans",),
        Kind.STOCK,
        "A plan (Annex A list 7) is open on a day if it started on or before it and has no end "
        "date or ends after it; a plan with no end date is taken to be open only as far as the "
        "latest return that lists it.",
    ),
    _per_10k(
        "cpp_starts_per_10k",
        "Child protection plans started per 10,000 children",
        "New child protection plans, for each 10,000 children in the area.",
        "Child protection plans that started in the period",
        "CPP_Abuse_Rate",
        ("resourcing", "partnership"),
        "Are more children needing protection plans, and why?",
        ("child_protection_plans",),
        Kind.FLOW,
        "Each plan is one child and plan start date (Annex A list 7); a child with two plans "
        "starting in the period counts twice. LAIT ranks this measure as lower-is-better; we "
        "treat it as context, like the other measures of demand.",
    ),
    Indicator(
        "cpp_repeat_rate",
        "Second or subsequent child protection plans (%)",
        "The share of new protection plans for a child who has been on a plan before, however long ago.",
        "Plans started in the period for a child who had been on a plan before",
        "Plans started in the period",
        Unit.PERCENT,
        Polarity.LOW,
        "PrevRegCPR",
        ("outcomes", "performance_and_quality", "partnership"),
        "Did earlier plans end before the family's situation had really changed, and what have we "
        "learned from the children who came back?",
        ("child_protection_plans",),
        Kind.FLOW,
        "A plan counts as a repeat when the history holds an earlier plan for the same child, or "
        "when Annex A's 'number of previous child protection plans' is above zero (which reaches "
        "back before the earliest snapshot).",
        True,
    ),
    Indicator(
        "cpp_ended_2yrs_rate",
        "Child protection plans ending after 2 years or more (%)",
        "The share of protection plans ending in the period that had lasted two years or more: a "
        "sign of drift.",
        "Plans ended in the period that had lasted more than 729 days",
        "Plans ended in the period",
        Unit.PERCENT,
        Polarity.LOW,
        "CPPlans2yrs",
        ("performance_and_quality", "outcomes"),
        "Why have some children been on plans for so long, and is drift challenged at reviews?",
        ("child_protection_plans",),
        Kind.FLOW,
        "A plan's length is its end date minus its start date in days, as DfE counts it: 729 days "
        "is under two years, 730 or more is two years or more.",
        True,
    ),
    Indicator(
        "cpp_review_in_timescale",
        "Child protection plans reviewed in timescale (%)",
        "The share of children on plans long enough to need a review whose reviews are up to "
        "date: the first within 3 months of the plan starting, then at most every 6 months.",
        "Those whose reviews were up to date at the period's end, and at the end of every earlier return that listed the plan",
        "Plans open at the end of the period that began at least 3 months before it",
        Unit.PERCENT,
        Polarity.HIGH,
        "RevCP",
        ("performance_and_quality", "partnership"),
        "Which children's plans are overdue a review, and what stops conferences being held on time?",
        ("child_protection_plans",),
        Kind.STOCK,
        "Annex A keeps only the date of the latest review, not every review. Each return shows the "
        "latest review as at its own end, so the history can check the plan at every return's end "
        "up to the period's end, and at the period's end itself: a plan of 3 months or more with no "
        "review since it began, or whose latest review is more than 6 months old, is out of "
        "timescale on that day, and stays late for the rest of the plan. A review that was late "
        "but held before the next return's end cannot be seen, so the figure reads at or above "
        "DfE's (which counts every review): close to it with monthly returns, and only checking "
        "the year's end with one return a year. Review dates come from the return at the period's "
        "end; a plan whose latest recorded review falls after the period's end is left out.",
        True,
        as_at=True,
    ),
    Indicator(
        "cpp_visit_in_timescale",
        "Child protection visits in timescale (%)",
        "The share of children on protection plans seen by their social worker as often as the "
        "council's own standard requires (by default at least every 10 working days).",
        "Those last visited (or, if not visited since, whose plan began) no more than the local standard of working days before the period's end",
        "Children on child protection plans at the end of the period",
        Unit.PERCENT,
        Polarity.HIGH,
        None,
        ("performance_and_quality", "workforce_development", "resourcing"),
        "Are children on plans seen as often as our standard says, and who has not been seen?",
        ("child_protection_plans",),
        Kind.STOCK,
        "The standard is set in the council's settings (standards.cpp_visit_working_days, "
        "default 10). A child is in time if the period's last day is on or before the Nth working "
        "day after the last statutory visit; a visit before the plan began does not count, and "
        "the clock then runs from the plan's start. Visit dates come from the return covering the "
        "period's end; a plan whose recorded visit falls after the period's end is left out.",
        True,
        as_at=True,
    ),
    Indicator(
        "cpp_seen_alone_rate",
        "Children seen alone on child protection visits (%)",
        "The share of children aged two or over on protection plans who were seen on their own at "
        "their latest statutory visit, so that they could speak freely.",
        "Those seen alone at that visit",
        "Children aged two or over on plans at the end of the period whose latest visit was since the plan began",
        Unit.PERCENT,
        Polarity.HIGH,
        None,
        ("culture", "outcomes", "workforce_development"),
        "Are workers seeing children on their own, so that children can say what life is like for them?",
        ("child_protection_plans",),
        Kind.STOCK,
        "Uses Annex A's 'Was the child seen alone?' at the latest visit (list 7), from the return "
        "covering the period's end. 'Unknown' counts as not seen alone; plans with no visit since "
        "they began, or whose visit falls after the period's end, are left out. Children under two "
        "at the visit (by date of birth, else by the age the return gives) are left out too: a baby "
        "cannot say what life is like, and counting babies would move the figure with the age of "
        "the children on plans rather than with practice.",
        True,
        as_at=True,
    ),
    _per_10k(
        "cla_per_10k",
        "Children looked after per 10,000 children",
        "Children in the council's care on the period's last day, for each 10,000 children in the area.",
        "Children looked after at the end of the period",
        "LAC",
        ("resourcing", "outcomes"),
        "Why is the number of children in care moving, and have we the right homes for them?",
        ("children_in_care",),
        Kind.STOCK,
        "A period of care (Annex A list 8) is open on a day if it started on or before it and has "
        "no end date or ends after it; with no end date it is taken to be open only as far as the "
        "latest return that lists it.",
    ),
    _per_10k(
        "cla_starts_per_10k",
        "Children starting to be looked after per 10,000 children",
        "Children who came into care, for each 10,000 children in the area.",
        "Children who started a period of care in the period (each child once)",
        "LAC_Start_Rate",
        ("resourcing", "partnership"),
        "Are more children coming into care in a crisis, and could earlier help have kept any of "
        "them safely at home?",
        ("children_in_care",),
        Kind.FLOW,
        "Counted by the date the child started to be looked after (Annex A list 8).",
    ),
    Indicator(
        "cla_3plus_placements_rate",
        "Children looked after with 3 or more placements in a year (%)",
        "The share of children in care who have moved home three or more times in a year.",
        "Those with three or more placements in the 12 months before the return",
        "Children looked after at the end of the period",
        Unit.PERCENT,
        Polarity.LOW,
        "LACStable_2016on",
        ("outcomes", "resourcing"),
        "Which children keep moving, and do we have enough of the right homes to give them stability?",
        ("children_in_care",),
        Kind.STOCK,
        "Annex A counts placements over the 12 months before the return, not before the period's "
        "end, so the figure uses the return that covers the period's end and ends soonest after it.",
        True,
        as_at=True,
    ),
    Indicator(
        "cla_long_term_stability_rate",
        "Long-term placement stability (%)",
        "The share of children in long-term care who have lived in the same home for at least two years.",
        "Those whose current placement began at least 2 years before the period's end",
        "Children under 16 at the period's end who had been looked after for at least 2½ years",
        Unit.PERCENT,
        Polarity.HIGH,
        "LAC_LongStable%",
        ("outcomes", "resourcing"),
        "Are the children who will grow up in care settled where they live?",
        ("children_in_care",),
        Kind.STOCK,
        "Looked after continuously means in the current period of care since at least 30 months "
        "before the period's end; age is from the date of birth, or the recorded age when that is "
        "blank. Annex A gives only the start of the current placement, so a child adopted by their "
        "own foster carers counts from the adoptive placement (DfE joins the two). Children whose "
        "recorded placement began after the period's end are left out.",
        True,
        as_at=True,
    ),
    Indicator(
        "cla_missing_rate",
        "Children looked after who went missing (%)",
        "The share of children in care who went missing from their placement at least once.",
        "Those with at least one missing episode in the 12 months before the return",
        "Children looked after at any time in the period",
        Unit.PERCENT,
        Polarity.LOW,
        "Children_missing",
        ("outcomes", "partnership"),
        "Which children go missing, what do return interviews tell us, and is exploitation being "
        "tackled with the police?",
        ("children_in_care",),
        Kind.FLOW,
        "Annex A counts missing episodes over the 12 months before the return, so even a monthly "
        "figure looks back a year; the return used is the one covering the period's end.",
        True,
        as_at=True,
    ),
    Indicator(
        "return_interview_offered_rate",
        "Return interviews offered (%)",
        "The share of children in care who went missing and were offered an interview about it "
        "when they came back.",
        "Those offered a return interview after their last missing episode",
        "Children looked after in the period who went missing (as for cla_missing_rate)",
        Unit.PERCENT,
        Polarity.HIGH,
        None,
        ("outcomes", "partnership"),
        "Is every child who comes back offered a conversation about why they went and what happened?",
        ("children_in_care",),
        Kind.FLOW,
        "A blank answer counts as not offered: there is no record that an interview was offered.",
        True,
        as_at=True,
    ),
    Indicator(
        "return_interview_accepted_rate",
        "Return interviews accepted (%)",
        "The share of children offered a return interview who took it up.",
        "Those who accepted the return interview",
        "Children offered a return interview (as for return_interview_offered_rate)",
        Unit.PERCENT,
        Polarity.HIGH,
        None,
        ("outcomes", "culture"),
        "When children turn a return interview down, who else could they talk to?",
        ("children_in_care",),
        Kind.FLOW,
        "A blank answer counts as not accepted.",
        True,
        as_at=True,
    ),
    Indicator(
        "cla_visit_in_timescale",
        "Children looked after visited in timescale (%)",
        "The share of children in care seen by their social worker as often as the law requires: "
        "within a week of moving to a new home, then at least every six weeks.",
        "Those visited within the statutory interval before the period's end",
        "Children looked after at the end of the period",
        Unit.PERCENT,
        Polarity.HIGH,
        None,
        ("performance_and_quality", "outcomes"),
        "Are children in care seen as often as the law requires, and who has been missed?",
        ("children_in_care",),
        Kind.STOCK,
        "Following the Care Planning, Placement and Case Review (England) Regulations 2010, reg 28 "
        "(DOMAIN §4): with no visit since the current placement began, the child is in time for 7 "
        "days after it began; otherwise for 42 days after the last visit, or 3 months in a "
        "long-term foster placement (codes U1, U4) that has lasted a year by the period's end. "
        "Dates come from the return covering the period's end; a child whose recorded visit or "
        "placement falls after the period's end is left out.",
        True,
        as_at=True,
    ),
    Indicator(
        "unallocated_cases",
        "Unallocated cases",
        "Children with an open case (in need, on a protection plan or in care) who have no named "
        "social worker. The aim is none.",
        "Children with an open child in need, child protection or in-care case at the end of the period and no named worker",
        NO_DENOMINATOR,
        Unit.COUNT,
        Polarity.ZERO,
        None,
        ("resourcing", "workforce_development", "leadership"),
        "Which children have no social worker, for how long, and what will it take to allocate them today?",
        ("children_in_need", "child_protection_plans", "children_in_care"),
        Kind.STOCK,
        "A case is unallocated when its allocated worker is recorded as 'Unallocated' or left "
        "blank, in the return covering the period's end. A child open on several lists counts once.",
        True,
        as_at=True,
    ),
    Indicator(
        "care_leavers_in_touch_rate",
        "Care leavers the council is in touch with (%)",
        "The share of care leavers with whom the council is in touch.",
        "Those the council is in touch with",
        "Care leavers listed in the return covering the period's end, except any who have died",
        Unit.PERCENT,
        Polarity.HIGH,
        None,
        ("outcomes", "partnership"),
        "Do we know where our care leavers are and how they are doing, and whom have we lost touch with?",
        ("care_leavers",),
        Kind.STOCK,
        "Annex A lists the care leavers open at the time of the return (list 9) without dates, so "
        "the figure comes from the return covering the period's end, with no figure for periods "
        "no return covers. LAIT publishes the opposite measure for 19-21 year olds "
        "(CareLeavers_LA_NotInTouch); this one covers every care leaver the return lists.",
        True,
        as_at=True,
    ),
)


WORKFORCE_FILE = "The workforce file (docs/workforce.md)"
SOCIAL_WORK_FTE = "Full-time equivalent social workers in post (permanent staff)"


def _workforce(
    id: str, title: str, definition: str, numerator: str, denominator: str, unit: Unit, polarity: Polarity,
    factors: tuple[str, ...], question: str, kind: Kind, method: str, lists: tuple[str, ...] = (), as_at: bool = False,
    rolling_year_count: bool = False,
) -> Indicator:
    """A workforce indicator: from the workforce file (and for caseloads, Annex A's allocated workers), by team."""
    return Indicator(
        id, title, definition, numerator, denominator, unit, polarity, None, factors, question, lists, kind, method, True,
        as_at=as_at, workforce=True, summed=True, rolling_year_count=rolling_year_count,
    )


WORKFORCE_INDICATORS: tuple[Indicator, ...] = (
    _workforce(
        "social_worker_vacancy_rate",
        "Social worker vacancy rate (%)",
        "The share of funded social work posts with no permanent worker in them, whether or not an "
        "agency worker covers them.",
        "Vacant posts (full-time equivalent) on the file's day",
        "Vacant posts plus permanent social workers in post (full-time equivalent)",
        Unit.PERCENT,
        Polarity.LOW,
        ("resourcing", "workforce_development"),
        "Which teams carry vacancies, for how long, and what is the plan to fill them with permanent staff?",
        Kind.STOCK,
        "DfE's children's social work workforce definition (vacancy_rate_fte): vacant FTE divided by "
        "vacant FTE plus permanent FTE in post, on the day the workforce file describes (DfE's census "
        "is 30 September). Vacant posts are the file's rows marked vacant, so the figure needs a file "
        "dated on the period's last day or in the week after it.",
    ),
    _workforce(
        "social_worker_turnover_rate",
        "Social worker turnover rate (%)",
        "How many permanent social workers left in the last 12 months, for each 100 in post now.",
        "Permanent social workers (full-time equivalent) whose last day fell in the 12 months to the period's end",
        "Permanent social workers in post at the period's end (full-time equivalent)",
        Unit.PERCENT,
        Polarity.LOW,
        ("resourcing", "workforce_development", "culture"),
        "Why are social workers leaving, from which teams, and what do their exit interviews say?",
        Kind.FLOW,
        "DfE's definition (turnover_rate_fte): leavers' FTE in the year to 30 September divided by "
        "FTE in post on 30 September, for any period's end. A worker is in post from their start "
        "date to the day before their leaving date, so one whose last day is the period's last day "
        "counts as a leaver and not as in post. Read from the "
        "workforce file dated on or next after the period's end, which lists leavers with their dates.",
        rolling_year_count=True,
    ),
    _workforce(
        "agency_worker_rate",
        "Agency social worker rate (%)",
        "The share of social work capacity supplied by agency workers rather than the council's own staff.",
        "Agency social workers in post at the period's end (full-time equivalent)",
        "Agency plus permanent social workers in post at the period's end (full-time equivalent)",
        Unit.PERCENT,
        Polarity.LOW,
        ("resourcing", "workforce_development"),
        "How much of our casework rests on agency staff, and what would it take to recruit permanently?",
        Kind.STOCK,
        "DfE's definition (agency_rate_fte): agency FTE divided by agency plus permanent FTE, both "
        "in post on the day, so a part-time agency worker counts their hours, not one whole worker.",
    ),
    _workforce(
        "social_worker_absence_rate",
        "Social worker sickness absence rate (%)",
        "The share of permanent social workers' working days lost to sickness in the last 12 months.",
        "Working days lost to sickness in the 12 months to the file's day, by permanent social workers in post",
        "Permanent social workers in post (full-time equivalent) times the working days in those 12 months",
        Unit.PERCENT,
        Polarity.LOW,
        ("resourcing", "culture"),
        "Is sickness absence a sign of stress in any team, and how are workers on long absence supported?",
        Kind.FLOW,
        "DfE's definition (absence_rate_fte): working days lost divided by FTE in post times the "
        "working days in the year (weekdays less England's bank holidays, about 253). Needs a file "
        "dated on the period's last day or in the week after it.",
    ),
    _workforce(
        "newly_qualified_rate",
        "Newly qualified social workers (%)",
        "The share of case-holding social workers in their first year after qualifying.",
        "Newly qualified case holders in post (full-time equivalent)",
        "Case-holding social workers and senior practitioners in post, permanent and agency (full-time equivalent)",
        Unit.PERCENT,
        Polarity.CONTEXT,
        ("workforce_development", "resourcing"),
        "Do newly qualified workers get protected caseloads and close supervision, and are experienced workers there to support them?",
        Kind.STOCK,
        "A local measure (DfE publishes none): the workforce file's 'newly qualified' flag on the "
        "file's day, by full-time equivalent. Needs a file dated on the period's last day or in the week after.",
    ),
    _workforce(
        "supervision_in_date_rate",
        "Social workers supervised within the local standard (%)",
        "The share of social workers whose last supervision was within the council's own standard (monthly by default).",
        "Social workers in post whose last supervision was within the standard before the file's day",
        "Social workers in post, permanent and agency (each person once)",
        Unit.PERCENT,
        Polarity.HIGH,
        ("workforce_development", "performance_and_quality"),
        "Which workers have gone without supervision, and does supervision look at the children's plans as well as the caseload?",
        Kind.STOCK,
        "A local measure: each person once, whatever their hours; in date when the last supervision "
        "was on or after the period's end less the council's standard (settings: standards."
        "supervision_days, 28 by default). Needs a file dated on the period's last day or in the week after.",
    ),
    _workforce(
        "caseload_mean",
        "Average caseload (cases per full-time case holder)",
        "Open cases (children in need, on protection plans and in care) for each full-time-equivalent social worker holding cases.",
        "Children with an open case allocated to a case holder in the workforce file, each child once",
        "Case holders (social workers and senior practitioners with at least one case) in post (full-time equivalent)",
        Unit.PER_FTE,
        Polarity.CONTEXT,
        ("resourcing", "workforce_development"),
        "Are caseloads manageable in every team, and which workers carry far more than the average?",
        Kind.STOCK,
        "DfE's definition (caseload_fte): cases divided by case holders' FTE. Cases are the children "
        "open at the period's end on Annex A lists 6, 7 and 8 in the return at the period's end, each "
        "child once, joined by the allocated worker's name to the workforce file dated on the period's "
        "last day or in the week after; the team is the worker's team in the workforce file.",
        ("children_in_need", "child_protection_plans", "children_in_care"),
        as_at=True,
    ),
    _workforce(
        "caseload_weighted_mean",
        "Average weighted caseload (weighted cases per full-time case holder)",
        "Open cases weighted by how much work they take, for each full-time-equivalent social worker holding cases.",
        "Children with an open case allocated to a case holder, each weighted by the council's caseload model",
        "Case holders (social workers and senior practitioners with at least one case) in post (full-time equivalent)",
        Unit.PER_FTE,
        Polarity.CONTEXT,
        ("resourcing", "workforce_development"),
        "Where is the heaviest work (protection plans, court work) concentrated, and is it shared fairly?",
        Kind.STOCK,
        "As the average caseload, each child weighted by the council's model (settings: "
        "standards.caseload): in need 1, protection plan 1.5, in care 1.25 by default, the heaviest "
        "when on several lists; plus 0.5 for court work (an interim care order, or emergency "
        "protection in the last six months); each further child of a sibling group counts half. "
        "Annex A does not link siblings: children with the same worker and the same case start date "
        "are taken to be siblings.",
        ("children_in_need", "child_protection_plans", "children_in_care"),
        as_at=True,
    ),
)

INDICATORS = INDICATORS + WORKFORCE_INDICATORS


def indicator(indicator_id: str) -> Indicator:
    """The indicator with this id; ``KeyError`` naming the known ids otherwise."""
    for candidate in INDICATORS:
        if candidate.id == indicator_id:
            return candidate
    raise KeyError(f"no indicator {indicator_id!r} (the indicators are: {', '.join(indicator_ids())})")


def indicator_ids() -> tuple[str, ...]:
    return tuple(candidate.id for candidate in INDICATORS)

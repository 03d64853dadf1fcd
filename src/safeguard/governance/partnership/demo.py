"""The demo council's safeguarding partnership: its agencies and named members, a year of board
meetings every two months with each agency's attendance (probation often absent or sending a
junior deputy), three sub-groups with their own meetings, the work programme and budget, each
agency's section 11 return at a different step, and probation escalated to its most senior
people (seed 003 §18.4.2)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from safeguard.calendar import is_working_day
from safeguard.governance.partnership import services
from safeguard.governance.partnership.models import Agency, Member
from safeguard.governance.partnership.services import PresenceEntry, RatingEntry
from safeguard.governance.reporting_year import ReportingYear
from safeguard.governance.workflow.demo_cast import DemoCast

AGENCIES: tuple[tuple[str, str, bool], ...] = (
    ("The safeguarding partnership", "partnership", False),
    ("Children's social care", "statutory", True),
    ("Police", "statutory", True),
    ("Integrated care board (health)", "statutory", True),
    ("Probation service", "statutory", False),
    ("Youth justice service", "statutory", False),
    ("Schools and colleges", "schools", False),
    ("Lay members", "lay", False),
)
MEMBERS: tuple[tuple[str, str, str, str, str | None], ...] = (
    ("The safeguarding partnership", "Ruth Ellison", "Independent chair", "chair", "board_member"),
    ("The safeguarding partnership", "Grace Lewis", "Partnership business manager", "business_manager", "partnership_manager"),
    ("Children's social care", "The Director of Children's Services", "Director of Children's Services", "member", "dcs"),
    ("Children's social care", "The Lead Member", "Lead Member for Children's Services", "observer", "lead_member"),
    ("Police", "Sam Carter", "Detective Chief Inspector, public protection", "member", "police_partner"),
    ("Integrated care board (health)", "Helen Ward", "Designated nurse for safeguarding", "adviser", "health_partner"),
    ("Integrated care board (health)", "Dr Anil Rao", "Designated doctor for safeguarding", "adviser", None),
    ("Probation service", "Mark Doyle", "Head of the probation delivery unit", "member", None),
    ("Youth justice service", "Claire Finch", "Head of youth justice", "member", None),
    ("Schools and colleges", "Femi Adeyemi", "Head teacher, for the borough's schools", "member", "education_partner"),
    ("Lay members", "Joan Price", "Lay member", "lay_member", None),
    ("Lay members", "Imran Shah", "Lay member", "lay_member", None),
)
MEETING_DAYS_AGO = (350, 290, 230, 170, 110, 50)
"""A board meeting every two months; one more is planned three weeks ahead."""
ATTENDANCE: dict[str, str] = {
    # One letter per meeting: M the named member, D a deputy who could commit the agency,
    # J a deputy too junior to, A apologies, X nobody and no apologies.
    "Children's social care": "MMMDMM",
    "Police": "MDMMMM",
    "Integrated care board (health)": "MMDMMA",
    "Probation service": "JAXJAD",
    "Youth justice service": "MMAMMD",
    "Schools and colleges": "MAMMDM",
    "Lay members": "MMMMAM",
}
LETTERS = {"M": ("member", True), "D": ("deputy", True), "J": ("deputy", False), "A": ("apologies", None), "X": ("absent", None)}
SUB_GROUPS: tuple[tuple[str, str, str], ...] = (
    ("Learning and improvement", "Helen Ward",
     "Runs rapid reviews and local practice reviews, follows each review's action plan to completion, and reports learning to the "
     "partnership every quarter."),
    ("Quality assurance and section 11", "Grace Lewis",
     "Runs the section 11 audits and multi-agency case audits, tests what agencies say of themselves, and reports to the partnership."),
    ("Exploitation and missing children", "Sam Carter",
     "Leads the partnership's work on child sexual and criminal exploitation and children who go missing, with the police, schools "
     "and health."),
)
WORK: tuple[tuple[str, str, str, str, int, int, int, int, str], ...] = (
    # title, objective, priority, owner, starts (days ago), due (days ago; negative is ahead), budget, spent, state
    ("Exploitation screening tool in every agency", "Every agency screens for exploitation the same way, so children are seen sooner.",
     "exploitation", "Sam Carter", 320, 60, 12_000, 11_400, "done"),
    ("Domestic abuse training for front-line staff", "Two hundred front-line staff trained in assessing domestic abuse risk.",
     "domestic_abuse", "Grace Lewis", 300, -90, 18_000, 9_500, "in_progress"),
    ("Neglect strategy refreshed", "One picture of neglect across agencies, with a shared assessment tool.",
     "neglect", "Helen Ward", 250, 20, 6_000, 4_800, "in_progress"),
    ("Children's voice in the partnership's priorities", "Young people's panel meets the board twice a year.",
     "voice", "Joan Price", 200, -150, 4_000, 500, "in_progress"),
    ("Safer recruitment audit across schools", "Every school's single central record checked.",
     "safer_recruitment", "Femi Adeyemi", 150, -60, 2_500, 0, "planned"),
    ("Learning from child deaths: safer sleep campaign", "Every family of a newborn hears the safer sleep advice twice.",
     "learning", "Dr Anil Rao", 280, 100, 5_000, 5_200, "done"),
)
CONTRIBUTIONS: tuple[tuple[str, int, str], ...] = (
    ("Children's social care", 120_000, "Office space and the business unit's staff"),
    ("Police", 45_000, ""),
    ("Integrated care board (health)", 60_000, "The designated doctor's and nurse's time"),
    ("Probation service", 5_000, ""),
    ("Youth justice service", 3_000, ""),
    ("Schools and colleges", 0, "Training venues"),
)


def _working(cast: DemoCast, days_ago: int) -> int:
    """The nearest working day on or before, as days ago."""
    day = cast.day(days_ago)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return (cast.today - day).days


def _set_up(cast: DemoCast) -> tuple[dict[str, Agency], dict[str, Member]]:
    chair = cast.person("board_member")
    agencies: dict[str, Agency] = {}
    members: dict[str, Member] = {}
    when = cast.at(380, 9)
    for name, kind, core in AGENCIES:
        agencies[name] = services.add_agency(by=chair, at=when, name=name, kind=kind, core_funder=core)
        for agency_name, person, job, position, key in MEMBERS:
            if agency_name == name:
                account = cast.person(key) if key else None
                members[person] = services.add_member(agencies[name], by=chair, at=when, name=person, job_title=job, position=position,
                                                      account=account, joined_on=cast.day(380))
    return agencies, members


def _meetings(cast: DemoCast, agencies: dict[str, Agency], groups: list[Any]) -> int:
    chair = cast.person("partnership_manager")
    for index, days_ago in enumerate(MEETING_DAYS_AGO):
        ago = _working(cast, days_ago)
        meeting = services.plan_meeting(by=chair, held_on=cast.day(ago), at=cast.at(ago + 30))
        meeting = services.move_meeting(meeting, "hold", by=chair, seen_version=1, at=cast.at(ago, 16),
                                        reason="Agreed the quarter's performance report and the work programme's progress.")
        entries = []
        for name, letters in ATTENDANCE.items():
            presence, senior = LETTERS[letters[index]]
            attendee = "" if senior is None else ("The named member" if presence == "member" else f"A deputy for {name.lower()}")
            entries.append(PresenceEntry(agencies[name], presence, attendee, senior))
        services.record_attendance(meeting, entries, by=chair, at=cast.at(ago, 17))
        group = groups[index % len(groups)]
        sub = _working(cast, days_ago - 20)
        held = services.plan_meeting(by=chair, held_on=cast.day(sub), sub_group=group, at=cast.at(sub + 20))
        services.move_meeting(held, "hold", by=chair, seen_version=1, at=cast.at(sub, 15), reason="Reviewed its part of the work programme.")
    services.plan_meeting(by=chair, held_on=cast.today + timedelta(days=21 + (7 - (cast.today + timedelta(days=21)).weekday()) % 7),
                          at=cast.at(10))
    return len(MEETING_DAYS_AGO)


def _work(cast: DemoCast, members: dict[str, Member], groups: list[Any]) -> None:
    manager = cast.person("partnership_manager")
    for index, (title, objective, priority, owner, starts, due, money, spent, state) in enumerate(WORK):
        item = services.add_work(by=manager, at=cast.at(starts + 5), title=title, objective=objective, priority=priority,
                                 owner=members[owner], sub_group=groups[index % len(groups)], starts_on=cast.day(starts),
                                 due=cast.day(due), budget=money, spent=spent)
        if state in {"in_progress", "done"}:
            item = services.move_work(item, "start", by=manager, seen_version=item.version, at=cast.at(starts))
        if state == "done":
            services.move_work(item, "finish", by=manager, seen_version=item.version, at=cast.at(max(due, 1)),
                               reason="Delivered; the sub-group checked the evidence of use in each agency.")


def _ratings(audit: Any, ratings: dict[str, str], default: str) -> list[RatingEntry]:
    return [RatingEntry(line.standard, ratings.get(line.standard, default), f"The agency's evidence for standard {index + 1}.", line.version)
            for index, line in enumerate(audit.ratings.all())]


def _audits(cast: DemoCast, agencies: dict[str, Agency]) -> Any:
    manager = cast.person("partnership_manager")
    chair = cast.person("board_member")
    year = ReportingYear.containing(cast.day(200)).first
    asked = cast.at(200)
    steps = {
        # agency: (who fills it in, ratings other than "met", how far it goes)
        "Children's social care": ("dcs", {"voice": "partly"}, "accepted"),
        "Police": ("police_partner", {"training": "partly", "information": "partly"}, "accepted_after_challenge"),
        "Integrated care board (health)": ("health_partner", {"recruitment": "partly"}, "answered"),
        "Probation service": ("partnership_manager", {"training": "not_met", "working_together": "not_met", "information": "partly"}, "challenged"),
        "Youth justice service": ("partnership_manager", {}, "submitted"),
        "Schools and colleges": ("education_partner", {}, "requested"),
    }
    probation = None
    for name, (who, ratings, reach) in steps.items():
        audit = services.request_audit(agencies[name], by=manager, year=year, due=cast.day(140), at=asked)
        if reach == "requested":
            continue
        person = cast.person(who)
        services.rate_standards(audit, _ratings(audit, ratings, "met"), by=person, at=cast.at(150))
        audit = services.move_audit(audit, "submit", by=person, seen_version=audit.version, on=cast.day(145), at=cast.at(145))
        if reach == "accepted":
            services.move_audit(audit, "accept", by=chair, seen_version=audit.version, at=cast.at(120), follow_up_due=cast.day(-60),
                                reason="Children's views to be gathered in every assessment; checked at the next quarterly audit round.")
            continue
        if reach == "submitted":
            continue
        audit = services.move_audit(audit, "challenge", by=chair, seen_version=audit.version, at=cast.at(120),
                                    reason="The evidence does not show how many staff are trained, or how information reaches the other agencies.")
        if name == "Probation service":
            probation = audit
            continue
        audit = services.move_audit(audit, "answer", by=person, seen_version=audit.version, at=cast.at(100),
                                    reason="Training records and the information-sharing protocol attached.")
        if reach == "accepted_after_challenge":
            services.move_audit(audit, "accept", by=chair, seen_version=audit.version, at=cast.at(80), follow_up_due=cast.day(20),
                                reason="All officers trained by the date given; the partnership checks the records then.")
    return probation


def seed(cast: DemoCast) -> str:
    if Agency.objects.exists():
        return ""
    agencies, members = _set_up(cast)
    chair = cast.person("board_member")
    groups = [services.add_sub_group(by=chair, at=cast.at(375), name=name, terms_of_reference=terms, chair=members[leader],
                                     established_on=cast.day(375), terms_review_due=cast.day(10 if index == 1 else -200))
              for index, (name, leader, terms) in enumerate(SUB_GROUPS)]
    meetings = _meetings(cast, agencies, groups)
    _work(cast, members, groups)
    for year_back, scale in ((1, 0.95), (0, 1.0)):
        first = ReportingYear.containing(cast.today).first - year_back
        for name, amount, in_kind in CONTRIBUTIONS:
            services.set_contribution(agencies[name], by=chair, year=first, amount=int(amount * scale), in_kind=in_kind,
                                      at=cast.at(min(360, 200 + 160 * year_back)))
    probation = _audits(cast, agencies)
    escalation = services.raise_escalation(
        by=chair, at=cast.at(60), agency=agencies["Probation service"], raised_on=cast.day(60), audit=probation,
        concern="Probation missed most of the year's board meetings or sent deputies who could not commit it, and rated itself not "
                "meeting two standards.",
        why_plan_falls_short="Its answer to the challenge is overdue and its training plan has no dates or named owner.",
    )
    services.move_escalation(escalation, "tell_senior", by=chair, seen_version=1, at=cast.at(40),
                             reason="The chair wrote to the regional probation director and met her; a revised plan was promised.")
    return (f"Safeguarding partnership: {len(agencies)} agencies, {len(members)} named members, {meetings} board meetings with attendance, "
            f"{len(groups)} sub-groups, {len(WORK)} pieces of work, 6 section 11 returns and 1 agency escalated.")

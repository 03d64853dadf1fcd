"""Keeping the partnership's records, and the figures its chair and annual report need.

Every change goes through ``safeguard.governance.workflow.transitions`` (created under the
person's name, edited with a version check, moved by the workflow tables in ``models``), and the
partnership's own records are kept only by its chair and business unit (``access``). An agency's
section 11 self-assessment is filled in by its own members.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone

from safeguard.governance.partnership.access import check_runs_partnership, may_work_for
from safeguard.governance.partnership.models import (
    ATTENDED,
    Agency,
    Attendance,
    Contribution,
    Escalation,
    Meeting,
    Member,
    Rating,
    Section11Audit,
    Standard,
    StandardRating,
    SubGroup,
    WorkItem,
)
from safeguard.governance.reporting_year import ReportingYear
from safeguard.governance.workflow.as_at import prefetch_as_at, records_of, related_as_at
from safeguard.governance.workflow.transitions import (
    Actor,
    GovernanceError,
    NotAllowed,
    apply_transition,
    create_record,
    save_edit,
)
from safeguard.roles import Permission

AGENCY_FIELDS = ("name", "kind", "core_funder")
MEMBER_FIELDS = ("name", "job_title", "position", "account", "joined_on", "left_on")
SUB_GROUP_FIELDS = ("name", "terms_of_reference", "chair", "established_on", "terms_review_due")
WORK_FIELDS = ("title", "objective", "priority", "owner", "sub_group", "starts_on", "due", "budget", "spent")
ESCALATION_FIELDS = ("agency", "raised_on", "concern", "why_plan_falls_short", "audit")


def _only(fields: Mapping[str, Any], allowed: Sequence[str], what: str) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"these fields are not part of {what}: {sorted(unknown)}")


def _kept(model: type, by: Actor, at: datetime | None, **fields: Any) -> Any:
    check_runs_partnership(by)
    return create_record(model, by=by, permission=Permission.RUN_PARTNERSHIP, at=at, **fields)


def _edited(record: Any, by: Actor, seen_version: int, changes: Mapping[str, Any], at: datetime | None = None) -> Any:
    check_runs_partnership(by)
    return save_edit(record, by=by, seen_version=seen_version, changes=changes, permission=Permission.RUN_PARTNERSHIP, at=at)


def add_agency(*, by: Actor, at: datetime | None = None, **fields: Any) -> Agency:
    _only(fields, AGENCY_FIELDS, "an agency")
    return _kept(Agency, by, at, **fields)


def add_member(agency: Agency, *, by: Actor, at: datetime | None = None, **fields: Any) -> Member:
    _only(fields, MEMBER_FIELDS, "a member")
    return _kept(Member, by, at, agency=agency, **fields)


def edit_member(member: Member, *, by: Actor, seen_version: int, changes: Mapping[str, Any], at: datetime | None = None) -> Member:
    _only(changes, MEMBER_FIELDS, "a member")
    return _edited(member, by, seen_version, changes, at)


def add_sub_group(*, by: Actor, at: datetime | None = None, **fields: Any) -> SubGroup:
    _only(fields, SUB_GROUP_FIELDS, "a sub-group")
    return _kept(SubGroup, by, at, **fields)


def edit_sub_group(group: SubGroup, *, by: Actor, seen_version: int, changes: Mapping[str, Any], at: datetime | None = None) -> SubGroup:
    _only(changes, SUB_GROUP_FIELDS, "a sub-group")
    return _edited(group, by, seen_version, changes, at)


def plan_meeting(*, by: Actor, held_on: date, sub_group: SubGroup | None = None, at: datetime | None = None) -> Meeting:
    return _kept(Meeting, by, at, held_on=held_on, sub_group=sub_group)


def move_meeting(meeting: Meeting, name: str, *, by: Actor, seen_version: int, reason: str = "", at: datetime | None = None) -> Meeting:
    """Record that a meeting was held (with its decisions) or cancelled."""
    Meeting.WORKFLOW.get(name)
    check_runs_partnership(by)
    if name == "hold" and meeting.held_on > (at.date() if at else timezone.localdate()):
        raise GovernanceError("A meeting can be recorded as held on or after its day, not before.")
    changes = {"decisions": reason.strip()} if name == "hold" else None
    return apply_transition(meeting, name, by=by, seen_version=seen_version, reason=reason, changes=changes, at=at)


@dataclass(frozen=True)
class PresenceEntry:
    """One agency's line of a meeting's attendance, as a person entered it."""

    agency: Agency
    presence: str
    attendee: str = ""
    senior_enough: bool | None = None
    seen_version: int = 0
    """The version of the agency's line the person saw (0 when there was none)."""


def record_attendance(meeting: Meeting, entries: Iterable[PresenceEntry], *, by: Actor, at: datetime | None = None) -> list[Attendance]:
    """Record who came from each agency to a meeting that was held: each agency's line is added,
    or changed with its history, all or nothing."""
    check_runs_partnership(by)
    if meeting.state != "held":
        raise GovernanceError("Attendance is recorded once the meeting has been held.")
    existing = {line.agency_id: line for line in meeting.attendance.all()}
    saved = []
    with transaction.atomic():
        for entry in entries:
            fields = {"presence": entry.presence, "attendee": entry.attendee.strip(),
                      "senior_enough": entry.senior_enough if entry.presence in ATTENDED else None}
            line = existing.get(entry.agency.pk)
            if line is None:
                saved.append(create_record(Attendance, by=by, permission=Permission.RUN_PARTNERSHIP, at=at, meeting=meeting,
                                           agency=entry.agency, **fields))
            elif any(getattr(line, key) != value for key, value in fields.items()):
                saved.append(save_edit(line, by=by, seen_version=entry.seen_version, changes=fields,
                                       permission=Permission.RUN_PARTNERSHIP, at=at))
    return saved


def add_work(*, by: Actor, at: datetime | None = None, **fields: Any) -> WorkItem:
    _only(fields, WORK_FIELDS, "a piece of work")
    return _kept(WorkItem, by, at, **fields)


def edit_work(item: WorkItem, *, by: Actor, seen_version: int, changes: Mapping[str, Any], at: datetime | None = None) -> WorkItem:
    _only(changes, WORK_FIELDS, "a piece of work")
    return _edited(item, by, seen_version, changes, at)


def move_work(item: WorkItem, name: str, *, by: Actor, seen_version: int, reason: str = "", at: datetime | None = None) -> WorkItem:
    WorkItem.WORKFLOW.get(name)
    check_runs_partnership(by)
    changes = {"achieved": reason.strip()} if name == "finish" else None
    return apply_transition(item, name, by=by, seen_version=seen_version, reason=reason, changes=changes, at=at)


def set_contribution(
    agency: Agency, *, by: Actor, year: int, amount: int, in_kind: str = "", seen_version: int = 0, at: datetime | None = None,
) -> Contribution:
    """Record an agency's contribution for a year, or change it (with its history)."""
    current = Contribution.objects.filter(agency=agency, year=year).first()
    if current is None:
        return _kept(Contribution, by, at, agency=agency, year=year, amount=amount, in_kind=in_kind)
    return _edited(current, by, seen_version, {"amount": amount, "in_kind": in_kind}, at)


def request_audit(agency: Agency, *, by: Actor, year: int, due: date, at: datetime | None = None) -> Section11Audit:
    """Ask an agency for its section 11 self-assessment, one line per standard."""
    with transaction.atomic():
        audit = _kept(Section11Audit, by, at, agency=agency, year=year, due=due)
        for standard in Standard.values:
            create_record(StandardRating, by=by, permission=Permission.RUN_PARTNERSHIP, at=at, audit=audit, standard=standard)
    return audit


def _check_works_for(person: Actor, agency: Agency) -> None:
    if not may_work_for(person, agency):
        raise NotAllowed("Only the agency's own members fill in and answer for its section 11 audit.")


@dataclass(frozen=True)
class RatingEntry:
    standard: str
    rating: str
    evidence: str
    seen_version: int


def rate_standards(audit: Section11Audit, entries: Iterable[RatingEntry], *, by: Actor, at: datetime | None = None) -> None:
    """The agency's ratings and evidence, standard by standard, while the self-assessment is open
    (before it is submitted, or while a challenge is being answered)."""
    _check_works_for(by, audit.agency)
    if audit.state not in {"requested", "challenged"}:
        raise GovernanceError("The self-assessment can be changed while it is being written, or while a challenge is answered.")
    lines = {line.standard: line for line in audit.ratings.all()}
    with transaction.atomic():
        for entry in entries:
            if entry.rating and entry.rating not in Rating.values:
                raise GovernanceError(f"{entry.rating!r} is not a rating: choose met, partly met or not met.")
            line = lines[entry.standard]
            if (line.rating, line.evidence) != (entry.rating, entry.evidence.strip()):
                save_edit(line, by=by, seen_version=entry.seen_version, changes={"rating": entry.rating, "evidence": entry.evidence.strip()},
                          permission=Permission.WORK_WITH_PARTNERSHIP, at=at)


def move_audit(
    audit: Section11Audit, name: str, *, by: Actor, seen_version: int, reason: str = "", on: date | None = None,
    follow_up_due: date | None = None, at: datetime | None = None,
) -> Section11Audit:
    """Submit (every standard rated), challenge, answer, or accept with the follow-up agreed."""
    step = Section11Audit.WORKFLOW.get(name)
    if step.permission is Permission.RUN_PARTNERSHIP:
        check_runs_partnership(by)
    else:
        _check_works_for(by, audit.agency)
    words = reason.strip()
    changes: dict[str, Any] = {}
    if name == "submit":
        unrated = [line for line in audit.ratings.all() if not line.rating]
        if unrated:
            raise GovernanceError(f"Rate every standard before submitting: {len(unrated)} not rated yet.")
        changes["submitted_on"] = on or (at.date() if at else date.today())
    elif name == "challenge":
        changes["challenge"] = words
    elif name == "answer":
        changes["answer"] = words
    elif name == "accept":
        if follow_up_due is None:
            raise GovernanceError("Enter the date the partnership will check the follow-up.")
        changes |= {"follow_up": words, "follow_up_due": follow_up_due}
    return apply_transition(audit, name, by=by, seen_version=seen_version, reason=reason, changes=changes, at=at)


def raise_escalation(*, by: Actor, at: datetime | None = None, **fields: Any) -> Escalation:
    _only(fields, ESCALATION_FIELDS, "an escalation")
    audit = fields.get("audit")
    if audit is not None and audit.agency_id != fields["agency"].pk:
        raise GovernanceError("The audit named is another agency's.")
    return _kept(Escalation, by, at, **fields)


def move_escalation(escalation: Escalation, name: str, *, by: Actor, seen_version: int, reason: str = "", at: datetime | None = None) -> Escalation:
    Escalation.WORKFLOW.get(name)
    check_runs_partnership(by)
    return apply_transition(escalation, name, by=by, seen_version=seen_version, reason=reason, at=at)


# The figures.


@dataclass(frozen=True)
class AgencyAttendance:
    """How often an agency came to the partnership's own meetings in a year, and how often the
    person who came could speak for it (seed 003 §18.3.16)."""

    agency: Agency
    meetings: int
    attended: int
    senior_enough: int

    @property
    def rate(self) -> int | None:
        """Meetings attended as a whole percentage of the meetings held (None when none were held)."""
        return round(100 * self.attended / self.meetings) if self.meetings else None

    @property
    def senior_rate(self) -> int | None:
        return round(100 * self.senior_enough / self.attended) if self.attended else None


def held_meetings(year: ReportingYear, *, board_only: bool = True, as_at: datetime | None = None) -> QuerySet[Meeting]:
    """The meetings held in the year (the partnership's own, unless ``board_only`` is false), as
    the records stood at ``as_at`` (``workflow.as_at``) or as they stand now."""
    found = records_of(Meeting, as_at).filter(state="held", held_on__gte=year.start, held_on__lte=year.end)
    return found.filter(sub_group__isnull=True) if board_only else found


def attendance_by_agency(year: ReportingYear, as_at: datetime | None = None) -> list[AgencyAttendance]:
    """Each agency's attendance at the partnership's own meetings held in the year: meetings
    counts the held meetings whose attendance names the agency. With ``as_at`` (a pack), the
    meetings, each agency's line and the agencies themselves are as they stood then."""
    held = [meeting.pk for meeting in held_meetings(year, as_at=as_at)]
    lines = list(records_of(Attendance, as_at).filter(meeting_id__in=held))
    result = []
    for agency in records_of(Agency, as_at).filter(active=True).exclude(kind="partnership").order_by("kind", "name", "id"):
        mine = [line for line in lines if line.agency_id == agency.pk]
        attended = [line for line in mine if line.attended]
        result.append(AgencyAttendance(agency, len(mine), len(attended), sum(1 for line in attended if line.senior_enough)))
    return result


ATTENDANCE_COLUMNS: Sequence[str] = ("agency", "meetings", "attended", "attendance_percent", "could_commit", "could_commit_percent")


def attendance_rows(found: Iterable[AgencyAttendance]) -> list[list[object]]:
    """Each agency's attendance as rows for CSV or JSON: the percentages are blank when there is
    nothing to divide by (no meetings named the agency, or nobody came)."""
    return [[row.agency.name, row.meetings, row.attended, "" if row.rate is None else row.rate, row.senior_enough,
             "" if row.senior_rate is None else row.senior_rate] for row in found]


@dataclass(frozen=True)
class Budget:
    year: ReportingYear
    contributions: list[Contribution]
    received: int
    allocated: int
    spent: int

    @property
    def unallocated(self) -> int:
        return self.received - self.allocated


def budget(year: ReportingYear, as_at: datetime | None = None) -> Budget:
    """What each agency put in for the year, and what the work programme due in the year set
    aside and spent (the contributions and the work programme, and the agencies' names, as they
    stood at ``as_at``, or stand now)."""
    contributions = list(records_of(Contribution, as_at).filter(year=year.first).select_related("agency"))
    related_as_at(contributions, ("agency",), as_at)
    contributions.sort(key=lambda item: (-item.amount, item.agency.name))
    work = records_of(WorkItem, as_at).filter(due__gte=year.start, starts_on__lte=year.end).exclude(state="dropped")
    totals = work.aggregate(allocated=Sum("budget"), spent=Sum("spent"))
    return Budget(year, contributions, sum(item.amount for item in contributions), totals["allocated"] or 0, totals["spent"] or 0)


def year_audits(year: ReportingYear, as_at: datetime | None = None) -> list[Section11Audit]:
    """The year's section 11 audits in agency order, each with its standards' ratings: as they
    stand now, or, with ``as_at`` (a pack), each audit, each rating and each agency's name as they
    stood then."""
    found = list(records_of(Section11Audit, as_at).filter(year=year.first).select_related("agency"))
    related_as_at(found, ("agency",), as_at)
    found.sort(key=lambda audit: (audit.agency.name, audit.pk))
    prefetch_as_at(found, "ratings", records_of(StandardRating, as_at).order_by("id"))
    return found


def audit_tally(audit: Section11Audit) -> dict[str, int]:
    """How many standards the agency rated met, partly met, not met, and not yet."""
    counts = {value: 0 for value in [*Rating.values, ""]}
    for line in audit.ratings.all():
        counts[line.rating] += 1
    return counts


def is_audit_overdue(audit: Section11Audit, today: date) -> bool:
    return audit.state == "requested" and audit.due < today


def is_follow_up_overdue(audit: Section11Audit, today: date) -> bool:
    return audit.state == "accepted" and audit.follow_up_due is not None and audit.follow_up_due < today


def is_work_overdue(item: WorkItem, today: date) -> bool:
    return item.state in {"planned", "in_progress"} and item.due < today


def work_programme(year: ReportingYear | None = None, as_at: datetime | None = None) -> QuerySet[WorkItem]:
    """The work programme (the year's, if named), as it stood at ``as_at`` or stands now."""
    found = records_of(WorkItem, as_at).select_related("owner", "owner__agency", "sub_group")
    if year is not None:
        found = found.filter(due__gte=year.start, starts_on__lte=year.end)
    return found

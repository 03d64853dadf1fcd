"""The safeguarding partnership's annual report (seed 003 §18.2.19-18.2.21).

Every part the guidance asks an annual report for (seed 003 §18.2.20), written from the records
for the reporting year (1 April to 31 March) that holds the month asked for: how effective local
arrangements are, set against the local picture; what was achieved and what is still hard; how
the partnership carried out its functions, including safer recruitment, training and learning
from child deaths; progress on the priority issues; a clear account of each practice review's
action plan; and the budget. The local picture's figures come through ``safeguard.aggregates``
with small numbers suppressed, because the report is published.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Q

from safeguard.aggregates import dashboard, figure_text, headlines
from safeguard.calendar import month_end
from safeguard.governance.child_deaths import services as child_deaths
from safeguard.governance.partnership import services as partnership
from safeguard.governance.partnership.models import (
    Escalation,
    Meeting,
    Priority,
    Rating,
    Section11Audit,
    Standard,
    SubGroup,
    WorkItem,
)
from safeguard.governance.reporting_year import ReportingYear
from safeguard.governance.reviews import services as reviews
from safeguard.governance.reviews.models import FINISHED_ACTION_STATES, SeriousIncident
from safeguard.governance.workflow.as_at import records_as_at, related_as_at
from safeguard.packs.registry import PackContent, PackDefinition, PackRequest, Section
from safeguard.roles import Permission

LOW_ATTENDANCE = 75
"""An agency coming to fewer than this share of the year's meetings is named as a challenge."""
REVIEW_STATES = ("review_in_progress", "published", "actions_complete")


@dataclass(frozen=True)
class AuditLine:
    audit: Section11Audit
    tally: dict[str, int]

    def rating_of(self, standard: str) -> str:
        line = next((item for item in self.audit.ratings.all() if item.standard == standard), None)
        return line.get_rating_display() if line and line.rating else "Not rated yet"


@dataclass(frozen=True)
class ReviewProgress:
    """One practice review's action plan: each recommendation and where its action stands."""

    incident: SeriousIncident
    group: str
    recommendations: list[Any]

    @property
    def finished(self) -> int:
        return sum(1 for item in self.recommendations if item.finished)

    @property
    def outstanding(self) -> int:
        return len(self.recommendations) - self.finished


def _audits(year: ReportingYear, as_at: datetime) -> list[AuditLine]:
    return [AuditLine(audit, partnership.audit_tally(audit)) for audit in partnership.year_audits(year, as_at)]


def _review_group(incident: SeriousIncident, year: ReportingYear) -> str | None:
    """Which of the guidance's three accounts a review belongs in (seed 003 §18.2.20), or None."""
    if incident.state == "review_in_progress":
        return "not_complete"
    if incident.published_on is None or incident.published_on > year.end:
        return None
    if year.holds(incident.published_on):
        return "completed_in_year"
    outstanding = any(not item.finished or (item.action and item.action.updated_at.date() >= year.start)
                      for item in incident.recommendations.all())
    return "earlier_outstanding" if outstanding else None


def reviews_of(year: ReportingYear, as_at: datetime) -> list[ReviewProgress]:
    """The practice reviews the year's report accounts for, with their recommendations and
    actions as they stood at ``as_at``."""
    found = reviews.with_recommendations(
        reviews.incidents(as_at=as_at).filter(state__in=REVIEW_STATES, decided_on__lte=year.end).order_by("decided_on", "id"), as_at)
    lines = []
    for incident in found:
        group = _review_group(incident, year)
        if group is not None:
            lines.append(ReviewProgress(incident, group, list(incident.recommendations.all())))
    return lines


def _priorities(work: list[WorkItem], year: ReportingYear) -> list[dict[str, Any]]:
    rows = []
    for value, label in Priority.choices:
        mine = [item for item in work if item.priority == value and item.state != "dropped"]
        if mine:
            rows.append({"label": label, "work": mine, "done": sum(item.state == "done" for item in mine),
                         "under_way": sum(item.state == "in_progress" for item in mine),
                         "overdue": sum(partnership.is_work_overdue(item, year.end) for item in mine)})
    return rows


def _effectiveness(audits: list[AuditLine], attendance: list[partnership.AgencyAttendance], escalations: list[Escalation]) -> dict[str, Any]:
    meetings = sum(row.meetings for row in attendance)
    attended = sum(row.attended for row in attendance)
    return {
        "audits": len(audits),
        "accepted": sum(line.audit.state == "accepted" for line in audits),
        "standards": {value: sum(line.tally[value] for line in audits) for value in Rating.values},
        "not_met_agencies": [line.audit.agency.name for line in audits if line.tally[Rating.NOT_MET]],
        "attendance": round(100 * attended / meetings) if meetings else None,
        "escalations": escalations,
    }


def year_end(month: date) -> date:
    """The last day a report for a month covers: its reporting year's, 31 March."""
    return ReportingYear.containing(month).end


def gather(year: ReportingYear, as_at: datetime) -> dict[str, Any]:
    """Everything the report says about the partnership's year, from its records: the work
    programme, the meetings, the escalations and the budget as they stood at ``as_at``, and the
    members and agencies they name as they were named then."""
    audits = _audits(year, as_at)
    attendance = partnership.attendance_by_agency(year, as_at)
    raised = records_as_at(Escalation, as_at).filter(raised_on__lte=year.end)
    escalations = list(raised.filter(Q(raised_on__gte=year.start) | ~Q(state="resolved")).order_by("raised_on", "id"))
    work = list(partnership.work_programme(year, as_at).order_by("due", "id"))
    sub_groups = list(records_as_at(SubGroup, as_at).order_by("name", "id"))
    related_as_at(escalations, ("agency",), as_at)
    related_as_at(work, ("owner__agency",), as_at)
    related_as_at(sub_groups, ("chair__agency",), as_at)
    return {
        "year": year,
        "effectiveness": _effectiveness(audits, attendance, escalations),
        "achievements": [item for item in work if item.state == "done"],
        "accepted_audits": [line for line in audits if line.audit.state == "accepted"],
        "overdue_work": [item for item in work if partnership.is_work_overdue(item, year.end)],
        "weak_standards": [(line.audit.agency.name, rating) for line in audits for rating in line.audit.ratings.all()
                           if rating.rating in {Rating.NOT_MET, Rating.PARTLY}],
        "low_attendance": [row for row in attendance if row.rate is not None and row.rate < LOW_ATTENDANCE],
        "board_meetings": partnership.held_meetings(year, as_at=as_at).count(),
        "sub_group_meetings": partnership.held_meetings(year, board_only=False, as_at=as_at).exclude(sub_group__isnull=True).count(),
        "cancelled": records_as_at(Meeting, as_at).filter(state="cancelled", held_on__gte=year.start, held_on__lte=year.end).count(),
        "attendance": attendance,
        "sub_groups": sub_groups,
        "audits": audits,
        "recruitment": Standard.RECRUITMENT,
        "training": Standard.TRAINING,
        "recruitment_work": [item for item in work if item.priority == Priority.SAFER_RECRUITMENT],
        "training_work": [item for item in work if item.priority == Priority.TRAINING or "training" in item.title.lower()],
        "learning_work": [item for item in work if item.priority == Priority.LEARNING],
        "priorities": _priorities(work, year),
        "reviews": reviews_of(year, as_at),
        "budget": partnership.budget(year, as_at),
        "finished_states": FINISHED_ACTION_STATES,
    }


def build(request: PackRequest) -> PackContent:
    year = ReportingYear.containing(request.period)
    board = dashboard(request.viewer, as_of=request.period)
    return PackContent(
        title=f"Safeguarding partnership annual report, {year.label}",
        context={
            "data_as_at": month_end(board.latest_month) if board.latest_month else None,
            "headlines": headlines(board, request.viewer, as_of=request.period),
            "figure": figure_text,
            "child_deaths": child_deaths.year_learning(year, request.viewer, request.as_at),
            **gather(year, request.as_at),
        },
    )


PACK = PackDefinition(
    name="board-annual-report",
    title="Safeguarding partnership annual report",
    audience="the safeguarding partnership, its partners and the public",
    permission=Permission.SEE_PARTNERSHIP,
    exact=False,
    sections=(
        Section("effectiveness", "How effective local safeguarding is"),
        Section("context", "The local picture"),
        Section("achievements", "What was achieved"),
        Section("challenges", "The challenges that remain"),
        Section("functions", "How the partnership carried out its functions"),
        Section("recruitment", "Safer recruitment"),
        Section("training", "Safeguarding training"),
        Section("child-deaths", "Learning from child deaths"),
        Section("priorities", "Progress on the priority issues"),
        Section("reviews", "Progress on each practice review's action plan"),
        Section("budget", "The budget"),
    ),
    draws_on=("indicators", "partnership records", "section 11 audits", "work programme", "practice reviews", "child death reviews",
              "contributions"),
    formats=("pdf", "html"),
    build=build,
    template="packs/board_annual_report.html",
    cadence="yearly",
    period_end=year_end,
)

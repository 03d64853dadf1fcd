"""The Chief Executive's assurance pack (seed 004: the Chief Executive holds the Director to
account and must know how well children are helped and protected; seed 000 §2.6 and Appendix B:
the Local Test of Assurance).

Every question the framework holds from seed 004 (``safeguard.framework``, the questions whose
source is seed 004), grouped by the part of the seed it comes from, each answered from what the
records hold: the indicators it names (through ``safeguard.aggregates``, small numbers
suppressed), the challenges raised against it, and the records of its topic (the Local Test of
Assurance for the Director's role, significant case briefings and complaints, case audits and
the child's voice, the Ofsted self-evaluation, early warnings, practice reviews and professional
disagreements, the improvement plan). A question nothing in the records answers is said to be
one to put to the Director, never left looking answered. Then the service's own grades (the
latest agreed self-assessment) and the Local Test of Assurance itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from safeguard.aggregates import (
    UNAVAILABLE,
    Dashboard,
    Headline,
    IndicatorSummary,
    Viewer,
    dashboard,
    figure_text,
    headline_of,
    measure_to,
    tally,
    warnings_of_month,
)
from safeguard.calendar import month_end
from safeguard.framework import FactorStatements, Question, load_framework
from safeguard.governance.assessments.models import AssessmentCycle
from safeguard.governance.assessments.services import factors_of, latest_agreed
from safeguard.governance.audits.results import results_over_time
from safeguard.governance.briefings.models import CaseBriefing
from safeguard.governance.challenge.models import Challenge
from safeguard.governance.complaints.services import summarise as summarise_complaints
from safeguard.governance.disagreements.models import Disagreement
from safeguard.governance.local_test import services as local_tests
from safeguard.governance.local_test.models import LocalTest, Status
from safeguard.governance.plan import services as plan
from safeguard.governance.plan.models import LIVE_STATES, PlanAction
from safeguard.governance.reporting_year import ReportingYear
from safeguard.governance.reviews import services as reviews
from safeguard.governance.self_evaluation.services import latest_version_as_at
from safeguard.governance.workflow.as_at import records_as_at, related_as_at
from safeguard.packs.lead_member_briefing import charts
from safeguard.packs.registry import PackContent, PackDefinition, PackRequest, Section
from safeguard.roles import Permission

SEED = "seed 004"
WATCHED = (
    "referrals_per_10k",
    "re_referral_rate",
    "assessments_within_45wd",
    "cpp_per_10k",
    "cpp_repeat_rate",
    "cpp_ended_2yrs_rate",
    "cla_per_10k",
    "cla_missing_rate",
    "unallocated_cases",
)
"""The figures seed 004 ("performance data", "workforce") tells a Chief Executive to watch:
demand, families coming back, timeliness, long and repeated protection plans, care, children
missing from care, and cases no worker holds."""

Lines = list[str]


@dataclass(frozen=True)
class Records:
    """What the pack reads once and every answer shares."""

    month: date
    viewer: Viewer
    summaries: dict[str, IndicatorSummary]
    local_test: LocalTest | None
    year: ReportingYear
    as_at: datetime
    """The moment the records are read as at (``PackRequest.as_at``)."""
    challenges: tuple[Challenge, ...]
    """The challenge log as it stood then, first raised first (read once: sixty questions ask of it)."""


@dataclass(frozen=True)
class Answer:
    """One question, the figures it names and the challenges raised against it."""

    question: Question
    factor: FactorStatements
    findings: tuple[str, ...]
    challenges: tuple[Challenge, ...] = field(default=())
    theme_answered: bool = False
    """Whether the records of the question's part of seed 004 say something (shown once, above its questions)."""

    @property
    def answered(self) -> bool:
        return bool(self.findings or self.challenges or self.theme_answered)


@dataclass(frozen=True)
class Theme:
    """The questions from one part of seed 004, in the framework's order, and what the records
    of that part show (said once for all its questions)."""

    title: str
    source: str
    records: tuple[str, ...]
    answers: tuple[Answer, ...]


def day(value: date | None) -> str:
    return f"{value:%-d %B %Y}" if value else "no date"


def indicator_lines(indicator_ids: tuple[str, ...], records: Records) -> Lines:
    """Each named indicator over the twelve months to the month, beside England, and how the
    month itself moved."""
    lines = []
    for identifier in indicator_ids:
        measure = measure_to(identifier, records.month)
        summary = records.summaries.get(identifier)
        if measure is None or summary is None:
            continue
        england = figure_text(summary.comparison.england, summary.unit) if summary.comparison else UNAVAILABLE
        lines.append(
            f"{summary.title}: {measure.shown_to(records.viewer)} over the 12 months to {records.month:%B %Y} "
            f"(England {england}). Month on month: {summary.direction_text[:1].lower()}{summary.direction_text[1:]}."
        )
    return lines


def local_test_lines(records: Records) -> Lines:
    test = records.local_test
    if test is None:
        return []
    counts = local_tests.status_counts(test, records.as_at)
    done = f"was completed on {day(test.assessed_on)}" if test.state == "completed" else "is still being assessed"
    lines = [
        f"The Local Test of Assurance \u201c{test.title}\u201d {done}: {counts[Status.MET]} considerations met, "
        f"{counts[Status.PARTLY_MET]} partly met, {counts[Status.NOT_MET]} not met and {counts[Status.NOT_ASSESSED]} not yet assessed."
    ]
    if test.dcs_other_portfolios.strip():
        lines.append(f"Besides children's services the Director holds: {test.dcs_other_portfolios.strip()}")
    return lines


def briefing_lines(records: Records) -> Lines:
    """Significant case briefings the service became aware of in the reporting year, through
    disclosure control (each is a child's case)."""
    found = list(records_as_at(CaseBriefing, records.as_at).filter(aware_on__range=(records.year.start, records.year.end)))
    counts = {"all": len(found), "sent": sum(1 for item in found if item.state != "with_director"),
              "waiting": sum(1 for item in found if item.state == "with_director")}
    shown = tally(counts, [("all", ["sent", "waiting"])], records.viewer)
    return [
        f"Significant case briefings in {records.year.label}: {shown.count('all')} recorded, {shown.count('sent')} "
        f"sent on with the Director's assessment, {shown.count('waiting')} waiting for it."
    ]


def complaint_lines(records: Records) -> Lines:
    summary = summarise_complaints(records.year, records.viewer, records.as_at)
    counts = summary.counts
    return [
        f"Complaints in {records.year.label}: {counts.count('all')} received, {counts.count('reached:2')} went on to stage 2 and "
        f"{counts.count('reached:3')} to stage 3; {counts.count('finding:upheld')} upheld at their latest stage."
    ]


def voice_lines(records: Records) -> Lines:
    rounds = results_over_time(exact=records.viewer.exact, as_at=records.as_at)
    if not rounds:
        return []
    latest = rounds[-1]
    return [
        f"Case audit round \u201c{latest.programme.title}\u201d ({latest.moderated} cases moderated): the child's voice "
        f"was evident in {latest.voice_evident} and not evident in {latest.voice_not_evident}; "
        f"{latest.overall.good_or_better} were good or better overall."
    ]


def self_evaluation_lines(records: Records) -> Lines:
    version = latest_version_as_at(records.as_at)
    if version is None:
        return []
    return [
        f"The Ofsted self-evaluation \u201c{version.title}\u201d is at version {version.number}, saved by "
        f"{version.saved_by} on {day(version.saved_at.date())}, answering Ofsted's three questions."
    ]


def warning_lines(records: Records) -> Lines:
    warnings = warnings_of_month(records.viewer, records.month)
    if not warnings:
        return ["No early warning is showing on any indicator."]
    keys = {challenge.warning_key for challenge in records.challenges}
    challenged = sum(1 for view in warnings if view.key in keys)
    names = "; ".join(f"{view.title} ({view.reading_text.lower()} since {view.since:%B %Y})" for view in warnings[:5])
    return [f"{len(warnings)} early warnings are showing, {challenged} of them challenged: {names}."]


def plan_lines(records: Records) -> Lines:
    live = records_as_at(PlanAction, records.as_at).filter(state__in=LIVE_STATES).count()
    overdue = plan.overdue_actions(records.as_at.date(), as_at=records.as_at).count()
    return [f"The improvement plan has {live} live actions, {overdue} of them past their due date."]


def partnership_lines(records: Records) -> Lines:
    """Practice reviews and professional disagreements: how the agencies work together when it matters."""
    open_reviews = reviews.incidents(as_at=records.as_at).exclude(state__in=("no_review", "actions_complete")).count()
    late = len(reviews.overdue_incidents(month_end(records.month), as_at=records.as_at))
    raised = list(records_as_at(Disagreement, records.as_at).filter(raised_on__range=(records.year.start, records.year.end)))
    counts = {"all": len(raised), "resolved": sum(1 for item in raised if item.resolved_on),
              "open": sum(1 for item in raised if not item.resolved_on)}
    shown = tally(counts, [("all", ["resolved", "open"])], records.viewer)
    return [
        f"Serious incidents and practice reviews under way: {open_reviews}, {late} behind their timescale.",
        f"Professional disagreements between agencies in {records.year.label}: {shown.count('all')} raised, "
        f"{shown.count('resolved')} resolved.",
    ]


TOPICS: dict[str, tuple[Callable[[Records], Lines], ...]] = {
    "key messages": (local_test_lines,),
    "the DCS role in the structure": (local_test_lines,),
    "appointing a DCS": (local_test_lines,),
    "conclusions": (local_test_lines, plan_lines),
    "signs of system problems": (warning_lines, plan_lines),
    "significant cases and complaints": (briefing_lines, complaint_lines),
    "the voice of the child": (voice_lines,),
    "Ofsted": (self_evaluation_lines, voice_lines),
    "what you need to know": (warning_lines,),
    "performance data": (warning_lines,),
    "assurance tools": (warning_lines,),
    "multi-agency working": (partnership_lines,),
}
"""Which records answer the questions of each part of seed 004 (besides each question's own
indicators and challenges). Parts with no records yet (finance, the statutory guidance, workforce
beyond caseloads) are left to the Director to answer."""


def part_of_seed(question: Question) -> str:
    """'performance data' for a question whose source is 'seed 004, performance data'."""
    return question.source.partition(",")[2].strip()


def seed_questions() -> list[tuple[FactorStatements, Question]]:
    return [(part, question) for part, question in load_framework().questions() if question.source.startswith(SEED)]


def theme_records(name: str, records: Records, read: dict[str, Lines]) -> tuple[str, ...]:
    """What the records of one part of seed 004 show; ``read`` keeps each reader's lines, since
    several parts share a reader."""
    lines: list[str] = []
    for reader in TOPICS.get(name, ()):
        if reader.__name__ not in read:
            read[reader.__name__] = reader(records)
        lines.extend(line for line in read[reader.__name__] if line not in lines)
    return tuple(lines)


def answer(part: FactorStatements, question: Question, records: Records, *, theme_answered: bool) -> Answer:
    raised = tuple(challenge for challenge in records.challenges if challenge.framework_question == question.id)
    return Answer(question, part, tuple(indicator_lines(question.indicators, records)), raised, theme_answered)


def themes(records: Records) -> list[Theme]:
    """Every seed 004 question answered, grouped by the part of the seed it comes from, in the
    order the parts first appear in the framework."""
    grouped: dict[str, list[tuple[FactorStatements, Question]]] = {}
    for part, question in seed_questions():
        grouped.setdefault(part_of_seed(question), []).append((part, question))
    found = []
    read: dict[str, Lines] = {}
    for name, questions in grouped.items():
        shown = theme_records(name, records, read)
        answers = tuple(answer(part, question, records, theme_answered=bool(shown)) for part, question in questions)
        found.append(Theme(name[:1].upper() + name[1:], questions[0][1].source, shown, answers))
    return found


def self_assessment(as_at: datetime) -> dict[str, Any] | None:
    """The latest self-assessment agreed by ``as_at``, with its grades as they stood then."""
    cycle: AssessmentCycle | None = latest_agreed(as_at)
    if cycle is None:
        return None
    return {"cycle": cycle, "factors": factors_of(cycle, as_at)}


def watched(board: Dashboard, request: PackRequest) -> list[Headline]:
    by_id = {summary.id: summary for summary in board.summaries}
    return [headline_of(by_id[identifier], request.viewer, as_of=request.period) for identifier in WATCHED if identifier in by_id]


def build(request: PackRequest) -> PackContent:
    board = dashboard(request.viewer, as_of=request.period)
    challenges = tuple(records_as_at(Challenge, request.as_at).order_by("raised_on", "id"))
    related_as_at(challenges, ("created_by",), request.as_at)
    records = Records(
        month=request.period,
        viewer=request.viewer,
        summaries={summary.id: summary for summary in board.summaries},
        local_test=records_as_at(LocalTest, request.as_at).order_by("-created_at", "-id").first(),
        year=ReportingYear.containing(request.period),
        as_at=request.as_at,
        challenges=challenges,
    )
    headlines = watched(board, request)
    concerns = {view.indicator_id for view in warnings_of_month(request.viewer, request.period) if view.reading == "concern"}
    found = themes(records)
    answers = [item for theme in found for item in theme.answers]
    return PackContent(
        title=f"Chief Executive's assurance pack, {request.period:%B %Y}",
        context={
            "data_as_at": month_end(board.latest_month) if board.latest_month else None,
            "headlines": headlines,
            "charts": charts(headlines, request.viewer, concerns, month=request.period),
            "themes": found,
            "answered": sum(1 for item in answers if item.answered),
            "asked": len(answers),
            "to_ask": [item for item in answers if not item.answered],
            "assessment": self_assessment(request.as_at),
            "local_test": records.local_test,
            "local_test_sections": local_tests.sections(records.local_test, request.as_at) if records.local_test else [],
            "local_test_counts": local_tests.status_counts(records.local_test, request.as_at) if records.local_test else {},
            "figure": figure_text,
        },
    )


PACK = PackDefinition(
    name="chief-executive-assurance",
    title="Chief Executive's assurance pack",
    audience="the Chief Executive",
    permission=Permission.SEE_ASSURANCE_RECORDS,
    exact=False,
    sections=(
        Section("figures", "The figures to watch"),
        Section("questions", "The Chief Executive's questions, answered from the records"),
        Section("to-ask", "Questions for the Director"),
        Section("self-assessment", "The service's view of itself"),
        Section("local-test", "The Local Test of Assurance"),
    ),
    draws_on=(
        "indicators", "benchmarks", "early warnings", "assurance framework", "challenge log", "improvement plan",
        "case audits", "self-assessment", "Ofsted self-evaluation", "Local Test of Assurance", "significant case briefings",
        "complaints", "practice reviews", "professional disagreements",
    ),
    formats=("pdf", "html"),
    build=build,
    template="packs/chief_executive_assurance.html",
    cadence="quarterly",
)

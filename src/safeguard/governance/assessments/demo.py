"""The demo council's self-assessment: the last two quarters, a quarter apart, graded by the
Director's team with the indicators frozen as the figures stood the month each went for
agreement. The earlier one is agreed; the later one, where culture and workforce development
have improved and partnership working has slipped, waits for the Director. Each links, as case
audit evidence for factor 5, the results of the audit rounds completed by the day it went for
agreement. Leaders have commented on both."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from safeguard.aggregates import measure_to
from safeguard.calendar import month_start, months_later
from safeguard.governance.assessments import services
from safeguard.governance.assessments.models import AssessmentCycle, EvidenceKind
from safeguard.governance.audits import demo as audits_demo
from safeguard.governance.workflow.demo_cast import DemoCast


@dataclass(frozen=True)
class DemoFactor:
    grade: str
    narrative: str
    what_changed: str = ""
    audit_evidence: str = ""


EARLIER: Mapping[str, DemoFactor] = {
    "leadership": DemoFactor("good", "The quartet meets monthly with a shared performance report; the Lead Member's challenge log shows questions answered within a month."),
    "culture": DemoFactor(
        "requires_improvement",
        "Staff surveys show managers are visible, but reflective practice is patchy: only two of five teams hold regular group supervision.",
    ),
    "resourcing": DemoFactor(
        "requires_improvement",
        "Demand at the front door is up on last year and agency social workers fill a fifth of posts; caseloads in the assessment teams are above our standard.",
    ),
    "workforce_development": DemoFactor(
        "requires_improvement", "Supervision is recorded for most workers but not monthly for all; the newly qualified programme is full.",
        audit_evidence="Supervision audit: 68% of workers supervised in the last month.",
    ),
    "performance_and_quality": DemoFactor(
        "good", "Monthly data reaches managers and members; the audit programme runs every quarter and findings go into the plan.",
        audit_evidence="Plans in the latest audit round lacked measurable outcomes; each round's results are linked below.",
    ),
    "partnership": DemoFactor("good", "Partners attend the safeguarding partnership and its sub-groups; the threshold document was agreed jointly."),
    "outcomes": DemoFactor(
        "requires_improvement", "Re-referrals remain above our neighbours and too many children return to child protection plans.",
        audit_evidence="The audit rounds found the child's voice missing from too many plans (results linked below).",
    ),
}

LATER: Mapping[str, DemoFactor] = {
    "leadership": DemoFactor("good", "Stable senior team; the Chief Executive's quarterly assurance meetings continue.", "No change: the arrangements held."),
    "culture": DemoFactor(
        "good", "Group supervision now runs in all five teams and practice weeks bring managers back to the front line.",
        "Improved: group supervision reached every team after the practice framework launched.",
    ),
    "resourcing": DemoFactor(
        "requires_improvement", "A second duty team is in place but agency use is still high.",
        "Held: the second duty team eased assessment caseloads; agency share fell only slightly.",
    ),
    "workforce_development": DemoFactor(
        "good", "Monthly supervision is now recorded for nearly every worker and exit interviews are reviewed quarterly.",
        "Improved: the supervision audit re-run shows monthly supervision for 91% of workers.",
        audit_evidence="Supervision audit re-run: 91% of workers supervised in the last month.",
    ),
    "performance_and_quality": DemoFactor(
        "good", "The weekly tracker of assessments nearing their timescale is reviewed at every managers' meeting.",
        "Held: the share of audited cases graded good or better rose in the latest round.",
        audit_evidence="The latest audit round's results are linked below, with the rounds before it.",
    ),
    "partnership": DemoFactor(
        "requires_improvement", "Disagreements with the police over strategy discussions rose this quarter and two reached the partnership.",
        "Declined: escalations over strategy discussions show thresholds are not shared as we thought.",
    ),
    "outcomes": DemoFactor(
        "requires_improvement", "Re-referrals have started to fall but repeat child protection plans have not.",
        "Held: re-referrals are falling after the step-down change; the grade waits for a sustained fall.",
        audit_evidence="The child's voice is evident in more audited plans than last quarter (results linked below).",
    ),
}

DAYS_TO_AGREE = 21
"""The demo council's cycles are due with the Director three weeks after their quarter ends."""

COMMENTS = (
    ("earlier", "lead_member", "outcomes", "What is the plan to bring re-referrals down to our neighbours' level, and by when?"),
    ("earlier", "chief_executive", "resourcing", "I would like the agency share and its cost at my next assurance meeting."),
    ("later", "scrutiny_chair", "partnership", "Scrutiny will ask the police to attend the next meeting about strategy discussions."),
    ("later", "lead_member", "", "A clear account of what moved. Culture improving is good to see; I want to understand partnership."),
)


def _days_ago(cast: DemoCast, day: date) -> int:
    return max(0, (cast.today - day).days)


def _frozen_month(cast: DemoCast, day: date) -> date | None:
    """The month whose figures stood when a cycle went for agreement: the last whole month before."""
    if cast.data_month is None:
        return None
    return min(cast.data_month, months_later(month_start(day), -1))


def _run(
    cast: DemoCast, start: date, grades: Mapping[str, DemoFactor], *, started: date, submitted: date, agreed: date | None
) -> AssessmentCycle:
    drafter, keeper, director = cast.person("quality_assurance_lead"), cast.person("performance_manager"), cast.person("dcs")
    due = services.financial_quarter(start).end + timedelta(days=DAYS_TO_AGREE)
    cycle = services.start_cycle(by=keeper, period_start=start, due=due, at=cast.at(_days_ago(cast, started), 9))
    for offset, assessment in enumerate(cycle.factors.all()):
        item = grades[assessment.factor]
        services.edit_factor(
            assessment, by=drafter if offset % 2 else keeper, seen_version=assessment.version,
            changes={"grade": item.grade, "narrative": item.narrative, "what_changed": item.what_changed, "audit_evidence": item.audit_evidence},
            at=cast.at(_days_ago(cast, started + timedelta(days=7)), 11 + offset % 5),
        )
    for reference, summary in audits_demo.evidence_by(cast, submitted):
        services.link_evidence(
            cycle, by=keeper, kind=EvidenceKind.CASE_AUDIT, reference=reference, summary=summary, factor_id="performance_and_quality",
            at=cast.at(_days_ago(cast, submitted), 14),
        )
    month = _frozen_month(cast, submitted)
    cycle = AssessmentCycle.objects.get(pk=cycle.pk)
    cycle = services.move_cycle(
        cycle, "submit", by=keeper, seen_version=cycle.version, at=cast.at(_days_ago(cast, submitted), 15),
        measure=lambda indicator_id: measure_to(indicator_id, month) if month else None,
    )
    if agreed is not None:
        cycle = services.move_cycle(cycle, "agree", by=director, seen_version=cycle.version, at=cast.at(_days_ago(cast, agreed), 16))
    return cycle


def _add_report_to(cycle: AssessmentCycle, cast: DemoCast, day: date) -> AssessmentCycle:
    """The Director reopens the agreed cycle to add the performance report its factor 5 grade rests
    on, and agrees it again: the frozen indicators stay as they were first frozen."""
    director, keeper = cast.person("dcs"), cast.person("performance_manager")
    at = _days_ago(cast, day)
    cycle = services.move_cycle(
        cycle, "reopen", by=director, seen_version=cycle.version, reason="To add the performance report as evidence", at=cast.at(at, 10)
    )
    report = SimpleUploadedFile(
        "Quarterly performance report - summary.txt",
        b"Quarterly performance report (summary for the self-assessment)\n\n"
        b"Assessments, visits and reviews in timescale, by team, with the actions the managers agreed.\n",
    )
    services.add_document(
        cycle, by=keeper, upload=report, factor_id="performance_and_quality", description="The report the grade for factor 5 rests on",
        at=cast.at(at, 11),
    )
    cycle = services.move_cycle(AssessmentCycle.objects.get(pk=cycle.pk), "submit", by=keeper, seen_version=cycle.version, at=cast.at(at, 12))
    return services.move_cycle(cycle, "agree", by=director, seen_version=cycle.version, at=cast.at(at, 16))


def seed(cast: DemoCast) -> str:
    if AssessmentCycle.objects.exists():
        return ""
    current = services.financial_quarter(cast.today)
    later = services.financial_quarter(current.start - timedelta(days=1))
    earlier = services.financial_quarter(later.start - timedelta(days=1))
    first = _run(
        cast, earlier.start, EARLIER, started=earlier.end - timedelta(days=25), submitted=earlier.end + timedelta(days=10),
        agreed=earlier.end + timedelta(days=17),
    )
    first = _add_report_to(first, cast, earlier.end + timedelta(days=19))
    second = _run(
        cast, later.start, LATER, started=later.end - timedelta(days=25), submitted=min(later.end + timedelta(days=10), cast.today),
        agreed=None,
    )
    cycles = {"earlier": first, "later": second}
    for which, person, factor_id, text in COMMENTS:
        when = earlier.end + timedelta(days=24) if which == "earlier" else min(later.end + timedelta(days=12), cast.today)
        services.comment(cycles[which], by=cast.person(person), text=text, factor_id=factor_id, at=cast.at(_days_ago(cast, when), 14))
    return f"Self-assessment: {first.title} agreed, {second.title} submitted for agreement, {len(COMMENTS)} leaders' comments."

"""Running a self-assessment cycle: starting it, grading each factor, keeping its evidence,
submitting it for agreement (which freezes the indicators), agreeing it, and comparing it with
the last agreed one.

Every change goes through ``safeguard.governance.workflow.transitions`` (permission, version
check, history, transition log). Figures come only from ``safeguard.aggregates``: a factor's
indicators are frozen as ``Measure`` JSON the first time the draft goes for agreement and never
worked out again, so an agreed assessment keeps showing the evidence it was agreed on whatever
later imports bring.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.db import transaction

from safeguard.aggregates import Measure, current_measure
from safeguard.calendar import add_months, month_end
from safeguard.factors import FACTORS, Factor, factor
from safeguard.governance.assessments import evidence_files
from safeguard.governance.assessments.models import (
    GRADE_RANK,
    AssessmentComment,
    AssessmentCycle,
    EvidenceDocument,
    EvidenceLink,
    FactorAssessment,
)
from safeguard.governance.workflow.as_at import records_of
from safeguard.governance.workflow.transitions import (
    Actor,
    GovernanceError,
    NotAllowed,
    apply_transition,
    create_record,
    save_edit,
    transitions_of,
)
from safeguard.indicators.catalogue import INDICATORS
from safeguard.roles import Permission, permissions_of

CYCLE_FIELDS = ("title", "period_start", "period_end", "due")
FACTOR_FIELDS = ("grade", "narrative", "what_changed", "audit_evidence")

MeasureSource = Callable[[str], Measure | None]
FROZEN_REASON = "Indicators frozen as evidence"


@dataclass(frozen=True)
class Quarter:
    start: date
    end: date

    @property
    def title(self) -> str:
        """The council's way of naming it: "Quarter 3, 2026-27" (financial years start in April)."""
        first_year = self.start.year if self.start.month >= 4 else self.start.year - 1
        number = ((self.start.month - 4) % 12) // 3 + 1
        return f"Quarter {number}, {first_year}-{(first_year + 1) % 100:02d}"


def financial_quarter(day: date) -> Quarter:
    """The quarter of the financial year (April to March) that ``day`` falls in."""
    offset = (day.month - 4) % 3
    start = date(day.year, day.month, 1)
    start = add_months(start, -offset)
    return Quarter(start, month_end(add_months(start, 2)))


def indicators_of(factor_id: str) -> list[str]:
    """The indicators that inform a factor, in the catalogue's order."""
    return [item.id for item in INDICATORS if factor_id in item.factors]


def _in_draft(cycle: AssessmentCycle, what: str) -> None:
    if cycle.state != "draft":
        raise GovernanceError(
            f"This self-assessment is {cycle.state_label.lower()}, so {what} can no longer be changed. "
            "The Director can reopen it, giving a reason."
        )


def start_cycle(
    *,
    by: Actor,
    period_start: date | None = None,
    period_end: date | None = None,
    due: date | None = None,
    title: str = "",
    today: date | None = None,
    at: datetime | None = None,
) -> AssessmentCycle:
    """A new draft cycle with its seven factors ungraded: this quarter by default, due at its end."""
    quarter = financial_quarter(today or date.today())
    start = period_start or quarter.start
    end = period_end or (quarter.end if period_start is None else month_end(add_months(start, 2)))
    with transaction.atomic():
        cycle = create_record(
            AssessmentCycle,
            by=by,
            permission=Permission.DRAFT_SELF_ASSESSMENT,
            at=at,
            title=title.strip() or financial_quarter(start).title,
            period_start=start,
            period_end=end,
            due=due or end,
        )
        for item in FACTORS:
            create_record(FactorAssessment, by=by, permission=Permission.DRAFT_SELF_ASSESSMENT, at=at, cycle=cycle, factor=item.id)
    return cycle


def edit_cycle(cycle: AssessmentCycle, *, by: Actor, seen_version: int, changes: Mapping[str, Any]) -> AssessmentCycle:
    unknown = set(changes) - set(CYCLE_FIELDS)
    if unknown:
        raise ValueError(f"these fields cannot be edited: {sorted(unknown)}")
    _in_draft(cycle, "its period and due date")
    return save_edit(cycle, by=by, seen_version=seen_version, changes=changes, permission=Permission.DRAFT_SELF_ASSESSMENT)


def factor_assessment(cycle: AssessmentCycle, factor_id: str) -> FactorAssessment:
    """One factor of a cycle; ``KeyError`` naming the factors if the id is not one of them."""
    factor(factor_id)
    return cycle.factors.get(factor=factor_id)


def edit_factor(
    assessment: FactorAssessment, *, by: Actor, seen_version: int, changes: Mapping[str, Any], at: datetime | None = None
) -> FactorAssessment:
    """Change a factor's grade, narrative, what changed and audit evidence, while the cycle is a
    draft. A grade that is not one of Ofsted's four is refused by the record's validation."""
    unknown = set(changes) - set(FACTOR_FIELDS)
    if unknown:
        raise ValueError(f"these fields cannot be edited: {sorted(unknown)}")
    with transaction.atomic():
        cycle = AssessmentCycle.objects.select_for_update().get(pk=assessment.cycle_id)
        _in_draft(cycle, "its grades")
        return save_edit(
            assessment, by=by, seen_version=seen_version, changes=changes, permission=Permission.DRAFT_SELF_ASSESSMENT, at=at
        )


def _unready(cycle: AssessmentCycle) -> list[str]:
    return [item.get_factor_display() for item in cycle.factors.all() if not item.grade or not item.narrative.strip()]


def _freeze(cycle: AssessmentCycle, by: Actor, measure: MeasureSource, at: datetime | None) -> None:
    for assessment in cycle.factors.all():
        frozen = {}
        for indicator_id in indicators_of(assessment.factor):
            found = measure(indicator_id)
            if found is not None:
                frozen[indicator_id] = found.to_json()
        save_edit(
            assessment, by=by, seen_version=assessment.version, changes={"indicators": frozen},
            permission=Permission.DRAFT_SELF_ASSESSMENT, reason=FROZEN_REASON, at=at,
        )


def move_cycle(
    cycle: AssessmentCycle,
    name: str,
    *,
    by: Actor,
    seen_version: int,
    reason: str = "",
    at: datetime | None = None,
    measure: MeasureSource = current_measure,
) -> AssessmentCycle:
    """Submit, agree, send back or reopen a cycle. The first submission freezes every factor's
    indicators as they stand (``measure``: the demo passes the figures of the month it happened)
    and needs every factor graded with a narrative; later submissions keep that evidence."""
    with transaction.atomic():
        changes: dict[str, Any] = {}
        if name == "submit":
            missing = _unready(cycle)
            if missing:
                raise GovernanceError("Grade each factor and write its narrative before submitting: " + ", ".join(missing) + ".")
            if cycle.evidence_frozen_at is None:
                changes["evidence_frozen_at"] = at or datetime.now(UTC)
        moved = apply_transition(cycle, name, by=by, seen_version=seen_version, reason=reason, changes=changes, at=at)
        if "evidence_frozen_at" in changes:
            _freeze(moved, by, measure, at)
    return moved


def add_document(
    cycle: AssessmentCycle, *, by: Actor, upload: evidence_files.Upload, factor_id: str = "", description: str = "",
    at: datetime | None = None,
) -> EvidenceDocument:
    """Keep an uploaded document as evidence of a draft cycle (or one of its factors). Refused,
    with nothing kept, if the person may not, the cycle is not a draft, or the file is not a
    document or too large (``evidence_files.DocumentRefused`` names the file)."""
    if Permission.DRAFT_SELF_ASSESSMENT not in permissions_of(by.roles):
        raise NotAllowed("Your roles do not allow you to add evidence to a self-assessment.")
    _in_draft(cycle, "its evidence")
    received = evidence_files.receive(upload)
    try:
        with transaction.atomic():
            document = create_record(
                EvidenceDocument, by=by, permission=Permission.DRAFT_SELF_ASSESSMENT, at=at, cycle=cycle, factor=factor_id,
                original_name=received.original_name, sha256=received.sha256, size=received.size, kind=received.kind,
                description=description.strip(),
            )
            received.keep()
    except BaseException:
        received.discard()
        raise
    return document


def link_evidence(
    cycle: AssessmentCycle, *, by: Actor, kind: str, reference: str, summary: str, factor_id: str = "",
    at: datetime | None = None,
) -> EvidenceLink:
    """Point a cycle (or a factor of it) at another record as evidence: the way the case audits
    app adds its results, naming the record as the access log does (``audits.auditround:3``)."""
    _in_draft(cycle, "its evidence")
    return create_record(
        EvidenceLink, by=by, permission=Permission.DRAFT_SELF_ASSESSMENT, at=at, cycle=cycle, factor=factor_id, kind=kind,
        reference=reference, summary=summary.strip(),
    )


def comment(cycle: AssessmentCycle, *, by: Actor, text: str, factor_id: str = "", at: datetime | None = None) -> AssessmentComment:
    """A leader's comment on the cycle or one factor, at any stage: a record of its own."""
    return create_record(
        AssessmentComment, by=by, permission=Permission.COMMENT_ON_ASSESSMENTS, at=at, cycle=cycle, factor=factor_id, text=text.strip()
    )


def reword_comment(note: AssessmentComment, *, by: Actor, seen_version: int, text: str) -> AssessmentComment:
    """The author rewords their comment; the earlier wording stays in its history."""
    if note.created_by_id != by.pk:
        raise NotAllowed("Only the person who wrote a comment can reword it.")
    return save_edit(note, by=by, seen_version=seen_version, changes={"text": text.strip()}, permission=Permission.COMMENT_ON_ASSESSMENTS)


def earlier_wordings(note: AssessmentComment) -> list[str]:
    """A comment's earlier wordings, oldest first (its history, not counting the wording now)."""
    texts = [row.text for row in note.history.order_by("history_date", "history_id")]
    return [text for text, later in zip(texts, texts[1:]) if text != later]


def previous_agreed(cycle: AssessmentCycle) -> AssessmentCycle | None:
    """The last agreed cycle whose period began before this one's."""
    return (
        AssessmentCycle.objects.filter(state="agreed", period_start__lt=cycle.period_start)
        .exclude(pk=cycle.pk)
        .order_by("-period_start", "-id")
        .first()
    )


def latest_agreed(as_at: datetime | None = None) -> AssessmentCycle | None:
    """The latest agreed self-assessment: as the records stood at ``as_at`` (``workflow.as_at``), or stand now."""
    cycle: AssessmentCycle | None = records_of(AssessmentCycle, as_at).filter(state="agreed").order_by("-period_start", "-id").first()
    return cycle


def factors_of(cycle: AssessmentCycle, as_at: datetime | None = None) -> list[FactorAssessment]:
    """The cycle's factors with their grades: as they stand now, or, with ``as_at`` (a pack), as
    they stood then, so a cycle agreed, reopened and graded again since is shown with the grades
    it had been agreed with."""
    return list(records_of(FactorAssessment, as_at).filter(cycle_id=cycle.pk).order_by("id"))


@dataclass(frozen=True)
class IndicatorThenAndNow:
    indicator_id: str
    title: str
    then: Measure | None
    now: Measure | None
    now_is_frozen: bool
    """False while the cycle is a draft: ``now`` is today's figure, frozen only when it is submitted."""


@dataclass(frozen=True)
class FactorThenAndNow:
    factor: Factor
    now: FactorAssessment
    then: FactorAssessment | None
    indicators: tuple[IndicatorThenAndNow, ...]

    @property
    def movement(self) -> str:
        """``improved``, ``declined``, ``held``, ``first`` (nothing to compare) or ``ungraded``."""
        if not self.now.grade:
            return "ungraded"
        if self.then is None or not self.then.grade:
            return "first"
        before, after = GRADE_RANK[self.then.grade], GRADE_RANK[self.now.grade]
        if after < before:
            return "improved"
        if after > before:
            return "declined"
        return "held"


def _measures(assessment: FactorAssessment | None) -> dict[str, Measure]:
    if assessment is None or not assessment.indicators:
        return {}
    return {key: Measure.from_json(value) for key, value in assessment.indicators.items()}


def compare(cycle: AssessmentCycle, previous: AssessmentCycle | None) -> list[FactorThenAndNow]:
    """Each factor of the cycle beside the same factor of ``previous``: grades, and each indicator
    as frozen then and frozen now (today's figure while the cycle is still a draft)."""
    then_by_factor = {item.factor: item for item in previous.factors.all()} if previous else {}
    rows = []
    for assessment in cycle.factors.all():
        then = then_by_factor.get(assessment.factor)
        before = _measures(then)
        frozen = assessment.indicators is not None
        after = _measures(assessment)
        lines = []
        for indicator_id in indicators_of(assessment.factor):
            now = after.get(indicator_id) if frozen else current_measure(indicator_id)
            earlier = before.get(indicator_id)
            if now is None and earlier is None:
                continue
            title = (now or earlier).title  # type: ignore[union-attr]
            lines.append(IndicatorThenAndNow(indicator_id, title, earlier, now, frozen))
        rows.append(FactorThenAndNow(factor(assessment.factor), assessment, then, tuple(lines)))
    return rows


@dataclass(frozen=True)
class Step:
    what: str
    who: str
    at: datetime
    reason: str


@dataclass(frozen=True)
class Accountability:
    """Who drafted the cycle, and each step it took: who, when, why."""

    drafted_by: tuple[str, ...]
    steps: tuple[Step, ...]

    def last(self, what: str) -> Step | None:
        found = [step for step in self.steps if step.what == what]
        return found[-1] if found else None


def accountability(cycle: AssessmentCycle) -> Accountability:
    people = {cycle.created_by_id: cycle.created_by.display_name}
    for assessment in cycle.factors.all():
        edits = assessment.history.filter(history_type="~").exclude(history_change_reason=FROZEN_REASON).select_related("history_user")
        for row in edits.order_by("history_date", "history_id"):
            if row.history_user is not None:
                people.setdefault(row.history_user_id, row.history_user.display_name)
    names = list(people.values())
    steps = tuple(Step(item.transition, item.by_name, item.at, item.reason) for item in transitions_of(cycle))
    return Accountability(tuple(names), steps)

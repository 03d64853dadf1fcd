"""Drafting the self-evaluation from the records, saving people's versions, and reading them back.

The draft is plain text people then rewrite: the records give the facts, people give the
judgement. Its figures are put into words as a viewer without child-level access sees them
(counts from 1 to 5 as [c]), because the self-evaluation is read by leaders and inspectors, and
it takes them only through ``safeguard.aggregates``. Every save goes through
``safeguard.governance.workflow.transitions.save_edit``: a numbered version with who and when,
and a stale edit refused.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from safeguard.aggregates import Viewer, comparisons, current_warnings, dashboard, figure_text
from safeguard.governance.assessments.services import latest_agreed
from safeguard.governance.plan import services as plan
from safeguard.governance.plan.models import PlanAction
from safeguard.governance.self_evaluation.models import QUESTIONS, EvidenceLink, SelfEvaluation
from safeguard.governance.workflow.as_at import records_as_at, related_as_at
from safeguard.governance.workflow.transitions import Actor, create_record, save_edit
from safeguard.roles import Permission

READERS = Viewer(exact=False, teams=False)
"""Who reads a self-evaluation: leaders and inspectors, so its figures are disclosed as to them."""

HEADLINE_INDICATORS = (
    "referrals_per_10k",
    "re_referral_rate",
    "assessments_within_45wd",
    "cpp_per_10k",
    "cpp_repeat_rate",
    "cpp_ended_2yrs_rate",
    "cla_per_10k",
    "cla_missing_rate",
)
"""The figures a chief executive is told to watch (Chief executives' must know, "performance
data": demand, re-referrals, timeliness, long and repeat child protection plans, children in
care and missing from care), in the order the table shows them."""

ANSWER_FIELDS = tuple(field for field, _ in QUESTIONS) + ("audit_evidence",)
LIST_LIMIT = 8
"""How many actions or warnings a drafted paragraph names before summing up the rest."""


@dataclass(frozen=True)
class Draft:
    what_we_know: str
    how_we_know: str
    our_plans: str
    headline_figures: list[dict[str, str]]

    def fields(self) -> dict[str, Any]:
        return {
            "what_we_know": self.what_we_know, "how_we_know": self.how_we_know, "our_plans": self.our_plans,
            "headline_figures": self.headline_figures,
        }


def _day(value: date) -> str:
    return value.strftime("%-d %B %Y")


def _headline_rows() -> list[dict[str, str]]:
    compared = {summary.id: (summary, comparison) for summary, comparison in comparisons(READERS)}
    rows = []
    for indicator_id in HEADLINE_INDICATORS:
        if indicator_id not in compared:
            continue
        summary, comparison = compared[indicator_id]
        rows.append(
            {
                "indicator": summary.title,
                "year": comparison.year_label,
                "council": figure_text(comparison.council, summary.unit),
                "england": figure_text(comparison.england, summary.unit),
                "neighbours": figure_text(comparison.neighbours_mean, summary.unit),
                "band": summary.band_text,
            }
        )
    return rows


def _figures_paragraph(rows: Sequence[dict[str, str]]) -> str:
    if not rows:
        return "There are no figures to compare with England and our statistical neighbours yet: no return has been loaded with published benchmarks."
    lines = [
        f"- {row['indicator']}: {row['council']} in {row['year']}, against {row['england']} in England and "
        f"{row['neighbours']} among our statistical neighbours ({row['band']})."
        for row in rows
    ]
    return "Our latest figures beside England and our statistical neighbours:\n" + "\n".join(lines)


def _warnings_paragraph() -> str:
    found = current_warnings(READERS)
    if not found:
        return "No early warning is open: no indicator has moved in a way the control charts, the neighbours or our own limits flag."
    lines = [
        f"- {item.title}: {item.what_moved.rstrip('. ')} (since {item.since:%B %Y}; {item.reading_text.lower()})."
        for item in found[:LIST_LIMIT]
    ]
    more = f"\n- and {len(found) - LIST_LIMIT} more." if len(found) > LIST_LIMIT else ""
    return f"{len(found)} early warning{'s are' if len(found) != 1 else ' is'} open:\n" + "\n".join(lines) + more


def _assessment_paragraph() -> tuple[str, str]:
    """What the last agreed self-assessment graded, and what its audits found (for "how")."""
    cycle = latest_agreed()
    if cycle is None:
        return "No self-assessment has been agreed yet.", ""
    grades = "; ".join(f"{item.get_factor_display()}: {item.get_grade_display().lower()}" for item in cycle.factors.all() if item.grade)
    audits = [f"- {item.get_factor_display()}: {item.audit_evidence.strip()}" for item in cycle.factors.all() if item.audit_evidence.strip()]
    audits += [f"- {link.summary.strip()}" for link in cycle.evidence_links.all()]
    audit_text = ("What case audits found, as the self-assessment records it:\n" + "\n".join(audits)) if audits else ""
    return f"Our last agreed self-assessment ({cycle.title}) graded the seven factors: {grades}.", audit_text


def _plan_paragraph(today: date) -> str:
    actions = list(PlanAction.objects.select_related("owner").order_by("due", "id"))
    if not actions:
        return "The improvement plan has no actions yet."
    live = [action for action in actions if action.state in {"open", "in_progress"}]
    overdue = [action for action in live if plan.is_overdue(action, today)]
    done = [action for action in actions if action.state in {"completed", "closed"}]
    parts = [
        f"The improvement plan holds {len(live)} live action{'s' if len(live) != 1 else ''}, {len(overdue)} of them overdue, "
        f"and {len(done)} completed."
    ]
    if live:
        lines = [
            f"- {action.title} ({action.get_factor_display().lower()}; {action.owner.display_name}; due {_day(action.due)}"
            f"{', overdue' if action in overdue else ''})."
            for action in live[:LIST_LIMIT]
        ]
        if len(live) > LIST_LIMIT:
            lines.append(f"- and {len(live) - LIST_LIMIT} more.")
        parts.append("What we are doing now:\n" + "\n".join(lines))
    if done:
        lines = []
        for action in done[-LIST_LIMIT:]:
            impact = plan.impact_of(action).text(READERS) if action.indicator_id else ""
            evidence = action.evidence_of_impact.strip()
            lines.append(f"- {action.title}: {' '.join(part for part in (evidence, impact) if part) or 'completed'}")
        parts.append("What we have done, and what it changed:\n" + "\n".join(lines))
    return "\n\n".join(parts)


def draft_from_records(today: date) -> Draft:
    """The three answers as the records give them today, for people to rewrite."""
    board = dashboard(READERS)
    rows = _headline_rows()
    grades, audits = _assessment_paragraph()
    latest = f"to {board.latest_month:%B %Y}" if board.latest_month else "not yet loaded"
    what = "\n\n".join(
        [
            "[Drafted from Safeguard's records: say in your own words what these show about the quality and impact of practice.]",
            _figures_paragraph(rows),
            grades,
            _warnings_paragraph(),
        ]
    )
    how = "\n\n".join(
        part
        for part in [
            "[Drafted from Safeguard's records: add the audits, practice observations, feedback from children and families and partners' views that you rely on.]",
            f"Performance data: {board.council or 'the council'}'s monthly returns, with figures {latest}, checked for completeness "
            "and validity, and compared with England and our statistical neighbours from the published statistics.",
            "Early warning: every indicator's monthly series is watched with statistical process control, against our "
            "neighbours and against our own limits; each warning is acknowledged by a named leader.",
            "Self-assessment: each quarter the seven factors are graded on evidence, with the indicators frozen as they "
            "stood the day the draft went to the Director, and leaders comment on it.",
            audits,
        ]
        if part
    )
    plans = "\n\n".join(
        [
            "[Drafted from Safeguard's records: say what you will do next and how you will know it has worked.]",
            _plan_paragraph(today),
        ]
    )
    return Draft(what, how, plans, rows)


def start_evaluation(*, by: Actor, title: str, today: date, at: datetime | None = None) -> SelfEvaluation:
    """A new self-evaluation, drafted from the records: version 1, under the person's name."""
    draft = draft_from_records(today)
    return create_record(
        SelfEvaluation, by=by, permission=Permission.EDIT_SELF_EVALUATION, at=at, title=title.strip(),
        drafted_from_records_at=at or datetime.now(UTC), **draft.fields(),
    )


def save_version(
    evaluation: SelfEvaluation,
    *,
    by: Actor,
    seen_version: int,
    changes: Mapping[str, Any],
    redrafted: Draft | None = None,
    at: datetime | None = None,
) -> SelfEvaluation:
    """Save people's text as the next version; refused (``StaleEdit``) if someone saved since
    ``seen_version``. A version written over a fresh draft keeps the fresh draft's figures."""
    unknown = set(changes) - {"title", *ANSWER_FIELDS}
    if unknown:
        raise ValueError(f"these fields cannot be edited: {sorted(unknown)}")
    fields = dict(changes)
    if redrafted is not None:
        fields["headline_figures"] = redrafted.headline_figures
        fields["drafted_from_records_at"] = at or datetime.now(UTC)
    return save_edit(
        evaluation, by=by, seen_version=seen_version, changes=fields, permission=Permission.EDIT_SELF_EVALUATION,
        reason="Redrafted from the records" if redrafted is not None else "", at=at,
    )


def link_evidence(evaluation: SelfEvaluation, *, by: Actor, reference: str, summary: str, kind: str = "case_audit") -> EvidenceLink:
    """Point the self-evaluation at another record as evidence (the case audits app's way in)."""
    return create_record(
        EvidenceLink, by=by, permission=Permission.EDIT_SELF_EVALUATION, evaluation=evaluation, kind=kind, reference=reference,
        summary=summary.strip(),
    )


@dataclass(frozen=True)
class Version:
    number: int
    saved_by: str
    saved_at: datetime
    title: str
    what_we_know: str
    how_we_know: str
    our_plans: str
    audit_evidence: str
    headline_figures: list[dict[str, str]]

    def answers(self) -> list[tuple[str, str]]:
        """Each of Ofsted's questions with this version's answer."""
        return [(question, getattr(self, field)) for field, question in QUESTIONS]


def versions(evaluation: SelfEvaluation, as_at: datetime | None = None) -> list[Version]:
    """Every saved version, newest first; with ``as_at`` (a pack), whoever saved each is named
    as they were named then."""
    rows = list(evaluation.history.select_related("history_user").order_by("-version", "-history_id"))
    related_as_at(rows, ("history_user",), as_at)
    found: dict[int, Version] = {}
    for row in rows:
        if row.version in found:
            continue
        found[row.version] = Version(
            number=row.version,
            saved_by=row.history_user.display_name if row.history_user else "the system",
            saved_at=row.history_date,
            title=row.title,
            what_we_know=row.what_we_know,
            how_we_know=row.how_we_know,
            our_plans=row.our_plans,
            audit_evidence=row.audit_evidence,
            headline_figures=list(row.headline_figures or []),
        )
    return list(found.values())


def version_of(evaluation: SelfEvaluation, number: int | None = None, as_at: datetime | None = None) -> Version | None:
    """One version (the latest if ``number`` is None); None if there is no such version."""
    for item in versions(evaluation, as_at):
        if number is None or item.number == number:
            return item
    return None


def latest_version_as_at(as_at: datetime) -> Version | None:
    """The latest saved version of the most recently changed self-evaluation, as the records
    stood at ``as_at`` (``workflow.as_at``): what a pack for that moment shows."""
    evaluation = records_as_at(SelfEvaluation, as_at).order_by("-updated_at", "-id").first()
    return version_of(evaluation, evaluation.version, as_at) if evaluation else None

"""The scrutiny committee's pack (seed 000 §5.4: scrutiny holds the executive to account; seed
001, "questions to consider").

The same picture the Lead Member is given, for a committee that meets in public: every
indicator for the twelve months to the month against England and the neighbours, the early
warnings and what is being done about them, the improvement plan's progress, and the challenge
log, with no child-level detail and small numbers suppressed throughout (counts of 1 to 5, and
percentages whose remainder is 1 to 5, as [c]).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from safeguard.aggregates import dashboard, figure_text, headline_of
from safeguard.calendar import month_end
from safeguard.factors import FACTORS
from safeguard.governance.challenge.models import OPEN_STATES, Challenge
from safeguard.governance.plan.models import DONE_STATES, LIVE_STATES, PlanAction
from safeguard.governance.workflow.as_at import records_as_at
from safeguard.packs.lead_member_briefing import plan_of_month, questions_to_ask, warnings_with_follow_up
from safeguard.packs.registry import PackContent, PackDefinition, PackRequest, Section
from safeguard.roles import Permission


def factor_tables(request: PackRequest) -> list[dict[str, Any]]:
    """Every indicator, under its first factor, as the committee may see it."""
    board = dashboard(request.viewer, as_of=request.period)
    tables = []
    for group in board.groups:
        rows = []
        for summary in group.indicators:
            rows.append(headline_of(summary, request.viewer, as_of=request.period))
        if rows:
            tables.append({"factor": group.factor, "headlines": rows})
    return tables


def plan_by_factor(as_at: datetime) -> list[dict[str, Any]]:
    """Each factor's live and finished actions, as the plan stood at ``as_at``."""
    actions = list(records_as_at(PlanAction, as_at).exclude(state="withdrawn"))
    return [
        {
            "factor": factor,
            "live": sum(1 for action in actions if action.factor == factor.id and action.state in LIVE_STATES),
            "done": sum(1 for action in actions if action.factor == factor.id and action.state in DONE_STATES),
        }
        for factor in FACTORS
    ]


def challenge_summary(request: PackRequest) -> dict[str, Any]:
    """The challenge log in numbers, as it stood at the pack's moment."""
    everything = records_as_at(Challenge, request.as_at)
    return {
        "total": everything.count(),
        "open": everything.filter(state__in=OPEN_STATES).count(),
        "answered": everything.filter(state="answered").count(),
        "closed": everything.filter(state="closed").count(),
        "this_month": everything.filter(raised_on__range=(request.period, month_end(request.period))).count(),
    }


def build(request: PackRequest) -> PackContent:
    warnings = warnings_with_follow_up(request.viewer, request.period, request.as_at)
    board = dashboard(request.viewer, as_of=request.period)
    return PackContent(
        title=f"Children's safeguarding: scrutiny committee pack, {request.period:%B %Y}",
        context={
            "data_as_at": month_end(board.latest_month) if board.latest_month else None,
            "tables": factor_tables(request),
            "warnings": warnings,
            "plan": plan_of_month(request.period, request.as_at),
            "plan_by_factor": plan_by_factor(request.as_at),
            "challenges": challenge_summary(request),
            "questions": questions_to_ask(warnings, []),
            "figure": figure_text,
        },
    )


PACK = PackDefinition(
    name="scrutiny",
    title="Scrutiny committee pack",
    audience="the scrutiny committee",
    permission=Permission.SEE_ASSURANCE_RECORDS,
    exact=False,
    sections=(
        Section("performance", "How the service is performing"),
        Section("warnings", "Early warnings and what is being done"),
        Section("plan", "The improvement plan"),
        Section("challenge", "Challenge by leaders"),
        Section("questions", "Questions the committee may wish to ask"),
    ),
    draws_on=("indicators", "benchmarks", "early warnings", "improvement plan", "challenge log"),
    formats=("pdf", "html"),
    build=build,
    template="packs/scrutiny.html",
)

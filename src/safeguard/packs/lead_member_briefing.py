"""The Lead Member's monthly briefing (seed 001, "performance information": a regular cycle of
briefings; seed 000 §5.1: the Lead Member asks, the Director answers).

Headline indicators against England and the statistical neighbours, what moved since last
month, the early warnings and what has been done about each (challenges raised, actions on the
plan), the challenges opened and answered, the plan's overdue and completed actions, and the
questions to ask next. Figures are suppressed as for every leader (counts of 1 to 5 as [c]).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from safeguard.aggregates import (
    Dashboard,
    Headline,
    IndicatorSummary,
    Viewer,
    dashboard,
    figure_text,
    headlines,
    indicator_detail,
    warnings_of_month,
)
from safeguard.aggregates.workforce import workforce_picture
from safeguard.calendar import month_end
from safeguard.charts import spc_chart
from safeguard.governance.challenge.models import OPEN_STATES, Challenge
from safeguard.governance.plan import services as plan
from safeguard.governance.plan.models import DONE_STATES, LIVE_STATES, PlanAction
from safeguard.governance.workflow.as_at import end_of_day, moved_during, records_as_at, related_as_at
from safeguard.packs.registry import PackContent, PackDefinition, PackRequest, Section
from safeguard.roles import Permission

CHARTED = 2
"""Headline indicators drawn as charts: those with a concern, up to this many."""


def month_changes(board: Dashboard) -> list[IndicatorSummary]:
    """Indicators that moved for the better or the worse since the month before, worse first."""
    moved = [summary for summary in board.summaries if summary.direction in {"up", "down"} and ("(worse)" in summary.direction_text or "(better)" in summary.direction_text)]
    return sorted(moved, key=lambda summary: "(better)" in summary.direction_text)


def warnings_with_follow_up(viewer: Viewer, month: date, as_at: datetime) -> list[dict[str, Any]]:
    """Each warning showing at the end of ``month`` (``warnings_of_month``) with the challenges
    raised about it and the plan actions it caused, as they stood at ``as_at``."""
    challenges = list(records_as_at(Challenge, as_at).exclude(warning_key="").order_by("raised_on", "id"))
    related_as_at(challenges, ("created_by",), as_at)
    actions = list(records_as_at(PlanAction, as_at).filter(source="warning").exclude(state="withdrawn").order_by("due", "id"))
    return [
        {
            "view": view,
            "challenges": [challenge for challenge in challenges if challenge.warning_key == view.key],
            "actions": [action for action in actions if action.indicator_id == view.indicator_id],
        }
        for view in warnings_of_month(viewer, month)
    ]


def _window(month: date, as_at: datetime) -> tuple[datetime, datetime]:
    """The month's moments up to the pack's: from its first to its last, or to ``as_at`` if earlier."""
    return datetime.combine(month, time.min, tzinfo=UTC), min(end_of_day(month_end(month)), as_at)


def challenges_of_month(month: date, as_at: datetime) -> dict[str, list[Challenge]]:
    """The challenges raised in the month, those answered in it (by the transition log), and
    those waiting on the service, each as it stood at ``as_at`` (who raised it and who owns it
    named as they were then)."""
    everything = records_as_at(Challenge, as_at)
    start, end = _window(month, as_at)
    answered = moved_during(Challenge, to_states={"answered"}, start=start, end=end)
    found = {
        "raised": list(everything.filter(raised_on__range=(month, month_end(month))).order_by("raised_on", "id")),
        "answered": list(everything.filter(id__in=answered).order_by("raised_on", "id")),
        "waiting": list(everything.filter(state__in=OPEN_STATES).order_by("raised_on", "id")),
    }
    related_as_at([item for items in found.values() for item in items], ("created_by", "owner"), as_at)
    return found


def plan_of_month(month: date, as_at: datetime) -> dict[str, Any]:
    """The plan as it stood at ``as_at``: the actions overdue that day, those completed in the
    month (by the transition log) and how many were live."""
    actions = records_as_at(PlanAction, as_at)
    start, end = _window(month, as_at)
    done = moved_during(PlanAction, to_states=DONE_STATES, start=start, end=end)
    overdue = list(plan.overdue_actions(as_at.date(), as_at=as_at))
    related_as_at(overdue, ("owner",), as_at)
    return {
        "overdue": overdue,
        "completed": list(actions.filter(id__in=done, state__in=DONE_STATES).order_by("due", "id")),
        "live": actions.filter(state__in=LIVE_STATES).count(),
    }


def questions_to_ask(warnings: list[dict[str, Any]], changes: list[IndicatorSummary]) -> list[str]:
    """The questions the figures raise this month: each warning's, then each worsening
    indicator's, once each."""
    asked: list[str] = []
    for line in warnings:
        if line["view"].reading == "concern" and line["view"].question not in asked:
            asked.append(line["view"].question)
    for summary in changes:
        detail = indicator_detail(summary.id, Viewer(exact=False, teams=False))
        if detail and "(worse)" in summary.direction_text and detail.question not in asked:
            asked.append(detail.question)
    return asked[:8]


def charts(headlines: list[Headline], viewer: Viewer, concerns: set[str], *, month: date) -> list[dict[str, Any]]:
    """The charts of the headline figures with a concern: the 24 months to the pack's ``month``,
    so a pack for an earlier month charts what was known then, not the months since."""
    drawn: list[dict[str, Any]] = []
    for summary in (headline.summary for headline in headlines):
        if summary.id not in concerns or len(drawn) >= CHARTED:
            continue
        detail = indicator_detail(summary.id, viewer)
        rows = tuple(row for row in detail.months if row.end <= month_end(month))[-24:] if detail else ()
        if detail and rows:
            drawn.append({"chart": spc_chart(f"chart-{summary.id}", summary.title, rows, detail.limits), "rows": rows})
    return drawn


def build(request: PackRequest) -> PackContent:
    board = dashboard(request.viewer, as_of=request.period)
    figures = headlines(board, request.viewer, as_of=request.period)
    warnings = warnings_with_follow_up(request.viewer, request.period, request.as_at)
    changes = month_changes(board)
    concerns = {line["view"].indicator_id for line in warnings if line["view"].reading == "concern"}
    return PackContent(
        title=f"Lead Member's briefing, {request.period:%B %Y}",
        context={
            "data_as_at": month_end(board.latest_month) if board.latest_month else None,
            "headlines": figures,
            "charts": charts(figures, request.viewer, concerns, month=request.period),
            "changes": changes,
            "warnings": warnings,
            "challenges": challenges_of_month(request.period, request.as_at),
            "plan": plan_of_month(request.period, request.as_at),
            "questions": questions_to_ask(warnings, changes),
            "workforce": workforce_picture(request.viewer, as_of=request.period),
            "figure": figure_text,
        },
    )


PACK = PackDefinition(
    name="lead-member-briefing",
    title="Lead Member's briefing",
    audience="the Lead Member for Children's Services",
    permission=Permission.SEE_ASSURANCE_RECORDS,
    exact=False,
    sections=(
        Section("headlines", "The headline figures"),
        Section("changes", "What changed since last month"),
        Section("warnings", "Early warnings and what is being done"),
        Section("challenges", "Challenges raised and answered"),
        Section("plan", "The improvement plan"),
        Section("workforce", "The workforce"),
        Section("questions", "Questions to ask next"),
    ),
    draws_on=("indicators", "benchmarks", "early warnings", "challenge log", "improvement plan", "workforce file"),
    formats=("pdf", "html"),
    build=build,
    template="packs/lead_member_briefing.html",
)

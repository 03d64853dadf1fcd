"""One indicator's page: what it measures, its control chart, how it compares with England, the
region and the statistical neighbours, the breakdown by team for the roles that manage the
service, and the question a leader should ask. Every chart has its table and a CSV beside it.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from markupsafe import Markup

from safeguard import aggregates
from safeguard.aggregates import IndicatorDetail, PeriodRow, Viewer
from safeguard.charts import comparison_chart, spc_chart
from safeguard.web.access.policy import Permission, permissions_of
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.leadership.downloads import csv_response, rounded

MONTH_COLUMNS = ("month", "start", "end", "numerator", "denominator", "value", "unit", "control chart", "note")
COMPARISON_COLUMNS = (
    "year", "council", "council figures from", "England", "region", "region value", "statistical neighbours (mean)",
    "neighbours with a figure", "rank", "councils ranked", "quartile band",
)
TEAM_COLUMNS = ("period", "team", "numerator", "denominator", "value", "unit")


def _detail(request: SignedInRequest, indicator_id: str) -> IndicatorDetail:
    detail = aggregates.indicator_detail(indicator_id, Viewer.of(request.user.roles))
    if detail is None:
        raise Http404("no such indicator")
    return detail


def indicator(request: SignedInRequest, indicator_id: str) -> HttpResponse:
    """The page around the indicator's content, which is rendered once per state of the figures,
    kind of viewer and right to raise a challenge, and then kept: its charts and tables are
    nearly all of the page's cost, and they are the same for everyone who sees the figures alike."""
    viewer = Viewer.of(request.user.roles)
    may_raise_challenge = Permission.RAISE_CHALLENGE in permissions_of(request.user.roles)
    state = aggregates.published()
    detail = aggregates.indicator_detail(indicator_id, viewer, state)
    if detail is None:
        raise Http404("no such indicator")
    body = indicator_body(detail, viewer, state, may_raise_challenge=may_raise_challenge)
    return render(request, "leadership/indicator.html", {"summary": detail.summary, "body": body})


def indicator_body(detail: IndicatorDetail, viewer: Viewer, state: aggregates.Published, *, may_raise_challenge: bool) -> Markup:
    """The indicator's content (``detail``, made from ``state`` for ``viewer``), rendered once
    per state, kind of viewer and right to raise a challenge, and kept."""
    key = ("indicator page", detail.summary.id, viewer, may_raise_challenge)
    return state.kept(key, lambda: _body(detail, may_raise_challenge))


def _body(detail: IndicatorDetail, may_raise_challenge: bool) -> Markup:
    """The indicator's content with its charts, rendered without the request: nothing in it is
    the person's own but whether they may raise a challenge."""
    summary = detail.summary
    months_chart = spc_chart("chart-months", summary.title, detail.months, detail.limits) if detail.months else None
    compared = (
        comparison_chart("chart-comparison", summary.title, summary.unit, summary.comparison) if summary.comparison else None
    )
    context = {
        "detail": detail,
        "summary": summary,
        "months_chart": months_chart,
        "comparison_chart": compared,
        "figure": aggregates.figure_text,
        "may_raise_challenge": may_raise_challenge,
    }
    return Markup(render_to_string("leadership/_indicator_body.html", context))


def _month_row(row: PeriodRow) -> tuple[object, ...]:
    return (
        row.label, row.start.isoformat(), row.end.isoformat(), row.numerator, row.denominator, rounded(row.value),
        row.unit, row.signal_text, row.note or "",
    )


def indicator_months_csv(request: SignedInRequest, indicator_id: str) -> HttpResponse:
    detail = _detail(request, indicator_id)
    return csv_response(f"{indicator_id}-months.csv", MONTH_COLUMNS, [_month_row(row) for row in detail.months])


def indicator_comparison_csv(request: SignedInRequest, indicator_id: str) -> HttpResponse:
    detail = _detail(request, indicator_id)
    comparison = detail.summary.comparison
    rows = []
    if comparison is not None:
        rows.append(
            (
                comparison.year_label, rounded(comparison.council), comparison.council_source, rounded(comparison.england),
                comparison.region_name, rounded(comparison.region), rounded(comparison.neighbours_mean),
                comparison.neighbours_counted, comparison.rank if comparison.rank is not None else "",
                comparison.councils_ranked, comparison.band or "",
            )
        )
    return csv_response(f"{indicator_id}-comparison.csv", COMPARISON_COLUMNS, rows)


def indicator_teams_csv(request: SignedInRequest, indicator_id: str) -> HttpResponse:
    detail = _detail(request, indicator_id)
    rows: list[tuple[object, ...]] = []
    for group in (detail.teams_month or (), detail.teams_year or ()):
        rows.extend((row.label, row.team, row.numerator, row.denominator, rounded(row.value), row.unit) for row in group)
    if detail.council_year is not None:
        row = detail.council_year
        rows.append((row.label, "Whole council", row.numerator, row.denominator, rounded(row.value), row.unit))
    return csv_response(f"{indicator_id}-teams.csv", TEAM_COLUMNS, rows)

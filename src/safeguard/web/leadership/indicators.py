"""One indicator's page: what it measures, its control chart, how it compares with England, the
region and the statistical neighbours, the breakdown by team for the roles that manage the
service, and the question a leader should ask. Every chart has its table and a CSV beside it.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from safeguard import aggregates
from safeguard.aggregates import IndicatorDetail, PeriodRow, Viewer
from safeguard.charts import comparison_chart, spc_chart
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
    detail = _detail(request, indicator_id)
    summary = detail.summary
    months_chart = spc_chart("chart-months", summary.title, detail.months, detail.limits) if detail.months else None
    compared = (
        comparison_chart("chart-comparison", summary.title, summary.unit, summary.comparison) if summary.comparison else None
    )
    return render(
        request,
        "leadership/indicator.html",
        {
            "detail": detail,
            "summary": summary,
            "months_chart": months_chart,
            "comparison_chart": compared,
            "figure": aggregates.figure_text,
        },
    )


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

"""The indicator dashboard: every indicator's latest month, which way it moved, what its control
chart says and where the council stands among others, under the seven factors (LMCS guide §3.1).

Written for a councillor to read: each line says in words what the figure is and whether the
change is better or worse, and small numbers are withheld for roles without child-level access.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from safeguard import aggregates
from safeguard.aggregates import Viewer
from safeguard.errors import SafeguardError
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.leadership.downloads import csv_response, rounded

DASHBOARD_COLUMNS = (
    "factor", "indicator", "title", "month", "numerator", "denominator", "value", "unit",
    "change since previous month", "control chart", "comparison year", "quartile band",
)


def dashboard(request: SignedInRequest) -> HttpResponse:
    viewer = Viewer.of(request.user.roles)
    try:
        board, problem = aggregates.dashboard(viewer), None
    except SafeguardError as error:
        board, problem = None, str(error)
    return render(request, "leadership/dashboard.html", {"board": board, "problem": problem, "viewer": viewer})


def dashboard_csv(request: SignedInRequest) -> HttpResponse:
    board = aggregates.dashboard(Viewer.of(request.user.roles))
    rows = []
    for group in board.groups:
        for summary in group.indicators:
            latest = summary.latest
            comparison = summary.comparison
            rows.append(
                (
                    group.factor.title,
                    summary.id,
                    summary.title,
                    latest.label if latest else "",
                    latest.numerator if latest else "",
                    latest.denominator if latest else "",
                    rounded(latest.value) if latest else "",
                    summary.unit,
                    summary.direction_text,
                    summary.spc.label,
                    comparison.year_label if comparison else "",
                    comparison.band if comparison and comparison.band else "",
                )
            )
    return csv_response("indicators.csv", DASHBOARD_COLUMNS, rows)

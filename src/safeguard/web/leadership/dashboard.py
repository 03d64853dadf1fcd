"""The indicator dashboard: every indicator's latest month, which way it moved, what its control
chart says and where the council stands among others, under the seven factors (LMCS guide §3.1).

Written for a councillor to read: each line says in words what the figure is and whether the
change is better or worse, and small numbers are withheld for roles without child-level access.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from markupsafe import Markup

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
    """The page around the dashboard's content, which is rendered once per state of the figures
    and kind of viewer and then kept: the table of every indicator is most of the page's cost,
    and it is the same for everyone who sees the figures alike."""
    viewer = Viewer.of(request.user.roles)
    try:
        body = dashboard_body(viewer, aggregates.published())
    except SafeguardError as error:
        body = _body(None, str(error), viewer)
    return render(request, "leadership/dashboard.html", {"body": body})


def dashboard_body(viewer: Viewer, state: aggregates.Published) -> Markup:
    """The dashboard's content for this kind of viewer, rendered once per state and kept."""
    return state.kept(("dashboard page", viewer), lambda: _body(aggregates.dashboard(viewer, state=state), None, viewer))


def _body(board: aggregates.Dashboard | None, problem: str | None, viewer: Viewer) -> Markup:
    """The dashboard's content, rendered without the request: nothing in it is the person's own."""
    return Markup(render_to_string("leadership/_dashboard_body.html", {"board": board, "problem": problem, "viewer": viewer}))


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

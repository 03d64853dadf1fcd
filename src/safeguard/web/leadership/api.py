"""The read-only JSON API of indicators, benchmarks and warnings, for the council's analysts and
their tools: the same figures as the pages, with the same permissions (the policy table guards
every route) and the same disclosure control (everything comes from ``safeguard.aggregates``).

A figure is a number, or one of the statistics symbols as a string: ``[c]`` confidential (a
count from 1 to 5, or a figure one could be worked out from), ``[x]`` not available, ``[z]`` not
applicable. ``/api/openapi.json`` describes every route and shape (``openapi.py``).
"""

from __future__ import annotations

from datetime import date
from typing import Any, overload

from django.http import JsonResponse
from django.urls import reverse

from safeguard import aggregates
from safeguard.aggregates import Comparison, ControlLimits, IndicatorSummary, PeriodRow, Viewer, WarningView
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.leadership.models import WarningAcknowledgement
from safeguard.web.leadership.openapi import openapi_document
from safeguard.web.leadership.warnings import acknowledgements_of

SUPPRESSION_RULE = (
    "Counts from 1 to 5 are shown as [c], with the other cells of a total that would reveal them, "
    "and every rate, percentage or warning figure built on a hidden count."
)


def _json(document: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(document, status=status, json_dumps_params={"ensure_ascii": False})


def _not_found(what: str) -> JsonResponse:
    return _json({"error": f"There is no {what} at this address."}, status=404)


def _month(day: date | None) -> str | None:
    return f"{day:%Y-%m}" if day else None


def period_json(row: PeriodRow) -> dict[str, Any]:
    return {
        "label": row.label,
        "start": row.start.isoformat(),
        "end": row.end.isoformat(),
        "team": row.team,
        "numerator": row.numerator,
        "denominator": row.denominator,
        "value": row.value,
        "unit": row.unit,
        "signal": row.signal,
        "signal_rules": list(row.signal_rules),
        "note": row.note,
    }


@overload
def comparison_json(comparison: Comparison) -> dict[str, Any]: ...
@overload
def comparison_json(comparison: None) -> None: ...
@overload
def comparison_json(comparison: Comparison | None) -> dict[str, Any] | None: ...
def comparison_json(comparison: Comparison | None) -> dict[str, Any] | None:
    if comparison is None:
        return None
    return {
        "year": comparison.year_label,
        "council": comparison.council,
        "council_source": comparison.council_source,
        "england": comparison.england,
        "region_name": comparison.region_name,
        "region": comparison.region,
        "neighbours_mean": comparison.neighbours_mean,
        "neighbours_counted": comparison.neighbours_counted,
        "rank": comparison.rank,
        "councils_ranked": comparison.councils_ranked,
        "band": comparison.band,
    }


def _limits_json(limits: ControlLimits | None) -> dict[str, Any] | None:
    if limits is None:
        return None
    return {"mean": limits.mean, "upper": limits.upper, "lower": limits.lower, "basis": limits.basis}


def summary_json(summary: IndicatorSummary) -> dict[str, Any]:
    return {
        "id": summary.id,
        "title": summary.title,
        "unit": summary.unit,
        "polarity": summary.polarity,
        "factors": list(summary.factor_ids),
        "latest": period_json(summary.latest) if summary.latest else None,
        "previous": period_json(summary.previous) if summary.previous else None,
        "direction": summary.direction,
        "direction_text": summary.direction_text,
        "control_chart": {"status": summary.spc.code, "label": summary.spc.label},
        "comparison": comparison_json(summary.comparison),
        "links": {"self": reverse("api:indicator", args=[summary.id]), "page": reverse("leadership:indicator", args=[summary.id])},
    }


def _acknowledgement_json(acknowledgement: WarningAcknowledgement | None) -> dict[str, Any] | None:
    if acknowledgement is None:
        return None
    return {
        "by": acknowledgement.acknowledged_by_name,
        "at": acknowledgement.acknowledged_at.isoformat(),
        "response": acknowledgement.response,
        "response_by": acknowledgement.response_by_name,
        "response_at": acknowledgement.response_at.isoformat(),
        "version": acknowledgement.version,
    }


def warning_json(view: WarningView, acknowledgement: WarningAcknowledgement | None) -> dict[str, Any]:
    return {
        "key": view.key,
        "indicator": view.indicator_id,
        "title": view.title,
        "unit": view.unit,
        "check": view.source,
        "reading": view.reading,
        "rules": list(view.rules),
        "since": _month(view.since),
        "detected": _month(view.detected),
        "until": _month(view.until),
        "what_moved": view.what_moved,
        "value": view.value,
        "reference": view.reference,
        "change": view.change,
        "change_text": view.change_text,
        "how_unusual": view.how_unusual,
        "data_confidence": view.data_confidence,
        "question": view.question,
        "basis": view.basis,
        "figures_withheld": view.figures_withheld,
        "acknowledgement": _acknowledgement_json(acknowledgement),
        "links": {"self": reverse("api:warning", args=[view.key]), "page": reverse("leadership:warning", args=[view.key])},
    }


def _suppression(viewer: Viewer) -> dict[str, Any]:
    return {"applied": not viewer.exact, "rule": SUPPRESSION_RULE if not viewer.exact else None}


def openapi(request: SignedInRequest) -> JsonResponse:
    return _json(openapi_document())


def indicators(request: SignedInRequest) -> JsonResponse:
    viewer = Viewer.of(request.user.roles)
    board = aggregates.dashboard(viewer)
    return _json(
        {
            "council": board.council,
            "computed_at": board.computed_at.isoformat(),
            "latest_month": _month(board.latest_month),
            "suppression": _suppression(viewer),
            "notes": list(board.notes),
            "indicators": [summary_json(summary) for summary in board.summaries],
        }
    )


def indicator(request: SignedInRequest, indicator_id: str) -> JsonResponse:
    viewer = Viewer.of(request.user.roles)
    detail = aggregates.indicator_detail(indicator_id, viewer)
    if detail is None:
        return _not_found("indicator")
    return _json(
        {
            "indicator": {
                **summary_json(detail.summary),
                "definition": detail.definition,
                "numerator_definition": detail.numerator_words,
                "denominator_definition": detail.denominator_words,
                "method": detail.method,
                "question": detail.question,
                "lait_code": detail.lait_code,
                "data_confidence": detail.confidence,
            },
            "suppression": _suppression(viewer),
            "months": [period_json(row) for row in detail.months],
            "years": [period_json(row) for row in detail.years],
            "control_limits": _limits_json(detail.limits),
            "warnings": [view.key for view in detail.warnings],
        }
    )


def indicator_teams(request: SignedInRequest, indicator_id: str) -> JsonResponse:
    viewer = Viewer.of(request.user.roles)
    detail = aggregates.indicator_detail(indicator_id, viewer)
    if detail is None:
        return _not_found("indicator")
    return _json(
        {
            "indicator": detail.summary.id,
            "by_team": detail.teams_month is not None,
            "suppression": _suppression(viewer),
            "latest_month": [period_json(row) for row in detail.teams_month or ()],
            "last_12_months": [period_json(row) for row in detail.teams_year or ()],
            "council_last_12_months": period_json(detail.council_year) if detail.council_year else None,
        }
    )


def benchmarks(request: SignedInRequest) -> JsonResponse:
    viewer = Viewer.of(request.user.roles)
    return _json(
        {
            "suppression": _suppression(viewer),
            "benchmarks": [
                {"indicator": summary.id, "title": summary.title, "unit": summary.unit, **comparison_json(comparison)}
                for summary, comparison in aggregates.comparisons(viewer)
            ],
        }
    )


def warnings(request: SignedInRequest) -> JsonResponse:
    viewer = Viewer.of(request.user.roles)
    views = aggregates.current_warnings(viewer)
    acknowledged = acknowledgements_of([view.key for view in views])
    return _json(
        {"suppression": _suppression(viewer), "warnings": [warning_json(view, acknowledged.get(view.key)) for view in views]}
    )


def warning(request: SignedInRequest, warning_key: str) -> JsonResponse:
    viewer = Viewer.of(request.user.roles)
    view = aggregates.warning(warning_key, viewer)
    acknowledgement = WarningAcknowledgement.objects.filter(warning_key=warning_key).first()
    if view is None and acknowledgement is None:
        return _not_found("warning")
    return _json(
        {
            "suppression": _suppression(viewer),
            "current": view is not None,
            "warning": warning_json(view, acknowledgement) if view else None,
            "acknowledgement": _acknowledgement_json(acknowledgement),
        }
    )

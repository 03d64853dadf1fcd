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

from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from safeguard import aggregates
from safeguard.aggregates import Comparison, ControlLimits, IndicatorSummary, PeriodRow, Viewer, WarningView
from safeguard.governance.warning_owners import services as owners
from safeguard.governance.warning_owners.models import Acknowledgement, TrackedWarning
from safeguard.web.access.requests import SignedInRequest
from safeguard.web.leadership.openapi import openapi_document
from safeguard.web.leadership.warnings import current_lines, shown_warning

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


def _acknowledgement_json(acknowledgement: Acknowledgement) -> dict[str, Any]:
    return {
        "by": acknowledgement.person_name,
        "role": acknowledgement.role,
        "at": acknowledgement.acknowledged_at.isoformat(),
        "response": acknowledgement.response,
        "version": acknowledgement.version,
    }


def warning_json(view: WarningView, tracked: TrackedWarning, acknowledgements: list[Acknowledgement] | tuple[Acknowledgement, ...]) -> dict[str, Any]:
    return {
        "id": tracked.pk,
        "reference": tracked.reference,
        "key": view.key,
        "indicator": view.indicator_id,
        "title": view.title,
        "unit": view.unit,
        "check": view.source,
        "reading": view.reading,
        "direction": view.direction,
        "rules": list(view.rules),
        "since": _month(view.since),
        "detected": _month(view.detected),
        "until": _month(view.until),
        "what_moved": view.what_moved,
        "value": view.value,
        "reference_value": view.reference,
        "change": view.change,
        "change_text": view.change_text,
        "comparison": view.comparison,
        "how_unusual": view.how_unusual,
        "data_confidence": view.data_confidence,
        "question": view.question,
        "basis": view.basis,
        "detail": view.detail,
        "figures_withheld": view.figures_withheld,
        "acknowledgements": [_acknowledgement_json(item) for item in acknowledgements],
        "links": {"self": reverse("api:warning", args=[tracked.pk]), "page": reverse("leadership:warning", args=[tracked.pk])},
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
    lines = current_lines(viewer, request.user)
    return _json(
        {"suppression": _suppression(viewer), "warnings": [warning_json(line.view, line.tracked, line.acknowledgements) for line in lines]}
    )


def warning(request: SignedInRequest, warning_id: int) -> JsonResponse:
    viewer = Viewer.of(request.user.roles)
    tracked = TrackedWarning.objects.filter(pk=warning_id).first()
    if tracked is None:
        return _not_found("warning")
    view = shown_warning(tracked, viewer)
    acknowledgements = owners.acknowledgements_of(tracked)
    return _json(
        {
            "suppression": _suppression(viewer),
            "current": view is not None,
            "warning": warning_json(view, tracked, acknowledgements) if view else None,
            "acknowledgements": [_acknowledgement_json(item) for item in acknowledgements],
        }
    )


def warning_by_name(request: SignedInRequest, warning_key: str) -> HttpResponse:
    """An address that named the warning's indicator, check and first month: on to its number."""
    tracked = owners.by_name(warning_key)
    if tracked is None:
        return _not_found("warning")
    return redirect("api:warning", warning_id=tracked.pk)

"""The OpenAPI 3.1 description of the JSON API, served at ``/api/openapi.json``.

Written by hand, beside the views in ``api.py``; a test validates it against the OpenAPI
specification and checks every response the API gives against the schema named here, so the
two cannot drift apart unnoticed.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from safeguard.indicators.catalogue import Unit

SYMBOLS = ["[c]", "[x]", "[z]"]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"oneOf": [schema, {"type": "null"}]}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": required if required is not None else list(properties),
        "additionalProperties": False,
    }


TEXT = {"type": "string"}
NULLABLE_TEXT = {"type": ["string", "null"]}
MONTH = {"type": "string", "pattern": r"^\d{4}-\d{2}$", "description": "A month, YYYY-MM."}
DAY = {"type": "string", "format": "date"}

COMPARISON_PROPERTIES: dict[str, Any] = {
    "year": TEXT,
    "council": _ref("Figure"),
    "council_source": TEXT,
    "england": _ref("Figure"),
    "region_name": TEXT,
    "region": _ref("Figure"),
    "neighbours_mean": _ref("Figure"),
    "neighbours_counted": {"type": "integer"},
    "rank": _nullable(_ref("Count")),
    "councils_ranked": {"type": "integer"},
    "band": {"type": ["string", "null"], "enum": ["A", "B", "C", "D", "[c]", None]},
}
SUMMARY_PROPERTIES: dict[str, Any] = {
    "id": TEXT,
    "title": TEXT,
    "unit": TEXT,
    "polarity": {"type": "string", "enum": ["high", "low", "context", "zero"]},
    "factors": {"type": "array", "items": TEXT},
    "latest": _nullable(_ref("Period")),
    "previous": _nullable(_ref("Period")),
    "direction": {"type": ["string", "null"], "enum": ["up", "down", "same", None]},
    "direction_text": TEXT,
    "control_chart": _ref("ControlChart"),
    "comparison": _nullable(_ref("Comparison")),
    "links": _ref("Links"),
}

SCHEMAS: dict[str, Any] = {
    "Symbol": {
        "type": "string",
        "enum": SYMBOLS,
        "description": "[c] confidential (a count from 1 to 5, or a figure it could be worked out from); "
        "[x] not available; [z] not applicable.",
    },
    "Figure": {"oneOf": [{"type": "number"}, _ref("Symbol")], "description": "A rate, percentage or count, or a symbol."},
    "Count": {"oneOf": [{"type": "integer"}, _ref("Symbol")]},
    "Suppression": _object(
        {"applied": {"type": "boolean", "description": "True for roles without child-level access."}, "rule": NULLABLE_TEXT}
    ),
    "Links": _object({"self": TEXT, "page": TEXT}),
    "Period": _object(
        {
            "label": TEXT,
            "start": DAY,
            "end": DAY,
            "team": NULLABLE_TEXT,
            "numerator": _ref("Count"),
            "denominator": _nullable(_ref("Count")),
            "value": _ref("Figure"),
            "unit": {"type": "string", "enum": [unit.value for unit in Unit]},
            "signal": {"type": ["string", "null"], "enum": ["concern", "improvement", "unusual", None]},
            "signal_rules": {"type": "array", "items": TEXT},
            "note": NULLABLE_TEXT,
        }
    ),
    "Comparison": _object(COMPARISON_PROPERTIES),
    "ControlChart": _object(
        {
            "status": {"type": "string", "enum": ["concern", "improvement", "unusual", "common_cause", "too_few_months"]},
            "label": TEXT,
        }
    ),
    "ControlLimits": _object({"mean": _ref("Figure"), "upper": _ref("Figure"), "lower": _ref("Figure"), "basis": TEXT}),
    "IndicatorSummary": _object(SUMMARY_PROPERTIES),
    "Acknowledgement": _object(
        {
            "by": TEXT,
            "role": TEXT,
            "at": {"type": "string", "format": "date-time"},
            "response": TEXT,
            "version": {"type": "integer", "minimum": 1},
        }
    ),
    "Warning": _object(
        {
            "id": {"type": "integer", "description": "The warning's lasting number: its address is /api/warnings/{id}."},
            "reference": TEXT,
            "key": TEXT,
            "indicator": TEXT,
            "title": TEXT,
            "unit": TEXT,
            "check": {"type": "string", "enum": ["control_chart", "neighbours", "local_threshold"]},
            "reading": {"type": "string", "enum": ["concern", "improvement", "unusual"]},
            "direction": {"type": "string", "enum": ["up", "down"]},
            "rules": {"type": "array", "items": TEXT},
            "since": MONTH,
            "detected": MONTH,
            "until": MONTH,
            "what_moved": TEXT,
            "value": _ref("Figure"),
            "reference_value": _ref("Figure"),
            "change": _ref("Figure"),
            "change_text": TEXT,
            "comparison": TEXT,
            "how_unusual": TEXT,
            "data_confidence": TEXT,
            "question": TEXT,
            "basis": TEXT,
            "detail": TEXT,
            "figures_withheld": {"type": "boolean"},
            "acknowledgements": {"type": "array", "items": _ref("Acknowledgement")},
            "links": _ref("Links"),
        }
    ),
    "IndicatorList": _object(
        {
            "council": TEXT,
            "computed_at": {"type": "string", "format": "date-time"},
            "latest_month": {"oneOf": [MONTH, {"type": "null"}]},
            "suppression": _ref("Suppression"),
            "notes": {"type": "array", "items": TEXT},
            "indicators": {"type": "array", "items": _ref("IndicatorSummary")},
        }
    ),
    "IndicatorDetail": _object(
        {
            "indicator": _object(
                {
                    **SUMMARY_PROPERTIES,
                    "definition": TEXT,
                    "numerator_definition": TEXT,
                    "denominator_definition": TEXT,
                    "method": TEXT,
                    "question": TEXT,
                    "lait_code": NULLABLE_TEXT,
                    "data_confidence": TEXT,
                }
            ),
            "suppression": _ref("Suppression"),
            "months": {"type": "array", "items": _ref("Period")},
            "years": {"type": "array", "items": _ref("Period")},
            "control_limits": _nullable(_ref("ControlLimits")),
            "warnings": {"type": "array", "items": TEXT, "description": "Keys of the indicator's current warnings."},
        }
    ),
    "IndicatorTeams": _object(
        {
            "indicator": TEXT,
            "by_team": {"type": "boolean", "description": "False for indicators that make no sense by team (rates per 10,000)."},
            "suppression": _ref("Suppression"),
            "latest_month": {"type": "array", "items": _ref("Period")},
            "last_12_months": {"type": "array", "items": _ref("Period")},
            "council_last_12_months": _nullable(_ref("Period")),
        }
    ),
    "BenchmarkList": _object(
        {
            "suppression": _ref("Suppression"),
            "benchmarks": {
                "type": "array",
                "items": _object({"indicator": TEXT, "title": TEXT, "unit": TEXT, **COMPARISON_PROPERTIES}),
            },
        }
    ),
    "WarningList": _object({"suppression": _ref("Suppression"), "warnings": {"type": "array", "items": _ref("Warning")}}),
    "WarningDetail": _object(
        {
            "suppression": _ref("Suppression"),
            "current": {"type": "boolean", "description": "False once later data no longer shows the warning."},
            "warning": _nullable(_ref("Warning")),
            "acknowledgements": {"type": "array", "items": _ref("Acknowledgement")},
        }
    ),
    "Error": _object({"error": TEXT}),
}


def _get(summary: str, schema: str, description: str, parameters: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {"description": "The figures, as your roles may see them.", "content": {"application/json": {"schema": _ref(schema)}}},
        "302": {"description": "Not signed in: sent to the sign-in page."},
        "403": {"description": "Your roles do not allow this."},
    }
    if parameters:
        responses["404"] = {"description": "No such item.", "content": {"application/json": {"schema": _ref("Error")}}}
    operation: dict[str, Any] = {"summary": summary, "description": description, "responses": responses}
    if parameters:
        operation["parameters"] = parameters
    return {"get": operation}


def _path_parameter(name: str, description: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "description": description, "schema": {"type": "string"}}


INDICATOR_ID = _path_parameter("indicator_id", "The indicator's id, as /api/indicators lists them (e.g. re_referral_rate).")
WARNING_KEY = _path_parameter("warning_key", "A name the warning went by: indicator, check, first month and reading.")
WARNING_ID = {**_path_parameter("warning_id", "The warning's lasting number, as /api/warnings lists them (id)."), "schema": {"type": "integer"}}


@cache
def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Safeguard figures API",
            "version": "1.0.0",
            "description": (
                "Read-only figures for the council's analysts and tools: the national safeguarding indicators, "
                "their comparison with England, the region and statistical neighbours, and the early warnings. "
                "Sign in to the site first; the API answers with the same permissions and the same suppression of "
                "small numbers as the pages."
            ),
        },
        "servers": [{"url": "/"}],
        "security": [{"session": []}],
        "paths": {
            "/api/indicators": _get(
                "Every indicator's latest month",
                "IndicatorList",
                "Latest month, previous month, direction, control-chart status and comparison for every indicator.",
            ),
            "/api/indicators/{indicator_id}": _get(
                "One indicator in full",
                "IndicatorDetail",
                "Definition, every month with its control-chart signals, whole financial years, limits and current warnings.",
                [INDICATOR_ID],
            ),
            "/api/indicators/{indicator_id}/teams": _get(
                "One indicator by team",
                "IndicatorTeams",
                "The latest month and the last 12 months by team, for roles allowed team-level detail.",
                [INDICATOR_ID],
            ),
            "/api/benchmarks": _get(
                "Comparison with other councils",
                "BenchmarkList",
                "The latest whole year of each indicator with a LAIT code beside England, the region and the neighbours.",
            ),
            "/api/warnings": _get(
                "Current early warnings", "WarningList", "Warnings still showing in the last six months, concerns first."
            ),
            "/api/warnings/{warning_id}": _get(
                "One early warning", "WarningDetail",
                "A warning with everyone's acknowledgements, or the acknowledgements of one no longer current. "
                "An older address naming the warning's indicator, check and first month redirects here.", [WARNING_ID]
            ),
            "/api/warnings/{warning_key}": {
                "get": {
                    "summary": "One early warning by its old address",
                    "description": "An address naming the warning's indicator, check, first month and reading: redirects to /api/warnings/{warning_id}.",
                    "parameters": [WARNING_KEY],
                    "responses": {
                        "302": {"description": "Found: the Location header gives the warning's lasting address."},
                        "403": {"description": "Your roles do not allow this."},
                        "404": {"description": "No such item.", "content": {"application/json": {"schema": _ref("Error")}}},
                    },
                }
            },
            "/api/openapi.json": {
                "get": {
                    "summary": "This description",
                    "responses": {"200": {"description": "The OpenAPI document.", "content": {"application/json": {"schema": {"type": "object"}}}}},
                }
            },
        },
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": "safeguard_session", "description": "The session cookie of a signed-in person."}
            },
        },
    }

"""How pages, downloads and the API put figures, readings and rules into words."""

from __future__ import annotations

from safeguard.aggregates.disclosure import NOT_APPLICABLE
from safeguard.indicators.catalogue import Polarity
from safeguard.warnings.records import format_value

Shown = int | float | str
"""A figure as published: the number, or a statistics symbol ([c], [x], [z])."""

POLARITY_WORDS = {
    Polarity.HIGH: "Higher is better",
    Polarity.LOW: "Lower is better",
    Polarity.CONTEXT: "Neither higher nor lower is better in itself: it describes demand or activity",
    Polarity.ZERO: "The aim is none at all",
}
READING_WORDS = {"concern": "Concern", "improvement": "Improvement", "unusual": "Unusual"}
CHANGE_WORDS = {
    "concern": "Changed: a concern",
    "improvement": "Changed: an improvement",
    "unusual": "Changed: neither better nor worse",
}
"""A month, or an indicator, that is part of a lasting change, as leaders read it."""
USUAL_WORDS = "Usual ups and downs"
"""Nothing beyond what chance gives."""
SOURCE_WORDS = {
    "control_chart": "Change over time",
    "neighbours": "Compared with similar councils",
    "local_threshold": "The council's own limit",
}
RULE_WORDS = {
    "combined": "the months since the change, taken together, are further from the baseline than chance allows",
    "beyond_limit": "a month outside the process limits",
    "shift": "a run of months on one side of the mean",
    "trend": "a run of months each moving the same way",
    "two_of_three": "two of three months close to a process limit",
    "neighbour_distance": "far from the statistical neighbours' mean",
    "beyond_neighbour_range": "outside the range of every statistical neighbour",
    "above_local_limit": "above the council's own limit",
    "below_local_limit": "below the council's own limit",
}
WITHHELD_FIGURES = "Figures withheld: they rest on counts of 1 to 5 ([c])."


def figure_text(figure: Shown | None, unit: str) -> str:
    """A figure for a page: '22.4%', '531.2 per 10,000', '1,204', or its statistics symbol."""
    if figure is None:
        return NOT_APPLICABLE
    if isinstance(figure, str):
        return figure
    if unit == "count":
        return f"{figure:,.0f}" if float(figure).is_integer() else f"{figure:,.1f}"
    return format_value(float(figure), unit)


def count_text(figure: Shown | None) -> str:
    if figure is None:
        return NOT_APPLICABLE
    return figure if isinstance(figure, str) else f"{figure:,}"

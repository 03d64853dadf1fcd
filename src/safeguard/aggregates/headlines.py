"""The handful of figures a leader sees first: at the top of their home page and at the head of
the Lead Member's monthly briefing (seed 004, "performance data"; DOMAIN.md §3).

One list for both, so the home page and the briefing never disagree about what matters most.
Each figure comes with the two comparisons a councillor asks for first: since last month, and
the last twelve months against England's latest published year, in words ("Higher than England
(21.5% in April 2024 to March 2025): worse"), never as a statistic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from safeguard.aggregates.disclosure import UNAVAILABLE
from safeguard.aggregates.evidence import Measure, measure_to
from safeguard.aggregates.indicator_pages import Dashboard, IndicatorSummary
from safeguard.aggregates.viewer import Viewer
from safeguard.aggregates.words import figure_text
from safeguard.warnings.records import Direction
from safeguard.warnings.scan import reading_of

HEADLINES = (
    "referrals_per_10k",
    "re_referral_rate",
    "assessments_within_45wd",
    "icpc_within_15wd",
    "cpp_per_10k",
    "cpp_repeat_rate",
    "cla_per_10k",
    "unallocated_cases",
)
"""The eight figures that answer "how are our children?" each month: demand at the front door,
whether families come back, timeliness, protection and care, and cases nobody holds."""

LEVEL_WITH_ENGLAND = 0.05
"""A council's yearly figure within this share of England's is called "about the same as
England": smaller gaps come and go from one year to the next in a council of average size, and
a leader should not be sent looking for a cause."""


@dataclass(frozen=True)
class Headline:
    """One indicator as this viewer may see it: its latest month (in the summary), the twelve
    months to that month, and those twelve months against England's latest published year."""

    summary: IndicatorSummary
    year: str
    """The twelve months to the month, in words ('23.5%', '[c]'); comparable with England's year."""
    against_england: str
    """The twelve months beside England's latest published year, in words; empty with no comparison."""


def headlines(board: Dashboard, viewer: Viewer, as_of: date | None = None) -> list[Headline]:
    """The headline figures the board holds, in the order of ``HEADLINES``."""
    by_id = {summary.id: summary for summary in board.summaries}
    return [headline_of(by_id[key], viewer, as_of) for key in HEADLINES if key in by_id]


def headline_of(summary: IndicatorSummary, viewer: Viewer, as_of: date | None = None) -> Headline:
    """Any indicator as a headline: packs that list every indicator use the same words."""
    measure = measure_to(summary.id, as_of)
    year = measure.shown_to(viewer) if measure else UNAVAILABLE
    return Headline(summary, year, england_words(summary, measure, viewer))


def england_words(summary: IndicatorSummary, measure: Measure | None, viewer: Viewer) -> str:
    """'Higher than England (21.5% in April 2024 to March 2025): worse', 'About the same as
    England (...)', or why there is no comparison. A withheld figure is never compared: its gap
    to England would give it away."""
    comparison = summary.comparison
    if comparison is None:
        return ""
    england = comparison.england
    england_text = f"England ({figure_text(england, summary.unit)} in {comparison.year_label})"
    if measure is None or measure.value is None or measure.withheld_from(viewer) or isinstance(england, str):
        return f"Not compared with {england_text}: the council's twelve months are withheld or not yet complete"
    if abs(measure.value - england) <= LEVEL_WITH_ENGLAND * abs(england):
        return f"About the same as {england_text}"
    direction: Direction = "up" if measure.value > england else "down"
    judged = {"concern": ": worse", "improvement": ": better"}.get(reading_of(direction, summary.polarity), "")
    return f"{'Higher' if direction == 'up' else 'Lower'} than {england_text}{judged}"

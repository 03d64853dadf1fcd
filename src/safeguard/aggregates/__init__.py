"""The only door to figures for people who may not see children's records.

Pages that serve leaders (the Lead Member, the quartet, scrutiny, partners), their downloads
and the JSON API import this package, never ``safeguard.snapshots`` or ``safeguard.annex_a``;
an import-linter contract (``.importlinter``) fails the build if one tries. Everything that
leaves here is a count, a rate, a date or a sentence about them, and for viewers whose roles give
no child-level access it has been through disclosure control (``safeguard.aggregates.disclosure``):
counts from 1 to 5 show as ``[c]``, so do the cells that would let one be worked out from a
total (a hidden month from its year, a hidden team from the council, a hidden month from the
baseline mean of a control chart), and so does every rate, percentage, limit or warning figure
built on a hidden count. Pages, downloads and the API all take their figures from the same
functions below, so they agree cell for cell.

The figures are worked out once per state of the store (its snapshots, the council's settings,
the loaded benchmarks and the stored baselines) by the indicator engine, the early warning and
the benchmarks, kept as JSON beside the snapshots, and read from memory after that: a page
costs a look at the store and a dictionary lookup, not a DuckDB run.

The package's modules, each holding one part of that:

- ``snapshot_confidence``: each snapshot's rows, queries and share of rows with no query;
- ``viewer``: what a person's roles let them see;
- ``figures``: the exact figures as worked out from the store;
- ``published``: those figures kept per state of the store (file and memory), and
  ``hidden_cells``: which cells of every indicator a viewer without child-level access may not
  see, chosen with all of them in view (``shown_together``: a count two indicators share, a
  year's total and a percentage's remainder cannot combine to give a hidden count away);
- ``indicator_pages`` and ``warning_pages``: what the pages, downloads and API show, with
  ``words`` for how figures and readings are put into words;
- ``downloads``: the CSV documents;
- ``headlines``: the handful of figures a leader sees first (home page, monthly briefing);
- ``evidence``: an indicator's figure frozen the day a governance record cites it, shown again
  within each viewer's rights;
- ``tallies``: counts of the governance records about children's cases (complaints,
  professional disagreements), through the same disclosure control.

Importers take every name from here (``from safeguard.aggregates import dashboard``).
"""

from safeguard.aggregates.disclosure import CONFIDENTIAL, NOT_APPLICABLE, UNAVAILABLE
from safeguard.aggregates.downloads import csv_text
from safeguard.aggregates.evidence import Measure, current_measure, current_measures, measure_to
from safeguard.aggregates.headlines import HEADLINES, Headline, headline_of, headlines
from safeguard.aggregates.indicator_pages import (
    Comparison,
    ControlLimits,
    Dashboard,
    FactorGroup,
    IndicatorDetail,
    IndicatorSummary,
    PeriodRow,
    SpcStatus,
    comparisons,
    dashboard,
    indicator_detail,
)
from safeguard.aggregates.published import Published, published
from safeguard.aggregates.snapshot_confidence import (
    ListConfidence,
    SnapshotSummary,
    all_snapshots,
    disclosed,
    latest_snapshot,
    share_without_query,
)
from safeguard.aggregates.tallies import Tally, tally
from safeguard.aggregates.viewer import Viewer
from safeguard.aggregates.warning_pages import DETECTOR, WarningView, current_warnings, warning, warning_key, warnings_of_month
from safeguard.aggregates.words import Shown, count_text, figure_text

__all__ = [
    "DETECTOR",
    "CONFIDENTIAL",
    "NOT_APPLICABLE",
    "UNAVAILABLE",
    "Comparison",
    "ControlLimits",
    "Dashboard",
    "FactorGroup",
    "HEADLINES",
    "Headline",
    "IndicatorDetail",
    "IndicatorSummary",
    "Measure",
    "ListConfidence",
    "PeriodRow",
    "Published",
    "Shown",
    "SnapshotSummary",
    "SpcStatus",
    "Tally",
    "Viewer",
    "WarningView",
    "all_snapshots",
    "comparisons",
    "count_text",
    "csv_text",
    "current_measure",
    "current_measures",
    "current_warnings",
    "dashboard",
    "disclosed",
    "figure_text",
    "headline_of",
    "headlines",
    "indicator_detail",
    "measure_to",
    "latest_snapshot",
    "published",
    "share_without_query",
    "tally",
    "warning",
    "warning_key",
    "warnings_of_month",
]

"""What the warning pages, the dashboard and the API show of the early warnings, as this viewer
may see them: a warning whose figures rest on a hidden cell keeps its words and loses its numbers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from safeguard.aggregates.disclosure import CONFIDENTIAL
from safeguard.aggregates.figures import warnings_to
from safeguard.aggregates.hidden_cells import Unit_
from safeguard.aggregates.published import published
from safeguard.aggregates.viewer import Viewer
from safeguard.aggregates.words import READING_WORDS, RULE_WORDS, SOURCE_WORDS, WITHHELD_FIGURES, Shown
from safeguard.home import safeguard_home
from safeguard.warnings import combined
from safeguard.warnings.records import EarlyWarning


@dataclass(frozen=True)
class WarningView:
    """An early warning as this viewer may see it."""

    key: str
    indicator_id: str
    title: str
    unit: str
    source: str
    reading: str
    direction: str
    rules: tuple[str, ...]
    since: date
    detected: date
    until: date
    what_moved: str
    value: Shown
    reference: Shown
    change: Shown
    change_text: str
    how_unusual: str
    data_confidence: str
    question: str
    basis: str
    figures_withheld: bool
    comparison: str = ""
    """Where the council stands against England and the neighbours, in words."""
    detail: str = ""
    """The statistics behind the warning, for analysts."""

    @property
    def reading_text(self) -> str:
        return READING_WORDS[self.reading]

    @property
    def source_text(self) -> str:
        return SOURCE_WORDS.get(self.source, self.source)

    @property
    def rules_text(self) -> str:
        return "; ".join(RULE_WORDS.get(rule, rule) for rule in self.rules)


def warning_key(warning: EarlyWarning) -> str:
    """A warning's lasting name: its indicator, check, first month and reading."""
    return f"{warning.indicator_id}--{warning.source}--{warning.since:%Y-%m}--{warning.reading}"


def _warning_rests_on_hidden(warning: EarlyWarning, hidden: frozenset[Unit_]) -> bool:
    if warning.source == "neighbours":
        return ("year", warning.until.year) in hidden
    months = {key[1] for key in hidden if key[0] == "month"}
    in_span = any(warning.since <= month <= warning.until for month in months)
    return in_span or (warning.source == "control_chart" and ("baseline",) in hidden)


def _warning_view(warning: EarlyWarning, hidden: frozenset[Unit_]) -> WarningView:
    withheld = _warning_rests_on_hidden(warning, hidden)
    if withheld:
        moved = "Rose" if warning.direction == "up" else "Fell"
        what_moved = f"{moved} from {warning.since:%B %Y}, by more than its usual ups and downs. {WITHHELD_FIGURES}"
        how_unusual = (
            f"It has lasted {warning.run_length} month{'s' if warning.run_length != 1 else ''}."
            if warning.run_length
            else WITHHELD_FIGURES
        )
    else:
        what_moved, how_unusual = warning.what_moved, warning.how_unusual
    return WarningView(
        key=warning_key(warning),
        indicator_id=warning.indicator_id,
        title=warning.title,
        unit=warning.unit,
        source=warning.source,
        reading=warning.reading,
        direction=warning.direction,
        rules=warning.rules,
        since=warning.since,
        detected=warning.detected,
        until=warning.until,
        what_moved=what_moved,
        value=CONFIDENTIAL if withheld else warning.value,
        reference=CONFIDENTIAL if withheld else warning.reference,
        change=CONFIDENTIAL if withheld else warning.change,
        change_text=CONFIDENTIAL if withheld else warning.change_text,
        how_unusual=how_unusual,
        data_confidence=warning.data_confidence,
        question=warning.question,
        basis=warning.basis,
        figures_withheld=withheld,
        comparison="" if withheld else warning.comparison,
        detail="" if withheld else warning.detail,
    )


def current_warnings(viewer: Viewer) -> list[WarningView]:
    """The early warnings still showing in the last six months: concerns first, then by how
    recently they began (the warnings engine's order)."""
    state = published()
    views = state.kept(
        ("warnings", viewer),
        lambda: tuple(_warning_view(warning, state.hidden(warning.indicator_id, viewer)) for warning in state.figures.warnings),
    )
    return list(views)


def warnings_of_month(viewer: Viewer, month: date) -> list[WarningView]:
    """The early warnings as they stood at the end of ``month`` (a pack's month): those still
    showing in the six months to it, from the figures' months up to it (``figures.warnings_to``),
    in the engine's order. For the last month the figures cover (or a later one), the current
    warnings. Worked out once per month for each state of the figures."""
    state = published()
    last = state.figures.last_month
    if last is None or month >= last:
        return current_warnings(viewer)
    found = state.kept(("warnings to", month), lambda: warnings_to(state.figures, month, safeguard_home()))
    views = state.kept(
        ("warnings", viewer, month), lambda: tuple(_warning_view(item, state.hidden(item.indicator_id, viewer)) for item in found)
    )
    return list(views)


def warning(key: str, viewer: Viewer) -> WarningView | None:
    return next((view for view in current_warnings(viewer) if view.key == key), None)


@dataclass(frozen=True)
class DetectorSettings:
    """The settings of the change detector that runs, for the analysts' note on an indicator's
    page: read from ``safeguard.warnings.combined`` so the note cannot drift from the code."""

    reference: float = combined.REFERENCE
    decision: float = combined.DECISION
    single_month: float = combined.SINGLE_MONTH


DETECTOR = DetectorSettings()

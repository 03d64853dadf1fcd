"""What the dashboard, the indicator pages, their downloads and the API show of each indicator,
as this viewer may see it: the months and years, the control chart, the teams and the
comparison with other councils."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from safeguard.aggregates.disclosure import CONFIDENTIAL, UNAVAILABLE, shown_count, shown_value
from safeguard.aggregates.figures import ComputedIndicator, SignalMonth
from safeguard.aggregates.hidden_cells import Unit_
from safeguard.aggregates.published import Published, published
from safeguard.aggregates.viewer import Viewer
from safeguard.aggregates.warning_pages import WarningView, current_warnings
from safeguard.aggregates.words import CHANGE_WORDS, POLARITY_WORDS, USUAL_WORDS, Shown, count_text, figure_text
from safeguard.factors import FACTORS, Factor
from safeguard.indicators.catalogue import INDICATORS, Indicator, Polarity, Unit, indicator
from safeguard.indicators.engine import IndicatorValue
from safeguard.warnings.records import EarlyWarning, format_change
from safeguard.warnings.scan import describe_baseline, reading_of


@dataclass(frozen=True)
class PeriodRow:
    """One indicator in one period (or for one team), as this viewer may see it."""

    label: str
    start: date
    end: date
    unit: str
    numerator: Shown
    denominator: Shown | None
    value: Shown
    note: str | None = None
    signal: str | None = None
    """The reading of the lasting change this month is part of (charted months only)."""
    signal_rules: tuple[str, ...] = ()
    team: str | None = None

    @property
    def value_text(self) -> str:
        return figure_text(self.value, self.unit)

    @property
    def numerator_text(self) -> str:
        return count_text(self.numerator)

    @property
    def denominator_text(self) -> str:
        return count_text(self.denominator)

    @property
    def signal_text(self) -> str:
        if self.signal is None:
            return ""
        return CHANGE_WORDS[self.signal]


@dataclass(frozen=True)
class ControlLimits:
    mean: Shown
    upper: Shown
    lower: Shown
    basis: str


@dataclass(frozen=True)
class Comparison:
    """The council's latest whole year beside England, its region and its statistical neighbours."""

    year_label: str
    council: Shown
    council_source: str
    england: Shown
    region_name: str
    region: Shown
    neighbours_mean: Shown
    neighbours_counted: int
    rank: Shown | None
    councils_ranked: int
    band: str | None
    """A (best quarter) to D, by the measure's polarity; None where LAIT does not rank it."""


@dataclass(frozen=True)
class SpcStatus:
    code: str
    """``concern``, ``improvement``, ``unusual``, ``common_cause`` or ``too_few_months``."""
    label: str


@dataclass(frozen=True)
class IndicatorSummary:
    """One line of the dashboard."""

    id: str
    title: str
    unit: str
    polarity: str
    factor_ids: tuple[str, ...]
    latest: PeriodRow | None
    previous: PeriodRow | None
    direction: str | None
    """``up``, ``down`` or ``same`` since the previous month; None when either is not shown."""
    direction_text: str
    spc: SpcStatus
    comparison: Comparison | None

    @property
    def band_text(self) -> str:
        if self.comparison is None:
            return "No comparison"
        if self.comparison.band is None:
            return "Not ranked"
        if self.comparison.band == CONFIDENTIAL:
            return CONFIDENTIAL
        return f"Band {self.comparison.band}"


@dataclass(frozen=True)
class FactorGroup:
    factor: Factor
    indicators: tuple[IndicatorSummary, ...]
    """Indicators whose first factor this is."""
    also: tuple[IndicatorSummary, ...]
    """Indicators that inform this factor after another."""


@dataclass(frozen=True)
class Dashboard:
    council: str
    computed_at: datetime
    latest_month: date | None
    groups: tuple[FactorGroup, ...]
    summaries: tuple[IndicatorSummary, ...]
    notes: tuple[str, ...]
    suppressed: bool


@dataclass(frozen=True)
class IndicatorDetail:
    summary: IndicatorSummary
    definition: str
    numerator_words: str
    denominator_words: str
    method: str
    polarity_words: str
    question: str
    lait_code: str | None
    factors: tuple[Factor, ...]
    months: tuple[PeriodRow, ...]
    years: tuple[PeriodRow, ...]
    limits: ControlLimits | None
    teams_month: tuple[PeriodRow, ...] | None
    teams_year: tuple[PeriodRow, ...] | None
    council_year: PeriodRow | None
    confidence: str
    warnings: tuple[WarningView, ...]
    suppressed: bool


def _row(
    value: IndicatorValue,
    label: str,
    hidden: bool,
    signal: SignalMonth | None = None,
    reading: str | None = None,
) -> PeriodRow:
    denominator: Shown | None = None if value.unit == Unit.COUNT.value else shown_count(value.denominator, hidden)
    if value.unit == Unit.PER_10K.value and value.denominator is not None:
        denominator = value.denominator  # the child population: published by ONS, never a small count
    return PeriodRow(
        label=label,
        start=value.period_start,
        end=value.period_end,
        unit=value.unit,
        numerator=shown_count(value.numerator, hidden),
        denominator=denominator,
        value=shown_value(value.value, hidden),
        note=value.note,
        signal=reading if signal else None,
        signal_rules=signal.rules if signal else (),
        team=value.team,
    )


def _month_label(day: date) -> str:
    return day.strftime("%B %Y")


def _reading(direction: str, polarity: Polarity) -> str:
    return reading_of(direction, polarity.value)  # type: ignore[arg-type]


def _month_rows(item: Indicator, computed: ComputedIndicator, hidden: frozenset[Unit_]) -> tuple[PeriodRow, ...]:
    signals = {signal.month: signal for signal in computed.signals}
    rows = []
    for value in computed.months:
        signal = signals.get(value.period_start)
        reading = _reading(signal.direction, item.polarity) if signal else None
        rows.append(_row(value, _month_label(value.period_start), ("month", value.period_start) in hidden, signal, reading))
    return tuple(rows)


def _year_rows(computed: ComputedIndicator, hidden: frozenset[Unit_]) -> tuple[PeriodRow, ...]:
    return tuple(
        _row(value, f"April {value.period_end.year - 1} to March {value.period_end.year}", ("year", value.period_end.year) in hidden)
        for value in computed.years
    )


PERCENT_CEILING = 100.0


def _limits(item: Indicator, computed: ComputedIndicator, hidden: frozenset[Unit_]) -> ControlLimits | None:
    """The control chart's limits as shown: cut back to the values the measure can take (no
    count or rate below nought, no percentage above a hundred), which changes no signal."""
    baseline = computed.baseline
    if baseline is None:
        return None
    withheld = ("baseline",) in hidden
    limits = baseline.limits
    ceiling = PERCENT_CEILING if item.unit is Unit.PERCENT else limits.upper
    return ControlLimits(
        mean=CONFIDENTIAL if withheld else limits.mean,
        upper=CONFIDENTIAL if withheld else min(limits.upper, ceiling),
        lower=CONFIDENTIAL if withheld else max(limits.lower, 0.0),
        basis=(
            f"the months from {baseline.start:%B %Y} to {baseline.end:%B %Y}"
            if withheld
            else describe_baseline(baseline, baseline.mean, item.unit.value)
        ),
    )


def _available(figure: float | None) -> Shown:
    return UNAVAILABLE if figure is None else figure


def _comparison(computed: ComputedIndicator, hidden: frozenset[Unit_]) -> Comparison | None:
    result = computed.comparison
    if result is None:
        return None
    withheld = ("year", result.year) in hidden
    return Comparison(
        year_label=f"April {result.year - 1} to March {result.year}",
        council=CONFIDENTIAL if withheld else _available(result.council_value),
        council_source="the council's snapshots" if result.council_source == "snapshots" else "LAIT",
        england=_available(result.england),
        region_name=result.region_name,
        region=_available(result.region),
        neighbours_mean=_available(result.neighbours_mean),
        neighbours_counted=result.neighbours_counted,
        rank=CONFIDENTIAL if withheld and result.rank is not None else result.rank,
        councils_ranked=result.councils_ranked,
        band=CONFIDENTIAL if withheld and result.band is not None else result.band,
    )


def _spc_status(item: Indicator, computed: ComputedIndicator, warnings: Sequence[EarlyWarning]) -> SpcStatus:
    charted = [warning for warning in warnings if warning.indicator_id == item.id and warning.source == "control_chart"]
    if charted:
        latest = max(charted, key=lambda warning: (warning.until, warning.since))
        return SpcStatus(latest.reading, CHANGE_WORDS[latest.reading])
    if computed.baseline is None:
        return SpcStatus("too_few_months", "Too few months to judge (12 needed)")
    return SpcStatus("common_cause", USUAL_WORDS)


USUAL_CHANGE_MULTIPLE = 2.5
"""How many times its average month-to-month change a figure must move before a page calls the
move better or worse. Two months that differ only by chance differ by more than two standard
deviations of their difference (2 x the square root of 2, divided by 1.128, times the average
moving range: about 2.5) one time in twenty. A smaller move is said to be within the figure's
usual ups and downs, so no leader reads that a month "got worse" on noise alone."""

USUAL_CHANGE_MONTHS = 24
"""The month-to-month changes the usual size is taken from: the two years before the latest."""

USUAL_CHANGE_FEWEST = 6
"""Fewer changes than this say too little about a figure's usual size: every move is judged."""


def usual_monthly_change(months: Sequence[PeriodRow]) -> float | None:
    """The average size of the figure's month-to-month changes before the latest month (the
    moving range), over the months this viewer sees a figure for; None with too few of them."""
    earlier = [row.value for row in months[:-1][-(USUAL_CHANGE_MONTHS + 1):]]
    changes = [abs(later - before) for before, later in zip(earlier, earlier[1:], strict=False)
               if not isinstance(before, str) and not isinstance(later, str)]
    if len(changes) < USUAL_CHANGE_FEWEST:
        return None
    return sum(changes) / len(changes)


def _direction(item: Indicator, months: Sequence[PeriodRow]) -> tuple[str | None, str]:
    latest = months[-1] if months else None
    previous = months[-2] if len(months) > 1 else None
    if latest is None:
        return None, "No whole month covered yet"
    if previous is None:
        return None, "No earlier month to compare with"
    if isinstance(latest.value, str) or isinstance(previous.value, str):
        return None, f"Not shown: a figure it rests on is {CONFIDENTIAL} or unavailable"
    previous_text = f"{figure_text(previous.value, previous.unit)} in {previous.label}"
    if abs(latest.value - previous.value) < 1e-9:
        return "same", f"Unchanged from {previous_text}"
    direction = "up" if latest.value > previous.value else "down"
    change = format_change(latest.value - previous.value, latest.unit)
    text = f"{'Up' if direction == 'up' else 'Down'} {change.lstrip('+-')} from {previous_text}"
    usual = usual_monthly_change(months)
    if usual is not None and abs(latest.value - previous.value) <= USUAL_CHANGE_MULTIPLE * usual:
        return direction, f"{text}, within its usual month-to-month ups and downs"
    judged = {"concern": "worse", "improvement": "better"}.get(_reading(direction, item.polarity))
    return direction, f"{text} ({judged})" if judged else text


def _summary_of(item: Indicator, state: Published, viewer: Viewer, as_of: date | None = None) -> IndicatorSummary:
    computed = state.figures.indicators[item.id]
    hidden = state.hidden(item.id, viewer)
    months = _month_rows(item, computed, hidden)
    if as_of is not None:
        months = tuple(row for row in months if row.start <= as_of)
    latest = months[-1] if months else None
    previous = months[-2] if len(months) > 1 else None
    direction, direction_text = _direction(item, months)
    return IndicatorSummary(
        id=item.id,
        title=item.title,
        unit=item.unit.value,
        polarity=item.polarity.value,
        factor_ids=item.factors,
        latest=latest,
        previous=previous,
        direction=direction,
        direction_text=direction_text,
        spc=_spc_status(item, computed, state.figures.warnings),
        comparison=_comparison(computed, hidden),
    )


def dashboard(viewer: Viewer, as_of: date | None = None, state: Published | None = None) -> Dashboard:
    """Every indicator's latest month, direction, control-chart status and place among other
    councils, grouped by the seven factors (LMCS guide §3.1) under each indicator's first factor.
    ``as_of`` (a month's first day) reads the months up to that one only, for a pack about an
    earlier month. Made once per state of the figures (``state``, else the store's as it is now)
    for each kind of viewer."""
    state = state or published()
    return state.kept(("dashboard", viewer, as_of), lambda: _dashboard(state, viewer, as_of))


def _dashboard(state: Published, viewer: Viewer, as_of: date | None) -> Dashboard:
    summaries = tuple(_summary_of(item, state, viewer, as_of) for item in INDICATORS) if state.figures.indicators else ()
    groups = tuple(
        FactorGroup(
            factor=factor,
            indicators=tuple(summary for summary in summaries if summary.factor_ids[0] == factor.id),
            also=tuple(summary for summary in summaries if factor.id in summary.factor_ids[1:]),
        )
        for factor in FACTORS
    )
    return Dashboard(
        council=state.figures.council,
        computed_at=state.figures.computed_at,
        latest_month=min(state.figures.last_month, as_of) if (as_of and state.figures.last_month) else state.figures.last_month,
        groups=groups,
        summaries=summaries,
        notes=state.figures.notes,
        suppressed=not viewer.exact,
    )


def indicator_detail(indicator_id: str, viewer: Viewer, state: Published | None = None) -> IndicatorDetail | None:
    """One indicator in full for this viewer; None when there is no such indicator or no figures.
    Made once per state of the figures (``state``, else the store's as it is now) for each kind
    of viewer."""
    try:
        item = indicator(indicator_id)
    except KeyError:
        return None
    state = state or published()
    return state.kept(("indicator", item.id, viewer), lambda: _indicator_detail(item, state, viewer))


def _indicator_detail(item: Indicator, state: Published, viewer: Viewer) -> IndicatorDetail | None:
    computed = state.figures.indicators.get(item.id)
    if computed is None:
        return None
    hidden = state.hidden(item.id, viewer)
    teams_month = teams_year = None
    council_year = None
    if viewer.teams and item.by_team:
        month_label = _month_label(computed.months[-1].period_start) if computed.months else ""
        teams_month = tuple(_row(value, month_label, ("team_month", value.team) in hidden) for value in computed.teams_month)
        if computed.council_year is not None:
            year_label = f"{_month_label(computed.council_year.period_start)} to {_month_label(computed.council_year.period_end)}"
            teams_year = tuple(_row(value, year_label, ("team_year", value.team) in hidden) for value in computed.teams_year)
            council_year = _row(computed.council_year, year_label, ("council_year",) in hidden)
    return IndicatorDetail(
        summary=_summary_of(item, state, viewer),
        definition=item.definition,
        numerator_words=item.numerator,
        denominator_words=item.denominator,
        method=item.method,
        polarity_words=POLARITY_WORDS[item.polarity],
        question=item.question,
        lait_code=item.lait_code,
        factors=tuple(factor for factor in FACTORS if factor.id in item.factors),
        months=_month_rows(item, computed, hidden),
        years=_year_rows(computed, hidden),
        limits=_limits(item, computed, hidden),
        teams_month=teams_month,
        teams_year=teams_year,
        council_year=council_year,
        confidence=computed.confidence,
        warnings=tuple(view for view in current_warnings(viewer) if view.indicator_id == item.id),
        suppressed=not viewer.exact,
    )


def comparisons(viewer: Viewer) -> list[tuple[IndicatorSummary, Comparison]]:
    """Every indicator compared with other councils, as this viewer may see it."""
    return [(summary, summary.comparison) for summary in dashboard(viewer).summaries if summary.comparison is not None]

"""Turning signals into early warnings: control charts, neighbours and local thresholds.

Three checks look at each indicator (DOMAIN §2.B; the framework's "assurance tools" and
"performance data" sections ask leaders to watch exactly these):

* its monthly control chart (``spc``) against its baseline: overlapping or touching signals in
  the same direction make one warning, naming every rule met;
* its latest financial year against the mean of the council's 10 statistical neighbours: a
  warning when it is further than a set share from that mean or outside the neighbours' range;
* the council's own limits (``thresholds``), such as "no unallocated cases".

A direction becomes a reading through the indicator's polarity: a rise is a concern where low
is good (re-referrals) or the target is zero (unallocated cases), an improvement where high is
good (timeliness); for context indicators (referral rates) a signal is only "unusual", since
neither direction is better in itself.

Everything here works on plain data (monthly points, baselines, benchmark rows), so it can be
tested with hand-made series and fed by the indicator engine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal, Protocol

from safeguard.benchmarks.comparison import Benchmark, plain
from safeguard.council import Threshold
from safeguard.warnings.baselines import Baseline, MonthlyPoint
from safeguard.warnings.combined import (
    DECISION,
    REFERENCE,
    SINGLE_MONTH,
    Episode,
    Expectation,
    episodes,
    expectation_from,
    monthly_events,
    yearly_expectation,
)
from safeguard.warnings.records import NOT_MEASURED, Direction, EarlyWarning, Reading, format_value
from safeguard.warnings.spc import Limits, RuleSettings, Signal, special_causes
from safeguard.warnings.thresholds import breach_of, describe_threshold


class WatchedIndicator(Protocol):
    """What the warnings need of an indicator in the catalogue."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def polarity(self) -> str: ...
    @property
    def question(self) -> str: ...
    @property
    def rolling_year_count(self) -> bool: ...


@dataclass(frozen=True)
class Window:
    """The months whose signals are reported; signals are looked for only up to ``end``."""

    start: date | None = None
    end: date | None = None

    def reports(self, until: date) -> bool:
        return self.start is None or until >= self.start


Method = Literal["combined", "every_rule"]
"""How a control chart is judged: the combined signal (``combined``), or each of Making Data
Count's rules raising its own warning (``every_rule``, kept to measure the difference)."""

DEFAULT_NEIGHBOUR_DISTANCE = 0.25
"""A year's value more than 25% from the neighbours' mean is worth a question."""


def reading_of(direction: Direction, polarity: str) -> Reading:
    """Concern, improvement or (for context indicators) unusual, from a direction of movement."""
    polarity = plain(polarity)
    if polarity == "high":
        return "improvement" if direction == "up" else "concern"
    if polarity in ("low", "zero"):
        return "concern" if direction == "up" else "improvement"
    return "unusual"


@dataclass
class _Episode:
    direction: Direction
    first: int
    detected: int
    last: int
    rules: list[Signal]


def _episodes(signals: Sequence[Signal]) -> list[_Episode]:
    """Merge signals of one direction whose months overlap or touch into one episode."""
    episodes: list[_Episode] = []
    for direction in ("up", "down"):
        current: _Episode | None = None
        for signal in sorted((s for s in signals if s.direction == direction), key=lambda s: s.first):
            if current is not None and signal.first <= current.last + 1:
                current.last = max(current.last, signal.last)
                current.detected = min(current.detected, signal.detected)
                current.rules.append(signal)
                continue
            current = _Episode(direction, signal.first, signal.detected, signal.last, [signal])
            episodes.append(current)
    return sorted(episodes, key=lambda episode: episode.first)


RULE_ORDER = ("beyond_limit", "two_of_three", "shift", "trend")


def _rule_phrase(signal: Signal, limits: Limits, unit: str, settings: RuleSettings) -> str:
    above = signal.direction == "up"
    months = signal.length
    if signal.rule == "beyond_limit":
        limit = limits.upper if above else limits.lower
        where = "above the upper" if above else "below the lower"
        return f"{months} month{'s' if months > 1 else ''} {where} process limit ({format_value(limit, unit)})"
    if signal.rule == "shift":
        side = "above" if above else "below"
        return (
            f"{months} months in a row {side} the baseline mean of {format_value(limits.mean, unit)} "
            f"(the rule needs {settings.shift_length})"
        )
    if signal.rule == "trend":
        way = "higher" if above else "lower"
        return f"{months} months in a row each {way} than the month before (the rule needs {settings.trend_length})"
    side = "above" if above else "below"
    return f"two of three months more than 2 sigma {side} the mean"


def control_chart_warnings(
    indicator: WatchedIndicator,
    series: Sequence[MonthlyPoint],
    baseline: Baseline,
    settings: RuleSettings = RuleSettings(),
    window: Window = Window(),
    confidence: str = NOT_MEASURED,
) -> list[EarlyWarning]:
    """One warning per episode of special-cause variation ending inside the window."""
    unit = plain(indicator.unit)
    watched = [point for point in series if window.end is None or point.month <= window.end]
    values = [point.value for point in watched]
    limits = baseline.limits
    warnings = []
    for episode in _episodes(special_causes(values, limits, settings)):
        if not window.reports(watched[episode.last].month):
            continue
        months = values[episode.first: episode.last + 1]
        latest = months[-1]
        extreme = max(months) if episode.direction == "up" else min(months)
        sigma = limits.sigmas_from_mean(extreme)
        signals = sorted(episode.rules, key=lambda signal: RULE_ORDER.index(signal.rule))
        rules = tuple(dict.fromkeys(signal.rule for signal in signals))
        moved = "Rose" if episode.direction == "up" else "Fell"
        phrases = "; ".join(dict.fromkeys(_rule_phrase(signal, limits, unit, settings) for signal in signals))
        length = episode.last - episode.first + 1
        unusual = [f"{length} month{'s' if length > 1 else ''} in the signal"]
        if sigma is not None:
            unusual.insert(0, f"furthest month {abs(sigma):.1f} sigma {'above' if sigma >= 0 else 'below'} the mean")
        warnings.append(
            EarlyWarning(
                indicator_id=indicator.id,
                title=indicator.title,
                unit=unit,
                source="control_chart",
                rules=rules,
                reading=reading_of(episode.direction, indicator.polarity),
                direction=episode.direction,
                what_moved=f"{moved}: {phrases}.",
                since=watched[episode.first].month,
                detected=watched[episode.detected].month,
                until=watched[episode.last].month,
                value=latest,
                reference=limits.mean,
                change=latest - limits.mean,
                how_unusual=as_sentence("; ".join(unusual)),
                sigma=sigma,
                run_length=length,
                data_confidence=confidence,
                question=indicator.question,
                basis=baseline.describe(),
                signals=tuple(
                    sorted(((signal.rule, watched[signal.detected].month) for signal in episode.rules), key=lambda item: item[1])
                ),
            )
        )
    return warnings


def as_sentence(phrase: str) -> str:
    """A phrase as a sentence a page or the command line can print as it stands: every
    warning's "how unusual" reads the same wherever it is shown, so no reader adds its own full
    stop or capital (``str.capitalize`` would also lower every later capital, a month's name)."""
    return phrase[:1].upper() + phrase[1:] + ("" if phrase.endswith(".") else ".")


def _month_name(month: date) -> str:
    return f"{month:%B %Y}"


def _level(months: Sequence[MonthlyPoint], expectation: Expectation) -> float:
    """The months' level: their pooled share or rate where the counts are known, else their mean."""
    if expectation.model != "values" and all(point.denominator for point in months):
        numerator = sum(point.numerator or 0 for point in months)
        denominator = sum(point.denominator or 0 for point in months)
        return (100 if expectation.model == "proportion" else 10_000) * numerator / denominator
    return sum(point.value for point in months) / len(months)


def describe_baseline(baseline: Baseline, level: float, unit: str, usual: bool = False) -> str:
    """'the average of May 2020 to April 2022 (24 months), 22.4%' ('the usual level of' where the
    level is not a plain average), and who set it when it was stored."""
    what = "the usual level of" if usual else "the average of"
    text = f"{what} {_month_name(baseline.start)} to {_month_name(baseline.end)} ({baseline.points} months), {format_value(level, unit)}"
    if baseline.origin == "stored" and baseline.set_at:
        text += f"; set as the baseline on {baseline.set_at[:10]}"
    return text


def _usual_range(months: Sequence[MonthlyPoint], expectation: Expectation, unit: str) -> str:
    found = expectation.usual_range(months[-1])
    if found is None:
        return ""
    low, high = found
    if unit == "percent":
        low, high = max(low, 0.0), min(high, 100.0)
    else:
        low = max(low, 0.0)
    return f"{format_value(low, unit)} to {format_value(high, unit)}"


def _how_unusual(months: Sequence[MonthlyPoint], expectation: Expectation, higher: bool, unit: str) -> str:
    """How many of the signal's months were on its side, and how many beyond what chance gives a month."""
    scores = [score for point in months if (score := expectation.distance(point)) is not None]
    beyond = sum(1 for score in scores if (score > 2 if higher else score < -2))
    side = sum(1 for score in scores if (score > 0 if higher else score < 0))
    count = len(months)
    if expectation.from_year:
        text = (
            f"Each month's figure covers the year before it: in {side} of those {count} months "
            f"{'more' if higher else 'less'} was added to it than in a usual month"
        )
        if beyond:
            text += f", {beyond} of them {'more' if higher else 'less'} than chance alone would add in a month"
        return text + "."
    text = f"{side} of those {count} months were {'higher' if higher else 'lower'} than the baseline"
    usual = _usual_range(months, expectation, unit)
    if usual:
        text += f", and {beyond} outside the range chance alone would give a month ({usual})"
    return text + "."


def _episode_warning(
    indicator: WatchedIndicator,
    shown: Sequence[MonthlyPoint],
    judged: Sequence[MonthlyPoint],
    episode: Episode,
    baseline: Baseline,
    expectation: Expectation,
    confidence: str,
) -> EarlyWarning:
    """The warning a leader reads for one episode: levels from the indicator's own months
    (``shown``), evidence from the months the signal judged (``judged``: the same months, or
    for a rolling-year figure each month's own events)."""
    unit = plain(indicator.unit)
    months = shown[episode.first: episode.last + 1]
    level = _level(months, expectation)
    centre = expectation.centre
    since = shown[episode.first].month
    higher = episode.direction == "up"
    count = len(months)
    period = f"the month of {_month_name(since)}" if count == 1 else f"the {count} months since {_month_name(since)}"
    what_moved = (
        f"{'Rose' if higher else 'Fell'} from {format_value(centre, unit)} to an average of {format_value(level, unit)} "
        f"over {period}."
    )
    evidence = judged[episode.first: episode.last + 1]
    scores = [score for point in evidence if (score := expectation.score(point)) is not None]
    mean_score = sum(scores) / len(scores) if scores else None
    judged_as = "each month's own events worked out from the rolling year, " if expectation.from_year else ""
    detail = (
        f"Cumulative sum of standardised months (reference {REFERENCE}, decision level {DECISION}, or one month "
        f"beyond {SINGLE_MONTH} spreads) passed the level in {_month_name(judged[episode.detected].month)}, "
        f"peak {episode.peak:.1f}; {judged_as}{expectation.model} model, spread x{expectation.dispersion:.2f} of chance alone"
        f"{f', months counted as 1 in {expectation.carry_over:.1f} (carry-over)' if expectation.carry_over > 1 else ''}"
        f"{', following the calendar (seasonal)' if expectation.seasonal else ''}; "
        f"mean of the months {0.0 if mean_score is None else mean_score:+.1f} spreads."
    )
    return EarlyWarning(
        indicator_id=indicator.id,
        title=indicator.title,
        unit=unit,
        source="control_chart",
        rules=("combined",),
        reading=reading_of(episode.direction, indicator.polarity),
        direction=episode.direction,
        what_moved=what_moved,
        since=since,
        detected=judged[episode.detected].month,
        until=judged[episode.last].month,
        value=level,
        reference=centre,
        change=level - centre,
        how_unusual=_how_unusual(evidence, expectation, higher, unit),
        sigma=mean_score,
        run_length=count,
        data_confidence=confidence,
        question=indicator.question,
        basis=describe_baseline(baseline, centre, unit, usual=expectation.from_year),
        signals=(("combined", judged[episode.detected].month),),
        detail=detail,
    )


def combined_warnings(
    indicator: WatchedIndicator,
    series: Sequence[MonthlyPoint],
    baseline: Baseline,
    window: Window = Window(),
    confidence: str = NOT_MEASURED,
) -> list[EarlyWarning]:
    """One warning per sustained change (``combined.episodes``) ending inside the window.

    A figure counting the year's events before each month (the catalogue's ``rolling_year_count``) is judged by each
    month's own events (``monthly_events``) and described by its own months."""
    unit = plain(indicator.unit)
    base = [point for point in series if baseline.start <= point.month <= baseline.end]
    if len(base) < 2:
        return []
    shown = [point for point in series if window.end is None or point.month <= window.end]
    events = monthly_events(shown, unit) if indicator.rolling_year_count else None
    if events is None:
        judged, expectation = shown, expectation_from(unit, base)
    else:
        own = [point for point in events if baseline.start <= point.month <= baseline.end]
        judged, expectation = events, yearly_expectation(unit, base, own)
    return [
        _episode_warning(indicator, shown, judged, episode, baseline, expectation, confidence)
        for episode in episodes(judged, expectation)
        if window.reports(judged[episode.last].month)
    ]


def threshold_warnings(
    indicator: WatchedIndicator,
    series: Sequence[MonthlyPoint],
    threshold: Threshold,
    window: Window = Window(),
    confidence: str = NOT_MEASURED,
) -> list[EarlyWarning]:
    """One warning per unbroken run of months beyond the council's own limit."""
    unit = plain(indicator.unit)
    watched = [point for point in series if window.end is None or point.month <= window.end]
    warnings = []
    run: list[MonthlyPoint] = []
    for point in [*watched, None]:
        if point is not None and breach_of(threshold, point.value) is not None:
            run.append(point)
            continue
        if run and window.reports(run[-1].month):
            latest = run[-1]
            breach = breach_of(threshold, latest.value)
            assert breach is not None
            warnings.append(
                EarlyWarning(
                    indicator_id=indicator.id,
                    title=indicator.title,
                    unit=unit,
                    source="local_threshold",
                    rules=(breach.rule,),
                    reading="concern",
                    direction="up" if breach.side == "above" else "down",
                    what_moved=(
                        f"{breach.side.capitalize()} the council's limit of {format_value(breach.limit, unit)}, "
                        f"latest {format_value(latest.value, unit)}."
                    ),
                    since=run[0].month,
                    detected=run[0].month,
                    until=latest.month,
                    value=latest.value,
                    reference=breach.limit,
                    change=latest.value - breach.limit,
                    how_unusual=f"{len(run)} month{'s' if len(run) > 1 else ''} in a row beyond the local limit.",
                    sigma=None,
                    run_length=len(run),
                    data_confidence=confidence,
                    question=indicator.question,
                    basis=describe_threshold(threshold, unit),
                    signals=((breach.rule, run[0].month),),
                )
            )
        run = []
    return warnings


def neighbour_warnings(
    indicator: WatchedIndicator,
    benchmark: Benchmark,
    distance: float = DEFAULT_NEIGHBOUR_DISTANCE,
    confidence: str = NOT_MEASURED,
) -> list[EarlyWarning]:
    """A warning when the year's value is far from the neighbours' mean or outside their range."""
    value, mean = benchmark.council_value, benchmark.neighbours_mean
    if value is None or mean is None:
        return []
    relative = (value - mean) / abs(mean) if mean else None
    far = relative is not None and abs(relative) > distance
    above_all = benchmark.neighbours_highest is not None and value > benchmark.neighbours_highest
    below_all = benchmark.neighbours_lowest is not None and value < benchmark.neighbours_lowest
    if not (far or above_all or below_all):
        return []
    direction: Direction = "up" if value > mean else "down"
    unit = plain(indicator.unit)
    findings = []
    rules = []
    if far and relative is not None:
        findings.append(f"{abs(relative):.0%} {'above' if direction == 'up' else 'below'} the neighbours' mean of {format_value(mean, unit)}")
        rules.append("neighbour_distance")
    edge = benchmark.neighbours_highest if above_all else benchmark.neighbours_lowest
    if (above_all or below_all) and edge is not None:
        findings.append(
            f"{'above' if above_all else 'below'} all {benchmark.neighbours_counted} neighbours "
            f"({'highest' if above_all else 'lowest'} {format_value(edge, unit)})"
        )
        rules.append("beyond_neighbour_range")
    year = benchmark.year
    return [
        EarlyWarning(
            indicator_id=indicator.id,
            title=indicator.title,
            unit=unit,
            source="neighbours",
            rules=tuple(rules),
            reading=reading_of(direction, indicator.polarity),
            direction=direction,
            what_moved=f"In {year - 1}-{year % 100:02d} the council's {format_value(value, unit)} is " + " and ".join(findings) + ".",
            since=date(year - 1, 4, 1),
            detected=date(year, 3, 1),
            until=date(year, 3, 1),
            value=value,
            reference=mean,
            change=value - mean,
            how_unusual=as_sentence("; ".join(findings)),
            sigma=None,
            run_length=None,
            data_confidence=confidence,
            question=indicator.question,
            basis=f"mean of {benchmark.neighbours_counted} statistical neighbours, year ending March {year} (LAIT)",
            signals=tuple((rule, date(year, 3, 1)) for rule in rules),
        )
    ]


def comparison_text(benchmark: Benchmark | None, unit: str) -> str:
    """'England 21.5% and the statistical neighbours' average 23.0% in 2023-24', or ''."""
    if benchmark is None:
        return ""
    parts = []
    if benchmark.england is not None:
        parts.append(f"England {format_value(benchmark.england, unit)}")
    if benchmark.neighbours_mean is not None:
        parts.append(f"the statistical neighbours' average {format_value(benchmark.neighbours_mean, unit)}")
    if not parts:
        return ""
    return f"In {benchmark.year - 1}-{benchmark.year % 100:02d}: " + " and ".join(parts) + "."


ENGLAND_NOISE = 2.0
"""A council within this many standard errors of England's share is level with England."""


def level_with_england(warning: EarlyWarning, series: Sequence[MonthlyPoint], benchmark: Benchmark | None) -> bool:
    """Whether the warning's months, pooled, sit within what chance gives a council of this size
    at England's share: then a move towards England's figure is no cause for concern.

    Only percentages are compared: a month's rate per 10,000 is not on the scale of England's
    yearly rate, and a plain count has no England figure.
    """
    if benchmark is None or benchmark.england is None or warning.unit != "percent":
        return False
    months = [point for point in series if warning.since <= point.month <= warning.until and point.denominator]
    cases = sum(point.denominator or 0 for point in months)
    if not cases:
        return False
    share = min(max(benchmark.england / 100, 1e-6), 1 - 1e-6)
    standard_error = 100 * (share * (1 - share) / cases) ** 0.5
    return abs(warning.value - benchmark.england) <= ENGLAND_NOISE * standard_error


def _judged_against_england(warning: EarlyWarning, series: Sequence[MonthlyPoint], benchmark: Benchmark | None) -> EarlyWarning:
    comparison = comparison_text(benchmark, warning.unit)
    if warning.reading == "concern" and level_with_england(warning, series, benchmark):
        assert benchmark is not None and benchmark.england is not None
        return replace(
            warning,
            reading="unusual",
            comparison=(
                f"At {format_value(warning.value, warning.unit)} the council is level with England "
                f"({format_value(benchmark.england, warning.unit)}): the difference is within what chance gives a council of this size. "
                + comparison
            ).strip(),
        )
    return replace(warning, comparison=comparison) if comparison else warning


SOURCE_PRIORITY = {"local_threshold": 0, "control_chart": 1, "neighbours": 2}
"""Which warning speaks for an indicator when several cover the same months: the council's own
limit, then the control chart, then the yearly neighbour comparison."""


def one_per_indicator_and_period(found: Sequence[EarlyWarning]) -> list[EarlyWarning]:
    """Keep one warning for each indicator and stretch of months: where two overlap, the one
    whose source comes first in ``SOURCE_PRIORITY`` stays and the other's finding becomes part of
    its comparison, so a leader never reads "concern" and "improvement" about the same months."""
    kept: list[EarlyWarning] = []
    for warning in sorted(found, key=lambda item: (SOURCE_PRIORITY[item.source], item.since)):
        clash = next(
            (
                index
                for index, other in enumerate(kept)
                if other.indicator_id == warning.indicator_id and warning.since <= other.until and other.since <= warning.until
            ),
            None,
        )
        if clash is None:
            kept.append(warning)
            continue
        other = kept[clash]
        note = f"Also: {warning.what_moved}"
        if note not in other.comparison:
            kept[clash] = replace(other, comparison=f"{other.comparison} {note}".strip())
    return kept


def scan(
    indicators: Sequence[WatchedIndicator],
    series_by_indicator: Mapping[str, Sequence[MonthlyPoint]],
    baselines: Mapping[str, Baseline],
    settings: RuleSettings = RuleSettings(),
    window: Window = Window(),
    thresholds: Mapping[str, Threshold] | None = None,
    benchmarks: Mapping[str, Benchmark] | None = None,
    neighbour_distance: float = DEFAULT_NEIGHBOUR_DISTANCE,
    confidence: Mapping[str, str] | None = None,
    method: Method = "combined",
) -> list[EarlyWarning]:
    """Every warning for every indicator, one per indicator and period: concerns first, then by
    how recently they began.

    ``baselines`` holds the baseline to use per indicator (stored or default); an indicator
    without one (too short a series) gets no control-chart warnings. ``benchmarks`` holds, per
    indicator, the latest year compared with England and the neighbours; a concern whose months
    are level with England is read as "unusual" instead.
    """
    found: list[EarlyWarning] = []
    for indicator in indicators:
        series = series_by_indicator.get(indicator.id, [])
        trust = (confidence or {}).get(indicator.id, NOT_MEASURED)
        baseline = baselines.get(indicator.id)
        compared = (benchmarks or {}).get(indicator.id)
        own: list[EarlyWarning] = []
        if baseline is not None and series:
            if method == "combined":
                own.extend(combined_warnings(indicator, series, baseline, window, trust))
            else:
                own.extend(control_chart_warnings(indicator, series, baseline, settings, window, trust))
        threshold = (thresholds or {}).get(indicator.id)
        if threshold is not None and series:
            own.extend(threshold_warnings(indicator, series, threshold, window, trust))
        if compared is not None:
            own.extend(neighbour_warnings(indicator, compared, neighbour_distance, trust))
        own = [_judged_against_england(warning, series, compared) for warning in own]
        found.extend(one_per_indicator_and_period(own) if method == "combined" else own)
    order = {"concern": 0, "unusual": 1, "improvement": 2}
    return sorted(found, key=lambda warning: (order[warning.reading], -warning.since.toordinal(), warning.indicator_id))

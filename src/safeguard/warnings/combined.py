"""The combined signal: one running score per indicator that weighs every month's evidence.

Making Data Count's rules (``spc``) each raise a warning of their own: a point beyond a limit, a
run of seven, a trend of six, two of three near a limit. Four rules on twenty-six indicators,
each with its own chance of firing by accident, add up: on clean synthetic councils they raised
about six concerns a council-year (``docs/early-warning.md``). A Lead Member stops reading long
before that. So the early warning keeps the chart's baseline and its idea of "usual variation",
but asks one question of each month instead of four:

1. **What would chance alone give this month?** For a percentage, the baseline's pooled share
   and the month's own denominator: a month of 12 conferences moves far more by chance than a
   month of 120 (a binomial spread, widened by the baseline's own extra variation as in Laney's
   p'-chart). For a rate, the same with a Poisson spread; for a plain count, the baseline's
   spread. Where the baseline shows a clear yearly pattern (tested by shuffling its months), the
   expected value follows the calendar month.
2. **Standardise** each month: how far it is from that expectation, in units of that spread.
   Where months repeat the month before (stocks, measures that look back a year), the spread is
   the long-run one: widened by the square root of (1 + r) / (1 - r), r being the baseline's
   month-to-month correlation corrected for the shortness of the baseline, and at most twelve
   months counting as one (a year's window).
3. **Accumulate** (a cumulative sum, CUSUM): months on the same side add up, months back to
   normal drain the sum. A warning is raised when the sum passes a decision level; the month the
   sum last left zero is the estimate of when the change began ("since"). A sustained change
   and a sudden large one both cross it; one odd month does not, unless it is so far out
   (``SINGLE_MONTH`` spreads) that chance almost never gives it: Making Data Count's point beyond
   the limits, set wider because 26 indicators are watched at once.
4. **Minimum counts**: a percentage or rate cannot signal until the months it rests on hold
   enough expected events (``MINIMUM_EXPECTED``) for the spread to mean anything.
5. **One direction at a time**: when the sum in one direction crosses, the other is reset, so
   an indicator is never rising and falling in the same months.

A figure that counts the twelve months before each month (social worker turnover: leavers in the
last year) repeats eleven twelfths of itself every month, so its months are judged by what each
adds: the month's own events, worked out from the change in the figure (``monthly_events``).
Those are few by construction, so instead of five expected events they must be events chance
gives less than once in a hundred times (``SIGNAL_CHANCE``, an exact Poisson tail).

The reference value, decision level and single-month limit were chosen on the smallest synthetic
councils (6,000 to 24,000 children) for false alarms under 0.2 a council-year over all indicators
while finding at least nine planted changes in ten, and checked on seeds not used to choose them
and on councils of England's usual sizes (``bench/early_warning_eval.py``; see
``docs/early-warning.md``).
"""

from __future__ import annotations

import functools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean, median, pstdev
from typing import Literal

from safeguard.calendar import months_between
from safeguard.warnings.baselines import MonthlyPoint
from safeguard.warnings.records import Direction

REFERENCE = 0.75
"""k: the part of each month's score that is allowed as chance before it counts (in spreads)."""
DECISION = 4.5
"""h: the cumulative sum that raises a warning (in spreads)."""
CAP = 4.0
"""No month adds more than this (in spreads) to the sum."""
SINGLE_MONTH = 4.0
"""A month this many spreads from its expected value (before any carry-over) signals on its own."""
HOLD = DECISION / 2
"""After a warning the sum is held to this, so the warning ends a few months after the series returns."""
MINIMUM_EXPECTED = 5.0
"""Expected events (numerator and its complement) the months of a signal must hold."""
MINIMUM_DENOMINATOR = 3
"""A month with fewer cases than this behind its percentage or rate is not scored."""
SIGNAL_CHANCE = 0.01
"""For a figure judged month by month from a rolling year: the longest odds of the signal's events
under chance alone (a Poisson tail) that still count as a change."""
YEAR = 12
"""Months in the window of a figure that counts the year before each month."""
HALF_EVENT = 0.5
"""Added to each baseline year's count before its usual level is taken, so a year with no events
does not make every later event look impossible (the Jeffreys estimate of a rate)."""
SEASONAL_TEST_SHUFFLES = 999
SEASONAL_SIGNIFICANCE = 0.01
D2 = 1.128

Model = Literal["proportion", "rate", "values"]


@dataclass(frozen=True)
class Expectation:
    """What chance alone gives a month, worked out from the baseline's months."""

    model: Model
    centre: float
    """The baseline's level in the indicator's unit (pooled share or rate, or mean)."""
    dispersion: float
    """Spread multiplier: the baseline's observed variation over the binomial or Poisson one
    (Laney); for plain values, the spread itself."""
    seasonal: tuple[float, ...] | None = None
    """Twelve factors (January first) by which the expected value follows the calendar, or None."""
    carry_over: float = 1.0
    """(1 + r) / (1 - r): how many correlated months make the evidence of one independent month (1
    for independent months; larger for stocks and measures that look back a year). Scores are
    divided by its square root, the long-run spread of a sum of such months."""
    from_year: bool = False
    """Whether the months are each month's own events worked out from a rolling-year figure
    (``monthly_events``): their denominators are a twelfth of a year's, and their signals are
    judged by the exact chance of their events (``SIGNAL_CHANCE``)."""

    def expected(self, point: MonthlyPoint) -> float:
        factor = self.seasonal[point.month.month - 1] if self.seasonal else 1.0
        return self.centre * factor

    def spread(self, point: MonthlyPoint) -> float | None:
        """One standard spread of this month under chance alone, in the indicator's unit; None when
        the month rests on too few cases to be judged."""
        if self.model == "values":
            return self.dispersion
        least = MINIMUM_DENOMINATOR / YEAR if self.from_year else MINIMUM_DENOMINATOR
        if not point.denominator or point.denominator < least:
            return None
        expected = self.expected(point)
        if self.model == "proportion":
            share = min(max(expected / 100, 1e-6), 1 - 1e-6)
            return 100 * math.sqrt(share * (1 - share) / point.denominator) * self.dispersion
        return 10_000 * math.sqrt(max(expected / 10_000, 1e-9) / point.denominator) * self.dispersion

    def distance(self, point: MonthlyPoint) -> float | None:
        """The month's distance from its expected value in spreads of a single month."""
        spread = self.spread(point)
        if spread is None or spread <= 0:
            return None
        return (point.value - self.expected(point)) / spread

    def score(self, point: MonthlyPoint) -> float | None:
        """The month's distance counted as evidence: in long-run spreads where months carry over
        (divided by the square root of ``carry_over``), and capped."""
        distance = self.distance(point)
        if distance is None:
            return None
        return max(-CAP, min(CAP, distance / math.sqrt(self.carry_over)))

    def usual_range(self, point: MonthlyPoint) -> tuple[float, float] | None:
        """The range chance alone keeps about 19 months in 20 inside."""
        spread = self.spread(point)
        if spread is None:
            return None
        return self.expected(point) - 2 * spread, self.expected(point) + 2 * spread

    def expected_events(self, point: MonthlyPoint, direction: Direction) -> float:
        """How many cases chance would put in the moving part of this month (numerator for a rise,
        its complement for a fall); large for plain values, which have no counts."""
        if self.model == "values" or not point.denominator:
            return math.inf
        if self.model == "proportion":
            share = self.expected(point) / 100
            return point.denominator * (share if direction == "up" else 1 - share)
        return point.denominator * self.expected(point) / 10_000


def _model(unit: str, baseline: Sequence[MonthlyPoint]) -> Model:
    counted = all(point.numerator is not None and point.denominator for point in baseline)
    if counted and unit == "percent":
        return "proportion"
    if counted and unit == "per_10k":
        return "rate"
    return "values"


def _dispersion_of(scores: Sequence[float]) -> float:
    """The larger of the moving-range and the overall spread of standardised baseline months.

    The moving range is the control chart's own measure; where months carry over from one to the
    next (a stock of open cases, a measure looking back a year) it understates how far the series
    wanders, and the overall spread is the honest one.
    """
    if len(scores) < 2:
        return 1.0
    moving = fmean(abs(later - earlier) for earlier, later in zip(scores, scores[1:])) / D2
    return max(moving, pstdev(scores))


def _carry_over_of(scores: Sequence[float]) -> float:
    """(1 + r) / (1 - r) for the baseline's month-to-month correlation r (when positive): how
    many correlated months make the evidence of one independent month (the inverse of the
    effective share of a month, as in the effective sample size n (1 - r) / (1 + r)).

    The correlation of a short series is biased towards zero (by about (1 + 4r) / n for n months,
    Marriott and Pope's correction), so that is added back: two years of a slowly wandering stock
    otherwise look far more independent than they are.

    The answer is at most ``MAXIMUM_CARRY_OVER`` (12): a figure that counts the year before each
    month shares eleven twelfths of its months with the month before (r = 11/12), and twelve of
    its months make the evidence of one independent month, not the 23 that (1 + r) / (1 - r)
    gives: that formula assumes a link that fades geometrically for ever, while a year's window
    ends after twelve months. A longer link than a year could not be measured from a baseline of
    two years anyway."""
    if len(scores) < 3:
        return 1.0
    mean = fmean(scores)
    deviations = [score - mean for score in scores]
    total = sum(value * value for value in deviations)
    if total == 0:
        return 1.0
    correlation = sum(earlier * later for earlier, later in zip(deviations, deviations[1:])) / total
    correlation += (1 + 4 * correlation) / len(scores)
    correlation = min(max(correlation, 0.0), MAXIMUM_CORRELATION)
    return (1 + correlation) / (1 - correlation)


MAXIMUM_CARRY_OVER = 12.0
"""At most this many correlated months make the evidence of one independent month: the months of
a year's window (see ``_carry_over_of``)."""
MAXIMUM_CORRELATION = (MAXIMUM_CARRY_OVER - 1) / (MAXIMUM_CARRY_OVER + 1)
"""The month-to-month correlation at which (1 + r) / (1 - r) reaches ``MAXIMUM_CARRY_OVER`` (11/13)."""


def _seasonal_factors(baseline: Sequence[MonthlyPoint], centre: float) -> tuple[float, ...] | None:
    """Calendar-month factors, only where the baseline shows a yearly pattern that shuffling its
    months almost never reproduces (fewer than 1 shuffle in 100 explains as much)."""
    if centre <= 0 or len(baseline) < 24 or len({point.month.month for point in baseline}) < 12:
        return None
    return _seasonal_pattern(tuple(point.value / centre for point in baseline), tuple(point.month.month for point in baseline))


@functools.lru_cache(maxsize=512)
def _seasonal_pattern(ratios: tuple[float, ...], labels: tuple[int, ...]) -> tuple[float, ...] | None:
    """The permutation test behind `_seasonal_factors`, kept for the same months: the figures
    judge each indicator's baseline twice (the chart's lasting changes and the warnings), and
    the test's shuffles are most of what judging costs (the demo council's figures took 2.4 s
    without this, 1.8-2.1 s with it). Its shuffles follow a fixed seed, so the answer depends on
    the months alone."""

    def explained(order: Sequence[int]) -> float:
        groups: dict[int, list[float]] = {}
        for label, ratio in zip(order, ratios):
            groups.setdefault(label, []).append(ratio)
        return sum(len(values) * (fmean(values) - 1) ** 2 for values in groups.values())

    observed = explained(labels)
    chance = random.Random(len(ratios))
    shuffled = list(labels)
    as_large = 0
    for _ in range(SEASONAL_TEST_SHUFFLES):
        chance.shuffle(shuffled)
        as_large += explained(shuffled) >= observed
    if (as_large + 1) / (SEASONAL_TEST_SHUFFLES + 1) >= SEASONAL_SIGNIFICANCE:
        return None
    by_month = {month: fmean(ratio for label, ratio in zip(labels, ratios) if label == month) for month in range(1, 13)}
    if min(by_month.values()) <= 0:
        # A calendar month at nothing in every baseline year (no unallocated children each
        # August, say) cannot be scaled: the pattern would expect nothing of it for ever, and
        # divide by nothing. Such a series is judged against its level instead.
        return None
    mean_factor = fmean(by_month.values())
    return tuple(by_month[month] / mean_factor for month in range(1, 13))


def expectation_from(unit: str, baseline: Sequence[MonthlyPoint]) -> Expectation:
    """What chance alone gives each month, from the baseline's months (at least two)."""
    model = _model(unit, baseline)
    if model == "values":
        values = [point.value for point in baseline]
        centre = fmean(values)
        seasonal = _seasonal_factors(baseline, centre)
        adjusted = [point.value / (seasonal[point.month.month - 1] if seasonal else 1.0) for point in baseline]
        spread = _dispersion_of(adjusted)
        floor = math.sqrt(max(centre, 1.0)) if unit == "count" else 0.0
        spread = max(spread, floor) or 1.0
        return Expectation(model, centre, spread, seasonal, _carry_over_of([(value - centre) / spread for value in adjusted]))
    numerator = sum(point.numerator or 0 for point in baseline)
    denominator = sum(point.denominator or 0 for point in baseline)
    centre = (100 if model == "proportion" else 10_000) * numerator / denominator
    seasonal = _seasonal_factors(baseline, centre)
    plain = Expectation(model, centre, 1.0, seasonal)
    scores = [
        (point.value - plain.expected(point)) / point_spread
        for point in baseline
        if (point_spread := plain.spread(point))
    ]
    dispersion = max(_dispersion_of(scores), 1.0)
    return Expectation(model, centre, dispersion, seasonal, _carry_over_of(scores))


@dataclass(frozen=True)
class Episode:
    """One sustained change: indices into the series of its first month (the estimated change
    point), the month it passed the decision level, and its last month."""

    direction: Direction
    first: int
    detected: int
    last: int
    peak: float
    """The largest cumulative sum reached, in spreads."""


@dataclass
class _Side:
    direction: Direction
    total: float = 0.0
    start: int | None = None
    open: Episode | None = None


def episodes(series: Sequence[MonthlyPoint], expectation: Expectation) -> list[Episode]:
    """Every sustained change in ``series`` against ``expectation``, oldest first; episodes in
    opposite directions never overlap."""
    sides = {"up": _Side("up"), "down": _Side("down")}
    found: list[Episode] = []
    for index, point in enumerate(series):
        score = expectation.score(point)
        if score is None:
            continue
        for side in sides.values():
            signed = score if side.direction == "up" else -score
            side.total = max(0.0, side.total + signed - REFERENCE)
            if side.total > 0 and side.start is None:
                side.start = index
            if side.total == 0:
                side.start = None
                if side.open is not None:
                    side.open = None
                continue
            if side.open is not None:
                side.total = min(side.total, HOLD)
                side.open = _extend(found, side.open, index, side.total)
                continue
            crossed = side.total > DECISION or _far_out(expectation, point, side.direction)
            if crossed and side.start is not None and _enough_counts(series, expectation, side, index):
                other = sides["down" if side.direction == "up" else "up"]
                other.total, other.start, other.open = 0.0, None, None
                side.open = Episode(side.direction, side.start, index, index, side.total)
                found.append(side.open)
                side.total = min(side.total, HOLD)
    return found


def _extend(found: list[Episode], episode: Episode, index: int, total: float) -> Episode:
    longer = Episode(episode.direction, episode.first, episode.detected, index, max(episode.peak, total))
    found[found.index(episode)] = longer
    return longer


def _far_out(expectation: Expectation, point: MonthlyPoint, direction: Direction) -> bool:
    """Whether this one month is further out, the given way, than chance almost ever puts a month."""
    distance = expectation.distance(point)
    return distance is not None and (distance if direction == "up" else -distance) > SINGLE_MONTH


def _enough_counts(series: Sequence[MonthlyPoint], expectation: Expectation, side: _Side, index: int) -> bool:
    """Whether the signal's months hold enough events to mean anything: five expected in the moving
    part, or, for months worked out from a rolling year, events chance would rarely give."""
    assert side.start is not None
    months = series[side.start: index + 1]
    expected = sum(expectation.expected_events(point, side.direction) for point in months)
    if not expectation.from_year:
        return expected >= MINIMUM_EXPECTED
    observed = sum(_moving_part(point, expectation.model, side.direction) for point in months)
    return chance_of_at_least(observed, expected) < SIGNAL_CHANCE


def _moving_part(point: MonthlyPoint, model: Model, direction: Direction) -> float:
    """The month's cases in the part that moves: the numerator, or for a falling share its complement."""
    numerator, denominator = float(point.numerator or 0), float(point.denominator or 0)
    return denominator - numerator if model == "proportion" and direction == "down" else numerator


def chance_of_at_least(observed: float, expected: float) -> float:
    """P(X >= observed) for X ~ Poisson(expected), through the incomplete gamma function so that
    counts of full-time equivalents (fractions of a person) work too."""
    if observed <= expected:
        return 1.0
    if expected <= 0:
        return 0.0
    term = total = 1.0 / observed
    step = 1
    while term > total * 1e-12:
        term *= expected / (observed + step)
        total += term
        step += 1
    return min(1.0, math.exp(observed * math.log(expected) - expected - math.lgamma(observed)) * total)


def monthly_events(series: Sequence[MonthlyPoint], unit: str) -> list[MonthlyPoint] | None:
    """Each month's own events, from a figure that counts the 12 months before each month.

    The figure's change from one month to the next is the month's events less those of the same
    month a year before, so each month's events are that change plus the events a year before;
    the first year's months are taken as a twelfth of its count each (the only thing known of
    them). The months' denominators are a twelfth of the figure's, so a month's value stays in
    the figure's unit (a share of a year). None when a month lacks its counts or is missing.
    """
    if len(series) < 2 or any(point.numerator is None or not point.denominator for point in series):
        return None
    if any(months_between(earlier.month, later.month) != 1 for earlier, later in zip(series, series[1:])):
        return None
    scale = 100 if unit == "percent" else 10_000
    events = [float(series[0].numerator or 0) / YEAR] * YEAR
    months = []
    for index, point in enumerate(series):
        if index:
            events.append(float(point.numerator or 0) - float(series[index - 1].numerator or 0) + events[-YEAR])
        share = float(point.denominator or 0) / YEAR
        months.append(MonthlyPoint(point.month, scale * events[-1] / share, events[-1], share))
    return months


def yearly_expectation(unit: str, figures: Sequence[MonthlyPoint], months: Sequence[MonthlyPoint]) -> Expectation:
    """What chance alone gives each month's own events (``monthly_events``) of a rolling-year figure.

    ``figures`` are the baseline's months of the figure itself, ``months`` the same months' own
    events. The usual level is the median of the baseline's figures, each with half an event
    added (``HALF_EVENT``): a baseline of twelve overlapping years holds barely two years of
    events, and a change that began inside it lifts its later months, which the median resists.
    The spread is chance alone (binomial or Poisson), with no carry-over: the months' own events
    do not repeat each other.
    """
    model = _model(unit, figures)
    if model == "values":
        return expectation_from(unit, figures)
    scale = 100 if model == "proportion" else 10_000
    centre = median(scale * (float(point.numerator or 0) + HALF_EVENT) / float(point.denominator or 1) for point in figures)
    return Expectation(model, centre, 1.0, _seasonal_factors(months, centre), from_year=True)

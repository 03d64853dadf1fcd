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
2. **Standardise** each month: how far it is from that expectation, in units of that spread
   (capped, so that one wild month cannot carry a warning alone).
3. **Accumulate** (a cumulative sum, CUSUM): months on the same side add up, months back to
   normal drain the sum. A warning is raised when the sum passes a decision level; the month the
   sum last left zero is the estimate of when the change began ("since"). A sustained moderate
   change and a sudden large one both cross it, a single odd month does not.
4. **Minimum counts**: a percentage or rate cannot signal until the months it rests on hold
   enough expected events (``MINIMUM_EXPECTED``) for the spread to mean anything.
5. **One direction at a time**: when the sum in one direction crosses, the other is reset, so
   an indicator is never rising and falling in the same months.

The decision level and reference value were chosen for a false alarm rate under 0.2 a
council-year over all indicators while large planted changes are still found within a quarter
(measured by ``bench/early_warning_eval.py``; see ``docs/early-warning.md``).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean, pstdev
from typing import Literal

from safeguard.warnings.baselines import MonthlyPoint
from safeguard.warnings.records import Direction

REFERENCE = 0.5
"""k: the part of each month's score that is allowed as chance before it counts (in spreads)."""
DECISION = 5.0
"""h: the cumulative sum that raises a warning (in spreads)."""
CAP = 4.0
"""No month adds more than this (in spreads) to the sum: two months are needed to signal."""
HOLD = DECISION / 2
"""After a warning the sum is held to this, so the warning ends a few months after the series returns."""
MINIMUM_EXPECTED = 5.0
"""Expected events (numerator and its complement) the months of a signal must hold."""
MINIMUM_DENOMINATOR = 3
"""A month with fewer cases than this behind its percentage or rate is not scored."""
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
    """How much less each month counts as evidence because it repeats the month before (1 for
    independent months; larger for stocks and measures that look back a year)."""

    def expected(self, point: MonthlyPoint) -> float:
        factor = self.seasonal[point.month.month - 1] if self.seasonal else 1.0
        return self.centre * factor

    def spread(self, point: MonthlyPoint) -> float | None:
        """One standard spread of this month under chance alone, in the indicator's unit; None when
        the month rests on too few cases to be judged."""
        if self.model == "values":
            return self.dispersion
        if not point.denominator or point.denominator < MINIMUM_DENOMINATOR:
            return None
        expected = self.expected(point)
        if self.model == "proportion":
            share = min(max(expected / 100, 1e-6), 1 - 1e-6)
            return 100 * math.sqrt(share * (1 - share) / point.denominator) * self.dispersion
        return 10_000 * math.sqrt(max(expected / 10_000, 1e-9) / point.denominator) * self.dispersion

    def score(self, point: MonthlyPoint) -> float | None:
        """The month's distance from its expected value in spreads, counted as evidence: shrunk by
        the carry-over from month to month and capped."""
        spread = self.spread(point)
        if spread is None or spread <= 0:
            return None
        return max(-CAP, min(CAP, (point.value - self.expected(point)) / spread / self.carry_over))

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
    effective share of a month, as in the effective sample size n (1 - r) / (1 + r))."""
    if len(scores) < 3:
        return 1.0
    mean = fmean(scores)
    deviations = [score - mean for score in scores]
    total = sum(value * value for value in deviations)
    if total == 0:
        return 1.0
    correlation = sum(earlier * later for earlier, later in zip(deviations, deviations[1:])) / total
    correlation = min(max(correlation, 0.0), MAXIMUM_CORRELATION)
    return (1 + correlation) / (1 - correlation)


MAXIMUM_CORRELATION = 0.9


def _seasonal_factors(baseline: Sequence[MonthlyPoint], centre: float) -> tuple[float, ...] | None:
    """Calendar-month factors, only where the baseline shows a yearly pattern that shuffling its
    months almost never reproduces (fewer than 1 shuffle in 100 explains as much)."""
    if centre <= 0 or len(baseline) < 24 or len({point.month.month for point in baseline}) < 12:
        return None
    ratios = [point.value / centre for point in baseline]
    labels = [point.month.month for point in baseline]

    def explained(order: Sequence[int]) -> float:
        groups: dict[int, list[float]] = {}
        for label, ratio in zip(order, ratios):
            groups.setdefault(label, []).append(ratio)
        return sum(len(values) * (fmean(values) - 1) ** 2 for values in groups.values())

    observed = explained(labels)
    chance = random.Random(len(baseline))
    shuffled = list(labels)
    as_large = 0
    for _ in range(SEASONAL_TEST_SHUFFLES):
        chance.shuffle(shuffled)
        as_large += explained(shuffled) >= observed
    if (as_large + 1) / (SEASONAL_TEST_SHUFFLES + 1) >= SEASONAL_SIGNIFICANCE:
        return None
    by_month = {month: fmean(ratio for label, ratio in zip(labels, ratios) if label == month) for month in range(1, 13)}
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
            if side.total > DECISION and side.start is not None and _enough_counts(series, expectation, side, index):
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


def _enough_counts(series: Sequence[MonthlyPoint], expectation: Expectation, side: _Side, index: int) -> bool:
    assert side.start is not None
    return sum(expectation.expected_events(point, side.direction) for point in series[side.start: index + 1]) >= MINIMUM_EXPECTED

"""Statistical process control on a monthly series: XmR limits and special-cause rules.

This follows the NHS "Making Data Count" practice (NHS England / Improvement, "Making data
count: strengthening your decisions", 2019, and its SPC guidance): an XmR chart (individual
values and their moving ranges) whose centre line is the mean of a baseline period and whose
natural process limits are that mean plus or minus 2.66 times the mean moving range (2.66 is
3 / d2, with d2 = 1.128 for ranges of two points, so the limits sit 3 estimated sigma out).

A point is special-cause variation, worth a leader's question, when any of these holds:

* ``beyond_limit``: the point is above the upper or below the lower process limit;
* ``shift``: a run of 7 (configurable) or more points all on the same side of the mean;
* ``trend``: a run of 6 (configurable) or more points each higher (or each lower) than the last;
* ``two_of_three``: two of three consecutive points beyond 2 sigma on the same side of the mean.

Conventions where the guidance leaves a choice, chosen to err against false alarms: a point
exactly on the mean ends a run on one side; an unchanged value ends a trend. Each rule yields
one ``Signal`` per episode, with the first point of the pattern (since when), the point at
which the rule was first met (when it could have been seen) and the last point.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from safeguard.warnings.records import Direction

SCALING = 2.66
"""Limits = mean +/- 2.66 x mean moving range (3 / 1.128)."""
D2 = 1.128
"""Expected range of two independent normal values, in sigma: sigma = mean moving range / d2."""

Rule = Literal["beyond_limit", "shift", "trend", "two_of_three"]


@dataclass(frozen=True)
class Limits:
    """The centre line and natural process limits computed from a baseline."""

    mean: float
    mean_moving_range: float
    points: int

    @property
    def sigma(self) -> float:
        return self.mean_moving_range / D2

    @property
    def upper(self) -> float:
        return self.mean + SCALING * self.mean_moving_range

    @property
    def lower(self) -> float:
        return self.mean - SCALING * self.mean_moving_range

    def sigmas_from_mean(self, value: float) -> float | None:
        """How many estimated sigma ``value`` lies from the mean; None when the baseline never varied."""
        return (value - self.mean) / self.sigma if self.sigma > 0 else None


@dataclass(frozen=True)
class RuleSettings:
    """The run lengths of the two run rules (Making Data Count uses 7 and 6)."""

    shift_length: int = 7
    trend_length: int = 6

    def __post_init__(self) -> None:
        if self.shift_length < 2 or self.trend_length < 3:
            raise ValueError("a shift needs at least 2 points and a trend at least 3")


@dataclass(frozen=True)
class Signal:
    """One episode of special-cause variation, as indices into the series."""

    rule: Rule
    direction: Direction
    first: int
    detected: int
    last: int

    @property
    def length(self) -> int:
        return self.last - self.first + 1


def xmr_limits(values: Sequence[float]) -> Limits:
    """The mean and mean moving range of a baseline's values (at least two)."""
    if len(values) < 2:
        raise ValueError("XmR limits need at least two points")
    moving_ranges = [abs(later - earlier) for earlier, later in zip(values, values[1:])]
    return Limits(
        mean=sum(values) / len(values),
        mean_moving_range=sum(moving_ranges) / len(moving_ranges),
        points=len(values),
    )


def _runs(flags: Sequence[bool]) -> list[tuple[int, int]]:
    """(first, last) index of each maximal block of consecutive True flags."""
    blocks = []
    start: int | None = None
    for index, flag in enumerate(flags):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            blocks.append((start, index - 1))
            start = None
    if start is not None:
        blocks.append((start, len(flags) - 1))
    return blocks


ROUNDING = 1e-9
"""Relative tolerance: a point within rounding error of a line counts as on it, so that a
constant series (whose computed mean may differ from its value in the last digit) is stable."""


def _sides(values: Sequence[float], threshold_up: float, threshold_down: float) -> dict[Direction, list[bool]]:
    """Which points lie beyond each line, by more than rounding error."""
    above = threshold_up + ROUNDING * abs(threshold_up)
    below = threshold_down - ROUNDING * abs(threshold_down)
    return {
        "up": [value > above for value in values],
        "down": [value < below for value in values],
    }


def beyond_limits(values: Sequence[float], limits: Limits) -> list[Signal]:
    """Each block of consecutive points outside the process limits."""
    return [
        Signal("beyond_limit", direction, first, first, last)
        for direction, flags in _sides(values, limits.upper, limits.lower).items()
        for first, last in _runs(flags)
    ]


def shifts(values: Sequence[float], limits: Limits, length: int) -> list[Signal]:
    """Each run of ``length`` or more points strictly on one side of the mean."""
    return [
        Signal("shift", direction, first, first + length - 1, last)
        for direction, flags in _sides(values, limits.mean, limits.mean).items()
        for first, last in _runs(flags)
        if last - first + 1 >= length
    ]


def trends(values: Sequence[float], length: int) -> list[Signal]:
    """Each run of ``length`` or more points, each strictly above (or below) the one before.

    A run of n points holds n - 1 steps; consecutive runs share their turning point.
    """
    signals: list[Signal] = []
    for direction in ("up", "down"):
        steps = [
            (later > earlier) if direction == "up" else (later < earlier)
            for earlier, later in zip(values, values[1:])
        ]
        for first_step, last_step in _runs(steps):
            first, last = first_step, last_step + 1
            if last - first + 1 >= length:
                signals.append(Signal("trend", direction, first, first + length - 1, last))
    return signals


def two_of_three_beyond_two_sigma(values: Sequence[float], limits: Limits) -> list[Signal]:
    """Episodes where two of three consecutive points lie beyond 2 sigma on the same side.

    Points beyond the process limits count too (they are beyond 2 sigma). Windows that overlap
    make one episode, from its first point beyond 2 sigma to its last.
    """
    signals: list[Signal] = []
    sides = _sides(values, limits.mean + 2 * limits.sigma, limits.mean - 2 * limits.sigma)
    for direction, beyond in sides.items():
        episode: list[int] | None = None
        for start in range(len(values) - 2):
            window = [index for index in range(start, start + 3) if beyond[index]]
            if len(window) < 2:
                continue
            if episode is not None and window[0] <= episode[-1]:
                episode.extend(index for index in window if index > episode[-1])
                continue
            if episode is not None:
                signals.append(_two_of_three(direction, episode))
            episode = window
        if episode is not None:
            signals.append(_two_of_three(direction, episode))
    return signals


def _two_of_three(direction: Direction, beyond: list[int]) -> Signal:
    return Signal("two_of_three", direction, beyond[0], beyond[1], beyond[-1])


def special_causes(values: Sequence[float], limits: Limits, settings: RuleSettings = RuleSettings()) -> list[Signal]:
    """Every special-cause signal in ``values`` against ``limits``, in order of first point."""
    signals = [
        *beyond_limits(values, limits),
        *shifts(values, limits, settings.shift_length),
        *trends(values, settings.trend_length),
        *two_of_three_beyond_two_sigma(values, limits),
    ]
    return sorted(signals, key=lambda signal: (signal.first, signal.detected, signal.rule))

"""Rank and quartile band among England's councils, the way DfE's LAIT computes them.

LAIT ranks only measures with a polarity (high or low is good): 1 is the best value, and
councils with the same value share the best rank among them (R's ``rank(ties.method = "min")``),
so two councils tied for third are both 3rd and the next is 5th. Councils without a value are
not ranked and do not count.

Its quartile bands cut the councils' values at the 0, 25, 50, 75 and 100th percentiles (R's
default ``quantile``, which interpolates linearly between order statistics, as numpy's default
does). Band A is the best quarter: the lowest values when low is good, the highest when high is
good. Each cut belongs to the band below it, on the measure's own scale: with low good a value
equal to the lower quartile is A; with high good a value equal to the upper quartile is B.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

Polarity = Literal["high", "low"]
BANDS_LOW_GOOD = ("A", "B", "C", "D")


@dataclass(frozen=True)
class QuartileCuts:
    """The five cut points of the councils' values: minimum, quartiles, maximum."""

    minimum: float
    lower: float
    median: float
    upper: float
    maximum: float


def rank_among(values: Sequence[float], value: float, polarity: Polarity) -> int:
    """The rank of ``value`` among ``values`` (which include it); ties take the best rank."""
    if polarity == "high":
        return 1 + sum(1 for other in values if other > value)
    return 1 + sum(1 for other in values if other < value)


def quartile_cuts(values: Sequence[float]) -> QuartileCuts:
    """The councils' quartiles, interpolated linearly as R's and numpy's defaults do."""
    if not values:
        raise ValueError("quartiles need at least one value")
    cuts = np.quantile(np.asarray(values, dtype=float), [0.0, 0.25, 0.5, 0.75, 1.0])
    return QuartileCuts(*(float(cut) for cut in cuts))


def quartile_band(value: float, cuts: QuartileCuts, polarity: Polarity) -> str:
    """Band A (best quarter) to D (worst) for ``value``, read through the measure's polarity."""
    if value <= cuts.lower:
        quarter = 0
    elif value <= cuts.median:
        quarter = 1
    elif value <= cuts.upper:
        quarter = 2
    else:
        quarter = 3
    return BANDS_LOW_GOOD[quarter] if polarity == "low" else BANDS_LOW_GOOD[3 - quarter]

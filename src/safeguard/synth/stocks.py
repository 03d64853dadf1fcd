"""Keeping the numbers open at 31 March (children in need, on plans, in care) on England's rates.

Flows can be made exact by drawing them per year; stocks cannot, because they depend on how
long every episode lasts. So each stock has a target path (England's rate at each 31 March for
that year's population, with straight lines between) and two gentle corrections: from day to
day, planned ends are put back a few weeks when the stock is below its path and the soonest are
brought forward when it is above; over months, the length planned for new episodes drifts up or
down until the stock sits on its path without correction. The years before the returned
history give the drift time to settle.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_right
from collections.abc import Callable
from typing import Generic, TypeVar

from safeguard.synth.calibration import Calibration
from safeguard.synth.randomness import Draws
from safeguard.synth.timeline import thirty_first_march

Item = TypeVar("Item")


class TargetPath:
    """A stock's target count on any day."""

    def __init__(self, calibration: Calibration, measure: str, population: dict[int, int], years: range) -> None:
        self.days = [thirty_first_march(year) for year in years]
        self.values = [calibration.value(measure, year) * population[year - 1] / 10_000 for year in years]

    def __call__(self, day: int) -> float:
        index = bisect_right(self.days, day)
        if index == 0:
            return self.values[0]
        if index == len(self.days):
            return self.values[-1]
        before, after = self.days[index - 1], self.days[index]
        weight = (day - before) / (after - before)
        return self.values[index - 1] * (1 - weight) + self.values[index] * weight


class StockControl:
    """One stock against its target path, with the slow correction to planned lengths."""

    def __init__(self, target: TargetPath, stock: Callable[[], int], drift_per_day: float) -> None:
        self.target = target
        self.stock = stock
        self.length_scale = 1.0
        """Multiplies the length planned for new episodes; drifts while the stock is off its path."""
        self._drift = drift_per_day

    def shortfall(self, day: int) -> float:
        """How far the stock is below its target, as a fraction of the target (negative when above)."""
        target = self.target(day)
        return (target - self.stock()) / max(target, 1.0)

    def update(self, day: int) -> None:
        self.length_scale = min(3.0, max(0.4, self.length_scale * math.exp(self._drift * self.shortfall(day))))

    def ending_multiplier(self, day: int, strength: float) -> float:
        """How much likelier an ending should be today: above 1 when the stock is over its path."""
        return min(4.0, max(0.25, math.exp(-strength * self.shortfall(day)) / self.length_scale))


class ControlledEnds(Generic[Item]):
    """Planned ends of open spells, released day by day so the stock follows its target path."""

    def __init__(
        self,
        control: StockControl,
        finish: Callable[[Item, int], None],
        token: Callable[[Item], int],
        draws: Draws,
        gain: float,
        postpone: tuple[int, int] = (14, 90),
    ) -> None:
        self.control = control
        self._finish = finish
        self._token = token
        self._draws = draws
        self._gain = gain
        self._postpone = postpone
        self._heap: list[tuple[int, int, int, Item]] = []
        self._sequence = 0

    def plan(self, item: Item, day: int) -> None:
        """Expect ``item`` to end on ``day`` (its current token must stay the same until then)."""
        self._sequence += 1
        heapq.heappush(self._heap, (day, self._sequence, self._token(item), item))

    def _pop_valid(self, latest: int | None) -> Item | None:
        while self._heap and (latest is None or self._heap[0][0] <= latest):
            _, _, token, item = heapq.heappop(self._heap)
            if token == self._token(item):
                return item
        return None

    def step(self, day: int) -> None:
        """End today's spells, fewer or more of them as the stock stands against its target."""
        due: list[Item] = []
        while (item := self._pop_valid(day)) is not None:
            due.append(item)
        control = self.control
        desired = len(due) - self._gain * control.shortfall(day) * control.target(day)
        if desired < len(due):
            keep = max(0, self._draws.round(desired))
            low, high = self._postpone
            for item in due[keep:]:
                self.plan(item, day + self._draws.integer(low, high))
            due = due[:keep]
        else:
            for _ in range(self._draws.round(desired - len(due))):
                extra = self._pop_valid(None)
                if extra is None:
                    break
                due.append(extra)
        for item in due:
            self._finish(item, day)

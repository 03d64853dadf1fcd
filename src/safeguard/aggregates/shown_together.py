"""Disclosure control over everything one response or one pack shows, taken together.

Suppressing each table on its own is not enough: the same count often appears in more than one
place. The referrals counted by the referral rate are the denominator of the re-referral rate
and of the "no further action" rate; the children who went missing are the denominator of the
return-interview rate. A count hidden in one table can then be worked out from another table on
the same page or in the same pack (a hidden month of referrals from the re-referral rate's
denominator and the year's total). And a percentage shown with its denominator gives away the
remainder: 115 of 120 children visited in time says that 5 were not.

A ``Disclosure`` collects every cell shown together (a cell is a row a reader sees whole: a
month's numerator, denominator and value), the counts each cell shows (named so that the same
count in two tables has one name), the totals that relate counts (months add up to their year,
teams to the council), and the remainders a percentage implies. ``hidden`` then chooses the cells
to withhold: every cell showing a count from 1 to 5 or implying a remainder from 1 to 5 (DfE's
rule), and enough others that none of those counts and remainders can be worked out from what
is left by adding and subtracting.

"Worked out" is meant exactly, as in ``disclosure``: a count nobody is shown is one unknown, and
a count or remainder is safe when the totals' equations leave it free to take more than one
value, that is when it is not orthogonal to the null space of the equations over the unknowns.
A count any shown cell carries is known. Because hiding a cell only ever adds unknowns, what is
safe for a set of cells stays safe for any part of it: one answer for the whole store covers
every page and pack that shows part of it, and two pages opened one after the other.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Generic, TypeVar

import numpy as np

from safeguard.aggregates.disclosure import Total, is_small

Cell = TypeVar("Cell", bound=Hashable)
Count = TypeVar("Count", bound=Hashable)

PAIRS_LIMIT = 40
"""Above this many candidate cells, companions are chosen one at a time (pairs grow quadratically)."""
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Remainder(Generic[Count]):
    """What a percentage implies: ``whole`` less ``part`` (the children not seen in time)."""

    whole: Count
    part: Count


class Disclosure(Generic[Cell, Count]):
    """The cells shown together, the counts they show and how those counts relate (see the module)."""

    def __init__(self) -> None:
        self._cells: dict[Cell, frozenset[Count]] = {}
        self._counts: dict[Count, float] = {}  # whole counts; full-time equivalents for the workforce
        self._remainders: dict[Cell, Remainder[Count]] = {}
        self._totals: list[Total[Count]] = []
        self._holding_cache: dict[Count, list[int]] | None = None

    def show(self, cell: Cell, counts: Mapping[Count, float], remainder: Remainder[Count] | None = None) -> None:
        """A cell shown whole: the counts it shows, and the remainder its percentage implies."""
        self._cells[cell] = frozenset(counts)
        self._counts.update(counts)
        if remainder is not None:
            self._remainders[cell] = remainder

    def relate(self, total: Count, parts: Sequence[Count]) -> None:
        """The parts add up to the total. Call after ``show``: a part no cell shows (a month with no
        figure) counts as nought, which can only make the reader seem to know more, never less."""
        known = tuple(part for part in parts if part in self._counts)
        if total in self._counts and known:
            self._totals.append(Total(total, known))
            self._holding_cache = None

    @property
    def cells(self) -> frozenset[Cell]:
        return frozenset(self._cells)

    def hidden(self) -> frozenset[Cell]:
        """The cells to withhold (see the module): the fewest, smallest companions a greedy search finds."""
        targets = self._targets()
        hidden = {cell for cell, counts in self._cells.items() if any(is_small(self._counts[count]) for count in counts)}
        hidden |= {cell for cell, remainder in self._remainders.items() if self._remainder_is_small(remainder)}
        settled: set[_Target[Count]] = set()
        while True:
            exposed = [target for target in self.exposed(hidden, targets) if target not in settled]
            if not exposed:
                return frozenset(hidden)
            companions = self._companions(exposed, hidden)
            if companions:
                hidden.update(companions)
            else:
                settled.update(exposed)

    def exposed(self, hidden: Iterable[Cell], targets: Sequence[_Target[Count]] | None = None) -> list[_Target[Count]]:
        """The small counts and remainders that the cells not in ``hidden`` let a reader work out."""
        hidden = set(hidden)
        unknown = self._unknown(hidden)
        return [target for target in (targets if targets is not None else self._targets()) if self._determined(target, unknown)]

    def _remainder_is_small(self, remainder: Remainder[Count]) -> bool:
        return is_small(self._counts[remainder.whole] - self._counts[remainder.part])

    def _targets(self) -> list[_Target[Count]]:
        """What must stay unknown: each small count, and each small remainder, as a weighted sum of counts."""
        targets = [_Target(((count, 1),)) for count, value in self._counts.items() if is_small(value)]
        for remainder in self._remainders.values():
            if self._remainder_is_small(remainder):
                targets.append(_Target(((remainder.whole, 1), (remainder.part, -1))))
        return sorted(set(targets), key=repr)

    def _unknown(self, hidden: set[Cell]) -> set[Count]:
        shown = {count for cell, counts in self._cells.items() if cell not in hidden for count in counts}
        return set(self._counts) - shown

    def _determined(self, target: _Target[Count], unknown: set[Count]) -> bool:
        """Whether the totals fix ``target`` once every count outside ``unknown`` is known."""
        weights = {count: weight for count, weight in target.weights if count in unknown}
        if not weights:
            return True
        component, rows = self._component(weights, unknown)
        if not rows:
            return False
        column = {count: index for index, count in enumerate(component)}
        matrix = np.zeros((len(rows), len(component)))
        for row, total in enumerate(rows):
            for part in total.parts:
                if part in column:
                    matrix[row, column[part]] += 1.0
            if total.total in column:
                matrix[row, column[total.total]] -= 1.0
        _, singular, right = np.linalg.svd(matrix)
        rank = int((singular > TOLERANCE * max(1.0, singular[0] if singular.size else 0.0)).sum())
        null_space = right[rank:]
        if null_space.size == 0:
            return True
        vector = np.zeros(len(component))
        for count, weight in weights.items():
            vector[column[count]] = weight
        return bool(np.abs(null_space @ vector).max() < TOLERANCE)

    def _component(self, start: Iterable[Count], unknown: set[Count]) -> tuple[list[Count], list[Total[Count]]]:
        """The unknowns linked to ``start`` through totals, and those totals."""
        reached = set(start)
        frontier = list(reached)
        rows: list[Total[Count]] = []
        seen_rows: set[int] = set()
        while frontier:
            count = frontier.pop()
            for index in self._holding().get(count, ()):
                if index in seen_rows:
                    continue
                seen_rows.add(index)
                total = self._totals[index]
                rows.append(total)
                for member in total.members:
                    if member in unknown and member not in reached:
                        reached.add(member)
                        frontier.append(member)
        return sorted(reached, key=repr), rows

    def _holding(self) -> dict[Count, list[int]]:
        """Which totals each count is in (worked out once the totals are all known)."""
        if self._holding_cache is None:
            holding: dict[Count, list[int]] = {}
            for index, total in enumerate(self._totals):
                for member in total.members:
                    holding.setdefault(member, []).append(index)
            self._holding_cache = holding
        return self._holding_cache

    def _companions(self, exposed: Sequence[_Target[Count]], hidden: set[Cell]) -> tuple[Cell, ...]:
        """The shown cells to hide next: one that leaves fewer targets exposed if there is one, else
        the best pair (a cell protected inside a table needs a rectangle), else the cheapest cell."""
        pool = self._candidates(exposed, hidden)
        if not pool:
            return ()
        now = len(exposed)

        def cost(cells: tuple[Cell, ...]) -> tuple:
            return (len(self.exposed(hidden | set(cells), exposed)), *self._price(cells))

        single = min(((cell,) for cell in pool), key=cost)
        if cost(single)[0] < now:
            return single
        if len(pool) <= PAIRS_LIMIT:
            pair = min(combinations(pool, 2), key=cost, default=None)
            if pair is not None and cost(pair)[0] < now:
                return pair
        return min(((cell,) for cell in pool), key=self._price)

    def _price(self, cells: tuple[Cell, ...]) -> tuple:
        """What hiding the cells loses: totals before parts, zeros last (a hidden zero protects
        only if nobody can tell it is zero), then the smallest counts first."""
        totals = {total.total for total in self._totals}
        counts = [self._counts[count] for cell in cells for count in self._cells[cell]]
        return (
            sum(any(count in totals for count in self._cells[cell]) for cell in cells),
            sum(not any(self._counts[count] for count in self._cells[cell]) for cell in cells),
            sum(counts),
            repr(cells),
        )

    def _candidates(self, exposed: Sequence[_Target[Count]], hidden: set[Cell]) -> list[Cell]:
        """Shown cells carrying a count linked to an exposed target, through totals and unknowns."""
        unknown = self._unknown(hidden)
        near: set[Count] = set()
        for target in exposed:
            counts = {count for count, _ in target.weights}
            near |= counts
            component, rows = self._component(counts, unknown)
            near |= set(component)
            near |= {member for total in rows for member in total.members}
        return sorted((cell for cell, counts in self._cells.items() if cell not in hidden and counts & near), key=repr)


@dataclass(frozen=True)
class _Target(Generic[Count]):
    """A weighted sum of counts a reader must not be able to work out."""

    weights: tuple[tuple[Count, int], ...]

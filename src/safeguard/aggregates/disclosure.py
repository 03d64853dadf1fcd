"""Statistical disclosure control: which figures a viewer without child-level access may see.

DfE publishes counts from 1 to 5 as ``[c]`` (confidential) so that no child can be picked out
of a small number. Hiding the small counts alone is not enough when totals are published too:
a hidden month of a year, or a hidden team of the council, could be worked out by subtracting
the published cells from the published total. So every hidden cell (primary suppression) that
could still be recovered that way gets company: another cell of the same total is hidden too
(secondary, or complementary, suppression), the smallest non-zero one, so the least is lost.

"Recovered" is meant exactly: a hidden cell is safe when the published figures and the
additive relations between them (``Total``) leave it free to take more than one value. With
the unknowns being the hidden cells, a cell is fixed precisely when every solution of the
homogeneous system of the totals' equations has a zero in its place, that is when its
coordinate vanishes across the system's null space. `protect` keeps hiding cells until no
hidden cell is fixed.

Nothing here reads data: pages reach it through ``safeguard.aggregates``, which decides
which figures are cells of which totals and applies the answer to pages, downloads and the API
alike.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Generic, TypeVar

import numpy as np

CONFIDENTIAL = "[c]"
"""Confidential: a count from 1 to 5, or a figure from which one could be worked out."""
UNAVAILABLE = "[x]"
"""Not available: nothing to show (no return covers the period, nothing to divide by)."""
NOT_APPLICABLE = "[z]"
"""Not applicable: a plain count has no denominator."""

SMALLEST_SHOWN = 6
"""Counts from 1 up to this, less one, are hidden from viewers without child-level access."""

Key = TypeVar("Key", bound=Hashable)


def is_small(count: int | float | None) -> bool:
    """Whether DfE's rule hides this count: 1 to 5 (a zero is shown: it identifies nobody)."""
    return count is not None and 0 < count < SMALLEST_SHOWN


@dataclass(frozen=True)
class Total(Generic[Key]):
    """One additive relation between published figures: the parts add up to the total."""

    total: Key
    parts: tuple[Key, ...]

    @property
    def members(self) -> tuple[Key, ...]:
        return (self.total, *self.parts)


def protect(
    counts: Mapping[Key, int],
    totals: Sequence[Total[Key]],
    primary: Iterable[Key] | None = None,
    published: Iterable[Key] = (),
) -> frozenset[Key]:
    """The cells to hide: the ``primary`` ones (by default every count from 1 to 5) and enough
    others that none of them can be worked out from the published cells and the totals.

    ``counts`` holds every cell (totals included) with the count it rests on, which decides
    which cell to give up next: a part before a total, a non-zero before a zero (hiding a zero
    protects only if the reader cannot know it is zero), the smallest first. ``published`` names
    cells the reader knows anyway (a total stated elsewhere on the page): they are never given up.
    """
    keep = frozenset(published)
    hidden = set(primary if primary is not None else (key for key, count in counts.items() if is_small(count)))
    settled: set[Key] = set()
    while True:
        exposed = [key for key in _recoverable(hidden, totals) if key not in settled]
        if not exposed:
            return frozenset(hidden)
        companions = _companions(exposed, hidden, counts, totals, keep)
        if companions:
            hidden.update(companions)
        else:
            settled.update(exposed)


def recoverable(hidden: Iterable[Key], totals: Sequence[Total[Key]]) -> list[Key]:
    """The hidden cells whose value the published cells and the totals fix."""
    return _recoverable(set(hidden), totals)


def _recoverable(hidden: set[Key], totals: Sequence[Total[Key]]) -> list[Key]:
    """Hidden cells fixed by the totals: those whose coordinate is zero in every null vector of
    the totals' equations restricted to the hidden cells."""
    # A hidden cell in no total can never be worked out from one: only the others are unknowns.
    unknowns = sorted((key for key in hidden if any(key in total.members for total in totals)), key=repr)
    if not unknowns:
        return []
    column = {key: index for index, key in enumerate(unknowns)}
    rows = []
    for total in totals:
        row = np.zeros(len(unknowns))
        for part in total.parts:
            if part in column:
                row[column[part]] += 1.0
        if total.total in column:
            row[column[total.total]] -= 1.0
        if row.any():
            rows.append(row)
    if not rows:
        return []
    matrix = np.vstack(rows)
    _, singular, right = np.linalg.svd(matrix)
    rank = int((singular > 1e-9 * max(1.0, singular[0])).sum())
    null_space = right[rank:]
    if null_space.size == 0:
        return unknowns
    spread = np.abs(null_space).max(axis=0)
    return [key for key, size in zip(unknowns, spread) if size < 1e-9]


PAIRS_LIMIT = 40
"""Above this many candidates, companions are chosen one at a time only (pairs grow quadratically)."""


def _companions(
    exposed: Sequence[Key],
    hidden: set[Key],
    counts: Mapping[Key, int],
    totals: Sequence[Total[Key]],
    keep: frozenset[Key] = frozenset(),
) -> tuple[Key, ...]:
    """The published cells to hide next, so that fewer hidden cells stay recoverable.

    Candidates are the published cells of the totals holding an exposed cell (or, failing
    those, of any total connected to one through hidden cells). One cell that reduces the
    number of recoverable cells is taken if there is one; else the best pair (hiding one more
    cell of a table usually exposes it in its other line, and a single cell protected in a
    table needs a rectangle: three companions, the last two of which only help together);
    else the cheapest single cell, which at least moves on. Empty when nothing is left to hide.
    """
    pool = _candidates(exposed, hidden, totals, keep)
    if not pool:
        return ()
    now = len(_recoverable(hidden, totals))

    def cost(members: tuple[Key, ...]) -> tuple:
        return (
            len(_recoverable(hidden | set(members), totals)),
            sum(pool[member] for member in members),
            sum(counts.get(member, 0) == 0 for member in members),
            sum(counts.get(member, 0) for member in members),
            repr(members),
        )

    single = min(((member,) for member in pool), key=cost)
    if cost(single)[0] < now:
        return single
    if len(pool) <= PAIRS_LIMIT:
        pair = min(combinations(pool, 2), key=cost, default=None)
        if pair is not None and cost(pair)[0] < now:
            return pair
    return min(((member,) for member in pool), key=lambda members: cost(members)[1:])


def _candidates(
    exposed: Sequence[Key], hidden: set[Key], totals: Sequence[Total[Key]], keep: frozenset[Key] = frozenset()
) -> dict[Key, bool]:
    """Published cells beside the exposed ones (those in ``keep`` aside), each marked True if it is a total."""
    holding = [total for key in exposed for total in _totals_holding(key, totals)]
    for scope in (holding, [total for key in exposed for total in _connected_totals(key, hidden, totals)]):
        candidates: dict[Key, bool] = {}
        for total in scope:
            for member in total.members:
                if member not in hidden and member not in keep:
                    candidates[member] = candidates.get(member, False) or total.total == member
        if candidates:
            return candidates
    return {}


def _totals_holding(key: Key, totals: Sequence[Total[Key]]) -> list[Total[Key]]:
    return [total for total in totals if key in total.members]


def _connected_totals(start: Key, hidden: set[Key], totals: Sequence[Total[Key]]) -> list[Total[Key]]:
    """Every total reachable from ``start`` by stepping through hidden cells."""
    reached: list[Total[Key]] = []
    frontier = [start]
    seen_keys = {start}
    while frontier:
        key = frontier.pop()
        for total in _totals_holding(key, totals):
            if total in reached:
                continue
            reached.append(total)
            for member in total.members:
                if member in hidden and member not in seen_keys:
                    seen_keys.add(member)
                    frontier.append(member)
    return reached


def shown_count(count: int | float | None, hidden: bool) -> int | float | str:
    """A count as published: the number, ``[c]`` when hidden, ``[x]`` when there is none."""
    if count is None:
        return UNAVAILABLE
    return CONFIDENTIAL if hidden else count


def shown_value(value: float | None, hidden: bool) -> float | str:
    """A rate or percentage as published: withheld (``[c]``) whenever a count it rests on is hidden."""
    if hidden:
        return CONFIDENTIAL
    return UNAVAILABLE if value is None else value

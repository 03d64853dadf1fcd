"""Counts of the governance records about children's cases, as a viewer may see them.

The complaints summary and the professional disagreements summary count the council's own
records (so many complaints reached stage 2, so many disagreements were raised by the police).
Those counts describe children's cases as surely as the indicators do, so they pass through the
same disclosure control (``disclosure``) before a viewer without child-level access sees them:
counts from 1 to 5 show as ``[c]``, so does any other count from which a hidden one could be
worked out by subtracting from a total, and so does every share built on a hidden count.

A tally is one set of counts with the additive relations between them: each ``totals`` entry
says that the listed parts add up to the named total (complaints by stage add up to all
complaints; stage 1 responses in time and late add up to the stage 1 responses). Keys are plain
strings the caller chooses (``"stage:2"``, ``"theme:delay"``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from safeguard.aggregates.disclosure import CONFIDENTIAL, UNAVAILABLE, Total, protect
from safeguard.aggregates.viewer import Viewer


@dataclass(frozen=True)
class Tally:
    """Counts and the ones this viewer may not see."""

    counts: Mapping[str, int]
    hidden: frozenset[str]

    def count(self, key: str) -> int | str:
        """The count as shown: the number, or ``[c]`` when hidden (an unknown key counts 0)."""
        return CONFIDENTIAL if key in self.hidden else self.counts.get(key, 0)

    def shown(self, key: str) -> bool:
        return key not in self.hidden

    def share(self, part: str, whole: str) -> float | str:
        """``part`` as a percentage of ``whole``: ``[c]`` if either is hidden, ``[x]`` if the whole is 0."""
        if part in self.hidden or whole in self.hidden:
            return CONFIDENTIAL
        denominator = self.counts.get(whole, 0)
        if not denominator:
            return UNAVAILABLE
        return 100 * self.counts.get(part, 0) / denominator


def tally(counts: Mapping[str, int], totals: Sequence[tuple[str, Sequence[str]]], viewer: Viewer) -> Tally:
    """The counts with disclosure control applied for this viewer: nothing hidden for a viewer
    who may see every count, otherwise the small counts and their complements."""
    if viewer.exact:
        return Tally(dict(counts), frozenset())
    relations = [Total(total, tuple(parts)) for total, parts in totals]
    return Tally(dict(counts), protect(dict(counts), relations))

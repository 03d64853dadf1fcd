"""Rank (ties take the best rank) and quartile bands by polarity, as LAIT computes them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeguard.benchmarks.ranking import QuartileCuts, quartile_band, quartile_cuts, rank_among

VALUES = [10.0, 20.0, 20.0, 30.0, 40.0]


def test_low_is_good_ranks_the_smallest_first_and_ties_share_the_best_rank() -> None:
    assert [rank_among(VALUES, value, "low") for value in VALUES] == [1, 2, 2, 4, 5]


def test_high_is_good_ranks_the_largest_first_and_ties_share_the_best_rank() -> None:
    assert [rank_among(VALUES, value, "high") for value in VALUES] == [5, 3, 3, 2, 1]


def test_quartile_cuts_interpolate_as_r_does() -> None:
    # R: quantile(c(1, 2, 4, 7, 11, 16)) gives 1, 2.5, 5.5, 10, 16 (type 7: position 1 + p (n - 1)).
    assert quartile_cuts([16, 1, 7, 2, 11, 4]) == QuartileCuts(1.0, 2.5, 5.5, 10.0, 16.0)


CUTS = QuartileCuts(0.0, 10.0, 20.0, 30.0, 40.0)


@pytest.mark.parametrize(
    ("value", "low_good", "high_good"),
    [
        (0.0, "A", "D"),
        (10.0, "A", "D"),
        (10.1, "B", "C"),
        (20.0, "B", "C"),
        (25.0, "C", "B"),
        (30.0, "C", "B"),
        (30.1, "D", "A"),
        (40.0, "D", "A"),
    ],
)
def test_bands_by_polarity_with_each_cut_in_the_band_below(value: float, low_good: str, high_good: str) -> None:
    assert quartile_band(value, CUTS, "low") == low_good
    assert quartile_band(value, CUTS, "high") == high_good


@given(st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=1, max_size=60))
def test_rank_and_band_agree_on_who_is_best(values: list[float]) -> None:
    """The best value is ranked 1 and sits in band A, whichever way the polarity runs."""
    cuts = quartile_cuts(values)
    best_low, best_high = min(values), max(values)
    assert rank_among(values, best_low, "low") == 1
    assert rank_among(values, best_high, "high") == 1
    assert quartile_band(best_low, cuts, "low") == "A"
    assert quartile_band(best_high, cuts, "high") == "A" or best_high == cuts.upper
    # Ranks never exceed the number of councils, and ties share the same rank.
    ranks = [rank_among(values, value, "low") for value in values]
    assert max(ranks) <= len(values)
    assert all(ranks[i] == ranks[j] for i in range(len(values)) for j in range(len(values)) if values[i] == values[j])

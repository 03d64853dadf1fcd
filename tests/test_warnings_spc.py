"""XmR limits and the Making Data Count special-cause rules, on short hand-made series."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safeguard.warnings.spc import (
    Limits,
    RuleSettings,
    beyond_limits,
    shifts,
    special_causes,
    trends,
    two_of_three_beyond_two_sigma,
    xmr_limits,
)

# A baseline whose sigma is exactly 1: the mean moving range is d2 = 1.128.
UNIT_SIGMA = Limits(mean=10.0, mean_moving_range=1.128, points=12)


def test_xmr_limits_by_hand() -> None:
    # mean = 55 / 5 = 11; moving ranges 2, 1, 2, 4 -> mean 2.25;
    # limits 11 +/- 2.66 x 2.25 = 11 +/- 5.985; sigma = 2.25 / 1.128.
    limits = xmr_limits([10, 12, 11, 13, 9])
    assert limits.mean == 11
    assert limits.mean_moving_range == 2.25
    assert limits.upper == pytest.approx(16.985)
    assert limits.lower == pytest.approx(5.015)
    assert limits.sigma == pytest.approx(1.99468, abs=1e-5)
    assert limits.points == 5


def test_limits_need_two_points() -> None:
    with pytest.raises(ValueError):
        xmr_limits([4.0])


def test_unit_sigma_baseline_is_what_the_tests_assume() -> None:
    assert UNIT_SIGMA.sigma == pytest.approx(1.0)
    assert UNIT_SIGMA.upper == pytest.approx(13.00048)
    assert UNIT_SIGMA.lower == pytest.approx(6.99952)


def test_a_point_beyond_the_upper_limit_is_a_signal() -> None:
    signals = beyond_limits([10, 11, 13.1, 10], UNIT_SIGMA)
    assert [(s.rule, s.direction, s.first, s.detected, s.last) for s in signals] == [("beyond_limit", "up", 2, 2, 2)]


def test_consecutive_points_beyond_a_limit_make_one_episode_and_below_is_down() -> None:
    signals = beyond_limits([10, 6.9, 6.5, 10, 13.5], UNIT_SIGMA)
    assert sorted((s.direction, s.first, s.last) for s in signals) == [("down", 1, 2), ("up", 4, 4)]


def test_a_point_just_inside_the_limits_is_not_a_signal() -> None:
    assert beyond_limits([10, 13.0, 7.0, 10], UNIT_SIGMA) == []


def test_seven_points_above_the_mean_are_a_shift_detected_at_the_seventh() -> None:
    values = [9, 10.5, 10.2, 11, 10.1, 10.9, 10.3, 10.4, 9.5]
    signals = shifts(values, UNIT_SIGMA, 7)
    assert [(s.direction, s.first, s.detected, s.last) for s in signals] == [("up", 1, 7, 7)]


def test_six_points_above_the_mean_are_not_a_shift() -> None:
    assert shifts([9, 10.5, 10.2, 11, 10.1, 10.9, 10.3, 9.5], UNIT_SIGMA, 7) == []


def test_a_point_on_the_mean_breaks_a_run() -> None:
    assert shifts([10.5, 10.2, 11, 10.0, 10.1, 10.9, 10.3, 10.4], UNIT_SIGMA, 7) == []


def test_the_shift_length_is_configurable() -> None:
    values = [10.5, 10.2, 11, 10.1, 10.9, 10.3, 10.4]
    assert len(shifts(values, UNIT_SIGMA, 7)) == 1
    assert shifts(values, UNIT_SIGMA, 8) == []
    assert len(special_causes(values, UNIT_SIGMA, RuleSettings(shift_length=7))) == 1
    assert special_causes(values, UNIT_SIGMA, RuleSettings(shift_length=8)) == []


def test_seven_points_below_the_mean_are_a_downward_shift() -> None:
    signals = shifts([9.9, 9.5, 9.8, 9.1, 9.7, 9.6, 9.9], UNIT_SIGMA, 7)
    assert [(s.direction, s.first, s.detected, s.last) for s in signals] == [("down", 0, 6, 6)]


def test_six_rising_points_are_a_trend_detected_at_the_sixth() -> None:
    values = [10, 9, 9.2, 9.4, 9.6, 9.8, 10.0, 10.2, 9.0]
    signals = trends(values, 6)
    assert [(s.direction, s.first, s.detected, s.last) for s in signals] == [("up", 1, 6, 7)]


def test_five_rising_points_are_not_a_trend() -> None:
    assert trends([10, 9, 9.2, 9.4, 9.6, 9.8, 9.0], 6) == []


def test_an_unchanged_value_breaks_a_trend() -> None:
    assert trends([9, 9.2, 9.4, 9.4, 9.6, 9.8, 10.0], 6) == []


def test_six_falling_points_are_a_downward_trend() -> None:
    signals = trends([11, 10.8, 10.5, 10.1, 10.0, 9.2], 6)
    assert [(s.direction, s.first, s.last) for s in signals] == [("down", 0, 5)]


def test_two_of_three_points_beyond_two_sigma_on_one_side() -> None:
    # 2 sigma above the mean is 12; neither 12.5 is beyond the limit of 13.0.
    signals = two_of_three_beyond_two_sigma([10, 12.5, 10.3, 12.5, 10], UNIT_SIGMA)
    assert [(s.direction, s.first, s.detected, s.last) for s in signals] == [("up", 1, 3, 3)]
    assert beyond_limits([10, 12.5, 10.3, 12.5, 10], UNIT_SIGMA) == []


def test_two_beyond_two_sigma_but_three_apart_are_not_a_signal() -> None:
    assert two_of_three_beyond_two_sigma([10, 12.5, 10.3, 10.4, 12.5, 10], UNIT_SIGMA) == []


def test_two_beyond_two_sigma_on_opposite_sides_are_not_a_signal() -> None:
    assert two_of_three_beyond_two_sigma([10, 12.5, 7.5, 10], UNIT_SIGMA) == []


def test_overlapping_two_of_three_windows_are_one_episode() -> None:
    signals = two_of_three_beyond_two_sigma([12.5, 12.6, 10, 12.7, 12.2, 10, 10, 10], UNIT_SIGMA)
    assert [(s.first, s.detected, s.last) for s in signals] == [(0, 1, 4)]


def test_a_stable_series_has_no_special_cause() -> None:
    values = [10.3, 9.6, 10.8, 9.4, 10.2, 10.9, 9.9, 9.1, 10.5, 10.0, 9.7, 10.6]
    assert special_causes(values, UNIT_SIGMA) == []


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


def _shape(signals: list) -> list[tuple[str, str, int, int, int]]:
    return sorted((s.rule, s.direction, s.first, s.detected, s.last) for s in signals)


@settings(max_examples=200, deadline=None)
@given(values=st.lists(finite, min_size=2, max_size=40))
def test_signals_are_well_formed_and_symmetric(values: list[float]) -> None:
    """Indices stay inside the series; doubling the data changes nothing; mirroring it swaps
    every signal's direction. (Both transformations are exact in floating point.)"""
    baseline = values[: max(2, len(values) // 2)]
    signals = special_causes(values, xmr_limits(baseline))
    for signal in signals:
        assert 0 <= signal.first <= signal.detected <= signal.last < len(values)
    doubled = special_causes([2 * v for v in values], xmr_limits([2 * v for v in baseline]))
    assert _shape(doubled) == _shape(signals)
    mirrored = special_causes([-v for v in values], xmr_limits([-v for v in baseline]))
    swap = {"up": "down", "down": "up"}
    assert _shape(mirrored) == sorted((r, swap[d], f, t, n) for r, d, f, t, n in _shape(signals))


@settings(max_examples=100, deadline=None)
@given(level=finite, length=st.integers(min_value=2, max_value=30))
def test_a_constant_series_never_signals(level: float, length: int) -> None:
    values = [level] * length
    assert special_causes(values, xmr_limits(values)) == []

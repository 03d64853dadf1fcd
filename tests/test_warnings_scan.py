"""Warnings as a leader reads them: polarity, since when, by how much, thresholds, neighbours."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import partial

import pytest

from safeguard.benchmarks.comparison import Benchmark
from safeguard.council import Threshold
from safeguard.warnings.baselines import baseline_from
from safeguard.warnings.scan import (
    Window,
    control_chart_warnings,
    neighbour_warnings,
    reading_of,
    scan,
    threshold_warnings,
)
from safeguard.warnings.spc import RuleSettings
from safeguard.warnings.thresholds import thresholds_in_force
from warnings_support import monthly_points


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    unit: str
    polarity: str
    question: str
    rolling_year_count: bool = False


RE_REFERRALS = Indicator("re_referral_rate", "Re-referrals within 12 months", "percent", "low", "Why are children coming back?")
TIMELINESS = Indicator("assessments_within_45wd", "Assessments within 45 working days", "percent", "high", "What is slowing assessments?")
REFERRALS = Indicator("referrals_per_10k", "Referrals per 10,000", "per_10k", "context", "What is driving demand?")
UNALLOCATED = Indicator("unallocated_cases", "Unallocated cases", "count", "zero", "Who is seeing these children?")

monthly = partial(monthly_points, first=date(2022, 4, 1))
"""The test's series, month by month from April 2022."""


# Twelve baseline months around 20 (mean 20.0; moving ranges average 1.0), then a step to 24.
BASELINE_VALUES = [20.5, 19.5, 20.5, 19.5, 20.5, 19.5, 20.5, 19.5, 20.5, 19.5, 20.5, 19.5]
STEP = [24.2, 23.8, 24.1, 23.9, 24.3, 23.7, 24.0, 24.0]
SERIES = monthly(BASELINE_VALUES + STEP)
BASELINE = baseline_from("x", SERIES, date(2022, 4, 1), date(2023, 3, 1), "default")


def test_the_baseline_by_hand() -> None:
    assert BASELINE.mean == pytest.approx(20.0)
    assert BASELINE.mean_moving_range == pytest.approx(1.0)
    assert BASELINE.limits.upper == pytest.approx(22.66)


@pytest.mark.parametrize(
    ("indicator", "reading"),
    [(RE_REFERRALS, "concern"), (TIMELINESS, "improvement"), (REFERRALS, "unusual"), (UNALLOCATED, "concern")],
)
def test_the_same_rise_is_read_through_polarity(indicator: Indicator, reading: str) -> None:
    warnings = control_chart_warnings(indicator, SERIES, replace(BASELINE, indicator_id=indicator.id))
    assert len(warnings) == 1
    assert warnings[0].reading == reading


def test_a_fall_reverses_the_reading() -> None:
    assert reading_of("down", "low") == "improvement"
    assert reading_of("down", "high") == "concern"
    assert reading_of("down", "zero") == "improvement"
    assert reading_of("down", "context") == "unusual"


def test_a_step_change_states_since_when_by_how_much_and_how_unusual() -> None:
    (warning,) = control_chart_warnings(RE_REFERRALS, SERIES, BASELINE)
    # Every step month is beyond the upper limit of 22.66, so one episode from April 2023.
    assert warning.since == date(2023, 4, 1)
    assert warning.detected == date(2023, 4, 1)
    assert warning.until == date(2023, 11, 1)
    assert set(warning.rules) == {"beyond_limit", "shift", "two_of_three"}
    assert warning.rules[0] == "beyond_limit"
    assert warning.direction == "up"
    assert warning.value == STEP[-1]
    assert warning.change == pytest.approx(STEP[-1] - 20.0)
    assert warning.change_text == "+4.0 percentage points"
    # The furthest month, 24.3, is 4.3 / (1.0 / 1.128) = 4.85 sigma above the mean.
    assert warning.sigma == pytest.approx(4.3 * 1.128)
    assert warning.run_length == 8
    assert "4.9 sigma above" in warning.how_unusual
    assert "8 months in a row above the baseline mean of 20.0%" in warning.what_moved
    assert warning.what_moved.startswith("Rose:")
    assert warning.question == RE_REFERRALS.question
    assert warning.data_confidence == "not yet measured"
    assert "default baseline" in warning.basis


def test_a_gradual_shift_is_dated_from_its_first_month_and_detected_at_the_seventh() -> None:
    drift = [20.6, 20.8, 20.7, 20.9, 20.6, 20.8, 20.7, 20.9]
    series = monthly(BASELINE_VALUES + drift)
    (warning,) = control_chart_warnings(RE_REFERRALS, series, BASELINE)
    assert warning.rules == ("shift",)
    assert warning.since == date(2023, 4, 1)
    assert warning.detected == date(2023, 10, 1)
    assert warning.signals == (("shift", date(2023, 10, 1)),)
    assert warning.change == pytest.approx(0.9)
    assert warning.run_length == 8
    assert warning.sigma is not None and warning.sigma < 3


def test_a_recovering_trend_rises_yet_sits_below_the_mean() -> None:
    recovery = [19.6, 18.0, 18.2, 18.5, 18.9, 19.2, 19.6]
    series = monthly(BASELINE_VALUES + recovery)
    warnings = control_chart_warnings(TIMELINESS, series, BASELINE)
    trend = next(w for w in warnings if "trend" in w.rules)
    assert (trend.direction, trend.reading) == ("up", "improvement")
    assert trend.value == 19.6 and trend.change == pytest.approx(-0.4)
    assert trend.what_moved.startswith("Rose: 6 months in a row each higher than the month before")


def test_the_window_reports_signals_ending_inside_it_and_ignores_later_months() -> None:
    assert control_chart_warnings(RE_REFERRALS, SERIES, BASELINE, window=Window(end=date(2023, 3, 1))) == []
    assert control_chart_warnings(RE_REFERRALS, SERIES, BASELINE, window=Window(start=date(2023, 12, 1))) == []
    (early,) = control_chart_warnings(RE_REFERRALS, SERIES, BASELINE, window=Window(end=date(2023, 5, 1)))
    assert early.until == date(2023, 5, 1)
    assert early.rules == ("beyond_limit", "two_of_three")


def test_a_longer_shift_rule_waits_longer() -> None:
    drift = [20.6, 20.8, 20.7, 20.9, 20.6, 20.8, 20.7, 20.9]
    series = monthly(BASELINE_VALUES + drift)
    assert control_chart_warnings(RE_REFERRALS, series, BASELINE, RuleSettings(shift_length=9)) == []


def test_local_threshold_runs_become_warnings() -> None:
    series = monthly([0, 0, 2, 3, 0, 0, 1])
    warnings = threshold_warnings(UNALLOCATED, series, Threshold(high=0))
    assert [(w.since, w.until, w.value, w.change, w.run_length) for w in warnings] == [
        (date(2022, 6, 1), date(2022, 7, 1), 3, 3, 2),
        (date(2022, 10, 1), date(2022, 10, 1), 1, 1, 1),
    ]
    assert all(w.reading == "concern" and w.rules == ("above_local_limit",) for w in warnings)
    assert warnings[0].what_moved == "Above the council's limit of 0, latest 3."
    assert warnings[0].basis == "local limit: no more than 0"
    assert warnings[1].how_unusual == "1 month in a row beyond the local limit."


def test_a_floor_threshold() -> None:
    series = monthly([90, 84, 79, 78])
    (warning,) = threshold_warnings(TIMELINESS, series, Threshold(low=80))
    assert warning.since == date(2022, 6, 1)
    assert warning.change == pytest.approx(-2)
    assert warning.rules == ("below_local_limit",)
    assert warning.basis == "local limit: at least 80.0%"


def test_zero_target_indicators_have_a_limit_of_zero_unless_the_council_sets_one() -> None:
    indicators = [RE_REFERRALS, TIMELINESS, UNALLOCATED]
    assert thresholds_in_force({}, indicators) == {"unallocated_cases": Threshold(high=0)}
    configured = thresholds_in_force({"assessments_within_45wd": Threshold(low=80), "unallocated_cases": Threshold(high=2)}, indicators)
    assert configured == {"assessments_within_45wd": Threshold(low=80), "unallocated_cases": Threshold(high=2)}


def benchmark_row(value: float, mean: float, lowest: float, highest: float) -> Benchmark:
    return Benchmark(
        indicator_id="re_referral_rate", title="Re-referrals", unit="percent", lait_code="ReReferral",
        lait_title="", polarity="low", year=2025, year_label="2025", council_value=value,
        council_source="snapshots", england=22.6, region_name="North East", region=20.7,
        neighbours_mean=mean, neighbours_counted=10, neighbours_lowest=lowest, neighbours_highest=highest,
        rank=None, councils_ranked=0, band=None,
    )


def test_far_above_the_neighbours_is_a_concern_for_a_low_is_good_indicator() -> None:
    (warning,) = neighbour_warnings(RE_REFERRALS, benchmark_row(26.0, 20.0, 15.0, 27.0), distance=0.25)
    assert warning.rules == ("neighbour_distance",)
    assert warning.reading == "concern"
    assert warning.change == pytest.approx(6.0)
    assert warning.since == date(2024, 4, 1)
    assert "30% above the neighbours' mean of 20.0%" in warning.what_moved


def test_beyond_the_neighbours_range_even_when_close_to_their_mean() -> None:
    (warning,) = neighbour_warnings(TIMELINESS, benchmark_row(80.0, 84.0, 81.0, 88.0), distance=0.25)
    assert warning.rules == ("beyond_neighbour_range",)
    assert warning.reading == "concern"
    assert warning.how_unusual == "Below all 10 neighbours (lowest 81.0%)."


def test_within_the_neighbours_is_quiet() -> None:
    assert neighbour_warnings(RE_REFERRALS, benchmark_row(21.0, 20.0, 15.0, 27.0), distance=0.25) == []
    assert neighbour_warnings(RE_REFERRALS, replace(benchmark_row(21.0, 20.0, 15.0, 27.0), council_value=None)) == []


def test_scan_puts_concerns_first_and_passes_on_data_confidence() -> None:
    series = {
        RE_REFERRALS.id: SERIES,
        TIMELINESS.id: SERIES,
        UNALLOCATED.id: monthly([0] * 19 + [2]),
    }
    baselines = {indicator_id: replace(BASELINE, indicator_id=indicator_id) for indicator_id in series}
    baselines[UNALLOCATED.id] = baseline_from(UNALLOCATED.id, series[UNALLOCATED.id], date(2022, 4, 1), date(2023, 3, 1))
    warnings = scan(
        [TIMELINESS, RE_REFERRALS, UNALLOCATED],
        series,
        baselines,
        thresholds=thresholds_in_force({}, [UNALLOCATED]),
        confidence={RE_REFERRALS.id: "96% of rows without findings"},
    )
    # Unallocated cases: 2 after a baseline of zeros is above the council's limit of none, but a
    # single month of 2 is within chance for the combined signal (its spread is at least 1 case,
    # and one month adds 2 - 0.75 = 1.25 to the sum, short of 4.5, and is not beyond the
    # single-month limit of 4): one warning, from the limit. Re-referrals step up by 4.5
    # spreads, beyond the single-month limit: the first step month signals. The same step on
    # timeliness is an improvement.
    assert [(w.reading, w.indicator_id, w.source) for w in warnings] == [
        ("concern", "unallocated_cases", "local_threshold"),
        ("concern", "re_referral_rate", "control_chart"),
        ("improvement", "assessments_within_45wd", "control_chart"),
    ]
    assert warnings[1].data_confidence == "96% of rows without findings"
    assert warnings[0].data_confidence == "not yet measured"
    assert warnings[1].detected == date(2023, 4, 1)


def test_the_four_rules_alone_still_answer_when_asked() -> None:
    series = {UNALLOCATED.id: monthly([0] * 19 + [2])}
    baselines = {UNALLOCATED.id: baseline_from(UNALLOCATED.id, series[UNALLOCATED.id], date(2022, 4, 1), date(2023, 3, 1))}
    warnings = scan([UNALLOCATED], series, baselines, thresholds=thresholds_in_force({}, [UNALLOCATED]), method="every_rule")
    assert [(w.reading, w.source) for w in warnings] == [("concern", "control_chart"), ("concern", "local_threshold")]

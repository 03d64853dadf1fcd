"""The combined signal's warnings for hand-built series, word for word (issue 11 point 8): flat,
a step up, a step down, a rise to England's level, a seasonal pattern, and never a concern and
an improvement about the same months.

Each series has a baseline of 24 months from April 2022 in which the months alternate either
side of the level, the second year starting on the other side (so no calendar month differs
from another and no month repeats the one before): 100 cases a month, so a month's spread by
chance alone is 100 x sqrt(p (1 - p) / 100) percentage points (4.0 at 20% or 80%).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from safeguard.benchmarks.comparison import Benchmark
from safeguard.warnings.baselines import MonthlyPoint, baseline_from
from safeguard.warnings.combined import _carry_over_of, chance_of_at_least, expectation_from, monthly_events
from safeguard.warnings.scan import combined_warnings, scan


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    unit: str
    polarity: str
    question: str
    rolling_year_count: bool = False


RE_REFERRALS = Indicator("re_referral_rate", "Re-referrals within 12 months (%)", "percent", "low", "Why are children coming back?")
TIMELINESS = Indicator("assessments_within_45wd", "Assessments within 45 working days (%)", "percent", "high", "Where are assessments stuck?")
REFERRALS = Indicator("referrals_per_10k", "Referrals per 10,000 children", "per_10k", "context", "What is driving demand?")


def months(counts: list[int], denominator: int = 100, scale: float = 100) -> list[MonthlyPoint]:
    """One point a month from April 2022: ``counts`` out of ``denominator`` as a percentage (or, with
    ``scale`` 10,000, a rate per 10,000 children)."""
    points = []
    for index, count in enumerate(counts):
        year, month = 2022 + (3 + index) // 12, (3 + index) % 12 + 1
        points.append(MonthlyPoint(date(year, month, 1), scale * count / denominator, count, denominator))
    return points


def baseline_counts(low: int, high: int) -> list[int]:
    return [low if (index + (index >= 12)) % 2 == 0 else high for index in range(24)]


def warnings_for(indicator: Indicator, series: list[MonthlyPoint], benchmark: Benchmark | None = None):
    baseline = baseline_from(indicator.id, series, date(2022, 4, 1), date(2024, 3, 1), "default")
    return scan([indicator], {indicator.id: series}, {indicator.id: baseline}, benchmarks={indicator.id: benchmark} if benchmark else None)


def england(value: float, neighbours: float) -> Benchmark:
    return Benchmark(
        indicator_id="re_referral_rate", title="Re-referrals", unit="percent", lait_code="ReReferral", lait_title="",
        polarity="low", year=2025, year_label="2025", council_value=None, council_source="snapshots", england=value,
        region_name="North East", region=None, neighbours_mean=neighbours, neighbours_counted=10, neighbours_lowest=None,
        neighbours_highest=None, rank=None, councils_ranked=0, band=None,
    )


def test_a_flat_series_raises_nothing():
    assert warnings_for(RE_REFERRALS, months([20] * 36)) == []


def test_usual_ups_and_downs_raise_nothing():
    assert warnings_for(RE_REFERRALS, months(baseline_counts(18, 22) * 2)) == []


def test_a_step_up_in_re_referrals_is_a_concern_in_plain_words():
    # Six months at 34%: each 14 points, 3.5 spreads, above 20% (not beyond the single-month limit
    # of 4). Less the reference of 0.75 the sum is 2.75, then 5.5: past the decision level of 4.5
    # in the second month.
    (warning,) = warnings_for(RE_REFERRALS, months(baseline_counts(18, 22) + [34] * 6))
    assert (warning.reading, warning.direction, warning.source) == ("concern", "up", "control_chart")
    assert (warning.since, warning.detected, warning.until) == (date(2024, 4, 1), date(2024, 5, 1), date(2024, 9, 1))
    assert warning.what_moved == "Rose from 20.0% to an average of 34.0% over the 6 months since April 2024."
    assert warning.change_text == "+14.0 percentage points"
    assert warning.basis == "the average of April 2022 to March 2024 (24 months), 20.0%"
    assert warning.how_unusual == (
        "6 of those 6 months were higher than the baseline, and 6 outside the range chance alone would give a month (12.0% to 28.0%)."
    )
    assert warning.question == RE_REFERRALS.question
    assert warning.comparison == ""


def test_a_step_down_in_timeliness_is_a_concern_in_plain_words():
    # Six months at 62%: each 4.5 spreads below 80%, beyond the single-month limit of 4, so the
    # first month signals on its own (with 80 cases, well over five, in the moving part).
    (warning,) = warnings_for(TIMELINESS, months(baseline_counts(78, 82) + [62] * 6))
    assert (warning.reading, warning.direction) == ("concern", "down")
    assert (warning.since, warning.detected) == (date(2024, 4, 1), date(2024, 4, 1))
    assert warning.what_moved == "Fell from 80.0% to an average of 62.0% over the 6 months since April 2024."
    assert warning.change_text == "-18.0 percentage points"
    assert warning.how_unusual == (
        "6 of those 6 months were lower than the baseline, and 6 outside the range chance alone would give a month (72.0% to 88.0%)."
    )


def test_a_rise_to_england_s_level_is_not_a_concern():
    # From 14% to 22%: 2.3 spreads a month (1.55 over the reference), past the decision level of
    # 4.5 in the third month (4.65). Pooled over
    # the six months (600 referrals) 22.0% is within two standard errors (2 x 1.7) of England's 22.6%.
    series = months(baseline_counts(12, 16) + [22] * 6)
    (warning,) = warnings_for(RE_REFERRALS, series, england(22.6, 20.0))
    assert (warning.reading, warning.detected) == ("unusual", date(2024, 6, 1))
    assert warning.what_moved == "Rose from 14.0% to an average of 22.0% over the 6 months since April 2024."
    assert warning.comparison == (
        "At 22.0% the council is level with England (22.6%): the difference is within what chance gives a council of this size. "
        "In 2024-25: England 22.6% and the statistical neighbours' average 20.0%."
    )
    # The same rise where England stands at 14% is a concern, with England and the neighbours beside it.
    (concern,) = warnings_for(RE_REFERRALS, series, england(14.0, 13.0))
    assert concern.reading == "concern"
    assert concern.comparison == "In 2024-25: England 14.0% and the statistical neighbours' average 13.0%."


SEASON = [50, 50, 50, 50, 20, 80, 50, 50, 50, 50, 50, 50]
"""Referrals from April to March in a council of 10,000 children: few in August, many in September."""


def test_a_yearly_pattern_is_expected_and_a_rise_on_top_of_it_is_still_seen():
    baseline = months(SEASON * 2, denominator=10_000, scale=10_000)
    expectation = expectation_from("per_10k", baseline)
    assert expectation.seasonal is not None and expectation.seasonal[7] == pytest.approx(0.4)
    assert warnings_for(REFERRALS, months(SEASON * 3, denominator=10_000, scale=10_000)) == []
    busier = [round(count * 1.4) for count in SEASON]
    (warning,) = warnings_for(REFERRALS, months(SEASON * 2 + busier, denominator=10_000, scale=10_000))
    assert (warning.reading, warning.since, warning.until) == ("unusual", date(2024, 4, 1), date(2025, 3, 1))
    assert warning.what_moved == "Rose from 50.0 per 10,000 to an average of 70.0 per 10,000 over the 12 months since April 2024."


UNALLOCATED = Indicator("unallocated_cases", "Unallocated cases", "count", "zero", "Who is looking after these children?")


def test_a_yearly_pattern_with_a_month_always_at_nothing_is_judged_against_the_level():
    # Unallocated children: none each August, a few more each September, for two years running.
    # A pattern that expects nothing of August could not judge it (found on a synthetic council
    # of 36,000 children, where it stopped the early warning with a division by zero).
    pattern = [3, 3, 3, 3, 0, 9, 3, 3, 3, 3, 3, 3]
    counts = [MonthlyPoint(point.month, float(count), None, None) for point, count in zip(months(pattern * 3), pattern * 3, strict=True)]
    expectation = expectation_from("count", counts[:24])
    assert expectation.seasonal is None and expectation.centre == pytest.approx(3.25)
    assert warnings_for(UNALLOCATED, counts) == []


@settings(max_examples=200, deadline=None)
@given(
    year=st.lists(st.tuples(st.integers(0, 30), st.integers(0, 12)), min_size=12, max_size=12),
    wobble=st.lists(st.integers(-2, 2), min_size=30, max_size=48),
    unit=st.sampled_from(["count", "percent", "per_10k"]),
)
def test_any_series_of_small_numbers_is_judged_without_failing_or_contradicting_itself(year, wobble, unit):
    # Small councils' months: a handful of cases, often none, sometimes no month at all (nothing
    # to divide by), following a yearly pattern give or take a little. Whatever they hold, the
    # early warning must judge them, and never call the same months both a concern and an
    # improvement.
    months_drawn = [(cases, max(events + change, 0)) for (cases, events), change in zip(year * 4, wobble)]
    points = []
    for index, (cases, events) in enumerate(months_drawn):
        month = date(2022 + (3 + index) // 12, (3 + index) % 12 + 1, 1)
        if unit == "count":
            points.append(MonthlyPoint(month, float(events)))
        elif cases:
            counted = min(events, cases)
            scale = 100 if unit == "percent" else 10_000
            points.append(MonthlyPoint(month, scale * counted / cases, counted, cases))
    assume(sum(point.month < date(2024, 4, 1) for point in points) >= 2)  # a baseline needs two months
    indicator = {"count": UNALLOCATED, "percent": TIMELINESS, "per_10k": REFERRALS}[unit]
    found = warnings_for(indicator, points)
    concerns = [warning for warning in found if warning.reading == "concern"]
    improvements = [warning for warning in found if warning.reading == "improvement"]
    for concern in concerns:
        for improvement in improvements:
            assert concern.until < improvement.since or improvement.until < concern.since


def test_never_a_concern_and_an_improvement_about_the_same_months():
    # Timeliness steps up (an improvement on the chart) in the year the neighbours' comparison
    # finds it far below them (a concern): one warning speaks, the other's finding goes beside it.
    series = months(baseline_counts(58, 62) + [80] * 12)
    far_below = Benchmark(
        indicator_id=TIMELINESS.id, title="", unit="percent", lait_code="x", lait_title="", polarity="high", year=2025,
        year_label="2025", council_value=70.0, council_source="snapshots", england=85.0, region_name="", region=None,
        neighbours_mean=95.0, neighbours_counted=10, neighbours_lowest=90.0, neighbours_highest=99.0, rank=None,
        councils_ranked=0, band=None,
    )
    found = warnings_for(TIMELINESS, series, far_below)
    assert [(item.source, item.reading) for item in found] == [("control_chart", "improvement")]
    assert "Also: In 2024-25 the council's 70.0% is 26% below the neighbours' mean of 95.0%" in found[0].comparison


def test_a_percentage_resting_on_a_handful_of_cases_is_not_judged():
    # Two cases a month: one in two in the baseline, then both for six months. A month with fewer
    # than three cases behind it is not scored, however far it moves.
    series = months([1] * 24 + [2] * 6, denominator=2)
    baseline = baseline_from(RE_REFERRALS.id, series, date(2022, 4, 1), date(2024, 3, 1))
    assert combined_warnings(RE_REFERRALS, series, baseline) == []
    # The same shares from twenty cases a month are judged: the change is plain.
    (warning,) = combined_warnings(RE_REFERRALS, months([10] * 24 + [20] * 6, denominator=20), baseline)
    assert warning.what_moved == "Rose from 50.0% to an average of 100.0% over the 6 months since April 2024."


TURNOVER = Indicator(
    "social_worker_turnover_rate", "Social worker turnover rate (%)", "percent", "low", "Why are social workers leaving?",
    rolling_year_count=True,
)


def rolling_year(leavers: list[float], in_post: float = 24) -> list[MonthlyPoint]:
    """Turnover from April 2023: leavers in the 12 months to each month's end, of ``in_post`` workers."""
    return [
        MonthlyPoint(date(2023 + (3 + index) // 12, (3 + index) % 12 + 1, 1), 100 * count / in_post, count, in_post)
        for index, count in enumerate(leavers)
    ]


def test_a_rolling_year_is_split_into_each_month_s_own_events():
    # 12 leavers in the first year: a twelfth (1) taken as each of its months. The figure stays at
    # 12 (one leaver in, the same month's one of a year before out), then gains 3: 3 + 1 = 4
    # leavers, of a twelfth of 120 workers (10), 40% at a yearly rate.
    split = monthly_events(rolling_year([12, 12, 15], in_post=120), "percent")
    assert split is not None
    assert [(point.numerator, point.denominator, point.value) for point in split] == [(1, 10, 10), (1, 10, 10), (4, 10, 40)]
    # A month missing from the figure leaves nothing to split.
    gap = rolling_year([12, 12, 15], in_post=120)
    assert monthly_events([gap[0], gap[2]], "percent") is None


def test_the_chance_of_a_count_is_the_poisson_tail():
    # P(X >= 5) for a mean of 1: 1 - e^-1 (1 + 1 + 1/2 + 1/6 + 1/24) = 0.00366; P(X >= 1) = 1 - e^-0.5.
    assert chance_of_at_least(5, 1.0) == pytest.approx(0.00366, abs=1e-5)
    assert chance_of_at_least(1, 0.5) == pytest.approx(0.39347, abs=1e-5)
    assert chance_of_at_least(1, 2.0) == 1.0


def test_a_rise_in_a_rolling_year_figure_is_found_from_the_months_that_added_to_it():
    # 24 workers; 3 leavers in each year to April 2023 .. March 2024 (the baseline), then one more
    # leaver in each of the next four months. The usual level is (3 + 0.5) / 24 = 14.6%; each
    # month's chance share is 2 workers (24 / 12) at 14.6%, a spread of 25.0 points. A month
    # with 1.25 leavers (the new one and a twelfth of the first year) is 62.5% at a yearly rate,
    # 1.92 spreads above: the sum, less 0.75 each month, is 1.17, 2.34, 3.51, 4.68, past 4.5 in the
    # fourth month, when 5 leavers against 1.17 expected are a chance of 0.7%, under 1 in 100.
    series = rolling_year([3] * 12 + [4, 5, 6, 7] + [7] * 8)
    baseline = baseline_from(TURNOVER.id, series, date(2023, 4, 1), date(2024, 3, 1), "default")
    (warning,) = combined_warnings(TURNOVER, series, baseline)
    assert (warning.reading, warning.direction) == ("concern", "up")
    assert (warning.since, warning.detected) == (date(2024, 4, 1), date(2024, 7, 1))
    assert warning.basis == "the usual level of April 2023 to March 2024 (12 months), 14.6%"
    assert warning.how_unusual == (
        "Each month's figure covers the year before it: in 4 of those 6 months more was added to it than in a usual month."
    )
    # The same figure level all along raises nothing.
    assert combined_warnings(TURNOVER, rolling_year([3] * 24), baseline) == []


def test_carried_over_months_count_as_one_in_at_most_a_year_of_months():
    # Two up, two down, six times: 23 neighbouring pairs, 12 alike and 11 not, so r = (12 - 11) / 24
    # = 1/24; the short-series correction adds (1 + 4/24) / 24 = 0.0486, r = 0.0903, and
    # (1 + r) / (1 - r) = 1.0903 / 0.9097 = 1.198 months make the evidence of one.
    assert _carry_over_of([1.0, 1.0, -1.0, -1.0] * 6) == pytest.approx(1.1985, abs=1e-4)
    # A steady climb over 24 months has r = 0.875, 1.06 with the correction: past the most a
    # year's window gives, so 12 months count as one (the first version allowed 39).
    assert _carry_over_of([float(month) for month in range(24)]) == pytest.approx(12.0)
    # Months that do not repeat each other count as themselves.
    assert _carry_over_of([1.0, -1.0] * 12) == 1.0

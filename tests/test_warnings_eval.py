"""The early warning measured against the changes the synthetic council generator plants."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from safeguard.calendar import months_later
from safeguard.synth import SynthConfig
from safeguard.synth.calibration import Calibration, built_in_calibration
from safeguard.warnings.baselines import MonthlyPoint
from safeguard.warnings.evaluation import (
    CouncilSeries,
    Detection,
    Evaluation,
    EvaluationPlan,
    Planted,
    cache_name,
    evaluate,
    evidence,
    false_alarms,
    first_detection,
    information,
    months_between,
    planted_share,
)
from safeguard.warnings.records import EarlyWarning

RE_REFERRALS = Planted("rising_re_referrals", "re_referral_rate", "up", date(2024, 3, 1))


def warning(**changes: object) -> EarlyWarning:
    base = EarlyWarning(
        indicator_id="re_referral_rate", title="Re-referrals", unit="percent", source="control_chart",
        rules=("shift",), reading="concern", direction="up", what_moved="Rose.", since=date(2024, 3, 1), detected=date(2024, 9, 1),
        until=date(2024, 10, 1), value=27.0, reference=22.0, change=5.0, how_unusual="", sigma=2.0, run_length=8,
        data_confidence="not yet measured", question="?", basis="default baseline",
        signals=(("shift", date(2024, 9, 1)),),
    )
    return replace(base, **changes)


def test_a_concern_the_planted_way_after_the_start_is_a_detection() -> None:
    detection = first_detection([warning()], RE_REFERRALS, seed=1)
    assert detection.detected == date(2024, 9, 1)
    assert detection.delay_months == 6


def test_a_rule_met_after_the_start_inside_an_earlier_signal_counts_from_that_month() -> None:
    merged = warning(
        since=date(2023, 11, 1), detected=date(2024, 1, 1),
        signals=(("shift", date(2024, 1, 1)), ("beyond_limit", date(2024, 4, 1))),
    )
    assert first_detection([merged], RE_REFERRALS, seed=1).detected == date(2024, 4, 1)


@pytest.mark.parametrize(
    "other",
    [
        warning(reading="improvement"),
        warning(indicator_id="cpp_repeat_rate"),
        warning(direction="down"),
        warning(signals=(("shift", date(2024, 2, 1)),)),
        warning(source="neighbours"),
    ],
)
def test_other_signals_are_not_detections(other: EarlyWarning) -> None:
    assert first_detection([other], RE_REFERRALS, seed=1).detected is None


def test_false_alarms_are_monthly_concerns_after_the_baseline() -> None:
    kept = warning(detected=date(2023, 6, 1))
    found = [kept, warning(detected=date(2023, 2, 1)), warning(reading="unusual"), warning(source="neighbours")]
    assert false_alarms(found, date(2023, 4, 1)) == [kept]


def test_the_summary_figures() -> None:
    found = Detection(RE_REFERRALS, 1, date(2024, 5, 1))
    later = Detection(RE_REFERRALS, 2, date(2024, 9, 1))
    missed = Detection(replace(RE_REFERRALS, scenario="icpc_delays"), 1, None)
    evaluation = Evaluation((found, later, missed), clean_alarms=9, clean_council_years=6.0)
    assert evaluation.recall == pytest.approx(2 / 3)
    assert evaluation.median_delay_months == 4.0
    assert evaluation.false_alarms_per_council_year == 1.5
    assert evaluation.by_scenario() == {"icpc_delays": (0, 1, None), "rising_re_referrals": (2, 2, 4.0)}
    assert months_between(date(2023, 11, 1), date(2024, 2, 1)) == 3


def test_the_plan_puts_the_changes_after_the_default_baseline() -> None:
    plan = EvaluationPlan(years=5, end=date(2025, 3, 31))
    assert plan.chart_start() == date(2020, 5, 1)
    assert plan.chart_months() == 59
    assert plan.baseline_months() == 24
    assert plan.watched_from() == date(2022, 5, 1)
    assert plan.scenario_start() == date(2022, 8, 1)
    assert plan.first_return() == date(2018, 4, 30), "two years of monthly returns before the window's first, April 2020"
    assert EvaluationPlan(returns_before=0).first_return() == date(2020, 4, 30)



def test_the_evidence_a_case_holds_is_its_kullback_leibler_information() -> None:
    # One assessment at a 66% chance of being on time against a usual 86%:
    # 0.66 ln(0.66 / 0.86) + 0.34 ln(0.34 / 0.14) = -0.17470 + 0.30168 = 0.12699 nats.
    assert information(0.66, 0.86) == pytest.approx(0.12699, abs=1e-5)
    assert information(0.3, 0.3) == 0.0


def test_the_planted_changes_are_taken_at_their_largest() -> None:
    # Re-referrals: 10 points over six months, at each month's end; timeliness: 20 points from the
    # start; children missing over the year before each month: a twelfth of an 80% rise a month.
    assert planted_share("rising_re_referrals", 0.22, 2) == pytest.approx(0.27)
    assert planted_share("rising_re_referrals", 0.22, 8) == pytest.approx(0.32)
    assert planted_share("falling_assessment_timeliness", 0.86, 0) == pytest.approx(0.66)
    assert planted_share("rising_missing_from_care", 0.10, 2) == pytest.approx(0.12)
    assert planted_share("unallocated_spike", 0.0, 0) is None


def months_of(count: int, denominator: int, first: date, length: int) -> list[MonthlyPoint]:
    return [MonthlyPoint(months_later(first, index), 100 * count / denominator, count, denominator) for index in range(length)]


def test_the_evidence_in_the_first_four_months_of_each_planted_change() -> None:
    plan = EvaluationPlan()
    start = plan.scenario_start()
    # 27 months from May 2020 at the usual share (24 of them the baseline), then the changed months.
    assessments = months_of(86, 100, plan.chart_start(), 27) + months_of(66, 100, start, 6)
    re_referrals = months_of(22, 100, plan.chart_start(), 27) + months_of(27, 20, start, 6)
    council = CouncilSeries(
        seed=7, population=6_000,
        planted=(
            Planted("falling_assessment_timeliness", "assessments_within_45wd", "down", start),
            Planted("rising_re_referrals", "re_referral_rate", "up", start),
            Planted("unallocated_spike", "unallocated_cases", "up", start),
        ),
        series={"assessments_within_45wd": assessments, "re_referral_rate": re_referrals, "unallocated_cases": []},
    )
    found = evidence([council], plan)
    # Three indicators that can raise a concern: 0.2 false concerns a council-year allow each one
    # in 12 x 3 / 0.2 = 180 months, so ln 180 = 5.19 nats are needed.
    assert found.needed == pytest.approx(5.193, abs=1e-3)
    nats = {item.scenario: value for item, _, value in found.by_change}
    # Assessments: four months of 100 cases at 66% against 86%, 400 x 0.12699 = 50.8 nats.
    assert nats["falling_assessment_timeliness"] == pytest.approx(50.79, abs=0.01)
    # Re-referrals: 20 referrals a month at 23.7, 25.3, 27.0 and 28.7% against 22%:
    # 20 x (0.00080 + 0.00313 + 0.00693 + 0.01215) = 0.46 nats, far short.
    assert nats["rising_re_referrals"] == pytest.approx(0.460, abs=1e-3)
    # Unallocated cases are a count, found in their first month: not judged this way, counted as enough.
    assert nats["unallocated_spike"] is None
    assert found.enough() == 2



def test_a_council_tuned_to_the_built_in_rates_is_kept_under_another_name() -> None:
    config = SynthConfig(population=6_000, years=5, end=date(2025, 3, 31), seed=1)
    published = Calibration({"re_referral_rate": {2025: 21.5}}, "england_headlines_from_LAIT.csv sha256 ...", approximate=False)
    # The name kept series had before the rates were part of it: caches made then stay valid.
    assert cache_name(config, EvaluationPlan(), published) == "9f127d98057e469d"
    # Where the published file is missing the generator uses round numbers: another council.
    assert cache_name(config, EvaluationPlan(), built_in_calibration()) != "9f127d98057e469d"


MINIMUM_RECALL = 0.6
MAXIMUM_MEDIAN_DELAY = 9
MAXIMUM_FALSE_ALARMS = 1.0


@pytest.mark.slow
def test_the_early_warning_finds_planted_changes_without_crying_wolf(tmp_path: Path) -> None:
    """One seed, 15,000 children: a council with all five planted changes and a clean one.

    The bounds are loose for one seed and say what the combined signal must keep doing
    (``docs/early-warning.md`` has the measured figures over 64 councils, on the seeds the
    settings were chosen on and on others):

    * Recall at least 0.6: the large, sudden changes (assessments and conferences 20 points
      late, a case in six unallocated) and the re-referrals' six-month rise are found; children
      going missing from care, whose monthly figure rests on the same few dozen children, may not be.
    * Median delay at most 9 months.
    * False alarms at most 1 concern per clean council-year over all 26 indicators (every rule
      alone raised about 5 over the 64 councils; a bound of 1 catches a return to that).
    """
    plan = EvaluationPlan(seeds=(1,), sizes=(15_000,), years=5)
    result = evaluate(plan, tmp_path)
    assert len(result.detections) == 5
    assert result.recall >= MINIMUM_RECALL, result.by_scenario()
    assert result.median_delay_months is not None and result.median_delay_months <= MAXIMUM_MEDIAN_DELAY, result.by_scenario()
    assert result.false_alarms_per_council_year <= MAXIMUM_FALSE_ALARMS

"""Planted scenarios move their indicator after their start date, and change nothing before it.

The same council (same seed) is generated twice: once plain and once with all five scenarios
planted from April 2024. Before April 2024 every month's indicator is identical in the two;
after it each scenario's indicator has moved the planted way, clearly.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import numpy as np
import pytest

from safeguard.calendar import bank_holidays
from safeguard.errors import SafeguardError
from safeguard.indicators.catalogue import indicator_ids
from safeguard.synth import SCENARIOS, CouncilHistory, SynthConfig, simulate
from safeguard.synth.scenarios import plant

pytestmark = pytest.mark.slow

END = date(2025, 3, 31)
START = date(2024, 4, 1)
BEFORE = [(year, month) for year in (2022, 2023, 2024) for month in range(1, 13) if (2022, 4) <= (year, month) < (2024, 4)]
AFTER = [(2024, month) for month in range(6, 13)]
ENGLAND = np.busdaycalendar(holidays=sorted(day for year in range(2010, 2031) for day in bank_holidays(year)))

Monthly = dict[tuple[int, int], float]


def config(*scenarios: str) -> SynthConfig:
    return SynthConfig(population=20_000, years=3, end=END, seed=5, scenarios=scenarios)


@pytest.fixture(scope="module")
def plain() -> CouncilHistory:
    return simulate(config())


@pytest.fixture(scope="module")
def planted() -> CouncilHistory:
    return simulate(config(*(f"{name}@{START:%Y-%m}" for name in SCENARIOS)))


def month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def share(counts: dict[tuple[int, int], list[int]]) -> Monthly:
    return {month: 100 * hits / total for month, (total, hits) in counts.items() if total}


def re_referral_rate(council: CouncilHistory) -> Monthly:
    counts: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    previous: dict[str, date] = {}
    for row in sorted(council.records(since=None)["referrals"], key=lambda row: row["referral_date"]):
        day = row["referral_date"]
        month = (day.year, day.month)
        last = previous.get(row["child_id"])
        counts[month][0] += 1
        counts[month][1] += last is not None and (day - last).days <= 365
        previous[row["child_id"]] = day
    return share(counts)


def within_working_days(council: CouncilHistory, key: str, start: str, end: str, limit: int) -> Monthly:
    rows = [row for row in council.records(since=None)[key] if row[end] is not None]
    taken = np.busday_count(
        np.array([row[start] for row in rows], dtype="datetime64[D]") + 1,
        np.array([row[end] for row in rows], dtype="datetime64[D]") + 1,
        busdaycal=ENGLAND,
    )
    counts: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for row, working_days in zip(rows, taken):
        month = (row[end].year, row[end].month)
        counts[month][0] += 1
        counts[month][1] += working_days <= limit
    return share(counts)


def missing_from_care(council: CouncilHistory) -> Monthly:
    """Children in care during the month who went missing in it, from the truth held in memory."""
    counts: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for spell in council.spells:
        for month in BEFORE + AFTER:
            first = date(*month, 1).toordinal()
            last = month_end(*month).toordinal()
            if spell.start <= last and (spell.end is None or spell.end >= first):
                counts[month][0] += 1
                counts[month][1] += any(first <= day <= last for day in spell.missing)
    return share(counts)


def unallocated(council: CouncilHistory, months: list[tuple[int, int]]) -> Monthly:
    counts = {}
    for month in months:
        day = month_end(*month)
        today = council.records(as_at=day, since=day)
        counts[month] = sum(
            1 for key in ("children_in_need", "child_protection_plans", "children_in_care") for row in today[key] if row["worker"] == "Unallocated"
        )
    return counts


def measures(council: CouncilHistory) -> dict[str, Monthly]:
    return {
        "re_referral_rate": re_referral_rate(council),
        "assessments_within_45wd": within_working_days(council, "assessments", "assessment_start_date", "assessment_authorised_date", 45),
        "icpc_within_15wd": within_working_days(council, "s47_enquiries", "s47_start_date", "icpc_date", 15),
        "cla_missing_rate": missing_from_care(council),
        "unallocated_cases": unallocated(council, BEFORE[-6:] + AFTER),
    }


@pytest.fixture(scope="module")
def compared(plain: CouncilHistory, planted: CouncilHistory) -> tuple[dict[str, Monthly], dict[str, Monthly]]:
    return measures(plain), measures(planted)


@pytest.mark.parametrize("indicator", [kind.indicator for kind in SCENARIOS.values()])
def test_nothing_moves_before_the_start(indicator: str, compared) -> None:
    before, after = compared
    months = [month for month in BEFORE if month in before[indicator]]
    assert len(months) >= 6
    assert [before[indicator][month] for month in months] == [after[indicator][month] for month in months]


@pytest.mark.parametrize(
    ("indicator", "least_change"),
    [
        ("re_referral_rate", 5.0),
        ("assessments_within_45wd", -10.0),
        ("icpc_within_15wd", -10.0),
        ("cla_missing_rate", 2.0),
        ("unallocated_cases", 10.0),
    ],
)
def test_each_indicator_moves_the_planted_way_after_the_start(indicator: str, least_change: float, compared) -> None:
    before, after = compared
    plain = np.mean([before[indicator].get(month, 0.0) for month in AFTER])
    planted = np.mean([after[indicator].get(month, 0.0) for month in AFTER])
    if least_change > 0:
        assert planted - plain >= least_change, (plain, planted)
    else:
        assert planted - plain <= least_change, (plain, planted)


def test_each_scenario_names_an_indicator_the_product_computes(planted: CouncilHistory) -> None:
    known = set(indicator_ids())
    assert [scenario.start for scenario in planted.scenarios] == [START] * len(SCENARIOS)
    for scenario in planted.scenarios:
        assert scenario.kind.indicator in known
        assert scenario.as_json()["start"] == "2024-04-01"
        assert scenario.as_json()["direction"] in ("up", "down")


def test_a_scenario_without_a_date_starts_twelve_months_before_the_end() -> None:
    (scenario,) = plant(("icpc_delays",), date(2025, 3, 31), date(2020, 4, 1))
    assert scenario.start == date(2024, 3, 1)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("rising_rereferrals", "Unknown scenario 'rising_rereferrals'; the scenarios are: rising_re_referrals, falling_assessment_timeliness"),
        ("icpc_delays@2019-01", "outside the generated period"),
        ("icpc_delays@2024-13", "not a month"),
        ("icpc_delays@24-01", "NAME@YYYY-MM"),
    ],
)
def test_a_bad_scenario_is_refused_in_one_line(spec: str, message: str) -> None:
    with pytest.raises(SafeguardError, match=message) as refused:
        plant((spec,), date(2025, 3, 31), date(2020, 4, 1))
    assert "\n" not in str(refused.value)


def test_a_scenario_named_twice_is_refused() -> None:
    with pytest.raises(SafeguardError, match="named twice"):
        plant(("icpc_delays@2023-01", "icpc_delays@2024-01"), date(2025, 3, 31), date(2020, 4, 1))

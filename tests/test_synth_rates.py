"""The synthetic council's yearly rates land on England's published averages for each year.

England's figures are read from the shared benchmarks folder at run time (never copied into
the project). Rates per 10,000 divide by the council's own population at the mid-year before
the year ends, as DfE's do. Working days are counted here with numpy's business-day count and
England's bank holidays, independently of the generator's own calendar.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from safeguard.calendar import bank_holidays
from safeguard.home import shared_folder
from safeguard.synth import CouncilHistory, SynthConfig, simulate
from safeguard.synth.calibration import built_in_calibration, load_calibration
from synth_support import twelve_months_before, year_ending

END = date(2025, 3, 31)
YEARS = range(2021, 2026)
TOLERANCE = 0.05
"""Relative: a rate of 519.4 per 10,000 must land between 493.4 and 545.4."""


def england() -> dict[str, dict[int, float]]:
    folder = shared_folder()
    path = folder / "benchmarks" / "england_headlines_from_LAIT.csv" if folder else None
    if path is None or not path.is_file():
        pytest.skip("England's published averages (shared/benchmarks) are not available")
    with path.open(encoding="utf-8-sig") as source:
        rows = list(csv.reader(source))
    years = {index: int(re.search(r"YE Mar(\d{4})", name)[1]) for index, name in enumerate(rows[0]) if "YE Mar" in name}
    return {row[0]: {year: float(row[index]) for index, year in years.items()} for row in rows[1:]}


ENGLAND = np.busdaycalendar(holidays=sorted(day for year in range(2010, 2031) for day in bank_holidays(year)))


def working_days_after(starts: list[date], ends: list[date]) -> np.ndarray:
    """Working days after each start up to and including its end."""
    first = np.array(starts, dtype="datetime64[D]") + 1
    last = np.array(ends, dtype="datetime64[D]") + 1
    return np.busday_count(first, last, busdaycal=ENGLAND)


@pytest.fixture(scope="module")
def council() -> CouncilHistory:
    return simulate(SynthConfig(population=100_000, years=5, end=END, seed=11))


@pytest.fixture(scope="module")
def measured(council: CouncilHistory) -> dict[str, dict[int, float]]:
    """Every checked measure, by year ending 31 March, computed from the records alone."""
    records = council.records(as_at=END, since=None)
    per_10k = {year: council.population[year - 1] / 10_000 for year in YEARS}
    values: dict[str, dict[int, float]] = defaultdict(dict)
    referrals, again, nfa = Counter(), Counter(), Counter()
    previous: dict[str, date] = {}
    for row in sorted(records["referrals"], key=lambda row: row["referral_date"]):
        year = year_ending(row["referral_date"])
        referrals[year] += 1
        last = previous.get(row["child_id"])
        again[year] += last is not None and last >= twelve_months_before(row["referral_date"])
        nfa[year] += row["referral_nfa"] == "true"
        previous[row["child_id"]] = row["referral_date"]
    authorised, in_time = Counter(), Counter()
    done = [row for row in records["assessments"] if row["assessment_authorised_date"] is not None]
    taken = working_days_after([row["assessment_start_date"] for row in done], [row["assessment_authorised_date"] for row in done])
    for row, working_days in zip(done, taken):
        year = year_ending(row["assessment_authorised_date"])
        authorised[year] += 1
        in_time[year] += working_days <= 45
    enquiries, conferences, prompt = Counter(), Counter(), Counter()
    for row in records["s47_enquiries"]:
        enquiries[year_ending(row["s47_start_date"])] += 1
    held = [row for row in records["s47_enquiries"] if row["icpc_date"] is not None]
    taken = working_days_after([row["s47_start_date"] for row in held], [row["icpc_date"] for row in held])
    for row, working_days in zip(held, taken):
        year = year_ending(row["icpc_date"])
        conferences[year] += 1
        prompt[year] += working_days <= 15
    started, repeat, ceased, long = Counter(), Counter(), Counter(), Counter()
    for row in records["child_protection_plans"]:
        year = year_ending(row["cpp_start_date"])
        started[year] += 1
        repeat[year] += row["previous_plans"] > 0
        if row["cpp_end_date"] is not None:
            ceased[year_ending(row["cpp_end_date"])] += 1
            long[year_ending(row["cpp_end_date"])] += (row["cpp_end_date"] - row["cpp_start_date"]).days > 729
    for year in YEARS:
        values["referrals_rate_per_10k"][year] = referrals[year] / per_10k[year]
        values["rereferrals_within_12m_pct"][year] = 100 * again[year] / referrals[year]
        values["referrals_nfa_pct"][year] = 100 * nfa[year] / referrals[year]
        values["assessments_within_45wd_pct"][year] = 100 * in_time[year] / authorised[year]
        values["s47_rate_per_10k"][year] = enquiries[year] / per_10k[year]
        values["icpc_rate_per_10k"][year] = conferences[year] / per_10k[year]
        values["icpc_within_15wd_pct"][year] = 100 * prompt[year] / conferences[year]
        values["cpp_second_or_subsequent_pct"][year] = 100 * repeat[year] / started[year]
        day = date(year, 3, 31)
        for measure, key, start, end in (
            ("cin_rate_per_10k_31mar", "children_in_need", "cin_start_date", "cin_closure_date"),
            ("cpp_rate_per_10k_31mar", "child_protection_plans", "cpp_start_date", "cpp_end_date"),
            ("cla_rate_per_10k_31mar", "children_in_care", "care_start_date", "care_end_date"),
        ):
            open_then = sum(1 for row in records[key] if row[start] <= day and (row[end] is None or row[end] > day))
            values[measure][year] = open_then / per_10k[year]
    values["ceased"] = {year: ceased[year] for year in YEARS}
    values["ceased_long"] = {year: long[year] for year in YEARS}
    return values


MEASURES = (
    "referrals_rate_per_10k",
    "rereferrals_within_12m_pct",
    "referrals_nfa_pct",
    "assessments_within_45wd_pct",
    "s47_rate_per_10k",
    "icpc_rate_per_10k",
    "icpc_within_15wd_pct",
    "cpp_second_or_subsequent_pct",
    "cin_rate_per_10k_31mar",
    "cpp_rate_per_10k_31mar",
    "cla_rate_per_10k_31mar",
)


@pytest.mark.slow
@pytest.mark.parametrize("measure", MEASURES)
def test_each_year_lands_on_englands_rate(measure: str, measured) -> None:
    published = england()[measure]
    for year in YEARS:
        expected = published[year]
        assert abs(measured[measure][year] - expected) <= TOLERANCE * expected, (measure, year, measured[measure][year], expected)


@pytest.mark.slow
def test_plans_ending_after_two_years_land_on_englands_share(measured) -> None:
    """A small count (about 1 plan in 25), so checked over the five years together."""
    published = england()["cpp_ceased_lasting_2yrs_plus_pct"]
    expected = sum(published[year] * measured["ceased"][year] for year in YEARS) / sum(measured["ceased"].values())
    actual = 100 * sum(measured["ceased_long"].values()) / sum(measured["ceased"].values())
    assert abs(actual - expected) <= TOLERANCE * expected, (actual, expected)


@pytest.mark.slow
def test_rates_use_the_councils_own_population(council: CouncilHistory) -> None:
    mid_years = council.window_mid_years()
    assert sorted(mid_years) == [2020, 2021, 2022, 2023, 2024]
    assert mid_years[2024] == 100_000
    assert all(95_000 < children < 105_000 for children in mid_years.values())


def test_the_published_file_is_read_year_by_year(tmp_path: Path) -> None:
    published = england()
    calibration = load_calibration(shared_folder() / "benchmarks")
    assert not calibration.approximate
    assert calibration.value("referrals_rate_per_10k", 2021) == published["referrals_rate_per_10k"][2021]
    assert calibration.value("referrals_rate_per_10k", 2030) == published["referrals_rate_per_10k"][2025]
    assert calibration.value("referrals_rate_per_10k", 2012) == published["referrals_rate_per_10k"][2019]


def test_without_the_file_the_built_in_rates_are_used_and_said_to_be_approximate(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("safeguard.synth.calibration.default_benchmarks_folder", lambda: tmp_path)
    calibration = load_calibration(None)
    assert calibration.approximate
    assert calibration == built_in_calibration()
    assert "approximate" in calibration.source


def test_a_folder_given_without_the_file_is_refused(tmp_path: Path) -> None:
    from safeguard.errors import SafeguardError

    with pytest.raises(SafeguardError, match="england_headlines_from_LAIT.csv"):
        load_calibration(tmp_path)

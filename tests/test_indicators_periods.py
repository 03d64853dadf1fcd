"""Reporting periods and the populations rates per 10,000 divide by."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from published_data import BENCHMARKS, needs_benchmarks
from safeguard.council import Council
from safeguard.errors import SafeguardError
from safeguard.indicators.periods import Period, financial_year_of, split, year_ended_by
from safeguard.indicators.population import FixedPopulation, MidYearPopulation, council_population, la_population, mid_year_for

SHARED_BENCHMARKS = BENCHMARKS


def test_no_granularity_gives_the_whole_range() -> None:
    assert split(date(2023, 4, 1), date(2024, 3, 31)) == [Period(date(2023, 4, 1), date(2024, 3, 31))]


def test_months_cut_at_the_range_and_know_leap_years() -> None:
    periods = split(date(2024, 1, 15), date(2024, 3, 10), "month")
    assert periods == [
        Period(date(2024, 1, 15), date(2024, 1, 31)),
        Period(date(2024, 2, 1), date(2024, 2, 29)),
        Period(date(2024, 3, 1), date(2024, 3, 10)),
    ]
    assert [period.label for period in periods] == ["2024-01-15 to 2024-01-31", "2024-02", "2024-03-01 to 2024-03-10"]
    assert split(date(2023, 2, 1), date(2023, 2, 28), "month")[0].label == "2023-02"


def test_quarters_are_quarters_of_the_financial_year() -> None:
    periods = split(date(2023, 4, 1), date(2024, 3, 31), "quarter")
    assert [(period.start, period.end) for period in periods] == [
        (date(2023, 4, 1), date(2023, 6, 30)),
        (date(2023, 7, 1), date(2023, 9, 30)),
        (date(2023, 10, 1), date(2023, 12, 31)),
        (date(2024, 1, 1), date(2024, 3, 31)),
    ]
    assert [period.label for period in periods] == ["2023-24 Q1", "2023-24 Q2", "2023-24 Q3", "2023-24 Q4"]


def test_financial_years_run_april_to_march() -> None:
    periods = split(date(2022, 1, 1), date(2024, 6, 30), "year")
    assert [(period.start, period.end) for period in periods] == [
        (date(2022, 1, 1), date(2022, 3, 31)),
        (date(2022, 4, 1), date(2023, 3, 31)),
        (date(2023, 4, 1), date(2024, 3, 31)),
        (date(2024, 4, 1), date(2024, 6, 30)),
    ]
    assert periods[1].label == "2022-23"
    assert financial_year_of(date(2024, 3, 31)) == 2023
    assert financial_year_of(date(2024, 4, 1)) == 2024


def test_bad_periods_are_refused_with_a_clear_message() -> None:
    with pytest.raises(SafeguardError, match="ends .* before it starts"):
        split(date(2024, 3, 31), date(2024, 3, 1))
    with pytest.raises(SafeguardError, match="--by must be month, quarter or year"):
        split(date(2024, 3, 1), date(2024, 3, 31), "week")


def test_rates_divide_by_the_mid_year_before_the_financial_year_ends() -> None:
    assert mid_year_for(Period(date(2023, 4, 1), date(2024, 3, 31))) == 2023
    assert mid_year_for(Period(date(2024, 3, 1), date(2024, 3, 31))) == 2023
    assert mid_year_for(Period(date(2024, 4, 1), date(2024, 4, 30))) == 2024


def test_mid_year_population_uses_the_right_year_and_says_when_it_stands_in() -> None:
    source = MidYearPopulation({2022: 50_000, 2023: 51_000}, "test")
    year_ending_march_2024 = source.for_period(Period(date(2023, 4, 1), date(2024, 3, 31)))
    assert (year_ending_march_2024.children, year_ending_march_2024.mid_year, year_ending_march_2024.note) == (51_000, 2023, None)
    later = source.for_period(Period(date(2025, 4, 1), date(2025, 4, 30)))
    assert (later.children, later.mid_year) == (51_000, 2023)
    assert "mid-2023" in later.note
    assert source.for_period(Period(date(2021, 4, 1), date(2022, 3, 31))) is None


def test_a_fixed_population_must_be_positive() -> None:
    assert FixedPopulation(1234).for_period(Period(date(2024, 1, 1), date(2024, 1, 31))).children == 1234
    with pytest.raises(SafeguardError, match="positive"):
        FixedPopulation(0)


@needs_benchmarks
def test_ons_population_by_either_council_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFEGUARD_HOME", str(tmp_path))
    by_number = la_population("850", SHARED_BENCHMARKS)
    by_ons_code = la_population("e10000014", SHARED_BENCHMARKS)
    assert by_number.by_mid_year == by_ons_code.by_mid_year
    # Hampshire, children aged 0-17: DfE's rate for the year ending March 2024 divides by mid-2023.
    assert by_number.for_period(Period(date(2023, 4, 1), date(2024, 3, 31))).children == 287_030
    assert "Hampshire" in by_number.description
    assert la_population("850").by_mid_year == by_number.by_mid_year  # found without a path too


@needs_benchmarks
def test_unknown_council_codes_and_folders_without_the_file_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SafeguardError, match="No council with code '999'"):
        la_population("999", SHARED_BENCHMARKS)
    with pytest.raises(SafeguardError, match="no ONS mid-year population file"):
        la_population("850", tmp_path)


ONS_HEADER = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,age_group,population_estimate"


def test_an_ons_estimate_of_zero_children_is_no_estimate(tmp_path: Path) -> None:
    rows = [
        "2022,Reporting year,Local authority,E92000001,England,E12000001,North East,998,E06000998,Smallshire,Children aged 0 to 17 years,500",
        "2023,Reporting year,Local authority,E92000001,England,E12000001,North East,998,E06000998,Smallshire,Children aged 0 to 17 years,0",
    ]
    (tmp_path / "ons_mid-year_population_estimates_2022_to_2023.csv").write_text("\n".join([ONS_HEADER, *rows]) + "\n", encoding="utf-8")
    figure = la_population("998", tmp_path).for_period(Period(date(2023, 4, 1), date(2024, 3, 31)))
    # Nothing to divide by for mid-2023, so mid-2022 stands in, and says so.
    assert (figure.children, figure.mid_year, figure.stand_in) == (500, 2022, True)


@needs_benchmarks
def test_one_place_chooses_the_population(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFEGUARD_HOME", str(tmp_path))
    year = Period(date(2023, 4, 1), date(2024, 3, 31))
    own = Council(name="Northshire", la_code="850", population={2023: 30_000})
    assert council_population(own, children=12_000).for_period(year).children == 12_000  # --population first
    assert council_population(own, la_code="E10000014").for_period(year).children == 287_030  # then --la-code
    assert council_population(own).for_period(year).children == 30_000  # then the council's own figures
    assert council_population(Council(la_code="850")).for_period(year).children == 287_030  # then ONS for its code
    assert council_population(Council()) is None
    heard: list[str] = []
    assert council_population(Council(la_code="999"), warn=heard.append) is None
    assert len(heard) == 1 and "No council with code '999'" in heard[0]
    with pytest.raises(SafeguardError, match="No council with code '999'"):
        council_population(own, la_code="999")  # a code the user gave must work
    with pytest.raises(SafeguardError, match="either --population or --la-code"):
        council_population(own, children=1, la_code="850")


@pytest.mark.parametrize(
    ("year_ending", "day", "ended"),
    [
        (2024, date(2024, 3, 30), False),
        (2024, date(2024, 3, 31), True),
        (2024, date(2024, 12, 31), True),
        (2025, date(2024, 12, 31), False),
    ],
)
def test_a_financial_year_is_over_on_its_31_march(year_ending: int, day: date, ended: bool) -> None:
    assert year_ended_by(year_ending, day) is ended

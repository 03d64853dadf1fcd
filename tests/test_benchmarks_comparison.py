"""A council beside England, its region and its neighbours, checked against the raw published rows.

Each expected figure is worked out here straight from LAIT's parquet file and the long
neighbour CSV (not from the loaded tables), so the loader and the comparison are both checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from statistics import fmean

import duckdb
import numpy as np
import pytest

from published_data import BENCHMARKS
from safeguard.benchmarks.comparison import BenchmarkData, benchmark, compared_with_neighbours, missing_lait_codes, year_ending_march
from safeguard.benchmarks.loader import load_benchmarks
from safeguard.errors import SafeguardError

SHARED = BENCHMARKS
PARQUET = SHARED / "lait" / "bds_long_0.parquet"
NEIGHBOURS_CSV = SHARED / "sn_may_2025_long.csv"
pytestmark = pytest.mark.skipif(
    not PARQUET.is_file(), reason=f"the published benchmark files are not at {SHARED} (the shared folder beside the checkout)"
)


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    unit: str
    lait_code: str | None


RE_REFERRALS = Indicator("re_referral_rate", "Re-referrals within 12 months", "percent", "ReReferral")
TIMELINESS = Indicator("assessments_within_45wd", "Assessments in 45 days", "percent", "Continue_Assess_Comp")
REFERRAL_RATE = Indicator("referrals_per_10k", "Referrals per 10,000", "per_10k", "CPP_Total_Rateper10,000")
STABILITY = Indicator("long_term_stability", "Long-term placement stability", "percent", "LAC_LongStable%")


@pytest.fixture(scope="module")
def loaded_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("home")
    load_benchmarks(SHARED, home=home)
    return home


@pytest.fixture(scope="module")
def data(loaded_home: Path):
    with BenchmarkData.current(loaded_home) as opened:
        yield opened


def raw_values(code: str, year: str) -> dict[str, float | None]:
    """Area name -> value for one measure and year label, from the published parquet."""
    rows = duckdb.execute(
        f"""SELECT "LA and Regions", TRY_CAST("Values" AS DOUBLE), CAST("LA Number" AS INTEGER)
            FROM '{PARQUET}' WHERE "Short Desc" = ? AND "Years" = ?""",
        [code, year],
    ).fetchall()
    return {name: value for name, value, _ in rows} | {f"#{number}": value for _, value, number in rows}


def raw_neighbours(la_code: int) -> list[int]:
    rows = duckdb.execute(
        f"SELECT CAST(CAST(sn_la_code AS DOUBLE) AS INTEGER) FROM read_csv('{NEIGHBOURS_CSV}') "
        "WHERE CAST(CAST(la_code AS DOUBLE) AS INTEGER) = ? ORDER BY rank",
        [la_code],
    ).fetchall()
    return [row[0] for row in rows]


def council_values(values: dict[str, float | None]) -> list[float]:
    return [value for key, value in values.items() if key.startswith("#") and int(key[1:]) < 970 and value is not None]


def test_barnsley_re_referrals_2025_against_the_raw_rows(data: BenchmarkData) -> None:
    (result,) = benchmark(data, 370, [RE_REFERRALS], years=[2025])
    values = raw_values("ReReferral", "2025")
    own = values["#370"]
    neighbours = [values[f"#{code}"] for code in raw_neighbours(370) if values.get(f"#{code}") is not None]
    field = council_values(values)
    assert result.council_value == own
    assert result.council_source == "LAIT"
    assert result.england == values["England"]
    assert result.region_name == "Yorkshire and the Humber"
    assert result.region == values["Yorkshire and the Humber"]
    assert result.neighbours_counted == len(neighbours) == 10
    assert result.neighbours_mean == pytest.approx(fmean(neighbours))
    assert (result.neighbours_lowest, result.neighbours_highest) == (min(neighbours), max(neighbours))
    # Low is good: rank = 1 + councils with a lower value; ties share the best rank.
    assert result.polarity == "low"
    assert result.rank == 1 + sum(1 for value in field if value < own)
    assert result.councils_ranked == len(field)
    lower, median, upper = np.quantile(field, [0.25, 0.5, 0.75])
    expected_band = "A" if own <= lower else "B" if own <= median else "C" if own <= upper else "D"
    assert result.band == expected_band
    assert result.year == 2025 and result.year_label == "2025"


def test_high_is_good_measures_rank_from_the_top(data: BenchmarkData) -> None:
    (result,) = benchmark(data, 370, [TIMELINESS], years=[2024])
    values = raw_values("Continue_Assess_Comp", "2024")
    own, field = values["#370"], council_values(values)
    assert result.polarity == "high"
    assert result.rank == 1 + sum(1 for value in field if value > own)
    lower, median, upper = np.quantile(field, [0.25, 0.5, 0.75])
    expected_band = "D" if own <= lower else "C" if own <= median else "B" if own <= upper else "A"
    assert result.band == expected_band


def test_tied_councils_share_the_best_rank(data: BenchmarkData) -> None:
    values = raw_values("LAC_LongStable%", "2023")
    by_value: dict[float, list[int]] = {}
    for key, value in values.items():
        if key.startswith("#") and int(key[1:]) < 970 and value is not None:
            by_value.setdefault(value, []).append(int(key[1:]))
    tied_value, tied = next((value, codes) for value, codes in sorted(by_value.items()) if len(codes) >= 3)
    ranks = {benchmark(data, code, [STABILITY], years=[2023])[0].rank for code in tied}
    expected = 1 + sum(len(codes) for value, codes in by_value.items() if value > tied_value)
    assert ranks == {expected}


def test_context_measures_are_compared_but_not_ranked(data: BenchmarkData) -> None:
    (result,) = benchmark(data, 370, [REFERRAL_RATE], years=[2025])
    assert result.polarity is None
    assert result.rank is None and result.band is None and result.councils_ranked == 0
    assert result.neighbours_mean is not None and result.england is not None


def test_a_london_council_is_compared_with_inner_london(data: BenchmarkData) -> None:
    (result,) = benchmark(data, 202, [RE_REFERRALS], years=[2025])
    assert result.region_name == "London (Inner)"
    assert result.region == raw_values("ReReferral", "2025")["London (Inner)"]


def test_london_is_used_when_a_measure_has_no_inner_london_figures(data: BenchmarkData) -> None:
    """LAIT falls back to London as a whole (its clean_ldn_region rule)."""
    code = next(
        row[0]
        for row in duckdb.sql(
            f"""SELECT "Short Desc" FROM '{PARQUET}' GROUP BY 1
                HAVING count(TRY_CAST("Values" AS DOUBLE)) FILTER (WHERE "LA and Regions" = 'London (Inner)') = 0
                   AND count(TRY_CAST("Values" AS DOUBLE)) FILTER (WHERE "LA and Regions" = 'London') > 0
                   AND count(TRY_CAST("Values" AS DOUBLE)) FILTER (WHERE "LA Number" = 202) > 0
                ORDER BY 1"""
        ).fetchall()
    )
    (latest, *_) = reversed(benchmark(data, 202, [Indicator("probe", "probe", "percent", code)]))
    assert latest.region_name == "London"


def test_the_latest_year_by_default_and_chosen_years_on_request(data: BenchmarkData) -> None:
    (latest,) = benchmark(data, 370, [RE_REFERRALS])
    assert latest.year == max(
        year_ending_march(row[0]) for row in duckdb.sql(f"""SELECT DISTINCT "Years" FROM '{PARQUET}' WHERE "Short Desc" = 'ReReferral'""").fetchall()
    )
    assert [row.year for row in benchmark(data, 370, [RE_REFERRALS], years=[2019, 2021])] == [2019, 2021]


def test_the_synthetic_council_takes_its_place_among_the_real_ones(data: BenchmarkData) -> None:
    values = raw_values("ReReferral", "2024")
    field = council_values(values)
    own = 30.0
    (result,) = benchmark(data, 370, [RE_REFERRALS], own_values={("re_referral_rate", 2024): own})
    assert result.council_source == "snapshots"
    assert result.council_value == own
    assert result.councils_ranked == len(field) + 1
    assert result.rank == 1 + sum(1 for value in field if value < own)
    neighbours = [values[f"#{code}"] for code in raw_neighbours(370) if values.get(f"#{code}") is not None]
    assert result.neighbours_mean == pytest.approx(fmean(neighbours))
    lower, median, upper = np.quantile([*field, own], [0.25, 0.5, 0.75])
    assert result.band == ("A" if own <= lower else "B" if own <= median else "C" if own <= upper else "D")


def test_codes_in_the_catalogue_that_lait_does_not_publish_are_reported(data: BenchmarkData) -> None:
    ghost = Indicator("ghost", "Ghost", "percent", "NoSuchMeasure")
    assert missing_lait_codes(data, [RE_REFERRALS, ghost, Indicator("local", "Local", "count", None)]) == [("ghost", "NoSuchMeasure")]
    assert benchmark(data, 370, [ghost]) == []


def test_an_unknown_council_code_is_refused(data: BenchmarkData) -> None:
    with pytest.raises(SafeguardError, match="Council code 999 is not in the loaded council list"):
        benchmark(data, 999, [RE_REFERRALS])


def test_each_reason_there_is_no_comparison_is_one_note_and_no_figures_are_worked_out_for_it(loaded_home: Path, tmp_path: Path) -> None:
    """The pages and ``safeguard warnings`` both compare through ``compared_with_neighbours``: a
    missing comparison is said once, in one wording, and the council's own figures (a run of the
    engine) are asked for only when there is something to compare them with."""

    def never() -> dict:
        raise AssertionError("the council's figures were worked out with nothing to compare them with")

    notes: list[str] = []
    assert compared_with_neighbours(never, [RE_REFERRALS], None, notes=notes, home=loaded_home) == {}
    assert compared_with_neighbours(never, [RE_REFERRALS], "370", notes=notes, home=tmp_path) == {}  # nothing loaded there
    own = {("re_referral_rate", 2025): 30.0}
    assert compared_with_neighbours(lambda: own, [RE_REFERRALS], "370", notes=notes, home=loaded_home, up_to=date(2025, 2, 1)) == {}
    assert compared_with_neighbours(lambda: own, [RE_REFERRALS], "999", notes=notes, home=loaded_home) == {}
    assert notes[:3] == [
        "There is no comparison with England or similar councils yet: the council's local authority code has not been set (la_code in council.json).",
        "There is no comparison with England or similar councils yet: the published national figures have not been loaded ('safeguard benchmarks load PATH').",
        "There is no comparison with England or similar councils yet: the returns loaded do not cover a whole year from April to March by the end of February 2025.",
    ]
    assert len(notes) == 4 and notes[3].startswith(
        "There is no comparison with England or similar councils yet: the council's local authority code (la_code in council.json) is not one"
    ) and "999" in notes[3]


def test_the_council_s_own_year_is_compared_up_to_a_month(loaded_home: Path) -> None:
    own = {("re_referral_rate", 2024): 30.0, ("re_referral_rate", 2025): 20.0}
    (latest,) = compared_with_neighbours(lambda: own, [RE_REFERRALS], "370", notes=[], home=loaded_home).values()
    (by_march_2024,) = compared_with_neighbours(lambda: own, [RE_REFERRALS], "370", notes=[], home=loaded_home, up_to=date(2024, 3, 1)).values()
    assert (latest.year, latest.council_value) == (2025, 20.0)
    assert (by_march_2024.year, by_march_2024.council_value) == (2024, 30.0)


def test_year_labels() -> None:
    assert year_ending_march("2025") == 2025
    assert year_ending_march("2024-25") == 2025
    assert year_ending_march("2019/20") == 2020
    assert year_ending_march("2013/14-15/16") is None
    assert year_ending_march("2025 (prov)") is None

"""Workforce comparators from a small file in DfE's layout, with answers worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from safeguard.benchmarks.workforce import compare_workforce
from safeguard.errors import SafeguardError

HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,"
    "la_name,turnover_rate_fte,agency_rate_fte,vacancy_rate_fte,caseload_fte,absence_rate_fte"
)
ROWS = [
    "2024,Reporting year,National,E92000001,England,,,,,,15,16,17,18,3",
    "2025,Reporting year,National,E92000001,England,,,,,,11.8,13,14.2,15.2,3.5",
    "2025,Reporting year,Regional,E92000001,England,E12000001,North East,,,,11.7,8.2,8.9,16.5,3.9",
    "2025,Reporting year,Local authority,E92000001,England,E12000001,North East,840,E06000047,Durham,7.7,8,9.8,16.6,2.5",
    "2025,Reporting year,Local authority,E92000001,England,E12000001,North East,841,E06000005,Darlington,15.4,12.3,4,16,6.1",
    "2025,Reporting year,Local authority,E92000001,England,E12000002,North West,850,E06000006,Halton,10,x,20,14,c",
]


@pytest.fixture
def published(tmp_path: Path) -> Path:
    path = tmp_path / "csww.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    return path


def test_england_region_and_neighbours_for_the_latest_census(published: Path) -> None:
    found = {item.indicator_id: item for item in compare_workforce(840, [841, 850, 999], path=published)}

    turnover = found["social_worker_turnover_rate"]
    assert (turnover.year, turnover.council_published, turnover.england, turnover.region_name, turnover.region) == (
        2025,
        7.7,
        11.8,
        "North East",
        11.7,
    )
    assert (turnover.neighbours_mean, turnover.neighbours_counted) == (12.7, 2)
    agency = found["agency_worker_rate"]
    assert (agency.neighbours_mean, agency.neighbours_counted) == (12.3, 1)  # Halton's "x" is not a figure
    assert found["caseload_mean"].england == 15.2


def test_an_earlier_census_and_a_council_not_listed(published: Path) -> None:
    found = {item.indicator_id: item for item in compare_workforce(None, year=2024, path=published)}

    assert found["social_worker_vacancy_rate"].england == 17.0
    assert found["social_worker_vacancy_rate"].region is None and found["social_worker_vacancy_rate"].council_published is None
    with pytest.raises(SafeguardError, match="no 2019 census"):
        compare_workforce(None, year=2019, path=published)

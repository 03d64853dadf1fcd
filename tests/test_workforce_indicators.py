"""The workforce indicators, against answers worked out by hand from a small council.

The council on 30 September 2025 (DfE's census day), team by team:

    CP 1  Ann Lee     permanent social worker, full time, 3 days off sick, supervised 20 Sep
          Bob Hart    agency, half time, newly qualified, supervised 1 Sep (29 days before: overdue)
          Cy Dunn     permanent, full time, last day 30 September 2025 (a leaver on the census day)
          Tom Bell    permanent team manager, full time, supervised 25 Sep
          (vacant)    one full-time post
    CP 2  Di Fox      permanent, 0.8, 60 days off sick (a long absence), supervised 10 Sep
          Ed Roe      permanent, left 30 September 2024 (exactly a year before: not this year's leaver)

Permanent social workers in post: Ann 1 + Di 0.8 + Tom 1 = 2.8 (Cy has gone on the day).
The year 1 October 2024 to 30 September 2025 has 261 weekdays less 8 bank holidays = 253 working days.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hand_made_snapshot import commit_snapshot
from indicator_returns import care, episode_of_need, plan
from safeguard.council import CaseloadModel, LocalStandards
from safeguard.indicators.catalogue import WORKFORCE_INDICATORS
from safeguard.indicators.engine import compute
from safeguard.snapshots import Store, WorkforceStore

FILE = """Worker,Team,Role,FTE,Start date,Leaving date,Employment,Newly qualified,Absence days,Last supervision date
Ann Lee,CP 1,social worker,1,2020-01-06,,permanent,no,3,2025-09-20
Bob Hart,CP 1,social worker,0.5,2025-04-01,,agency,yes,,2025-09-01
Cy Dunn,CP 1,social worker,1,2019-05-01,2025-09-30,permanent,no,12,2025-09-15
Tom Bell,CP 1,team manager,1,2015-01-01,,permanent,no,0,2025-09-25
,CP 1,social worker,1,,,vacant,,,
Di Fox,CP 2,senior practitioner,0.8,2018-01-01,,permanent,no,60,2025-09-10
Ed Roe,CP 2,social worker,1,2016-01-01,2024-09-30,permanent,no,,
"""
CENSUS = date(2025, 9, 30)
YEAR_START = date(2024, 10, 1)


@pytest.fixture
def council(tmp_path: Path) -> Path:
    home = tmp_path / "store"
    commit_snapshot(
        home,
        {
            "child_protection_plans": [plan("C1", date(2025, 5, 1), team="CP 1", worker="Ann Lee", emergency_protection="true")],
            "children_in_need": [
                episode_of_need("C1", date(2025, 3, 1), team="CP 1", worker="Ann Lee"),
                episode_of_need("C2", date(2025, 6, 1), team="CP 1", worker="ann lee "),
                episode_of_need("C3", date(2025, 6, 1), team="CP 1", worker="Ann Lee"),
                episode_of_need("C6", date(2025, 2, 1), team="CP 2", worker="Di Fox"),
            ],
            "children_in_care": [
                care("C4", date(2024, 11, 1), team="CP 1", worker="Bob Hart"),
                care("C5", date(2024, 12, 1), team="CP 1", worker="Someone Unlisted"),
            ],
        },
        period_start=YEAR_START,
        period_end=CENSUS,
    )
    (tmp_path / "workforce_2025-09-30.csv").write_text(FILE, encoding="utf-8")
    WorkforceStore(home).import_file(tmp_path / "workforce_2025-09-30.csv")
    return home


def figures(home: Path, team: bool = False, standards: LocalStandards | None = None) -> dict[tuple[str, str | None], object]:
    with Store(home) as store:
        values = compute(
            store, YEAR_START, CENSUS, team=team, ids=[item.id for item in WORKFORCE_INDICATORS], standards=standards or LocalStandards()
        )
    return {(value.id, value.team): value for value in values}


def test_the_council_figures(council: Path) -> None:
    found = figures(council)

    def check(indicator_id: str, numerator: float, denominator: float, value: float) -> None:
        figure = found[(indicator_id, None)]
        assert (figure.numerator, figure.denominator) == (numerator, denominator), indicator_id
        assert figure.value == pytest.approx(value), indicator_id

    check("social_worker_vacancy_rate", 1.0, 3.8, 100 / 3.8)
    check("social_worker_turnover_rate", 1.0, 2.8, 100 / 2.8)  # Cy, on the census day, left; Ed a year ago did not
    check("agency_worker_rate", 0.5, 3.3, 100 * 0.5 / 3.3)  # the part-time agency worker counts half
    check("social_worker_absence_rate", 63.0, 708.4, 100 * 63 / (2.8 * 253))  # Di's 60 days dominate; Cy's 12 are gone with him
    check("newly_qualified_rate", 0.5, 2.3, 100 * 0.5 / 2.3)
    check("supervision_in_date_rate", 3.0, 4.0, 75.0)
    check("caseload_mean", 5.0, 2.3, 5 / 2.3)  # Ann 3 (C1 once), Bob 1, Di 1; C5's worker is not on the file
    check("caseload_weighted_mean", 5.75, 2.3, 5.75 / 2.3)  # Ann 2 + 1 + 0.5, Bob 1.25, Di 1


def test_by_team(council: Path) -> None:
    found = figures(council, team=True)

    assert found[("social_worker_turnover_rate", "CP 1")].value == pytest.approx(50.0)
    assert found[("social_worker_turnover_rate", "CP 2")].value == 0.0
    assert found[("caseload_mean", "CP 1")].value == pytest.approx(4 / 1.5)
    assert found[("caseload_weighted_mean", "CP 2")].value == pytest.approx(1 / 0.8)


def test_the_council_sets_the_supervision_standard_and_the_weights(council: Path) -> None:
    standards = LocalStandards(supervision_days=30, caseload=CaseloadModel(child_protection=3.0, court=0.0, sibling_share=1.0))
    found = figures(council, standards=standards)

    assert found[("supervision_in_date_rate", None)].value == 100.0
    assert found[("caseload_weighted_mean", None)].numerator == 3.0 + 1 + 1 + 1.25 + 1


def test_without_a_file_for_the_period_there_is_no_value(council: Path) -> None:
    with Store(council) as store:
        values = compute(
            store, date(2024, 10, 1), date(2024, 12, 31), by="month", ids=["social_worker_vacancy_rate", "social_worker_turnover_rate"]
        )
    vacancy = [value for value in values if value.id == "social_worker_vacancy_rate"]
    turnover = [value for value in values if value.id == "social_worker_turnover_rate"]

    assert [value.value for value in vacancy] == [None, None, None]
    assert "no workforce file" in vacancy[0].note
    # Turnover needs only dates: the September 2025 file still tells who left in the year to 31 October 2024.
    assert turnover[0].numerator == 1.0 and turnover[0].denominator == 3.8

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

from safeguard.council import CaseloadModel, LocalStandards
from safeguard.indicators.catalogue import WORKFORCE_INDICATORS
from safeguard.indicators.engine import compute
from safeguard.indicators.history import History, returns_in_store
from safeguard.indicators.periods import Period
from safeguard.indicators.workforce import NO_WORKFORCE_FILE, has_workforce_rows, prepare_workforce
from safeguard.snapshots import Store
from workforce_support import CENSUS, YEAR_START, hand_made_council


@pytest.fixture
def council(tmp_path: Path) -> Path:
    return hand_made_council(tmp_path)


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


def test_one_history_answers_one_question_after_another(council: Path) -> None:
    """The packs and pages ask a history for the year, then the months: everything the first
    question ran on the history's database must be finished before the second begins."""
    ids = [item.id for item in WORKFORCE_INDICATORS]
    with Store(council) as store, History(returns_in_store(store)) as history:
        first = compute(history, YEAR_START, CENSUS, ids=ids, standards=LocalStandards())
        again = compute(history, YEAR_START, CENSUS, ids=ids, standards=LocalStandards())
        monthly = compute(history, YEAR_START, CENSUS, by="month", ids=ids, standards=LocalStandards())

    assert again == first
    assert {(value.id, value.numerator, value.denominator) for value in first} == {
        (value.id, value.numerator, value.denominator) for value in compute_alone(council, ids)
    }
    assert len(monthly) == 12 * len(ids)


def compute_alone(council: Path, ids: list[str]) -> list:
    with Store(council) as store:
        return compute(store, YEAR_START, CENSUS, ids=ids, standards=LocalStandards())


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


def test_every_workforce_definition_counts_nothing_without_a_workforce_file(council: Path) -> None:
    """The engine skips the workforce definitions when no file covers any period (it would
    otherwise rank every open case only to meet no worker): each must find nothing to count."""
    with Store(council) as store, History(returns_in_store(store)) as history:
        definitions = [item.sql for item in WORKFORCE_INDICATORS]
        history.load(sorted({key for item in WORKFORCE_INDICATORS for key in item.lists}), definitions)
        periods = [Period(date(2025, 9, 1), CENSUS)]
        history.prepare(periods, LocalStandards(), definitions)
        assert prepare_workforce(history.connection, periods, LocalStandards(), None) == set()
        assert history.connection.execute("SELECT COUNT(*) FROM children_in_need_open").fetchone() == (4,)
        assert not has_workforce_rows(history.connection)
        for item in WORKFORCE_INDICATORS:
            assert history.connection.execute(f"SELECT COUNT(*) FROM ({item.sql})").fetchone() == (0,), item.id


def test_without_any_workforce_file_every_period_says_so(council: Path) -> None:
    with Store(council) as store:
        values = compute(
            store, YEAR_START, CENSUS, by="month", ids=[item.id for item in WORKFORCE_INDICATORS], standards=LocalStandards(), workforce=NoFiles()
        )
    assert len(values) == 12 * len(WORKFORCE_INDICATORS)
    assert {value.value for value in values} == {None}
    census_month = [value for value in values if value.period_end == CENSUS]
    assert [(value.id, value.note) for value in census_month] == [(item.id, NO_WORKFORCE_FILE) for item in WORKFORCE_INDICATORS]


class NoFiles:
    """A workforce store with no files in it."""

    def list(self) -> list:
        return []

    def table(self, snapshot_id: str):
        raise KeyError(snapshot_id)

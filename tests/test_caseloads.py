"""Caseloads worker by worker, the unallocated children, and the allocation suggestions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hand_made_snapshot import commit_snapshot
from indicator_returns import episode_of_need
from safeguard.council import CaseloadModel, LocalStandards
from safeguard.indicators.caseloads import NewCase, WorkerCaseload, caseload_picture, suggest_workers
from safeguard.snapshots import Store
from workforce_support import hand_made_council

MODEL = CaseloadModel()


def test_each_workers_caseload_and_capacity(tmp_path: Path) -> None:
    with Store(hand_made_council(tmp_path)) as store:
        picture = caseload_picture(store, LocalStandards())

    found = {worker.worker: worker for worker in picture.workers}
    assert set(found) == {"Ann Lee", "Bob Hart", "Di Fox"}  # case holders in post; Tom manages, Cy has gone
    assert (found["Ann Lee"].cases, found["Ann Lee"].weighted, found["Ann Lee"].capacity) == (3, 3.5, 22.0)
    assert (found["Bob Hart"].cases, found["Bob Hart"].weighted, found["Bob Hart"].capacity) == (1, 1.25, 22 * 0.5 * 0.8)
    assert found["Di Fox"].capacity == pytest.approx(17.6)
    [cp1, cp2] = picture.teams
    assert (cp1.team, cp1.workers, cp1.lowest, cp1.highest, cp1.over_capacity) == ("CP 1", 2, 1.25, 3.5, 0)
    assert cp2.median == 1.0


def test_unallocated_children_with_how_long_and_who_answers_for_them(tmp_path: Path) -> None:
    home = tmp_path / "store"
    first = {
        "children_in_need": [
            episode_of_need("K1", date(2025, 6, 2), team="CP 1", worker="Ann Lee"),
            episode_of_need("K2", date(2025, 7, 1), team="CP 2", worker=""),
        ]
    }
    commit_snapshot(home, first, period_start=date(2024, 9, 1), period_end=date(2025, 8, 31), digest="aa")
    second = {
        "children_in_need": [
            episode_of_need("K1", date(2025, 6, 2), team="CP 1", worker="Unallocated", last_seen_date=date(2025, 9, 20)),
            episode_of_need("K2", date(2025, 7, 1), team="CP 2", worker=""),
        ]
    }
    commit_snapshot(home, second, period_start=date(2024, 10, 1), period_end=date(2025, 9, 30), digest="bb")
    (tmp_path / "workforce_2025-09-30.csv").write_text(
        "Worker,Team,Role,FTE,Start date,Employment\nTom Bell,CP 1,team manager,1,2015-01-01,permanent\n", encoding="utf-8"
    )
    from safeguard.snapshots import WorkforceStore

    WorkforceStore(home).import_file(tmp_path / "workforce_2025-09-30.csv")
    with Store(home) as store:
        picture = caseload_picture(store, LocalStandards())

    k2, k1 = picture.unallocated  # the longest unallocated first
    assert (k2.child_id, k2.unallocated_since, k2.days_unallocated) == ("K2", date(2025, 7, 1), 92)
    assert "head of service" in k2.accountable
    assert (k1.child_id, k1.unallocated_since, k1.days_unallocated, k1.last_visit) == ("K1", date(2025, 9, 1), 30, date(2025, 9, 20))
    assert k1.accountable == "Tom Bell, manager of CP 1"


def worker(
    name: str, team: str, weighted: float, capacity: float = 22.0, *, newly_qualified: bool = False, started: date = date(2020, 1, 1)
) -> WorkerCaseload:
    return WorkerCaseload(name, team, "social worker", 1.0, newly_qualified, False, started, int(weighted), weighted, capacity)


def test_suggestions_come_from_the_team_first_then_the_most_room() -> None:
    workers = [worker("A", "North", 21.0), worker("B", "North", 10.0), worker("C", "South", 2.0), worker("D", "North", 12.0)]

    suggested = suggest_workers(workers, NewCase("child_protection_plans", team="North"), MODEL, date(2025, 9, 30))

    assert [item.worker.worker for item in suggested] == ["B", "D", "C"]  # A would go over 22 with 1.5 more
    assert suggested[0].weighted_after == 11.5
    assert suggested[0].reasons[0] == "11.5 of 22 weighted cases after this one (10.5 to spare); holds 10 now"
    assert "(the case's team)" in suggested[0].reasons[1] and "(another team)" in suggested[2].reasons[1]


def test_newly_qualified_workers_are_not_offered_court_work_and_siblings_weigh_less_each() -> None:
    workers = [worker("New", "North", 0.0, 17.6, newly_qualified=True), worker("Old", "North", 5.0)]
    case = NewCase("children_in_care", team="North", court=True, children=3)

    assert case.weight(MODEL) == (1.25 + 0.5) * 2
    assert [item.worker.worker for item in suggest_workers(workers, case, MODEL, date(2025, 9, 30))] == ["Old"]


loads = st.lists(
    st.tuples(st.sampled_from(["North", "South"]), st.floats(0, 30, allow_nan=False), st.floats(5, 25, allow_nan=False), st.booleans()),
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(loads, st.sampled_from(["children_in_need", "child_protection_plans", "children_in_care"]), st.booleans(), st.integers(1, 4))
def test_no_suggestion_ever_puts_a_worker_over_capacity(rows, case_type: str, court: bool, children: int) -> None:
    workers = [
        worker(f"W{index}", team, round(load, 2), round(capacity, 2), newly_qualified=new)
        for index, (team, load, capacity, new) in enumerate(rows)
    ]
    case = NewCase(case_type, team="North", court=court, children=children)

    for item in suggest_workers(workers, case, MODEL, date(2025, 9, 30), limit=20):
        assert item.weighted_after <= item.worker.capacity
        assert not (court and item.worker.newly_qualified)


def test_with_no_workforce_file_for_its_day_the_picture_names_the_day(tmp_path: Path) -> None:
    home = tmp_path / "store"
    cases = {"children_in_need": [episode_of_need("K1", date(2025, 6, 2), team="CP 1", worker="Ann Lee")]}
    commit_snapshot(home, cases, period_start=date(2024, 9, 1), period_end=date(2025, 8, 31), digest="aa")
    with Store(home) as store:
        picture = caseload_picture(store, LocalStandards())

    assert picture.workers == ()
    assert picture.note == (
        "No workforce file describes 31 August 2025, the end of the return these caseloads come from, "
        "so caseloads per worker cannot be shown."
    )

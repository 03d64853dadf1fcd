"""Merging overlapping returns into one history, and reading "as at" values per period."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from indicator_returns import episode_of_need, plan, referral, write_return
from safeguard.council import LocalStandards
from safeguard.errors import SafeguardError
from safeguard.indicators.engine import NO_RETURN_AT_END, compute
from safeguard.indicators.history import History, ReturnFolder
from safeguard.indicators.periods import Period

STANDARDS = LocalStandards()


@pytest.fixture(autouse=True)
def own_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFEGUARD_HOME", str(tmp_path / "home"))


def nfa(returns: list[ReturnFolder], start: date = date(2023, 4, 1), end: date = date(2024, 3, 31)) -> tuple:
    value = compute(returns, start, end, ids=["referral_nfa_rate"], standards=STANDARDS)[0]
    return value.numerator, value.denominator


def test_a_referral_in_two_overlapping_returns_counts_once_with_the_later_values(tmp_path: Path) -> None:
    first = write_return(
        tmp_path, "20231231-aaaaaaaa", date(2023, 1, 1), date(2023, 12, 31), {"referrals": [referral("A", date(2023, 6, 1))]}
    )
    second = write_return(
        tmp_path,
        "20240331-bbbbbbbb",
        date(2023, 4, 1),
        date(2024, 3, 31),
        {"referrals": [referral("A", date(2023, 6, 1), nfa=True), referral("B", date(2024, 1, 5))]},
    )
    assert nfa([first, second]) == (1, 2)
    assert nfa([second, first]) == (1, 2)  # the order given does not matter
    assert nfa([first]) == (0, 1)


def test_between_returns_for_the_same_period_the_later_load_wins(tmp_path: Path) -> None:
    morning = datetime(2024, 4, 10, 9, tzinfo=UTC)
    evening = datetime(2024, 4, 10, 17, tzinfo=UTC)
    period = (date(2023, 4, 1), date(2024, 3, 31))
    original = write_return(tmp_path, "20240331-aaaaaaaa", *period, {"referrals": [referral("A", date(2023, 6, 1))]}, morning)
    corrected = write_return(
        tmp_path, "20240331-bbbbbbbb", *period, {"referrals": [referral("A", date(2023, 6, 1), nfa=True)]}, evening
    )
    assert nfa([original, corrected]) == (1, 1)


def test_a_later_load_of_an_older_period_does_not_override_newer_data(tmp_path: Path) -> None:
    newer = write_return(
        tmp_path,
        "20240331-aaaaaaaa",
        date(2023, 4, 1),
        date(2024, 3, 31),
        {"referrals": [referral("A", date(2023, 6, 1), nfa=True)]},
        datetime(2024, 4, 10, tzinfo=UTC),
    )
    older_loaded_later = write_return(
        tmp_path,
        "20231231-bbbbbbbb",
        date(2023, 1, 1),
        date(2023, 12, 31),
        {"referrals": [referral("A", date(2023, 6, 1))]},
        datetime(2024, 5, 1, tzinfo=UTC),
    )
    assert nfa([newer, older_loaded_later]) == (1, 1)


def test_a_row_repeated_within_one_return_counts_once(tmp_path: Path) -> None:
    repeated = write_return(
        tmp_path,
        "20240331-aaaaaaaa",
        date(2023, 4, 1),
        date(2024, 3, 31),
        {"referrals": [referral("A", date(2023, 6, 1)), referral("A", date(2023, 6, 1))]},
    )
    assert nfa([repeated]) == (0, 1)


def test_an_episode_later_returns_stop_listing_has_closed(tmp_path: Path) -> None:
    first = write_return(
        tmp_path,
        "20230930-aaaaaaaa",
        date(2022, 10, 1),
        date(2023, 9, 30),
        {"children_in_need": [episode_of_need("A", date(2023, 1, 1)), episode_of_need("B", date(2023, 2, 1))]},
    )
    second = write_return(
        tmp_path,
        "20240331-bbbbbbbb",
        date(2023, 4, 1),
        date(2024, 3, 31),
        {"children_in_need": [episode_of_need("A", date(2023, 1, 1))]},
    )
    values = compute([first, second], date(2023, 7, 1), date(2024, 3, 31), "quarter", ids=["cin_per_10k"], standards=STANDARDS)
    # B was last listed in the return ending 30 September 2023: open then, closed after.
    assert [value.numerator for value in values] == [2, 1, 1]


def test_as_at_values_come_from_the_return_at_each_period_end(tmp_path: Path) -> None:
    def month_return(identifier: str, end: date, visit: date) -> ReturnFolder:
        return write_return(
            tmp_path,
            identifier,
            date(end.year - 1, end.month, 1),
            end,
            {"child_protection_plans": [plan("A", date(2023, 1, 9), last_visit_date=visit)]},
        )

    returns = [
        month_return("20240131-aaaaaaaa", date(2024, 1, 31), date(2024, 1, 30)),  # visited the day before
        month_return("20240229-bbbbbbbb", date(2024, 2, 29), date(2024, 1, 30)),  # not since: 10 working days ran out 13 Feb
        month_return("20240331-cccccccc", date(2024, 3, 31), date(2024, 3, 28)),
    ]
    values = compute(returns, date(2024, 1, 1), date(2024, 3, 31), "month", ids=["cpp_visit_in_timescale"], standards=STANDARDS)
    assert [(value.numerator, value.denominator) for value in values] == [(1, 1), (0, 1), (1, 1)]
    # With only the March return, January has no return at its end: its visit date describes March.
    january = compute(returns[2:], date(2024, 1, 1), date(2024, 1, 31), ids=["cpp_visit_in_timescale"], standards=STANDARDS)
    assert (january[0].numerator, january[0].denominator, january[0].note) == (None, None, NO_RETURN_AT_END)


@pytest.mark.parametrize(
    ("extract_day", "expected"),
    [
        # Taken 7 days after 31 January: it stands for January's end. The visit it records (2
        # February) is after that day, so it cannot say whether A was in time then: left out.
        (date(2024, 2, 7), (0, 0)),
        # Taken 8 days after: too late to describe 31 January at all.
        (date(2024, 2, 8), (None, None)),
    ],
)
def test_a_return_ending_in_the_week_after_a_period_stands_for_its_end(tmp_path: Path, extract_day: date, expected: tuple) -> None:
    extract = write_return(
        tmp_path,
        f"{extract_day:%Y%m%d}-aaaaaaaa",
        date(2023, 2, 1),
        extract_day,
        {"child_protection_plans": [plan("A", date(2023, 1, 9), last_visit_date=date(2024, 2, 2))]},
    )
    ids = ["cpp_visit_in_timescale", "cpp_per_10k"]
    january = compute([extract], date(2024, 1, 1), date(2024, 1, 31), ids=ids, standards=STANDARDS)
    assert [(value.id, value.numerator, value.denominator) for value in january] == [
        ("cpp_per_10k", 1, None),  # counting open plans needs no "as at" field: always counted
        ("cpp_visit_in_timescale", *expected),
    ]


def test_periods_no_return_covers_have_no_value(tmp_path: Path) -> None:
    only = write_return(
        tmp_path, "20240331-aaaaaaaa", date(2023, 4, 1), date(2024, 3, 31), {"referrals": [referral("A", date(2023, 6, 1))]}
    )
    values = compute([only], date(2023, 1, 1), date(2024, 6, 30), "quarter", ids=["referrals_per_10k"], standards=STANDARDS)
    assert [(value.period_start, value.numerator, value.note) for value in values] == [
        (date(2023, 1, 1), None, "no snapshot covers this period"),
        (date(2023, 4, 1), 1, values[1].note),
        (date(2023, 7, 1), 0, values[2].note),
        (date(2023, 10, 1), 0, values[3].note),
        (date(2024, 1, 1), 0, values[4].note),
        (date(2024, 4, 1), None, "no snapshot covers this period"),
    ]
    partly = compute([only], date(2023, 3, 1), date(2023, 6, 30), ids=["referrals_per_10k"], standards=STANDARDS)[0]
    assert partly.numerator == 1
    assert "cover only part of this period (2023-04-01 to 2024-03-31)" in partly.note


def test_coverage_merges_touching_returns(tmp_path: Path) -> None:
    returns = [
        write_return(tmp_path, "20230331-aaaaaaaa", date(2022, 4, 1), date(2023, 3, 31), {}),
        write_return(tmp_path, "20240331-bbbbbbbb", date(2023, 4, 1), date(2024, 3, 31), {}),
        write_return(tmp_path, "20260331-cccccccc", date(2025, 4, 1), date(2026, 3, 31), {}),
    ]
    with History(returns) as history:
        assert history.coverage() == [Period(date(2022, 4, 1), date(2024, 3, 31)), Period(date(2025, 4, 1), date(2026, 3, 31))]
        assert history.latest.snapshot_id == "20260331-cccccccc"


def test_a_snapshot_without_a_lists_file_still_computes(tmp_path: Path) -> None:
    only = write_return(
        tmp_path, "20240331-aaaaaaaa", date(2023, 4, 1), date(2024, 3, 31), {"referrals": [referral("A", date(2023, 6, 1))]}
    )
    (only.folder / "assessments.parquet").unlink()
    values = compute([only], date(2023, 4, 1), date(2024, 3, 31), ids=["assessments_within_45wd", "referral_nfa_rate"], standards=STANDARDS)
    assert [(value.id, value.numerator, value.denominator) for value in values] == [
        ("referral_nfa_rate", 0, 1),
        ("assessments_within_45wd", 0, 0),
    ]


def test_snapshot_folders_can_be_given_as_paths(tmp_path: Path) -> None:
    only = write_return(
        tmp_path, "20240331-aaaaaaaa", date(2023, 4, 1), date(2024, 3, 31), {"referrals": [referral("A", date(2023, 6, 1))]}
    )
    assert nfa([only.folder]) == (0, 1)


def test_unreadable_snapshot_descriptions_and_empty_selections_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "snapshot.json").write_text(json.dumps({"id": "x"}), encoding="utf-8")
    with pytest.raises(SafeguardError, match="not a readable snapshot description"):
        ReturnFolder.from_folder(folder)
    with pytest.raises(SafeguardError, match="no snapshots"):
        History([])

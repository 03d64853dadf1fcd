"""The small pieces the synthetic council is built from: its calendar, random streams and ids."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from safeguard.annex_a.reader import column_letter
from safeguard.calendar import WorkingDays, working_day_deadline, working_days_after
from safeguard.synth.calibration import Calibration, built_in_calibration
from safeguard.synth.children import IdSequence
from safeguard.synth.randomness import CaseStreams, stratified_uniforms, stream
from safeguard.synth.stocks import TargetPath
from safeguard.synth.timeline import add_months, age_on, birthday, date_of, day_of, within_twelve_months

CALENDAR = WorkingDays(day_of(date(2015, 1, 1)), day_of(date(2027, 12, 31)))
days_in_range = st.dates(min_value=date(2016, 1, 1), max_value=date(2026, 6, 30))


@settings(max_examples=150, deadline=None)
@given(start=days_in_range, working_days=st.integers(min_value=0, max_value=90))
def test_deadlines_agree_with_the_indicators_calendar(start: date, working_days: int) -> None:
    assert date_of(CALENDAR.deadline(day_of(start), working_days)) == working_day_deadline(start, working_days)


@settings(max_examples=150, deadline=None)
@given(start=days_in_range, length=st.integers(min_value=-10, max_value=200))
def test_working_day_counts_agree_with_the_indicators_calendar(start: date, length: int) -> None:
    end = start + timedelta(days=length)
    assert CALENDAR.count_after(day_of(start), day_of(end)) == working_days_after(start, end)


def test_the_coronation_and_christmas_are_not_working_days() -> None:
    assert CALENDAR.on_or_after(day_of(date(2023, 5, 8))) == day_of(date(2023, 5, 9))
    assert CALENDAR.on_or_before(day_of(date(2022, 12, 27))) == day_of(date(2022, 12, 23))


def test_months_and_birthdays_at_the_ends_of_months() -> None:
    assert date_of(add_months(day_of(date(2024, 1, 31)), 1)) == date(2024, 2, 29)
    assert date_of(add_months(day_of(date(2024, 3, 31)), -13)) == date(2023, 2, 28)
    born = day_of(date(2008, 2, 29))
    assert date_of(birthday(born, 18)) == date(2026, 3, 1)
    assert age_on(born, day_of(date(2026, 2, 28))) == 17
    assert age_on(born, day_of(date(2026, 3, 1))) == 18
    assert within_twelve_months(day_of(date(2023, 2, 28)), day_of(date(2024, 2, 29)))
    assert not within_twelve_months(day_of(date(2023, 2, 27)), day_of(date(2024, 2, 29)))


@settings(max_examples=60, deadline=None)
@given(count=st.integers(min_value=1, max_value=5000), share=st.floats(min_value=0.0, max_value=1.0), seed=st.integers(0, 1000))
def test_stratified_draws_hit_a_share_to_within_one(count: int, share: float, seed: int) -> None:
    hits = int((stratified_uniforms(stream(seed, "test"), count) < share).sum())
    assert abs(hits - share * count) <= 1


def test_ids_never_repeat_and_look_like_a_case_system_s() -> None:
    ids = IdSequence(np.random.default_rng(4), 1_000_000, 9_000_000)
    issued = [ids.next() for _ in range(200_000)]
    assert len(set(issued)) == len(issued)
    assert all(len(value) == 7 and value.isdigit() for value in issued)


def test_each_case_has_its_own_repeatable_stream() -> None:
    streams = CaseStreams(7, "test casework")
    case = streams.for_case(12)
    first = [case.uniform() for _ in range(3)]
    other = streams.for_case(13).uniform()
    again = streams.for_case(12)
    assert [again.uniform() for _ in range(3)] == first
    assert other not in first


def test_excel_column_letters() -> None:
    assert [column_letter(index) for index in (0, 25, 26, 33, 701, 702)] == ["A", "Z", "AA", "AH", "ZZ", "AAA"]


def test_a_stock_target_is_the_rate_times_the_population_on_31_march() -> None:
    path = TargetPath(built_in_calibration(), "cla_rate_per_10k_31mar", {2023: 50_000, 2024: 52_000}, range(2024, 2026))
    assert path(day_of(date(2024, 3, 31))) == 68.0 * 5
    assert path(day_of(date(2025, 3, 31))) == 68.0 * 5.2
    assert 68.0 * 5 < path(day_of(date(2024, 9, 30))) < 68.0 * 5.2


def test_rates_held_at_one_year_are_that_years_in_every_year() -> None:
    moving = Calibration({"cpp_reviewed_in_timescale_pct": {2021: 93.2, 2023: 88.1, 2025: 90.6}}, "test", approximate=False)
    level = moving.held_at(2023)
    assert [level.value("cpp_reviewed_in_timescale_pct", year) for year in (2019, 2021, 2023, 2026)] == [88.1] * 4
    assert moving.held_at(2030).value("cpp_reviewed_in_timescale_pct", 2021) == 90.6, "a later year holds the last published"

"""Baselines: the default choice, storing one, and limits that move only when told to."""

from __future__ import annotations

import json
from datetime import date
from functools import partial
from pathlib import Path

import pytest

from safeguard.errors import SafeguardError
from safeguard.warnings.baselines import (
    BaselineStore,
    baselines_in_force,
    default_baseline,
    month_of,
    rebaseline,
)
from warnings_support import monthly_points

monthly = partial(monthly_points, first=date(2021, 4, 1))
"""The test's series, month by month from April 2021."""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SAFEGUARD_HOME", str(tmp_path))
    return tmp_path


def test_default_baseline_is_the_first_24_months_of_a_long_series() -> None:
    series = monthly([float(i % 5) for i in range(40)])
    baseline = default_baseline("x", series)
    assert baseline is not None
    assert (baseline.start, baseline.end, baseline.points) == (date(2021, 4, 1), date(2023, 3, 1), 24)
    assert baseline.origin == "default" and baseline.set_at is None
    assert baseline.describe() == "default baseline: the first months of the series (2021-04 to 2023-03, 24 months)"


def test_default_baseline_is_the_first_12_months_of_a_shorter_series() -> None:
    baseline = default_baseline("x", monthly([1.0, 2.0] * 15))
    assert baseline is not None and baseline.points == 12 and baseline.end == date(2022, 3, 1)
    assert default_baseline("x", monthly([1.0] * 11)) is None


def test_rebaseline_stores_the_limits_and_reads_them_back(home: Path) -> None:
    series = monthly([10, 12, 11, 13, 9, 30, 31])
    result = rebaseline({"re_referral_rate": series}, date(2021, 4, 1), date(2021, 8, 1))
    stored = BaselineStore().read()["re_referral_rate"]
    assert stored == result.stored["re_referral_rate"]
    assert (stored.mean, stored.mean_moving_range, stored.points) == (11, 2.25, 5)
    assert stored.origin == "stored" and stored.set_at is not None and stored.describe().startswith(f"baseline set on {stored.set_at[:10]}")
    on_disk = json.loads((home / "warnings" / "baselines.json").read_text())
    assert on_disk["re_referral_rate"]["start"] == "2021-04-01"


def test_limits_move_only_when_rebaselined(home: Path) -> None:
    first = monthly([10, 12, 11, 13, 9, 10, 12, 11, 13, 9, 14, 16])
    assert baselines_in_force({"a": first}, BaselineStore().read())["a"].mean == pytest.approx(140 / 12)
    rebaseline({"a": first}, date(2021, 4, 1), date(2021, 8, 1))
    stored = BaselineStore().read()["a"]
    # Revised and later data arrive: the limits in force stay those stored.
    revised = monthly([50, 52, 51, 53, 49, 60, 61, 60, 62, 61, 60, 63, 64])
    in_force = baselines_in_force({"a": revised}, BaselineStore().read())["a"]
    assert in_force == stored
    assert (in_force.mean, in_force.mean_moving_range) == (11, 2.25)
    rebaseline({"a": revised}, date(2021, 4, 1), date(2021, 8, 1))
    assert baselines_in_force({"a": revised}, BaselineStore().read())["a"].mean == 51


def test_rebaselining_one_indicator_keeps_the_others(home: Path) -> None:
    series = monthly([10, 12, 11, 13, 9])
    rebaseline({"a": series, "b": series}, date(2021, 4, 1), date(2021, 8, 1))
    b_before = BaselineStore().read()["b"]
    rebaseline({"a": monthly([1, 2, 3, 4, 5])}, date(2021, 4, 1), date(2021, 8, 1))
    after = BaselineStore().read()
    assert after["b"] == b_before
    assert after["a"].mean == 3


def test_an_indicator_without_data_in_the_period_is_skipped_not_stored(home: Path) -> None:
    result = rebaseline(
        {"a": monthly([10, 12, 11]), "b": monthly([5, 6], first=date(2024, 1, 1))},
        date(2021, 4, 1),
        date(2021, 6, 1),
    )
    assert set(result.stored) == {"a"}
    assert "b: only 0 month(s)" in result.skipped["b"]
    assert set(BaselineStore().read()) == {"a"}


def test_nothing_is_written_when_no_indicator_can_be_rebaselined(home: Path) -> None:
    with pytest.raises(SafeguardError, match="only 1 month"):
        rebaseline({"a": monthly([10, 12])}, date(2021, 4, 1), date(2021, 4, 1))
    assert not (home / "warnings" / "baselines.json").exists()


def test_a_baseline_cannot_end_before_it_starts(home: Path) -> None:
    with pytest.raises(SafeguardError, match="ends"):
        rebaseline({"a": monthly([1, 2, 3])}, date(2021, 6, 1), date(2021, 4, 1))


def test_months_are_written_yyyy_mm() -> None:
    assert month_of("2024-04") == date(2024, 4, 1)
    with pytest.raises(SafeguardError, match="YYYY-MM"):
        month_of("April 2024")


def test_a_damaged_baselines_file_is_named(home: Path) -> None:
    path = home / "warnings" / "baselines.json"
    path.parent.mkdir()
    path.write_text('{"a": {"start": "2021-04-01"}}')
    with pytest.raises(SafeguardError, match="baselines.json"):
        BaselineStore().read()

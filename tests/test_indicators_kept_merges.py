"""Merged returns kept on disk between runs (issue 13, point 7): figures from a kept merge equal
figures merged afresh, a kept merge is what a later run reads, and a changed return or another
set of returns is merged again rather than served from a merge of other files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow.parquet as pq

from indicator_returns import random_returns
from safeguard.council import LocalStandards
from safeguard.indicators.engine import IndicatorValue, compute
from safeguard.indicators.history import ReturnFolder
from safeguard.indicators.population import FixedPopulation

START, END = date(2022, 4, 1), date(2025, 3, 31)


def _every_indicator(returns: list[ReturnFolder], kept: Path | None) -> list[IndicatorValue]:
    return compute(returns, START, END, "month", population=FixedPopulation(10_000), standards=LocalStandards(), merges_kept_in=kept)


def _referrals_counted(values: list[IndicatorValue]) -> int:
    return sum(value.numerator or 0 for value in values if value.id == "referrals_per_10k")


def test_figures_from_kept_merges_equal_figures_merged_afresh(tmp_path):
    returns = random_returns(tmp_path / "store")
    kept = tmp_path / "kept"
    fresh = _every_indicator(returns, None)
    first = _every_indicator(returns, kept)
    written = sorted(path.name for path in kept.iterdir())
    second = _every_indicator(returns, kept)
    assert fresh == first == second
    assert _referrals_counted(fresh) > 0
    assert any(name.startswith("referrals-") for name in written)
    assert any(name.endswith(".children_in_need_by_return.parquet") for name in written)
    assert sorted(path.name for path in kept.iterdir()) == written, "the second run wrote nothing new"
    assert not [name for name in written if name.endswith(".partial")]


def test_a_later_run_reads_the_kept_merge(tmp_path):
    returns = random_returns(tmp_path / "store")
    kept = tmp_path / "kept"
    _every_indicator(returns, kept)
    (referrals,) = [path for path in kept.iterdir() if path.name.startswith("referrals-")]
    pq.write_table(pq.read_table(referrals).slice(0, 0), referrals)
    assert _referrals_counted(_every_indicator(returns, kept)) == 0


def test_a_changed_return_is_merged_again(tmp_path):
    returns = random_returns(tmp_path / "store")
    kept = tmp_path / "kept"
    before = _every_indicator(returns, kept)
    path = returns[-1].parquet("referrals")
    pq.write_table(pq.read_table(path).slice(0, 10), path)
    after = _every_indicator(returns, kept)
    assert after == _every_indicator(returns, None)
    assert _referrals_counted(after) < _referrals_counted(before)


def test_another_set_of_returns_is_merged_on_its_own(tmp_path):
    returns = random_returns(tmp_path / "store")
    kept = tmp_path / "kept"
    _every_indicator(returns, kept)
    alone = _every_indicator(returns[-1:], kept)
    assert alone == _every_indicator(returns[-1:], None)
    assert alone != _every_indicator(returns, None)

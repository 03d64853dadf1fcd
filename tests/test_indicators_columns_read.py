"""The history reads only the columns the definitions name (issue 11.7): the figures are the
same as when every column is read, a list is read again when later definitions name more, and
the temporary folder DuckDB may write to is gone when the history closes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from indicator_returns import random_returns
from safeguard.annex_a.spec import list_by_key
from safeguard.council import LocalStandards
from safeguard.indicators.catalogue import INDICATORS, indicator
from safeguard.indicators.engine import compute
from safeguard.indicators.history import History
from safeguard.indicators.population import FixedPopulation

START, END = date(2022, 4, 1), date(2025, 3, 31)
LISTS = sorted({key for item in INDICATORS for key in item.lists})


def _columns(history: History, table: str) -> list[str]:
    return [row[0] for row in history.connection.execute(f"DESCRIBE {table}").fetchall()]


def _every_indicator(history: History) -> list:
    return compute(history, START, END, "month", population=FixedPopulation(10_000), standards=LocalStandards())


def test_figures_from_the_named_columns_equal_figures_from_every_column(tmp_path):
    returns = random_returns(tmp_path)
    with History(returns) as named:
        pruned = _every_indicator(named)
        assert "gender" not in _columns(named, "referrals"), "a column no definition names is left out"
    with History(returns) as whole:
        whole.load(LISTS)
        assert "gender" in _columns(whole, "referrals")
        complete = _every_indicator(whole)
    assert pruned == complete
    assert sum(value.numerator or 0 for value in pruned) > 0


def test_a_list_is_read_again_when_later_definitions_name_more_columns(tmp_path):
    with History(random_returns(tmp_path)) as history:
        history.load(["referrals"], [indicator("referrals_per_10k").sql])
        first = _columns(history, "referrals")
        assert "referral_nfa" not in first
        history.load(["referrals"], [indicator("referral_nfa_rate").sql])
        again = _columns(history, "referrals")
        assert "referral_nfa" in again and set(first) <= set(again)
        every = [column.key for column in list_by_key("referrals").columns]
        assert [column for column in again if column in every] == [column for column in every if column in again]


def test_the_history_s_temporary_folder_is_removed_when_it_closes(tmp_path):
    history = History(random_returns(tmp_path))
    (folder,) = history.connection.execute("SELECT current_setting('temp_directory')").fetchone()
    assert Path(folder).is_dir()
    history.close()
    assert not Path(folder).exists()

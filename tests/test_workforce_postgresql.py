"""The workforce definitions, translated by SQLGlot, run on a real PostgreSQL server: the
companion of ``test_indicators_postgresql.py`` (which covers the Annex A definitions) for the
hand-made council of ``test_workforce_indicators.py``, whose workforce file the random returns
there do not come with. DuckDB builds the workforce and caseload tables, they are copied into a
schema of their own on the server, and each definition's amounts, summed per period and team,
must be the same on both engines. Skipped, saying why, where no server was set up."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
import sqlglot

from safeguard.council import LocalStandards
from safeguard.indicators.catalogue import INDICATORS, Indicator
from safeguard.indicators.history import History, returns_in_store
from safeguard.indicators.periods import split
from safeguard.indicators.workforce import prepare_workforce, workforce_store_beside
from safeguard.snapshots import Store
from test_indicators_postgresql import copied_to_postgresql
from workforce_support import CENSUS, YEAR_START, hand_made_council

WORKFORCE_INDICATORS = [item for item in INDICATORS if item.workforce]


def amounts_sql(definition: str) -> str:
    """A workforce definition's amounts summed per period and team, rounded alike on both engines."""
    return f"""
        SELECT period_start, period_end, COALESCE(team, ''),
               ROUND(CAST(SUM(numerator_amount) AS NUMERIC), 6), ROUND(CAST(SUM(denominator_amount) AS NUMERIC), 6), COUNT(*)
        FROM ({definition}) AS items
        GROUP BY period_start, period_end, COALESCE(team, '')
        ORDER BY period_start, period_end, COALESCE(team, '')
    """


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[History]:
    home = hand_made_council(tmp_path_factory.mktemp("council"))
    definitions = [item.sql for item in WORKFORCE_INDICATORS]
    periods = split(YEAR_START, CENSUS, "quarter")
    with History(returns_in_store(Store(home))) as built:
        built.load(sorted({key for item in WORKFORCE_INDICATORS for key in item.lists}), definitions)
        built.prepare(periods, LocalStandards(), definitions)
        prepare_workforce(built.connection, periods, LocalStandards(), workforce_store_beside(built.latest.folder))
        yield built


@pytest.fixture(scope="module")
def postgresql(history: History) -> Iterator[object]:
    with copied_to_postgresql(history, "workforce_test") as connection:
        yield connection


def test_every_workforce_indicator_is_a_summed_definition():
    assert WORKFORCE_INDICATORS and all(item.summed for item in WORKFORCE_INDICATORS)


@pytest.mark.parametrize("item", WORKFORCE_INDICATORS, ids=lambda item: item.id)
def test_each_workforce_definition_gives_the_same_amounts_on_postgresql(history: History, postgresql: object, item: Indicator) -> None:
    expected = history.connection.execute(amounts_sql(item.sql)).fetchall()
    translated = sqlglot.transpile(item.sql, read="duckdb", write="postgres")[0]
    found = postgresql.execute(amounts_sql(translated)).fetchall()
    assert [tuple(row) for row in found] == [tuple(row) for row in expected]
    assert any(row[0] == date(2025, 7, 1) and row[5] > 0 for row in expected), "the census quarter has something to count"

"""Every indicator definition, translated by SQLGlot, run on a real PostgreSQL server.

The definitions are meant to run elsewhere (a regional alliance may run them on PostgreSQL or
Spark), so parsing them is not enough: here DuckDB builds the tables they read from random
returns, those tables are copied into a schema of their own on the PostgreSQL server that
``scripts/setup-system`` starts, and each definition's rows, summed per period and team, must
be the same on both engines. Skipped, saying why, where no server was set up.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
import sqlglot

from indicator_returns import random_returns
from safeguard.council import LocalStandards
from safeguard.indicators.catalogue import INDICATORS, Indicator
from safeguard.indicators.history import History
from safeguard.indicators.periods import split

psycopg = pytest.importorskip("psycopg")

CHECKOUT = Path(__file__).resolve().parents[1]
SYSTEM_STATUS = CHECKOUT / "build" / "system.env"
POSTGRES_TYPES = {"VARCHAR": "TEXT", "DATE": "DATE", "BIGINT": "BIGINT", "INTEGER": "INTEGER", "BOOLEAN": "BOOLEAN", "TIMESTAMP": "TIMESTAMP", "DOUBLE": "DOUBLE PRECISION", "FLOAT": "REAL"}


def postgresql_url() -> str | None:
    """The test server's URL: from the environment, else as scripts/setup-system recorded it."""
    if os.environ.get("SAFEGUARD_TEST_POSTGRESQL_URL"):
        return os.environ["SAFEGUARD_TEST_POSTGRESQL_URL"]
    if SYSTEM_STATUS.is_file():
        for line in SYSTEM_STATUS.read_text(encoding="utf-8").splitlines():
            name, _, value = line.partition("=")
            if name == "SAFEGUARD_TEST_POSTGRESQL_URL" and value:
                return value
    return None


def totals_sql(definition: str) -> str:
    """The engine's sums over a definition's rows, in SQL both engines read the same way."""
    return f"""
        SELECT period_start, period_end, COALESCE(team, ''), SUM(in_numerator), COUNT(*)
        FROM ({definition}) AS items
        GROUP BY period_start, period_end, COALESCE(team, '')
        ORDER BY period_start, period_end, COALESCE(team, '')
    """


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[History]:
    returns = random_returns(tmp_path_factory.mktemp("returns"))
    with History(returns) as built:
        built.load(sorted({key for item in INDICATORS for key in item.lists}))
        built.prepare(split(date(2021, 4, 1), date(2025, 3, 31), "quarter"), LocalStandards(), [item.sql for item in ANNEX_A_INDICATORS])
        yield built


@contextmanager
def copied_to_postgresql(history: History, prefix: str) -> Iterator[object]:
    """A connection whose search path is a fresh schema (named from ``prefix``) holding a copy
    of every DuckDB table of ``history``; the schema is dropped afterwards. Skips, saying why,
    where no server was set up."""
    url = postgresql_url()
    if url is None:
        pytest.skip(f"no PostgreSQL server: scripts/setup-system records one in {SYSTEM_STATUS}")
    try:
        connection = psycopg.connect(url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.skip(f"the PostgreSQL server at {SYSTEM_STATUS} does not answer: {error}")
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with connection:
        connection.execute(f"CREATE SCHEMA {schema}")
        try:
            connection.execute(f"SET search_path TO {schema}")
            relations = history.connection.execute(
                "SELECT table_name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1"
            ).fetchall()
            for (table,) in relations:
                copy_table(history, connection, table)
            yield connection
        finally:
            connection.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(scope="module")
def postgresql(history: History) -> Iterator[object]:
    with copied_to_postgresql(history, "indicator_test") as connection:
        yield connection


def copy_table(history: History, connection: object, table: str) -> None:
    """One of the history's tables, or its derived views (each period's episodes) as they read,
    into a table of the same name on PostgreSQL."""
    columns = history.connection.execute(f"DESCRIBE {table}").fetchall()
    definition = ", ".join(f'"{name}" {POSTGRES_TYPES[kind]}' for name, kind, *_ in columns)
    connection.execute(f'CREATE TABLE "{table}" ({definition})')
    with connection.cursor().copy(f'COPY "{table}" FROM STDIN') as copy:
        for row in history.connection.execute(f"SELECT * FROM {table}").fetchall():
            copy.write_row(row)


ANNEX_A_INDICATORS = [item for item in INDICATORS if not item.workforce]
"""The workforce's definitions read the tables of a workforce file, which these random returns do
not come with; tests/test_workforce_indicators.py checks them against figures worked by hand."""


@pytest.mark.parametrize("item", ANNEX_A_INDICATORS, ids=lambda item: item.id)
def test_each_definition_gives_the_same_rows_on_postgresql(history: History, postgresql: object, item: Indicator) -> None:
    expected = history.connection.execute(totals_sql(item.sql)).fetchall()
    translated = sqlglot.transpile(item.sql, read="duckdb", write="postgres")[0]
    found = postgresql.execute(totals_sql(translated)).fetchall()
    assert [tuple(row) for row in found] == expected
    assert sum(row[4] for row in expected) > 0, "the random returns give this definition something to count"

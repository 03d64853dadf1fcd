"""The catalogue: complete, consistent with DfE's dictionary, portable SQL, and documented."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel

from indicator_returns import random_returns
from published_data import BENCHMARKS, needs_benchmarks
from safeguard.annex_a.spec import list_by_key
from safeguard.council import LocalStandards
from safeguard.factors import FACTORS
from safeguard.indicators import catalogue
from safeguard.indicators.catalogue import INDICATORS, Polarity, Unit, indicator
from safeguard.indicators.engine import compute
from safeguard.indicators.history import DERIVED_RELATIONS, EPISODES, NATURAL_KEYS, RETURN_RELATIONS
from safeguard.indicators.population import FixedPopulation
from safeguard.indicators.workforce import TABLES as WORKFORCE_TABLES
from safeguard.reference import markdown

CHECKOUT = Path(__file__).resolve().parents[1]
LAIT_DICTIONARY = BENCHMARKS / "lait" / "lait_data_dictionary.csv"
REQUIRED_IDS = {
    "referrals_per_10k",
    "re_referral_rate",
    "referral_nfa_rate",
    "assessments_within_45wd",
    "s47_per_10k",
    "icpc_per_10k",
    "icpc_within_15wd",
    "cin_per_10k",
    "cpp_per_10k",
    "cpp_repeat_rate",
    "cpp_ended_2yrs_rate",
    "cpp_review_in_timescale",
    "cpp_visit_in_timescale",
    "cpp_seen_alone_rate",
    "cla_per_10k",
    "cla_3plus_placements_rate",
    "cla_missing_rate",
    "return_interview_offered_rate",
    "unallocated_cases",
}
SHARED_TABLES = {"periods", "calendar", "timescales"}
POLARITY_DIFFERS_FROM_LAIT = {
    "cpp_starts_per_10k": "LAIT ranks plan starts as lower-is-better; a volume is context here, as for cpp_per_10k",
    "cla_missing_rate": "LAIT gives no polarity; DOMAIN §3 says lower is better",
}


def test_every_required_indicator_is_there_once() -> None:
    ids = [item.id for item in INDICATORS]
    assert len(ids) == len(set(ids))
    assert set(ids) >= REQUIRED_IDS
    assert indicator("re_referral_rate").unit is Unit.PERCENT
    with pytest.raises(KeyError, match="no indicator 'nope'"):
        indicator("nope")


@pytest.mark.parametrize("item", INDICATORS, ids=lambda item: item.id)
def test_each_indicator_is_fully_described(item: catalogue.Indicator) -> None:
    for text in (item.title, item.definition, item.numerator, item.denominator, item.question, item.method):
        assert text.strip() and text == text.strip()
    assert item.factors and set(item.factors) <= {factor.id for factor in FACTORS}
    assert (item.lists or item.workforce) and all(list_by_key(key) for key in item.lists)
    assert item.question.endswith("?")
    if item.unit is Unit.PER_10K:
        assert not item.by_team and item.denominator == catalogue.POPULATION
    if item.unit is Unit.COUNT:
        assert item.polarity is Polarity.ZERO


def lait_polarities() -> dict[str, str]:
    with LAIT_DICTIONARY.open(encoding="utf-8-sig", newline="") as source:
        return {row["Measure_short"]: row["Polarity"] for row in csv.DictReader(source)}


@pytest.mark.parametrize("item", [item for item in INDICATORS if item.lait_code], ids=lambda item: item.id)
@needs_benchmarks
def test_lait_codes_exist_and_polarity_agrees_with_dfe(item: catalogue.Indicator) -> None:
    polarities = lait_polarities()
    assert item.lait_code in polarities
    expected = {"High": Polarity.HIGH, "Low": Polarity.LOW}.get(polarities[item.lait_code], Polarity.CONTEXT)
    if item.id in POLARITY_DIFFERS_FROM_LAIT:
        assert item.polarity is not expected
    else:
        assert item.polarity is expected


def tables_read(sql: str) -> set[str]:
    tree = sqlglot.parse_one(sql, read="duckdb")
    return {table.name for table in tree.find_all(exp.Table)} - {cte.alias for cte in tree.find_all(exp.CTE)}


@pytest.mark.parametrize("item", INDICATORS, ids=lambda item: item.id)
def test_each_definition_reads_only_its_own_lists(item: catalogue.Indicator) -> None:
    relations = DERIVED_RELATIONS + RETURN_RELATIONS
    allowed = SHARED_TABLES | set(item.lists) | {relation for relation in relations if item.lists and relation.startswith(item.lists)}
    allowed |= set(WORKFORCE_TABLES) if item.workforce else set()
    assert tables_read(item.sql) <= allowed


def reads_as_at_fields(sql: str) -> bool:
    """Whether a definition names a field that only the return at the period's end can give: any
    column of a per-period or per-return table beyond the episode's key, dates and team."""
    tree = sqlglot.parse_one(sql, read="duckdb")
    read = tables_read(sql)
    if "care_leavers_at_end" in read:
        return True
    keys = {key for key in EPISODES if read & {f"{key}_open", f"{key}_during", f"{key}_by_return"}}
    from_history = {"period_start", "period_end", "team"}.union(*(set(NATURAL_KEYS[key]) | set(EPISODES[key]) for key in keys))
    as_at = {column.key for key in keys for column in list_by_key(key).columns} - from_history
    return bool({column.name for column in tree.find_all(exp.Column)} & as_at)


@pytest.mark.parametrize("item", INDICATORS, ids=lambda item: item.id)
def test_as_at_marks_exactly_the_definitions_that_read_as_at_fields(item: catalogue.Indicator) -> None:
    assert item.as_at is reads_as_at_fields(item.sql)


@pytest.mark.parametrize("item", INDICATORS, ids=lambda item: item.id)
def test_each_definition_is_standard_sql_that_postgres_and_spark_accept(item: catalogue.Indicator) -> None:
    # Parsed as generic SQL and as PostgreSQL, not only as DuckDB's dialect: nothing DuckDB-only.
    sqlglot.parse_one(item.sql, read=None, error_level=ErrorLevel.RAISE)
    sqlglot.parse_one(item.sql, read="postgres", error_level=ErrorLevel.RAISE)
    for dialect in ("postgres", "spark"):
        translated = sqlglot.transpile(item.sql, read="duckdb", write=dialect, unsupported_level=ErrorLevel.RAISE)
        assert len(translated) == 1


@pytest.mark.parametrize("dialect", ["postgres", "spark"])
def test_the_translated_definitions_give_the_same_figures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialect: str) -> None:
    monkeypatch.setenv("SAFEGUARD_HOME", str(tmp_path / "home"))
    returns = random_returns(tmp_path)
    options = dict(by="year", population=FixedPopulation(30_000), standards=LocalStandards())
    original = compute(returns, date(2021, 4, 1), date(2025, 3, 31), **options)
    assert sum(value.numerator or 0 for value in original) > 500  # the random data exercises the definitions
    translated = {item.id: sqlglot.transpile(item.sql, read="duckdb", write=dialect)[0] for item in INDICATORS}
    monkeypatch.setattr(catalogue, "definition_sql", translated.__getitem__)
    assert compute(returns, date(2021, 4, 1), date(2025, 3, 31), **options) == original


def test_factors_are_the_seven_of_the_guide() -> None:
    assert [factor.id for factor in FACTORS] == [
        "leadership",
        "culture",
        "resourcing",
        "workforce_development",
        "performance_and_quality",
        "partnership",
        "outcomes",
    ]
    assert all(factor.citation == "LMCS guide §3.1" for factor in FACTORS)


def test_docs_indicators_md_is_up_to_date() -> None:
    committed = (CHECKOUT / "docs" / "indicators.md").read_text(encoding="utf-8")
    assert committed == markdown(), "docs/indicators.md is out of date: run `safeguard indicators docs > docs/indicators.md`"


def test_the_docs_describe_every_indicator_and_list() -> None:
    page = markdown()
    for item in INDICATORS:
        assert f'<a id="{item.id}"></a>' in page
        assert item.sql.strip() in page
    for key in ("referrals", "child_protection_plans"):
        assert f"(list {list_by_key(key).number})" in page

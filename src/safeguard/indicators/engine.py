"""Computing the catalogue's indicators for any periods, from the returns in the store.

``compute`` is the one way in: give it the returns (the store, snapshot folders, or a
`History` already built), a date range and how to divide it, and it runs each indicator's SQL
over the merged history and turns the counts into values. Every value carries its numerator
and denominator. A value that cannot be worked out is None, never 0, with a note saying why:
no events to divide by, no population, no return covering the period, or (for the indicators
Annex A can only give as at a return's end) no return ending at the period's end.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from safeguard.council import LocalStandards, load_council
from safeguard.errors import SafeguardError
from safeguard.indicators.catalogue import INDICATORS, Indicator, Unit, indicator_ids
from safeguard.indicators.history import AS_AT_GRACE, History, ReturnFolder, SnapshotStore, relations_read, returns_in_store
from safeguard.indicators.periods import Granularity, Period, split
from safeguard.indicators.population import NO_POPULATION, PopulationSource, mid_year_for
from safeguard.indicators.workforce import (
    NO_WORKFORCE_FILE,
    WorkforceSnapshots,
    has_workforce_rows,
    prepare_workforce,
    workforce_store_beside,
)

NO_TEAM = "No team recorded"
NOT_COVERED = "no snapshot covers this period"
NO_RETURN_AT_END = (
    f"no value: Annex A records this only as at a return's end, and no return ends on this period's "
    f"last day or in the {AS_AT_GRACE.days} days after it"
)


@dataclass(frozen=True)
class IndicatorValue:
    """One indicator for one period (and one team, when computed by team)."""

    id: str
    period_start: date
    period_end: date
    team: str | None
    """None for the whole council."""
    numerator: int | float | None
    """A count; for the workforce's indicators, full-time equivalents (to two places)."""
    denominator: int | float | None
    """The count divided by: events or children for a percentage, the 0-17 population for a
    rate per 10,000, None for a plain count."""
    value: float | None
    unit: str
    note: str | None = None
    """Why the value is missing, or what to bear in mind when reading it."""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "team": self.team,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": self.value,
            "unit": self.unit,
            "note": self.note,
        }


Source = History | SnapshotStore | Iterable[ReturnFolder | Path]
"""A `History`, a ``safeguard.snapshots.Store`` (all its snapshots), or snapshot folders."""


@contextmanager
def open_history(source: Source, merges_kept_in: Path | None = None) -> Iterator[History]:
    """A `History` for ``source``, closed afterwards unless the caller built it (see `History`
    for ``merges_kept_in``)."""
    if isinstance(source, History):
        yield source
        return
    if isinstance(source, SnapshotStore):
        returns = returns_in_store(source)
    else:
        returns = [item if isinstance(item, ReturnFolder) else ReturnFolder.from_folder(Path(item)) for item in source]
    history = History(returns, merges_kept_in)
    try:
        yield history
    finally:
        history.close()


def choose(ids: Iterable[str] | None, team: bool = False) -> list[Indicator]:
    """The indicators asked for, in catalogue order; by team, only those that make sense by team."""
    if ids is None:
        chosen = list(INDICATORS)
    else:
        wanted = set(ids)
        unknown = wanted - set(indicator_ids())
        if unknown:
            raise SafeguardError(f"Unknown indicator {', '.join(sorted(unknown))} (see `safeguard indicators docs` for the ids).")
        chosen = [candidate for candidate in INDICATORS if candidate.id in wanted]
    return [candidate for candidate in chosen if candidate.by_team or not team]


def compute(
    source: Source,
    start: date,
    end: date,
    by: str | Granularity | None = None,
    team: bool = False,
    population: PopulationSource | None = None,
    ids: Iterable[str] | None = None,
    standards: LocalStandards | None = None,
    workforce: WorkforceSnapshots | None = None,
    merges_kept_in: Path | None = None,
) -> list[IndicatorValue]:
    """Every chosen indicator for each period of ``by`` from ``start`` to ``end`` (both included).

    ``by`` None gives one period for the whole range. ``team`` gives one value per team (the
    team recorded on each counted event) and leaves out indicators that make no sense by team.
    ``population`` is needed for rates per 10,000; without it they have no value. ``standards``
    defaults to the council's settings (``council.json``). ``workforce`` is the workforce
    snapshots (default: those kept in the same store as the returns). ``merges_kept_in`` is a
    folder where the merged returns are kept between runs (`History`); None merges every time.
    """
    periods = split(start, end, by)
    indicators = choose(ids, team)
    standards = standards or load_council().standards
    with open_history(source, merges_kept_in) as history:
        definitions = [item.sql for item in indicators]
        history.load(_lists_needed(indicators), definitions)
        history.prepare(periods, standards, definitions)
        coverage = history.coverage()
        returns_at_end = history.periods_with_a_return_at_end()
        described: set[Period] = set()
        workforce_read = False
        if any(item.workforce for item in indicators):
            store = workforce if workforce is not None else workforce_store_beside(history.latest.folder)
            described = prepare_workforce(history.connection, periods, standards, store)
            workforce_read = has_workforce_rows(history.connection)
        counts = history.side_by_side(
            [
                functools.partial(_counts, item=item, team=team, summed=item.summed, counted=workforce_read or not item.workforce)
                for item in indicators
            ]
        )
        values: list[IndicatorValue] = []
        for item, rows in zip(indicators, counts, strict=True):
            if item.summed:
                values.extend(_summed_values(item, rows, returns_at_end, described, coverage))
                continue
            for row in rows:
                period = Period(row[0], row[1])
                if item.as_at and period not in returns_at_end:
                    values.append(_without_return_at_end(item, period, row[2], coverage))
                else:
                    values.append(_value(item, period, row[2], int(row[3]), int(row[4]), population, coverage))
    return values


def _summed_values(
    item: Indicator,
    rows: Sequence[tuple[Any, ...]],
    returns_at_end: set[Period],
    described: set[Period],
    coverage: Sequence[Period],
) -> list[IndicatorValue]:
    """Values of a definition that returns amounts (full-time equivalents, weighted cases) to add
    up, from its `_counts` rows.

    Amounts are rounded to two decimal places (hundredths of a full-time post) before dividing,
    so a figure can be checked by hand from the numerator and denominator shown beside it.
    """
    values = []
    for row in rows:
        period = Period(row[0], row[1])
        if item.as_at and period not in returns_at_end:
            values.append(_without_return_at_end(item, period, row[2], coverage))
            continue
        numerator, denominator = round(float(row[3]), 2), round(float(row[4]), 2)
        if not denominator:
            note = NO_WORKFORCE_FILE if period not in described else f"no value: nothing to divide by (no {item.denominator[0].lower()}{item.denominator[1:]})"
            values.append(IndicatorValue(item.id, period.start, period.end, row[2], None, None, None, item.unit.value, note))
            continue
        value = numerator / denominator * (100 if item.unit is Unit.PERCENT else 1)
        values.append(IndicatorValue(item.id, period.start, period.end, row[2], numerator, denominator, value, item.unit.value))
    return values


def monthly_series(
    source: Source,
    indicator_id: str,
    start: date,
    end: date,
    population: PopulationSource | None = None,
    team: bool = False,
    standards: LocalStandards | None = None,
) -> list[IndicatorValue]:
    """One indicator month by month (the early warning's input), oldest first."""
    return compute(source, start, end, Granularity.MONTH, team, population, [indicator_id], standards)


def _lists_needed(indicators: Sequence[Indicator]) -> list[str]:
    """The Annex A lists the indicators are computed from (each indicator declares its own)."""
    return sorted({key for item in indicators for key in item.lists})


def _counts(
    connection: duckdb.DuckDBPyConnection, item: Indicator, team: bool, summed: bool = False, counted: bool = True
) -> list[tuple[Any, ...]]:
    """(period_start, period_end, team, numerator, items) for every period, and every team if asked.

    ``summed``: the definition returns ``numerator_amount`` and ``denominator_amount`` to add up
    (full-time equivalents, weighted cases) instead of items to count.

    ``counted`` False: the definition can count nothing (a workforce indicator with no workforce
    file for any period: each counts rows of ``workforce_at_end``), so it is not run; the
    database still checks it and gives every period its zero. The caseloads would otherwise rank
    every open case of every period only to join them to no worker.
    """
    amounts = "numerator_amount AS in_numerator, denominator_amount" if summed else "in_numerator, 1 AS denominator_amount"
    definition = item.sql if counted else f"SELECT * FROM ({item.sql}) AS nothing_to_count WHERE FALSE"
    labelled = f"""
        WITH items AS ({definition}),
        labelled AS (
            SELECT period_start, period_end, COALESCE(NULLIF(TRIM(team), ''), '{NO_TEAM}') AS team, {amounts} FROM items
        )
    """
    items = "COALESCE(SUM(l.denominator_amount), 0)" if summed else "COUNT(l.period_end)"
    if team:
        query = labelled + f"""
            SELECT p.period_start, p.period_end, t.team, COALESCE(SUM(l.in_numerator), 0), {items}
            FROM periods AS p
            CROSS JOIN ({_teams_sql(item)}) AS t
            LEFT JOIN labelled AS l ON l.period_start = p.period_start AND l.period_end = p.period_end AND l.team = t.team
            GROUP BY p.period_start, p.period_end, t.team
            ORDER BY p.period_start, p.period_end, t.team
        """
    else:
        query = labelled + f"""
            SELECT p.period_start, p.period_end, NULL, COALESCE(SUM(l.in_numerator), 0), {items}
            FROM periods AS p
            LEFT JOIN labelled AS l ON l.period_start = p.period_start AND l.period_end = p.period_end
            GROUP BY p.period_start, p.period_end
            ORDER BY p.period_start, p.period_end
        """
    return connection.execute(query).fetchall()


def _teams_sql(item: Indicator) -> str:
    """The teams to report: those among the counted items, and for a count (where zero is the
    news) every team with an open case at a period's end in the tables the count reads."""
    teams = ["SELECT DISTINCT team FROM labelled"]
    if item.unit is Unit.COUNT:
        teams += [
            f"SELECT DISTINCT COALESCE(NULLIF(TRIM(team), ''), '{NO_TEAM}') FROM {relation}"
            for relation in sorted(relations_read(item.sql))
        ]
    return " UNION ".join(teams)


def _coverage_note(period: Period, coverage: Sequence[Period]) -> tuple[bool, str | None]:
    """(any coverage at all, a note when the returns cover only part of the period)."""
    overlapping = [span for span in coverage if span.start <= period.end and span.end >= period.start]
    if not overlapping:
        return False, NOT_COVERED
    if any(span.start <= period.start and span.end >= period.end for span in overlapping):
        return True, None
    return True, f"the snapshots cover only part of this period ({_describe(overlapping)})"


def _describe(spans: Sequence[Period]) -> str:
    return ", ".join(f"{span.start.isoformat()} to {span.end.isoformat()}" for span in spans)


def _without_return_at_end(item: Indicator, period: Period, team: str | None, coverage: Sequence[Period]) -> IndicatorValue:
    """No value for an "as at" indicator whose period has no return at its end (or no return at all)."""
    covered, coverage_note = _coverage_note(period, coverage)
    note = NO_RETURN_AT_END if covered else coverage_note
    return IndicatorValue(item.id, period.start, period.end, team, None, None, None, item.unit.value, note)


def _value(
    item: Indicator,
    period: Period,
    team: str | None,
    numerator: int,
    items: int,
    population: PopulationSource | None,
    coverage: Sequence[Period],
) -> IndicatorValue:
    covered, coverage_note = _coverage_note(period, coverage)
    if not covered:
        return IndicatorValue(item.id, period.start, period.end, team, None, None, None, item.unit.value, coverage_note)
    if item.unit is Unit.COUNT:
        return IndicatorValue(item.id, period.start, period.end, team, numerator, None, numerator, item.unit.value, coverage_note)
    if item.unit is Unit.PERCENT:
        value = 100 * numerator / items if items else None
        note = None if items else f"no value: nothing to divide by (no {item.denominator[0].lower()}{item.denominator[1:]})"
        return IndicatorValue(item.id, period.start, period.end, team, numerator, items, value, item.unit.value, _join(note, coverage_note))
    figure = population.for_period(period) if population is not None else None
    if figure is None:
        missing = NO_POPULATION if population is None else f"no population estimate for mid-{mid_year_for(period)} or earlier"
        return IndicatorValue(item.id, period.start, period.end, team, numerator, None, None, item.unit.value, _join(missing, coverage_note))
    value = 10_000 * numerator / figure.children
    return IndicatorValue(
        item.id, period.start, period.end, team, numerator, figure.children, value, item.unit.value, _join(figure.note, coverage_note)
    )


def _join(*notes: str | None) -> str | None:
    present = [note for note in notes if note]
    return "; ".join(present) if present else None

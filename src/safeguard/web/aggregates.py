"""The only door to figures for people who may not see children's records.

Pages that serve leaders (the Lead Member, the quartet, scrutiny, partners), their downloads
and the JSON API import this module, never ``safeguard.snapshots`` or ``safeguard.annex_a``;
an import-linter contract (``.importlinter``) fails the build if one tries. Everything that
leaves here is a count, a rate, a date or a sentence about them, and for viewers whose roles give
no child-level access it has been through disclosure control (``safeguard.web.disclosure``):
counts from 1 to 5 show as ``[c]``, so do the cells that would let one be worked out from a
total (a hidden month from its year, a hidden team from the council, a hidden month from the
baseline mean of a control chart), and so does every rate, percentage, limit or warning figure
built on a hidden count. Pages, downloads and the API all take their figures from the same
functions below, so they agree cell for cell.

The figures are worked out once per state of the store (its snapshots, the council's settings,
the loaded benchmarks and the stored baselines) by the indicator engine, the early warning and
the benchmarks, kept as JSON beside the snapshots, and read from memory after that: a page
costs a look at the store and a dictionary lookup, not a DuckDB run.
"""

from __future__ import annotations

import csv
import fcntl
import hashlib
import io
import json
import os
import tempfile
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from safeguard.spreadsheets import spreadsheet_safe
from safeguard.annex_a.spec import LISTS
from safeguard.benchmarks.comparison import Benchmark, BenchmarkData, benchmark
from safeguard.benchmarks.loader import current_load
from safeguard.benchmarks.own_figures import covered
from safeguard.council import council_path, load_council
from safeguard.errors import SafeguardError
from safeguard.factors import FACTORS, Factor
from safeguard.indicators.catalogue import INDICATORS, Indicator, Kind, Polarity, Unit, indicator
from safeguard.indicators.engine import IndicatorValue, compute, open_history
from safeguard.indicators.periods import Granularity, financial_year, month_of
from safeguard.indicators.population import council_population
from safeguard.snapshots import Store
from safeguard.warnings.baselines import Baseline, BaselineStore
from safeguard.warnings.confidence import data_confidence, rows_with_queries
from safeguard.warnings.records import NOT_MEASURED, EarlyWarning, format_change, format_value
from safeguard.warnings.review import review
from safeguard.warnings.scan import reading_of
from safeguard.warnings.series import charted_months, series_from_values
from safeguard.warnings.spc import RuleSettings, special_causes
from safeguard.web.access.policy import Permission, Role, permissions_of
from safeguard.web.disclosure import (
    CONFIDENTIAL,
    NOT_APPLICABLE,
    UNAVAILABLE,
    Total,
    is_small,
    protect,
    shown_count,
    shown_value,
)


def disclosed(count: int, exact: bool) -> str:
    """A count as an aggregate-only viewer may see it (``exact`` viewers see every number)."""
    if not exact and is_small(count):
        return CONFIDENTIAL
    return f"{count:,}"


# ---------------------------------------------------------------------------------------------
# Data confidence of the snapshots (the home page and the snapshots page)


@dataclass(frozen=True)
class ListConfidence:
    """How much one list of one snapshot can be trusted: its rows, the queries raised, and the
    share of its rows on which no query was raised (the measure the warnings quote too)."""

    number: int
    key: str
    title: str
    rows: str
    queries: str
    rows_without_query: str


@dataclass(frozen=True)
class SnapshotSummary:
    id: str
    period_start: date
    period_end: date
    loaded_at: datetime
    lists: tuple[ListConfidence, ...]
    queries: str


def _findings_of(store: Store, snapshot_id: str) -> list[dict[str, Any]]:
    """The findings (queries: an accepted snapshot has no errors) its import raised."""
    try:
        document = json.loads(store.findings_path(snapshot_id).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SafeguardError(f"The findings of snapshot {snapshot_id} cannot be read: {error}.") from error
    return document.get("findings", [])


def share_without_query(rows: int, queried_rows: int, exact: bool) -> str:
    """The share of a list's rows with no query, as a viewer may see it: withheld ([c]) when it
    would let a count from 1 to 5 be worked out (the rows queried, or the rows not queried, from
    the rows shown), and not applicable ([z]) for an empty list."""
    if rows == 0:
        return NOT_APPLICABLE
    clean = rows - queried_rows
    if not exact and any(is_small(count) for count in (rows, queried_rows, clean)):
        return CONFIDENTIAL
    return f"{100 * clean / rows:.1f}%"


def _summary(store: Store, snapshot_id: str, exact: bool) -> SnapshotSummary:
    snapshot = store.get(snapshot_id)
    findings = _findings_of(store, snapshot.id)
    queries = Counter(finding.get("list_key") for finding in findings if finding.get("list_key"))
    queried = rows_with_queries(findings)
    lists = []
    for annex_list in LISTS:
        rows = snapshot.row_counts.get(annex_list.key, 0)
        lists.append(
            ListConfidence(
                number=annex_list.number,
                key=annex_list.key,
                title=annex_list.title,
                rows=disclosed(rows, exact),
                queries=disclosed(queries.get(annex_list.key, 0), exact),
                rows_without_query=share_without_query(rows, min(len(queried.get(annex_list.key, ())), rows), exact),
            )
        )
    return SnapshotSummary(
        id=snapshot.id,
        period_start=snapshot.period_start,
        period_end=snapshot.period_end,
        loaded_at=snapshot.loaded_at,
        lists=tuple(lists),
        queries=disclosed(snapshot.queries, exact),
    )


def latest_snapshot(exact: bool) -> SnapshotSummary | None:
    """The newest snapshot's data confidence, or None before the first import."""
    with Store() as store:
        snapshots = store.list()
        return _summary(store, snapshots[-1].id, exact) if snapshots else None


def all_snapshots(exact: bool) -> list[SnapshotSummary]:
    """Every snapshot's data confidence, newest first."""
    with Store() as store:
        return [_summary(store, snapshot.id, exact) for snapshot in reversed(store.list())]


# ---------------------------------------------------------------------------------------------
# Who is looking


@dataclass(frozen=True)
class Viewer:
    """What a person's roles let them see of the figures."""

    exact: bool
    """Every count as it is: only roles with child-level access (DOMAIN.md §1)."""
    teams: bool
    """Figures broken down by team."""

    @classmethod
    def of(cls, roles: Iterable[Role]) -> Viewer:
        permissions = permissions_of(roles)
        return cls(exact=Permission.SEE_CHILD_LEVEL in permissions, teams=Permission.SEE_TEAM_DETAIL in permissions)


# ---------------------------------------------------------------------------------------------
# The figures as computed from the store (exact; never leave this module as they are)

FIGURES_FORMAT = 1
"""Raised whenever the stored figures' layout changes, so older files are recomputed."""
FIGURES_FOLDER = "figures"


@dataclass(frozen=True)
class SignalMonth:
    """A month of a control chart that is part of a special-cause pattern."""

    month: date
    rules: tuple[str, ...]
    direction: str


@dataclass(frozen=True)
class ComputedIndicator:
    id: str
    months: tuple[IndicatorValue, ...]
    years: tuple[IndicatorValue, ...]
    teams_month: tuple[IndicatorValue, ...]
    teams_year: tuple[IndicatorValue, ...]
    council_year: IndicatorValue | None
    """The whole council over the same last 12 months as ``teams_year`` (their total)."""
    baseline: Baseline | None
    signals: tuple[SignalMonth, ...]
    comparison: Benchmark | None
    confidence: str


@dataclass(frozen=True)
class Figures:
    fingerprint: str
    computed_at: datetime
    council: str
    first_month: date | None
    last_month: date | None
    indicators: dict[str, ComputedIndicator]
    warnings: tuple[EarlyWarning, ...]
    notes: tuple[str, ...]


def _value_json(value: IndicatorValue) -> dict[str, Any]:
    return value.to_json()


def _value_from(data: dict[str, Any]) -> IndicatorValue:
    return IndicatorValue(
        **{**data, "period_start": date.fromisoformat(data["period_start"]), "period_end": date.fromisoformat(data["period_end"])}
    )


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    """Dates as ISO text, so a dataclass's fields can be written as JSON."""
    return {key: value.isoformat() if isinstance(value, date) else value for key, value in data.items()}


def _figures_json(figures: Figures) -> dict[str, Any]:
    return {
        "format": FIGURES_FORMAT,
        "fingerprint": figures.fingerprint,
        "computed_at": figures.computed_at.isoformat(),
        "council": figures.council,
        "first_month": figures.first_month.isoformat() if figures.first_month else None,
        "last_month": figures.last_month.isoformat() if figures.last_month else None,
        "indicators": {
            key: {
                "months": [_value_json(value) for value in item.months],
                "years": [_value_json(value) for value in item.years],
                "teams_month": [_value_json(value) for value in item.teams_month],
                "teams_year": [_value_json(value) for value in item.teams_year],
                "council_year": _value_json(item.council_year) if item.council_year else None,
                "baseline": _plain(asdict(item.baseline)) if item.baseline else None,
                "signals": [{**_plain(asdict(signal)), "rules": list(signal.rules)} for signal in item.signals],
                "comparison": asdict(item.comparison) if item.comparison else None,
                "confidence": item.confidence,
            }
            for key, item in figures.indicators.items()
        },
        "warnings": [_warning_json(warning) for warning in figures.warnings],
        "notes": list(figures.notes),
    }


def _warning_json(warning: EarlyWarning) -> dict[str, Any]:
    return {
        **_plain(asdict(warning)),
        "rules": list(warning.rules),
        "signals": [[rule, month.isoformat()] for rule, month in warning.signals],
    }


def _warning_from(data: dict[str, Any]) -> EarlyWarning:
    return EarlyWarning(
        **{
            **data,
            "rules": tuple(data["rules"]),
            "since": date.fromisoformat(data["since"]),
            "detected": date.fromisoformat(data["detected"]),
            "until": date.fromisoformat(data["until"]),
            "signals": tuple((rule, date.fromisoformat(month)) for rule, month in data["signals"]),
        }
    )


def _figures_from(data: dict[str, Any]) -> Figures:
    def day(text: str | None) -> date | None:
        return date.fromisoformat(text) if text else None

    indicators = {}
    for key, item in data["indicators"].items():
        baseline = item["baseline"]
        indicators[key] = ComputedIndicator(
            id=key,
            months=tuple(_value_from(value) for value in item["months"]),
            years=tuple(_value_from(value) for value in item["years"]),
            teams_month=tuple(_value_from(value) for value in item["teams_month"]),
            teams_year=tuple(_value_from(value) for value in item["teams_year"]),
            council_year=_value_from(item["council_year"]) if item["council_year"] else None,
            baseline=Baseline(**{**baseline, "start": day(baseline["start"]), "end": day(baseline["end"])}) if baseline else None,
            signals=tuple(
                SignalMonth(date.fromisoformat(signal["month"]), tuple(signal["rules"]), signal["direction"])
                for signal in item["signals"]
            ),
            comparison=Benchmark(**item["comparison"]) if item["comparison"] else None,
            confidence=item["confidence"],
        )
    warnings = tuple(_warning_from(warning) for warning in data["warnings"])
    return Figures(
        fingerprint=data["fingerprint"],
        computed_at=datetime.fromisoformat(data["computed_at"]),
        council=data["council"],
        first_month=day(data["first_month"]),
        last_month=day(data["last_month"]),
        indicators=indicators,
        warnings=warnings,
        notes=tuple(data["notes"]),
    )


def _months_before(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def _signal_months(values: Sequence[IndicatorValue], baseline: Baseline | None) -> tuple[SignalMonth, ...]:
    """The months of the control chart that special-cause rules pick out, with their rules."""
    if baseline is None:
        return ()
    points = series_from_values(values).get(baseline.indicator_id, [])
    marked: dict[date, tuple[list[str], str]] = {}
    for signal in special_causes([point.value for point in points], baseline.limits, RuleSettings()):
        for index in range(signal.first, signal.last + 1):
            rules, _ = marked.setdefault(points[index].month, ([], signal.direction))
            if signal.rule not in rules:
                rules.append(signal.rule)
    return tuple(SignalMonth(month, tuple(rules), direction) for month, (rules, direction) in sorted(marked.items()))


def _comparisons(home: Path, yearly: Sequence[IndicatorValue], notes: list[str]) -> dict[str, Benchmark]:
    """Per indicator with a LAIT code, the council's latest whole year beside England, its region
    and its statistical neighbours (the council's own figures from the snapshots)."""
    council = load_council(home)
    if not council.la_code:
        notes.append("The council's settings name no la_code, so there is no comparison with other councils.")
        return {}
    try:
        data = BenchmarkData.current(home)
    except SafeguardError:
        notes.append("No published benchmarks are loaded ('safeguard benchmarks load PATH'), so there is no comparison with other councils.")
        return {}
    own = {(value.id, value.period_end.year): value.value for value in yearly if value.team is None}
    with data:
        try:
            number = data.council_number(council.la_code)
        except SafeguardError as error:
            notes.append(str(error))
            return {}
        results = benchmark(data, number, [item for item in INDICATORS if item.lait_code], own_values=own)
    return {result.indicator_id: result for result in results}


def _current_warnings(home: Path, notes: list[str]) -> tuple[tuple[EarlyWarning, ...], dict[str, Baseline]]:
    """The early warning over the whole store, as ``safeguard warnings`` reports it: the
    warnings still showing in the last six months, and the baselines in force."""
    found = review(list(INDICATORS), home=home)
    notes.extend(note for note in found.notes if note not in notes)
    return tuple(found.warnings), found.baselines


def _compute(store: Store, fingerprint: str) -> Figures:
    """Every indicator, month by month, by year and by team; the control charts' baselines and
    signals; the comparison with other councils; and the current early warnings."""
    notes: list[str] = []
    snapshots = store.list()
    council = load_council(store.home)
    empty = Figures(fingerprint, datetime.now(timezone.utc), council.name, None, None, {}, (), ())
    if not snapshots:
        return replace(empty, notes=("No return has been loaded yet, so there are no figures.",))
    population = council_population(council)
    if population is None:
        notes.append("The council's settings give no child population, so rates per 10,000 children cannot be worked out.")
    span = charted_months(store)
    dates_covered = covered(snapshots)
    whole_years = dates_covered.whole_financial_years() if dates_covered else []
    with open_history(store) as history:
        monthly = compute(history, span[0], span[1], Granularity.MONTH, population=population) if span else []
        yearly = []
        if whole_years:
            first_year, last_year = financial_year(whole_years[0] - 1), financial_year(whole_years[-1] - 1)
            yearly = compute(history, first_year.start, last_year.end, Granularity.YEAR, population=population)
        teams_month = teams_year = council_year = []
        if span:
            last_month = month_of(span[1])
            year_start = max(span[0], _months_before(last_month.start, 11))
            teams_month = compute(history, last_month.start, last_month.end, None, team=True, population=population)
            teams_year = compute(history, year_start, last_month.end, None, team=True, population=population)
            council_year = compute(history, year_start, last_month.end, None, population=population)
    warnings, baselines = _current_warnings(store.home, notes)
    comparisons = _comparisons(store.home, yearly, notes)
    confidence = data_confidence(store, INDICATORS)
    indicators = {}
    for item in INDICATORS:
        months = tuple(value for value in monthly if value.id == item.id)
        indicators[item.id] = ComputedIndicator(
            id=item.id,
            months=months,
            years=tuple(value for value in yearly if value.id == item.id),
            teams_month=tuple(value for value in teams_month if value.id == item.id),
            teams_year=tuple(value for value in teams_year if value.id == item.id),
            council_year=next((value for value in council_year if value.id == item.id), None),
            baseline=baselines.get(item.id),
            signals=_signal_months(months, baselines.get(item.id)),
            comparison=comparisons.get(item.id),
            confidence=confidence.get(item.id, NOT_MEASURED),
        )
    return replace(
        empty,
        first_month=span[0] if span else None,
        last_month=month_of(span[1]).start if span else None,
        indicators=indicators,
        warnings=warnings,
        notes=tuple(notes),
    )


def _file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def _fingerprint(store: Store) -> str:
    """What the figures depend on: the snapshots, the council's settings, the benchmarks loaded
    and the stored baselines, and the layout of the figures file itself (including the fields
    of the engine's records it holds, so a change there recomputes rather than misreads)."""
    try:
        load = current_load(store.home).load_id
    except SafeguardError:
        load = None
    parts = {
        "format": FIGURES_FORMAT,
        "layout": [field.name for kind in (IndicatorValue, Baseline, Benchmark, EarlyWarning) for field in fields(kind)],
        "snapshots": [snapshot.id for snapshot in store.list()],
        "council": _file_digest(council_path(store.home)),
        "baselines": _file_digest(BaselineStore(store.home).path),
        "benchmarks": load,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8")).hexdigest()[:32]


@contextmanager
def _exclusive(folder: Path) -> Iterator[None]:
    """One process at a time works the figures out (the others wait, then read its file)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w", encoding="ascii") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _write_atomically(path: Path, document: dict[str, Any]) -> None:
    descriptor, temporary = tempfile.mkstemp(prefix=".figures-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as sink:
            json.dump(document, sink)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


MEMORY_STATES = 4
"""States of the store whose figures a process keeps in memory (one, bar imports in progress)."""
_memory: OrderedDict[str, Published] = OrderedDict()
_memory_lock = threading.Lock()


def published() -> Published:
    """The figures for the store as it is now: from memory, else from their file, else worked
    out (and kept) now."""
    with Store() as store:
        fingerprint = _fingerprint(store)
        with _memory_lock:
            found = _memory.get(fingerprint)
        if found is not None:
            return found
        folder = store.home / FIGURES_FOLDER
        path = folder / f"{fingerprint}.json"
        with _exclusive(folder):
            figures = _read_figures(path)
            if figures is None:
                figures = _compute(store, fingerprint)
                _write_atomically(path, _figures_json(figures))
                for stale in folder.glob("*.json"):
                    if stale != path:
                        stale.unlink(missing_ok=True)
    result = Published(figures)
    with _memory_lock:
        _memory[fingerprint] = result
        while len(_memory) > MEMORY_STATES:
            _memory.popitem(last=False)
    return result


def _read_figures(path: Path) -> Figures | None:
    """The figures in ``path``, or None when there is no such file or it is of another layout."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise SafeguardError(f"{path}: the stored figures cannot be read ({error}); delete the file to work them out again.") from error
    return _figures_from(data) if data.get("format") == FIGURES_FORMAT else None


# ---------------------------------------------------------------------------------------------
# Disclosure control over one indicator's figures

Unit_ = tuple[Any, ...]
"""A published cell of an indicator: ("month", date), ("year", year ending March), ("baseline",),
("team_month", team), ("team_year", team), ("council_year",)."""


def _cell_counts(value: IndicatorValue) -> tuple[int, bool]:
    """The count a cell rests on (for choosing companions) and whether DfE's rule hides it."""
    return value.numerator or 0, is_small(value.numerator) or is_small(value.denominator)


def _hidden_cells(item: Indicator, computed: ComputedIndicator, teams: bool) -> frozenset[Unit_]:
    """The cells of one indicator to withhold from a viewer without child-level access.

    The totals are those a reader could subtract with: a flow's months add up to its financial
    year, a stock's year is its March; the baseline mean of the control chart is a total over
    its months; with teams shown, the teams add up to the council in the last month and over
    the last 12 months, and those 12 months add up to the same council figure.

    A cell with no figure at all (``[x]`` to everyone, such as a month no return records for an
    indicator counted only as at a return's end) is no cell of any total: it is shown as not
    available, never chosen to hide, and protects nothing.
    """
    counts: dict[Unit_, int] = {}
    primary: set[Unit_] = set()
    totals: list[Total[Unit_]] = []

    def cell(key: Unit_, value: IndicatorValue) -> None:
        if value.value is None and value.numerator is None:
            return
        counts[key], small = _cell_counts(value)
        if small:
            primary.add(key)

    for value in computed.months:
        cell(("month", value.period_start), value)
    for value in computed.years:
        year = value.period_end.year
        cell(("year", year), value)
        start = financial_year(year - 1).start
        in_year = tuple(("month", month.period_start) for month in computed.months if start <= month.period_start <= value.period_end)
        if item.kind is Kind.STOCK:
            in_year = tuple(key for key in in_year if key[1].month == 3)
        if in_year:
            totals.append(Total(("year", year), in_year))
    if computed.baseline is not None:
        baseline = computed.baseline
        in_baseline = tuple(
            ("month", value.period_start)
            for value in computed.months
            if value.value is not None and baseline.start <= value.period_start <= baseline.end
        )
        counts[("baseline",)] = sum(counts[key] for key in in_baseline)
        totals.append(Total(("baseline",), in_baseline))
    if teams and computed.months:
        latest = ("month", computed.months[-1].period_start)
        for value in computed.teams_month:
            cell(("team_month", value.team), value)
        totals.append(Total(latest, tuple(("team_month", value.team) for value in computed.teams_month)))
        if computed.council_year is not None:
            cell(("council_year",), computed.council_year)
            for value in computed.teams_year:
                cell(("team_year", value.team), value)
            totals.append(Total(("council_year",), tuple(("team_year", value.team) for value in computed.teams_year)))
            if item.kind is Kind.FLOW:
                start = computed.council_year.period_start
                totals.append(Total(("council_year",), tuple(("month", value.period_start) for value in computed.months if value.period_start >= start)))
            else:
                totals.append(Total(("council_year",), (latest,)))
    shown_totals = [
        Total(total.total, tuple(part for part in total.parts if part in counts))
        for total in totals
        if total.total in counts
    ]
    return protect(counts, [total for total in shown_totals if total.parts], primary)


class Published:
    """One state of the store's figures, and what each kind of viewer may see of them."""

    def __init__(self, figures: Figures) -> None:
        self.figures = figures
        self._hidden: dict[tuple[str, bool], frozenset[Unit_]] = {}
        self._lock = threading.Lock()

    def hidden(self, indicator_id: str, viewer: Viewer) -> frozenset[Unit_]:
        """The cells of one indicator this viewer may not see (none for exact viewers)."""
        if viewer.exact:
            return frozenset()
        key = (indicator_id, viewer.teams)
        with self._lock:
            found = self._hidden.get(key)
        if found is None:
            found = _hidden_cells(indicator(indicator_id), self.figures.indicators[indicator_id], viewer.teams)
            with self._lock:
                self._hidden[key] = found
        return found


# ---------------------------------------------------------------------------------------------
# What pages, downloads and the API show

Shown = int | float | str
"""A figure as published: the number, or a statistics symbol ([c], [x], [z])."""

POLARITY_WORDS = {
    Polarity.HIGH: "Higher is better",
    Polarity.LOW: "Lower is better",
    Polarity.CONTEXT: "Neither higher nor lower is better in itself: it describes demand or activity",
    Polarity.ZERO: "The aim is none at all",
}
READING_WORDS = {"concern": "Concern", "improvement": "Improvement", "unusual": "Unusual"}
SOURCE_WORDS = {
    "control_chart": "Control chart",
    "neighbours": "Statistical neighbours",
    "local_threshold": "The council's own limit",
}
RULE_WORDS = {
    "beyond_limit": "a month outside the process limits",
    "shift": "a run of months on one side of the mean",
    "trend": "a run of months each moving the same way",
    "two_of_three": "two of three months close to a process limit",
    "neighbour_distance": "far from the statistical neighbours' mean",
    "beyond_neighbour_range": "outside the range of every statistical neighbour",
    "above_local_limit": "above the council's own limit",
    "below_local_limit": "below the council's own limit",
}
WITHHELD_FIGURES = "Figures withheld: they rest on counts of 1 to 5 ([c])."


def figure_text(figure: Shown | None, unit: str) -> str:
    """A figure for a page: '22.4%', '531.2 per 10,000', '1,204', or its statistics symbol."""
    if figure is None:
        return NOT_APPLICABLE
    if isinstance(figure, str):
        return figure
    if unit == "count":
        return f"{figure:,.0f}" if float(figure).is_integer() else f"{figure:,.1f}"
    return format_value(float(figure), unit)


def count_text(figure: Shown | None) -> str:
    if figure is None:
        return NOT_APPLICABLE
    return figure if isinstance(figure, str) else f"{figure:,}"


@dataclass(frozen=True)
class PeriodRow:
    """One indicator in one period (or for one team), as this viewer may see it."""

    label: str
    start: date
    end: date
    unit: str
    numerator: Shown
    denominator: Shown | None
    value: Shown
    note: str | None = None
    signal: str | None = None
    """The reading of a special-cause pattern this month is part of (control charts only)."""
    signal_rules: tuple[str, ...] = ()
    team: str | None = None

    @property
    def value_text(self) -> str:
        return figure_text(self.value, self.unit)

    @property
    def numerator_text(self) -> str:
        return count_text(self.numerator)

    @property
    def denominator_text(self) -> str:
        return count_text(self.denominator)

    @property
    def signal_text(self) -> str:
        if self.signal is None:
            return ""
        rules = "; ".join(RULE_WORDS.get(rule, rule) for rule in self.signal_rules)
        return f"{READING_WORDS[self.signal]}: {rules}"


@dataclass(frozen=True)
class ControlLimits:
    mean: Shown
    upper: Shown
    lower: Shown
    basis: str


@dataclass(frozen=True)
class Comparison:
    """The council's latest whole year beside England, its region and its statistical neighbours."""

    year_label: str
    council: Shown
    council_source: str
    england: Shown
    region_name: str
    region: Shown
    neighbours_mean: Shown
    neighbours_counted: int
    rank: Shown | None
    councils_ranked: int
    band: str | None
    """A (best quarter) to D, by the measure's polarity; None where LAIT does not rank it."""


@dataclass(frozen=True)
class SpcStatus:
    code: str
    """``concern``, ``improvement``, ``unusual``, ``common_cause`` or ``too_few_months``."""
    label: str


@dataclass(frozen=True)
class IndicatorSummary:
    """One line of the dashboard."""

    id: str
    title: str
    unit: str
    polarity: str
    factor_ids: tuple[str, ...]
    latest: PeriodRow | None
    previous: PeriodRow | None
    direction: str | None
    """``up``, ``down`` or ``same`` since the previous month; None when either is not shown."""
    direction_text: str
    spc: SpcStatus
    comparison: Comparison | None

    @property
    def band_text(self) -> str:
        if self.comparison is None:
            return "No comparison"
        if self.comparison.band is None:
            return "Not ranked"
        if self.comparison.band == CONFIDENTIAL:
            return CONFIDENTIAL
        return f"Band {self.comparison.band}"


@dataclass(frozen=True)
class FactorGroup:
    factor: Factor
    indicators: tuple[IndicatorSummary, ...]
    """Indicators whose first factor this is."""
    also: tuple[IndicatorSummary, ...]
    """Indicators that inform this factor after another."""


@dataclass(frozen=True)
class Dashboard:
    council: str
    computed_at: datetime
    latest_month: date | None
    groups: tuple[FactorGroup, ...]
    summaries: tuple[IndicatorSummary, ...]
    notes: tuple[str, ...]
    suppressed: bool


@dataclass(frozen=True)
class IndicatorDetail:
    summary: IndicatorSummary
    definition: str
    numerator_words: str
    denominator_words: str
    method: str
    polarity_words: str
    question: str
    lait_code: str | None
    factors: tuple[Factor, ...]
    months: tuple[PeriodRow, ...]
    years: tuple[PeriodRow, ...]
    limits: ControlLimits | None
    teams_month: tuple[PeriodRow, ...] | None
    teams_year: tuple[PeriodRow, ...] | None
    council_year: PeriodRow | None
    confidence: str
    warnings: tuple[WarningView, ...]
    suppressed: bool


@dataclass(frozen=True)
class WarningView:
    """An early warning as this viewer may see it."""

    key: str
    indicator_id: str
    title: str
    unit: str
    source: str
    reading: str
    rules: tuple[str, ...]
    since: date
    detected: date
    until: date
    what_moved: str
    value: Shown
    reference: Shown
    change: Shown
    change_text: str
    how_unusual: str
    data_confidence: str
    question: str
    basis: str
    figures_withheld: bool

    @property
    def reading_text(self) -> str:
        return READING_WORDS[self.reading]

    @property
    def source_text(self) -> str:
        return SOURCE_WORDS.get(self.source, self.source)

    @property
    def rules_text(self) -> str:
        return "; ".join(RULE_WORDS.get(rule, rule) for rule in self.rules)


def warning_key(warning: EarlyWarning) -> str:
    """A warning's lasting name: its indicator, check, first month and reading."""
    return f"{warning.indicator_id}--{warning.source}--{warning.since:%Y-%m}--{warning.reading}"


def _row(
    value: IndicatorValue,
    label: str,
    hidden: bool,
    signal: SignalMonth | None = None,
    reading: str | None = None,
) -> PeriodRow:
    denominator: Shown | None = None if value.unit == Unit.COUNT.value else shown_count(value.denominator, hidden)
    if value.unit == Unit.PER_10K.value and value.denominator is not None:
        denominator = value.denominator  # the child population: published by ONS, never a small count
    return PeriodRow(
        label=label,
        start=value.period_start,
        end=value.period_end,
        unit=value.unit,
        numerator=shown_count(value.numerator, hidden),
        denominator=denominator,
        value=shown_value(value.value, hidden),
        note=value.note,
        signal=reading if signal else None,
        signal_rules=signal.rules if signal else (),
        team=value.team,
    )


def _month_label(day: date) -> str:
    return day.strftime("%B %Y")


def _reading(direction: str, polarity: Polarity) -> str:
    return reading_of(direction, polarity.value)  # type: ignore[arg-type]


def _month_rows(item: Indicator, computed: ComputedIndicator, hidden: frozenset[Unit_]) -> tuple[PeriodRow, ...]:
    signals = {signal.month: signal for signal in computed.signals}
    rows = []
    for value in computed.months:
        signal = signals.get(value.period_start)
        reading = _reading(signal.direction, item.polarity) if signal else None
        rows.append(_row(value, _month_label(value.period_start), ("month", value.period_start) in hidden, signal, reading))
    return tuple(rows)


def _year_rows(computed: ComputedIndicator, hidden: frozenset[Unit_]) -> tuple[PeriodRow, ...]:
    return tuple(
        _row(value, f"April {value.period_end.year - 1} to March {value.period_end.year}", ("year", value.period_end.year) in hidden)
        for value in computed.years
    )


PERCENT_CEILING = 100.0


def _limits(item: Indicator, computed: ComputedIndicator, hidden: frozenset[Unit_]) -> ControlLimits | None:
    """The control chart's limits as shown: cut back to the values the measure can take (no
    count or rate below nought, no percentage above a hundred), which changes no signal."""
    baseline = computed.baseline
    if baseline is None:
        return None
    withheld = ("baseline",) in hidden
    limits = baseline.limits
    ceiling = PERCENT_CEILING if item.unit is Unit.PERCENT else limits.upper
    return ControlLimits(
        mean=CONFIDENTIAL if withheld else limits.mean,
        upper=CONFIDENTIAL if withheld else min(limits.upper, ceiling),
        lower=CONFIDENTIAL if withheld else max(limits.lower, 0.0),
        basis=baseline.describe(),
    )


def _available(figure: float | None) -> Shown:
    return UNAVAILABLE if figure is None else figure


def _comparison(computed: ComputedIndicator, hidden: frozenset[Unit_]) -> Comparison | None:
    result = computed.comparison
    if result is None:
        return None
    withheld = ("year", result.year) in hidden
    return Comparison(
        year_label=f"April {result.year - 1} to March {result.year}",
        council=CONFIDENTIAL if withheld else _available(result.council_value),
        council_source="the council's snapshots" if result.council_source == "snapshots" else "LAIT",
        england=_available(result.england),
        region_name=result.region_name,
        region=_available(result.region),
        neighbours_mean=_available(result.neighbours_mean),
        neighbours_counted=result.neighbours_counted,
        rank=CONFIDENTIAL if withheld and result.rank is not None else result.rank,
        councils_ranked=result.councils_ranked,
        band=CONFIDENTIAL if withheld and result.band is not None else result.band,
    )


def _spc_status(item: Indicator, computed: ComputedIndicator, warnings: Sequence[EarlyWarning]) -> SpcStatus:
    charted = [warning for warning in warnings if warning.indicator_id == item.id and warning.source == "control_chart"]
    if charted:
        latest = max(charted, key=lambda warning: (warning.until, warning.since))
        labels = {
            "concern": "Special cause: concern",
            "improvement": "Special cause: improvement",
            "unusual": "Special cause: unusual, neither better nor worse",
        }
        return SpcStatus(latest.reading, labels[latest.reading])
    if computed.baseline is None:
        return SpcStatus("too_few_months", "Too few months to judge (12 needed)")
    return SpcStatus("common_cause", "Common cause: no unusual change")


def _direction(item: Indicator, latest: PeriodRow | None, previous: PeriodRow | None) -> tuple[str | None, str]:
    if latest is None:
        return None, "No whole month covered yet"
    if previous is None:
        return None, "No earlier month to compare with"
    if isinstance(latest.value, str) or isinstance(previous.value, str):
        return None, f"Not shown: a figure it rests on is {CONFIDENTIAL} or unavailable"
    previous_text = f"{figure_text(previous.value, previous.unit)} in {previous.label}"
    if abs(latest.value - previous.value) < 1e-9:
        return "same", f"Unchanged from {previous_text}"
    direction = "up" if latest.value > previous.value else "down"
    reading = _reading(direction, item.polarity)
    judged = {"concern": "worse", "improvement": "better"}.get(reading)
    change = format_change(latest.value - previous.value, latest.unit)
    text = f"{'Up' if direction == 'up' else 'Down'} {change.lstrip('+-')} from {previous_text}"
    return direction, f"{text} ({judged})" if judged else text


def _summary_of(item: Indicator, state: Published, viewer: Viewer) -> IndicatorSummary:
    computed = state.figures.indicators[item.id]
    hidden = state.hidden(item.id, viewer)
    months = _month_rows(item, computed, hidden)
    latest = months[-1] if months else None
    previous = months[-2] if len(months) > 1 else None
    direction, direction_text = _direction(item, latest, previous)
    return IndicatorSummary(
        id=item.id,
        title=item.title,
        unit=item.unit.value,
        polarity=item.polarity.value,
        factor_ids=item.factors,
        latest=latest,
        previous=previous,
        direction=direction,
        direction_text=direction_text,
        spc=_spc_status(item, computed, state.figures.warnings),
        comparison=_comparison(computed, hidden),
    )


def dashboard(viewer: Viewer) -> Dashboard:
    """Every indicator's latest month, direction, control-chart status and place among other
    councils, grouped by the seven factors (LMCS guide §3.1) under each indicator's first factor."""
    state = published()
    summaries = tuple(_summary_of(item, state, viewer) for item in INDICATORS) if state.figures.indicators else ()
    groups = tuple(
        FactorGroup(
            factor=factor,
            indicators=tuple(summary for summary in summaries if summary.factor_ids[0] == factor.id),
            also=tuple(summary for summary in summaries if factor.id in summary.factor_ids[1:]),
        )
        for factor in FACTORS
    )
    return Dashboard(
        council=state.figures.council,
        computed_at=state.figures.computed_at,
        latest_month=state.figures.last_month,
        groups=groups,
        summaries=summaries,
        notes=state.figures.notes,
        suppressed=not viewer.exact,
    )


def indicator_detail(indicator_id: str, viewer: Viewer) -> IndicatorDetail | None:
    """One indicator in full for this viewer; None when there is no such indicator or no figures."""
    try:
        item = indicator(indicator_id)
    except KeyError:
        return None
    state = published()
    computed = state.figures.indicators.get(item.id)
    if computed is None:
        return None
    hidden = state.hidden(item.id, viewer)
    teams_month = teams_year = None
    council_year = None
    if viewer.teams and item.by_team:
        month_label = _month_label(computed.months[-1].period_start) if computed.months else ""
        teams_month = tuple(_row(value, month_label, ("team_month", value.team) in hidden) for value in computed.teams_month)
        if computed.council_year is not None:
            year_label = f"{_month_label(computed.council_year.period_start)} to {_month_label(computed.council_year.period_end)}"
            teams_year = tuple(_row(value, year_label, ("team_year", value.team) in hidden) for value in computed.teams_year)
            council_year = _row(computed.council_year, year_label, ("council_year",) in hidden)
    return IndicatorDetail(
        summary=_summary_of(item, state, viewer),
        definition=item.definition,
        numerator_words=item.numerator,
        denominator_words=item.denominator,
        method=item.method,
        polarity_words=POLARITY_WORDS[item.polarity],
        question=item.question,
        lait_code=item.lait_code,
        factors=tuple(factor for factor in FACTORS if factor.id in item.factors),
        months=_month_rows(item, computed, hidden),
        years=_year_rows(computed, hidden),
        limits=_limits(item, computed, hidden),
        teams_month=teams_month,
        teams_year=teams_year,
        council_year=council_year,
        confidence=computed.confidence,
        warnings=tuple(view for view in current_warnings(viewer) if view.indicator_id == item.id),
        suppressed=not viewer.exact,
    )


def comparisons(viewer: Viewer) -> list[tuple[IndicatorSummary, Comparison]]:
    """Every indicator compared with other councils, as this viewer may see it."""
    return [(summary, summary.comparison) for summary in dashboard(viewer).summaries if summary.comparison is not None]


def _warning_rests_on_hidden(warning: EarlyWarning, hidden: frozenset[Unit_]) -> bool:
    if warning.source == "neighbours":
        return ("year", warning.until.year) in hidden
    months = {key[1] for key in hidden if key[0] == "month"}
    in_span = any(warning.since <= month <= warning.until for month in months)
    return in_span or (warning.source == "control_chart" and ("baseline",) in hidden)


def _warning_view(warning: EarlyWarning, hidden: frozenset[Unit_]) -> WarningView:
    withheld = _warning_rests_on_hidden(warning, hidden)
    if withheld:
        moved = "Rose" if warning.direction == "up" else "Fell"
        what_moved = f"{moved}: {'; '.join(RULE_WORDS.get(rule, rule) for rule in warning.rules)}. {WITHHELD_FIGURES}"
        how_unusual = (
            f"{warning.run_length} month{'s' if warning.run_length != 1 else ''} in the signal."
            if warning.run_length
            else WITHHELD_FIGURES
        )
    else:
        what_moved, how_unusual = warning.what_moved, warning.how_unusual
    return WarningView(
        key=warning_key(warning),
        indicator_id=warning.indicator_id,
        title=warning.title,
        unit=warning.unit,
        source=warning.source,
        reading=warning.reading,
        rules=warning.rules,
        since=warning.since,
        detected=warning.detected,
        until=warning.until,
        what_moved=what_moved,
        value=CONFIDENTIAL if withheld else warning.value,
        reference=CONFIDENTIAL if withheld else warning.reference,
        change=CONFIDENTIAL if withheld else warning.change,
        change_text=CONFIDENTIAL if withheld else warning.change_text,
        how_unusual=how_unusual,
        data_confidence=warning.data_confidence,
        question=warning.question,
        basis=warning.basis,
        figures_withheld=withheld,
    )


def current_warnings(viewer: Viewer) -> list[WarningView]:
    """The early warnings still showing in the last six months: concerns first, then by how
    recently they began (the warnings engine's order)."""
    state = published()
    return [_warning_view(warning, state.hidden(warning.indicator_id, viewer)) for warning in state.figures.warnings]


def warning(key: str, viewer: Viewer) -> WarningView | None:
    return next((view for view in current_warnings(viewer) if view.key == key), None)


# ---------------------------------------------------------------------------------------------
# Downloads


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A CSV document (with a byte-order mark, so Excel reads accents) whose text cells cannot
    run as spreadsheet formulas: a cell starting with =, +, - or @ gets a leading apostrophe
    (OWASP's advice on CSV injection)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([spreadsheet_safe(cell) for cell in header])
    for row in rows:
        writer.writerow([spreadsheet_safe("" if cell is None else cell) for cell in row])
    return buffer.getvalue()

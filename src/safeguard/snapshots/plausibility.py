"""Plausibility checks: does a checked return look like the council's last one?

A return can pass every rule and still be wrong: an export that stopped half way leaves three
quarters of the contacts out, a changed report drops a whole list, a mapping swapped in the case
system turns most referrals into "no further action", a file named for January holds last
year's data. None of these is an error in a cell. Compared with the snapshot before it, each is
obvious, so before a return becomes a snapshot the store compares it and lists what does not
fit; a person must then confirm the import with a reason, which is kept in the snapshot's
metadata (who, when, why, and what they confirmed).

What is compared, with the limits a council can change in ``council.json`` (``ImportChecks``):

* **rows** per list: a fall or rise beyond a share of the previous count (default half), for
  lists where either count reaches ``minimum_rows``; and any list that had ``emptied_list_rows``
  rows or more and now has none (an adoption list of one child emptying is ordinary);
* **mix**: the share of each value of a coded column (blanks counted as a value) and the share of
  blanks in each optional column, moved by more than ``mix_change_points`` percentage points,
  for lists where both counts reach ``minimum_rows``, and by more than chance would move it
  (`MIX_SIGNIFICANCE`): a small council's thirty plans swing by twenty points from month to month;
  four hundred do not;
* **period**: the file naming a period its dates do not fit (the validator's ``period_mismatch``
  query); a corrected file for a period already kept is ordinary and is not queried (the figures
  use the one loaded last).

The comparison is with the nearest snapshot of the same span: a year's return is compared with
the latest year's return ending on or before it (else the first after it), and a council's
long extract of its whole history only with another such extract, because five years of
contacts are not a fall from one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Protocol

import pyarrow as pa
import pyarrow.compute as pc

from safeguard.annex_a.findings import Finding
from safeguard.annex_a.spec import LISTS, AnnexAList, Column, Kind
from safeguard.errors import SafeguardError
from safeguard.snapshots.record import Snapshot

LONG_EXTRACT_DAYS = 400
"""A return spanning more days than this (about 13 months) is a long extract, not a year's return."""
MIX_SIGNIFICANCE = 3.0
"""How many standard errors a share must move by (a two-proportion z-test) before it is queried,
as well as moving by ``mix_change_points``: three keeps the chance of a false query on any one
column near one in four hundred."""
PERIOD_MISMATCH_RULE = "period_mismatch"
BLANK = "(blank)"


@dataclass(frozen=True)
class ImportChecks:
    """The limits of the plausibility checks, from ``council.json`` ("import_checks")."""

    row_change_share: float = 0.5
    """A list whose rows fall or rise by more than this share of the previous count is queried
    (0.5: fewer than half as many, or more than half as many again)."""
    minimum_rows: int = 20
    """Lists smaller than this (in both returns) are too small for their changes to mean much."""
    mix_change_points: float = 20.0
    """A value's share of a column moving by more than this many percentage points is queried."""
    emptied_list_rows: int = 5
    """A list that had at least this many rows and now has none is queried, however small."""
    row_change_share_by_list: Mapping[str, float] = field(default_factory=dict)
    """A different ``row_change_share`` for some lists, by list key (adoption lists are small and jumpy)."""

    def share_for(self, list_key: str) -> float:
        return self.row_change_share_by_list.get(list_key, self.row_change_share)


class CheckKind(StrEnum):
    ROWS_FELL = "rows_fell"
    ROWS_ROSE = "rows_rose"
    LIST_EMPTIED = "list_emptied"
    MIX_CHANGED = "mix_changed"
    PERIOD_MISMATCH = "period_mismatch"


KIND_TITLES: dict[CheckKind, str] = {
    CheckKind.ROWS_FELL: "Far fewer rows than last time",
    CheckKind.ROWS_ROSE: "Far more rows than last time",
    CheckKind.LIST_EMPTIED: "A list that had rows is empty",
    CheckKind.MIX_CHANGED: "A column's values have shifted",
    CheckKind.PERIOD_MISMATCH: "The dates do not fit the period the file names",
}


@dataclass(frozen=True)
class PlausibilityFinding:
    """One way a return does not look like the one before it: to be confirmed by a person."""

    kind: CheckKind
    message: str
    list_key: str | None = None

    @property
    def title(self) -> str:
        return KIND_TITLES[self.kind]

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "message": self.message, "list_key": self.list_key}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PlausibilityFinding:
        return cls(CheckKind(data["kind"]), str(data["message"]), data.get("list_key"))


@dataclass(frozen=True)
class PlausibilityReport:
    """What a return was compared with, and what did not fit."""

    compared_with: Snapshot | None
    findings: tuple[PlausibilityFinding, ...]

    @property
    def comparison(self) -> str:
        """One sentence saying what the return was compared with."""
        if self.compared_with is None:
            return "There is no earlier snapshot covering a span like this one's to compare it with."
        previous = self.compared_with
        return (
            f"Compared with snapshot {previous.id} ({previous.source_name}, "
            f"{_day(previous.period_start)} to {_day(previous.period_end)})."
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "compared_with": self.compared_with.id if self.compared_with else None,
            "comparison": self.comparison,
            "findings": [item.to_json() for item in self.findings],
        }


class CheckedReturn(Protocol):
    """What the checks read from a return the validator has checked (only read, so the
    validator's result and the warnings' synthetic extracts both qualify)."""

    @property
    def tables(self) -> Mapping[str, pa.Table]: ...
    @property
    def period_start(self) -> date | None: ...
    @property
    def period_end(self) -> date | None: ...
    @property
    def sha256(self) -> str: ...
    @property
    def queries(self) -> Sequence[Finding]: ...


def reporting_period(checked: CheckedReturn) -> tuple[date, date]:
    """The first and last day of a return without errors. The validator reports an error for a
    return whose period it cannot find, and a return with errors is never compared or kept, so
    a missing period here is a caller's mistake, not a file's."""
    if checked.period_start is None or checked.period_end is None:
        raise SafeguardError("A return with no reporting period has errors: it cannot be compared with the snapshots or kept.")
    return checked.period_start, checked.period_end


ColumnReader = Callable[[Snapshot, AnnexAList, list[str]], pa.Table]
"""Reads some columns of one list of a snapshot (the store's Parquet files)."""


def check_plausibility(
    incoming: CheckedReturn, snapshots: Sequence[Snapshot], read: ColumnReader, checks: ImportChecks
) -> PlausibilityReport:
    """Compare a checked return with the store's ``snapshots`` (see the module's docstring)."""
    others = [snapshot for snapshot in snapshots if snapshot.sha256 != incoming.sha256]
    findings: list[PlausibilityFinding] = [
        PlausibilityFinding(CheckKind.PERIOD_MISMATCH, item.message)
        for item in incoming.queries
        if item.rule == PERIOD_MISMATCH_RULE
    ]
    previous = nearest_of_same_span(*reporting_period(incoming), others)
    if previous is not None:
        for annex_list in LISTS:
            new = incoming.tables[annex_list.key]
            old_rows = previous.row_counts.get(annex_list.key, 0)
            findings.extend(_row_changes(annex_list, old_rows, new.num_rows, previous, checks))
            if min(old_rows, new.num_rows) >= checks.minimum_rows:
                columns = [column for column in annex_list.columns if _has_a_mix(column)]
                old = read(previous, annex_list, [column.key for column in columns])
                findings.extend(_mix_changes(annex_list, columns, old, new, previous, checks))
    return PlausibilityReport(previous, tuple(findings))


def span_days(start: date, end: date) -> int:
    return (end - start).days + 1


def nearest_of_same_span(start: date, end: date, snapshots: Sequence[Snapshot]) -> Snapshot | None:
    """The snapshot to compare a return with: of the same span (a year's return, or a long
    extract), the latest ending on or before its end, else the first ending after it."""
    long = span_days(start, end) > LONG_EXTRACT_DAYS
    alike = sorted(
        (item for item in snapshots if (span_days(item.period_start, item.period_end) > LONG_EXTRACT_DAYS) == long),
        key=lambda item: (item.period_end, item.loaded_at),
    )
    before = [item for item in alike if item.period_end <= end]
    if before:
        return before[-1]
    return alike[0] if alike else None


def _list_name(annex_list: AnnexAList) -> str:
    return f"List {annex_list.number} ({annex_list.title})"


def _row_changes(
    annex_list: AnnexAList, old: int, new: int, previous: Snapshot, checks: ImportChecks
) -> list[PlausibilityFinding]:
    name, where = _list_name(annex_list), f"snapshot {previous.id}"
    if old >= max(checks.emptied_list_rows, 1) and new == 0:
        message = f"{name} has no rows; {where} had {old:,}."
        return [PlausibilityFinding(CheckKind.LIST_EMPTIED, message, annex_list.key)]
    if max(old, new) < checks.minimum_rows or new == 0:
        return []
    if old == 0:
        message = f"{name} has {new:,} rows; {where} had none."
        return [PlausibilityFinding(CheckKind.ROWS_ROSE, message, annex_list.key)]
    change = (new - old) / old
    share = checks.share_for(annex_list.key)
    if change < -share:
        message = f"{name} has {new:,} rows, {-change:.0%} fewer than the {old:,} in {where}."
        return [PlausibilityFinding(CheckKind.ROWS_FELL, message, annex_list.key)]
    if change > share:
        message = f"{name} has {new:,} rows, {change:.0%} more than the {old:,} in {where}."
        return [PlausibilityFinding(CheckKind.ROWS_ROSE, message, annex_list.key)]
    return []


def _has_a_mix(column: Column) -> bool:
    """Coded columns have a mix of values; optional columns a share of blanks."""
    return column.kind is Kind.CODE or not column.required


def _shares(values: pa.ChunkedArray | pa.Array, coded: bool) -> dict[str, float]:
    """Each value's share of the column (blanks as `BLANK`); for uncoded columns, only blanks."""
    total = len(values)
    if not total:
        return {}
    if not coded:
        return {BLANK: values.null_count / total}
    return {
        (BLANK if item["values"] is None else str(item["values"])): item["counts"] / total
        for item in pc.value_counts(values).to_pylist()
    }


def _beyond_chance(before: float, rows_before: int, after: float, rows_after: int) -> bool:
    """Whether a share moved by more than `MIX_SIGNIFICANCE` standard errors."""
    pooled = (before * rows_before + after * rows_after) / (rows_before + rows_after)
    spread = (pooled * (1 - pooled) * (1 / rows_before + 1 / rows_after)) ** 0.5
    return spread == 0 or abs(after - before) / spread >= MIX_SIGNIFICANCE


def _mix_changes(
    annex_list: AnnexAList,
    columns: Sequence[Column],
    old: pa.Table,
    new: pa.Table,
    previous: Snapshot,
    checks: ImportChecks,
) -> list[PlausibilityFinding]:
    """For each column, the one value whose share moved most (of two that moved as much, the one
    that rose), if it moved beyond the limit and beyond chance."""
    found = []
    for column in columns:
        if column.key not in old.column_names:
            continue
        coded = column.kind is Kind.CODE
        before, after = _shares(old.column(column.key), coded), _shares(new.column(column.key), coded)
        moves = {value: after.get(value, 0.0) - before.get(value, 0.0) for value in before.keys() | after.keys()}
        if not moves:
            continue
        value = max(sorted(moves), key=lambda item: (abs(moves[item]), moves[item]))
        if abs(moves[value]) * 100 <= checks.mix_change_points or not _beyond_chance(
            before.get(value, 0.0), len(old), after.get(value, 0.0), len(new)
        ):
            continue
        shown = "blank" if value == BLANK else f"'{value}'"
        message = (
            f"{_list_name(annex_list)}, {column.header}: {shown} is {after.get(value, 0.0):.0%} of rows, "
            f"against {before.get(value, 0.0):.0%} in snapshot {previous.id}."
        )
        found.append(PlausibilityFinding(CheckKind.MIX_CHANGED, message, annex_list.key))
    return found


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"

"""The workforce tables the workforce indicators' SQL reads, built beside the Annex A history.

``workforce_at_end``: for each period, the rows of the workforce file that describes its end,
with what each definition asks of a row worked out once here:

    period_start, period_end    the period
    as_at                       the day the chosen file describes
    describes_end               whether that day is the period's end or in the week after it
                                (``AS_AT_GRACE``): only then do the file's vacancies, absence,
                                supervision and newly qualified flags describe the period's end
    worker_id, worker_key       the worker, and the name as Annex A's worker fields are matched
                                (trimmed, upper case)
    team, role, fte, start_date, leaving_date, employment, newly_qualified, absence_days,
    last_supervision_date       the file's columns (``safeguard.workforce.spec``)
    in_post                     started on or before the period's end and not yet gone: no
                                leaving date, or one after the period's end
    left_in_year                the leaving date falls in the 12 calendar months to the period's end
    social_work_role            a role DfE's workforce census counts
    case_holding_role           a social worker or senior practitioner
    year_working_days           the working days in those 12 months (``safeguard.calendar``)

The chosen file is the one dated on the period's end or soonest after it: leavers and starters
carry their dates, so a later file still tells who was in post and who left (turnover, agency
share); the rest needs ``describes_end``.

``workforce_standards``: one row of the council's settings (supervision standard, caseload model).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Protocol

import pyarrow as pa
import pyarrow.compute as pc

from safeguard.calendar import add_months, working_days_after
from safeguard.council import CASELOAD_SETTINGS, LocalStandards
from safeguard.indicators.periods import Period
from safeguard.workforce.reading import SCHEMA
from safeguard.workforce.spec import CASE_HOLDING_ROLES, SOCIAL_WORK_ROLES

AS_AT_GRACE = timedelta(days=7)
NO_WORKFORCE_FILE = "no workforce file describes this period's end (load one with `safeguard workforce import`)"
TABLES = ("workforce_at_end", "workforce_standards")


class WorkforceSnapshots(Protocol):
    """What is needed of ``safeguard.snapshots.WorkforceStore``."""

    def list(self) -> Sequence: ...

    def table(self, snapshot_id: str) -> pa.Table: ...


def workforce_store_beside(returns_folder: Path | None) -> WorkforceSnapshots | None:
    """The workforce snapshots kept in the same store as an Annex A snapshot folder, if any."""
    from safeguard.snapshots.workforce import FOLDER, WorkforceStore

    if returns_folder is None or returns_folder.parent.name != "snapshots":
        return None
    home = returns_folder.parent.parent
    return WorkforceStore(home) if (home / FOLDER).is_dir() else None


def prepare_workforce(connection, periods: Sequence[Period], standards: LocalStandards, store: WorkforceSnapshots | None) -> set[Period]:
    """Create the workforce tables for these periods; return the periods a file describes the end of."""
    snapshots = list(store.list()) if store is not None else []
    chosen = {period: _file_for(period, snapshots) for period in periods}
    files: dict[str, _FileRows] = {}
    pieces = []
    for period, snapshot in chosen.items():
        if snapshot is None or store is None:
            continue
        if snapshot.id not in files:
            files[snapshot.id] = _FileRows(store.table(snapshot.id))
        pieces.append(_rows_for(period, snapshot, files[snapshot.id]))
    table = pa.concat_tables(pieces) if pieces else _rows_for(None, None, _FileRows(SCHEMA.empty_table()))
    _replace(connection, "workforce_at_end", table)
    model = standards.caseload
    _replace(
        connection,
        "workforce_standards",
        pa.table(
            {
                "supervision_days": pa.array([standards.supervision_days], pa.int32()),
                **{name: [float(getattr(model, name))] for name in CASELOAD_SETTINGS},
            }
        ),
    )
    return {period for period, snapshot in chosen.items() if snapshot is not None and snapshot.as_at <= period.end + AS_AT_GRACE}


def has_workforce_rows(connection) -> bool:
    """Whether any period has a workforce file's rows: without them every workforce definition,
    each counting rows of ``workforce_at_end``, counts nothing."""
    return connection.execute("SELECT EXISTS (SELECT 1 FROM workforce_at_end)").fetchall() == [(True,)]


def _file_for(period: Period, snapshots: Sequence):
    """The file dated on the period's end or soonest after (the last loaded of a day)."""
    later = [snapshot for snapshot in snapshots if snapshot.as_at >= period.end]
    return min(later, key=lambda snapshot: (snapshot.as_at, -snapshot.loaded_at.timestamp())) if later else None


class _FileRows:
    """A file's rows with what does not depend on the period worked out once: a month by month
    series reads the same file for many periods."""

    def __init__(self, table: pa.Table) -> None:
        self.table = table.drop_columns(["source_row"])
        self.worker_key = pa.array([worker.strip().upper() if worker else None for worker in table.column("worker_id").to_pylist()], pa.string())
        self.social_work_role = _is_one_of(table.column("role"), SOCIAL_WORK_ROLES)
        self.case_holding_role = _is_one_of(table.column("role"), CASE_HOLDING_ROLES)
        self.not_vacant = pc.fill_null(pc.not_equal(table.column("employment"), "vacant"), True)
        self.start_date = table.column("start_date")
        self.leaving_date = table.column("leaving_date")


def _is_one_of(values: pa.ChunkedArray, allowed: frozenset) -> pa.ChunkedArray:
    return pc.fill_null(pc.is_in(values, value_set=pa.array(sorted(str(item.value) for item in allowed), pa.string())), False)


def _rows_for(period: Period | None, snapshot, rows_of_file: _FileRows) -> pa.Table:
    """The file's rows, labelled for one period, with the flags the definitions read."""
    table = rows_of_file.table
    rows = table.num_rows
    end = period.end if period else None
    year_ago = add_months(end, -12) if end else None
    last_day = pa.scalar(end, pa.date32())
    year_before = pa.scalar(year_ago, pa.date32())
    started = pc.fill_null(pc.less_equal(rows_of_file.start_date, last_day), False)
    not_gone = pc.fill_null(pc.greater(rows_of_file.leaving_date, last_day), True)
    in_post = pc.and_(rows_of_file.not_vacant, pc.and_(started, not_gone))
    left = pc.fill_null(
        pc.and_(pc.greater(rows_of_file.leaving_date, year_before), pc.less_equal(rows_of_file.leaving_date, last_day)), False
    )
    columns = {
        "period_start": pa.array([period.start if period else None] * rows, pa.date32()),
        "period_end": pa.array([end] * rows, pa.date32()),
        "as_at": pa.array([snapshot.as_at if snapshot else None] * rows, pa.date32()),
        "describes_end": pa.array([bool(snapshot and end is not None and snapshot.as_at <= end + AS_AT_GRACE)] * rows, pa.bool_()),
        "worker_key": rows_of_file.worker_key,
        "in_post": in_post,
        "left_in_year": left,
        "social_work_role": rows_of_file.social_work_role,
        "case_holding_role": rows_of_file.case_holding_role,
        "year_working_days": pa.array([working_days_after(year_ago, end) if end and year_ago else None] * rows, pa.int64()),
    }
    labelled = table
    for name, values in columns.items():
        labelled = labelled.append_column(name, values)
    return labelled


def _replace(connection, name: str, table: pa.Table) -> None:
    """A table in the history's own database (not a temporary one: the cursors that count the
    indicators side by side must see it)."""
    connection.register("incoming_workforce", table)
    try:
        connection.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM incoming_workforce")
    finally:
        connection.unregister("incoming_workforce")

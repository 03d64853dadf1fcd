"""One history of events built from many returns, and the tables the indicator SQL reads.

Each Annex A return looks back over its own period, so consecutive returns overlap and the
same referral, plan or period of care appears in several of them, sometimes corrected. The
history keeps each event once, identified by its natural key (the child and the event's own
start date; see `NATURAL_KEYS`), with the values of the latest return that carries it: the
latest period end, then the latest load.

Some Annex A fields describe the child "as at the return" rather than an event: the latest
visit, the latest review, the allocated worker, placements and missing episodes in the last
12 months, whether a care leaver is in touch. For a figure at a period's end those are read
from the return that covers that day and ends soonest after it, provided it ends no more than
`AS_AT_GRACE` after it (the "return at the period's end"). A return ending months later says
nothing about that day: its visits are later visits, its 12 months of missing episodes another
12 months, and children who have since left are described as they were when they left. So a
period without a return at its end has no value for the indicators that read those fields
(``Indicator.as_at``), and the derived relations fall back to the history's latest values only
for the team.

An episode (a plan, a period of care, an episode of need) with no end date is taken to be open
only as far as the latest return that lists it: if later returns stop listing it, it closed.

Relations an indicator's SQL may read (plain SQL tables, and for the episodes of each period
plain views over them, so the definitions run unchanged on another engine given the same
tables). They live in the history's own private in-memory database, not as temporary tables,
so that the cursors `History.side_by_side` opens on it see them:

``periods``                  period_start, period_end: the periods being computed
``calendar``                 calendar_date, is_working_day, working_day_number
``timescales``               assessment_working_days, icpc_working_days, cpp_visit_working_days:
                             the timescales (``safeguard.timescales``, with the council's own
                             standard for visits)
``contacts``, ``referrals``, ``assessments``, ``s47_enquiries``, ``children_in_need``,
``child_protection_plans``, ``children_in_care``, ``care_leavers``
                             the history: the list's columns (``safeguard.annex_a.spec``) that
                             the definitions name, with the event's key, an episode's dates and
                             the team (every column when loaded without definitions), plus
                             ``known_from`` and ``known_until`` (the first period start and last
                             period end of the returns that carry the event)
``<episodes>_open``          for children_in_need, child_protection_plans, children_in_care:
                             period_start, period_end and the episode's columns (those the
                             definitions name), one row per episode open at the period's end,
                             "as at" values from the return at the period's end
``<episodes>_during``        the same for episodes open at any time in the period
``<episodes>_open_children`` period_start, period_end, child_id: one row per child with an
                             episode open at the period's end, however many are open (a
                             child's overlapping episodes are one span), so that counting each
                             child once needs no grouping by child
``care_leavers_at_end``      period_start, period_end and the care leavers listed by the return
                             at the period's end
``<list>_by_return``         for the lists above and care_leavers: every return's rows (each
                             event once per return) with ``return_period_start`` and
                             ``return_period_end``, to see what each return said as at its end

Each definition returns one row per counted item: ``period_start``, ``period_end``, ``team``
and ``in_numerator`` (1 or 0). The engine sums them into numerators and denominators.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import tempfile
import uuid
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Protocol, TypeVar, runtime_checkable

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from safeguard.annex_a import spec as annex_a_spec
from safeguard.annex_a.spec import Kind, list_by_key
from safeguard.calendar import calendar_table
from safeguard.council import LocalStandards
from safeguard.errors import SafeguardError
from safeguard.indicators.periods import Period
from safeguard.timescales import timescale

NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "contacts": ("child_id", "contact_date", "contact_source"),
    "referrals": ("child_id", "referral_date"),
    "assessments": ("child_id", "assessment_start_date"),
    "s47_enquiries": ("child_id", "s47_start_date"),
    "children_in_need": ("child_id", "cin_start_date"),
    "child_protection_plans": ("child_id", "cpp_start_date"),
    "children_in_care": ("child_id", "care_start_date"),
    "care_leavers": ("child_id",),
}
"""What makes an event the same event in two returns."""

EPISODES: dict[str, tuple[str, str]] = {
    "children_in_need": ("cin_start_date", "cin_closure_date"),
    "child_protection_plans": ("cpp_start_date", "cpp_end_date"),
    "children_in_care": ("care_start_date", "care_end_date"),
}
"""Lists whose rows are episodes with a start and an end: their start and end columns."""

AS_AT_LISTS = (*EPISODES, "care_leavers")
"""Lists whose "as at the return" values are read from the return at the period's end."""

SQL_TYPES = {Kind.ID: "VARCHAR", Kind.TEXT: "VARCHAR", Kind.CODE: "VARCHAR", Kind.DATE: "DATE", Kind.INTEGER: "BIGINT"}

AS_AT_GRACE = timedelta(days=7)
"""How long after a period's end a return may end and still describe that day: an extract
taken in the week after a month ends stands for the month's end."""

MEMORY_LIMIT = "2600MB"
"""DuckDB's working memory for one history. A national pool of councils needs more than this;
beyond it DuckDB writes what it holds to a private temporary folder rather than growing, which
keeps a process working out 150 councils' figures under 3 GB (2.70 GB measured) and so under
the 4 GB the engine is allowed. At 1500MB the same pool spilled 1.7 GB to disk and took 41 to
46 s against 29 to 33 s now (docs/performance.md, sixth pass); a single council needs a small
fraction of either."""

QUERIES_AT_ONCE = 2
"""How many of a history's queries run side by side (merging lists, counting indicators). One
query alone keeps two cores only two-thirds busy, its serial steps waiting on each other; two at
once kept both busy and took a 300,000-child council's figures from 1.02-1.28 s to 0.70-0.97 s,
with no more processor time, and left the 150-council pool as it was (33.1 against 33.6 s, the
same peak memory): docs/performance.md, seventh pass."""

CALENDAR_MARGIN = timedelta(days=400)
"""How far the working-day calendar runs past the last date in the data: beyond any deadline."""

METADATA_FILE = "snapshot.json"

Result = TypeVar("Result")


class SnapshotRecord(Protocol):
    """What the history needs of the snapshot store's ``Snapshot`` metadata."""

    @property
    def id(self) -> str: ...
    @property
    def period_start(self) -> date: ...
    @property
    def period_end(self) -> date: ...
    @property
    def loaded_at(self) -> datetime: ...


@runtime_checkable
class SnapshotStore(Protocol):
    """What the history needs of ``safeguard.snapshots.Store``."""

    def list(self) -> Sequence[SnapshotRecord]: ...

    def get(self, snapshot_id: str) -> SnapshotRecord: ...

    def parquet_path(self, snapshot_id: str, list_key: str) -> Path: ...


@dataclass(frozen=True, order=True)
class ReturnFolder:
    """One snapshot's Parquet files and the dates that order it among the others."""

    period_end: date
    loaded_at: datetime
    snapshot_id: str
    period_start: date
    folder: Path

    @classmethod
    def from_folder(cls, folder: Path) -> ReturnFolder:
        """Read a snapshot folder's ``snapshot.json`` (as the snapshot store writes it)."""
        path = Path(folder) / METADATA_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                period_end=date.fromisoformat(data["period_end"]),
                loaded_at=datetime.fromisoformat(data["loaded_at"]).astimezone(UTC),
                snapshot_id=str(data["id"]),
                period_start=date.fromisoformat(data["period_start"]),
                folder=Path(folder),
            )
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise SafeguardError(f"{path}: not a readable snapshot description ({error}).") from error

    @classmethod
    def from_snapshot(cls, snapshot: SnapshotRecord, folder: Path) -> ReturnFolder:
        """From the store's ``Snapshot`` metadata and the folder holding its files."""
        return cls(snapshot.period_end, snapshot.loaded_at, snapshot.id, snapshot.period_start, folder)

    def __post_init__(self) -> None:
        if self.loaded_at.tzinfo is None:
            object.__setattr__(self, "loaded_at", self.loaded_at.replace(tzinfo=UTC))

    def parquet(self, list_key: str) -> Path:
        return self.folder / f"{list_key}.parquet"


def returns_in_store(store: SnapshotStore, up_to: str | None = None) -> list[ReturnFolder]:
    """The store's snapshots as returns, oldest first.

    ``up_to`` (a snapshot id, or "latest") keeps that snapshot and those before it in the
    store's order (period end, then load time): the history as it stood with that snapshot on top.
    """
    snapshots = list(store.list())
    if up_to is not None:
        chosen = store.get(up_to)
        position = next(index for index, snapshot in enumerate(snapshots) if snapshot.id == chosen.id)
        snapshots = snapshots[: position + 1]
    return [ReturnFolder.from_snapshot(snapshot, store.parquet_path(snapshot.id, "referrals").parent) for snapshot in snapshots]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class History:
    """The merged history of a set of returns, in an in-memory DuckDB database.

    Lists are read from Parquet the first time an indicator needs them. Use as a context
    manager, or call `close`.

    ``merges_kept_in``: a folder where each merged list is kept as Parquet, named by everything
    it was made from (`MergedList`), and read from there the next time the same returns are
    merged with the same columns, instead of merging them again. Snapshots do not change once
    accepted, so a kept merge stays right until the returns, the files or this code change, and
    any of those gives another name. None (the default) merges every time and keeps nothing.
    """

    def __init__(self, returns: Iterable[ReturnFolder], merges_kept_in: Path | None = None) -> None:
        self.returns: tuple[ReturnFolder, ...] = tuple(sorted(returns))
        if not self.returns:
            raise SafeguardError("There are no snapshots to compute indicators from: import a return first.")
        ids = [item.snapshot_id for item in self.returns]
        if len(set(ids)) != len(ids):
            raise SafeguardError("The same snapshot was given twice.")
        self.connection = duckdb.connect()
        # DuckDB 2.0.0 can stop with an internal error ("dict-surviving cache: global dictionary
        # column ... changed identity") when its chunk-caching operators meet dictionary-encoded
        # text such as team names; reproduced on a 300,000-child council. Without those
        # operators the same queries run correctly.
        # GLOBAL: the setting is otherwise the connection's own, and side_by_side's cursors are
        # connections of their own.
        self.connection.execute("SET GLOBAL enable_caching_operators = false")
        self._spill = tempfile.TemporaryDirectory(prefix="safeguard-history-")
        self.connection.execute(f"SET temp_directory = {_literal(self._spill.name)}")
        self.connection.execute(f"SET memory_limit = {_literal(MEMORY_LIMIT)}")
        self._loaded: dict[str, tuple[str, ...]] = {}
        """The columns each list was loaded with."""
        self.merges_kept_in = merges_kept_in
        self._register_returns()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self.connection.close()
        self._spill.cleanup()

    # The returns and what they cover

    def coverage(self) -> list[Period]:
        """The spans of days the returns cover between them, merged where they touch or overlap."""
        spans: list[Period] = []
        for item in sorted(self.returns, key=lambda candidate: candidate.period_start):
            if spans and item.period_start <= spans[-1].end + timedelta(days=1):
                if item.period_end > spans[-1].end:
                    spans[-1] = Period(spans[-1].start, item.period_end)
            else:
                spans.append(Period(item.period_start, item.period_end))
        return spans

    @property
    def latest(self) -> ReturnFolder:
        return self.returns[-1]

    def _register_returns(self) -> None:
        table = pa.table(
            {
                "snapshot_id": [item.snapshot_id for item in self.returns],
                "period_start": pa.array([item.period_start for item in self.returns], pa.date32()),
                "period_end": pa.array([item.period_end for item in self.returns], pa.date32()),
                "loaded_at": pa.array(
                    [item.loaded_at.astimezone(UTC).replace(tzinfo=None) for item in self.returns], pa.timestamp("us")
                ),
            }
        )
        self._replace_table("returns", table)

    def _replace_table(self, name: str, table: pa.Table) -> None:
        self.connection.register("incoming_arrow", table)
        try:
            self.connection.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM incoming_arrow")
        finally:
            self.connection.unregister("incoming_arrow")

    # Lists

    def load(self, list_keys: Iterable[str], definitions: Iterable[str] | None = None) -> None:
        """Build the history tables of these lists (once each), with the columns ``definitions``
        name, or every column without them. Reading only the columns that are counted costs a
        fraction of reading all of them; a list is built again if later definitions name more.
        The lists are merged side by side, the largest files first, so that the longest merge
        does not start last."""
        names = None if definitions is None else _words(definitions)
        wanted: dict[str, tuple[str, ...]] = {}
        for key in list_keys:
            columns = columns_read(key, names)
            loaded = self._loaded.get(key)
            if loaded is None or not set(columns) <= set(loaded):
                kept = set(columns) | set(loaded or ())
                wanted[key] = tuple(column.key for column in list_by_key(key).columns if column.key in kept)
        largest_first = sorted(wanted, key=self._bytes_of, reverse=True)
        self.side_by_side([functools.partial(self._load_list, key=key, columns=wanted[key]) for key in largest_first])
        self._loaded.update(wanted)

    def side_by_side(self, tasks: Sequence[Callable[[duckdb.DuckDBPyConnection], Result]]) -> list[Result]:
        """Each task's result, in order, each run with a cursor of its own on this history's
        database, `QUERIES_AT_ONCE` at a time. DuckDB lets go of Python while a query runs, so
        the queries do run at once; an error in any task is raised here."""

        def run(task: Callable[[duckdb.DuckDBPyConnection], Result]) -> Result:
            cursor = self.connection.cursor()
            try:
                return task(cursor)
            finally:
                cursor.close()

        with ThreadPoolExecutor(max_workers=QUERIES_AT_ONCE, thread_name_prefix="history") as pool:
            return list(pool.map(run, tasks))

    def _bytes_of(self, key: str) -> int:
        """The size of the list's files across the returns: a guide to how long merging it takes."""
        return sum(path.stat().st_size for path in (item.parquet(key) for item in self.returns) if path.is_file())

    def _load_list(self, connection: duckdb.DuckDBPyConnection, key: str, columns: Sequence[str]) -> None:
        """The list's tables, from the merge kept on disk if there is one, else merged (and kept
        if the history keeps merges)."""
        relations = [key, f"{key}_by_return"] if key in AS_AT_LISTS else [key]
        if self.merges_kept_in is None:
            self._merge_list(connection, key, columns)
            return
        kept = MergedList(folder=self.merges_kept_in, name=self._merge_name(key, columns))
        if kept.complete(relations):
            for relation in relations:
                connection.execute(
                    f"CREATE OR REPLACE TABLE {relation} AS SELECT * FROM read_parquet({_literal(str(kept.path(relation)))})"
                )
            return
        self._merge_list(connection, key, columns)
        kept.write(connection, relations)

    def _merge_name(self, key: str, columns: Sequence[str]) -> str:
        """A name for one list's merge that changes with anything the merge depends on: each
        return (its id, dates, folder, and the size and modification time of the list's file),
        the columns read, and the source of this module and of the Annex A specification."""
        files = []
        for item in self.returns:
            path = item.parquet(key)
            found = path.stat() if path.is_file() else None
            files.append(
                [
                    item.snapshot_id,
                    item.period_start.isoformat(),
                    item.period_end.isoformat(),
                    item.loaded_at.isoformat(),
                    str(path.resolve()),
                    None if found is None else [found.st_size, found.st_mtime_ns],
                ]
            )
        made_from = json.dumps({"list": key, "columns": list(columns), "returns": files, "code": _merge_code()})
        return f"{key}-{hashlib.sha256(made_from.encode()).hexdigest()[:32]}"

    def _merge_list(self, connection: duckdb.DuckDBPyConnection, key: str, columns: Sequence[str]) -> None:
        """Keep each event's preferred row (the greatest ``row_order``, see `_rows_of_returns_sql`),
        with the first period start and last period end of the returns that carry it.

        For the lists with "as at" values each return's rows are a table already
        (``<list>_by_return``), so grouping only the event's key and joining the preferred rows
        back is cheapest (the 150-council pool's children in need 1.1-1.3 s against 3.3-3.5 s,
        one council 0.04-0.05 against 0.05-0.06 s); for the other lists one grouping keeps the
        preferred values itself (`_latest_of`), which costs less than first writing every row to
        a table to join back to (docs/performance.md, fourth and seventh passes)."""
        grouped_by = ", ".join(_quote(column) for column in NATURAL_KEYS[key])
        if key in AS_AT_LISTS:
            connection.execute(f"CREATE OR REPLACE TABLE {key}_by_return AS {self._once_per_return_sql(key, columns)}")
            connection.execute(
                f"""
                CREATE OR REPLACE TABLE {key} AS
                WITH preferred AS (
                    SELECT MAX(row_order) AS row_order, MIN(return_period_start) AS known_from, MAX(return_period_end) AS known_until
                    FROM {key}_by_return
                    GROUP BY {grouped_by}
                )
                SELECT {", ".join(f"every_row.{_quote(column)}" for column in columns)}, preferred.known_from, preferred.known_until
                FROM {key}_by_return AS every_row
                JOIN preferred ON preferred.row_order = every_row.row_order
                """
            )
            connection.execute(f"ALTER TABLE {key}_by_return DROP COLUMN row_order")
            return
        connection.execute(
            f"""
            CREATE OR REPLACE TABLE {key} AS
            SELECT {_latest_of(columns, NATURAL_KEYS[key])},
                MIN(return_period_start) AS known_from,
                MAX(return_period_end) AS known_until
            FROM ({self._rows_of_returns_sql(key, columns)}) AS rows_of_returns
            GROUP BY {grouped_by}
            """
        )

    def _recency(self) -> dict[str, int]:
        """Each return's place when the history chooses between returns: a later period end, then
        a later load, then the greater snapshot id wins (the greatest number)."""
        ordered = sorted(self.returns, key=lambda item: (item.period_end, item.loaded_at, item.snapshot_id))
        return {item.snapshot_id: place for place, item in enumerate(ordered)}

    def _rows_of_returns_sql(self, key: str, columns: Sequence[str]) -> str:
        """Every return's rows of one list (these columns), typed as the specification says, with
        the return's dates and ``row_order``: a number unique to the row that orders all rows as
        the history prefers them, by return (`_recency`), then ``source_row`` (none first), then
        place in the file. The latest of an event's rows is then the one with the greatest number,
        which a grouping finds far more cheaply than sorting every event's rows. The three parts
        take 47, 40 and 40 bits of a 128-bit number: far beyond any count of returns or rows."""
        annex_list = list_by_key(key)
        chosen = [column for column in annex_list.columns if column.key in columns]
        recency = self._recency()
        selects = []
        for item in self.returns:
            path = item.parquet(key)
            if not path.is_file():
                continue
            present = set(pq.read_schema(path).names)
            expressions = [
                f"CAST({_quote(column.key) if column.key in present else 'NULL'} AS {SQL_TYPES[column.kind]}) AS {_quote(column.key)}"
                for column in chosen
            ]
            source_row = "source_row" if "source_row" in present else "NULL"
            expressions.append(f"CAST({source_row} AS BIGINT) AS source_row")
            row_order = (
                f"(CAST({recency[item.snapshot_id]} AS HUGEINT) << 80) "
                f"| (CAST(COALESCE({source_row} + 1, 0) AS HUGEINT) << 40) | CAST(file_row_number AS HUGEINT)"
            )
            selects.append(
                f"SELECT {', '.join(expressions)}, {_literal(item.snapshot_id)} AS snapshot_id, "
                f"DATE {_literal(item.period_start.isoformat())} AS return_period_start, "
                f"DATE {_literal(item.period_end.isoformat())} AS return_period_end, "
                f"TIMESTAMP {_literal(item.loaded_at.astimezone(UTC).replace(tzinfo=None).isoformat(sep=' '))} AS return_loaded_at, "
                f"{row_order} AS row_order "
                f"FROM read_parquet({_literal(str(path))}, file_row_number = true)"
            )
        if not selects:
            empty = ", ".join(f"CAST(NULL AS {SQL_TYPES[column.kind]}) AS {_quote(column.key)}" for column in chosen)
            selects.append(
                f"SELECT {empty}, CAST(NULL AS BIGINT) AS source_row, CAST(NULL AS VARCHAR) AS snapshot_id, "
                "CAST(NULL AS DATE) AS return_period_start, CAST(NULL AS DATE) AS return_period_end, "
                "CAST(NULL AS TIMESTAMP) AS return_loaded_at, CAST(NULL AS HUGEINT) AS row_order WHERE 1 = 0"
            )
        return " UNION ALL ".join(selects)

    def _once_per_return_sql(self, key: str, columns: Sequence[str]) -> str:
        """Each return's rows of one list with any event the return repeats kept once (its last
        row). ``row_order`` is unique and puts a return's rows in ``source_row`` order, so the
        greatest for each return and event is that row. Kept by a semi-join (``IN``), which
        measured 8-10% quicker than joining for the 150-council pool's children in need and the
        same for one council (docs/performance.md, seventh pass)."""
        partition = ", ".join(["snapshot_id", *(_quote(column) for column in NATURAL_KEYS[key])])
        rows = self._rows_of_returns_sql(key, columns)
        return f"""
            WITH every_row AS MATERIALIZED ({rows})
            SELECT every_row.* FROM every_row
            WHERE row_order IN (SELECT MAX(row_order) FROM every_row GROUP BY {partition})
        """

    # Everything that depends on the periods

    def prepare(self, periods: Sequence[Period], standards: LocalStandards, definitions: Iterable[str]) -> None:
        """Create the period tables, the calendar and the derived relations these definitions read.

        A derived relation holds only the list's columns the definitions name (with the episode's
        key and dates): with one row per episode per period, carrying every column of a big
        list would cost far more than the indicators themselves. The episodes' relations are
        views, not tables: each definition that reads one joins periods to episodes within its
        own query, which DuckDB does with the definition's filters and grouping, and that cost
        less than writing the join out once as a table (on a 300,000-child council, every
        indicator monthly over five years: 1.00-1.03 against 1.18-1.26 s on a quiet machine;
        8-12% less processor time in a run of alternating pairs under load, by team as well).
        """
        definitions = list(definitions)
        self._replace_table(
            "periods",
            pa.table(
                {
                    "period_start": pa.array([period.start for period in periods], pa.date32()),
                    "period_end": pa.array([period.end for period in periods], pa.date32()),
                }
            ),
        )
        self._replace_table(
            "timescales",
            pa.table(
                {
                    "assessment_working_days": pa.array([timescale("assessment").amount], pa.int64()),
                    "icpc_working_days": pa.array([timescale("icpc").amount], pa.int64()),
                    "cpp_visit_working_days": pa.array([standards.cpp_visit_working_days], pa.int64()),
                }
            ),
        )
        self._build_return_at_period()
        self._build_calendar(periods)
        for relation in sorted(set().union(*(relations_read(sql) for sql in definitions))):
            self._build_derived(relation, _words(sql for sql in definitions if relation in relations_read(sql)))

    def _build_return_at_period(self) -> None:
        self.connection.execute(
            f"""
            CREATE OR REPLACE TABLE return_at_period AS
            SELECT period_start, period_end, snapshot_id FROM (
                SELECT
                    p.period_start, p.period_end, r.snapshot_id,
                    ROW_NUMBER() OVER (
                        PARTITION BY p.period_start, p.period_end
                        ORDER BY r.period_end, r.loaded_at DESC, r.snapshot_id DESC
                    ) AS choice
                FROM periods AS p
                JOIN returns AS r
                    ON r.period_start <= p.period_end
                    AND p.period_end <= r.period_end
                    AND r.period_end <= p.period_end + INTERVAL '{AS_AT_GRACE.days}' DAY
            ) AS candidates
            WHERE choice = 1
            """
        )

    def periods_with_a_return_at_end(self) -> set[Period]:
        """The prepared periods that have a return at their end, for the "as at" indicators."""
        rows = self.connection.execute("SELECT period_start, period_end FROM return_at_period").fetchall()
        return {Period(start, end) for start, end in rows}

    def _build_calendar(self, periods: Sequence[Period]) -> None:
        first = min(period.start for period in periods)
        last = max(period.end for period in periods)
        for key, columns in self._loaded.items():
            dates = [column.key for column in list_by_key(key).columns if column.kind is Kind.DATE and column.key in columns]
            if not dates:
                continue
            bounds = ", ".join(f"MIN({_quote(column)}), MAX({_quote(column)})" for column in dates)
            found = [value for value in self.connection.execute(f"SELECT {bounds} FROM {key}").fetchall()[0] if value is not None]
            if found:
                first, last = min(first, *found), max(last, *found)
        self._replace_table("calendar", calendar_table(first - timedelta(days=7), last + CALENDAR_MARGIN))

    def _build_derived(self, relation: str, names: set[str]) -> None:
        if relation == "care_leavers_at_end":
            self._build_care_leavers_at_end(names)
            return
        if relation.endswith(OPEN_CHILDREN):
            self._build_open_children(relation.removesuffix(OPEN_CHILDREN))
            return
        key, _, when = relation.rpartition("_")
        start, end = EPISODES[key]
        # The last day each episode counts: open at a day's end until the day before it ends, in a
        # period until the day it ends; with no end date, as far as the latest return listing it.
        # One range per episode lets the database join periods to episodes as a range join.
        if when == "open":
            last_day = _last_day_open_at_end(end)
            condition = f"m.{start} <= p.period_end AND p.period_end <= m.last_day"
        else:
            last_day = f"COALESCE({end}, known_until)"
            condition = f"m.{start} <= p.period_end AND p.period_start <= m.last_day"
        from_history = set(NATURAL_KEYS[key]) | {end}
        kept = [column.key for column in list_by_key(key).columns if column.key in from_history | names]
        as_at_end = ", ".join(
            f"m.{_quote(column)}"
            if column in from_history
            else f"CASE WHEN r.snapshot_id IS NULL THEN m.{_quote(column)} ELSE r.{_quote(column)} END AS {_quote(column)}"
            for column in kept
        )
        joins = " AND ".join(f"r.{_quote(column)} = m.{_quote(column)}" for column in NATURAL_KEYS[key])
        # Only the periods with a return at their end look up that return's "as at" values: with
        # a return a year, eleven months in twelve keep the history's own and skip the lookup.
        self.connection.execute(
            f"""
            CREATE OR REPLACE VIEW {relation} AS
            WITH m AS (SELECT episodes.*, {last_day} AS last_day FROM {key} AS episodes)
            SELECT p.period_start, p.period_end, {", ".join(f"m.{_quote(column)}" for column in kept)}
            FROM (
                SELECT * FROM periods AS every_period
                WHERE NOT EXISTS (
                    SELECT 1 FROM return_at_period AS at_end
                    WHERE at_end.period_start = every_period.period_start AND at_end.period_end = every_period.period_end
                )
            ) AS p
            JOIN m ON {condition}
            UNION ALL
            SELECT p.period_start, p.period_end, {as_at_end}
            FROM return_at_period AS p
            JOIN m ON {condition}
            LEFT JOIN {key}_by_return AS r ON r.snapshot_id = p.snapshot_id AND {joins}
            """
        )

    def _build_open_children(self, key: str) -> None:
        """Each child's episodes merged into spans (an episode that starts before the latest
        last day of the child's earlier ones joins their span), then the spans open at each
        period's end: the rows of ``<key>_open`` with one per child. On a pool of 150 councils
        the children in need counted this way took 2.6 s against 4.7 to 5.0 s grouped by child."""
        start, end = EPISODES[key]
        last_day = _last_day_open_at_end(end)
        self.connection.execute(
            f"""
            CREATE OR REPLACE VIEW {key}{OPEN_CHILDREN} AS
            WITH episodes AS (
                SELECT child_id, {start} AS first_day, {last_day} AS last_day FROM {key} WHERE {start} IS NOT NULL
            ),
            ordered AS (
                SELECT child_id, first_day, last_day,
                       MAX(last_day) OVER (
                           PARTITION BY child_id ORDER BY first_day, last_day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                       ) AS reached_before
                FROM episodes
                WHERE last_day >= first_day
            ),
            numbered AS (
                SELECT child_id, first_day, last_day,
                       SUM(CASE WHEN reached_before IS NULL OR first_day > reached_before THEN 1 ELSE 0 END) OVER (
                           PARTITION BY child_id ORDER BY first_day, last_day ROWS UNBOUNDED PRECEDING
                       ) AS span_number
                FROM ordered
            ),
            spans AS (
                SELECT child_id, MIN(first_day) AS first_day, MAX(last_day) AS last_day FROM numbered GROUP BY child_id, span_number
            )
            SELECT p.period_start, p.period_end, s.child_id
            FROM periods AS p
            JOIN spans AS s ON s.first_day <= p.period_end AND p.period_end <= s.last_day
            """
        )

    def _build_care_leavers_at_end(self, names: set[str]) -> None:
        columns = ", ".join(f"r.{_quote(column.key)}" for column in list_by_key("care_leavers").columns if column.key in names | {"child_id"})
        self.connection.execute(
            f"""
            CREATE OR REPLACE TABLE care_leavers_at_end AS
            SELECT at_end.period_start, at_end.period_end, {columns}
            FROM return_at_period AS at_end
            JOIN care_leavers_by_return AS r ON r.snapshot_id = at_end.snapshot_id
            """
        )


@dataclass(frozen=True)
class MergedList:
    """One list's merged tables kept on disk: ``<name>.<relation>.parquet`` in ``folder``."""

    folder: Path
    name: str

    def path(self, relation: str) -> Path:
        return self.folder / f"{self.name}.{relation}.parquet"

    def complete(self, relations: Sequence[str]) -> bool:
        return all(self.path(relation).is_file() for relation in relations)

    def write(self, connection: duckdb.DuckDBPyConnection, relations: Sequence[str]) -> None:
        """Each table written under a private name and then renamed, so a reader never meets a
        half-written file, and two histories keeping the same merge at once both leave a whole one."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for relation in relations:
            final = self.path(relation)
            partial = final.with_name(f"{final.name}.{uuid.uuid4().hex}.partial")
            connection.execute(f"COPY {relation} TO {_literal(str(partial))} (FORMAT parquet)")
            os.replace(partial, final)


OPEN_CHILDREN = "_open_children"


def _last_day_open_at_end(end: str) -> str:
    """The last day an episode is open at the day's end: the day before it ends, or, with no end
    date, as far as the latest return that lists it (``known_until``)."""
    return f"CASE WHEN {end} IS NULL THEN known_until ELSE CAST({end} - INTERVAL '1' DAY AS DATE) END"


DERIVED_RELATIONS: tuple[str, ...] = (
    *(f"{key}_open" for key in EPISODES),
    *(f"{key}_during" for key in EPISODES),
    *(f"{key}{OPEN_CHILDREN}" for key in EPISODES),
    "care_leavers_at_end",
)


RETURN_RELATIONS: tuple[str, ...] = tuple(f"{key}_by_return" for key in AS_AT_LISTS)
"""Each return's own rows of the lists with "as at" values, built when the list is loaded."""


@functools.cache
def _merge_code() -> str:
    """A digest of the code a merge depends on: this module and the Annex A specification."""
    digest = hashlib.sha256()
    for module in (__file__, str(annex_a_spec.__file__)):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()


def _latest_of(columns: Sequence[str], grouped_by: Sequence[str]) -> str:
    """The select list that keeps, for each group, the values of its row with the greatest
    ``row_order``: one grouping, where a join back to the rows would read every row twice.
    ``arg_max_null`` keeps a missing value of that row as missing (``arg_max`` would skip it)."""
    return ", ".join(
        _quote(column) if column in grouped_by else f"arg_max_null({_quote(column)}, row_order) AS {_quote(column)}"
        for column in columns
    )


def _words(definitions: Iterable[str]) -> set[str]:
    """Every name in the definitions (a column named anywhere, comments included, is read)."""
    return set(re.findall(r"\w+", " ".join(definitions)))


def columns_read(key: str, names: set[str] | None) -> tuple[str, ...]:
    """The list's columns to load for definitions naming ``names`` (all of them for None): those
    named, and what the history itself needs: the event's key, an episode's dates, the team."""
    needed = set(NATURAL_KEYS[key]) | set(EPISODES.get(key, ())) | {"team"}
    return tuple(column.key for column in list_by_key(key).columns if names is None or column.key in names | needed)


def relations_read(sql: str) -> set[str]:
    """The derived relations a definition reads, found by name."""
    return {name for name in DERIVED_RELATIONS if re.search(rf"\b{name}\b", sql)}

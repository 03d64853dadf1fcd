"""The catalogue: an index of the store's snapshots in the application database.

It is only an index. Each snapshot's own ``snapshot.json`` is the truth, and the store rebuilds
the catalogue's rows from the folders whenever the two disagree (after a crash between the
rename that commits a snapshot and the row that lists it). Everything that touches the database
is in this one module, so that the web application can later keep the same rows in its own
database (``DATABASE_URL``) by replacing only this file.

SQLite runs in WAL mode so that readers never wait for an import, and every change happens in a
``BEGIN IMMEDIATE`` transaction: the write lock is taken at the start, so two processes
committing at once queue up instead of failing half way.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from safeguard.errors import SafeguardError
from safeguard.snapshots.record import FORMAT_VERSION, Snapshot

DATABASE_NAME = "safeguard.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS snapshot (
    id           TEXT PRIMARY KEY,
    period_start TEXT NOT NULL,
    period_end   TEXT NOT NULL,
    loaded_at    TEXT NOT NULL,
    loaded_by    TEXT NOT NULL,
    source_name  TEXT NOT NULL,
    sha256       TEXT NOT NULL UNIQUE,
    row_counts   TEXT NOT NULL,
    queries      INTEGER NOT NULL,
    confirmation TEXT
)
"""
_ADDED_COLUMNS = {"confirmation": "TEXT"}
"""Columns added since the first catalogues were made; opening an older one adds them."""
_COLUMNS = (
    "id",
    "period_start",
    "period_end",
    "loaded_at",
    "loaded_by",
    "source_name",
    "sha256",
    "row_counts",
    "queries",
    "confirmation",
)
_ORDER = "ORDER BY period_end, loaded_at, id"


class Catalogue:
    """The ``snapshot`` table of ``safeguard.sqlite3`` in the store's folder."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / DATABASE_NAME
        try:
            self._connection = sqlite3.connect(self.path, isolation_level=None, timeout=60)
            self._connection.row_factory = sqlite3.Row
            self._connection.execute("PRAGMA journal_mode=WAL")
            self._connection.execute("PRAGMA synchronous=FULL")
            self._connection.execute(_SCHEMA)
            self._add_new_columns()
        except sqlite3.Error as error:
            raise SafeguardError(f"Cannot open the catalogue {self.path}: {error}.") from error

    def close(self) -> None:
        self._connection.close()

    def _add_new_columns(self) -> None:
        present = {row[1] for row in self._connection.execute("PRAGMA table_info(snapshot)")}
        for column, kind in _ADDED_COLUMNS.items():
            if column not in present:
                self._connection.execute(f"ALTER TABLE snapshot ADD COLUMN {column} {kind}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Hold the database's write lock: everything inside commits together or not at all."""
        self._connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._connection.execute("ROLLBACK")
            raise
        self._connection.execute("COMMIT")

    def snapshots(self) -> list[Snapshot]:
        """Every listed snapshot, oldest period first (ties: the one loaded first)."""
        rows = self._connection.execute(f"SELECT * FROM snapshot {_ORDER}").fetchall()
        return [_snapshot(row) for row in rows]

    def ids(self) -> set[str]:
        return {row[0] for row in self._connection.execute("SELECT id FROM snapshot")}

    def get(self, snapshot_id: str) -> Snapshot | None:
        row = self._connection.execute("SELECT * FROM snapshot WHERE id = ?", (snapshot_id,)).fetchone()
        return _snapshot(row) if row else None

    def with_sha256(self, sha256: str) -> Snapshot | None:
        """The snapshot made from the file with this hash, if that file was imported."""
        row = self._connection.execute("SELECT * FROM snapshot WHERE sha256 = ?", (sha256,)).fetchone()
        return _snapshot(row) if row else None

    def add(self, snapshot: Snapshot) -> None:
        values = snapshot.to_json()
        values["row_counts"] = json.dumps(values["row_counts"], sort_keys=True)
        values["confirmation"] = json.dumps(values["confirmation"], sort_keys=True) if values["confirmation"] else None
        placeholders = ", ".join("?" for _ in _COLUMNS)
        self._connection.execute(
            f"INSERT INTO snapshot ({', '.join(_COLUMNS)}) VALUES ({placeholders})",
            tuple(values[column] for column in _COLUMNS),
        )

    def remove(self, snapshot_id: str) -> None:
        self._connection.execute("DELETE FROM snapshot WHERE id = ?", (snapshot_id,))


def _snapshot(row: sqlite3.Row) -> Snapshot:
    values = dict(row)
    values["row_counts"] = json.loads(values["row_counts"])
    values["confirmation"] = json.loads(values["confirmation"]) if values.get("confirmation") else None
    values["format"] = FORMAT_VERSION
    return Snapshot.from_json(values)

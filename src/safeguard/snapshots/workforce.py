"""Workforce snapshots: each accepted workforce file kept as an immutable, dated folder.

The same rules as the Annex A snapshots (``store.py``), in a folder of their own::

    SAFEGUARD_HOME/workforce/<id>/
        snapshot.json      what the file was: the day it describes, its name and SHA-256,
                           who loaded it and when, how many rows
        workers.parquet    its rows, typed, each with the row it came from (``source_row``)

A file is checked in full first (``safeguard.workforce.read_workforce``); one with any error
changes nothing. The snapshot is written into a staging folder under ``tmp/`` and committed by
renaming it into ``workforce/``, so a crash leaves either the whole snapshot or none of it.
Snapshot folders are the truth: there is no separate catalogue to fall out of step.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from safeguard.errors import SafeguardError
from safeguard.home import safeguard_home
from safeguard.snapshots.record import ID_PATTERN, snapshot_id
from safeguard.snapshots.staging import Staging, fsync_folder, seal, unseal
from safeguard.snapshots.store import LATEST, operating_system_user
from safeguard.workforce.reading import WorkforceReturn, read_workforce

FOLDER = "workforce"
METADATA_FILE = "snapshot.json"
TABLE_FILE = "workers.parquet"
AS_AT_GRACE = timedelta(days=7)
"""How long after a day a workforce file may be dated and still describe that day (as Annex A)."""


@dataclass(frozen=True)
class WorkforceSnapshot:
    id: str
    as_at: date
    """The day the file describes (DfE's census day is 30 September)."""
    loaded_at: datetime
    loaded_by: str
    source_name: str
    sha256: str
    rows: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "as_at": self.as_at.isoformat(),
            "loaded_at": self.loaded_at.astimezone(UTC).isoformat(timespec="seconds"),
            "loaded_by": self.loaded_by,
            "source_name": self.source_name,
            "sha256": self.sha256,
            "rows": self.rows,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WorkforceSnapshot:
        return cls(
            id=str(data["id"]),
            as_at=date.fromisoformat(data["as_at"]),
            loaded_at=datetime.fromisoformat(data["loaded_at"]).astimezone(UTC),
            loaded_by=str(data["loaded_by"]),
            source_name=str(data["source_name"]),
            sha256=str(data["sha256"]),
            rows=int(data["rows"]),
        )


class WorkforceImportStatus(StrEnum):
    CREATED = "created"
    ALREADY_IMPORTED = "already imported"
    REFUSED = "refused"


@dataclass(frozen=True)
class WorkforceImport:
    """What an import did; ``checked`` holds the findings (absent for a repeat of a kept file)."""

    status: WorkforceImportStatus
    snapshot: WorkforceSnapshot | None
    checked: WorkforceReturn | None


class WorkforceStore:
    """The workforce snapshots of one council's store (default: ``SAFEGUARD_HOME``)."""

    def __init__(self, home: Path | None = None) -> None:
        self.home = Path(home) if home is not None else safeguard_home()
        self.folder = self.home / FOLDER
        self.staging = Staging(self.home / "tmp")
        self.folder.mkdir(parents=True, exist_ok=True)

    # Reading

    def list(self) -> list[WorkforceSnapshot]:
        """Every workforce snapshot, oldest day first (then the earliest loaded)."""
        found = [
            _read_metadata(entry)
            for entry in self.folder.iterdir()
            if entry.is_dir() and ID_PATTERN.match(entry.name) and (entry / METADATA_FILE).is_file()
        ]
        return sorted(found, key=lambda snapshot: (snapshot.as_at, snapshot.loaded_at))

    def get(self, snapshot_id: str) -> WorkforceSnapshot:
        """The snapshot with this id, or the newest for ``"latest"``."""
        snapshots = self.list()
        if snapshot_id == LATEST:
            if not snapshots:
                raise SafeguardError("There are no workforce snapshots yet: load one with `safeguard workforce import FILE`.")
            return snapshots[-1]
        for snapshot in snapshots:
            if snapshot.id == snapshot_id:
                return snapshot
        raise SafeguardError(f"There is no workforce snapshot {snapshot_id!r}: `safeguard workforce list` shows them.")

    def describing(self, day: date) -> WorkforceSnapshot | None:
        """The snapshot that describes ``day``: dated that day or at most a week after, the
        nearest such (loaded last, if two share a date); None if no file is dated so."""
        candidates = [snapshot for snapshot in self.list() if day <= snapshot.as_at <= day + AS_AT_GRACE]
        return min(candidates, key=lambda snapshot: (snapshot.as_at, -snapshot.loaded_at.timestamp())) if candidates else None

    def parquet_path(self, snapshot_id: str) -> Path:
        return self.folder / self.get(snapshot_id).id / TABLE_FILE

    def table(self, snapshot_id: str) -> pa.Table:
        return pq.read_table(self.parquet_path(snapshot_id))

    # Changing

    def import_file(
        self, path: Path, loaded_by: str | None = None, *, as_at: date | None = None, name: str | None = None
    ) -> WorkforceImport:
        """Check a workforce file and keep it as a snapshot if it has no errors (all or nothing)."""
        path = Path(path)
        if not path.is_file():
            raise SafeguardError(f"There is no file called {path}.")
        checked = read_workforce(path, as_at=as_at, name=name)
        earlier = next(
            (snapshot for snapshot in self.list() if snapshot.sha256 == checked.sha256 and snapshot.as_at == checked.as_at), None
        )
        if earlier is not None:
            return WorkforceImport(WorkforceImportStatus.ALREADY_IMPORTED, earlier, checked)
        if checked.has_errors or checked.as_at is None:
            return WorkforceImport(WorkforceImportStatus.REFUSED, None, checked)
        snapshot = WorkforceSnapshot(
            id=snapshot_id(checked.as_at, checked.sha256),
            as_at=checked.as_at,
            loaded_at=datetime.now(UTC).replace(microsecond=0),
            loaded_by=loaded_by or operating_system_user(),
            source_name=checked.source_name,
            sha256=checked.sha256,
            rows=checked.table.num_rows,
        )
        with self.staging.folder("workforce-import") as staging_folder, self._lock():
            final = self.folder / snapshot.id
            if final.exists():
                return WorkforceImport(WorkforceImportStatus.ALREADY_IMPORTED, _read_metadata(final), checked)
            prepared = staging_folder / snapshot.id
            prepared.mkdir()
            try:
                _write(prepared, snapshot, checked.table)
            except OSError as error:
                raise SafeguardError(
                    f"{checked.source_name} could not be saved ({error.strerror or error}); nothing was imported."
                ) from error
            os.rename(prepared, final)
            fsync_folder(self.folder)
            seal(final)
        return WorkforceImport(WorkforceImportStatus.CREATED, snapshot, checked)

    def remove(self, snapshot_id: str) -> WorkforceSnapshot:
        """Delete a snapshot: renamed out first (the commit point), then its files deleted."""
        snapshot = self.get(snapshot_id)
        with self.staging.folder("workforce-remove") as staging_folder, self._lock():
            folder = self.folder / snapshot.id
            unseal(folder)
            os.rename(folder, staging_folder / snapshot.id)
            fsync_folder(self.folder)
        return snapshot

    @contextmanager
    def _lock(self) -> Iterator[None]:
        """One change at a time, so two imports of one file cannot both commit."""
        descriptor = os.open(self.home / "workforce.lock", os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)


def _write(folder: Path, snapshot: WorkforceSnapshot, table: pa.Table) -> None:
    """The rows, then ``snapshot.json`` last as the sign the folder is whole, each forced to disk."""
    with open(folder / TABLE_FILE, "xb") as sink:
        pq.write_table(table, sink, compression="zstd")
        sink.flush()
        os.fsync(sink.fileno())
    with open(folder / METADATA_FILE, "x", encoding="utf-8") as sink:
        json.dump(snapshot.to_json(), sink, indent=2, sort_keys=True)
        sink.write("\n")
        sink.flush()
        os.fsync(sink.fileno())
    fsync_folder(folder)


def _read_metadata(folder: Path) -> WorkforceSnapshot:
    try:
        return WorkforceSnapshot.from_json(json.loads((folder / METADATA_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError) as error:
        raise SafeguardError(f"The workforce snapshot folder {folder} is damaged ({error}); move it out of the store.") from error

"""The snapshot store: accepted imports kept as immutable, dated sets of Parquet files.

Layout inside ``SAFEGUARD_HOME``::

    safeguard.sqlite3            the catalogue (an index of the snapshots)
    snapshots/<id>/              one folder per snapshot, read-only once committed
        snapshot.json            its metadata: the record of truth
        findings.json            the queries its import raised
        <list key>.parquet       one file per Annex A list (zstd)
    tmp/                         staging folders of imports and removals in progress

How a change is made all-or-nothing: the new snapshot is written in full into a staging folder
under ``tmp/`` (same file system), every file is flushed and fsynced, and then the folder is
renamed into ``snapshots/``. A rename is atomic: after a crash the snapshot is either wholly
there or not there at all. That rename is the commit point. The catalogue row is written in the
same database transaction; if the process dies between the rename and that row, the next open
of the store sees a folder the catalogue does not list and adds it from ``snapshot.json``.
Removal works the same way backwards: rename out into ``tmp/``, then delete.
"""

from __future__ import annotations

import errno
import getpass
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Protocol

import pyarrow as pa
import pyarrow.parquet as pq

from safeguard.annex_a.findings import write_json
from safeguard.annex_a.reader import Progress, file_sha256
from safeguard.annex_a.spec import LISTS, list_by_key
from safeguard.annex_a.validation import ValidationResult, validate
from safeguard.errors import SafeguardError
from safeguard.home import safeguard_home
from safeguard.snapshots.catalogue import Catalogue
from safeguard.snapshots.plausibility import CheckedReturn, ImportChecks, PlausibilityReport, check_plausibility, reporting_period
from safeguard.snapshots.record import ID_PATTERN, Confirmation, Snapshot, snapshot_id
from safeguard.snapshots.staging import Staging, fsync_file, fsync_folder, seal, unseal

METADATA_FILE = "snapshot.json"
FINDINGS_FILE = "findings.json"
LATEST = "latest"


class ValidatedReturn(CheckedReturn, Protocol):
    """What the store needs from a checked return (``safeguard.annex_a.validation``): what the
    plausibility checks read, and its name and whether it has errors."""

    @property
    def source_name(self) -> str: ...
    @property
    def has_errors(self) -> bool: ...


class ImportStatus(StrEnum):
    CREATED = "created"
    ALREADY_IMPORTED = "already imported"
    REFUSED = "refused"
    NEEDS_CONFIRMATION = "needs confirmation"
    """No errors, but it does not look like the snapshot before it: nothing is kept until a
    person gives the reason it is right (``confirmation``)."""


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did. ``validation`` is absent when the file was recognised as a repeat
    (it is not checked again); ``snapshot`` is absent when the import was refused or waits for a
    confirmation; ``plausibility`` is what the return was compared with and what did not fit."""

    status: ImportStatus
    snapshot: Snapshot | None
    validation: ValidationResult | ValidatedReturn | None
    plausibility: PlausibilityReport | None = None

    @property
    def kept(self) -> Snapshot:
        """The snapshot the file is kept as (an import created or already imported)."""
        if self.snapshot is None:
            raise SafeguardError(f"This import kept no snapshot: it was {self.status}.")
        return self.snapshot

    @property
    def checked(self) -> ValidationResult:
        """What the validator found in the file (a file the store had not seen before)."""
        if not isinstance(self.validation, ValidationResult):
            raise SafeguardError(f"This import checked no file: it was {self.status}.")
        return self.validation

    @property
    def differences(self) -> PlausibilityReport:
        """How the return differs from the snapshot before it (an import that was compared)."""
        if self.plausibility is None:
            raise SafeguardError(f"This import was not compared with the snapshots: it was {self.status}.")
        return self.plausibility


class Store:
    """One council's snapshots, in the folder ``home`` (default: ``SAFEGUARD_HOME``).

    Opening a store tidies it: staging folders left by processes that died are deleted, and the
    catalogue is brought back in line with the snapshot folders.
    """

    def __init__(self, home: Path | None = None) -> None:
        try:
            self.home = Path(home) if home is not None else safeguard_home()
            self.snapshots_folder = self.home / "snapshots"
            self.snapshots_folder.mkdir(parents=True, exist_ok=True)
            self.staging = Staging(self.home / "tmp")
            self.catalogue = Catalogue(self.home)
            self.staging.clear_leftovers()
            with self.catalogue.transaction():
                self._reconcile()
        except OSError as error:
            raise SafeguardError(
                f"Cannot use the store folder {error.filename or home or 'named by SAFEGUARD_HOME'}: "
                f"{error.strerror or error}. "
                "Set SAFEGUARD_HOME to a folder you can write to."
            ) from error

    def close(self) -> None:
        self.catalogue.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # Reading

    def list(self) -> list[Snapshot]:
        """Every snapshot, oldest period first."""
        return self.catalogue.snapshots()

    def get(self, snapshot_id: str, *, latest_allowed: bool = True) -> Snapshot:
        """The snapshot with this id, or the newest one for ``"latest"``.

        "Newest" means the latest period end; between snapshots of the same period, the one
        loaded last. Anything that deletes asks for an exact id (``latest_allowed=False``).
        """
        if snapshot_id == LATEST and latest_allowed:
            snapshots = self.list()
            if not snapshots:
                raise SafeguardError("There are no snapshots yet: import a return first with `safeguard import FILE`.")
            return snapshots[-1]
        if snapshot_id == LATEST:
            raise SafeguardError("Name the snapshot by its id here, not 'latest'.")
        snapshot = self.catalogue.get(snapshot_id)
        if snapshot is None:
            raise SafeguardError(
                f"There is no snapshot {snapshot_id!r}: `safeguard snapshots list` shows the ones there are."
            )
        return snapshot

    def parquet_path(self, snapshot_id: str, list_key: str) -> Path:
        """The Parquet file holding one list of one snapshot (for DuckDB to read directly)."""
        snapshot = self.get(snapshot_id)
        try:
            list_by_key(list_key)
        except KeyError as error:
            known = ", ".join(annex_list.key for annex_list in LISTS)
            raise SafeguardError(f"Annex A has no list called {list_key!r} (the lists are: {known}).") from error
        return self.snapshots_folder / snapshot.id / f"{list_key}.parquet"

    def table(self, snapshot_id: str, list_key: str) -> pa.Table:
        """One list of one snapshot, exactly as it was imported."""
        return pq.read_table(self.parquet_path(snapshot_id, list_key))

    def findings_path(self, snapshot_id: str) -> Path:
        """The JSON file of the queries raised when the snapshot was imported."""
        return self.snapshots_folder / self.get(snapshot_id).id / FINDINGS_FILE

    # Changing

    def import_file(
        self,
        path: Path,
        loaded_by: str | None = None,
        progress: Progress | None = None,
        *,
        name: str | None = None,
        checks: ImportChecks | None = None,
        confirmation: str | None = None,
    ) -> ImportOutcome:
        """Check a return (a workbook, or a folder of CSV files) and, if it has no errors and
        looks like the snapshot before it, keep it as a new snapshot.

        ``name`` is the file's own name when ``path`` is a copy saved under another (an upload).
        The plausibility checks always run here (``checks``, default: the product's limits); a
        return that does not look like the one before is kept only with a ``confirmation``, the
        reason a person gives for accepting it, which the snapshot records.

        A workbook imported before (the same bytes) is recognised before it is checked again, a
        folder once it has been read; either way it changes nothing. A return with errors
        changes nothing.
        """
        path = Path(path)
        if not path.exists():
            raise SafeguardError(f"There is no file or folder called {path}.")
        if path.is_file():
            earlier = self.catalogue.with_sha256(file_sha256(path))
            if earlier is not None:
                return ImportOutcome(ImportStatus.ALREADY_IMPORTED, earlier, None)
        return self.commit(
            validate(path, progress=progress, name=name),
            loaded_by=loaded_by,
            progress=progress,
            checks=checks or ImportChecks(),
            confirmation=confirmation,
        )

    def check_plausibility(self, validated: ValidatedReturn, checks: ImportChecks) -> PlausibilityReport:
        """Compare a checked return with the snapshots kept (``safeguard.snapshots.plausibility``)."""

        def read(snapshot: Snapshot, annex_list, columns: list[str]) -> pa.Table:
            path = self.snapshots_folder / snapshot.id / f"{annex_list.key}.parquet"
            present = set(pq.read_schema(path).names)
            return pq.read_table(path, columns=[column for column in columns if column in present])

        return check_plausibility(validated, self.list(), read, checks)

    def commit(
        self,
        validated: ValidatedReturn,
        loaded_by: str | None = None,
        progress: Progress | None = None,
        *,
        checks: ImportChecks | None = None,
        confirmation: str | None = None,
    ) -> ImportOutcome:
        """Keep a checked return as a snapshot, all or nothing. Refused if it has errors.

        With ``checks``, a return that does not look like the snapshot before it waits for a
        ``confirmation`` (see ``import_file``). Without, the caller vouches for the tables: the
        warnings' evaluation commits synthetic extracts this way; every file a person imports goes
        through ``import_file``.
        """
        earlier = self.catalogue.with_sha256(validated.sha256)
        if earlier is not None:
            return ImportOutcome(ImportStatus.ALREADY_IMPORTED, earlier, validated)
        if validated.has_errors:
            return ImportOutcome(ImportStatus.REFUSED, None, validated)
        loaded_by = loaded_by or operating_system_user()
        loaded_at = datetime.now(UTC).replace(microsecond=0)
        report = self.check_plausibility(validated, checks) if checks is not None else None
        reason = " ".join((confirmation or "").split())
        if report is not None and report.findings and not reason:
            return ImportOutcome(ImportStatus.NEEDS_CONFIRMATION, None, validated, report)
        confirmed = None
        if report is not None and report.findings:
            confirmed = Confirmation(
                reason=reason,
                confirmed_by=loaded_by,
                confirmed_at=loaded_at,
                findings=tuple(item.message for item in report.findings),
                compared_with=report.compared_with.id if report.compared_with else None,
            )
        period_start, period_end = reporting_period(validated)
        snapshot = Snapshot(
            id=snapshot_id(period_end, validated.sha256),
            period_start=period_start,
            period_end=period_end,
            loaded_at=loaded_at,
            loaded_by=loaded_by,
            source_name=validated.source_name,
            sha256=validated.sha256,
            row_counts={annex_list.key: validated.tables[annex_list.key].num_rows for annex_list in LISTS},
            queries=len(validated.queries),
            confirmation=confirmed,
        )
        with self.staging.folder("import") as staging_folder:
            prepared = staging_folder / snapshot.id
            try:
                prepared.mkdir()
                _write_snapshot(prepared, snapshot, validated, progress)
            except OSError as error:
                raise SafeguardError(_write_failure(validated.source_name, error)) from error
            with self.catalogue.transaction():
                self._reconcile()
                earlier = self.catalogue.with_sha256(snapshot.sha256)
                if earlier is not None:
                    return ImportOutcome(ImportStatus.ALREADY_IMPORTED, earlier, validated)
                final = self.snapshots_folder / snapshot.id
                if final.exists():
                    raise SafeguardError(
                        f"{validated.source_name} would be snapshot {snapshot.id}, but a different file already "
                        "has that id; nothing was imported."
                    )
                os.rename(prepared, final)
                fsync_folder(self.snapshots_folder)
                seal(final)
                self.catalogue.add(snapshot)
            fsync_folder(staging_folder)
        return ImportOutcome(ImportStatus.CREATED, snapshot, validated, report)

    def remove(self, snapshot_id: str) -> Snapshot:
        """Delete a snapshot, all or nothing: renamed out of ``snapshots/`` first, then deleted."""
        snapshot = self.get(snapshot_id, latest_allowed=False)
        with self.staging.folder("remove") as staging_folder, self.catalogue.transaction():
            folder = self.snapshots_folder / snapshot.id
            unseal(folder)
            os.rename(folder, staging_folder / snapshot.id)
            fsync_folder(self.snapshots_folder)
            self.catalogue.remove(snapshot.id)
        return snapshot

    # Keeping the catalogue true to the folders

    def _reconcile(self) -> None:
        """List every snapshot folder in the catalogue and nothing else (inside a transaction)."""
        on_disk = {
            entry.name for entry in self.snapshots_folder.iterdir() if entry.is_dir() and ID_PATTERN.match(entry.name)
        }
        listed = self.catalogue.ids()
        for missing in sorted(listed - on_disk):
            self.catalogue.remove(missing)
        for unlisted in sorted(on_disk - listed):
            folder = self.snapshots_folder / unlisted
            snapshot = _read_metadata(folder)
            seal(folder)
            self.catalogue.add(snapshot)


def operating_system_user() -> str:
    """The name of the person running the command, as the operating system knows them."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}"


def _write_snapshot(folder: Path, snapshot: Snapshot, validated: ValidatedReturn, progress: Progress | None) -> None:
    """Write every file of a snapshot durably; ``snapshot.json`` last, as the sign it is whole."""
    for done, annex_list in enumerate(LISTS):
        if progress is not None:
            progress(f"Saving list {annex_list.number}: {annex_list.title}", done / len(LISTS))
        with open(folder / f"{annex_list.key}.parquet", "xb") as sink:
            pq.write_table(validated.tables[annex_list.key], sink, compression="zstd")
            sink.flush()
            os.fsync(sink.fileno())
    write_json(list(validated.queries), folder / FINDINGS_FILE)
    fsync_file(folder / FINDINGS_FILE)
    with open(folder / METADATA_FILE, "x", encoding="utf-8") as sink:
        json.dump(snapshot.to_json(), sink, indent=2, sort_keys=True)
        sink.write("\n")
        sink.flush()
        os.fsync(sink.fileno())
    fsync_folder(folder)


def _read_metadata(folder: Path) -> Snapshot:
    try:
        snapshot = Snapshot.from_json(json.loads((folder / METADATA_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError) as error:
        raise SafeguardError(
            f"The snapshot folder {folder} is damaged ({METADATA_FILE} cannot be read: {error}); "
            "move it out of the store and import its file again."
        ) from error
    if snapshot.id != folder.name:
        raise SafeguardError(
            f"The snapshot folder {folder} holds the metadata of snapshot {snapshot.id}; move it out of the store."
        )
    return snapshot


def _write_failure(source_name: str, error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return f"The disk is full: {source_name} could not be saved as a snapshot; nothing was imported."
    return f"{source_name} could not be saved as a snapshot ({error.strerror or error}); nothing was imported."

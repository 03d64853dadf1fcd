"""Immutable, dated snapshots of accepted imports: the only data the indicators are computed from.

``Store`` is the way in: ``import_file`` to add one, ``list``/``get`` to find them, ``table`` or
``parquet_path`` to read a list of one. See ``store.py`` for the layout and why it is atomic.
"""

from safeguard.snapshots.plausibility import ImportChecks, PlausibilityFinding, PlausibilityReport
from safeguard.snapshots.record import Confirmation, Snapshot, snapshot_id
from safeguard.snapshots.store import LATEST, ImportOutcome, ImportStatus, Store, ValidatedReturn
from safeguard.snapshots.workforce import WorkforceImport, WorkforceImportStatus, WorkforceSnapshot, WorkforceStore

__all__ = [
    "LATEST",
    "Confirmation",
    "ImportChecks",
    "ImportOutcome",
    "ImportStatus",
    "PlausibilityFinding",
    "PlausibilityReport",
    "Snapshot",
    "Store",
    "ValidatedReturn",
    "WorkforceImport",
    "WorkforceImportStatus",
    "WorkforceSnapshot",
    "WorkforceStore",
    "snapshot_id",
]

"""What a snapshot is: the metadata written once, at import, into its ``snapshot.json``.

The file in the snapshot's folder is the record of truth; the catalogue holds a copy of the same
fields only so that listing snapshots does not open every folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

FORMAT_VERSION = 2
"""Bumped whenever ``snapshot.json`` changes shape, so an older store is recognised. Version 2
added ``confirmation``; a version 1 file reads as a snapshot nobody had to confirm."""
READABLE_FORMATS = frozenset({1, 2})

ID_PATTERN = re.compile(r"^\d{8}-[0-9a-f]{8}$")


def snapshot_id(period_end: date, sha256: str) -> str:
    """The id of the snapshot made from a file: its period end, then the start of its hash.

    Sorting ids sorts snapshots by the date their data runs to; the hash part tells apart two
    different files for the same period, and is the same every time one file is imported.
    """
    return f"{period_end:%Y%m%d}-{sha256[:8]}"


@dataclass(frozen=True)
class Confirmation:
    """A person's word that a return which did not look like the one before it is right:
    who said so, when, why, and what they were shown (``safeguard.snapshots.plausibility``)."""

    reason: str
    confirmed_by: str
    confirmed_at: datetime
    """In UTC, to the second."""
    findings: tuple[str, ...]
    """The plausibility findings confirmed, as the person read them."""
    compared_with: str | None = None
    """The id of the snapshot the return was compared with, if there was one."""

    def to_json(self) -> dict[str, Any]:
        return {
            "reason": self.reason,
            "confirmed_by": self.confirmed_by,
            "confirmed_at": self.confirmed_at.astimezone(UTC).isoformat(timespec="seconds"),
            "findings": list(self.findings),
            "compared_with": self.compared_with,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Confirmation:
        return cls(
            reason=str(data["reason"]),
            confirmed_by=str(data["confirmed_by"]),
            confirmed_at=datetime.fromisoformat(data["confirmed_at"]).astimezone(UTC),
            findings=tuple(str(item) for item in data["findings"]),
            compared_with=data.get("compared_with"),
        )


@dataclass(frozen=True)
class Snapshot:
    """One accepted import, as it was when it was loaded. Never changed afterwards."""

    id: str
    period_start: date
    period_end: date
    loaded_at: datetime
    """When it was loaded, in UTC (to the second)."""
    loaded_by: str
    source_name: str
    """The imported file's name (not its path: paths say nothing about the data)."""
    sha256: str
    row_counts: dict[str, int]
    """Rows per Annex A list, keyed by the list's key in ``safeguard.annex_a.spec``."""
    queries: int
    """How many findings of the import were queries (an accepted import has no errors)."""
    confirmation: Confirmation | None = None
    """Present when the import had to be confirmed because it did not look like the one before."""

    @property
    def total_rows(self) -> int:
        return sum(self.row_counts.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "id": self.id,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "loaded_at": self.loaded_at.astimezone(UTC).isoformat(timespec="seconds"),
            "loaded_by": self.loaded_by,
            "source_name": self.source_name,
            "sha256": self.sha256,
            "row_counts": dict(self.row_counts),
            "queries": self.queries,
            "confirmation": self.confirmation.to_json() if self.confirmation else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Snapshot:
        """Read ``snapshot.json``; a ``ValueError`` or ``KeyError`` means it is damaged."""
        if data.get("format") not in READABLE_FORMATS:
            raise ValueError(f"unknown snapshot format {data.get('format')!r}")
        confirmation = data.get("confirmation")
        return cls(
            id=data["id"],
            period_start=date.fromisoformat(data["period_start"]),
            period_end=date.fromisoformat(data["period_end"]),
            loaded_at=datetime.fromisoformat(data["loaded_at"]).astimezone(UTC),
            loaded_by=data["loaded_by"],
            source_name=data["source_name"],
            sha256=data["sha256"],
            row_counts={key: int(count) for key, count in data["row_counts"].items()},
            queries=int(data["queries"]),
            confirmation=Confirmation.from_json(confirmation) if confirmation else None,
        )

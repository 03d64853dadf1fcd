"""The only door to figures for people who may not see children's records.

Pages that serve leaders (the Lead Member, the quartet, scrutiny, partners) import this module,
never ``safeguard.snapshots``; an import-linter contract (``.importlinter``) fails the build if
one tries. Everything that leaves here is a count or a date, and for viewers whose roles give no
child-level access, counts from 1 to 5 are replaced by the statistics symbol ``[c]``
(confidential), DfE's rule for small numbers. Whole tables of figures, which also need
secondary suppression so that a hidden cell cannot be worked out from a total, come with the
dashboard; no total is offered here alongside suppressed cells.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from safeguard.annex_a.spec import LISTS
from safeguard.errors import SafeguardError
from safeguard.snapshots import Store

CONFIDENTIAL = "[c]"
SMALLEST_SHOWN = 6
"""Counts from 1 up to this, less one, are suppressed for aggregate-only viewers."""


def disclosed(count: int, exact: bool) -> str:
    """A count as an aggregate-only viewer may see it (``exact`` viewers see every number)."""
    if not exact and 0 < count < SMALLEST_SHOWN:
        return CONFIDENTIAL
    return f"{count:,}"


@dataclass(frozen=True)
class ListConfidence:
    """How much one list of one snapshot can be trusted: its rows and the queries raised."""

    number: int
    key: str
    title: str
    rows: str
    queries: str


@dataclass(frozen=True)
class SnapshotSummary:
    id: str
    period_start: date
    period_end: date
    loaded_at: datetime
    lists: tuple[ListConfidence, ...]
    queries: str


def _queries_per_list(store: Store, snapshot_id: str) -> Counter[str]:
    """How many queries the import raised for each list (findings without a list count for none)."""
    try:
        document = json.loads(store.findings_path(snapshot_id).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SafeguardError(f"The findings of snapshot {snapshot_id} cannot be read: {error}.") from error
    return Counter(finding.get("list_key") for finding in document.get("findings", []) if finding.get("list_key"))


def _summary(store: Store, snapshot_id: str, exact: bool) -> SnapshotSummary:
    snapshot = store.get(snapshot_id)
    queries = _queries_per_list(store, snapshot.id)
    lists = tuple(
        ListConfidence(
            number=annex_list.number,
            key=annex_list.key,
            title=annex_list.title,
            rows=disclosed(snapshot.row_counts.get(annex_list.key, 0), exact),
            queries=disclosed(queries.get(annex_list.key, 0), exact),
        )
        for annex_list in LISTS
    )
    return SnapshotSummary(
        id=snapshot.id,
        period_start=snapshot.period_start,
        period_end=snapshot.period_end,
        loaded_at=snapshot.loaded_at,
        lists=lists,
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

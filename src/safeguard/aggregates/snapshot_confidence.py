"""What each snapshot's lists hold and how far they can be trusted, as a viewer may see it.

The home page shows the newest snapshot, the snapshots page every one: rows, queries raised and
the share of rows with no query, per Annex A list, each count through disclosure control.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from safeguard.aggregates.disclosure import CONFIDENTIAL, NOT_APPLICABLE, is_small
from safeguard.aggregates.published import published
from safeguard.annex_a.spec import LISTS
from safeguard.errors import SafeguardError
from safeguard.snapshots import Confirmation, Store
from safeguard.warnings.confidence import rows_with_queries


def disclosed(count: int, exact: bool) -> str:
    """A count as an aggregate-only viewer may see it (``exact`` viewers see every number)."""
    if not exact and is_small(count):
        return CONFIDENTIAL
    return f"{count:,}"


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
    source_name: str = ""
    """The imported file's own name."""
    sha256: str = ""
    loaded_by: str = ""
    confirmation: Confirmation | None = None
    """Who confirmed an import that did not look like the one before it, when and why."""


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
        source_name=snapshot.source_name,
        sha256=snapshot.sha256,
        loaded_by=snapshot.loaded_by,
        confirmation=snapshot.confirmation,
    )


def latest_snapshot(exact: bool) -> SnapshotSummary | None:
    """The newest snapshot's data confidence, or None before the first import. Kept with the
    state of the store's figures (a snapshot and its findings never change once accepted, and a
    new or removed one is a new state), so the home page does not open the store each time."""
    state = published()
    return state.kept(("latest snapshot", exact), lambda: _latest_snapshot(exact))


def _latest_snapshot(exact: bool) -> SnapshotSummary | None:
    with Store() as store:
        snapshots = store.list()
        return _summary(store, snapshots[-1].id, exact) if snapshots else None


def all_snapshots(exact: bool) -> list[SnapshotSummary]:
    """Every snapshot's data confidence, newest first."""
    with Store() as store:
        return [_summary(store, snapshot.id, exact) for snapshot in reversed(store.list())]

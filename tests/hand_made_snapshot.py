"""A store holding a snapshot made from rows written out by hand, committed the way an import
commits one (``Store.commit``), for tests that read a snapshot through the store: each test states
its children and its answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from indicator_returns import list_table
from safeguard.annex_a.spec import LISTS
from safeguard.snapshots import Store
from snapshot_support import CheckedReturn


def commit_snapshot(
    home: Path,
    lists: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    period_start: date,
    period_end: date,
    digest: str = "ab",
) -> str:
    """Commit these rows (every other list empty) as a snapshot of the store in ``home``; its id."""
    tables = {annex_list.key: list_table(annex_list.key, lists.get(annex_list.key, ())) for annex_list in LISTS}
    checked = CheckedReturn(tables, period_start, period_end, f"hand_made_{period_end:%Y%m%d}.xlsx", (digest * 32)[:64])
    with Store(home) as store:
        outcome = store.commit(checked, loaded_by="test")
    return outcome.snapshot.id

"""How far the rows behind an indicator can be trusted, stated beside every warning.

The framework asks leaders to weigh a figure by the quality of the data under it (DOMAIN §2.B,
"data confidence"). Until the full completeness and validity measures exist, each warning
states the simplest honest figure available: in the latest snapshot, the share of rows in the
lists the indicator is computed from on which the import raised no query. An accepted import
has no errors, so queries are what is left to doubt.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Protocol

from safeguard.errors import SafeguardError
from safeguard.warnings.records import NOT_MEASURED


class ListedIndicator(Protocol):
    """What confidence needs of an indicator: its id and the Annex A lists it reads."""

    @property
    def id(self) -> str: ...
    @property
    def lists(self) -> Sequence[str]: ...


def rows_with_queries(findings: Iterable[dict[str, object]]) -> dict[str, set[object]]:
    """Per list, the rows (as Excel numbers them) that carry at least one query."""
    rows: dict[str, set[object]] = {}
    for finding in findings:
        list_key, row = finding.get("list_key"), finding.get("row")
        if list_key and row is not None:
            rows.setdefault(str(list_key), set()).add(row)
    return rows


def confidence_statement(lists: Sequence[str], row_counts: dict[str, int], queried: dict[str, set[object]], snapshot_id: str) -> str:
    """'97.5% of 4,000 rows (referrals) without a data query in snapshot 20250331-ab12cd34'."""
    total = sum(row_counts.get(key, 0) for key in lists)
    if total == 0:
        return NOT_MEASURED
    doubtful = sum(min(len(queried.get(key, ())), row_counts.get(key, 0)) for key in lists)
    share = 100 * (total - doubtful) / total
    return f"{share:.1f}% of {total:,} rows ({', '.join(lists)}) without a data query in snapshot {snapshot_id}"


def data_confidence(store: object, indicators: Iterable[ListedIndicator]) -> dict[str, str]:
    """Per indicator id, the confidence statement from the store's latest snapshot."""
    snapshots = store.list()  # type: ignore[attr-defined]
    if not snapshots:
        return {}
    latest = snapshots[-1]
    path = store.findings_path(latest.id)  # type: ignore[attr-defined]
    try:
        document = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"findings": []}
    except (OSError, ValueError) as error:
        raise SafeguardError(f"{path}: the findings of snapshot {latest.id} cannot be read ({error}).") from error
    queried = rows_with_queries(document.get("findings", []))
    return {
        indicator.id: confidence_statement(tuple(indicator.lists), latest.row_counts, queried, latest.id)
        for indicator in indicators
    }

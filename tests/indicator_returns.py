"""Hand-made returns for the indicator tests: snapshot folders shaped exactly like the store's.

`write_return` writes one Parquet file per Annex A list with every column of the specification
(typed as the validator types them, plus ``source_row``) and a ``snapshot.json``, from a few
rows written out by hand, so each test states its own data and its own answer.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from safeguard.annex_a.spec import LISTS, list_by_key
from safeguard.annex_a.validation import arrow_schema
from safeguard.indicators.history import ReturnFolder
from snapshot_support import annex_a_tables


def list_table(list_key: str, rows: Sequence[Mapping[str, Any]]) -> pa.Table:
    """A list's table with every specified column, typed as the validator types them; columns a
    row leaves out are blank."""
    schema = arrow_schema(list_by_key(list_key))
    for row in rows:
        unknown = set(row) - set(schema.names)
        if unknown:
            raise KeyError(f"list {list_key} has no column {sorted(unknown)}")
    numbered = [{"source_row": index + 2, **row} for index, row in enumerate(rows)]
    return pa.Table.from_pylist(numbered, schema=schema)


def write_return(
    root: Path,
    snapshot_id: str,
    period_start: date,
    period_end: date,
    lists: Mapping[str, Sequence[Mapping[str, Any]]],
    loaded_at: datetime | None = None,
) -> ReturnFolder:
    """A snapshot folder under ``root`` holding these rows (every other list empty)."""
    folder = root / snapshot_id
    folder.mkdir(parents=True)
    loaded = loaded_at or datetime(period_end.year, period_end.month, period_end.day, 12, tzinfo=UTC)
    for annex_list in LISTS:
        pq.write_table(list_table(annex_list.key, lists.get(annex_list.key, ())), folder / f"{annex_list.key}.parquet")
    metadata = {
        "format": 1,
        "id": snapshot_id,
        "period_start": period_start.isoformat(),
        "period_end": period_end.isoformat(),
        "loaded_at": loaded.isoformat(),
        "loaded_by": "test",
        "source_name": f"{snapshot_id}.xlsx",
        "sha256": "0" * 64,
        "row_counts": {annex_list.key: len(lists.get(annex_list.key, ())) for annex_list in LISTS},
        "queries": 0,
    }
    (folder / "snapshot.json").write_text(json.dumps(metadata), encoding="utf-8")
    return ReturnFolder.from_folder(folder)


def referral(child: str, day: date, team: str = "North", nfa: bool = False, **extra: Any) -> dict[str, Any]:
    return {
        "child_id": child,
        "referral_date": day,
        "referral_source": "2A",
        "referral_nfa": "true" if nfa else "false",
        "referrals_last_12_months": 1,
        "team": team,
        "worker": "Amira Khan",
        **extra,
    }


def assessment(child: str, start: date, authorised: date | None, team: str = "North") -> dict[str, Any]:
    return {
        "child_id": child,
        "assessment_start_date": start,
        "assessment_authorised_date": authorised,
        "team": team,
        "worker": "Amira Khan",
    }


def s47(child: str, start: date, icpc: date | None = None, team: str = "North") -> dict[str, Any]:
    return {
        "child_id": child,
        "s47_start_date": start,
        "icpc_date": icpc,
        "s47_last_12_months": 1,
        "icpc_last_12_months": 1 if icpc else 0,
        "team": team,
        "worker": "Amira Khan",
    }


def plan(child: str, start: date, end: date | None = None, team: str = "North", **extra: Any) -> dict[str, Any]:
    return {
        "child_id": child,
        "cpp_start_date": start,
        "cpp_end_date": end,
        "initial_category": "NEG",
        "latest_category": "NEG",
        "emergency_protection": "false",
        "previous_plans": 0,
        "team": team,
        "worker": "Amira Khan",
        **extra,
    }


def episode_of_need(child: str, start: date | None, closed: date | None = None, team: str = "North", **extra: Any) -> dict[str, Any]:
    return {
        "child_id": child,
        "cin_start_date": start,
        "cin_closure_date": closed,
        "primary_need": "N1",
        "case_status": "closed" if closed else "child_in_need_plan",
        "team": team,
        "worker": "Amira Khan",
        **extra,
    }


def care(child: str, start: date, end: date | None = None, team: str = "Children in Care", **extra: Any) -> dict[str, Any]:
    return {
        "child_id": child,
        "care_start_date": start,
        "care_end_date": end,
        "legal_status_start_date": start,
        "legal_status": "C2",
        "placement_start_date": start,
        "placement_type": "U6",
        "placements_last_12_months": 1,
        "missing_episodes": 0,
        "absent_episodes": 0,
        "team": team,
        "worker": "Ewa Nowak",
        **extra,
    }


def random_returns(root: Path) -> list[ReturnFolder]:
    """Two yearly returns of random rows in every list, among 40 children so that histories
    repeat, with every seventh case unallocated: not realistic, but every definition counts
    something."""
    returns = []
    for seed, (identifier, start, end) in enumerate(
        [("20240331-aaaaaaaa", date(2021, 4, 1), date(2024, 3, 31)), ("20250331-bbbbbbbb", date(2022, 4, 1), date(2025, 3, 31))]
    ):
        rows = {}
        for key, table in annex_a_tables(120, seed=seed + 3).items():
            if "child_id" in table.column_names:
                children = pa.array([f"C{index % 40}" for index in range(table.num_rows)])
                table = table.set_column(table.column_names.index("child_id"), "child_id", children)
            if "worker" in table.column_names:
                workers = [("Unallocated" if index % 7 == 0 else worker) for index, worker in enumerate(table.column("worker").to_pylist())]
                table = table.set_column(table.column_names.index("worker"), "worker", pa.array(workers, pa.string()))
            rows[key] = table.to_pylist()
        returns.append(write_return(root, identifier, start, end, rows))
    return returns

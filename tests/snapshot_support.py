"""Shared pieces of the snapshot store's and the data commands' tests.

`annex_a_tables` builds tables shaped like the validator's output (one per Annex A list, the
specification's column keys plus ``source_row``) from the specification itself, so the store is
exercised on every list and every kind of column. `store_fingerprint` is the definition of the
store's content used to prove that a refused, failed or killed import changed nothing.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa

from safeguard.annex_a.spec import LISTS, Column, Kind
from safeguard.annex_a.validation import arrow_schema

TEAMS = ("Assessment North", "Assessment South", "Child Protection East", "Children in Care", "Leaving Care")
WORKERS = ("Amira Khan", "Ben O'Neill", "Chloë Adeyemi", "Dafydd Price", "Ewa Nowak")


def _cell(column: Column, row: int, chooser: random.Random) -> Any:
    if not column.required and chooser.random() < 0.2:
        return None
    if column.kind is Kind.ID:
        return f"C{100000 + row}"
    if column.kind is Kind.DATE:
        return date(2020, 4, 1) + timedelta(days=chooser.randrange(5 * 365))
    if column.kind is Kind.INTEGER:
        return chooser.randrange(6)
    if column.kind is Kind.CODE:
        return chooser.choice(column.code_list.values())
    return chooser.choice(WORKERS if column.key in {"worker", "personal_advisor"} else TEAMS)


def annex_a_tables(rows: int, seed: int = 1) -> dict[str, pa.Table]:
    """One table per list with ``rows`` rows each (the list's number added, so counts differ)."""
    chooser = random.Random(seed)
    tables = {}
    for annex_list in LISTS:
        count = rows + annex_list.number
        columns = {column.key: [_cell(column, row, chooser) for row in range(count)] for column in annex_list.columns}
        columns["source_row"] = list(range(2, count + 2))
        tables[annex_list.key] = pa.table(columns, schema=arrow_schema(annex_list))
    return tables


@dataclass
class CheckedReturn:
    """Stands in for the validator's result where a test needs exact control of its content."""

    tables: dict[str, pa.Table]
    period_start: date = date(2024, 4, 1)
    period_end: date = date(2025, 3, 31)
    source_name: str = "annex_a_2025.xlsx"
    sha256: str = "ab12cd34" + "0" * 56
    queries: list[Any] = field(default_factory=list)
    errors: list[Any] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    @property
    def findings(self) -> list[Any]:
        return self.errors + self.queries


def store_fingerprint(home: Path) -> str:
    """A digest of the store's content: every path and byte under ``snapshots/`` and every
    catalogue row. Equal fingerprints mean nothing in the store changed."""
    digest = hashlib.sha256()
    for path in sorted((home / "snapshots").rglob("*")):
        digest.update(str(path.relative_to(home)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    connection = sqlite3.connect(home / "safeguard.sqlite3")
    try:
        rows = connection.execute("SELECT * FROM snapshot ORDER BY id").fetchall()
    finally:
        connection.close()
    digest.update(repr(rows).encode())
    return digest.hexdigest()


def staging_entries(home: Path) -> list[str]:
    """What is in the store's ``tmp/`` folder."""
    return sorted(entry.name for entry in (home / "tmp").iterdir())

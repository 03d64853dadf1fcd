"""Plausibility checks: a return compared with the nearest snapshot of the same span, each
difference worked out by hand from small tables built for the test."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest

from safeguard.annex_a.findings import Finding, Severity
from safeguard.snapshots import ImportChecks, ImportStatus, Store
from safeguard.snapshots.plausibility import CheckKind, nearest_of_same_span
from snapshot_support import CheckedReturn, annex_a_tables


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "store") as opened:
        yield opened


def keep(store: Store, tables: dict[str, pa.Table], **fields) -> str:
    """Commit a hand-built return as a snapshot (no checks: it is the one compared with)."""
    return store.commit(CheckedReturn(tables=tables, **fields), loaded_by="test").snapshot.id


def incoming(tables: dict[str, pa.Table], **fields) -> CheckedReturn:
    values = {"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31), "sha256": "f" * 64} | fields
    return CheckedReturn(tables=tables, **values)


def with_column(table: pa.Table, key: str, values: list[object]) -> pa.Table:
    """The table cut or padded to ``len(values)`` rows (repeating its rows), with ``key`` set to ``values``."""
    rows = table.take([position % table.num_rows for position in range(len(values))])
    return rows.set_column(rows.schema.get_field_index(key), rows.schema.field(key), pa.array(values, rows.schema.field(key).type))


def found(store: Store, checked: CheckedReturn, checks: ImportChecks | None = None) -> list[tuple[CheckKind, str]]:
    report = store.check_plausibility(checked, checks or ImportChecks())
    return [(item.kind, item.message) for item in report.findings]


def test_a_list_with_three_quarters_fewer_rows_is_queried(store: Store) -> None:
    tables = annex_a_tables(40, seed=1)  # 41 contacts
    previous = keep(store, tables)
    fewer = dict(tables, contacts=tables["contacts"].slice(0, 10))
    # (10 - 41) / 41 = -75.6%
    assert found(store, incoming(fewer)) == [
        (CheckKind.ROWS_FELL, f"List 1 (Contacts) has 10 rows, 76% fewer than the 41 in snapshot {previous}.")
    ]


def test_a_list_with_twice_the_rows_is_queried_unless_its_own_limit_allows_it(store: Store) -> None:
    tables = annex_a_tables(40, seed=1)
    previous = keep(store, tables)
    doubled = dict(tables, contacts=pa.concat_tables([tables["contacts"], tables["contacts"]]))
    assert found(store, incoming(doubled)) == [
        (CheckKind.ROWS_ROSE, f"List 1 (Contacts) has 82 rows, 100% more than the 41 in snapshot {previous}.")
    ]
    assert found(store, incoming(doubled), ImportChecks(row_change_share_by_list={"contacts": 1.5})) == []


def test_small_lists_change_freely_but_a_list_that_empties_is_queried(store: Store) -> None:
    tables = annex_a_tables(2, seed=1)  # 3 contacts ... 13 adopters: all under the 20 rows that count
    previous = keep(store, tables)
    changed = dict(tables, contacts=tables["contacts"].slice(0, 1), adopters=tables["adopters"].slice(0, 0))
    assert found(store, incoming(changed)) == [
        (CheckKind.LIST_EMPTIED, f"List 11 (Adopters) has no rows; snapshot {previous} had 13.")
    ]
    assert found(store, incoming(changed), ImportChecks(emptied_list_rows=14)) == []


def test_a_coded_column_whose_mix_turns_over_is_queried(store: Store) -> None:
    tables = annex_a_tables(40, seed=1)  # 43 referrals
    before = with_column(tables["referrals"], "referral_nfa", ["true"] * 12 + ["false"] * 31)
    previous = keep(store, dict(tables, referrals=before))
    after = with_column(tables["referrals"], "referral_nfa", ["true"] * 31 + ["false"] * 12)
    # 'true': 12/43 = 27.9% before, 31/43 = 72.1% after: 44 points; pooled 50%, standard error
    # sqrt(0.25 x 2/43) = 10.8 points, so the move is 4.1 standard errors (over 3).
    assert found(store, incoming(dict(tables, referrals=after))) == [
        (CheckKind.MIX_CHANGED, f"List 3 (Referrals), Referral NFA?: 'true' is 72% of rows, against 28% in snapshot {previous}.")
    ]


def test_a_mix_that_moves_no_more_than_chance_would_is_not_queried(store: Store) -> None:
    tables = annex_a_tables(20, seed=1)  # 23 referrals
    keep(store, dict(tables, referrals=with_column(tables["referrals"], "referral_nfa", ["true"] * 9 + ["false"] * 14)))
    after = with_column(tables["referrals"], "referral_nfa", ["true"] * 15 + ["false"] * 8)
    # 39% to 65%: 26 points, but sqrt(0.52 x 0.48 x 2/23) = 14.7 points, so 1.8 standard errors.
    assert found(store, incoming(dict(tables, referrals=after))) == []


def test_an_optional_column_left_blank_is_queried(store: Store) -> None:
    tables = annex_a_tables(40, seed=1)
    filled = with_column(tables["referrals"], "date_of_birth", [date(2015, 1, 1)] * 43)
    previous = keep(store, dict(tables, referrals=filled))
    blank = with_column(tables["referrals"], "date_of_birth", [None] * 43)
    assert found(store, incoming(dict(tables, referrals=blank))) == [
        (CheckKind.MIX_CHANGED, f"List 3 (Referrals), Date of Birth: blank is 100% of rows, against 0% in snapshot {previous}.")
    ]


def test_the_file_s_period_disagreeing_with_its_dates_is_to_be_confirmed(store: Store) -> None:
    mismatch = Finding("period_mismatch", Severity.QUERY, "The file's name says January 2024 ...", "Annex_A_2024_Jan.xlsx")
    report = store.check_plausibility(incoming(annex_a_tables(2), queries=[mismatch]), ImportChecks())
    assert report.compared_with is None
    assert [(item.kind, item.message) for item in report.findings] == [(CheckKind.PERIOD_MISMATCH, mismatch.message)]


def test_a_year_is_compared_with_the_latest_year_before_it_never_with_a_long_extract(store: Store) -> None:
    tables = annex_a_tables(2)
    long = keep(store, tables, period_start=date(2020, 4, 1), period_end=date(2025, 3, 31), sha256="1" * 64)
    first = keep(store, tables, period_start=date(2023, 4, 1), period_end=date(2024, 3, 31), sha256="2" * 64)
    second = keep(store, tables, period_start=date(2024, 4, 1), period_end=date(2025, 3, 31), sha256="3" * 64)
    snapshots = store.list()
    assert nearest_of_same_span(date(2024, 5, 1), date(2025, 4, 30), snapshots).id == second
    assert nearest_of_same_span(date(2023, 5, 1), date(2024, 4, 30), snapshots).id == first
    assert nearest_of_same_span(date(2022, 4, 1), date(2023, 3, 31), snapshots).id == first, "else the first after"
    assert nearest_of_same_span(date(2021, 1, 1), date(2025, 6, 30), snapshots).id == long


def test_the_store_keeps_nothing_until_a_reason_is_given_and_then_records_it(store: Store) -> None:
    tables = annex_a_tables(40, seed=1)
    previous = keep(store, tables)
    fewer = incoming(dict(tables, contacts=tables["contacts"].slice(0, 10)))
    waiting = store.commit(fewer, loaded_by="Priya Shah", checks=ImportChecks())
    assert (waiting.status, waiting.snapshot) == (ImportStatus.NEEDS_CONFIRMATION, None)
    assert [snapshot.id for snapshot in store.list()] == [previous]
    assert store.commit(fewer, checks=ImportChecks(), confirmation="  \n ").status is ImportStatus.NEEDS_CONFIRMATION
    kept = store.commit(fewer, loaded_by="Priya Shah", checks=ImportChecks(), confirmation=" A new case\nsystem ").snapshot
    assert kept.confirmation is not None
    assert (kept.confirmation.reason, kept.confirmation.confirmed_by, kept.confirmation.confirmed_at) == (
        "A new case system", "Priya Shah", kept.loaded_at
    )
    assert kept.confirmation.compared_with == previous
    assert store.get(kept.id) == kept, "the catalogue's row says the same as snapshot.json"


def test_a_store_made_before_confirmations_opens_and_reads_its_snapshots(tmp_path: Path) -> None:
    import json
    import sqlite3

    home = tmp_path / "old"
    with Store(home) as store:
        snapshot = keep(store, annex_a_tables(2))
    connection = sqlite3.connect(home / "safeguard.sqlite3")
    connection.execute("ALTER TABLE snapshot DROP COLUMN confirmation")
    connection.commit()
    connection.close()
    folder = home / "snapshots" / snapshot
    folder.chmod(0o755)
    metadata = json.loads((folder / "snapshot.json").read_text())
    metadata["format"] = 1
    del metadata["confirmation"]
    (folder / "snapshot.json").chmod(0o644)
    (folder / "snapshot.json").write_text(json.dumps(metadata))
    with Store(home) as store:
        [read] = store.list()
    assert read.id == snapshot and read.confirmation is None

"""The snapshot store: round trip, immutability, repeats, removal, and all-or-nothing changes."""

from __future__ import annotations

import errno
import json
import multiprocessing
import multiprocessing.synchronize
import os
import stat
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safeguard.annex_a.findings import Finding, Severity
from safeguard.annex_a.spec import LISTS, Kind
from safeguard.annex_a.validation import arrow_schema
from safeguard.errors import SafeguardError
from safeguard.snapshots import ImportStatus, Snapshot, Store, snapshot_id
from safeguard.snapshots.catalogue import Catalogue
from snapshot_support import CheckedReturn, annex_a_tables, staging_entries, store_fingerprint

QUERIES = (
    Finding(
        rule="age_mismatch",
        severity=Severity.QUERY,
        message="Age 9 does not match the date of birth (11 at the period end).",
        file="annex_a_2025.xlsx",
        sheet="List 3",
        row=14,
        column="E",
        header="Age of Child (Years)",
        value="9",
        list_key="referrals",
    ),
    Finding(
        rule="late_authorisation",
        severity=Severity.QUERY,
        message="Assessment authorised 212 working days after it started.",
        file="annex_a_2025.xlsx",
        sheet="List 4",
        row=7,
        column="J",
        header="Continuous Assessment Date of Authorisation",
        value="2024-11-30",
        list_key="assessments",
    ),
)


@pytest.fixture
def store(home: Path) -> Store:
    with Store() as opened:
        yield opened


def checked(seed: int = 1, rows: int = 5, **overrides: object) -> CheckedReturn:
    return CheckedReturn(tables=annex_a_tables(rows, seed), **overrides)


def test_snapshot_id_is_period_end_then_hash_prefix() -> None:
    assert snapshot_id(date(2025, 3, 31), "a1b2c3d4e5f6" + "0" * 52) == "20250331-a1b2c3d4"


def test_tables_come_back_identical(store: Store, home: Path) -> None:
    incoming = checked(seed=7, rows=40)
    outcome = store.commit(incoming, loaded_by="A. Analyst")

    assert outcome.status is ImportStatus.CREATED
    snapshot = outcome.snapshot
    assert snapshot.id == "20250331-ab12cd34"
    for annex_list in LISTS:
        assert store.table(snapshot.id, annex_list.key).equals(incoming.tables[annex_list.key])
        assert (
            store.parquet_path(snapshot.id, annex_list.key)
            == home / "snapshots" / snapshot.id / f"{annex_list.key}.parquet"
        )
        assert (
            pq.ParquetFile(store.parquet_path(snapshot.id, annex_list.key)).metadata.row_group(0).column(0).compression
            == "ZSTD"
        )


def test_metadata_records_period_loader_file_counts_and_queries(store: Store, home: Path) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    snapshot = store.commit(checked(rows=3, queries=list(QUERIES)), loaded_by="A. Analyst").snapshot
    after = datetime.now(UTC)

    assert (snapshot.period_start, snapshot.period_end) == (date(2024, 4, 1), date(2025, 3, 31))
    assert before <= snapshot.loaded_at <= after
    assert snapshot.loaded_at.tzinfo == UTC
    assert snapshot.loaded_by == "A. Analyst"
    assert snapshot.source_name == "annex_a_2025.xlsx"
    assert snapshot.sha256 == "ab12cd34" + "0" * 56
    # Each list has 3 rows plus its number (1 to 11): 33 + 66.
    assert snapshot.row_counts == {annex_list.key: 3 + annex_list.number for annex_list in LISTS}
    assert snapshot.total_rows == 99
    assert snapshot.queries == 2
    written = json.loads((home / "snapshots" / snapshot.id / "snapshot.json").read_text())
    assert Snapshot.from_json(written) == snapshot
    kept = json.loads((home / "snapshots" / snapshot.id / "findings.json").read_text())
    assert kept["findings"] == [query.to_json() for query in QUERIES]


def test_loaded_by_defaults_to_the_operating_system_user(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOGNAME", "jo.bloggs")
    assert store.commit(checked()).snapshot.loaded_by == "jo.bloggs"


def test_the_catalogue_agrees_with_snapshot_json(store: Store, home: Path) -> None:
    snapshot = store.commit(checked()).snapshot
    store.close()
    assert Catalogue(home).get(snapshot.id) == snapshot
    assert Store(home).get(snapshot.id) == snapshot


def test_snapshot_files_and_folder_are_read_only(store: Store, home: Path) -> None:
    """Read-only once committed, and readable by the store's owner alone: the files are
    children's records (issue 12, point 8)."""
    snapshot = store.commit(checked()).snapshot
    folder = home / "snapshots" / snapshot.id
    names = sorted(entry.name for entry in folder.iterdir())
    assert names == sorted([f"{annex_list.key}.parquet" for annex_list in LISTS] + ["findings.json", "snapshot.json"])
    for entry in folder.iterdir():
        assert stat.S_IMODE(entry.stat().st_mode) == 0o400, entry.name
    assert stat.S_IMODE(folder.stat().st_mode) == 0o500


def test_the_same_file_twice_is_recognised_and_changes_nothing(store: Store, home: Path) -> None:
    first = store.commit(checked(seed=1)).snapshot
    fingerprint = store_fingerprint(home)

    again = store.commit(checked(seed=2, source_name="renamed copy.xlsx"))

    assert again.status is ImportStatus.ALREADY_IMPORTED
    assert again.snapshot == first
    assert store_fingerprint(home) == fingerprint
    assert staging_entries(home) == []


def test_two_files_for_the_same_period_are_two_snapshots(store: Store) -> None:
    store.commit(checked(sha256="11111111" + "0" * 56))
    store.commit(checked(sha256="22222222" + "0" * 56))
    assert [snapshot.id for snapshot in store.list()] == ["20250331-11111111", "20250331-22222222"]


def test_list_is_in_period_order_and_latest_is_the_last_period(store: Store) -> None:
    store.commit(checked(period_end=date(2025, 3, 31), sha256="c" * 64))
    store.commit(checked(period_end=date(2023, 3, 31), sha256="a" * 64))
    store.commit(checked(period_end=date(2024, 3, 31), sha256="b" * 64))

    assert [snapshot.id for snapshot in store.list()] == ["20230331-aaaaaaaa", "20240331-bbbbbbbb", "20250331-cccccccc"]
    assert store.get("latest").id == "20250331-cccccccc"


def test_latest_between_two_snapshots_of_one_period_is_the_one_loaded_last(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.commit(checked(sha256="f" * 64))
    later = datetime.now(UTC) + timedelta(hours=1)

    class OneHourLater(datetime):
        @classmethod
        def now(cls, tz: timezone | None = None) -> datetime:
            return later

    monkeypatch.setattr("safeguard.snapshots.store.datetime", OneHourLater)
    store.commit(checked(sha256="0" * 64))
    assert store.get("latest").id == "20250331-00000000"


def test_unknown_snapshots_and_lists_are_clear_errors(store: Store) -> None:
    with pytest.raises(SafeguardError, match="no snapshots yet"):
        store.get("latest")
    with pytest.raises(SafeguardError, match="There is no snapshot '20990101-deadbeef'"):
        store.get("20990101-deadbeef")
    snapshot = store.commit(checked()).snapshot
    with pytest.raises(SafeguardError, match="no list called 'referals'"):
        store.table(snapshot.id, "referals")


def test_remove_deletes_the_folder_and_the_row(store: Store, home: Path) -> None:
    kept = store.commit(checked(sha256="a" * 64)).snapshot
    removed = store.commit(checked(sha256="b" * 64)).snapshot

    assert store.remove(removed.id) == removed

    assert [snapshot.id for snapshot in store.list()] == [kept.id]
    assert not (home / "snapshots" / removed.id).exists()
    assert staging_entries(home) == []
    with pytest.raises(SafeguardError):
        store.get(removed.id)
    assert store.commit(checked(sha256="b" * 64)).status is ImportStatus.CREATED


def test_remove_needs_an_exact_id(store: Store) -> None:
    store.commit(checked())
    with pytest.raises(SafeguardError, match="by its id here, not 'latest'"):
        store.remove("latest")
    with pytest.raises(SafeguardError, match="There is no snapshot"):
        store.remove("20250331-00000000")
    assert len(store.list()) == 1


def test_a_return_with_errors_changes_nothing(store: Store, home: Path) -> None:
    store.commit(checked(sha256="a" * 64))
    fingerprint = store_fingerprint(home)

    blank_date = Finding(
        rule="required", severity=Severity.ERROR, message="Date of referral is blank.", file="annex_a_2025.xlsx"
    )
    outcome = store.commit(checked(sha256="b" * 64, errors=[blank_date]))

    assert outcome.status is ImportStatus.REFUSED
    assert outcome.snapshot is None
    assert store_fingerprint(home) == fingerprint
    assert staging_entries(home) == []


def test_a_full_disk_part_way_through_changes_nothing(
    store: Store, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.commit(checked(sha256="a" * 64))
    fingerprint = store_fingerprint(home)
    real_write_table = pq.write_table
    written = []

    def fill_the_disk_on_the_fifth_list(table: pa.Table, where: object, **options: object) -> None:
        if len(written) == 4:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_write_table(table, where, **options)
        written.append(table)

    monkeypatch.setattr(pq, "write_table", fill_the_disk_on_the_fifth_list)

    with pytest.raises(SafeguardError, match="The disk is full: annex_a_2025.xlsx could not be saved"):
        store.commit(checked(sha256="b" * 64))

    assert len(written) == 4
    assert store_fingerprint(home) == fingerprint
    assert staging_entries(home) == []


def test_a_crash_between_rename_and_catalogue_row_is_repaired_on_next_open(
    store: Store, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(self: Catalogue, snapshot: Snapshot) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr(Catalogue, "add", crash)
    with pytest.raises(RuntimeError, match="power cut"):
        store.commit(checked())
    store.close()
    monkeypatch.undo()

    assert (home / "snapshots" / "20250331-ab12cd34" / "snapshot.json").is_file()
    assert Catalogue(home).ids() == set()

    reopened = Store(home)
    assert [snapshot.id for snapshot in reopened.list()] == ["20250331-ab12cd34"]
    assert reopened.commit(checked()).status is ImportStatus.ALREADY_IMPORTED


def test_a_crash_after_renaming_a_removed_snapshot_away_is_repaired_on_next_open(
    store: Store, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot = store.commit(checked()).snapshot

    def crash(self: Catalogue, snapshot_id: str) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr(Catalogue, "remove", crash)
    with pytest.raises(RuntimeError, match="power cut"):
        store.remove(snapshot.id)
    store.close()
    monkeypatch.undo()

    assert not (home / "snapshots" / snapshot.id).exists()
    assert Catalogue(home).ids() == {snapshot.id}
    assert Store(home).list() == []


def test_leftover_staging_folders_are_removed_on_next_open(store: Store, home: Path) -> None:
    store.commit(checked())
    fingerprint = store_fingerprint(home)
    abandoned_with_lock = home / "tmp" / "import-0123456789ab"
    (abandoned_with_lock / "20250331-ab12cd34").mkdir(parents=True)
    (abandoned_with_lock / "20250331-ab12cd34" / "contacts.parquet").write_bytes(b"PAR1 half written")
    (home / "tmp" / "import-0123456789ab.lock").touch()
    abandoned_without_lock = home / "tmp" / "remove-ba9876543210"
    abandoned_without_lock.mkdir()
    (abandoned_without_lock / "findings.json").write_text("[]")
    os.chmod(abandoned_without_lock, 0o555)
    store.close()

    Store(home).close()

    assert staging_entries(home) == []
    assert store_fingerprint(home) == fingerprint


def test_opening_the_store_leaves_another_process_s_staging_folder_alone(store: Store, home: Path) -> None:
    with store.staging.folder("import") as in_progress:
        (in_progress / "contacts.parquet").write_bytes(b"being written")
        Store(home).close()
        assert (in_progress / "contacts.parquet").read_bytes() == b"being written"
    assert staging_entries(home) == []


def test_an_unusable_store_folder_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a file").write_text("not a folder")
    monkeypatch.setenv("SAFEGUARD_HOME", str(tmp_path / "a file" / "store"))
    with pytest.raises(SafeguardError, match="Cannot use the store folder .*a file/store.*Set SAFEGUARD_HOME"):
        Store()


def test_a_damaged_snapshot_folder_is_named(store: Store, home: Path) -> None:
    (home / "snapshots" / "20250331-00000000").mkdir()
    store.close()
    with pytest.raises(SafeguardError, match="20250331-00000000 is damaged"):
        Store(home)


def _column_values(kind: Kind, code_values: tuple[str, ...]) -> st.SearchStrategy:
    if kind is Kind.DATE:
        return st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31))
    if kind is Kind.INTEGER:
        return st.integers(min_value=-(2**63), max_value=2**63 - 1)
    if kind is Kind.CODE:
        return st.sampled_from(code_values)
    return st.text(min_size=0, max_size=30)


@st.composite
def list_tables(draw: st.DrawFn) -> dict[str, pa.Table]:
    tables = {}
    for annex_list in LISTS:
        count = draw(st.integers(min_value=0, max_value=6))
        columns = {}
        for column in annex_list.columns:
            values = _column_values(column.kind, column.code_list.values() if column.code_list else ())
            columns[column.key] = draw(st.lists(st.none() | values, min_size=count, max_size=count))
        columns["source_row"] = list(range(2, count + 2))
        tables[annex_list.key] = pa.table(columns, schema=arrow_schema(annex_list))
    return tables


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tables=list_tables(), digest=st.text(alphabet="0123456789abcdef", min_size=64, max_size=64))
def test_any_tables_round_trip_exactly(
    tables: dict[str, pa.Table], digest: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    with Store(tmp_path_factory.mktemp("store")) as store:
        snapshot = store.commit(CheckedReturn(tables=tables, sha256=digest)).snapshot
        assert snapshot.row_counts == {key: table.num_rows for key, table in tables.items()}
        for key, table in tables.items():
            assert store.table(snapshot.id, key).equals(table)


def _commit_together(home: Path, start: multiprocessing.synchronize.Barrier, results: multiprocessing.Queue) -> None:
    with Store(home) as store:
        incoming = checked(seed=5, rows=200)
        start.wait()
        results.put(store.commit(incoming).status.value)


def test_two_processes_importing_the_same_file_at_once_make_one_snapshot(home: Path) -> None:
    Store(home).close()
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(2), context.Queue()
    workers = [context.Process(target=_commit_together, args=(home, start, results)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert [worker.exitcode for worker in workers] == [0, 0]
    assert sorted(results.get(timeout=5) for _ in workers) == ["already imported", "created"]
    assert [snapshot.id for snapshot in Store(home).list()] == ["20250331-ab12cd34"]
    assert staging_entries(home) == []

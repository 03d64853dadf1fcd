"""The whole way through: the synthetic council's truth -> workbook -> import -> snapshot tables.

What the generator knows about its council (`CouncilHistory.records`) must come back out of
the store unchanged, value for value and row for row, for every list: nothing lost, reordered
or retyped by writing the workbook, reading and checking it, or storing it as Parquet.
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
import python_calamine

from safeguard.annex_a.spec import LISTS
from safeguard.snapshots import ImportStatus, Store
from safeguard.synth import SynthConfig, generate, simulate


@pytest.mark.parametrize("seed", [3, 11])
def test_a_small_council_reads_back_exactly_as_generated(tmp_path: Path, seed: int) -> None:
    config = SynthConfig(population=1_000, years=2, end=date(2025, 3, 31), seed=seed)
    manifest = generate(config, tmp_path / "council")
    history = simulate(config)
    truth = history.records(as_at=history.end, since=history.window_start)

    with Store(tmp_path / "store") as store:
        outcome = store.import_file(manifest.whole_history_path)
        assert outcome.status is ImportStatus.CREATED, [finding.message for finding in outcome.validation.errors]
        for annex_list in LISTS:
            stored = store.table(outcome.snapshot.id, annex_list.key)
            assert stored.column("source_row").to_pylist() == list(range(2, stored.num_rows + 2))
            assert stored.drop_columns(["source_row"]).to_pylist() == truth[annex_list.key], annex_list.key
        assert sum(len(rows) for rows in truth.values()) == outcome.snapshot.total_rows > 0


def save_as_csv_folder(workbook: Path, folder: Path) -> None:
    """Each sheet as "List N.csv", dates written YYYY-MM-DD: how an analyst exports a return."""
    folder.mkdir()
    book = python_calamine.CalamineWorkbook.from_path(str(workbook))
    for name in book.sheet_names:
        with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as sink:
            writer = csv.writer(sink)
            for row in book.get_sheet_by_name(name).to_python():
                writer.writerow([value.isoformat() if isinstance(value, date | datetime) else value for value in row])


def test_a_folder_of_csv_files_is_imported_like_its_workbook_and_recognised_when_repeated(tmp_path: Path) -> None:
    manifest = generate(SynthConfig(population=1_000, years=1, end=date(2025, 3, 31), seed=2), tmp_path / "council")
    folder = tmp_path / "Annex A as CSV"
    save_as_csv_folder(manifest.whole_history_path, folder)

    with Store(tmp_path / "store") as store:
        from_folder = store.import_file(folder)
        from_workbook = store.import_file(manifest.whole_history_path)
        assert (from_folder.status, from_workbook.status) == (ImportStatus.CREATED, ImportStatus.CREATED)
        assert from_folder.snapshot.source_name == "Annex A as CSV"
        for annex_list in LISTS:
            as_csv = store.table(from_folder.snapshot.id, annex_list.key)
            as_xlsx = store.table(from_workbook.snapshot.id, annex_list.key)
            assert as_csv.equals(as_xlsx), annex_list.key

        again = store.import_file(folder)
        assert again.status is ImportStatus.ALREADY_IMPORTED
        assert again.snapshot == from_folder.snapshot
        assert len(store.list()) == 2

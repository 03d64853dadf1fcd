"""The workforce file: reading, row-level findings, all-or-nothing snapshots and the command line."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
import xlsxwriter

from safeguard.cli import run
from safeguard.snapshots import WorkforceImportStatus, WorkforceStore
from safeguard.workforce import read_workforce
from safeguard.workforce.reading import date_in_name
from workforce_support import hand_made_council

GOOD = """Worker,Team,Role,FTE,Start date,Leaving date,Employment,Newly qualified,Absence days,Last supervision date
Ann Lee,CP Team 1,social worker,1,2020-01-06,,permanent,no,3,2025-09-20
Bob Hart,CP Team 1,social worker,0.5,01/04/2025,,agency,yes,,2025-09-01
Cy Dunn,CP Team 1,social worker,1,2019-05-01,2025-09-30,permanent,no,,
,CP Team 1,social worker,1,,,vacant,,,
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def store_bytes(home: Path) -> str:
    """Every path and byte under the workforce folder, hashed: what "changed nothing" means."""
    digest = hashlib.sha256()
    folder = home / "workforce"
    for path in sorted(folder.rglob("*")) if folder.exists() else []:
        digest.update(str(path.relative_to(home)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def test_a_clean_file_reads_to_typed_rows(tmp_path: Path) -> None:
    checked = read_workforce(write(tmp_path, "workforce_2025-09-30.csv", GOOD))

    assert not checked.findings
    assert checked.as_at == date(2025, 9, 30)
    rows = checked.table.to_pylist()
    assert [row["worker_id"] for row in rows] == ["Ann Lee", "Bob Hart", "Cy Dunn", None]
    assert rows[1]["fte"] == 0.5 and rows[1]["employment"] == "agency" and rows[1]["newly_qualified"] is True
    assert rows[1]["start_date"] == date(2025, 4, 1)
    assert rows[2]["leaving_date"] == date(2025, 9, 30)
    assert [row["source_row"] for row in rows] == [2, 3, 4, 5]


def test_headers_are_matched_whatever_their_spelling(tmp_path: Path) -> None:
    text = "Worker Name,TEAM_NAME,job role,Full Time Equivalent,Date Started,Contract Type\nAnn Lee,T,Team Manager,1,2020-01-01,Permanent\n"
    checked = read_workforce(write(tmp_path, "staff.csv", text), as_at=date(2025, 9, 30))

    assert not checked.findings
    assert checked.table.to_pylist()[0]["role"] == "team manager"


def test_each_bad_cell_is_named_by_row_column_and_value(tmp_path: Path) -> None:
    text = GOOD + "Di Fox,CP Team 1,boss,1.5,31/02/2020,,agency,maybe,-2,\n"
    checked = read_workforce(write(tmp_path, "workforce_2025-09-30.csv", text))

    found = {(finding.row, finding.column, finding.rule, finding.value) for finding in checked.errors}
    assert found == {
        (6, "C", "code", "boss"),
        (6, "D", "fte_range", "1.5"),
        (6, "E", "date", "31/02/2020"),
        (6, "H", "yes_no", "maybe"),
        (6, "I", "number", "-2"),
    }
    assert checked.table.num_rows == 0


def test_a_workbook_reads_like_a_csv_file(tmp_path: Path) -> None:
    path = tmp_path / "workforce_2025-09-30.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Staff")
    for number, line in enumerate(GOOD.strip().splitlines()):
        sheet.write_row(number, 0, line.split(","))
    sheet.write_number(1, 3, 1.0)
    workbook.close()

    checked = read_workforce(path)

    assert not checked.findings
    assert checked.table.num_rows == 4


def test_dates_after_the_file_date_and_duplicates_are_errors(tmp_path: Path) -> None:
    text = (
        GOOD + "Ann Lee,CP Team 2,social worker,1,2020-01-06,,permanent,no,,\nEd Roe,CP Team 1,social worker,1,2025-10-01,,permanent,,,\n"
    )
    checked = read_workforce(write(tmp_path, "workforce_2025-09-30.csv", text))

    assert {(finding.row, finding.rule) for finding in checked.errors} == {(6, "duplicate_worker"), (7, "after_file_date")}


def test_the_file_must_say_which_day_it_describes(tmp_path: Path) -> None:
    checked = read_workforce(write(tmp_path, "staff.csv", GOOD))

    assert [finding.rule for finding in checked.errors] == ["file_date"]
    assert date_in_name("staff_20240930.xlsx") == date(2024, 9, 30)
    assert date_in_name("staff_2024-13-45.csv") is None


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    checked = read_workforce(write(tmp_path, "workforce_2025-09-30.csv", "Worker,Team,Role,Start date\nA,T,social worker,2020-01-01\n"))

    assert sorted(finding.header for finding in checked.errors) == ["Employment", "FTE"]


def test_an_import_with_a_bad_row_changes_nothing(tmp_path: Path) -> None:
    home = tmp_path / "store"
    store = WorkforceStore(home)
    first = store.import_file(write(tmp_path, "workforce_2024-09-30.csv", GOOD.replace("2025", "2024")))
    assert first.status is WorkforceImportStatus.CREATED
    before = store_bytes(home)

    bad = store.import_file(
        write(tmp_path, "workforce_2025-09-30.csv", GOOD + "Di Fox,CP Team 1,social worker,2,2020-01-01,,permanent,,,\n")
    )

    assert bad.status is WorkforceImportStatus.REFUSED
    assert store_bytes(home) == before
    assert [snapshot.as_at for snapshot in store.list()] == [date(2024, 9, 30)]


def test_a_kept_file_is_a_sealed_snapshot_and_a_repeat_changes_nothing(tmp_path: Path) -> None:
    store = WorkforceStore(tmp_path / "store")
    path = write(tmp_path, "workforce_2025-09-30.csv", GOOD)
    created = store.import_file(path, loaded_by="Priya Shah")
    before = store_bytes(tmp_path / "store")

    again = store.import_file(path)

    assert created.snapshot is not None and created.snapshot.loaded_by == "Priya Shah"
    assert again.status is WorkforceImportStatus.ALREADY_IMPORTED and again.snapshot == created.snapshot
    assert store_bytes(tmp_path / "store") == before
    assert store.table("latest").num_rows == 4
    assert store.describing(date(2025, 9, 26)) == created.snapshot
    assert store.describing(date(2025, 9, 22)) is None
    folder = store.parquet_path(created.snapshot.id).parent
    assert (folder.stat().st_mode & 0o222) == 0


def test_the_command_imports_and_refuses(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path, "workforce_2025-09-30.csv", GOOD)
    bad = write(tmp_path, "other.csv", GOOD + "Di Fox,CP Team 1,social worker,2,2020-01-01,,permanent,,,\n")

    assert run(["workforce", "import", str(good)]) == 0
    assert "4 rows, as at 2025-09-30" in capsys.readouterr().out
    assert run(["workforce", "import", str(bad), "--as-at", "2025-10-31"]) == 1
    out = capsys.readouterr().out
    assert "other.csv, cell D6" in out and "[fte_range]" in out and "Nothing was changed" in out
    assert run(["workforce", "list"]) == 0
    assert "2025-09-30" in capsys.readouterr().out


def test_the_caseloads_command_shows_teams_and_unallocated_children(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    home = hand_made_council(tmp_path)
    monkeypatch.setenv("SAFEGUARD_HOME", str(home))
    monkeypatch.setenv("COLUMNS", "200")

    assert run(["workforce", "caseloads"]) == 0
    out = capsys.readouterr().out
    assert "Caseloads as at 2025-09-30; a worker is full at 22 weighted cases." in out
    assert "CP 1" in out and "3.5" in out
    assert "Every open child in need, child protection and in-care case has a named worker." in out

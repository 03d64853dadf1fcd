"""`safeguard import` on real workbooks from the synthetic council: accepted, repeated, refused."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from safeguard.annex_a.spec import LISTS, list_by_key
from safeguard.cli import run
from safeguard.home import shared_folder
from safeguard.snapshots import Store
from safeguard.synth import Manifest, SynthConfig, generate
from snapshot_support import store_fingerprint

SMALL_COUNCIL = SynthConfig(population=1_000, years=2, end=date(2025, 3, 31), seed=3)


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    return generate(SMALL_COUNCIL, tmp_path_factory.mktemp("council"))


def invoke(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = run(arguments)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_an_accepted_return_becomes_a_snapshot(home: Path, council: Manifest, capsys, tmp_path: Path) -> None:
    workbook = council.whole_history_path
    status, out, err = invoke(["import", str(workbook), "--loaded-by", "Priya Shah", "--report", str(tmp_path)], capsys)

    assert status == 0, err
    with Store(home) as store:
        [snapshot] = store.list()
    assert snapshot.loaded_by == "Priya Shah"
    assert snapshot.source_name == "annex_a_whole_history.xlsx"
    assert snapshot.row_counts == council.rows[council.whole_history]
    assert snapshot.period_end == date(2025, 3, 31)
    assert f"Imported annex_a_whole_history.xlsx as snapshot {snapshot.id}: " in out
    assert f"{snapshot.total_rows:,} rows" in out
    assert "No problems found." in out
    report = json.loads((tmp_path / "findings.json").read_text())
    assert report["summary"]["error"] == {}
    assert (tmp_path / "findings.csv").is_file()


def test_the_same_workbook_twice_changes_nothing(home: Path, council: Manifest, capsys, tmp_path: Path) -> None:
    workbook = council.whole_history_path
    invoke(["import", str(workbook)], capsys)
    fingerprint = store_fingerprint(home)
    [snapshot] = Store(home).list()

    status, out, _ = invoke(["import", str(workbook)], capsys)

    assert status == 0
    assert out.strip() == f"annex_a_whole_history.xlsx was already imported as snapshot {snapshot.id}; nothing changed."
    assert store_fingerprint(home) == fingerprint

    status, out, _ = invoke(["import", str(workbook), "--report", str(tmp_path / "report")], capsys)
    assert status == 0
    assert "No new report: the file was checked when it was first imported" in out
    assert not (tmp_path / "report").exists()
    assert store_fingerprint(home) == fingerprint


def blank_first_referral_date(workbook: Path, copy: Path) -> str:
    """Save a copy of the workbook with list 3's first date of referral blanked; return its cell."""
    book = openpyxl.load_workbook(workbook)
    sheet = book[list_by_key("referrals").sheet]
    headers = [cell.value for cell in sheet[1]]
    column = headers.index(list_by_key("referrals").column("referral_date").header) + 1
    sheet.cell(row=2, column=column).value = None
    book.save(copy)
    return f"{sheet.cell(row=2, column=column).column_letter}2"


def test_a_return_with_errors_is_refused_and_changes_nothing(
    home: Path, council: Manifest, capsys, tmp_path: Path
) -> None:
    invoke(["import", str(council.whole_history_path)], capsys)
    fingerprint = store_fingerprint(home)
    broken = tmp_path / "broken.xlsx"
    cell = blank_first_referral_date(council.whole_history_path, broken)

    status, out, err = invoke(["import", str(broken)], capsys)

    assert status == 1
    assert f"List 3, cell {cell}" in out
    assert "Date of referral is blank" in out
    assert err.strip().splitlines() == [
        "Error: broken.xlsx was not imported: it has 1 error to fix first; nothing changed."
    ]
    assert store_fingerprint(home) == fingerprint
    assert sorted(entry.name for entry in (home / "tmp").iterdir()) == []


def test_snapshots_show_describes_the_imported_return(home: Path, council: Manifest, capsys) -> None:
    invoke(["import", str(council.whole_history_path)], capsys)
    status, out, _ = invoke(["snapshots", "show", "latest"], capsys)
    assert status == 0
    for annex_list in LISTS:
        line = next(line for line in out.splitlines() if f" {annex_list.title} " in line)
        assert line.strip("│ ").split()[-1] == f"{council.rows[council.whole_history][annex_list.key]:,}"


SAMPLE = (shared_folder() or Path("/work/shared")) / "formats" / "annex_a" / "Annex_A_2024_Jan.xlsx"


@pytest.mark.skipif(not SAMPLE.is_file(), reason="the shared sample workbook is not beside the checkout")
def test_the_messy_sample_is_refused_with_the_findings_that_make_it_unacceptable(
    home: Path, council: Manifest, capsys, tmp_path: Path
) -> None:
    """Another team's real-style workbook: its blank required fields and impossible care dates
    are errors, so the import refuses it, lists them at their cells, and leaves the store alone."""
    invoke(["import", str(council.whole_history_path)], capsys)
    fingerprint = store_fingerprint(home)

    status, out, err = invoke(["import", str(SAMPLE), "--report", str(tmp_path / "checks")], capsys)

    assert status == 1
    assert err.strip() == "Error: Annex_A_2024_Jan.xlsx was not imported: it has 38 errors to fix first; nothing changed."
    assert "List 6, cell H2" in out and "PSRMEM - Support with memory and cognition" in out
    saved = json.loads((tmp_path / "checks" / "findings.json").read_text(encoding="utf-8"))
    assert saved["summary"]["error"] == {"required": 29, "care_before_birth": 8, "code": 1}
    errors = {(item["sheet"], f"{item['column']}{item['row']}", item["rule"]) for item in saved["findings"] if item["severity"] == "error"}
    assert {("List 6", "M6", "required"), ("List 8", "AA5", "required"), ("List 10", "L5", "care_before_birth")} <= errors
    assert store_fingerprint(home) == fingerprint

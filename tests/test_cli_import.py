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
    assert "List 3: Referrals: 1 error" in out and f"│ {cell} " in out
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
    assert "List 6: Children in need: 11 errors" in out and "│ H2 " in out
    assert "PSRMEM - Support with memory and cognition" in out
    saved = json.loads((tmp_path / "checks" / "findings.json").read_text(encoding="utf-8"))
    assert saved["summary"]["error"] == {"required": 29, "care_before_birth": 8, "code": 1}
    errors = {(item["sheet"], f"{item['column']}{item['row']}", item["rule"]) for item in saved["findings"] if item["severity"] == "error"}
    assert {("List 6", "M6", "required"), ("List 8", "AA5", "required"), ("List 10", "L5", "care_before_birth")} <= errors
    assert store_fingerprint(home) == fingerprint


@pytest.mark.skipif(not SAMPLE.is_file(), reason="the shared sample workbook is not beside the checkout")
def test_the_messy_sample_is_read_as_the_january_2024_return_its_name_says_it_is(home: Path, capsys) -> None:
    """Its dates of contact, referral, assessment and S47 enquiry all fall on 16 to 18 September
    2020 (the sample was made from older records): read from them alone, the return covered three
    days of 2020. Its name says January 2024, so that is its period, and a query says the dates
    disagree."""
    status, out, _ = invoke(["validate", str(SAMPLE)], capsys)
    assert status == 1
    flat = " ".join(out.replace("│", " ").split())
    assert (
        "The return covers 01 Feb 2023 to 31 Jan 2024 (as the file's name says, although its dates run to 18 Sep 2020)."
        in flat
    )
    assert "The dates do not fit the period the file names query 1 period_mismatch The whole file" in flat


def collapsed_return(folder: Path) -> Path:
    """A return of one or two rows a list (annex_a_support.valid_return): two contacts, two referrals."""
    from annex_a_support import write_workbook

    return write_workbook(folder / "Annex A March 2024.xlsx")


def previous_year(home: Path) -> str:
    """A hand-built snapshot of the year to March 2025 with 40 rows plus the list's number a list:
    41 contacts, 43 referrals, 47 plans."""
    from snapshot_support import CheckedReturn, annex_a_tables

    with Store(home) as store:
        return store.commit(CheckedReturn(tables=annex_a_tables(40, seed=9)), loaded_by="Priya Shah").snapshot.id


def test_a_collapsed_return_is_stopped_until_confirmed_and_the_reason_is_kept(home: Path, capsys, tmp_path: Path) -> None:
    previous = previous_year(home)
    fingerprint = store_fingerprint(home)
    workbook = collapsed_return(tmp_path)

    status, out, err = invoke(["import", str(workbook)], capsys)

    assert status == 1
    lines = [" ".join(line.replace("│", " ").split()) for line in out.splitlines()]
    # 2 contacts against 41: (2 - 41) / 41 = -95%; 2 referrals against 43: -95%; 1 plan against 47: -98%.
    assert f"Far fewer rows than last time List 1 (Contacts) has 2 rows, 95% fewer than the 41 in snapshot {previous}." in lines
    assert any(line.startswith("Far fewer rows than last time List 7 (Children subject to a child protection plan) has 1 rows, 98% fewer") for line in lines)
    assert err.strip().splitlines() == [
        "Error: Annex A March 2024.xlsx was not imported: 11 differences from the last snapshot need a person's "
        'confirmation; check them, then run again with --confirm "why the return is right".'
    ]
    assert store_fingerprint(home) == fingerprint

    reason = "Contacts moved to the new case system in March; this extract holds only what is left in the old one."
    status, out, err = invoke(["import", str(workbook), "--loaded-by", "Tom Reid", "--confirm", reason], capsys)

    assert status == 0, err
    with Store(home) as store:
        snapshot = next(item for item in store.list() if item.id != previous)
        metadata = json.loads((store.snapshots_folder / snapshot.id / "snapshot.json").read_text(encoding="utf-8"))
    given = metadata["confirmation"]
    assert (given["reason"], given["confirmed_by"], given["confirmed_at"]) == (reason, "Tom Reid", metadata["loaded_at"])
    assert given["compared_with"] == previous and len(given["findings"]) == 11
    assert snapshot.confirmation is not None and snapshot.confirmation.reason == reason, "the catalogue's row holds it too"
    assert f'Confirmed by Tom Reid on {snapshot.loaded_at:%Y-%m-%d %H:%M} UTC: "{reason}".' in " ".join(out.split())

    status, out, _ = invoke(["snapshots", "show", snapshot.id], capsys)
    flat = " ".join(out.split())
    assert "File Annex A March 2024.xlsx" in flat and f"SHA-256 {snapshot.sha256}" in flat
    assert f'Confirmed Tom Reid on {snapshot.loaded_at:%Y-%m-%d %H:%M} UTC: "{reason}"' in flat
    assert f"- List 1 (Contacts) has 2 rows, 95% fewer than the 41 in snapshot {previous}." in flat


def test_limits_in_council_json_decide_what_needs_confirming(home: Path, capsys, tmp_path: Path) -> None:
    previous_year(home)
    home.joinpath("council.json").write_text(
        json.dumps({"import_checks": {"row_change_share": 10, "emptied_list_rows": 100}}), encoding="utf-8"
    )
    status, out, err = invoke(["import", str(collapsed_return(tmp_path)), "--confirm", "not needed"], capsys)
    assert status == 0, err
    assert "Nothing needed confirming, so the reason given with --confirm was not recorded." in " ".join(out.split())


def test_a_bad_limit_in_council_json_is_one_line_naming_the_field(home: Path, capsys, tmp_path: Path) -> None:
    home.mkdir(parents=True)
    home.joinpath("council.json").write_text(json.dumps({"import_checks": {"row_change_share": -1}}), encoding="utf-8")
    status, out, err = invoke(["import", str(collapsed_return(tmp_path))], capsys)
    assert status == 1 and out == ""
    assert err.strip().splitlines() == [
        f"Error: {home / 'council.json'}: field 'import_checks.row_change_share' should be a share above 0 and at most 10, "
        "such as 0.5 (a fall to half, or a rise of half again), not -1."
    ]

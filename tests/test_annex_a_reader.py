"""Opening a return: what the file really is, which sheet is which list, where the header is."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from annex_a_support import valid_return, write_csv_folder, write_workbook
from safeguard.annex_a.reader import (
    HeaderIndex,
    UnreadableSource,
    column_letter,
    list_for_name,
    open_source,
)
from safeguard.annex_a.spec import list_by_key, list_by_number


@pytest.mark.parametrize(
    ("index", "letters"), [(0, "A"), (7, "H"), (25, "Z"), (26, "AA"), (27, "AB"), (701, "ZZ"), (702, "AAA")]
)
def test_column_letters_are_excels(index: int, letters: str) -> None:
    assert column_letter(index) == letters


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("List 1", 1),
        ("list1", 1),
        ("LIST 1 - Contacts", 1),
        ("List 1 - Contacts", 1),
        ("Annex A - List 3", 3),
        ("list_3", 3),
        ("List 03", 3),
        ("List 10", 10),
        ("List 11 Adopters", 11),
        ("referrals", 3),
        ("Children in need", 6),
        ("children_in_care", 8),
        ("CP plans", 7),
        ("Section 47 enquiries", 5),
        ("Care leavers", 9),
        ("Adopters", 11),
        ("Adoption", 10),
    ],
)
def test_sheet_and_file_names_name_their_list(name: str, number: int) -> None:
    found = list_for_name(name)
    assert found is not None and found.number == number


@pytest.mark.parametrize("name", ["Sheet1", "Guidance", "Checklist 1", "List 12", "Lookups"])
def test_other_names_name_no_list(name: str) -> None:
    assert list_for_name(name) is None


@pytest.mark.parametrize(
    ("list_number", "header", "key"),
    [
        (1, "Child Unique ID", "child_id"),
        (1, "  CHILD   UNIQUE\u00a0ID ", "child_id"),
        (1, "child_id", "child_id"),
        (1, "Child ID", "child_id"),
        (1, "DOB", "date_of_birth"),
        (1, "Birth Date", "date_of_birth"),
        (1, "Date of birth (dd/mm/yyyy)", "date_of_birth"),
        (1, "Age", "age"),
        (1, "Age of child", "age"),
        (1, "Date of Contact", "contact_date"),
        (1, "1. Contact Source", "contact_source"),
        (
            8,
            "Number of Episodes the Child has been \u2018Missing\u2019 from their Placement in the last 12 months",
            "missing_episodes",
        ),
        (8, "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))", "uasc"),
        (10, "Date of Adoption Order ", "adoption_order_date"),
        (11, "Adopter ID", "adopter_id"),
        (8, "Number of episodes missing from placement in last 12 months", "missing_episodes"),
        (8, "Number of episodes absent from placement in last 12 months", "absent_episodes"),
        (8, "Unaccompanied Asylum Seeking Child (UASC) in the last 12 months", "uasc"),
        (8, "Legal Status", "legal_status"),
        (5, "Did the ICPC result in a child protection plan", "icpc_outcome_plan"),
        (5, "ICPC deemed unnecessary?", "icpc_not_required"),
        (
            7,
            "Subject to Emergency Protection Order or Protected Under Police Powers in Last 6 Months",
            "emergency_protection",
        ),
    ],
)
def test_headers_match_however_they_are_spelled(list_number: int, header: str, key: str) -> None:
    assert HeaderIndex(list_by_number(list_number)).match(header) == key


def test_headers_of_other_things_match_no_column() -> None:
    index = HeaderIndex(list_by_number(1))
    assert index.match("Child's name") is None
    assert index.match("Locality") is None
    assert index.match("") is None
    assert index.match(42.0) is None


def test_a_loose_match_never_displaces_the_real_column(tmp_path: Path) -> None:
    order = ["child_id", "gender", "ethnicity", "age", "contact_date", "contact_source", "date_of_birth"]
    path = write_workbook(
        tmp_path / "a.xlsx", headers={"contacts": {"age": "Date of Birth of Mother"}}, orders={"contacts": order}
    )
    grid = open_source(path).grids["contacts"]
    assert grid.columns["date_of_birth"].letter == "G"
    assert [place.header for place in grid.extra_columns] == ["Date of Birth of Mother"]


def test_a_missing_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnreadableSource) as problem:
        open_source(tmp_path / "nowhere.xlsx")
    assert problem.value.rule == "file_missing"


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty.xlsx").write_bytes(b"")
    with pytest.raises(UnreadableSource) as problem:
        open_source(tmp_path / "empty.xlsx")
    assert problem.value.rule == "file_empty"
    assert "0 bytes" in problem.value.message


def test_a_csv_named_xlsx_is_recognised_as_csv(tmp_path: Path) -> None:
    path = tmp_path / "Annex A.xlsx"
    path.write_text("Child Unique ID,Gender\nC1,a) Male\n", encoding="utf-8")
    with pytest.raises(UnreadableSource) as problem:
        open_source(path)
    assert problem.value.rule == "file_type"
    assert "CSV text file" in problem.value.message


def test_random_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "Annex A.xlsx"
    path.write_bytes(os.urandom(4096))
    with pytest.raises(UnreadableSource) as problem:
        open_source(path)
    assert problem.value.rule == "file_type"


def test_a_word_document_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "Annex A.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    with pytest.raises(UnreadableSource) as problem:
        open_source(path)
    assert "Word document" in problem.value.message


def test_a_damaged_workbook_is_refused(tmp_path: Path) -> None:
    good = write_workbook(tmp_path / "good.xlsx")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(good.read_bytes()[:1500])
    with pytest.raises(UnreadableSource) as problem:
        open_source(broken)
    assert problem.value.rule == "file_unreadable"


def test_a_folder_without_csv_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("nothing here")
    with pytest.raises(UnreadableSource) as problem:
        open_source(tmp_path)
    assert problem.value.rule == "no_lists"


def test_the_header_row_is_found_below_title_rows(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "a.xlsx", title_rows={"contacts": ["Annex A", "List 1: Contacts", ""]})
    grid = open_source(path).grids["contacts"]
    assert grid.header_row == 4
    assert grid.row_numbers == [5, 6]


def test_headers_out_of_order_keep_their_real_column_letters(tmp_path: Path) -> None:
    order = ["contact_source", "contact_date", "age", "child_id", "gender", "ethnicity", "date_of_birth"]
    path = write_workbook(tmp_path / "a.xlsx", orders={"contacts": order})
    grid = open_source(path).grids["contacts"]
    assert {key: place.letter for key, place in grid.columns.items()} == {
        "contact_source": "A",
        "contact_date": "B",
        "age": "C",
        "child_id": "D",
        "gender": "E",
        "ethnicity": "F",
        "date_of_birth": "G",
    }


def test_a_sheet_with_an_unhelpful_name_is_recognised_by_its_headers(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "a.xlsx", sheet_names={"referrals": "Sheet1", "assessments": "Data export 2"})
    source = open_source(path)
    assert source.grids["referrals"].sheet == "Sheet1"
    assert source.grids["referrals"].found_by == "headers"
    assert source.grids["assessments"].sheet == "Data export 2"
    assert source.other_sheets == []


def test_extra_sheets_and_second_copies_are_noted(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    workbook.add_worksheet("List 1").write_row(0, 0, ["Child Unique ID", "Gender", "Ethnicity"])
    workbook.add_worksheet("list1 (old)").write_row(0, 0, ["Child Unique ID", "Gender", "Ethnicity"])
    workbook.add_worksheet("Guidance").write_string(0, 0, "Read me")
    workbook.close()
    source = open_source(path)
    assert source.grids["contacts"].sheet == "List 1"
    assert source.repeated_sheets == [("contacts", "List 1", "list1 (old)")]
    assert source.other_sheets == ["Guidance"]


def test_blank_rows_and_rows_of_na_are_skipped_but_rows_keep_excel_numbers(tmp_path: Path) -> None:
    rows = valid_return()
    rows["contacts"].insert(1, {"child_id": "#N/A", "gender": "#N/A"})
    rows["contacts"].insert(1, {})
    grid = open_source(write_workbook(tmp_path / "a.xlsx", rows)).grids["contacts"]
    assert grid.row_numbers == [2, 5]


def test_formula_cells_are_located(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "a.xlsx", formulas={("adoption", 0, "placed_date"): ("=K2+30", 44531)})
    grid = open_source(path).grids["adoption"]
    assert grid.formula_cells == {
        (2, list_by_key("adoption").columns.index(list_by_key("adoption").column("placed_date")))
    }
    assert open_source(path).grids["contacts"].formula_cells == set()


def test_csv_files_are_matched_by_their_names(tmp_path: Path) -> None:
    names = {
        "contacts": "List 1.csv",
        "early_help": "list_2.csv",
        "referrals": "referrals.csv",
        "assessments": "Annex A - List 4.csv",
        "s47_enquiries": "LIST 5 S47.CSV",
    }
    rows = {key: records for key, records in valid_return().items() if key in names}
    source = open_source(write_csv_folder(tmp_path / "csv", rows, names=names))
    assert {key: grid.file for key, grid in source.grids.items()} == names
    assert source.grids["contacts"].sheet is None
    assert source.grids["contacts"].row_numbers == [2, 3]


def test_csv_files_with_semicolons_in_windows_encoding_are_read(tmp_path: Path) -> None:
    rows = {"care_leavers": valid_return()["care_leavers"]}
    folder = write_csv_folder(tmp_path / "csv", rows, separator=";", encoding="cp1252")
    grid = open_source(folder).grids["care_leavers"]
    assert grid.rows[0][grid.columns["worker"].index] == "Chloë Adeyemi"


def test_a_binary_file_in_a_csv_folder_is_reported_not_fatal(tmp_path: Path) -> None:
    folder = write_csv_folder(tmp_path / "csv", {"contacts": valid_return()["contacts"]})
    (folder / "List 3.csv").write_bytes(b"\x00\x01\x02" * 100)
    source = open_source(folder)
    assert "contacts" in source.grids
    assert [name for name, _ in source.unreadable_files] == ["List 3.csv"]

"""`validate()`: the public result (findings, typed tables, period, fingerprint), files that are not
returns at all, the real-style sample workbooks, and a 200,000-row workbook."""

from __future__ import annotations

import hashlib
import random
from datetime import date, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pytest
import xlsxwriter

from annex_a_support import (
    PERIOD_END,
    PERIOD_START,
    TODAY,
    valid_return,
    write_big_contacts,
    write_csv_folder,
    write_workbook,
)
from published_data import ANNEX_A_SAMPLES
from safeguard.annex_a.findings import Severity
from safeguard.annex_a.reader import SheetGrid
from safeguard.annex_a.rules import ListData
from safeguard.annex_a.spec import LISTS, Kind, list_by_key
from safeguard.annex_a.validation import ValidationResult, arrow_schema, detect_period, validate

SAMPLES = ANNEX_A_SAMPLES


def finding_at(result: ValidationResult, sheet: str, cell: str) -> list[tuple[str, str | None]]:
    return [
        (item.rule, item.value)
        for item in result.findings
        if item.sheet == sheet and f"{item.column}{item.row}" == cell
    ]


# The result


def test_tables_have_every_list_with_the_specifications_columns_and_types(tmp_path: Path) -> None:
    result = validate(write_workbook(tmp_path / "return.xlsx"), today=TODAY)
    assert list(result.tables) == [annex_list.key for annex_list in LISTS]
    types = {
        Kind.ID: pa.string(),
        Kind.TEXT: pa.string(),
        Kind.CODE: pa.string(),
        Kind.DATE: pa.date32(),
        Kind.INTEGER: pa.int64(),
    }
    for annex_list in LISTS:
        table = result.tables[annex_list.key]
        assert table.schema == arrow_schema(annex_list)
        assert table.column_names == [column.key for column in annex_list.columns] + ["source_row"]
        assert [table.schema.field(column.key).type for column in annex_list.columns] == [
            types[column.kind] for column in annex_list.columns
        ]
        assert table.schema.field("source_row").type == pa.int32()


def test_tables_hold_clean_canonical_values_and_the_excel_row(tmp_path: Path) -> None:
    rows = valid_return()
    rows["contacts"][0].update(child_id=" c1001.0 ", gender="Female", ethnicity="White British", age=8.9)
    result = validate(write_workbook(tmp_path / "return.xlsx", rows), today=TODAY)
    assert result.tables["contacts"].to_pylist()[0] == {
        "child_id": "C1001",
        "gender": "2",
        "ethnicity": "WBRI",
        "date_of_birth": date(2015, 6, 1),
        "age": 8,
        "contact_date": date(2023, 4, 1),
        "contact_source": "6",
        "source_row": 2,
    }
    assert result.tables["children_in_care"].column("legal_status").to_pylist() == ["C2"]
    assert result.tables["referrals"].column("referral_nfa").to_pylist() == ["false", "true"]


def test_rows_with_problems_are_kept_and_absent_lists_are_empty_tables(tmp_path: Path) -> None:
    rows = valid_return()
    del rows["adopters"]
    rows["contacts"][1]["contact_source"] = "Carrier pigeon"
    result = validate(write_workbook(tmp_path / "return.xlsx", rows), today=TODAY)
    assert result.tables["contacts"].column("contact_source").to_pylist() == ["6", None]
    assert result.tables["adopters"].num_rows == 0
    assert result.tables["adopters"].schema == arrow_schema(LISTS[10])
    assert result.row_counts == {
        **{annex_list.key: 1 for annex_list in LISTS},
        "contacts": 2,
        "referrals": 2,
        "adopters": 0,
    }


def test_errors_and_queries_are_told_apart(tmp_path: Path) -> None:
    rows = valid_return()
    rows["contacts"][1]["contact_source"] = "Carrier pigeon"
    rows["children_in_care"][0]["placement_postcode"] = "nope"
    result = validate(write_workbook(tmp_path / "return.xlsx", rows), today=TODAY)
    assert [item.rule for item in result.errors] == ["code"]
    assert [item.rule for item in result.queries] == ["postcode"]
    assert result.has_errors


def test_every_finding_names_file_sheet_row_column_header_and_value(tmp_path: Path) -> None:
    rows = valid_return()
    rows["children_in_need"][0]["primary_need"] = "N11"
    result = validate(write_workbook(tmp_path / "Annex A 2024.xlsx", rows), today=TODAY)
    (found,) = result.findings
    assert (found.file, found.sheet, found.row, found.column, found.header, found.value) == (
        "Annex A 2024.xlsx",
        "List 6",
        2,
        "H",
        "Primary Need Code",
        "N11",
    )
    assert found.place == "List 6, cell H2"


def test_the_period_runs_from_the_first_contact_to_the_last(tmp_path: Path) -> None:
    result = validate(write_workbook(tmp_path / "return.xlsx"), today=TODAY)
    assert (result.period_start, result.period_end) == (PERIOD_START, PERIOD_END)


def test_the_period_is_at_most_twelve_months_and_ignores_impossible_dates(tmp_path: Path) -> None:
    rows = valid_return()
    rows["contacts"].append({**rows["contacts"][0], "child_id": "C1009", "contact_date": date(2021, 5, 5)})
    rows["referrals"].append({**rows["referrals"][0], "child_id": "C1009", "referral_date": date(2031, 1, 1)})
    result = validate(write_workbook(tmp_path / "return.xlsx", rows), today=TODAY)
    assert (result.period_start, result.period_end) == (date(2023, 4, 1), PERIOD_END)


def test_a_return_with_no_lists_read_has_no_period() -> None:
    assert detect_period({}, TODAY) == (None, None)


def test_a_period_ending_on_a_leap_day_starts_a_year_and_a_day_earlier(tmp_path: Path) -> None:
    rows = valid_return()
    rows["contacts"][0]["contact_date"] = date(2022, 6, 1)
    rows["contacts"][1]["contact_date"] = date(2024, 2, 29)
    rows["referrals"][1]["referral_date"] = date(2024, 2, 29)
    result = validate(write_workbook(tmp_path / "return.xlsx", rows), today=TODAY)
    assert (result.period_start, result.period_end) == (date(2023, 3, 1), date(2024, 2, 29))


def daily_contacts(first: date, last: date, per_day: int = 2) -> list[date]:
    """A busy front door: ``per_day`` contacts every day from ``first`` to ``last``."""
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1) for _ in range(per_day)]


def test_dates_typed_after_the_end_neither_move_it_nor_escape_the_report(tmp_path: Path) -> None:
    rows = valid_return()
    first = rows["contacts"][0]
    rows["contacts"].extend(
        {**first, "child_id": f"C3{index:04d}", "contact_date": day}
        for index, day in enumerate(daily_contacts(PERIOD_START, PERIOD_END))
    )
    rows["contacts"].append({**first, "child_id": "C9001", "contact_date": date(2024, 5, 10)})
    rows["referrals"][1]["referral_date"] = date(2024, 4, 30)
    path = write_workbook(tmp_path / "return.xlsx", rows)
    result = validate(path, today=TODAY)
    assert result.period_end == PERIOD_END
    stray_row = len(rows["contacts"]) + 1
    assert finding_at(result, "List 1", f"F{stray_row}") == [("date_after_period", "10/05/2024")]
    assert finding_at(result, "List 3", "F3") == [("date_after_period", "30/04/2024")]


def test_an_extract_taken_over_christmas_ends_on_its_last_day() -> None:
    """A fortnight of Christmas has under half the usual contacts; it is still the period's end."""
    days = daily_contacts(date(2023, 1, 1), date(2023, 12, 17), per_day=3)
    days += [day for day in daily_contacts(date(2023, 12, 18), date(2023, 12, 31)) if day.day % 2]
    grid = SheetGrid(list_by_key("contacts"), "return.xlsx", "List 1")
    lists = {"contacts": ListData(grid, {"contact_date": days + [date(2024, 2, 14)]})}
    assert detect_period(lists, TODAY) == (date(2023, 1, 1), date(2023, 12, 31))


def test_a_small_return_ends_on_its_latest_date_however_far_apart_its_dates() -> None:
    grid = SheetGrid(list_by_key("contacts"), "return.xlsx", "List 1")
    lists = {"contacts": ListData(grid, {"contact_date": [date(2023, 6, 1), date(2023, 9, 1), date(2024, 3, 2)]})}
    assert detect_period(lists, TODAY)[1] == date(2024, 3, 2)


def test_no_readable_event_dates_is_an_error(tmp_path: Path) -> None:
    rows = {
        key: []
        for key in (
            "contacts",
            "referrals",
            "assessments",
            "s47_enquiries",
            "children_in_need",
            "child_protection_plans",
            "children_in_care",
        )
    }
    result = validate(write_workbook(tmp_path / "return.xlsx", rows), today=TODAY)
    assert "no_period" in [item.rule for item in result.errors]
    assert result.period_end is None


def test_the_fingerprint_is_the_files_sha256(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "return.xlsx")
    result = validate(path, today=TODAY)
    assert result.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert result.source_name == "return.xlsx"


def test_a_csv_folder_reads_the_same_as_the_workbook_and_has_its_own_fingerprint(tmp_path: Path) -> None:
    workbook = validate(write_workbook(tmp_path / "return.xlsx"), today=TODAY)
    folder = write_csv_folder(tmp_path / "csv")
    from_csv = validate(folder, today=TODAY)
    for annex_list in LISTS:
        assert from_csv.tables[annex_list.key].equals(workbook.tables[annex_list.key]), annex_list.key
    assert from_csv.source_name == "csv"
    before = from_csv.sha256
    (folder / "List 9.csv").rename(folder / "List 9 - Care leavers.csv")
    assert validate(folder, today=TODAY).sha256 != before


def test_progress_is_reported_from_start_to_finish(tmp_path: Path) -> None:
    seen: list[tuple[str, float]] = []
    validate(
        write_workbook(tmp_path / "return.xlsx"),
        progress=lambda step, fraction: seen.append((step, fraction)),
        today=TODAY,
    )
    fractions = [fraction for _, fraction in seen]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert fractions == sorted(fractions)
    assert any("List 8" in step for step, _ in seen)


# Files that are not returns: one clear error each, never a crash


def one_error(result: ValidationResult) -> tuple[str, str]:
    (found,) = result.findings
    assert found.severity is Severity.ERROR
    assert all(table.num_rows == 0 for table in result.tables.values())
    return found.rule, found.message


def test_a_missing_file(tmp_path: Path) -> None:
    rule, message = one_error(validate(tmp_path / "Annex A.xlsx"))
    assert rule == "file_missing" and "Annex A.xlsx" in message


def test_a_zero_byte_file(tmp_path: Path) -> None:
    (tmp_path / "Annex A.xlsx").touch()
    assert one_error(validate(tmp_path / "Annex A.xlsx"))[0] == "file_empty"


def test_a_csv_named_xlsx(tmp_path: Path) -> None:
    folder = write_csv_folder(tmp_path / "csv", {"contacts": valid_return()["contacts"]})
    renamed = tmp_path / "Annex A.xlsx"
    (folder / "List 1.csv").rename(renamed)
    rule, message = one_error(validate(renamed))
    assert rule == "file_type" and "CSV" in message


def test_random_binary(tmp_path: Path) -> None:
    (tmp_path / "Annex A.xlsx").write_bytes(random.Random(7).randbytes(10_000))
    assert one_error(validate(tmp_path / "Annex A.xlsx"))[0] == "file_type"


def test_a_folder_with_no_csv_files(tmp_path: Path) -> None:
    assert one_error(validate(tmp_path))[0] == "no_lists"


def test_a_workbook_with_no_annex_a_sheets(tmp_path: Path) -> None:
    path = tmp_path / "budget.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    workbook.add_worksheet("Budget").write_row(0, 0, ["Cost centre", "Amount"])
    workbook.add_worksheet("Notes")
    workbook.close()
    rule, message = one_error(validate(path))
    assert rule == "no_lists" and "'Budget'" in message


# The real-style samples


@pytest.mark.skipif(
    not (SAMPLES / "Annex_A_2024_Jan.xlsx").is_file(), reason="the shared samples are not beside the checkout"
)
def test_the_messy_sample_gives_findings_at_the_right_cells() -> None:
    result = validate(SAMPLES / "Annex_A_2024_Jan.xlsx", today=date(2024, 2, 1))
    assert finding_at(result, "List 6", "H2") == [("code", "PSRMEM - Support with memory and cognition")]
    assert finding_at(result, "List 8", "Y3") == [("postcode", "nope")]
    assert finding_at(result, "List 8", "C4") == [("required", "")]
    assert finding_at(result, "List 4", "J2") == [("code_optional", "CS Assessment Updated")]
    assert finding_at(result, "List 10", "H5") == [("care_before_birth", "24/02/2010")]
    assert finding_at(result, "List 7", "G8") == [("before_birth", "25/06/2019")]
    assert finding_at(result, "List 10", "N4") == [("formula", "12/10/2014")]
    assert result.tables["children_in_care"].column("legal_status").to_pylist() == ["E1", "C2", "C2", "C2", "C1"]
    assert result.tables["children_in_care"].column("placement_provider").to_pylist() == [
        "PR4",
        "PR1",
        "PR5",
        "PR4",
        "PR4",
    ]
    assert result.tables["contacts"].column("child_id").to_pylist()[:2] == ["9212044", "11973218"]
    assert result.tables["contacts"].column("contact_source").to_pylist() == ["6", "6", "1B", "6", "9"]
    assert result.tables["referrals"].column("worker").to_pylist()[0] == "Dustin Hazlett"
    assert result.tables["children_in_need"].column("primary_need").to_pylist() == [None, "N1", "N1", "N1", "N1"]
    assert result.tables["contacts"].column("age").to_pylist() == [6, 8, 11, 14, 15]
    assert result.has_errors
    # Named for January 2024, though its dates of contact and referral are of September 2020.
    assert (result.period_start, result.period_end, result.period_from) == (date(2023, 2, 1), date(2024, 1, 31), "the file's name")
    assert result.data_period_end == date(2020, 9, 18)
    assert [item.rule for item in result.findings if item.list_key is None and item.sheet is None] == ["period_mismatch"]


@pytest.mark.skipif(
    not (SAMPLES / "Annex_A_old.xlsx").is_file(), reason="the shared samples are not beside the checkout"
)
def test_the_older_sample_misses_two_list_9_columns() -> None:
    result = validate(SAMPLES / "Annex_A_old.xlsx", today=date(2024, 2, 1))
    missing = [(item.rule, item.message) for item in result.findings if item.rule.startswith("missing")]
    assert ("missing_column", "No column headed 'Allocated Personal Advisor' in sheet 'List 9'.") in missing
    assert sum(table.num_rows for table in result.tables.values()) == 59


# Size


@pytest.mark.slow
def test_a_workbook_of_200000_rows_is_checked_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    write_big_contacts(path, 200_000)
    started = datetime.now()
    result = validate(path, today=TODAY)
    print(f"validated 200,000 rows in {(datetime.now() - started).total_seconds():.1f}s")
    assert result.row_counts["contacts"] == 200_000
    assert result.tables["contacts"].column("source_row").to_pylist()[-1] == 200_001
    assert {item.rule for item in result.findings} == {"missing_sheet", "missing_optional_sheet"}
    assert result.tables["contacts"].column("child_id")[0].as_py() == "500001"
    assert (result.period_start, result.period_end) == (PERIOD_START, PERIOD_END)


def test_a_long_extract_with_events_in_every_month_keeps_its_whole_period(tmp_path: Path) -> None:
    rows = valid_return()
    first = rows["contacts"][0]
    monthly = [date(year, month, 15) for year in (2022, 2023) for month in range(1, 13)] + [
        date(2024, month, 15) for month in (1, 2, 3)
    ]
    rows["contacts"].extend(
        {**first, "child_id": f"C2{index:03d}", "contact_date": day} for index, day in enumerate(monthly)
    )
    result = validate(write_workbook(tmp_path / "return.xlsx", rows), today=TODAY)
    assert (result.period_start, result.period_end) == (date(2022, 1, 15), PERIOD_END)


def test_one_empty_month_in_a_long_extract_caps_the_period_at_twelve_months(tmp_path: Path) -> None:
    rows = valid_return()
    first = rows["contacts"][0]
    monthly = [date(year, month, 15) for year in (2022, 2023) for month in range(1, 13)] + [
        date(2024, month, 15) for month in (1, 2, 3)
    ]
    monthly.remove(date(2022, 7, 15))
    rows["contacts"].extend(
        {**first, "child_id": f"C2{index:03d}", "contact_date": day} for index, day in enumerate(monthly)
    )
    result = validate(write_workbook(tmp_path / "return.xlsx", rows), today=TODAY)
    assert (result.period_start, result.period_end) == (date(2023, 4, 1), PERIOD_END)

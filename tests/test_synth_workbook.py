"""The synthetic council's workbooks: Ofsted's layout, the truth as it stood, the same bytes from the
same arguments, and every planted fault exactly where the manifest says."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from published_data import needs_benchmarks
from safeguard.annex_a.cells import CodeMatcher, Unreadable, clean_id
from safeguard.annex_a.reader import column_letter
from safeguard.annex_a.spec import LISTS, Kind, list_by_key
from safeguard.synth import CouncilHistory, Manifest, SynthConfig, generate, simulate
from safeguard.synth.faults import KINDS
from safeguard.synth.generation import extract_days
from safeguard.synth.workbook import written_row

END = date(2024, 12, 31)
SMALL = SynthConfig(population=4_000, years=1, end=END, seed=3)


def settings(**changes) -> SynthConfig:
    return SynthConfig(**{**SMALL.__dict__, **changes})


@pytest.fixture(scope="module")
def history() -> CouncilHistory:
    return simulate(SMALL)


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    return generate(settings(monthly=True), tmp_path_factory.mktemp("clean"))


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    return generate(settings(fault_rate=0.05), tmp_path_factory.mktemp("faulty"))


def sheets(path: Path) -> dict[str, list[list[object]]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}


def files(manifest: Manifest) -> list[str]:
    return [manifest.whole_history, *manifest.monthly, "manifest.json"]


def as_read(value: object) -> object:
    """A written value as python-calamine reads it back."""
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def test_same_arguments_write_the_same_bytes(clean: Manifest, tmp_path: Path) -> None:
    again = generate(settings(monthly=True), tmp_path)
    for name in files(clean):
        assert (clean.out_dir / name).read_bytes() == (again.out_dir / name).read_bytes(), name


def test_a_different_seed_makes_a_different_council(clean: Manifest, tmp_path: Path) -> None:
    other = generate(settings(seed=4), tmp_path)
    assert other.whole_history_path.read_bytes() != clean.whole_history_path.read_bytes()
    assert other.path.read_bytes() != clean.path.read_bytes()


def test_the_zip_parts_and_the_document_carry_fixed_dates(clean: Manifest) -> None:
    with zipfile.ZipFile(clean.whole_history_path) as workbook:
        stamps = {part.date_time for part in workbook.infolist()}
        core = workbook.read("docProps/core.xml").decode()
    assert len(stamps) == 1 and next(iter(stamps))[0] == 1980
    assert "2024-12-31T00:00:00Z" in core


def test_the_workbook_has_ofsteds_layout(clean: Manifest) -> None:
    workbook = sheets(clean.whole_history_path)
    assert list(workbook) == [f"List {number}" for number in range(1, 12)]
    for annex_list in LISTS:
        rows = workbook[annex_list.sheet]
        assert rows[0] == [column.header for column in annex_list.columns]
        assert len(rows) > 1, annex_list.sheet
        for index, column in enumerate(annex_list.columns):
            values = [row[index] for row in rows[1:] if row[index] != ""]
            if column.kind is Kind.ID:
                assert all(isinstance(value, str) and value.isdigit() for value in values)
            elif column.kind is Kind.DATE:
                assert all(isinstance(value, date) for value in values)
            elif column.kind is Kind.CODE:
                written = {code.written for code in column.code_list.codes}
                assert set(values) <= written, (annex_list.sheet, column.header)
                matcher = CodeMatcher(column.code_list)
                assert all(not isinstance(matcher.match(value), Unreadable) for value in set(values))
    contacts = workbook["List 1"]
    assert "q) 6: Police" in {row[6] for row in contacts[1:]}
    assert {"a) Male", "b) Female"} <= {row[1] for row in contacts[1:]}


def test_the_workbook_holds_the_truth_as_it_stood(clean: Manifest, history: CouncilHistory) -> None:
    truth = history.records(as_at=END, since=history.window_start)
    workbook = sheets(clean.whole_history_path)
    spellings = {column.code_list.name: {code.value: code.written for code in column.code_list.codes} for annex_list in LISTS for column in annex_list.columns if column.code_list}
    for annex_list in LISTS:
        rows = workbook[annex_list.sheet][1:]
        expected = [[as_read(value) for value in written_row(annex_list, record, spellings)] for record in truth[annex_list.key]]
        assert rows == expected, annex_list.sheet
        assert clean.rows[clean.whole_history][annex_list.key] == len(rows)


def test_a_monthly_workbook_shows_the_data_as_it_stood_that_day(clean: Manifest, history: CouncilHistory) -> None:
    days = extract_days(history.window_start, END)
    assert len(days) == 12
    assert clean.monthly == [f"monthly/annex_a_{day.isoformat()}.xlsx" for day in days]
    day = days[5]
    workbook = sheets(clean.out_dir / clean.monthly[5])
    for rows in workbook.values():
        assert all(value <= day for row in rows[1:] for value in row if isinstance(value, date))
    stood = history.records(as_at=day, since=date(day.year - 1, day.month + 1, 1) if day.month < 12 else date(day.year, 1, 1))
    for annex_list in LISTS:
        assert len(workbook[annex_list.sheet]) - 1 == len(stood[annex_list.key]), annex_list.sheet
    later = history.records(as_at=END, since=history.window_start)
    closed_later = [
        row for row in later["children_in_need"]
        if row["cin_closure_date"] is not None and row["cin_start_date"] <= day < row["cin_closure_date"]
    ]
    assert closed_later
    shown = {(row[0], row[6]): row for row in workbook["List 6"][1:]}
    for row in closed_later:
        then = shown[(row["child_id"], row["cin_start_date"])]
        assert then[9] == "" and then[11] != "e) Closed episode"


@needs_benchmarks
def test_the_manifest_records_what_was_made(clean: Manifest) -> None:
    saved = json.loads(clean.path.read_text())
    assert saved["arguments"]["end"] == "2024-12-31" and saved["seed"] == 3
    assert list(saved["population_by_mid_year"]) == ["2023", "2024"]
    assert saved["population_by_mid_year"]["2024"] == 4000
    assert saved["files"]["whole_history"] == "annex_a_whole_history.xlsx"
    assert len(saved["files"]["monthly"]) == 12
    teams = {team["name"] for team in saved["teams"]}
    assert all(worker["team"] in teams for worker in saved["workers"])
    assert not saved["calibration"]["approximate"]
    assert str(clean.out_dir) not in clean.path.read_text()


@pytest.fixture(scope="module")
def read_back(faulty: Manifest) -> dict[str, list[list[object]]]:
    return sheets(faulty.whole_history_path)


def test_every_fault_is_where_the_manifest_says(faulty: Manifest, read_back) -> None:
    assert {fault.kind for fault in faulty.faults} == set(KINDS)
    for fault in faulty.faults:
        row = read_back[fault.sheet][fault.row - 1]
        index = [column_letter(number) for number in range(len(row))].index(fault.column)
        assert read_back[fault.sheet][0][index] == fault.header
        assert row[index] == as_read(fault.written_value), fault
        assert fault.written_value != fault.true_value or fault.kind == "duplicate_row"
        if fault.kind == "duplicate_row":
            assert row == read_back[fault.sheet][fault.row - 2]


def test_faults_touch_about_the_asked_share_of_rows(faulty: Manifest) -> None:
    for annex_list in LISTS:
        planted = [fault for fault in faulty.faults if fault.sheet == annex_list.sheet]
        duplicates = sum(1 for fault in planted if fault.kind == "duplicate_row")
        true_rows = faulty.rows[faulty.whole_history][annex_list.key] - duplicates
        assert len(planted) == round(0.05 * true_rows), annex_list.sheet


def test_only_the_recorded_cells_differ_from_the_clean_workbook(clean: Manifest, faulty: Manifest, read_back) -> None:
    truth = sheets(clean.whole_history_path)
    for annex_list in LISTS:
        planted = [fault for fault in faulty.faults if fault.sheet == annex_list.sheet]
        duplicated = {fault.row for fault in planted if fault.kind == "duplicate_row"}
        changed = {(fault.row, fault.column) for fault in planted if fault.kind != "duplicate_row"}
        written = read_back[annex_list.sheet]
        kept = [(number, row) for number, row in enumerate(written, start=1) if number not in duplicated]
        assert len(kept) == len(truth[annex_list.sheet])
        for (number, row), clean_row in zip(kept, truth[annex_list.sheet]):
            for index, (value, expected) in enumerate(zip(row, clean_row)):
                assert (value == expected) == ((number, column_letter(index)) not in changed), (annex_list.sheet, number, index)


def test_faults_are_the_kind_the_importer_must_catch_or_clean(faulty: Manifest) -> None:
    for fault in faulty.faults:
        annex_list = next(item for item in LISTS if item.sheet == fault.sheet)
        column = next(column for column in annex_list.columns if column.header == fault.header)
        if fault.kind == "harmless":
            assert fault.written_value != fault.true_value and clean_id(fault.written_value) == fault.true_value
        elif fault.kind == "invalid_code":
            assert isinstance(CodeMatcher(column.code_list).match(fault.written_value), Unreadable)
        elif fault.kind == "blank_required":
            assert column.required and fault.written_value is None
        elif fault.kind == "future_date":
            assert fault.written_value > END
        elif fault.kind in ("end_before_start", "before_birth"):
            assert fault.written_value < fault.true_value


def test_list_keys_and_sheets_match_the_specification() -> None:
    assert list_by_key("children_in_care").sheet == "List 8"

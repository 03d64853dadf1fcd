"""Every fault the synthetic council plants is found by `safeguard validate` at the cell the
manifest names, and nothing else in the file is an error.

This joins the two halves of the product's own test bed: the manifest is the known truth of
what is wrong, and the checker must report exactly that, in the whole-history workbook and in
each monthly extract.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from safeguard.annex_a.findings import Severity
from safeguard.annex_a.spec import LISTS
from safeguard.annex_a.validation import PERIOD_END_DATES, ValidationResult, validate
from safeguard.cli import run
from safeguard.synth import Manifest, SynthConfig, generate
from safeguard.synth.faults import KINDS

END = date(2024, 12, 31)
CHECKED_ON = date(2027, 1, 1)
"""After every planted date (at most 700 days past an extract): a date typed too late is then
in the past, so only the return's own period can show it is wrong."""

RULES_FOR_KIND = {
    "invalid_code": {"code", "code_optional"},
    "blank_required": {"required"},
    "unparseable_date": {"date_format"},
    "end_before_start": {"date_order"},
    "before_birth": {"before_birth", "care_before_birth"},
    "future_date": {"date_after_period"},
}
"""The rules that report each kind of cell fault (duplicated rows and harmless ids apart)."""


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    config = SynthConfig(population=4_000, years=1, end=END, seed=5, fault_rate=0.04, monthly=True)
    return generate(config, tmp_path_factory.mktemp("planted"))


@pytest.fixture(scope="module")
def checked(planted: Manifest) -> dict[str, ValidationResult]:
    files = [planted.whole_history, *planted.monthly]
    return {name: validate(planted.out_dir / name, today=CHECKED_ON) for name in files}


def rules_by_cell(result: ValidationResult) -> dict[tuple[str | None, int | None, str | None], set[str]]:
    found: dict[tuple[str | None, int | None, str | None], set[str]] = defaultdict(set)
    for item in result.findings:
        found[(item.sheet, item.row, item.column)].add(item.rule)
    return found


def test_the_council_has_every_kind_of_fault_in_every_file(planted: Manifest) -> None:
    assert {fault.kind for fault in planted.faults} == set(KINDS)
    assert {fault.file for fault in planted.faults} == {planted.whole_history, *planted.monthly}


def last_event_by(result: ValidationResult, extract_day: date) -> date:
    """The latest contact, early help, referral, assessment or S47 date up to the extract day."""
    return max(
        day
        for list_key, column_key in PERIOD_END_DATES
        for day in result.tables[list_key].column(column_key).to_pylist()
        if day is not None and day <= extract_day
    )


def test_each_file_s_period_ends_at_its_extract_despite_dates_typed_after_it(planted: Manifest, checked) -> None:
    extracts = {planted.whole_history: END} | {name: date.fromisoformat(name[-15:-5]) for name in planted.monthly}
    assert len(extracts) == 13
    for name, extract_day in extracts.items():
        stray = [fault for fault in planted.faults if fault.file == name and fault.kind == "future_date"]
        assert stray, name
        assert checked[name].period_end == last_event_by(checked[name], extract_day), name


def test_every_cell_fault_is_found_at_its_cell_by_its_rule(planted: Manifest, checked) -> None:
    cells = {name: rules_by_cell(result) for name, result in checked.items()}
    for fault in planted.faults:
        if fault.kind in RULES_FOR_KIND:
            found = cells[fault.file].get((fault.sheet, fault.row, fault.column), set())
            assert found & RULES_FOR_KIND[fault.kind], fault


def test_every_repeated_row_is_found_and_points_at_the_first_copy(planted: Manifest, checked) -> None:
    for fault in (fault for fault in planted.faults if fault.kind == "duplicate_row"):
        found = [
            item
            for item in checked[fault.file].findings
            if item.rule == "duplicate_row" and (item.sheet, item.row) == (fault.sheet, fault.row)
        ]
        assert len(found) == 1, fault
        assert f"repeats row {fault.row - 1} exactly" in found[0].message


def test_harmless_ids_are_cleaned_without_a_finding(planted: Manifest, checked) -> None:
    harmless = [fault for fault in planted.faults if fault.kind == "harmless"]
    assert harmless
    keys = {annex_list.sheet: annex_list.key for annex_list in LISTS}
    for fault in harmless:
        result = checked[fault.file]
        assert (fault.sheet, fault.row, fault.column) not in rules_by_cell(result), fault
        table = result.tables[keys[fault.sheet]]
        position = table.column("source_row").to_pylist().index(fault.row)
        assert table.column("child_id")[position].as_py() == fault.true_value


def test_no_error_is_found_where_nothing_was_planted(planted: Manifest, checked) -> None:
    """Queries can follow from a fault (a blanked date leaves a plan without its conference), but
    an error anywhere else would mean the generator writes returns the checker rejects."""
    faulty_rows = {(fault.file, fault.sheet, fault.row) for fault in planted.faults}
    for name, result in checked.items():
        for item in result.errors:
            assert (name, item.sheet, item.row) in faulty_rows, item


def test_the_command_line_report_names_the_manifest_s_cells(planted: Manifest, tmp_path: Path) -> None:
    """The same join through `safeguard validate --report`, as an analyst would run it."""
    report = tmp_path / "report"
    assert run(["validate", str(planted.whole_history_path), "--report", str(report), "--show", "0"]) == 1
    saved = json.loads((report / "findings.json").read_text(encoding="utf-8"))
    reported = {(item["sheet"], item["row"], item["column"]) for item in saved["findings"] if item["severity"] == "error"}
    errors_planted = {
        (fault.sheet, fault.row, fault.column)
        for fault in planted.faults
        if fault.file == planted.whole_history and fault.kind in {"blank_required", "unparseable_date", "end_before_start"}
    }
    assert errors_planted and errors_planted <= reported
    assert saved["summary"][Severity.ERROR.value]

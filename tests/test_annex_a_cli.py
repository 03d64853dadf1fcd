"""`safeguard validate FILE [--report DIR]`: what the analyst sees (findings by sheet and kind, then
each one at its cell), the report saved only where asked, the filters, the exit status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annex_a_support import valid_return, write_workbook
from safeguard.cli import run


@pytest.fixture(autouse=True)
def wide_and_isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFEGUARD_HOME", str(tmp_path / "store"))
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.chdir(tmp_path)


def invoke(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = run(arguments)
    return status, capsys.readouterr().out


def test_a_clean_return_is_acceptable_and_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_workbook(tmp_path / "Annex A 2024.xlsx")
    status, out = invoke(["validate", str(path), "--report", str(tmp_path / "checks")], capsys)
    assert status == 0
    assert out.rstrip().splitlines()[-1].startswith("ACCEPTABLE: Annex A 2024.xlsx has no errors")
    assert "rows read per list: list 1 2, list 2 1, list 3 2" in out
    assert json.loads((tmp_path / "checks" / "findings.json").read_text())["findings"] == []
    assert (tmp_path / "checks" / "findings.csv").read_text(encoding="utf-8-sig").startswith("severity,rule,file")
    assert (tmp_path / "checks" / "findings.xlsx").is_file()
    assert not (tmp_path / "store").exists()


def test_a_return_with_errors_is_not_acceptable_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = valid_return()
    rows["children_in_need"][0]["primary_need"] = "PSRMEM - Support with memory and cognition"
    rows["children_in_care"][0]["placement_postcode"] = "nope"
    path = write_workbook(tmp_path / "Annex A 2024.xlsx", rows)
    status, out = invoke(["validate", str(path), "--report", str(tmp_path / "checks")], capsys)
    assert status == 1
    assert "List 6, cell H2" not in out, "the detail names the cell as Excel does, under its sheet's heading"
    assert "List 6: Children in need: 1 error and 0 queries" in out
    assert "│ H2 " in out and "PSRMEM - Support with memory and cognition" in out
    assert "Found 1 error and 1 query." in " ".join(out.split())
    assert out.rstrip().splitlines()[-1] == (
        "NOT ACCEPTABLE: Annex A 2024.xlsx has 1 error to fix before it can be imported (1 query worth a look)."
    )
    saved = json.loads((tmp_path / "checks" / "findings.json").read_text())
    assert [(item["rule"], item["sheet"], item["row"], item["column"]) for item in saved["findings"]] == [
        ("code", "List 6", 2, "H"),
        ("postcode", "List 8", 2, "Y"),
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.xlsx", None, "There is no file or folder called missing.xlsx."),
        ("empty.xlsx", b"", "empty.xlsx is empty (0 bytes): nothing was saved into it."),
        ("list1.xlsx", b"Child Unique ID,Gender\n1,b) Female\n", "list1.xlsx is a CSV text file, not an Excel workbook"),
    ],
)
def test_a_file_that_is_not_a_return_gets_one_clear_line_and_no_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes | None, message: str
) -> None:
    if content is not None:
        (tmp_path / name).write_bytes(content)
    status = run(["validate", name])
    captured = capsys.readouterr()
    assert status == 1
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
    assert captured.err.startswith(f"Error: {message}")
    assert not (tmp_path / "validation-report").exists()


def test_the_screen_shows_only_as_many_findings_as_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = valid_return()
    for record in rows["referrals"]:
        record.update(team=None, worker=None)
    status, out = invoke(["validate", str(write_workbook(tmp_path / "a.xlsx", rows)), "--show", "1"], capsys)
    assert status == 1
    assert "Showing 1 of 4 findings, errors first." in out
    assert "Findings by kind" in out, "the summary counts every finding, whatever --show says"


def test_help_says_nothing_is_saved_without_report(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = invoke(["validate", "--help"], capsys)
    assert status == 0
    assert "Without it, nothing is saved." in " ".join(out.replace("│", " ").split())


def test_nothing_is_written_anywhere_unless_a_report_folder_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = valid_return()
    rows["children_in_need"][0]["primary_need"] = "PSRMEM"
    path = write_workbook(tmp_path / "return.xlsx", rows)
    before = sorted(entry.name for entry in tmp_path.iterdir())
    status, _ = invoke(["validate", str(path)], capsys)
    assert status == 1
    assert sorted(entry.name for entry in tmp_path.iterdir()) == before, "the current folder is left alone"


def blank_teams_and_a_bad_postcode(tmp_path: Path) -> Path:
    """Two blank teams and two blank workers on list 3 (4 errors), one bad postcode on list 8 (1 query)."""
    rows = valid_return()
    for record in rows["referrals"]:
        record.update(team=None, worker=None)
    rows["children_in_care"][0]["placement_postcode"] = "nope"
    return write_workbook(tmp_path / "return.xlsx", rows)


def test_the_summary_comes_by_sheet_and_by_kind_in_plain_words_before_the_detail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = invoke(["validate", str(blank_teams_and_a_bad_postcode(tmp_path))], capsys)
    assert status == 1
    lines = [" ".join(line.replace("│", " ").split()) for line in out.splitlines()]
    assert "List 3: Referrals 4 0" in lines and "List 8: Children in care 0 1" in lines
    assert "A required field is blank error 4 required List 3" in lines
    assert "A postcode that does not look like one query 1 postcode List 8" in lines
    assert out.index("Findings by sheet") < out.index("Findings by kind") < out.index("List 3: Referrals: 4 errors and 0 queries")
    assert out.index("List 3: Referrals: 4 errors") < out.index("List 8: Children in care: 0 errors and 1 query")


@pytest.mark.parametrize(
    ("options", "sheets"),
    [
        (["--severity", "query"], ["List 8: Children in care: 0 errors and 1 query"]),
        (["--sheet", "3"], ["List 3: Referrals: 4 errors and 0 queries"]),
        (["--sheet", "children_in_care", "--rule", "postcode"], ["List 8: Children in care: 0 errors and 1 query"]),
    ],
)
def test_filters_choose_the_findings_shown_and_the_report_keeps_them_all(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], sheets: list[str]
) -> None:
    path = blank_teams_and_a_bad_postcode(tmp_path)
    status, out = invoke(["validate", str(path), *options, "--report", str(tmp_path / "checks")], capsys)
    assert status == 1
    shown = [heading for heading in ("List 3: Referrals: 4 errors and 0 queries", "List 8: Children in care: 0 errors and 1 query") if heading in out]
    assert shown == sheets
    assert len(json.loads((tmp_path / "checks" / "findings.json").read_text())["findings"]) == 5


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--sheet", "12"], "Error: --sheet '12' is not a list: give its number (1 to 11), its key (such as referrals), or 'file'."),
        (["--severity", "warning"], "Error: --severity 'warning' is not a severity: give 'error' or 'query'."),
    ],
)
def test_a_filter_that_means_nothing_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    status = run(["validate", str(blank_teams_and_a_bad_postcode(tmp_path)), *options])
    captured = capsys.readouterr()
    assert status == 1 and captured.out == ""
    assert captured.err.strip() == message

"""`safeguard validate FILE [--report DIR]`: what the analyst sees, the saved report, the exit status."""

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
    assert not (tmp_path / "store").exists()


def test_a_return_with_errors_is_not_acceptable_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = valid_return()
    rows["children_in_need"][0]["primary_need"] = "PSRMEM - Support with memory and cognition"
    rows["children_in_care"][0]["placement_postcode"] = "nope"
    path = write_workbook(tmp_path / "Annex A 2024.xlsx", rows)
    status, out = invoke(["validate", str(path)], capsys)
    assert status == 1
    assert "List 6, cell H2" in out and "PSRMEM - Support with memory and cognition" in out
    assert "Found: 1 error (code 1); 1 query (postcode 1)." in " ".join(out.split())
    assert out.rstrip().splitlines()[-1] == (
        "NOT ACCEPTABLE: Annex A 2024.xlsx has 1 error to fix before it can be imported (1 query worth a look)."
    )
    saved = json.loads((tmp_path / "validation-report" / "findings.json").read_text())
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


def test_help_names_the_default_report_folder(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = invoke(["validate", "--help"], capsys)
    assert status == 0
    assert "validation-report" in out

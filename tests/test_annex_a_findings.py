"""The findings report: the CSV an analyst opens in Excel, the JSON, the workbook, the groups by
sheet and kind, and what the command line prints."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from python_calamine import CalamineWorkbook
from rich.console import Console

from safeguard.annex_a.finding_groups import WHOLE_FILE, FindingFilter, overview
from safeguard.annex_a.findings import FIELDS, Finding, Severity, summary, write_csv, write_json
from safeguard.annex_a.findings_workbook import write_findings_workbook
from safeguard.cli.findings import render_findings

FINDINGS = [
    Finding(
        "postcode",
        Severity.QUERY,
        "'nope' is not a UK postcode.",
        "a.xlsx",
        "List 8",
        3,
        "Y",
        "Placement postcode",
        "nope",
        "children_in_care",
    ),
    Finding(
        "code",
        Severity.ERROR,
        "'PSRMEM' is not allowed.",
        "a.xlsx",
        "List 6",
        2,
        "H",
        "Primary Need Code",
        "PSRMEM",
        "children_in_need",
    ),
    Finding(
        "required",
        Severity.ERROR,
        "Allocated Team is blank.",
        "a.xlsx",
        "List 10",
        5,
        "M",
        "Allocated Team",
        "",
        "adoption",
    ),
    Finding("formula", Severity.QUERY, "Formula.", "a.xlsx", "List 10", 2, "AB", "Date", "=SUM(A1)", "adoption"),
    Finding("missing_optional_sheet", Severity.QUERY, "List 2 is missing.", "a.xlsx", list_key="early_help"),
]


def test_the_summary_counts_by_severity_and_rule() -> None:
    assert summary(FINDINGS) == {
        "error": {"code": 1, "required": 1},
        "query": {"formula": 1, "missing_optional_sheet": 1, "postcode": 1},
    }


def test_findings_are_grouped_by_sheet_then_kind_errors_first() -> None:
    grouped = overview(FINDINGS)
    assert [(group.key, group.label, group.errors, group.queries) for group in grouped.sheets] == [
        ("early_help", "List 2: Early help assessments", 0, 1),
        ("children_in_need", "List 6: Children in need", 1, 0),
        ("children_in_care", "List 8: Children in care", 0, 1),
        ("adoption", "List 10: Children with an adoption decision", 1, 1),
    ]
    assert [(kind.title, kind.count) for kind in grouped.sheets[-1].kinds] == [
        ("A required field is blank", 1),
        ("A formula instead of a value", 1),
    ]
    assert [(kind.rule, kind.sheets) for kind in grouped.kinds][:2] == [
        ("required", ("List 10: Children with an adoption decision",)),
        ("code", ("List 6: Children in need",)),
    ], "errors first, then the most frequent, then by name"


def test_a_filter_keeps_the_choices_and_drops_the_rest() -> None:
    chosen = FindingFilter.from_query({"severity": "query", "sheet": "adoption", "rule": ""})
    assert (chosen.sheet, chosen.severity, chosen.rule) == ("adoption", Severity.QUERY, None)
    assert chosen.as_query() == {"sheet": "adoption", "severity": "query"}
    grouped = overview(FINDINGS, chosen)
    assert (grouped.total, grouped.shown) == (5, 1)
    assert [group.key for group in grouped.sheets] == ["adoption"]
    assert len(grouped.sheet_choices) == 4, "the choices come from every finding, not the filtered ones"
    assert FindingFilter.from_query({"severity": "serious"}).severity is None
    whole_file = Finding("period_mismatch", Severity.QUERY, "Named for another month.", "a.xlsx")
    assert [group.key for group in overview([whole_file]).sheets] == [WHOLE_FILE]


def test_the_workbook_has_each_finding_at_its_cell_and_nothing_that_runs(tmp_path: Path) -> None:
    dangerous = [
        Finding("code", Severity.ERROR, "-1 is not allowed.", "a.xlsx", "List 1", 4, "B", "Gender", value, "contacts")
        for value in ("=1+1", "+44 20 7946 0000", "-1", "@SUM(A1)")
    ]
    path = tmp_path / "findings.xlsx"
    write_findings_workbook(FINDINGS + dangerous, path)
    book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == ["Summary", "Findings"]
    header, *rows = book.get_sheet_by_name("Findings").to_python()
    assert header == ["Severity", "Sheet", "Cell", "Row", "Column header", "Value", "Problem", "Kind of problem", "Rule",
                      "List", "File"]
    first = rows[0]
    assert first[:6] == ["error", "List 1", "B4", 4.0, "Gender", "'=1+1"]
    assert first[6] == "'-1 is not allowed.", "messages quote values too"
    assert [row[5] for row in rows[:4]] == ["'=1+1", "'+44 20 7946 0000", "'-1", "'@SUM(A1)"]
    psrmem = next(row for row in rows if row[5] == "PSRMEM")
    assert psrmem[:4] == ["error", "List 6", "H2", 2.0] and psrmem[7:9] == ["A value not allowed in a required field", "code"]
    assert next(row for row in rows if row[8] == "missing_optional_sheet")[2] == "", "a whole-list finding has no cell"
    summary_rows = book.get_sheet_by_name("Summary").to_python()
    assert ["List 1: Contacts", "", 4.0, 0.0, 4.0, ""] in summary_rows
    assert ["List 1: Contacts", "A value not allowed in a required field", "error", "", 4.0, "code"] in summary_rows


def test_the_screen_lists_a_summary_then_errors_first_sheet_by_sheet() -> None:
    console = Console(file=io.StringIO(), width=160, color_system=None)
    render_findings(FINDINGS, console, limit=3)
    out = console.file.getvalue()
    assert out.index("Findings by sheet") < out.index("Findings by kind") < out.index("List 6: Children in need: 1 error")
    assert out.index("List 6: Children in need: 1 error") < out.index("List 10: Children with an adoption decision: 1 error")
    assert "List 8: Children in care: 0 errors and 1 query" not in out, "past the limit"
    assert "Showing 3 of 5 findings, errors first." in out
    assert out.rstrip().endswith("Found 2 errors and 3 queries.")


def test_values_are_never_read_as_markup() -> None:
    console = Console(file=io.StringIO(), width=160, color_system=None)
    render_findings(
        [
            Finding(
                "code", Severity.ERROR, "Bad [bold]x[/bold]", "a.xlsx", "List 1", 2, "B", "Gender", "[red]M", "contacts"
            )
        ],
        console,
        limit=None,
    )
    assert "[red]M" in console.file.getvalue() and "[bold]x[/bold]" in console.file.getvalue()


def test_the_csv_has_every_field_and_escapes_formulas(tmp_path: Path) -> None:
    path = tmp_path / "out" / "findings.csv"
    write_csv(FINDINGS, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == FIELDS
    assert [(row["severity"], row["sheet"], row["row"], row["column"]) for row in rows] == [
        ("error", "List 6", "2", "H"),
        ("error", "List 10", "5", "M"),
        ("query", "", "", ""),
        ("query", "List 8", "3", "Y"),
        ("query", "List 10", "2", "AB"),
    ]
    assert rows[-1]["value"] == "'=SUM(A1)"


def test_the_json_round_trips_to_findings(tmp_path: Path) -> None:
    path = tmp_path / "findings.json"
    write_json(FINDINGS, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["summary"] == summary(FINDINGS)
    restored = [Finding(**{**item, "severity": Severity(item["severity"])}) for item in document["findings"]]
    assert sorted(restored, key=repr) == sorted(FINDINGS, key=repr)
    assert document["findings"][0]["value"] == "PSRMEM"


def test_a_clean_report_says_so() -> None:
    console = Console(file=io.StringIO(), width=160, color_system=None)
    render_findings([], console, limit=None)
    assert console.file.getvalue() == "No problems found.\n"

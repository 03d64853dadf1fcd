"""The findings report: the table on screen, the CSV an analyst opens in Excel, and the JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from rich.console import Console

from safeguard.annex_a.findings import (
    FIELDS,
    Finding,
    Severity,
    render_table,
    summary,
    summary_line,
    write_csv,
    write_json,
)

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
    assert (
        summary_line(FINDINGS)
        == "2 errors (code 1, required 1); 3 queries (formula 1, missing_optional_sheet 1, postcode 1)"
    )
    assert summary_line(FINDINGS[:1]) == "0 errors; 1 query (postcode 1)"


def test_the_table_lists_errors_first_in_list_order_then_the_counts() -> None:
    console = Console(file=io.StringIO(), width=160, color_system=None)
    render_table(FINDINGS, console, limit=3)
    out = console.file.getvalue()
    assert out.index("List 6, cell H2") < out.index("List 10, cell M5") < out.index("a.xlsx")
    assert "List 8" not in out
    assert "Showing 3 of 5 findings, errors first." in out
    assert out.rstrip().endswith("missing_optional_sheet 1, postcode 1).")


def test_values_are_never_read_as_markup() -> None:
    console = Console(file=io.StringIO(), width=160, color_system=None)
    render_table(
        [
            Finding(
                "code", Severity.ERROR, "Bad [bold]x[/bold]", "a.xlsx", "List 1", 2, "B", "Gender", "[red]M", "contacts"
            )
        ],
        console,
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
    render_table([], console)
    assert console.file.getvalue() == "No problems found.\n"

"""Every validation rule, failing where it should and silent where it should, at the right cell.

Each test starts from `valid_return()` (which must give no finding at all), changes one thing, and
checks the finding it causes: rule, severity, sheet, Excel row and column letter.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from annex_a_support import PERIOD_END, TODAY, Rows, valid_return, write_csv_folder, write_workbook
from safeguard.annex_a.findings import Finding, Severity
from safeguard.annex_a.reader import column_letter
from safeguard.annex_a.rules import RULES
from safeguard.annex_a.spec import list_by_key
from safeguard.annex_a.validation import ValidationResult, validate


def check(tmp_path: Path, rows: Rows | None = None, **options: object) -> ValidationResult:
    return validate(write_workbook(tmp_path / "return.xlsx", rows, **options), today=TODAY)  # type: ignore[arg-type]


def letter(list_key: str, column_key: str) -> str:
    """The column letter of a column when a list is written in the specification's order."""
    columns = list_by_key(list_key).columns
    return column_letter([column.key for column in columns].index(column_key))


def places(result: ValidationResult, rule: str) -> list[tuple[str | None, int | None, str | None]]:
    return [(item.sheet, item.row, item.column) for item in result.findings if item.rule == rule]


def only(result: ValidationResult, rule: str) -> Finding:
    found = [item for item in result.findings if item.rule == rule]
    assert len(found) == 1, result.findings
    return found[0]


def test_the_valid_return_has_no_findings_at_all(tmp_path: Path) -> None:
    result = check(tmp_path)
    assert result.findings == []
    assert not result.has_errors


def test_the_valid_return_as_csv_files_has_no_findings_either(tmp_path: Path) -> None:
    result = validate(write_csv_folder(tmp_path / "csv"), today=TODAY)
    assert result.findings == []


def test_every_rule_has_a_severity_and_its_reasons() -> None:
    for rule in RULES.values():
        assert rule.severity in (Severity.ERROR, Severity.QUERY)
        assert rule.checks and rule.why
        assert rule.title and rule.title[0].isupper() and not rule.title.endswith("."), "a plain name for the kind"


# Lists and columns


def test_a_missing_required_list_is_an_error(tmp_path: Path) -> None:
    rows = valid_return()
    del rows["children_in_need"]
    result = check(tmp_path, rows)
    found = only(result, "missing_sheet")
    assert found.severity is Severity.ERROR and found.list_key == "children_in_need"
    assert "List 6" in found.message


@pytest.mark.parametrize("list_key", ["early_help", "care_leavers", "adoption", "adopters"])
def test_a_missing_optional_list_is_only_a_query(tmp_path: Path, list_key: str) -> None:
    rows = valid_return()
    del rows[list_key]
    result = check(tmp_path, rows)
    assert [item.rule for item in result.findings] == ["missing_optional_sheet"]
    assert not result.has_errors


def test_a_second_copy_of_a_list_and_an_extra_sheet_are_queries(tmp_path: Path) -> None:
    contacts = list_by_key("contacts")
    copy = [[column.header for column in contacts.columns], ["C1001", "b) Female", "a) WBRI"]]
    result = check(tmp_path, extra_sheets={"List 1 (copy)": copy, "Guidance": [["Read me first"]]})
    assert places(result, "duplicate_sheet") == [("List 1 (copy)", None, None)]
    assert places(result, "unrecognised_sheet") == [("Guidance", None, None)]
    assert not result.has_errors


def test_a_sheet_without_headers_is_an_error(tmp_path: Path) -> None:
    numbered = {column.key: f"Field {n}" for n, column in enumerate(list_by_key("contacts").columns)}
    result = check(tmp_path, headers={"contacts": numbered})
    assert places(result, "missing_header") == [("List 1", None, None)]
    assert result.row_counts["contacts"] == 0


def test_a_missing_required_column_is_an_error_and_a_missing_optional_one_a_query(tmp_path: Path) -> None:
    order = ["child_id", "gender", "ethnicity", "age", "contact_source"]
    result = check(tmp_path, orders={"contacts": order})
    assert [(item.rule, item.severity) for item in result.findings if item.list_key == "contacts"] == [
        ("missing_column", Severity.ERROR),
        ("missing_optional_column", Severity.QUERY),
    ]
    assert "Date of Contact" in only(result, "missing_column").message


def test_a_repeated_column_is_a_query_and_only_the_first_is_read(tmp_path: Path) -> None:
    keys = [column.key for column in list_by_key("contacts").columns]
    rows = valid_return()
    result = check(tmp_path, rows, orders={"contacts": keys + ["gender"]})
    assert places(result, "duplicate_column") == [("List 1", 1, "H")]
    assert result.tables["contacts"].column("gender").to_pylist() == ["2", "1"]


def test_an_unknown_header_is_a_query_naming_it(tmp_path: Path) -> None:
    result = check(tmp_path, headers={"contacts": {"age": "Locality"}})
    found = only(result, "unknown_column")
    assert (found.sheet, found.row, found.column, found.header) == ("List 1", 1, "E", "Locality")
    assert only(result, "missing_optional_column").severity is Severity.QUERY


def test_a_required_list_with_no_rows_is_a_query(tmp_path: Path) -> None:
    rows = valid_return()
    rows["early_help"] = []
    rows["assessments"] = []
    result = check(tmp_path, rows)
    assert places(result, "empty_list") == [("List 4", None, None)]


# Cells


def test_a_blank_required_field_is_an_error_at_its_cell(tmp_path: Path) -> None:
    rows = valid_return()
    rows["referrals"][1]["team"] = "   "
    rows["referrals"][0]["worker"] = "#N/A"
    result = check(tmp_path, rows)
    assert places(result, "required") == [
        ("List 3", 2, letter("referrals", "worker")),
        ("List 3", 3, letter("referrals", "team")),
    ]
    assert {item.severity for item in result.findings} == {Severity.ERROR}


def test_blank_optional_fields_are_fine(tmp_path: Path) -> None:
    rows = valid_return()
    rows["contacts"][0]["date_of_birth"] = None
    rows["contacts"][0]["age"] = "N/A"
    rows["child_protection_plans"][0]["seen_alone"] = "NULL"
    assert check(tmp_path, rows).findings == []


def test_an_unreadable_date_is_an_error(tmp_path: Path) -> None:
    rows = valid_return()
    rows["contacts"][1]["contact_date"] = "31/02/2024"
    rows["children_in_need"][0]["cin_start_date"] = "13/4/23"
    result = check(tmp_path, rows)
    assert places(result, "date_format") == [
        ("List 1", 3, "F"),
        ("List 6", 2, letter("children_in_need", "cin_start_date")),
    ]
    assert [item.severity for item in result.findings] == [Severity.ERROR, Severity.ERROR]
    assert "not a real calendar date" in result.findings[0].message
    assert "two-digit year" in result.findings[1].message


def test_dates_as_text_serials_and_iso_are_all_fine(tmp_path: Path) -> None:
    rows = valid_return()
    rows["contacts"][0]["contact_date"] = "01/04/2023"
    rows["referrals"][0]["referral_date"] = "2023-04-12"
    rows["assessments"][0]["assessment_start_date"] = 45029  # 13/04/2023 as a plain number
    result = check(tmp_path, rows)
    assert result.findings == []
    assert result.tables["assessments"].column("assessment_start_date").to_pylist() == [date(2023, 4, 13)]


def test_a_count_that_is_not_a_whole_number_is_an_error(tmp_path: Path) -> None:
    rows = valid_return()
    rows["referrals"][0]["referrals_last_12_months"] = 2.5
    rows["child_protection_plans"][0]["previous_plans"] = "one"
    rows["children_in_care"][0]["missing_episodes"] = "3.0"
    result = check(tmp_path, rows)
    assert places(result, "integer") == [
        ("List 3", 2, letter("referrals", "referrals_last_12_months")),
        ("List 7", 2, letter("child_protection_plans", "previous_plans")),
    ]
    assert result.tables["children_in_care"].column("missing_episodes").to_pylist() == [3]


def test_a_value_outside_its_code_list_is_an_error_in_a_required_field_and_a_query_in_an_optional_one(
    tmp_path: Path,
) -> None:
    rows = valid_return()
    rows["children_in_need"][0]["primary_need"] = "PSRMEM - Support with memory and cognition"
    rows["assessments"][0]["child_seen"] = "Maybe"
    result = check(tmp_path, rows)
    code = only(result, "code")
    assert (code.severity, code.sheet, code.row, code.column) == (Severity.ERROR, "List 6", 2, "H")
    assert code.value == "PSRMEM - Support with memory and cognition"
    optional = only(result, "code_optional")
    assert (optional.severity, optional.sheet, optional.column) == (
        Severity.QUERY,
        "List 4",
        letter("assessments", "child_seen"),
    )
    assert result.tables["assessments"].column("child_seen").to_pylist() == [None]


def test_codes_written_in_other_ways_are_fine(tmp_path: Path) -> None:
    rows = valid_return()
    rows["contacts"][0].update(gender="Female", ethnicity="WBRI", contact_source="6")
    rows["children_in_need"][0]["primary_need"] = "N1 - Abuse or Neglect"
    rows["children_in_care"][0].update(legal_status="C2: FCO", placement_provider="e) PR1 - Own provision", uasc="No")
    rows["referrals"][0]["referral_nfa"] = "No"
    result = check(tmp_path, rows)
    assert result.findings == []
    assert result.tables["children_in_care"].column("legal_status").to_pylist() == ["C2"]


def test_a_postcode_that_is_not_one_is_a_query(tmp_path: Path) -> None:
    rows = valid_return()
    rows["children_in_care"][0]["placement_postcode"] = "nope"
    found = only(check(tmp_path, rows), "postcode")
    assert (found.severity, found.sheet, found.row, found.column, found.value) == (
        Severity.QUERY,
        "List 8",
        2,
        "Y",
        "nope",
    )


@pytest.mark.parametrize("postcode", ["AB1 2CD", "ab12cd", "SW1A 1AA", "T28", "M1 1AE"])
def test_full_postcodes_and_their_first_half_are_fine(tmp_path: Path, postcode: str) -> None:
    rows = valid_return()
    rows["children_in_care"][0]["placement_postcode"] = postcode
    assert places(check(tmp_path, rows), "postcode") == []


def test_a_formula_is_a_query_and_its_cached_value_is_used(tmp_path: Path) -> None:
    result = check(tmp_path, formulas={("adoption", 0, "placed_date"): ("=K2+30", 44531)})
    found = only(result, "formula")
    assert (found.severity, found.sheet, found.row, found.column) == (Severity.QUERY, "List 10", 2, "L")
    assert result.tables["adoption"].column("placed_date").to_pylist() == [date(2021, 12, 1)]


def test_a_formula_without_a_cached_value_is_blank(tmp_path: Path) -> None:
    result = check(tmp_path, formulas={("contacts", 0, "contact_date"): ("=TODAY()", "")})
    assert {item.rule for item in result.findings} == {"formula", "required"}
    assert "no calculated value" in only(result, "formula").message


# Within a list


def test_event_dates_before_1990_or_in_the_future_are_errors(tmp_path: Path) -> None:
    rows = valid_return()
    rows["child_protection_plans"][0]["last_visit_date"] = date(1989, 12, 31)
    rows["children_in_care"][0]["last_review_date"] = date(2030, 1, 1)
    result = check(tmp_path, rows)
    assert places(result, "date_range") == [
        ("List 7", 2, letter("child_protection_plans", "last_visit_date")),
        ("List 8", 2, letter("children_in_care", "last_review_date")),
    ]
    assert all(item.severity is Severity.ERROR for item in result.findings if item.rule == "date_range")


def test_excel_day_zero_in_a_date_column_is_an_unreadable_date(tmp_path: Path) -> None:
    rows = valid_return()
    rows["child_protection_plans"][0]["last_visit_date"] = 0  # shown by Excel as 00/01/1900
    found = only(check(tmp_path, rows), "date_format")
    assert (found.sheet, found.column) == ("List 7", letter("child_protection_plans", "last_visit_date"))
    assert "day 0" in found.message


def test_an_event_after_the_period_but_before_today_is_a_query(tmp_path: Path) -> None:
    rows = valid_return()
    rows["child_protection_plans"][0]["last_visit_date"] = date(2024, 4, 15)
    result = check(tmp_path, rows)
    found = only(result, "date_after_period")
    assert (found.sheet, found.row, found.severity) == ("List 7", 2, Severity.QUERY)
    assert "31/03/2024" in found.message
    assert result.period_end == PERIOD_END


def test_an_unlikely_date_of_birth_is_a_query(tmp_path: Path) -> None:
    rows = valid_return()
    rows["care_leavers"][0].update(date_of_birth=date(1985, 1, 1), age=None)
    found = only(check(tmp_path, rows), "birth_date")
    assert (found.sheet, found.column, found.severity) == ("List 9", "D", Severity.QUERY)


def test_an_end_before_its_start_is_an_error(tmp_path: Path) -> None:
    rows = valid_return()
    rows["assessments"][0]["assessment_authorised_date"] = date(2023, 4, 12)
    rows["children_in_care"][0]["placement_start_date"] = date(2020, 8, 1)
    rows["adopters"][0]["stage1_end_date"] = date(2021, 1, 10)
    result = check(tmp_path, rows)
    assert places(result, "date_order") == [
        ("List 4", 2, letter("assessments", "assessment_authorised_date")),
        ("List 8", 2, letter("children_in_care", "placement_start_date")),
        ("List 11", 2, letter("adopters", "stage1_end_date")),
    ]


def test_an_end_on_the_day_of_its_start_is_fine(tmp_path: Path) -> None:
    rows = valid_return()
    rows["assessments"][0]["assessment_authorised_date"] = date(2023, 4, 13)
    rows["s47_enquiries"][0]["icpc_date"] = date(2023, 4, 14)
    rows["child_protection_plans"][0]["cpp_start_date"] = date(2023, 4, 14)
    assert check(tmp_path, rows).findings == []


def test_steps_out_of_their_usual_order_are_queries(tmp_path: Path) -> None:
    rows = valid_return()
    rows["child_protection_plans"][0]["last_review_date"] = date(2023, 5, 1)
    rows["adoption"][0]["placed_date"] = date(2021, 10, 1)
    result = check(tmp_path, rows)
    assert places(result, "date_sequence") == [
        ("List 7", 2, letter("child_protection_plans", "last_review_date")),
        ("List 10", 2, letter("adoption", "placed_date")),
    ]
    assert not result.has_errors


def test_pre_birth_work_is_a_query_but_care_before_birth_is_an_error(tmp_path: Path) -> None:
    rows = valid_return()
    for list_key in (
        "contacts",
        "referrals",
        "assessments",
        "s47_enquiries",
        "children_in_need",
        "child_protection_plans",
    ):
        for record in rows[list_key]:
            if record["child_id"] == "C1001":
                record.update(date_of_birth=date(2023, 6, 1), age=0)
    rows["children_in_care"][0]["date_of_birth"] = date(2021, 1, 1)
    rows["children_in_care"][0]["age"] = 3
    result = check(tmp_path, rows)
    assert (letter("child_protection_plans", "cpp_start_date"), "List 7") in {
        (item.column, item.sheet) for item in result.findings if item.rule == "before_birth"
    }
    assert all(item.severity is Severity.QUERY for item in result.findings if item.rule == "before_birth")
    assert places(result, "care_before_birth") == [
        ("List 8", 2, letter("children_in_care", "care_start_date")),
        ("List 8", 2, letter("children_in_care", "legal_status_start_date")),
        ("List 8", 2, letter("children_in_care", "placement_start_date")),
    ]
    assert {item.severity for item in result.findings if item.rule == "care_before_birth"} == {Severity.ERROR}


@pytest.mark.parametrize(("age", "fits"), [(7, True), (8, True), (9, True), (12, False), (6.9, False)])
def test_an_age_that_does_not_fit_the_date_of_birth_is_a_query(tmp_path: Path, age: float, fits: bool) -> None:
    rows = valid_return()
    rows["contacts"][1]["age"] = age  # born 1 June 2015: 8 at the contact and at the period end
    result = check(tmp_path, rows)
    assert places(result, "age_mismatch") == ([] if fits else [("List 1", 3, "E")])


def test_a_repeated_row_is_a_query_pointing_at_the_first(tmp_path: Path) -> None:
    rows = valid_return()
    rows["contacts"].append(dict(rows["contacts"][0]))
    found = only(check(tmp_path, rows), "duplicate_row")
    assert (found.sheet, found.row, found.column, found.severity) == ("List 1", 4, "A", Severity.QUERY)
    assert "row 2" in found.message


def test_a_conference_both_held_and_deemed_unnecessary_is_a_query(tmp_path: Path) -> None:
    rows = valid_return()
    rows["s47_enquiries"][0]["icpc_not_required"] = "a) Yes"
    found = only(check(tmp_path, rows), "icpc_contradiction")
    assert (found.sheet, found.column) == ("List 5", letter("s47_enquiries", "icpc_date"))


# Across lists


def test_an_assessment_for_a_child_never_referred_is_a_query(tmp_path: Path) -> None:
    rows = valid_return()
    rows["assessments"].append({**rows["assessments"][0], "child_id": "C7777"})
    found = only(check(tmp_path, rows), "cross_list_assessment_without_referral")
    assert (found.sheet, found.row, found.column, found.value) == ("List 4", 3, "A", "C7777")


def test_an_assessment_started_before_the_period_needs_no_referral_in_it(tmp_path: Path) -> None:
    rows = valid_return()
    rows["assessments"].append(
        {**rows["assessments"][0], "child_id": "C7777", "assessment_start_date": date(2023, 3, 1)}
    )
    assert places(check(tmp_path, rows), "cross_list_assessment_without_referral") == []


def test_an_enquiry_about_a_child_unknown_to_lists_3_and_6_is_a_query(tmp_path: Path) -> None:
    rows = valid_return()
    rows["s47_enquiries"].append({**rows["s47_enquiries"][0], "child_id": "C8888", "icpc_outcome_plan": "b) No"})
    found = only(check(tmp_path, rows), "cross_list_s47_without_referral")
    assert (found.sheet, found.row, found.value) == ("List 5", 3, "C8888")


def test_a_plan_without_a_conference_is_a_query(tmp_path: Path) -> None:
    rows = valid_return()
    rows["child_protection_plans"].append({**rows["child_protection_plans"][0], "child_id": "C9999"})
    found = only(check(tmp_path, rows), "cross_list_cpp_without_icpc")
    assert (found.sheet, found.row, found.column) == ("List 7", 3, letter("child_protection_plans", "cpp_start_date"))


def test_a_plan_from_before_the_period_needs_no_conference_in_it(tmp_path: Path) -> None:
    rows = valid_return()
    rows["child_protection_plans"].append(
        {
            **rows["child_protection_plans"][0],
            "child_id": "C9999",
            "cpp_start_date": date(2022, 11, 1),
            "last_review_date": date(2023, 5, 1),
        }
    )
    assert check(tmp_path, rows).findings == []


def test_a_conference_that_made_a_plan_missing_from_list_7_is_a_query(tmp_path: Path) -> None:
    rows = valid_return()
    rows["child_protection_plans"] = []
    result = check(tmp_path, rows)
    found = only(result, "cross_list_icpc_plan_without_cpp")
    assert (found.sheet, found.row, found.column) == ("List 5", 2, letter("s47_enquiries", "icpc_outcome_plan"))
